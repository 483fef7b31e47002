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
	restore := limitBuildMemory()
	if got := debug.SetMemoryLimit(-1); got != buildMemoryLimit {
		t.Errorf("memory limit during the build: %d, want %d", got, buildMemoryLimit)
	}
	got := debug.SetGCPercent(buildGCPercent)
	if got != buildGCPercent {
		t.Errorf("GOGC during the build: %d, want %d", got, buildGCPercent)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("memory limit after the build: %d, want %d as before", got, limit)
	}
	if got := debug.SetGCPercent(percent); got != percent {
		t.Errorf("GOGC after the build: %d, want %d as before", got, percent)
	}

	t.Setenv("GOMEMLIMIT", "1GiB")
	restore = limitBuildMemory()
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("with GOMEMLIMIT set, the memory limit became %d", got)
	}
	restore()
}
