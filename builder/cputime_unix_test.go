//go:build unix

package builder

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user and system) the process has used: the
// machine may be shared, which makes wall time a poor measure.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
