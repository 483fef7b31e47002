package server

import (
	"io"
	"sync"
	"time"
)

// LogWriter buffers the server's log lines and writes them out every flush
// interval, or at once when maxPendingLog bytes are waiting, so that a request
// that logs never waits for the terminal or the pipe behind it, and the lines
// of concurrent requests leave in one write instead of one each.
type LogWriter struct {
	mu      sync.Mutex
	pending []byte
	outMu   sync.Mutex // keeps the order of writes to out
	out     io.Writer
	stop    chan struct{}
	done    chan struct{}
}

// maxPendingLog is how much log waits for the next flush at most.
const maxPendingLog = 64 << 10

// NewLogWriter starts a LogWriter onto out, flushing every interval. Close
// flushes and stops it.
func NewLogWriter(out io.Writer, interval time.Duration) *LogWriter {
	w := &LogWriter{out: out, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-w.stop:
				return
			case <-t.C:
				w.Flush()
			}
		}
	}()
	return w
}

// Write keeps a copy of p for the next flush.
func (w *LogWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	w.pending = append(w.pending, p...)
	full := len(w.pending) >= maxPendingLog
	w.mu.Unlock()
	if full {
		w.Flush()
	}
	return len(p), nil
}

// Flush writes out what is pending.
func (w *LogWriter) Flush() error {
	w.outMu.Lock()
	defer w.outMu.Unlock()
	w.mu.Lock()
	buf := w.pending
	w.pending = nil
	w.mu.Unlock()
	if len(buf) == 0 {
		return nil
	}
	_, err := w.out.Write(buf)
	return err
}

// Close stops the flushing and writes out what is pending.
func (w *LogWriter) Close() error {
	select {
	case <-w.stop:
	default:
		close(w.stop)
	}
	<-w.done
	return w.Flush()
}
