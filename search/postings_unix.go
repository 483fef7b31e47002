//go:build unix

package search

import (
	"runtime"
	"syscall"
	"unsafe"
)

// alloc makes room for n postings, off the heap for a long list; the memory is unmapped once p is unreachable.
func (p *postings) alloc(n int) {
	if n >= offHeapPostings {
		mem, err := syscall.Mmap(-1, 0, 12*n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
		if err == nil {
			p.docs = unsafe.Slice((*uint32)(unsafe.Pointer(&mem[0])), n)[:0]
			p.freqs = unsafe.Slice((*uint32)(unsafe.Pointer(&mem[4*n])), n)[:0]
			p.norms = unsafe.Slice((*float32)(unsafe.Pointer(&mem[8*n])), n)[:0]
			runtime.AddCleanup(p, func(mem []byte) { syscall.Munmap(mem) }, mem)
			return
		}
	}
	p.allocHeap(n)
}
