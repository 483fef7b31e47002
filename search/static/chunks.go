package static

import (
	"encoding/binary"
	"hash/fnv"
	"math"
)

// Posting chunks are cut where their terms say, not by filling each chunk
// up to a size. Filled chunks move every later cut when one term grows or
// a new word comes in: an edit of three documents renumbered, and so
// rewrote, nearly every chunk file of a 10,000-document language. Here:
//   - a big term (chunkRaw of packed postings or more) starts a chunk;
//   - the small terms between two big ones join the first one's chunk when
//     they take less than minChunkRaw together (those before the first big
//     term, its chunk), so that a new word between two common ones adds no
//     chunk;
//   - a longer run of small terms is cut after a term with odds in
//     proportion to its postings' size, drawn from a hash of its name, as
//     content-defined chunking cuts a byte stream, once the chunk has
//     minChunkRaw, and before a term that would take it past maxChunkRaw.
//
// An edit then moves a cut only when it adds a term that draws one, or
// takes a run or a chunk across one of those sizes; the chunks past it
// keep their numbers and files.
const (
	// chunkRaw is about the mean size of a run's chunk's packed
	// postings: about chunkBytes of JSON.
	chunkRaw    = chunkBytes / 2
	minChunkRaw = chunkRaw / 4
	maxChunkRaw = 3 * chunkRaw
)

// chunkStarts cuts terms, in id order, into posting chunks, and returns the
// id each chunk starts at.
func chunkStarts(terms []*term) []int {
	size := func(i int) int { return len(terms[i].post) + 2 } // and its brackets
	var starts []int
	joinNext := false // the next big term joins the chunk of the run before it
	for i := 0; i < len(terms); {
		if size(i) >= chunkRaw {
			if !joinNext {
				starts = append(starts, i)
			}
			joinNext = false
			i++
			continue
		}
		// A run of small terms, up to the next big one.
		end, run := i, 0
		for end < len(terms) && size(end) < chunkRaw {
			run += size(end)
			end++
		}
		switch {
		case run < minChunkRaw && i > 0:
			// After a big term: it joins that term's chunk.
		case run < minChunkRaw:
			// Before the first big term: that term joins it.
			starts = append(starts, 0)
			joinNext = true
		default:
			starts = append(starts, i)
			acc := 0
			for j := i; j < end; j++ {
				n := size(j)
				if acc > 0 && acc+n > maxChunkRaw {
					starts = append(starts, j)
					acc = 0
				}
				acc += n
				if acc >= minChunkRaw && j+1 < end && drawsCut(terms[j].name, n) {
					starts = append(starts, j+1)
					acc = 0
				}
			}
		}
		i = end
	}
	return starts
}

// drawsCut reports whether a run's chunk ends after the term name whose
// postings take n bytes: with odds of n in chunkRaw-minChunkRaw.
func drawsCut(name string, n int) bool {
	h := fnv.New64a()
	h.Write([]byte(name))
	return float64(h.Sum64()>>11) < float64(n)/float64(chunkRaw-minChunkRaw)*(1<<53)
}

// stableAverage rounds a field's average length to three significant
// digits. Every weight depends on it: unrounded, an edit that adds a
// sentence moves it by a millionth and changes a few weights in every
// chunk. Rounded, it stays put for edits that small, and the weights of
// the documents that did not change stay what they were.
func stableAverage(x float64) float64 {
	if x <= 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return x
	}
	p := math.Pow(10, math.Floor(math.Log10(x))-2)
	return math.Round(x/p) * p
}

// chunkRecord is what a state keeps of a posting chunk: its first and last
// terms, how many it has, and the SHA-256 of its JSON. A chunk with the
// same first term, last term and count, none of them changed, weighed with
// the same averages, has the same JSON: its file is kept, not encoded.
type chunkRecord struct {
	first, last string
	n           int
	sum         [32]byte
	// heads is the SHA-256 of the JSON of the chunk's heads (h/<n>), zero
	// when it has none: heads are made from the chunk's postings alone, so
	// a kept chunk keeps its heads without reading its postings again.
	heads [32]byte
}

// lengthNorms returns, per document and field, k1 times BM25's length
// normalization: the part of every weight that depends on the document,
// computed once rather than for each of its postings.
func lengthNorms(lens [][nFields]int, avg [nFields]float64) [][nFields]float64 {
	norms := make([][nFields]float64, len(lens))
	for i := range lens {
		norms[i] = lengthNorm(lens[i], avg)
	}
	return norms
}

