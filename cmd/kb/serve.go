package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"kb/builder"
	"kb/builder/diag"
	"kb/builder/watch"
	"kb/search/analytics"
	"kb/search/server"
)

// debounce is how long kb serve waits after the last file event before
// rebuilding: long enough to coalesce an editor's write-rename-chmod burst.
const debounce = 30 * time.Millisecond

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var b buildFlags
	fs := newFlags("serve", stderr, "Build the site, serve it with search at --addr, watch content/, i18n/, static/, themes/ and\nsite.toml, rebuild on every save and reload the browser. Build errors show in the browser.")
	b.register(fs)
	addr := fs.String("addr", "127.0.0.1:1313", "listen address; on a loopback address only the Host names localhost, 127.0.0.1\nand [::1] are answered (protection against DNS rebinding)")
	data := fs.String("data", env("KB_DATA", ""), "record searches and article votes in this folder or postgres:// URL, for kb report (default <site>/.kb/data)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *data == "" {
		*data = filepath.Join(b.site, ".kb", "data")
	}
	if b.out == "" {
		b.out = filepath.Join(b.site, "public")
	}
	if b.index == "" {
		b.index = filepath.Join(b.site, ".kb", "search")
	}
	ls := &liveServer{out: b.out, index: b.index, hub: newHub(), log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		loopbackOnly: isLoopbackAddr(*addr)}
	store, err := openAnalytics(ctx, *data, ls.log)
	if err != nil {
		return err
	}
	defer store.Close() // after closeSearch, so nothing records into a closed store
	ls.data = store
	opts := b.options(stderr)
	opts.Progress = nil

	session := builder.NewSession(opts)
	rebuild := func(changed []string) {
		var res builder.Result
		var err error
		if changed == nil {
			res, err = session.Build(ctx)
		} else {
			res, err = session.Rebuild(ctx, changed)
		}
		printDiagnostics(stderr, res.Diagnostics, b.verbose)
		if err != nil {
			msg := err.Error()
			if errors.Is(err, builder.ErrContent) {
				msg = errorsText(res.Diagnostics)
			}
			fmt.Fprintf(stdout, "build failed; still serving the last good site\n")
			ls.hub.send("error", msg)
			return
		}
		if len(changed) > 0 {
			fmt.Fprintf(stdout, "%s changed: %d pages rendered, %d files written, %d removed in %s\n", printable(describe(changed, b.site)), res.Pages, res.Written, res.Removed, res.Duration.Round(time.Millisecond))
		} else {
			fmt.Fprintf(stdout, "built %d pages in %d languages in %s\n", res.Pages, res.Languages, res.Duration.Round(time.Millisecond))
		}
		ls.basePath.Store(session.BasePath())
		ls.reloadSearch()
		ls.hub.send("reload", "")
	}
	rebuild(nil)

	roots := []string{"content", "i18n", "static", "themes", "site.toml"}
	// Absolute roots, so the watcher reports absolute paths that the
	// session maps into the site whatever -s and the working folder are.
	siteAbs, err := filepath.Abs(b.site)
	if err != nil {
		return err
	}
	for i, r := range roots {
		roots[i] = filepath.Join(siteAbs, r)
	}
	w, err := watch.New(roots...)
	if err != nil {
		return err
	}
	go w.Run(ctx, debounce, rebuild)

	srv := &http.Server{Addr: *addr, Handler: ls, ReadHeaderTimeout: 10 * time.Second}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	base, _ := ls.basePath.Load().(string)
	fmt.Fprintf(stdout, "serving on http://%s%s (Ctrl+C to stop)\n", ln.Addr(), cmp.Or(base, "/"))
	go func() {
		<-ctx.Done()
		ls.hub.close()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	ls.closeSearch()
	return nil
}

