// Package server is kb's production search server: a read-only HTTP API over a
// prebuilt index that swaps in rebuilt indexes without dropping a request.
package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"kb/search"
)

// Searcher is the part of *search.Index the server uses, so tests can hand it
// a fake and the server does not depend on how the index is stored.
type Searcher interface {
	Search(ctx context.Context, q search.Query) (search.Result, error)
	BuildID() string
	Close() error
}

// Interface guards.
var (
	_ Searcher     = (*search.Index)(nil)
	_ http.Handler = (*Server)(nil)
)

// FeedbackSink stores article votes. It is handed only the Feedback value,
// never the request, so it cannot record who voted.
type FeedbackSink interface {
	RecordFeedback(ctx context.Context, f Feedback) error
}

// Feedback is one "Was this helpful?" answer.
type Feedback struct {
	Page    string `json:"page"`
	Helpful bool   `json:"helpful"`
	Reason  string `json:"reason"`
	Comment string `json:"comment"`
	Lang    string `json:"lang"`
}

// Config configures a Server. Zero values mean the documented defaults.
type Config struct {
	IndexDir string
	// Open opens the index in a directory; nil means search.Open. Injectable
	// so tests need no real index.
	Open func(dir string) (Searcher, error)
	// SiteDir, if set, is the built site to serve beside the API.
	SiteDir string
	// CORSOrigins are the exact origins ("https://example.com") allowed to
	// call the API from a browser, or "*" for any.
	CORSOrigins []string
	// MaxQueryLength is the most characters q may have (default 256; its
	// bytes are bounded too, at 4 a character); a longer q is a 414.
	MaxQueryLength int
	MaxLimit       int           // default 50
	RequestTimeout time.Duration // default 2 s per search, waiting for a turn included
	// MaxSearches is how many searches run at once (see searchGate); the
	// others wait their turn in the order they came. Default GOMAXPROCS.
	MaxSearches int
	// SpareProc lets Run add a processor to the Go scheduler while searches
	// wait for their turn (see searchGate.spareProc). It changes GOMAXPROCS,
	// which is the whole process's: for a process that only serves search.
	SpareProc bool
	// RateLimit is requests per second per client on the API and the
	// search page; 0 turns it off. RateBurst defaults to ceil(RateLimit)
	// (at least 1), enough for search-as-you-type.
	RateLimit float64
	RateBurst int
	// PostRateLimit is requests per second per client on POST /api/feedback
	// and /api/click, after a burst of 20: 0 means DefaultPostRateLimit,
	// negative turns it off.
	PostRateLimit float64
	// TrustProxy says which proxies' X-Forwarded-For entries name the
	// client; the zero value trusts none and keys on the connection.
	TrustProxy ProxyTrust
	// BaseURL is the site's published URL (site.toml's baseURL): votes and
	// clicks are accepted from its origin as well as from the Host they
	// were sent to.
	BaseURL string
	// MetricsAddr, if set, is a separate listen address for /metrics (an
	// internal network or loopback), which the main address then does not
	// serve. On the main address /metrics is rate-limited like the API.
	MetricsAddr string
	// SearchEndpoint is site.toml's [search] endpoint: when it is on
	// another origin, the pages' Content-Security-Policy lets them call it.
	SearchEndpoint string
	// IndexSettings, if set, makes the index folder's server.json the
	// source of CORSOrigins, RateLimit, MaxQueryLength, BaseURL and
	// SearchEndpoint, read at start and again with every index swapped in
	// (site.toml's [search] travels with its index): the server uses what
	// IndexSettings returns for the file's settings, so a command line's
	// values can win over them. Without it those fields are used as given.
	// The site's other languages (Settings.OtherLanguages) come from
	// server.json either way.
	IndexSettings func(file Settings) Settings
	// SearchMaxAge is the Cache-Control max-age of search results; default
	// 60 s, negative means no-store.
	SearchMaxAge time.Duration
	// Drain is how long Run keeps serving once shutdown begins, with
	// /readyz answering 503, so that a load balancer sees the replica
	// leave and stops sending it requests before its listener closes.
	// Zero shuts down at once.
	Drain  time.Duration
	Logger *slog.Logger
	// AccessLog logs every request; without it the log has the failed and
	// slow ones and a sample of the rest (see observe).
	AccessLog   bool
	ReloadEvery time.Duration // how often Run checks manifest.json; default 1 s
	Feedback    FeedbackSink  // nil → POST /api/feedback answers 404
	Clicks      ClickSink     // nil → POST /api/click answers 404
	// OnSearch, if set, is called after every successful search, from many
	// goroutines at once; it must be safe for that and must not block.
	OnSearch func(q search.Query, r search.Result)
	// AnalyticsDropped, if set, is how many searches, clicks and votes the
	// analytics store dropped (it was behind or unreachable), exported as
	// kb_analytics_dropped_total. Analytics are not the service: /readyz
	// ignores them.
	AnalyticsDropped func() uint64
}

