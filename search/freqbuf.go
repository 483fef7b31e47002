package search

import (
	"math/bits"
	"sync"

	index "github.com/blevesearch/bleve_index_api"
)

// freqBuf holds one analyzed field's term frequencies: the map bleve's segment builder reads and the TokenFreqs it
// points to. A full build would otherwise make a map and a slice for every field of every document, about 700 MB on
// 30,000 pages, all of it with pointers for the collector to follow. The builder is done with a document's fields
// once it has written the segment of the document's batch, so feedLang hands the buffers of each written batch back
// (release) and memoAnalyzer.frequenciesOf takes them again for the next documents (getFreqBuf).
type freqBuf struct {
	freqs index.TokenFrequencies
	tfs   []index.TokenFreq
	class int
}

// Buffers come in two sizes per power of two (1, 2, 3, 4, 6, 8, 12, 16, …), so that a field gets a map at most half
// again as big as it needs: the builder ranges over each map twice, and ranging over a map costs its capacity.
const (
	freqClasses = 2 * 14  // up to 1<<13 terms
	freqMaxSize = 1 << 13 // a field with more distinct terms gets a buffer of its own, not pooled
)

var freqPools [freqClasses]sync.Pool

// freqClass is the pool and the size of a buffer for n terms, or -1 for a size that is not pooled.
func freqClass(n int) (class, size int) {
	if n <= 2 {
		return n, n
	}
	if n > freqMaxSize {
		return -1, n
	}
	k := bits.Len(uint(n - 1)) // 1<<(k-1) < n <= 1<<k, k >= 2
	if half := 3 << (k - 2); n <= half {
		return 2*k - 1, half
	}
	return 2 * k, 1 << k
}

// getFreqBuf returns an empty buffer for n terms: freqs has no entries and tfs has length n.
func getFreqBuf(n int) *freqBuf {
	class, size := freqClass(n)
	if class >= 0 {
		if b, ok := freqPools[class].Get().(*freqBuf); ok {
			b.tfs = b.tfs[:n]
			return b
		}
	}
	return &freqBuf{freqs: make(index.TokenFrequencies, size), tfs: make([]index.TokenFreq, n, size), class: class}
}

// release gives b back for another field. Nothing may use b's map or TokenFreqs after it.
func (b *freqBuf) release() {
	if b.class < 0 {
		return
	}
	clear(b.freqs) // the builder may have merged another field's terms into it (TokenFrequencies.MergeAll)
	clear(b.tfs)
	freqPools[b.class].Put(b)
}
