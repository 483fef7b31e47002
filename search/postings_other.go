//go:build !unix

package search

// alloc makes room for n postings.
func (p *postings) alloc(n int) { p.allocHeap(n) }
