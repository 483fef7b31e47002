package server

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"
)

// searchGate lets a few searches run at once (as many as there are CPUs to
// run them) and has the others wait their turn, first come first served.
// Without it a busy server runs every request's search at the same time, and
// the Go scheduler, which serves goroutines that a network read wakes behind
// those already running, let some requests wait hundreds of milliseconds
// while later ones went through: with 32 clients on 2 cores the 99th
// percentile was 15 times the mean. Taking turns costs nothing when no one
// waits, and a cached answer does not take one.
type searchGate struct {
	slots   chan struct{}
	waiting atomic.Int64 // searches waiting for their turn, for /metrics
	waited  atomic.Int64 // searches that had to wait, since spareProc last looked
}

func newSearchGate(n int) *searchGate {
	return &searchGate{slots: make(chan struct{}, n)}
}

// enter waits for a turn (a channel's waiting senders are served in order),
// or until ctx is done.
func (g *searchGate) enter(ctx context.Context) error {
	select {
	case g.slots <- struct{}{}:
		return nil
	default:
	}
	g.waited.Add(1)
	g.waiting.Add(1)
	defer g.waiting.Add(-1)
	select {
	case g.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// leave ends a turn that enter began.
func (g *searchGate) leave() { <-g.slots }

// running is how many searches have a turn.
func (g *searchGate) running() int { return len(g.slots) }

// spareProc gives the Go scheduler one processor more than the searches'
// turns (GOMAXPROCS+1) while searches have to wait for one, and takes it
// back once none has waited for quiet: with every processor searching, a
// request that arrived waited in the scheduler's queue behind the searches
// under way (the network is polled there only every 10 ms, and what it
// finds runs after the processors' own queues), while the spare processor
// reads requests and writes answers at once. Without waiting searches (a
// mix of cached answers) a third busy thread on two cores only lengthened
// the tail. It checks every tick until ctx is done, and leaves GOMAXPROCS
// as it found it.
func (g *searchGate) spareProc(ctx context.Context, tick, quiet time.Duration) {
	base := runtime.GOMAXPROCS(0)
	spare := false
	var calm time.Duration
	t := time.NewTicker(tick)
	defer t.Stop()
	defer func() {
		if spare {
			runtime.GOMAXPROCS(base)
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		switch {
		case g.waited.Swap(0) > 0:
			calm = 0
			if !spare {
				runtime.GOMAXPROCS(base + 1)
				spare = true
			}
		case spare:
			if calm += tick; calm >= quiet {
				runtime.GOMAXPROCS(base)
				spare = false
			}
		}
	}
}
