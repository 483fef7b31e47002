package rawfile

import "io"

// WriteChunk is the most kb hands the system in one write call. Linux
// caches a file's pages in folios sized to the write that fills them, so
// a write of a megabyte asks for megabyte-sized blocks of free memory. In
// a virtual machine that hands its free memory back to the host (as this
// project's benchmark machine does, and cloud CI runners may) such blocks
// are the ones most likely handed back, and each of their pages is then
// touched for the first time through the host: a 700 MB file written a
// megabyte at a time took 3.3 to 10.1 s of system time in 7 of 11 runs,
// written 64 KB at a time 0.18 to 0.40 s in all 11 (see bench/README.md,
// round twenty-five). Elsewhere the chunk costs a system call per 64 KB,
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
