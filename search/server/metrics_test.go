package server

import (
	"bufio"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"kb/internal/syncbuf"
	"kb/search"
)

// sampleLine is a sample in the text exposition format: name, optional
// labels, value.
var sampleLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")*)\})? (\S+)$`)

func TestMetrics(t *testing.T) {
	s, o := newTestServer(t, func(c *Config) {
		c.Feedback = &memorySink{}
		c.AnalyticsDropped = func() uint64 { return 7 }
	})
	h := s.Handler()
	get(t, h, "/api/search?q=a&lang=en")
	get(t, h, "/api/search?q=a&lang=en")
	get(t, h, "/api/search?q=a")
	post(t, h, "/api/feedback", `{"page":"/en/"}`, sameSite...)
	o.setNext(`build "2"`)
	if err := s.Reload(); err != nil {
		t.Fatal(err)
	}

	w := get(t, h, "/metrics")
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type = %q", ct)
	}
	types := map[string]string{}
	samples := map[string]float64{}
	helped := map[string]bool{}
	sc := bufio.NewScanner(w.Body)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "# HELP "):
			f := strings.SplitN(line, " ", 4)
			if len(f) < 4 || f[3] == "" {
				t.Errorf("bad HELP line %q", line)
			}
			helped[f[2]] = true
		case strings.HasPrefix(line, "# TYPE "):
			f := strings.Fields(line)
			if len(f) != 4 {
				t.Errorf("bad TYPE line %q", line)
				continue
			}
			if !helped[f[2]] {
				t.Errorf("TYPE before HELP for %s", f[2])
			}
			types[f[2]] = f[3]
		default:
			m := sampleLine.FindStringSubmatch(line)
			if m == nil {
				t.Errorf("bad sample line %q", line)
				continue
			}
			family := m[1]
			for _, suffix := range []string{"_bucket", "_sum", "_count"} {
				if base := strings.TrimSuffix(family, suffix); types[base] == "histogram" {
					family = base
				}
			}
			if types[family] == "" {
				t.Errorf("sample %q has no preceding TYPE", line)
			}
			v, err := strconv.ParseFloat(m[4], 64)
			if err != nil {
				t.Errorf("bad value in %q", line)
			}
			samples[m[1]+m[2]] = v
		}
	}

	wantTypes := map[string]string{
		"kb_search_requests_total":   "counter",
		"kb_search_errors_total":     "counter",
		"kb_search_duration_seconds": "histogram",
		"kb_index_build_info":        "gauge",
		"kb_index_reloads_total":     "counter",
		"kb_feedback_total":          "counter",
		"kb_analytics_dropped_total": "counter",
	}
	for name, typ := range wantTypes {
		if types[name] != typ {
			t.Errorf("TYPE %s = %q, want %q", name, types[name], typ)
		}
	}
	wantSamples := map[string]float64{
		`kb_search_requests_total{code="200"}`:         2,
		`kb_search_requests_total{code="400"}`:         1,
		`kb_search_errors_total`:                       0,
		`kb_search_duration_seconds_count`:             3,
		`kb_search_duration_seconds_bucket{le="+Inf"}`: 3,
		`kb_index_build_info{build_id="build \"2\""}`:  1,
		`kb_index_reloads_total`:                       1,
		`kb_feedback_total`:                            1,
		`kb_analytics_dropped_total`:                   7,
	}
	for k, v := range wantSamples {
		if got, ok := samples[k]; !ok || got != v {
			t.Errorf("%s = %v (present %v), want %v", k, got, ok, v)
		}
	}
	if _, ok := samples[`kb_index_build_info{build_id="build-1"}`]; ok {
		t.Error("old build id still reported")
	}
	// Buckets are cumulative and ascending.
	prev, prevLE := -1.0, 0.0
	for _, le := range durationBuckets() {
		v, ok := samples[`kb_search_duration_seconds_bucket{le="`+formatFloat(le)+`"}`]
		if !ok {
			t.Errorf("missing bucket le=%v", le)
		}
		if v < prev || le <= prevLE {
			t.Errorf("bucket le=%v not cumulative/ascending", le)
		}
		prev, prevLE = v, le
	}
}

func TestHistogramBuckets(t *testing.T) {
	var m metrics
	m.observeSearch(200, 500*time.Microsecond) // exactly on a bound: "le" includes it
	m.observeSearch(200, 3*time.Second)        // past the last bound: only +Inf
	if m.buckets[0].Load() != 1 || m.buckets[len(m.buckets)-1].Load() != 1 || m.count.Load() != 2 {
		t.Errorf("first bucket %d, +Inf %d, count %d", m.buckets[0].Load(), m.buckets[len(m.buckets)-1].Load(), m.count.Load())
	}
}

// A client that hangs up during its search is recorded as 499, not as a 503
// server failure, and is no error.
func TestClientHangUpIsNotAFailure(t *testing.T) {
	var logs syncbuf.Buffer
	entered := make(chan struct{})
	s, o := newTestServer(t, func(c *Config) {
		c.Logger = slog.New(slog.NewTextHandler(&logs, nil))
		c.AccessLog = true
	})
	o.search = func(ctx context.Context, q search.Query) (search.Result, error) {
		close(entered)
		<-ctx.Done()
		return search.Result{}, ctx.Err()
	}
	o.setNext("build-2")
	if err := s.Reload(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	r := httptest.NewRequest(http.MethodGet, "/api/search?q=slow&lang=en", nil).WithContext(ctx)
	go func() { <-entered; cancel() }()
	s.Handler().ServeHTTP(httptest.NewRecorder(), r)

	m := get(t, s.Handler(), "/metrics").Body.String()
	if !strings.Contains(m, `kb_search_requests_total{code="499"} 1`) || strings.Contains(m, `code="503"`) {
		t.Errorf("metrics:\n%s", m)
	}
	if !strings.Contains(m, "kb_search_errors_total 0") {
		t.Errorf("a hang-up counted as an error:\n%s", m)
	}
	if !strings.Contains(logs.String(), "status=499") || strings.Contains(logs.String(), "status=503") {
		t.Errorf("access log:\n%s", logs.String())
	}
}
