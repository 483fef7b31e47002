package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// kb build's garbage collection, unless the environment sets GOGC or
// GOMEMLIMIT. A build's live heap grows to its peak for a few seconds per
// language, while that language's search indexes build (see README,
// "Performance"); with Go's default the heap then doubles the live heap. A
// soft limit of buildMemoryLimit caps it there, so the collector works
// harder only near the peak. For a site whose live heap needs more, the
// limit rises with the live heap, leaving it half again as much to grow
// into, so a big site never has its collector run nonstop.
const (
	buildMemoryLimit = 512 << 20
	buildGCPercent   = 300
)

// limitBuildMemory sets kb build's collector up and returns what restores
// the previous settings.
func limitBuildMemory() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	prevPercent := debug.SetGCPercent(buildGCPercent)
	prevLimit := debug.SetMemoryLimit(buildMemoryLimit)
	stop := make(chan struct{})
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var mu sync.Mutex // the limit is raised after a collection, restored at the end
	var limit int64 = buildMemoryLimit
	afterEachGC(stop, func() {
		metrics.Read(live)
		mu.Lock()
		defer mu.Unlock()
		if v := live[0].Value; limit > 0 && v.Kind() == metrics.KindUint64 {
			if want := int64(min(v.Uint64()+v.Uint64()/2, math.MaxInt64/2)); want > limit {
				limit = want
				debug.SetMemoryLimit(limit)
			}
		}
	})
	return func() {
		close(stop)
		mu.Lock()
		defer mu.Unlock()
		limit = 0
		debug.SetMemoryLimit(prevLimit)
		debug.SetGCPercent(prevPercent)
	}
}

// afterEachGC calls f after every garbage collection until stop is closed:
// f runs as the finalizer of an object that each collection finds
// unreachable and f makes reachable again.
func afterEachGC(stop <-chan struct{}, f func()) {
	type sentinel struct{ _ *int }
	var finalize func(*sentinel)
	finalize = func(s *sentinel) {
		select {
		case <-stop:
			return
		default:
		}
		f()
		runtime.SetFinalizer(s, finalize)
	}
	runtime.SetFinalizer(&sentinel{}, finalize)
}