// Defaults for the zero values of Config.
const (
	defaultMaxQueryLength = 256
	defaultMaxLimit       = 50
	defaultLimit          = 10
	defaultRequestTimeout = 2 * time.Second
	defaultReloadEvery    = time.Second
	defaultSearchMaxAge   = 60 * time.Second
	shutdownTimeout       = 10 * time.Second
	// spareTick and spareQuiet: how often spareProc looks for waiting
	// searches, and how long none must have waited before the spare
	// processor goes.
	spareTick  = 100 * time.Millisecond
	spareQuiet = time.Second
	// cacheSize is how many recent answers the server keeps (a few MB).
	cacheSize = 4096
)

// Server serves search over an index that can be swapped while it runs.
type Server struct {
	cfg  Config
	log  *slog.Logger
	open func(dir string) (Searcher, error)
	site fs.FS // nil when there is no SiteDir
	// live are the settings in force (CORS, rate limit, query length,
	// origins), replaced when an index brings new ones.
	live atomic.Pointer[liveSettings]
	// postLimiter is the budget of votes and clicks; nil when off.
	postLimiter *rateLimiter
	votes       *voteLedger
	metrics     metrics
	cache       *resultCache
	gate        *searchGate
	handler     http.Handler

	requests atomic.Uint64            // requests served, for sampling the access log
	cur      atomic.Pointer[indexRef] // nil before New returns and after Close
	stopping atomic.Bool              // set when shutdown begins; /readyz fails

	reloadMu     sync.Mutex // serializes Reload and Close
	manifest     [32]byte   // hash of manifest.json when the current index was opened
	failedReload [32]byte   // manifest hash whose reload last failed, to log it once
	closed       bool

	// reopen: open is search.Open, so a reload may share the languages an
	// update left alone with the index it replaces.
	reopen bool
}

// New validates cfg, fills in defaults and opens the index.
func New(cfg Config) (*Server, error) {
	reopen := cfg.Open == nil
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	s := &Server{
		cfg:   cfg,
		log:   cfg.Logger,
		open:  cfg.Open,
		cache: newResultCache(cacheSize),
		gate:  newSearchGate(cfg.MaxSearches),
		votes: newVoteLedger(time.Now),
	}
	s.reopen = reopen
	st, err := s.configSettings()
	if err != nil {
		return nil, fmt.Errorf("search server: %w", err)
	}
	live, err := newLiveSettings(st, cfg.RateBurst, nil)
	if err != nil {
		return nil, err
	}
	s.live.Store(live)
	if cfg.PostRateLimit > 0 {
		s.postLimiter = newRateLimiter(cfg.PostRateLimit, defaultPostBurst, time.Now)
	}
	if cfg.SiteDir != "" {
		s.site = SiteFiles(cfg.SiteDir)
	}
	s.manifest, _ = readManifestHash(cfg.IndexDir)
	var ix Searcher
	ix, err = s.open(cfg.IndexDir)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", cfg.IndexDir, err)
	}
	s.cur.Store(newIndexRef(ix, s.log))
	s.handler = s.routes()
	return s, nil
}

func (c *Config) setDefaults() error {
	if c.IndexDir == "" {
		return errors.New("search server: IndexDir is required")
	}
	if c.Open == nil {
		c.Open = openIndex
	}
	if c.MaxLimit <= 0 {
		c.MaxLimit = defaultMaxLimit
	}
	if c.MaxSearches <= 0 {
		c.MaxSearches = runtime.GOMAXPROCS(0)
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = defaultRequestTimeout
	}
	if c.ReloadEvery <= 0 {
		c.ReloadEvery = defaultReloadEvery
	}
	if c.SearchMaxAge == 0 {
		c.SearchMaxAge = defaultSearchMaxAge
	}
	if c.PostRateLimit == 0 {
		c.PostRateLimit = DefaultPostRateLimit
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.SiteDir != "" {
		fi, err := os.Stat(c.SiteDir)
		if err != nil {
			return fmt.Errorf("search server: site: %w", err)
		}
		if !fi.IsDir() {
			return fmt.Errorf("search server: site %s is not a directory", c.SiteDir)
		}
	}
	return nil
}

// validOrigin catches the usual misconfiguration of an origin with a path or a
// trailing slash, which would never match the browser's Origin header.
func validOrigin(o string) error {
	if o == "*" {
		return nil
	}
	u, err := url.Parse(o)
	if err != nil {
		return err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return errors.New(`want "scheme://host[:port]" or "*"`)
	}
	return nil
}

// openIndex adapts search.Open, taking care not to turn a nil *Index into a
// non-nil Searcher.
func openIndex(dir string) (Searcher, error) {
	ix, err := search.Open(dir)
	if err != nil {
		return nil, err
	}
	return ix, nil
}

// clientKey names the client r counts against in rate limits and the vote
// ledger.
func (s *Server) clientKey(r *http.Request) string { return clientKey(r, s.cfg.TrustProxy) }

// Handler returns the server's HTTP handler (the same one on every call).
func (s *Server) Handler() http.Handler { return s.handler }

// ServeHTTP makes a Server usable directly as an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.handleHealthz)
	mux.HandleFunc("GET /readyz", s.handleReadyz)
	if s.cfg.MetricsAddr == "" {
		mux.Handle("GET /metrics", s.rateLimited(http.HandlerFunc(s.handleMetrics)))
	}
	mux.Handle("GET /api/search", s.withCORS(s.rateLimited(http.HandlerFunc(s.handleSearch))))
	mux.Handle("OPTIONS /api/search", s.preflight("GET"))
	// Always registered, so that without a sink the answer is a 404 rather
	// than a 405 from the static catch-all.
	mux.Handle("POST /api/feedback", s.withCORS(s.guardPost(http.HandlerFunc(s.handleFeedback))))
	mux.Handle("OPTIONS /api/feedback", s.preflight("POST"))
	mux.Handle("POST /api/click", s.withCORS(s.guardPost(http.HandlerFunc(s.handleClick))))
	mux.Handle("OPTIONS /api/click", s.preflight("POST"))
	if s.site != nil {
		mux.Handle("GET /{lang}/search/{$}", s.rateLimited(http.HandlerFunc(s.handleSearchPage)))
		// A site's default language may live at the root.
		mux.Handle("GET /search/{$}", s.rateLimited(http.HandlerFunc(s.handleSearchPage)))
		mux.HandleFunc("GET /", s.handleStatic)
	} else {
		mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
			writeError(w, http.StatusNotFound, "not found")
		})
	}
	return s.observe(mux)
}

