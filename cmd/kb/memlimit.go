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
//
// The limit also makes room for files the build maps into memory, which
// the Go runtime does not count: merging a language's server index
// segments maps them, some 45 MB on 30,000 pages, for a second or so
// (builder.Options.MapsMemory). Meanwhile the limit is lower by as much,
// so the process's peak memory is what the limit gives between merges,
// not that plus the segments. Each 32 MiB the limit leaves the heap is
// some 4% of a full build's time: the collector runs about every 0.3 s.
//
// A build that copies most pages from the build cache allocates only a
// few times its live heap (some 240 MB at most on 30,000 pages) in all.
// Room to grow then saves few collections, while every megabyte the heap
// grows into is memory the kernel must first clear, which on a shared
// machine costs more than a collection: its limit is
// cachedBuildMemoryLimit, rising with the live heap as above.
const (
	buildMemoryLimit       = 544 << 20
	cachedBuildMemoryLimit = 320 << 20
	buildGCPercent         = 300
)

// buildMemory is kb build's collector settings while it runs.
type buildMemory struct {
	restore func()
	// mapsMemory is for builder.Options.MapsMemory (nil when the
	// environment sets the collector up).
	mapsMemory func(bytes int64) (release func())
	// reusingCache is for builder.Options.ReusingCache (nil when the
	// environment sets the collector up).
	reusingCache func(pages int)
}

// limitBuildMemory sets kb build's collector up.
func limitBuildMemory() buildMemory {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return buildMemory{restore: func() {}}
	}
	prevPercent := debug.SetGCPercent(buildGCPercent)
	prevLimit := debug.SetMemoryLimit(buildMemoryLimit)
	stop := make(chan struct{})
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	// The limit is moved after a collection and for mapped files, and
	// restored at the end.
	var mu sync.Mutex
	var base, heap, mapped int64 = buildMemoryLimit, 0, 0
	done := false
	apply := func() { // mu is held
		if !done {
			debug.SetMemoryLimit(buildLimit(base, heap, mapped))
		}
	}
	afterEachGC(stop, func() {
		metrics.Read(live)
		mu.Lock()
		defer mu.Unlock()
		if v := live[0].Value; v.Kind() == metrics.KindUint64 {
			heap = int64(min(v.Uint64(), math.MaxInt64/4))
			base = max(base, heap+heap/2)
			apply()
		}
	})
	mapsMemory := func(bytes int64) func() {
		mu.Lock()
		defer mu.Unlock()
		mapped += bytes
		apply()
		return func() {
			mu.Lock()
			defer mu.Unlock()
			mapped -= bytes
			apply()
		}
	}
	reusingCache := func(int) {
		mu.Lock()
		defer mu.Unlock()
		base = max(cachedBuildMemoryLimit, heap+heap/2)
		apply()
	}
	return buildMemory{mapsMemory: mapsMemory, reusingCache: reusingCache, restore: func() {
		close(stop)
		mu.Lock()
		defer mu.Unlock()
		done = true
		debug.SetMemoryLimit(prevLimit)
		debug.SetGCPercent(prevPercent)
	}}
}

// buildLimit is the memory limit with base (buildMemoryLimit, or more for
// a big site's live heap), live bytes of live heap at the last collection
// and mapped bytes of files mapped into memory: base less mapped, but
// never below a quarter more than the live heap, where the collector would
// run nonstop.
func buildLimit(base, live, mapped int64) int64 {
	return max(base-mapped, live+live/4)
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
