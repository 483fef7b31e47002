package analytics

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"kb/search"
	"kb/search/server"
)

// backend is a Backend that fails while told to and keeps what it is given.
type backend struct {
	mu      sync.Mutex
	fail    error
	batches []Batch
	tries   int
}

func (b *backend) Write(_ context.Context, batch Batch) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.tries++
	if b.fail != nil {
		return b.fail
	}
	b.batches = append(b.batches, batch)
	return nil
}

func (b *backend) Maintain(context.Context) error { return nil }

func (b *backend) setFail(err error) { b.mu.Lock(); b.fail = err; b.mu.Unlock() }

// searches is how many searches were written.
func (b *backend) searches() (n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, batch := range b.batches {
		for _, s := range batch.Searches {
			n += s.Searches
		}
	}
	return n
}

func TestRecorderRetriesUntilTheStoreAnswers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := &backend{fail: errors.New("connection refused")}
		r := NewRecorder(b, Options{QueueSize: 10, BatchSize: 4})
		defer r.Close()
		for _, q := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r"} {
			r.RecordSearch(search.Query{Text: q, Lang: "en"}, search.Result{Total: 1})
			synctest.Wait() // the writer takes what it can
		}
		// A batch of 4 is held for retrying, 9 wait in the queue (the
		// tenth place is kept for a vote), the other 5 are dropped.
		time.Sleep(30 * time.Second)
		synctest.Wait()
		if n := b.searches(); n != 0 || r.Dropped() != 5 {
			t.Fatalf("while failing: %d written, %d dropped; want 0 and 5", n, r.Dropped())
		}
		// Backoff: far fewer attempts than seconds.
		if b.tries > 10 {
			t.Errorf("%d attempts in 30 s", b.tries)
		}
		b.setFail(nil)
		time.Sleep(15 * time.Second)
		synctest.Wait()
		if n := b.searches(); n != 13 {
			t.Errorf("after the store came back: %d written, want 13", n)
		}
	})
}

func TestRecorderDropsARefusedBatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := &backend{fail: Rejected(errors.New("invalid byte sequence"))}
		r := NewRecorder(b, Options{})
		defer r.Close()
		for _, q := range []string{"a", "b", "c"} {
			r.RecordSearch(search.Query{Text: q, Lang: "en"}, search.Result{Total: 1})
		}
		time.Sleep(5 * time.Second)
		synctest.Wait()
		if r.Dropped() != 3 || b.tries != 1 {
			t.Errorf("%d dropped after %d attempts; want 3 after 1", r.Dropped(), b.tries)
		}
	})
}

func TestRecorderCloseWritesTheQueue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := &backend{}
		r := NewRecorder(b, Options{BatchSize: 2})
		for _, q := range []string{"a", "b", "c", "d", "e"} {
			r.RecordSearch(search.Query{Text: q, Lang: "en"}, search.Result{Total: 1})
		}
		if err := r.RecordFeedback(context.Background(), server.Feedback{Page: "/en/", Lang: "en"}); err != nil {
			t.Fatal(err)
		}
		// No time passes: only Close can have written them.
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		votes := 0
		for _, batch := range b.batches {
			votes += len(batch.Votes)
		}
		if b.searches() != 5 || votes != 1 {
			t.Errorf("after Close: %d searches and %d votes written, want 5 and 1", b.searches(), votes)
		}
	})
}

func TestRecorderCloseGivesUpOnADeadStore(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := &backend{fail: errors.New("connection refused")}
		r := NewRecorder(b, Options{})
		r.RecordSearch(search.Query{Text: "a", Lang: "en"}, search.Result{Total: 1})
		if err := r.Close(); err == nil {
			t.Error("Close reported no error with the store down")
		}
		if r.Dropped() != 1 {
			t.Errorf("%d dropped, want 1", r.Dropped())
		}
	})
}
