package rawfile

import "io"

// WriteChunk is the most kb hands the system in one write call. Linux
// caches a file's pages in folios sized to the write that fills them, so
// a write of a megabyte asks for megabyte-sized blocks of free memory. In
// a virtual machine that hands its free memory back to the host (as CI
// runners and this project's benchmark machine do) such blocks are the
// ones most likely handed back, and each of their pages is then touched
// for the first time through the host: a 700 MB file written a megabyte at
// a time took 3 to 6 s of system time in some runs, written 64 KB at a
// time 0.2 s in all. Elsewhere the chunk costs a system call per 64 KB,
// which is nothing beside the copy.
const WriteChunk = 64 << 10

// ChunkWriter passes what it is given on to W at most WriteChunk bytes at
// a time (see WriteChunk). Put it under a bufio.Writer, which passes a
// write bigger than its buffer on whole.
type ChunkWriter struct{ W io.Writer }

func (c ChunkWriter) Write(p []byte) (int, error) {
	done := 0
	for done < len(p) {
		n, err := c.W.Write(p[done:min(len(p), done+WriteChunk)])
		done += n
		if err != nil {
			return done, err
		}
	}
	return done, nil
}
