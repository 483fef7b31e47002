//go:build unix

package search

import "syscall"

// mapMemory returns n bytes of memory mapped for them, which the garbage collector neither scans nor counts, and
// whether it is (else it is on the heap).
func mapMemory(n int) ([]byte, bool) {
	mem, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return make([]byte, n), false
	}
	return mem, true
}

func unmapMemory(mem []byte) { syscall.Munmap(mem) }
