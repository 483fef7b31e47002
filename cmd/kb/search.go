package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"kb/search/analytics"
	"kb/search/server"
)

func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	fs := newFlags("search", stdout, "Serve GET /api/search, /healthz, /readyz, /metrics, POST /api/feedback and /api/click over a prebuilt index,\n"+
		"swapping in a rebuilt index without dropping a request. Every flag but --cpuprofile can also be set\nby an environment variable (KB_INDEX, KB_SITE, KB_DATA, KB_ADDR, KB_METRICS_ADDR, KB_CORS, KB_RATE_LIMIT,\nKB_POST_RATE_LIMIT, KB_TRUST_PROXY, KB_ACCESS_LOG, KB_MAX_SEARCHES, KB_DRAIN).")
	var envs envValues
	index := fs.String("index", env("KB_INDEX", ""), "index folder written by kb build (required)")
	site := fs.String("site", env("KB_SITE", ""), "also serve this built site folder (the output of kb build)")
	data := fs.String("data", env("KB_DATA", ""), "record searches, result clicks and article votes in this folder, or in PostgreSQL with a postgres:// URL\n(shared by replicas), for kb report (no address, cookie or anything else identifying);\nwithout it POST /api/feedback answers 404")
	addr := fs.String("addr", env("KB_ADDR", ":8080"), "listen address")
	metricsAddr := fs.String("metrics-addr", env("KB_METRICS_ADDR", ""), "serve /metrics on this address only (an internal one), not on --addr")
	cors := fs.String("cors", env("KB_CORS", ""), "comma-separated origins allowed to call the API (default: site.toml's [search] corsOrigins)")
	rate := fs.Float64("rate-limit", envs.number("KB_RATE_LIMIT", -1, "a number of requests per second, 0 for none", "10"), "requests per second per client, 0 for none (default: site.toml's [search] rateLimit)")
	postRate := fs.Float64("post-rate-limit", envs.number("KB_POST_RATE_LIMIT", server.DefaultPostRateLimit, "a number of votes and clicks per second, 0 for none", "1"), "votes and clicks per second per client, after a burst of 20; 0 for none")
	maxSearches := fs.Int("max-searches", envs.count("KB_MAX_SEARCHES", 0, "a number of searches, 0 for the number of CPUs", "4"), "searches run at once, the others wait their turn in arrival order (default: GOMAXPROCS, the number of CPUs)")
	accessLog := fs.Bool("access-log", envs.boolean("KB_ACCESS_LOG", false), "log every request (default: failed and slow ones and one in a thousand of the rest)")
	drain := fs.Duration("drain", envs.duration("KB_DRAIN", defaultDrain), "on SIGTERM or SIGINT, keep serving this long with /readyz answering 503, so a load balancer\ntakes the server out first; 0 stops at once; a second signal stops at once")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the server, from start to shutdown, to `file` (go tool pprof)")
	trust := &trustFlag{}
	if err := trust.Set(env("KB_TRUST_PROXY", "")); err != nil {
		return usageError{msg: "KB_TRUST_PROXY: " + err.Error(), hint: "KB_TRUST_PROXY=10.0.0.0/8"}
	}
	fs.Var(trust, "trust-proxy", "take the client address from X-Forwarded-For: =CIDR,... of the trusted proxies\n(the client is the first address from the right outside them), =N proxies in front, or alone for 1")
	if envs.err != nil {
		return envs.err
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *drain < 0 {
		return usageError{msg: "--drain must not be negative", hint: "kb search --drain 5s"}
	}
	if *index == "" {
		return usageError{msg: "--index is required", hint: "kb search --index site/.kb/search --site site/public"}
	}
	stopProfile, err := startProfiles(*cpuProfile, "", "")
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, stopProfile()) }()
	if os.Getenv("GOGC") == "" {
		// The server's live heap is small (the index is memory-mapped, the
		// result cache a few MB), and every query allocates: collecting less
		// often leaves more CPU for queries at little cost in memory.
		debug.SetGCPercent(searchGCPercent)
	}
	// Log lines leave in batches, so that logging never makes a request wait.
	logs := server.NewLogWriter(stderr, logFlushInterval)
	defer logs.Close()
	cfg := server.Config{
		IndexDir: *index,
		SiteDir:  *site,
		// site.toml's [search] settings come with the index, at start and
		// with every rebuilt one; the command line's win.
		IndexSettings: func(file server.Settings) server.Settings {
			if *cors != "" {
				file.CORSOrigins = strings.Split(*cors, ",")
			}
			if *rate >= 0 {
				file.RateLimit = *rate
			}
			return file
		},
		TrustProxy:    trust.ProxyTrust,
		MetricsAddr:   *metricsAddr,
		PostRateLimit: *postRate,
		Logger:        slog.New(slog.NewJSONHandler(logs, nil)),
		AccessLog:     *accessLog,
		MaxSearches:   *maxSearches,
		Drain:         *drain,
		// Unless GOMAXPROCS is set: a processor for the network while
		// searches queue.
		SpareProc: os.Getenv("GOMAXPROCS") == "",
	}
	if *postRate <= 0 {
		cfg.PostRateLimit = -1 // the server's own zero means its default
	}
	var store analytics.Store
	if *data != "" {
		if store, err = openAnalytics(ctx, *data, cfg.Logger); err != nil {
			return err
		}
		cfg.Feedback, cfg.Clicks, cfg.OnSearch, cfg.AnalyticsDropped = store, store, store.RecordSearch, store.Dropped
	}
	var srv *server.Server
	srv, err = server.New(cfg)
	if err == nil {
		err = srv.Run(ctx, *addr, func(a net.Addr) {
			fmt.Fprintf(stdout, "kb search: listening on http://%s\n", a)
		})
	}
	if store != nil {
		// After Run, so what the last requests recorded is written: a
		// SIGTERM flushes the queue. A kill -9 loses what was not yet
		// written, normally the last second's batch.
		err = errors.Join(err, store.Close())
	}
	return err
}

