package server

import (
	"fmt"
	"hash/maphash"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Defaults of the limits on the POST endpoints.
const (
	// DefaultPostRateLimit is how many votes and clicks one client may send
	// per second, after a burst of defaultPostBurst: a reader votes once a
	// page and opens a few results a minute.
	DefaultPostRateLimit = 1.0
	defaultPostBurst     = 20
	// maxVotesPerHour bounds the memory of the vote ledger (about 5 MB);
	// past it, further votes that hour are refused.
	maxVotesPerHour = 100_000
	// maxVotesPerPage and maxVotesPerNetwork are the most of an hour's
	// votes one page and one client network may take, so that a flood
	// on a page or from a network leaves the ledger to the other readers
	// (filling it takes 200 networks).
	maxVotesPerPage    = 2_000
	maxVotesPerNetwork = 500
)

// guardPost protects the endpoints that write (votes and clicks) from floods
// and from forgery: a client over its budget gets 429, a body that is not
// JSON 415, and a request from a page of another site 403. Browsers send
// Origin with every POST, so requiring one that is this site's own (or a
// configured CORS origin) stops a page elsewhere from voting in the name of
// the reader who opened it.
func (s *Server) guardPost(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.postLimiter != nil {
			if ok, wait := s.postLimiter.allow(s.clientKey(r)); !ok {
				tooMany(w, wait)
				return
			}
		}
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
			writeError(w, http.StatusUnsupportedMediaType, "Content-Type must be application/json")
			return
		}
		if origin := r.Header.Get("Origin"); !s.ownOrigin(origin, r.Host) && !s.settings().cors.allows(origin) {
			writeError(w, http.StatusForbidden, "origin not allowed")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// ownOrigin reports whether origin is the site itself: the host the request
// was sent to, or the origin of the site's baseURL (behind a proxy that
// rewrites Host).
func (s *Server) ownOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	if origin == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false
	}
	siteOrigin := s.settings().siteOrigin
	return strings.EqualFold(u.Host, host) || (siteOrigin != "" && strings.EqualFold(origin, siteOrigin))
}

// originOf is the "scheme://host[:port]" of an absolute http(s) URL, or ""
// for a path or anything else.
func originOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

func tooMany(w http.ResponseWriter, wait time.Duration) {
	secs := max(1, int((wait+time.Second-1)/time.Second))
	w.Header().Set("Retry-After", fmt.Sprint(secs))
	writeError(w, http.StatusTooManyRequests, "too many requests")
}

// voteLedger remembers who already voted on which page in the current hour,
// so one client counts at most once per page per hour. It keeps no
// identifier: only 64-bit hashes of (client, page), of pages and of client
// networks under a random seed that is replaced, with everything else, at
// the start of every hour and never leaves memory. A hash cannot be turned
// back into an address without the seed, and after the hour not even with
// it.
//
// Its memory is bounded (maxVotesPerHour), and so that a flood cannot fill
// it for every reader, no page may take more than maxVotesPerPage of an
// hour's votes and no client network (an IPv4 /24, an IPv6 /48) more than
// maxVotesPerNetwork.
type voteLedger struct {
	now func() time.Time

	mu        sync.Mutex
	hour      int64 // Unix hour the seed and set belong to
	seed      maphash.Seed
	seen      map[uint64]struct{}
	pages     map[uint64]int // votes counted per page this hour
	networks  map[uint64]int // votes counted per client network this hour
	refusedAt map[ledgerVerdict]bool
}

func newVoteLedger(now func() time.Time) *voteLedger {
	return &voteLedger{now: now, hour: -1}
}

// ledgerVerdict is what the ledger says about a vote.
type ledgerVerdict int

const (
	voteFirst       ledgerVerdict = iota // count it
	voteRepeat                           // the client voted on the page this hour already
	voteLedgerFull                       // the hour's ledger is full: refuse until the next hour
	votePageFull                         // the page had its share of the hour's votes
	voteNetworkFull                      // the client's network had its share of the hour's votes
)

// record notes a vote by client (from network) on page and says whether it
// counts. When it does not, wait is the time left in the hour and first
// says whether this is the hour's first refusal of its kind, to log once.
func (l *voteLedger) record(client, network, page string) (v ledgerVerdict, wait time.Duration, first bool) {
	now := l.now()
	hour := now.Unix() / 3600
	l.mu.Lock()
	defer l.mu.Unlock()
	if hour != l.hour {
		l.hour, l.seed, l.seen = hour, maphash.MakeSeed(), make(map[uint64]struct{})
		l.pages, l.networks, l.refusedAt = make(map[uint64]int), make(map[uint64]int), make(map[ledgerVerdict]bool)
	}
	key := l.key(client, page)
	if _, ok := l.seen[key]; ok {
		return voteRepeat, 0, false
	}
	pageKey, netKey := l.key(page), l.key(network)
	switch {
	case len(l.seen) >= maxVotesPerHour:
		v = voteLedgerFull
	case l.pages[pageKey] >= maxVotesPerPage:
		v = votePageFull
	case l.networks[netKey] >= maxVotesPerNetwork:
		v = voteNetworkFull
	default:
		l.seen[key] = struct{}{}
		l.pages[pageKey]++
		l.networks[netKey]++
		return voteFirst, 0, false
	}
	first = !l.refusedAt[v]
	l.refusedAt[v] = true
	return v, time.Unix((hour+1)*3600, 0).Sub(now), first
}

// forget takes back a vote record counted, for a vote the store then failed
// to keep, so that the reader's retry counts.
func (l *voteLedger) forget(client, network, page string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	key := l.key(client, page)
	if _, ok := l.seen[key]; !ok {
		return
	}
	delete(l.seen, key)
	l.pages[l.key(page)]--
	l.networks[l.key(network)]--
}

// key hashes parts under the hour's seed. The caller holds mu.
func (l *voteLedger) key(parts ...string) uint64 {
	var h maphash.Hash
	h.SetSeed(l.seed)
	for i, p := range parts {
		if i > 0 {
			h.WriteByte(0)
		}
		h.WriteString(p)
	}
	return h.Sum64()
}
