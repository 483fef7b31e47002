package atomicdir

import (
	"errors"

	"golang.org/x/sys/unix"
)

// exchange swaps two folders in one step. File systems without
// RENAME_EXCHANGE answer EINVAL; kernels before 3.15, ENOSYS.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) {
		return errNoExchange
	}
	return err
}