func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintln(w, "ok")
}

// handleReadyz fails while no index is loaded and once shutdown has begun, so
// the load balancer stops sending new requests to a draining replica.
func (s *Server) handleReadyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if s.stopping.Load() || s.cur.Load() == nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "not ready")
		return
	}
	fmt.Fprintln(w, "ok")
}

// Run listens on addr, calls ready with the bound address, serves until ctx is
// done, then shuts down gracefully. It checks the index directory for a new
// build every ReloadEvery, and closes the index when it returns.
func (s *Server) Run(ctx context.Context, addr string, ready func(net.Addr)) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return errors.Join(err, s.Close())
	}
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 5 * time.Second,
		// Bodies are at most a few KiB; a client still sending after 10 s
		// is holding a connection hostage.
		ReadTimeout: 10 * time.Second,
		// Long enough for a search that uses all of RequestTimeout and for
		// a static file to reach a slow phone.
		WriteTimeout: max(30*time.Second, s.cfg.RequestTimeout+5*time.Second),
		// Longer than load balancers' own idle timeouts (60 s on the common
		// ones), so the server never closes a connection the balancer is
		// about to reuse.
		IdleTimeout:    120 * time.Second,
		MaxHeaderBytes: 16 << 10,
		ErrorLog:       slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}

	var metricsSrv *http.Server
	if s.cfg.MetricsAddr != "" {
		mln, err := lc.Listen(ctx, "tcp", s.cfg.MetricsAddr)
		if err != nil {
			ln.Close()
			return errors.Join(fmt.Errorf("metrics: %w", err), s.Close())
		}
		mux := http.NewServeMux()
		mux.HandleFunc("GET /metrics", s.handleMetrics)
		metricsSrv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second,
			ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)}
		go metricsSrv.Serve(mln)
		s.log.Info("metrics listening", "addr", mln.Addr().String())
		defer metricsSrv.Close()
	}

	watchCtx, stopWatch := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { s.watch(watchCtx) })
	if s.cfg.SpareProc {
		wg.Go(func() { s.gate.spareProc(watchCtx, spareTick, spareQuiet) })
	}

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	s.log.Info("search server listening", "addr", ln.Addr().String())
	if ready != nil {
		ready(ln.Addr())
	}

	var errs []error
	select {
	case err := <-serveErr:
		errs = append(errs, err)
	case <-ctx.Done():
		s.stopping.Store(true)
		if s.cfg.Drain > 0 {
			s.drain(serveErr)
		}
		s.log.Info("search server shutting down")
		shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
		if err := srv.Shutdown(shutCtx); err != nil {
			errs = append(errs, fmt.Errorf("shutdown: %w", err))
			srv.Close()
		}
		cancel()
		if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	stopWatch()
	wg.Wait()
	errs = append(errs, s.Close())
	return errors.Join(errs...)
}

// drain keeps serving for Drain while /readyz answers 503, unless the
// server stops serving meanwhile.
func (s *Server) drain(serveErr chan error) {
	s.log.Info("search server draining: /readyz answers 503 until shutdown", "drain", s.cfg.Drain.String())
	t := time.NewTimer(s.cfg.Drain)
	defer t.Stop()
	select {
	case <-t.C:
	case err := <-serveErr:
		serveErr <- err // for Run, which reads it after Shutdown
	}
}

// Close releases the index; searches still running on it finish first.
// Run calls it; callers that use only Handler must call it themselves.
func (s *Server) Close() error {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	s.stopping.Store(true)
	if ref := s.cur.Swap(nil); ref != nil {
		return ref.release()
	}
	return nil
}
