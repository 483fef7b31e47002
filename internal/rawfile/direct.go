package rawfile

import (
	"errors"
	"os"
	"sync"
	"unsafe"
)

// directAlign is the alignment O_DIRECT asks of a write's offset, length
// and memory: 4096 covers every logical block size in use.
const directAlign = 4096

// directBuffer is how much a DirectWriter hands the system in one write,
// and directBuffers how many such buffers it fills at most before it waits
// for the disk: one while the disk is fast, more while it is busy with the
// files written through the page cache (a full build's output), where two
// let the build wait 0.2 s in all on 30,000 pages.
const (
	directBuffer  = 1 << 20
	directBuffers = 8
)

// DirectWriter writes a new file past the page cache (O_DIRECT, where the
// system and the file system have it), a megabyte at a time, from a
// goroutine of its own, so that the writer waits for the disk only when it
// is directBuffers megabytes ahead of it.
//
// It is for a big file that this process only writes and a later one reads
// (the build cache's pack). Written through the page cache, each of its
// pages would first take a page of this machine's free memory, and in a
// virtual machine that hands its free memory back to the host (as this
// project's benchmark machine does, and cloud CI runners may) the host
// must back each such page again: on 30,000 pages the pack's 750 MB cost
// 0.5 to 10 s of system time that way (5.5 s the median of 11 builds),
// against about 0.6 s of disk writes at 1.4 GB/s.
//
// Where O_DIRECT is refused, it writes as any buffered writer, a chunk at
// a time (see WriteChunk).
type DirectWriter struct {
	f       *os.File
	buf     []byte      // being filled
	n       int         // bytes in buf
	toWrite chan []byte // whole buffers for the goroutine, in order
	spare   chan []byte // buffers the goroutine is done with
	buffers int         // how many buffers there are
	done    chan struct{}
	direct  bool // O_DIRECT is on; the goroutine's until done, then Flush's
	ended   bool

	mu  sync.Mutex
	err error // the first error
}

// NewDirectWriter writes f, a file just created and empty, from its start.
// Flush writes what is left and must be called once all is written, also
// when the file is then given up, so that the goroutine ends.
func NewDirectWriter(f *os.File) *DirectWriter {
	w := &DirectWriter{
		f:       f,
		buf:     alignedBuffer(),
		toWrite: make(chan []byte, directBuffers),
		spare:   make(chan []byte, directBuffers),
		buffers: 1,
		done:    make(chan struct{}),
		direct:  setDirect(f, true),
	}
	go w.writeBuffers()
	return w
}

// alignedBuffer is directBuffer bytes whose start is directAlign-aligned.
func alignedBuffer() []byte {
	raw := make([]byte, directBuffer+directAlign)
	skip := int(-uintptr(unsafe.Pointer(&raw[0])) & (directAlign - 1))
	return raw[skip : skip+directBuffer : skip+directBuffer]
}

var errWriteAfterFlush = errors.New("rawfile: write after the end of a DirectWriter")

// Write copies p into the writer's buffer; a full buffer goes to the
// goroutine. An error in an earlier write is returned by the next call.
func (w *DirectWriter) Write(p []byte) (int, error) {
	if w.ended {
		return 0, errWriteAfterFlush
	}
	done := 0
	for done < len(p) {
		if err := w.firstError(); err != nil {
			return done, err
		}
		c := copy(w.buf[w.n:], p[done:])
		w.n += c
		done += c
		if w.n == len(w.buf) {
			w.toWrite <- w.buf // there is room for every buffer
			w.buf, w.n = w.nextBuffer(), 0
		}
	}
	return done, nil
}

// nextBuffer is a buffer the goroutine is done with, else a new one while
// there are fewer than directBuffers, else the next the goroutine is done
// with.
func (w *DirectWriter) nextBuffer() []byte {
	select {
	case b := <-w.spare:
		return b
	default:
	}
	if w.buffers < directBuffers {
		w.buffers++
		return alignedBuffer()
	}
	return <-w.spare
}

// Flush writes what is buffered, waiting for the goroutine's writes, and
// ends the writer: the file's last bytes, less than a block, can only be
// written without O_DIRECT, after which nothing may be written.
func (w *DirectWriter) Flush() error {
	if w.ended {
		return w.firstError()
	}
	w.ended = true
	close(w.toWrite)
	<-w.done
	if w.firstError() == nil {
		whole := w.n &^ (directAlign - 1)
		err := w.writeOut(w.buf[:whole])
		if err == nil && whole < w.n {
			if w.direct {
				setDirect(w.f, false)
				w.direct = false
			}
			err = w.writeOut(w.buf[whole:w.n])
		}
		w.fail(err)
	}
	w.buf = nil
	return w.firstError()
}

// writeBuffers is the goroutine: it writes the buffers sent to it, in
// order, until the first error, and hands each back.
func (w *DirectWriter) writeBuffers() {
	defer close(w.done)
	for b := range w.toWrite {
		if w.firstError() == nil {
			w.fail(w.writeOut(b))
		}
		w.spare <- b
	}
}

// writeOut writes b at the file's offset. A file system that takes
// O_DIRECT when it is set but refuses its writes (EINVAL) gets b, and
// what follows, through the page cache.
func (w *DirectWriter) writeOut(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	if w.direct {
		n, err := w.f.Write(b)
		if err == nil || !isInvalid(err) {
			return err
		}
		setDirect(w.f, false)
		w.direct = false
		b = b[n:]
	}
	_, err := ChunkWriter{W: w.f}.Write(b)
	return err
}

func (w *DirectWriter) fail(err error) {
	if err == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		w.err = err
	}
}

func (w *DirectWriter) firstError() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// directMin is the least a file must hold for WriteForLater to write it
// past the page cache: below it the writer's own buffers would take more
// fresh memory than the page cache saves.
const directMin = 4 << 20

// WriteForLater writes parts to f, a file just created and empty, that a
// later process reads (a build cache's index): a file of directMin bytes
// or more through a DirectWriter, a smaller one a chunk at a time.
func WriteForLater(f *os.File, parts ...[]byte) error {
	size := 0
	for _, p := range parts {
		size += len(p)
	}
	if size < directMin {
		for _, p := range parts {
			if _, err := (ChunkWriter{W: f}).Write(p); err != nil {
				return err
			}
		}
		return nil
	}
	w := NewDirectWriter(f)
	for _, p := range parts {
		if _, err := w.Write(p); err != nil {
			w.Flush()
			return err
		}
	}
	return w.Flush()
}
