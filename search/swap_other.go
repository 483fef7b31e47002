//go:build !linux

package search

import "errors"

// exchange has no atomic implementation here; swapDir falls back to two renames.
func exchange(a, b string) error {
	return errors.New("search: no atomic directory exchange on this system")
}
