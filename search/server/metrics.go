package server

import (
	"bufio"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// durationBuckets are the histogram's upper bounds in seconds: fine below
// 10 ms, where the p99 target sits, coarse up to the default 2 s timeout.
func durationBuckets() []float64 { return bucketBounds[:] }

// metrics are the server's counters, written in Prometheus text format by
// hand: a handful of series do not justify a client library. Every request
// updates them, from many goroutines at once, so they are atomics rather than
// a lock all requests would queue on.
type metrics struct {
	errors   atomic.Uint64
	reloads  atomic.Uint64
	feedback atomic.Uint64
	// feedbackRepeats are votes not counted because the client had voted
	// on the page within the hour.
	feedbackRepeats atomic.Uint64
	clicks          atomic.Uint64
	cacheHits       atomic.Uint64
	// votesRefused and clicksRefused count what the POST endpoints
	// turned away, by why.
	votesRefused  [refusals]atomic.Uint64
	clicksRefused [refusals]atomic.Uint64

	byCode   [600]atomic.Uint64                   // by HTTP status code
	buckets  [len(bucketBounds) + 1]atomic.Uint64 // per bucket (not cumulative), the last for +Inf
	sumNanos atomic.Uint64
	count    atomic.Uint64
}

// refusal is why a vote or a click was turned away.
type refusal int

const (
	refusedInvalid      refusal = iota // malformed, or a field out of bounds
	refusedUnknownPage                 // not a page of the site
	refusedLedgerFull                  // the hour's vote ledger is full
	refusedPageShare                   // the page had its share of the hour's votes
	refusedNetworkShare                // the client's network had its share
	refusals
)

var refusalNames = [refusals]string{"invalid", "unknown_page", "ledger_full", "page_share", "network_share"}

// ledgerRefusal is the refusal for a vote ledger's verdict that refuses.
func ledgerRefusal(v ledgerVerdict) refusal {
	switch v {
	case votePageFull:
		return refusedPageShare
	case voteNetworkFull:
		return refusedNetworkShare
	}
	return refusedLedgerFull
}

// bucketBounds are durationBuckets as an array, sized at compile time.
var bucketBounds = [...]float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}

// observeSearch records one request to /api/search.
func (m *metrics) observeSearch(code int, d time.Duration) {
	i, _ := slices.BinarySearch(bucketBounds[:], d.Seconds()) // first bound >= d: "le" is inclusive
	if code >= 0 && code < len(m.byCode) {
		m.byCode[code].Add(1)
	}
	m.buckets[i].Add(1)
	m.sumNanos.Add(uint64(max(d, 0)))
	m.count.Add(1)
}

func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	m := &s.metrics
	var codes []int
	var counts []uint64
	for c := range m.byCode {
		if n := m.byCode[c].Load(); n > 0 {
			codes = append(codes, c)
			counts = append(counts, n)
		}
	}
	// Read count before the buckets: a request observed in between then
	// shows in a bucket but not yet in the total, never the other way round.
	count := m.count.Load()
	var buckets [len(bucketBounds) + 1]uint64
	for i := range m.buckets {
		buckets[i] = m.buckets[i].Load()
	}
	sum := time.Duration(m.sumNanos.Load()).Seconds()

	h := w.Header()
	h.Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	b := bufio.NewWriter(w)
	defer b.Flush()

	family(b, "kb_search_requests_total", "counter", "Requests to /api/search by HTTP status code.")
	for i, c := range codes {
		sample(b, "kb_search_requests_total", `code="`+strconv.Itoa(c)+`"`, float64(counts[i]))
	}

	family(b, "kb_search_errors_total", "counter", "Searches the index failed to answer, timeouts included.")
	sample(b, "kb_search_errors_total", "", float64(m.errors.Load()))

	family(b, "kb_search_duration_seconds", "histogram", "Time to answer a request to /api/search.")
	var cum uint64
	for i, le := range durationBuckets() {
		cum += buckets[i]
		sample(b, "kb_search_duration_seconds_bucket", `le="`+formatFloat(le)+`"`, float64(min(cum, count)))
	}
	sample(b, "kb_search_duration_seconds_bucket", `le="+Inf"`, float64(count))
	sample(b, "kb_search_duration_seconds_sum", "", sum)
	sample(b, "kb_search_duration_seconds_count", "", float64(count))

	family(b, "kb_index_build_info", "gauge", "The build id of the index being served.")
	if ref := s.cur.Load(); ref != nil {
		sample(b, "kb_index_build_info", `build_id="`+escapeLabel(ref.id)+`"`, 1)
	}

	family(b, "kb_index_reloads_total", "counter", "Times a rebuilt index was swapped in.")
	sample(b, "kb_index_reloads_total", "", float64(m.reloads.Load()))
	family(b, "kb_search_cache_hits_total", "counter", "Searches answered from the cache of recent results.")
	sample(b, "kb_search_cache_hits_total", "", float64(m.cacheHits.Load()))
	family(b, "kb_search_waiting", "gauge", "Searches waiting for their turn: as many run at once as there are CPUs.")
	sample(b, "kb_search_waiting", "", float64(s.gate.waiting.Load()))

	family(b, "kb_feedback_total", "counter", "Article feedback votes recorded.")
	sample(b, "kb_feedback_total", "", float64(m.feedback.Load()))
	family(b, "kb_clicks_total", "counter", "Search result clicks recorded.")
	sample(b, "kb_clicks_total", "", float64(m.clicks.Load()))
	family(b, "kb_feedback_repeats_total", "counter", "Votes not counted: the client had voted on the page within the hour.")
	sample(b, "kb_feedback_repeats_total", "", float64(m.feedbackRepeats.Load()))

	family(b, "kb_feedback_refused_total", "counter", "Votes turned away, by reason: invalid, unknown_page, ledger_full (the hour's ledger is full), page_share or network_share (a page or a client network had its share of the hour's votes).")
	for i, name := range refusalNames {
		sample(b, "kb_feedback_refused_total", `reason="`+name+`"`, float64(m.votesRefused[i].Load()))
	}
	family(b, "kb_clicks_refused_total", "counter", "Result clicks turned away, by reason: invalid or unknown_page.")
	for _, i := range []refusal{refusedInvalid, refusedUnknownPage} {
		sample(b, "kb_clicks_refused_total", `reason="`+refusalNames[i]+`"`, float64(m.clicksRefused[i].Load()))
	}

	if s.cfg.AnalyticsDropped != nil {
		family(b, "kb_analytics_dropped_total", "counter", "Searches, clicks and votes not stored because the analytics store was behind or unreachable.")
		sample(b, "kb_analytics_dropped_total", "", float64(s.cfg.AnalyticsDropped()))
	}
}

func family(b *bufio.Writer, name, typ, help string) {
	b.WriteString("# HELP " + name + " " + help + "\n")
	b.WriteString("# TYPE " + name + " " + typ + "\n")
}

func sample(b *bufio.Writer, name, labels string, v float64) {
	b.WriteString(name)
	if labels != "" {
		b.WriteString("{" + labels + "}")
	}
	b.WriteString(" " + formatFloat(v) + "\n")
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// escapeLabel escapes a label value as the text format requires.
func escapeLabel(v string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(v)
}
