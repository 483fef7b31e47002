package server

import (
	"hash/maphash"
	"math"
	"net/http"
	"sync"
	"time"
)

const (
	// maxClients bounds the limiter's memory; past it, idle clients are
	// dropped, and if none are idle the table starts over (a flood of
	// distinct addresses then gets a fresh burst each rather than using up
	// memory).
	maxClients    = 100_000
	sweepInterval = time.Minute
)

// rateLimiter is a token bucket per client. Clients are spread over shards,
// each with its own lock, so that concurrent requests from different clients
// rarely wait for each other.
type rateLimiter struct {
	rate   float64 // tokens per second
	burst  float64
	now    func() time.Time
	seed   maphash.Seed
	shards [limiterShards]limiterShard
}

const limiterShards = 16

type limiterShard struct {
	mu        sync.Mutex
	clients   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newRateLimiter(rate float64, burst int, now func() time.Time) *rateLimiter {
	if burst <= 0 {
		burst = max(1, int(math.Ceil(rate)))
	}
	l := &rateLimiter{rate: rate, burst: float64(burst), now: now, seed: maphash.MakeSeed()}
	start := now()
	for i := range l.shards {
		l.shards[i] = limiterShard{clients: make(map[string]*bucket), lastSweep: start}
	}
	return l
}

// allow takes a token for key, or says how long until one is available.
func (l *rateLimiter) allow(key string) (bool, time.Duration) {
	now := l.now()
	sh := &l.shards[maphash.String(l.seed, key)%limiterShards]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	b, ok := sh.clients[key]
	if !ok {
		l.makeRoom(sh, now)
		b = &bucket{tokens: l.burst, last: now}
		sh.clients[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// makeRoom forgets a shard's clients whose buckets have refilled: forgetting
// them changes nothing. It runs at most once a minute unless the shard is
// full.
func (l *rateLimiter) makeRoom(sh *limiterShard, now time.Time) {
	if len(sh.clients) < maxClients/limiterShards && now.Sub(sh.lastSweep) < sweepInterval {
		return
	}
	sh.lastSweep = now
	for k, b := range sh.clients {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(sh.clients, k)
		}
	}
	if len(sh.clients) >= maxClients/limiterShards {
		clear(sh.clients)
	}
}

// clientKey names the client a request counts against: its address (see
// ProxyTrust.client), with IPv6 clients keyed by their /64, which one
// subscriber usually holds whole.
func clientKey(r *http.Request, trust ProxyTrust) string {
	addr := trust.client(r)
	if !addr.IsValid() {
		return r.RemoteAddr
	}
	addr = addr.Unmap()
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.String()
	}
	return addr.String()
}

// clientNetwork names the network of the client a request comes from: an
// IPv4 /24 or an IPv6 /48, what one organisation or one provider's customer
// commonly holds. The vote ledger shares its room out by network.
func clientNetwork(r *http.Request, trust ProxyTrust) string {
	addr := trust.client(r)
	if !addr.IsValid() {
		return r.RemoteAddr
	}
	addr = addr.Unmap()
	bits := 24
	if addr.Is6() {
		bits = 48
	}
	p, _ := addr.Prefix(bits)
	return p.String()
}
