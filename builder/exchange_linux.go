package builder

import "golang.org/x/sys/unix"

// exchange swaps two folders in one atomic step, so readers of the output
// folder see either the old site or the new one, never a mix or nothing.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
