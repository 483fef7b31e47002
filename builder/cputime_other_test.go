//go:build !unix

package builder

import "time"

// cpuTime, where there is no getrusage, is the wall time since the test
// binary started: the benchmarks' cpu-ms/op then measures wall time.
func cpuTime() time.Duration { return time.Since(started) }

var started = time.Now()
