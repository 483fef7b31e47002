package main

import (
	"runtime/debug"
	"testing"
)

// kb build sets its soft memory limit and GOGC, and puts back what was
// there; a GOGC or GOMEMLIMIT in the environment is left alone.
func TestLimitBuildMemory(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	limit, percent := debug.SetMemoryLimit(-1), debug.SetGCPercent(-1)
	debug.SetGCPercent(percent)
	memory := limitBuildMemory()
	if got := debug.SetMemoryLimit(-1); got != buildMemoryLimit {
		t.Errorf("memory limit during the build: %d, want %d", got, buildMemoryLimit)
	}
	got := debug.SetGCPercent(buildGCPercent)
	if got != buildGCPercent {
		t.Errorf("GOGC during the build: %d, want %d", got, buildGCPercent)
	}
	// While a merge maps its segments, the heap makes room for them.
	release := memory.mapsMemory(40 << 20)
	if got := debug.SetMemoryLimit(-1); got != buildMemoryLimit-40<<20 {
		t.Errorf("memory limit while 40 MiB are mapped: %d, want %d", got, buildMemoryLimit-40<<20)
	}
	release()
	if got := debug.SetMemoryLimit(-1); got != buildMemoryLimit {
		t.Errorf("memory limit once the mapped files are let go: %d, want %d", got, buildMemoryLimit)
	}
	// A build that copies its pages from the build cache keeps its heap
	// smaller, and still makes room for mapped files.
	memory.reusingCache(30000)
	if got := debug.SetMemoryLimit(-1); got != cachedBuildMemoryLimit {
		t.Errorf("memory limit of a cached build: %d, want %d", got, cachedBuildMemoryLimit)
	}
	release = memory.mapsMemory(40 << 20)
	if got := debug.SetMemoryLimit(-1); got != cachedBuildMemoryLimit-40<<20 {
		t.Errorf("memory limit of a cached build while 40 MiB are mapped: %d, want %d", got, cachedBuildMemoryLimit-40<<20)
	}
	release()
	memory.restore()
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("memory limit after the build: %d, want %d as before", got, limit)
	}
	if got := debug.SetGCPercent(percent); got != percent {
		t.Errorf("GOGC after the build: %d, want %d as before", got, percent)
	}

	t.Setenv("GOMEMLIMIT", "1GiB")
	memory = limitBuildMemory()
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("with GOMEMLIMIT set, the memory limit became %d", got)
	}
	if memory.mapsMemory != nil || memory.reusingCache != nil {
		t.Error("with GOMEMLIMIT set, mapped files or the build cache still move the limit")
	}
	memory.restore()
}

// The limit makes room for mapped files, but never so much that the
// collector would run without a pause.
func TestBuildLimit(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct{ base, live, mapped, want int64 }{
		{544 * mib, 200 * mib, 0, 544 * mib},
		{544 * mib, 200 * mib, 45 * mib, 499 * mib},
		{544 * mib, 400 * mib, 100 * mib, 500 * mib}, // not below live + a quarter
	} {
		if got := buildLimit(c.base, c.live, c.mapped); got != c.want {
			t.Errorf("buildLimit(%d MiB, live %d MiB, mapped %d MiB) = %d MiB, want %d MiB", c.base/mib, c.live/mib, c.mapped/mib, got/mib, c.want/mib)
		}
	}
}
