package static

import "hash/maphash"

// wordTable finds a surface word's token, as a map[string]*token would,
// for the analysis of a run of documents, which looks up every word of
// every document: an open-addressed table of hashes and tokens, the word
// being the token's, answers in about half a map's time.
type wordTable struct {
	seed  maphash.Seed
	slots []wordSlot // a power of two, at most half full
	n     int
}

type wordSlot struct {
	hash uint64
	tok  *token // nil for an empty slot
}

func newWordTable() wordTable {
	return wordTable{seed: maphash.MakeSeed(), slots: make([]wordSlot, 1<<12)}
}

// get returns w's token, or nil and w's hash, for add.
func (wt *wordTable) get(w string) (*token, uint64) {
	h := maphash.String(wt.seed, w)
	mask := uint64(len(wt.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &wt.slots[i]
		if s.tok == nil {
			return nil, h
		}
		if s.hash == h && s.tok.word == w {
			return s.tok, h
		}
	}
}

// add adds t under t.word, whose hash, as get gave it, is h; get did not
// find it.
func (wt *wordTable) add(t *token, h uint64) {
	if 2*(wt.n+1) > len(wt.slots) {
		old := wt.slots
		wt.slots = make([]wordSlot, 2*len(old))
		for _, s := range old {
			if s.tok != nil {
				wt.put(s)
			}
		}
	}
	wt.put(wordSlot{h, t})
	wt.n++
}

func (wt *wordTable) put(s wordSlot) {
	mask := uint64(len(wt.slots) - 1)
	i := s.hash & mask
	for wt.slots[i].tok != nil {
		i = (i + 1) & mask
	}
	wt.slots[i] = s
}

// toMap returns the table's tokens by word.
func (wt *wordTable) toMap() map[string]*token {
	m := make(map[string]*token, wt.n)
	for _, s := range wt.slots {
		if s.tok != nil {
			m[s.tok.word] = s.tok
		}
	}
	return m
}
