package builder

import (
	"context"
	"maps"
	"slices"
	"sync"
	"time"
)

// refreshDelay is how long a static index refresh waits after the rebuild
// that asked for it. Rewriting a language's static index costs seconds of
// CPU on a large site; meanwhile kb serve reopens its search index and the
// browser reloads the page, which the refresh would slow down. A save
// within the delay makes the refresh start over, once, after it.
const refreshDelay = 250 * time.Millisecond

// refresher rewrites the static (browser) search index of the languages a
// rebuild changed, in the background, so a save is served without waiting
// for it. It owns its goroutines, their generation count and the languages
// still to refresh. A later refresh supersedes one still running or
// waiting, which then stops soon and writes nothing; its languages go with
// the later one. A rebuild pauses the refresh while it runs (pause), and
// resumes it if it started none (resume).
type refresher struct {
	mu      sync.Mutex
	gen     uint64                                          // of the latest refresh started
	pending map[string]bool                                 // languages whose static index awaits a refresh
	job     func(ctx context.Context, langs []string) error // the latest refresh's work, for resume
	cancel  context.CancelFunc                              // of the refresh running or waiting
	hurry   chan struct{}                                   // closed: the waiting refresh starts now
	err     error                                           // of a failed refresh, until reported
	running sync.WaitGroup
}

// start refreshes langs and the languages a superseded refresh left, by
// calling run on a goroutine of its own after refreshDelay. run writes the
// index files of the languages it is given, checking ctx as it goes, and
// writes nothing once ctx has ended.
func (f *refresher) start(langs []string, run func(ctx context.Context, langs []string) error) {
	if len(langs) == 0 {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.pending == nil {
		f.pending = map[string]bool{}
	}
	for _, l := range langs {
		f.pending[l] = true
	}
	f.job = run
	f.launch()
}

// launch starts the latest job on the pending languages, superseding any
// refresh running or waiting. The caller holds mu.
func (f *refresher) launch() {
	f.stop()
	f.gen++
	gen := f.gen
	all := slices.Sorted(maps.Keys(f.pending))
	ctx, cancel := context.WithCancel(context.Background())
	hurry := make(chan struct{})
	f.cancel, f.hurry = cancel, hurry
	run := f.job
	f.running.Add(1)
	go func() {
		defer f.running.Done()
		defer cancel()
		t := time.NewTimer(refreshDelay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-hurry:
		case <-ctx.Done():
			return
		}
		err := run(ctx, all)
		f.mu.Lock()
		defer f.mu.Unlock()
		switch {
		case f.gen != gen || ctx.Err() != nil:
			// superseded or paused: the languages are still pending
		case err != nil:
			f.err = err
			f.cancel, f.hurry = nil, nil
		default:
			clear(f.pending)
			f.cancel, f.hurry = nil, nil
		}
	}()
}

// stop cancels the refresh running or waiting. The caller holds mu.
func (f *refresher) stop() {
	if f.cancel != nil {
		f.cancel()
	}
	f.cancel, f.hurry = nil, nil
}

// pause stops the refresh running or waiting, keeping its languages
// pending: a rebuild is about to make it stale, or needs the CPU.
func (f *refresher) pause() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cancel != nil {
		f.gen++
		f.stop()
	}
}

// resume starts the latest job again on the languages still pending, unless
// a refresh is already running or waiting: after a rebuild that failed, the
// static index catches up with the last good build.
func (f *refresher) resume() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cancel == nil && f.job != nil && len(f.pending) > 0 && f.err == nil {
		f.launch()
	}
}

// forget drops the pending languages and the job: a full build has just
// written every static index.
func (f *refresher) forget() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gen++
	f.stop()
	clear(f.pending)
	f.job = nil
}

// wait starts a waiting refresh at once, blocks until every refresh has
// finished, and reports a failed one.
func (f *refresher) wait() error {
	f.mu.Lock()
	if f.hurry != nil {
		close(f.hurry)
		f.hurry = nil
	}
	f.mu.Unlock()
	f.running.Wait()
	return f.failed()
}

// failed reports, once, the error of a refresh that failed.
func (f *refresher) failed() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	err := f.err
	f.err = nil
	return err
}
