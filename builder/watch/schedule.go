package watch

import (
	"sync"
	"time"
)

// recheck bounds how long a Schedule sleeps at a time: a timer counts
// elapsed time, which a suspended laptop or a clock set forward does not
// advance, while a publishDate is a wall-clock time.
const recheck = time.Minute

// Schedule runs a function when a moment comes that no file event
// announces: a page's publishDate or its expiryDate, after which what the
// site publishes changes. One moment is due at a time; At replaces it.
type Schedule struct {
	fn      func()
	mu      sync.Mutex
	timer   *time.Timer
	gen     uint64 // of the latest At: an older timer that fires anyway does nothing
	stopped bool
	running sync.WaitGroup
}

// NewSchedule returns a schedule that calls fn, on a goroutine of its
// own, at each moment set with At.
func NewSchedule(fn func()) *Schedule { return &Schedule{fn: fn} }

// At makes t the moment fn runs, replacing the one set before; a zero t
// runs nothing. fn may call At, to set the next moment.
func (s *Schedule) At(t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.disarm()
	if t.IsZero() || s.stopped {
		return
	}
	gen := s.gen
	s.running.Add(1)
	s.timer = time.AfterFunc(min(time.Until(t), recheck), func() {
		defer s.running.Done()
		s.mu.Lock()
		current := gen == s.gen && !s.stopped
		s.mu.Unlock()
		switch {
		case !current:
		case time.Now().Before(t):
			s.At(t) // woken to look at the clock again
		default:
			s.fn()
		}
	})
}

// Stop cancels the moment set and returns once a run of fn under way has
// ended; At does nothing afterwards.
func (s *Schedule) Stop() {
	s.mu.Lock()
	s.stopped = true
	s.disarm()
	s.mu.Unlock()
	s.running.Wait()
}

// disarm cancels the moment set, if its timer has not fired yet. The
// caller holds mu.
func (s *Schedule) disarm() {
	s.gen++
	if s.timer != nil && s.timer.Stop() {
		s.running.Done() // its function will not run
	}
	s.timer = nil
}