// defaultDrain is how long kb search keeps serving after SIGTERM: a few
// of a load balancer's health checks (every 5 s or less on the common
// ones, which take a replica out after one or two failures).
const defaultDrain = 5 * time.Second

// searchGCPercent is kb search's GOGC unless the environment sets one.
const searchGCPercent = 400

// logFlushInterval is how late a log line of kb search may appear.
const logFlushInterval = 100 * time.Millisecond

// trustFlag is --trust-proxy: a boolean flag for backward compatibility
// (--trust-proxy alone trusts one proxy) that also takes a number of proxies
// or the CIDR ranges of trusted ones.
type trustFlag struct{ server.ProxyTrust }

func (f *trustFlag) Set(s string) (err error) {
	f.ProxyTrust, err = server.ParseProxyTrust(s)
	return err
}

func (f *trustFlag) IsBoolFlag() bool { return true }

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

// envValues reads the environment's defaults for flags, keeping the first
// value that does not parse as a usage error naming its variable.
type envValues struct{ err error }

func (e *envValues) fail(name, value, want, example string) {
	if e.err == nil {
		e.err = usageError{msg: fmt.Sprintf("%s=%q: want %s", name, value, want), hint: name + "=" + example}
	}
}

func (e *envValues) duration(name string, def time.Duration) time.Duration {
	v, ok := os.LookupEnv(name)
	if !ok || v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		e.fail(name, v, "a duration such as 5s or 0", "5s")
		return def
	}
	return d
}

// number reads a variable that must be a number, at least 0.
func (e *envValues) number(name string, def float64, want, example string) float64 {
	v, ok := os.LookupEnv(name)
	if !ok || v == "" {
		return def
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
		e.fail(name, v, want, example)
		return def
	}
	return f
}

// count reads a variable that must be a whole number, at least 0.
func (e *envValues) count(name string, def int, want, example string) int {
	v, ok := os.LookupEnv(name)
	if !ok || v == "" {
		return def
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		e.fail(name, v, want, example)
		return def
	}
	return n
}

// boolean reads a variable that must be true or false (1, 0, t, f, ...).
func (e *envValues) boolean(name string, def bool) bool {
	v, ok := os.LookupEnv(name)
	if !ok || v == "" {
		return def
	}
	b, err := strconv.ParseBool(strings.TrimSpace(v))
	if err != nil {
		e.fail(name, v, "true or false", "true")
		return def
	}
	return b
}

func jsonString(s string) (string, error) {
	b, err := json.Marshal(s)
	return string(b), err
}
