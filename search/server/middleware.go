package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"
)

// recorder remembers the status and size of a response for the access log
// and the metrics.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(p)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's Flush and
// deadlines through the recorder.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Access logging without --access-log: every failed or slow request, and one
// in accessLogSample of the others, so that a busy server does not spend its
// time writing a line per request (and the log still shows it is serving).
const (
	accessLogSample = 1000
	slowRequest     = time.Second
)

// observe wraps every request: it turns a panic into a 500, writes the access
// log line (see Config.AccessLog) and feeds the search metrics. The log line
// deliberately has no client address, user agent or query string: search text
// is personal data, and the analytics store is where queries belong.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setSecurityHeaders(w.Header(), s.settings().headers)
		if s.stopping.Load() {
			// Draining: each answer closes its connection, so a proxy is
			// left with no idle one that shutdown could close just as it
			// sends a request there (which nginx retries for a GET, not
			// for a vote).
			w.Header().Set("Connection", "close")
		}
		rec := &recorder{ResponseWriter: w}
		start := time.Now()
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p) // net/http's own way to drop a connection
				}
				s.log.Error("panic serving request", "method", r.Method, "path", r.URL.Path,
					"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if rec.status == 0 {
					writeError(rec, http.StatusInternalServerError, "internal error")
				} else {
					rec.status = http.StatusInternalServerError // for the log; the client got a cut-off answer
				}
			}
			if rec.status == 0 {
				rec.status = http.StatusOK
			}
			d := time.Since(start)
			if r.URL.Path == "/api/search" {
				s.metrics.observeSearch(rec.status, d)
			}
			n := s.requests.Add(1)
			if !s.cfg.AccessLog && rec.status < 500 && d < slowRequest && n%accessLogSample != 1 {
				return
			}
			// Probes arrive every few seconds from every balancer; keep
			// them out of the default log level.
			level := slog.LevelInfo
			switch r.URL.Path {
			case "/healthz", "/readyz", "/metrics":
				level = slog.LevelDebug
			}
			s.log.LogAttrs(context.Background(), level, "http request",
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", rec.status),
				slog.Duration("duration", d),
				slog.Int64("bytes", rec.bytes),
			)
		}()
		next.ServeHTTP(rec, r)
	})
}

// rateLimited answers 429 to a client over its budget (none when the
// settings in force have no rate limit).
func (s *Server) rateLimited(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if l := s.settings().limiter; l != nil {
			if ok, wait := l.allow(s.clientKey(r)); !ok {
				tooMany(w, wait)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy is the policy the built site is served with. The
// default theme needs nothing more: its scripts and styles are hashed files
// of the site, and its inline JSON (search strings, schema.org data) is data,
// which script-src does not govern. Images and media may come from any
// https host, as writers link them; nothing else may leave the site but
// the search endpoint's own origin.
func contentSecurityPolicy(endpointOrigin string) string {
	connect := "'self'"
	if endpointOrigin != "" {
		connect += " " + endpointOrigin
	}
	return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; " +
		"media-src 'self' https:; font-src 'self'; connect-src " + connect + "; object-src 'none'; " +
		"base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
}

// securityHeaders are the headers every answer carries: the CSP above; no
// framing by other sites (frame-ancestors, and X-Frame-Options for browsers
// that predate it); no content sniffing; and a Referer that tells other sites
// the origin only, since search pages carry the query in their URL. The
// values are built once and shared by every answer (net/http only reads
// them).
type securityHeaders struct {
	csp, frame, sniff, referrer []string
}

func newSecurityHeaders(csp string) securityHeaders {
	return securityHeaders{
		csp:      []string{csp},
		frame:    []string{"DENY"},
		sniff:    []string{"nosniff"},
		referrer: []string{"strict-origin-when-cross-origin"},
	}
}

func setSecurityHeaders(h http.Header, sh securityHeaders) {
	h["Content-Security-Policy"] = sh.csp
	h["X-Frame-Options"] = sh.frame
	h["X-Content-Type-Options"] = sh.sniff
	h["Referrer-Policy"] = sh.referrer
}
