package server

import (
	"context"
	"sync/atomic"
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
