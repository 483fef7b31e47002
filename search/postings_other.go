//go:build !unix

package search

// mapMemory returns n bytes on the heap: memory is mapped on Unix only.
func mapMemory(n int) ([]byte, bool) { return make([]byte, n), false }

func unmapMemory([]byte) {}
