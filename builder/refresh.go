package builder

import (
	"maps"
	"slices"
	"sync"
)

// refresher rewrites the static (browser) search index of the languages a
// rebuild changed, in the background, so a save is served without waiting
// for it. It owns its goroutines, their generation count and the languages
// still to refresh. A later refresh supersedes one still running, which
// then stops and writes nothing; its languages go with the later one.
type refresher struct {
	mu      sync.Mutex
	gen     uint64          // of the latest refresh started
	pending map[string]bool // languages whose static index awaits a refresh
	err     error           // of a failed refresh, until reported
	running sync.WaitGroup
}

// start refreshes langs and the languages a superseded refresh left, by
// calling run on a goroutine of its own. run writes the index files of the
// languages it is given, checking superseded as it goes, and writes
// nothing once it reports true.
func (f *refresher) start(langs []string, run func(langs []string, superseded func() bool) error) {
	if len(langs) == 0 {
		return
	}
	f.mu.Lock()
	if f.pending == nil {
		f.pending = map[string]bool{}
	}
	for _, l := range langs {
		f.pending[l] = true
	}
	f.gen++
	gen := f.gen
	all := slices.Sorted(maps.Keys(f.pending))
	f.mu.Unlock()

	superseded := func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.gen != gen
	}
	f.running.Add(1)
	go func() {
		defer f.running.Done()
		err := run(all, superseded)
		f.mu.Lock()
		defer f.mu.Unlock()
		switch {
		case f.gen != gen:
			// superseded: the later refresh has these languages
		case err != nil:
			f.err = err
		default:
			clear(f.pending)
		}
	}()
}

// wait blocks until every refresh has finished and reports a failed one.
func (f *refresher) wait() error {
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
