//go:build !linux

package rawfile

import "os"

// setDirect is Linux's O_DIRECT; elsewhere the writes go through the page
// cache.
func setDirect(*os.File, bool) bool { return false }

func isInvalid(error) bool { return false }
