// Package devserver serves a site while it is being written (kb serve): the
// built pages with a live-reload script added on the way out, the search
// API over the index rebuilt beside them, and build errors shown over the
// open pages until the next good build.
package devserver

import (
	"bytes"
	"cmp"
	"html"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"kb/search"
	"kb/search/analytics"
	"kb/search/server"
)

// Config says where the built site and its search index are, and where
// the server listens.
type Config struct {
	Out, Index string
	// Addr is the listen address. On a loopback address only requests
	// addressed to a loopback name are answered: a page on another site
	// that rebinds its own name to 127.0.0.1 must not reach the live-reload
	// stream or the vote endpoint.
	Addr string
	Data analytics.Store // records searches and votes, for kb report; nil records nothing
	Log  *slog.Logger    // nil: discarded
}

// Server is the dev server: an http.Handler that is told about builds.
type Server struct {
	cfg      Config
	basePath atomic.Value // string: the site's URL path prefix, "/" or "/help/"
	events   *hub
	mu       sync.Mutex // serializes opening and changing the search server
	search   atomic.Pointer[server.Server]
	reloaded atomic.Bool // Written sent this build's reload event
}

var _ http.Handler = (*Server)(nil)

// New returns a server for cfg; nothing is served but the 404 page until
// the first good build (Built).
func New(cfg Config) *Server {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Server{cfg: cfg, events: newHub()}
}

// Built is called after each good build with the site's base path: the
// search server picks up the new index and open pages reload, unless
// Written reloaded them already.
func (s *Server) Built(basePath string) {
	s.basePath.Store(basePath)
	s.reloadSearch()
	if !s.reloaded.Swap(false) {
		s.events.send("reload", "")
	}
}

// Written is called when a rebuild has written its pages, before it
// updates the search index on disk (builder.Session.OnWritten): the search
// server applies the change in memory, so the edit is searchable at once,
// and open pages reload. Built follows and swaps in the index from disk.
func (s *Server) Written(upserts []search.Document, deletes map[string][]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(upserts) > 0 || len(deletes) > 0 {
		cur := s.search.Load()
		if cur == nil {
			return
		}
		if err := cur.Apply(upserts, deletes); err != nil {
			// A language new to the index: Built reloads it from disk.
			s.cfg.Log.Info("search index not changed in memory", "err", err)
			return
		}
	}
	s.reloaded.Store(true)
	s.events.send("reload", "")
}

// Failed is called after a failed build: open pages, and pages opened until
// the next good build, show msg over the last good version.
func (s *Server) Failed(msg string) {
	s.reloaded.Store(false)
	s.events.send("error", msg)
}

// BasePath is the base path of the last good build, "" before one.
func (s *Server) BasePath() string {
	base, _ := s.basePath.Load().(string)
	return base
}

// CloseEvents ends every open event stream, so that an http.Server's
// Shutdown does not wait for pages that never hang up.
func (s *Server) CloseEvents() { s.events.close() }

// Close closes the search server; call it once the HTTP server is done.
func (s *Server) Close() {
	if cur := s.search.Load(); cur != nil {
		cur.Close()
	}
}

// reloadSearch opens the search server the first time an index exists, and
// swaps in the rebuilt index afterwards.
func (s *Server) reloadSearch() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cur := s.search.Load(); cur != nil {
		cur.Reload()
		return
	}
	cfg := server.Config{IndexDir: s.cfg.Index, SiteDir: s.cfg.Out, Logger: s.cfg.Log, SearchMaxAge: -1}
	if s.cfg.Data != nil {
		cfg.Feedback, cfg.Clicks, cfg.OnSearch, cfg.AnalyticsDropped = s.cfg.Data, s.cfg.Data, s.cfg.Data.RecordSearch, s.cfg.Data.Dropped
	}
	if srv, err := server.New(cfg); err == nil {
		s.search.Store(srv)
	}
}

// Paths of the live-reload script and its event stream.
const (
	scriptPath = "/_kb/live.js"
	eventsPath = "/_kb/live"
)

// script reloads the page after each good build and shows build errors
// over the page until the next good build.
const script = `(function(){var es=new EventSource("` + eventsPath + `");
es.addEventListener("reload",function(){location.reload()});
es.addEventListener("error",function(e){if(!e.data)return;var o=document.getElementById("kb-live-error");
if(!o){o=document.createElement("div");o.id="kb-live-error";o.setAttribute("role","alert");o.dir="ltr";document.body.appendChild(o)}
o.textContent="Build failed — still showing the last good version.\n\n"+JSON.parse(e.data)})})();`

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if isLoopbackAddr(s.cfg.Addr) && !isLoopbackHost(r.Host) {
		http.Error(w, "kb serve answers only localhost, 127.0.0.1 and [::1]; use --addr to serve other names", http.StatusMisdirectedRequest)
		return
	}
	switch r.URL.Path {
	case eventsPath:
		s.events.serve(w, r)
		return
	case scriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write([]byte(script))
		return
	}
	// A site published under a path (baseURL https://shop.example/help/)
	// is served under the same path, so its links work as they will live.
	if base := s.BasePath(); base != "" && base != "/" {
		switch {
		case r.URL.Path == "/":
			http.Redirect(w, r, base, http.StatusFound)
			return
		case strings.HasPrefix(r.URL.Path, base):
			r = r.Clone(r.Context())
			r.URL.Path = "/" + strings.TrimPrefix(r.URL.Path, base)
			r.URL.RawPath = ""
		default:
			http.NotFound(w, r)
			return
		}
	}
	var h http.Handler = server.FileServer(server.SiteFiles(s.cfg.Out))
	if srv := s.search.Load(); srv != nil {
		h = srv
	}
	if r.Method != http.MethodGet || strings.HasPrefix(r.URL.Path, "/api/") {
		h.ServeHTTP(w, r)
		return
	}
	// Plain files only: the script goes into HTML, not a precompressed copy.
	r = r.Clone(r.Context())
	r.Header.Del("Accept-Encoding")
	rec := &bufferedResponse{header: http.Header{}, code: http.StatusOK}
	h.ServeHTTP(rec, r)
	body := rec.body.Bytes()
	if strings.HasPrefix(rec.header.Get("Content-Type"), "text/html") {
		body = injectScript(body, s.feedbackAPI())
		rec.header.Del("Content-Length")
		rec.header.Set("Cache-Control", "no-store")
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.code)
	w.Write(body)
}

// feedbackAPI is where the pages' "Was this helpful?" posts while serving:
// this server, when it records votes.
func (s *Server) feedbackAPI() string {
	if s.cfg.Data == nil {
		return ""
	}
	return cmp.Or(s.BasePath(), "/") + "api/feedback"
}

// injectScript adds the live-reload script before the page's last </body>;
// feedback, when set, tells the page script where votes go (the theme
// reads data-kb-feedback-api).
func injectScript(page []byte, feedback string) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return page
	}
	attr := ""
	if feedback != "" {
		attr = ` data-kb-feedback-api="` + html.EscapeString(feedback) + `"`
	}
	tag := []byte(`<script src="` + scriptPath + `"` + attr + `></script>`)
	return append(page[:i:i], append(tag, page[i:]...)...)
}

// bufferedResponse holds a response so a script can be added to HTML.
type bufferedResponse struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header         { return b.header }
func (b *bufferedResponse) Write(p []byte) (int, error) { return b.body.Write(p) }
func (b *bufferedResponse) WriteHeader(code int)        { b.code = code }
