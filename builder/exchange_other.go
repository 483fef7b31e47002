//go:build !linux

package builder

import "os"

// exchange swaps two folders with two renames where the system has no atomic
// exchange; the window between them is short.
func exchange(a, b string) error {
	tmp := b + ".kb-old"
	if err := os.Rename(b, tmp); err != nil {
		return err
	}
	if err := os.Rename(a, b); err != nil {
		os.Rename(tmp, b)
		return err
	}
	return os.Rename(tmp, a)
}