// lengthNorm is lengthNorms for one document.
func lengthNorm(lens [nFields]int, avg [nFields]float64) (norm [nFields]float64) {
	for f := range nFields {
		norm[f] = k1 * (1 - b + b*float64(lens[f])/avg[f])
	}
	return norm
}

// restOnly marks, in a posting's field mask, a document that has the term
// only as the rest of longer words, after the one-letter words the language
// joins to the front of a word (Analyzer.Proclitics): its weight is stored
// negative.
const restOnly = 1 << 7

// asTyped is what a query for a word as typed divides the weights of the
// documents that have its term only as the rest of longer words by: the
// server's exact match on the word as written (search/query.go's
// exactBoost) ranks the others above them. The client (EXACT) lowers
// those documents rather than raise the others, which would make the word
// as typed outweigh its own rest and the query's other words: the client
// takes the best of a word's terms, where the server adds them up.
const asTyped = 1.5

// typedWeight is a stored weight as a query for the word as typed weighs
// it (see asTyped).
func typedWeight(w int64) float64 {
	if w >= 0 {
		return float64(w)
	}
	return float64(-w) / asTyped
}

// postingWeight returns the weight stored for a posting whose field mask
// and frequencies start p, in a document whose lengthNorm is norm (negative
// when the mask has restOnly), and what follows them in p.
func postingWeight(p []byte, norm *[nFields]float64) (int64, []byte) {
	mask := p[0]
	p = p[1:]
	w := 0.0
	for f := range nFields {
		if mask&(1<<f) == 0 {
			continue
		}
		tf, n := binary.Uvarint(p)
		p = p[n:]
		t := float64(tf)
		w += boosts[f] * t * (k1 + 1) / (t + norm[f])
	}
	stored := int64(max(1, math.Round(w*weightScale)))
	if mask&restOnly != 0 {
		stored = -stored
	}
	return stored, p
}

// encodeChunk writes a posting chunk: for each term, the uvarint count of
// its postings, then each one's document as the uvarint difference from
// the last one's (the first from 0), then each one's weight as a varint
// (zigzag: negative for a document with the term only as the rest of
// longer words, see restOnly), norms being lengthNorms. Binary, the chunk
// gzips to about a sixth less than the same numbers as JSON
// ([docDelta,weight,…] per term), and the differences and the weights,
// each a run of one kind of small number, compress better apart than
// interleaved. It lets the terms' postings go unless keepPostings.
func encodeChunk(terms []*term, norms [][nFields]float64, keepPostings bool) []byte {
	// A posting takes 3 or 4 bytes packed, and about 2 encoded: sized
	// once, the buffer is not copied as it grows.
	n := 0
	for _, tm := range terms {
		n += len(tm.post) + binary.MaxVarintLen32
	}
	buf := make([]byte, 0, n)
	var deltas, weights []byte
	for _, tm := range terms {
		count := 0
		deltas, weights = deltas[:0], weights[:0]
		doc, prev := int32(0), int32(0)
		for post := tm.post; len(post) > 0; count++ {
			delta, n := binary.Uvarint(post)
			doc += int32(delta)
			var w int64
			w, post = postingWeight(post[n:], &norms[doc])
			deltas = binary.AppendUvarint(deltas, uint64(doc-prev))
			weights = binary.AppendVarint(weights, w)
			prev = doc
		}
		buf = append(append(binary.AppendUvarint(buf, uint64(count)), deltas...), weights...)
		if !keepPostings {
			tm.post = nil // encoded: let it go
		}
	}
	return buf
}

// keptChunk returns the last build's record of the chunk rec, whose terms
// are part, with the SHA-256 of what it wrote for the chunk and its heads,
// when it would write the same now.
func (al *analysis) keptChunk(rec chunkRecord, part []*term, avg [nFields]float64) (chunkRecord, bool) {
	old, ok := al.keptChunks[rec.first]
	if !ok || old.last != rec.last || old.n != rec.n || old.sum == [32]byte{} || al.keptAvg != avg {
		return chunkRecord{}, false
	}
	// Between the same first and last terms, as many terms, none of them
	// new: the same terms, and with the postings they had.
	for _, tm := range part {
		if tm.touched {
			return chunkRecord{}, false
		}
	}
	return old, true
}
