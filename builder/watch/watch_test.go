package watch

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// recorder is an fn for Batch that records its batches and can be held
// inside a call, as a long rebuild would be.
type recorder struct {
	mu      sync.Mutex
	batches [][]string
	hold    chan struct{} // when set, each call waits for a receive from it
}

func (r *recorder) fn(b []string) {
	if r.hold != nil {
		<-r.hold
	}
	r.mu.Lock()
	r.batches = append(r.batches, b)
	r.mu.Unlock()
}

func (r *recorder) got() [][]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.batches)
}

func TestBatchCoalescesBursts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in := make(chan Change)
		var r recorder
		go Batch(t.Context(), in, 50*time.Millisecond, slog.New(slog.DiscardHandler), r.fn)

		// A burst: three events 10 ms apart, one path twice.
		for _, p := range []string{"b.md", "a.md", "b.md"} {
			in <- Change{Path: p}
			time.Sleep(10 * time.Millisecond)
		}
		synctest.Wait()
		if len(r.got()) != 0 {
			t.Fatalf("batch sent before the quiet period ended")
		}
		time.Sleep(50 * time.Millisecond)
		synctest.Wait()
		if got := r.got(); len(got) != 1 || !slices.Equal(got[0], []string{"a.md", "b.md"}) {
			t.Fatalf("batches = %v, want [[a.md b.md]]", got)
		}

		// A later change is a batch of its own.
		in <- Change{Path: "c.md"}
		time.Sleep(60 * time.Millisecond)
		synctest.Wait()
		if got := r.got(); len(got) != 2 || !slices.Equal(got[1], []string{"c.md"}) {
			t.Fatalf("batches = %v, want a second batch [c.md]", got)
		}
	})
}

// TestBatchCollectsWhileBusy holds the first rebuild while thousands of
// changes arrive: every send is taken at once (none waits for the rebuild),
// and they all come as the next batch.
func TestBatchCollectsWhileBusy(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in := make(chan Change)
		r := recorder{hold: make(chan struct{})}
		go Batch(t.Context(), in, 10*time.Millisecond, slog.New(slog.DiscardHandler), r.fn)

		in <- Change{Path: "first.md"}
		time.Sleep(20 * time.Millisecond) // the first rebuild starts, and is held
		synctest.Wait()
		var want []string
		for i := range 5000 {
			p := fmt.Sprintf("content/burst/%d/%04d.md", i%10, i)
			select {
			case in <- Change{Path: p}:
			case <-time.After(time.Millisecond):
				t.Fatalf("change %d waited for the running rebuild", i)
			}
			want = append(want, p)
		}
		slices.Sort(want)
		r.hold <- struct{}{} // the first rebuild ends
		time.Sleep(20 * time.Millisecond)
		synctest.Wait()
		r.hold <- struct{}{} // the second one runs
		synctest.Wait()
		got := r.got()
		if len(got) != 2 || !slices.Equal(got[0], []string{"first.md"}) || !slices.Equal(got[1], want) {
			t.Fatalf("got %d batches (first %v, second of %d paths), want [first.md] then the %d burst paths", len(got), got[0], len(got[len(got)-1]), len(want))
		}
	})
}

// TestBatchRescan checks that a possible loss (an overflow) turns the next
// batch into a full rebuild, said once in the log however many errors come.
func TestBatchRescan(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in := make(chan Change)
		var r recorder
		var log bytes.Buffer
		go Batch(t.Context(), in, 10*time.Millisecond, slog.New(slog.NewTextHandler(&log, nil)), r.fn)
		in <- Change{Path: "a.md"}
		for range 3 {
			in <- Change{Rescan: true, Err: os.ErrDeadlineExceeded}
		}
		in <- Change{Path: "b.md"}
		time.Sleep(20 * time.Millisecond)
		synctest.Wait()
		if got := r.got(); len(got) != 1 || got[0] != nil {
			t.Fatalf("batches = %v, want one nil batch (rebuild everything)", got)
		}
		if n := strings.Count(log.String(), "rebuilding everything"); n != 1 {
			t.Fatalf("the log says it %d times, want once:\n%s", n, log.String())
		}
		in <- Change{Path: "c.md"}
		time.Sleep(20 * time.Millisecond)
		synctest.Wait()
		if got := r.got(); len(got) != 2 || !slices.Equal(got[1], []string{"c.md"}) {
			t.Fatalf("after the rescan, batches = %v, want [c.md] next", got)
		}
	})
}

func TestWatcherSeesEditsInNewFolders(t *testing.T) {
	site := t.TempDir()
	if err := os.MkdirAll(filepath.Join(site, "content", "en"), 0o755); err != nil {
		t.Fatal(err)
	}
	w, err := New(site, nil, "content")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	got := make(chan []string, 8)
	go w.Run(ctx, 30*time.Millisecond, func(b []string) { got <- b })

	// A folder that appears with files already in it (as git creates them),
	// beside editor leftovers that are never a change.
	newDir := filepath.Join(site, "content", "el", "faq")
	if err := os.MkdirAll(newDir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(newDir, "returns.md")
	for _, f := range []string{".returns.md.swp", "returns.md~", "#returns.md#", "4913", "returns.md.bak"} {
		os.WriteFile(filepath.Join(newDir, f), []byte("x"), 0o644)
	}
	if err := os.WriteFile(file, []byte("+++\ntitle = \"x\"\n+++\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for {
		select {
		case b := <-got:
			for _, p := range b {
				if base := filepath.Base(p); base != "returns.md" && base != "el" && base != "faq" {
					t.Fatalf("batch has an ignored file: %v", b)
				}
			}
			if slices.Contains(b, file) {
				return
			}
		case <-ctx.Done():
			t.Fatal("no batch with the file written into a new folder")
		}
	}
}

// TestWatcherOnEventBeforeBatch: OnEvent hears of a save before the quiet
// period ends and the batch runs, and does not hear of editor leftovers.
func TestWatcherOnEventBeforeBatch(t *testing.T) {
	site := t.TempDir()
	dir := filepath.Join(site, "content", "en")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	w, err := New(site, nil, "content")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	var events atomic.Int32
	w.OnEvent(func() { events.Add(1) })
	got := make(chan int32, 8)
	go w.Run(ctx, 30*time.Millisecond, func([]string) { got <- events.Load() })

	os.WriteFile(filepath.Join(dir, ".page.md.swp"), []byte("x"), 0o644)
	time.Sleep(50 * time.Millisecond)
	if n := events.Load(); n != 0 {
		t.Fatalf("%d events for an editor's swap file", n)
	}
	os.WriteFile(filepath.Join(dir, "page.md"), []byte("+++\ntitle = \"x\"\n+++\n"), 0o644)
	select {
	case n := <-got:
		if n == 0 {
			t.Error("the batch ran before OnEvent heard of the save")
		}
	case <-ctx.Done():
		t.Fatal("no batch")
	}
}
