//go:build !unix && !windows

package sitelock

import "os"

// Systems with no file locking (wasip1, plan9) run unlocked: kb is one
// process there.
func tryLock(*os.File) (bool, error) { return true, nil }

func unlock(*os.File) {}
