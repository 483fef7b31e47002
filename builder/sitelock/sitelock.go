// Package sitelock lets one kb process at a time write a site: its output
// folder, its search index, its stamp and its content files. Two builds
// writing one output at once lose pages; with the lock, the second waits.
//
// The lock is <site>/.kb/lock, held with an advisory lock of the operating
// system (flock on Unix, LockFileEx on Windows), so a process that dies lets
// go of it at once and no stale lock is ever left to break. The file holds
// the holder's process id, shown to whoever waits.
package sitelock

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// ErrBusy is returned when another process holds the lock and the caller
// chose not to wait.
var ErrBusy = errors.New("another kb is writing this site")

// FileName is the lock's path inside the site folder.
const FileName = ".kb/lock"

// pollInterval is how often a waiting process tries again.
const pollInterval = 20 * time.Millisecond

// Options say how to wait.
type Options struct {
	// NoWait returns ErrBusy (wrapped, with the holder's pid) instead of
	// waiting for the holder.
	NoWait bool
	// Waiting is called once, with the holder's pid (0 when unknown), when
	// the lock is held by another process and the caller waits.
	Waiting func(pid int)
}

// Lock is a held site lock.
type Lock struct {
	f *os.File
}

// Acquire takes the lock of the site folder siteDir, waiting for another
// holder unless opts.NoWait.
func Acquire(ctx context.Context, siteDir string, opts Options) (*Lock, error) {
	path := filepath.Join(siteDir, filepath.FromSlash(FileName))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	told := false
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		if ok {
			break
		}
		pid := holder(f)
		if opts.NoWait {
			f.Close()
			return nil, fmt.Errorf("%w (kb pid %d holds %s)", ErrBusy, pid, path)
		}
		if !told && opts.Waiting != nil {
			opts.Waiting(pid)
			told = true
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(pollInterval):
		}
	}
	l := &Lock{f: f}
	if err := l.record(); err != nil {
		l.Release()
		return nil, err
	}
	return l, nil
}

// Release lets the next process in. The file stays, naming the last holder.
func (l *Lock) Release() {
	if l == nil || l.f == nil {
		return
	}
	unlock(l.f)
	l.f.Close()
	l.f = nil
}

// record writes the holder's pid into the lock file.
func (l *Lock) record() error {
	if err := l.f.Truncate(0); err != nil {
		return err
	}
	_, err := l.f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return err
}

// holder returns the pid recorded in the lock file, 0 when unknown.
func holder(f *os.File) int {
	b, err := io.ReadAll(io.NewSectionReader(f, 0, 32))
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}
