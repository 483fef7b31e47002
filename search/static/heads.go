package static

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strconv"
)

// A word in most documents has a postings list of tens of kilobytes, which
// a one-word search would fetch whole to show its first few results. For
// such a term the build also writes its head: its first postings in the
// order the client ranks the documents of a query that is that one term
// (by weight, the heaviest first, then by document, as a score grows with
// the weight alone; with proclitics, the word as typed: see typedWeight),
// and its document frequency, which is the query's
// count of results and weighs its score. A page of results the head holds
// is the same page, in the same order, as the whole list gives; the
// client fetches the whole list for any other query or a longer page.
//
//	h/<n>.json.gz   the heads of posting chunk n's long terms, when meta.ph has bit n (see headBits):
//	                {"i":[df,docDelta,weight,…]}, i the term's place in the chunk (its ID less the chunk's
//	                first, as p/<n> places it), the head's postings in doc order
var (
	// headMinDocs is the fewest documents a term has a head for:
	// below it, the whole list is a few kilobytes at most.
	headMinDocs = 1000
	// headPostings is how many postings a head holds: a results page
	// shows 20.
	headPostings = 24
)

// headsName is the file of the heads of posting chunk c.
func headsName(c int) string { return "h/" + strconv.Itoa(c) + ".json.gz" }

// headTerms are the terms of part long enough to have a head.
func headTerms(part []*term) []*term {
	var out []*term
	for _, tm := range part {
		if tm.df >= headMinDocs {
			out = append(out, tm)
		}
	}
	return out
}

// encodeHeads writes the JSON of the heads of terms, the long ones of the
// chunk whose first term has ID first, norms being lengthNorms; it only
// reads their postings. A term is named by its place in the chunk, not by
// its ID: a word new to the site moves every later ID on, and a chunk's
// file should change only when its own terms do (a CI build that changed
// ten articles rewrote all 1,060 heads of the benchmark corpus).
func encodeHeads(terms []*term, first int, norms [][nFields]float64) []byte {
	type posting struct {
		doc int32
		w   int64
	}
	rank := func(x, y posting) int {
		return cmp.Or(cmp.Compare(typedWeight(y.w), typedWeight(x.w)), cmp.Compare(x.doc, y.doc))
	}
	buf := []byte{'{'}
	head := make([]posting, 0, headPostings+1)
	for i, tm := range terms {
		// The best postings so far, in rank order. Documents come in
		// order, so a posting no heavier than the last kept ranks after it.
		head = head[:0]
		doc := int32(0)
		for p := tm.post; len(p) > 0; {
			delta, n := binary.Uvarint(p)
			doc += int32(delta)
			var w int64
			w, p = postingWeight(p[n:], &norms[doc])
			if len(head) == headPostings && typedWeight(w) <= typedWeight(head[len(head)-1].w) {
				continue
			}
			at, _ := slices.BinarySearchFunc(head, posting{doc, w}, rank)
			head = slices.Insert(head, at, posting{doc, w})
			head = head[:min(len(head), headPostings)]
		}
		slices.SortFunc(head, func(x, y posting) int { return cmp.Compare(x.doc, y.doc) })
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(strconv.AppendInt(append(buf, '"'), int64(tm.id-first), 10), '"', ':', '[')
		buf = strconv.AppendInt(buf, int64(tm.df), 10)
		prev := int32(0)
		for _, p := range head {
			buf = strconv.AppendInt(append(buf, ','), int64(p.doc-prev), 10)
			buf = strconv.AppendInt(append(buf, ','), p.w, 10)
			prev = p.doc
		}
		buf = append(buf, ']')
	}
	return append(buf, '}')
}

// headBits is meta.ph: a hex digit for every 4 posting chunks, bit n%4 of
// digit n/4 set when chunk n has heads; "" for none. A few hundred chunks
// with heads take a few dozen bytes of meta, which every search fetches.
func headBits(chunks []byte) string {
	if !slices.ContainsFunc(chunks, func(b byte) bool { return b != 0 }) {
		return ""
	}
	out := make([]byte, len(chunks))
	for i, b := range chunks {
		out[i] = "0123456789abcdef"[b]
	}
	return string(out)
}
