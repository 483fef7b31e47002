package search

import "golang.org/x/sys/unix"

// exchange atomically swaps two directories (renameat2 RENAME_EXCHANGE), so dir always exists for a server.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