func errorsText(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		if d.Severity == diag.Error {
			b.WriteString(d.Error())
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func describe(changed []string, site string) string {
	if abs, err := filepath.Abs(site); err == nil {
		site = abs
	}
	rel := make([]string, 0, len(changed))
	for _, c := range changed {
		if r, err := filepath.Rel(site, c); err == nil {
			c = r
		}
		rel = append(rel, filepath.ToSlash(c))
	}
	if len(rel) > 3 {
		return fmt.Sprintf("%s and %d more", strings.Join(rel[:3], ", "), len(rel)-3)
	}
	return strings.Join(rel, ", ")
}

// liveServer serves the built site and the search API while writers edit,
// and injects the live-reload script into pages (never into files on disk).
type liveServer struct {
	out, index string
	basePath   atomic.Value    // string: the site's URL path prefix, "/" or "/help/"
	data       analytics.Store // searches and votes, for kb report
	hub        *hub
	log        *slog.Logger
	mu         sync.Mutex
	search     atomic.Pointer[server.Server]
	// loopbackOnly answers only requests addressed to a loopback name: a
	// page on another site that rebinds its own name to 127.0.0.1 must
	// not reach the live-reload stream or the vote endpoint.
	loopbackOnly bool
}

// reloadSearch opens the search server the first time an index exists, and
// swaps in the rebuilt index afterwards.
func (s *liveServer) reloadSearch() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cur := s.search.Load(); cur != nil {
		cur.Reload()
		return
	}
	srv, err := server.New(server.Config{IndexDir: s.index, SiteDir: s.out, Logger: s.log, SearchMaxAge: -1,
		Feedback: s.data, Clicks: s.data, OnSearch: s.data.RecordSearch, AnalyticsDropped: s.data.Dropped})
	if err == nil {
		s.search.Store(srv)
	}
}

func (s *liveServer) closeSearch() {
	if cur := s.search.Load(); cur != nil {
		cur.Close()
	}
}

const liveScriptPath = "/_kb/live.js"

// liveScript reloads the page after each good build and shows build errors
// over the page until the next good build.
const liveScript = `(function(){var es=new EventSource("/_kb/live");
es.addEventListener("reload",function(){location.reload()});
es.addEventListener("error",function(e){if(!e.data)return;var o=document.getElementById("kb-live-error");
if(!o){o=document.createElement("div");o.id="kb-live-error";o.setAttribute("role","alert");o.dir="ltr";document.body.appendChild(o)}
o.textContent="Build failed — still showing the last good version.\n\n"+JSON.parse(e.data)})})();`

func (s *liveServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.loopbackOnly && !isLoopbackHost(r.Host) {
		http.Error(w, "kb serve answers only localhost, 127.0.0.1 and [::1]; use --addr to serve other names", http.StatusMisdirectedRequest)
		return
	}
	switch r.URL.Path {
	case "/_kb/live":
		s.hub.serve(w, r)
		return
	case liveScriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		io.WriteString(w, liveScript)
		return
	}
	// A site published under a path (baseURL https://shop.example/help/)
	// is served under the same path, so its links work as they will live.
	if base, _ := s.basePath.Load().(string); base != "" && base != "/" {
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
	var h http.Handler = http.FileServer(http.Dir(s.out))
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
		if i := bytes.LastIndex(body, []byte("</body>")); i >= 0 {
			tag := []byte(`<script src="` + liveScriptPath + `"></script>`)
			body = append(body[:i:i], append(tag, body[i:]...)...)
		}
		rec.header.Del("Content-Length")
		rec.header.Set("Cache-Control", "no-store")
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.code)
	w.Write(body)
}

// isLoopbackAddr reports whether a listen address binds loopback only:
// localhost or a loopback IP. An empty host binds every interface.
func isLoopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	return host != "" && isLoopbackName(host)
}

// isLoopbackHost reports whether a Host header names this machine by a
// loopback name, with or without a port.
func isLoopbackHost(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	return isLoopbackName(host)
}

// isLoopbackName: localhost and its subdomains (which browsers resolve to
// loopback themselves, RFC 6761) and loopback IPs.
func isLoopbackName(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
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

// hub fans build events out to every open page over server-sent events.
type hub struct {
	mu      sync.Mutex
	clients map[chan event]bool
	last    *event // the current error, shown to pages opened after it
	closed  bool
}

type event struct{ name, data string }

func newHub() *hub { return &hub{clients: map[chan event]bool{}} }

func (h *hub) send(name, data string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	ev := event{name, data}
	if name == "error" {
		h.last = &ev
	} else {
		h.last = nil
	}
	for c := range h.clients {
		select {
		case c <- ev:
		default: // a stalled page misses one event, never blocks a build
		}
	}
}

func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for c := range h.clients {
		close(c)
		delete(h.clients, c)
	}
}

func (h *hub) serve(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan event, 4)
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return
	}
	h.clients[c] = true
	if h.last != nil {
		c <- *h.last
	}
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		if h.clients[c] {
			delete(h.clients, c)
		}
		h.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprint(w, ": connected\n\n")
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, ok := <-c:
			if !ok {
				return
			}
			data, _ := jsonString(ev.data)
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, data)
			flusher.Flush()
		}
	}
}
