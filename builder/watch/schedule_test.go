package watch

import (
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

func TestSchedule(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var runs atomic.Int32
		var ranAt time.Time
		s := NewSchedule(func() { runs.Add(1); ranAt = time.Now() })
		defer s.Stop()

		due := time.Now().Add(150 * time.Second) // past a few rechecks
		s.At(time.Now().Add(time.Hour))
		s.At(due) // replaces the hour
		time.Sleep(2 * time.Hour)
		synctest.Wait()
		if runs.Load() != 1 || ranAt.Before(due) {
			t.Fatalf("%d runs, the last at %v; want one at %v", runs.Load(), ranAt, due)
		}

		s.At(time.Now().Add(time.Second))
		s.At(time.Time{}) // nothing due any more
		time.Sleep(time.Minute)
		synctest.Wait()
		if runs.Load() != 1 {
			t.Errorf("%d runs after the moment was cleared", runs.Load())
		}

		s.At(time.Now().Add(time.Second))
		s.Stop()
		time.Sleep(time.Minute)
		synctest.Wait()
		if runs.Load() != 1 {
			t.Errorf("%d runs after Stop", runs.Load())
		}
	})
}

// TestScheduleRearmsFromItsFunction: the function sets the next moment, as
// kb serve does after each build.
func TestScheduleRearmsFromItsFunction(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var runs int
		var s *Schedule
		s = NewSchedule(func() {
			runs++
			if runs < 3 {
				s.At(time.Now().Add(10 * time.Second))
			}
		})
		defer s.Stop()
		s.At(time.Now().Add(10 * time.Second))
		time.Sleep(time.Hour)
		synctest.Wait()
		if runs != 3 {
			t.Errorf("%d runs, want 3", runs)
		}
	})
}
