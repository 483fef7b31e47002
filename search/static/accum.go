package static

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/klauspost/compress/gzip"
)

// States is what a Gzipped also implements to keep each language's
// analysis from one build for the next: the terms with their postings
// (raw counts), every document's field lengths and docWordsSum, the
// SHA-256 of each excerpt shard's JSON, and every surface word with its
// terms and the number of documents it is in. A build with the last one's
// state and few changed documents takes the changed documents' old words
// out and puts their new ones in, rather than reading every document's
// words again; what it writes is what a build from nothing writes.
//
// The excerpts themselves are not in the state, which would be half its
// size for them: an excerpt shard whose documents did not change is the
// last build's, known by its SHA-256 (Gzipped or the output has it), and
// one that did is made from the last build's shard and the changed
// documents' new excerpts.
type States interface {
	// State returns what the last build's PutState wrote for lang, checked
	// against damage, in a slice the caller keeps (nothing else may write
	// to it); false for none.
	State(lang string) ([]byte, bool)
	// PutState keeps for the next build what write writes as lang's state.
	PutState(lang string, write func(io.Writer) error)
	// Keep keeps for the next build what Get(sum) would give, without
	// reading it when it can: an unchanged document's words.
	Keep(sum [32]byte)
	// Updated tells that lang's analysis was made from its state.
	Updated(lang string)
}

// stateVersion starts a state; it changes whenever the format or the
// analysis does.
const stateVersion = "kb static state 6\x00" + docWordsVersion

// maxChangedShare: a language in which more than one document in
// maxChangedShare changed is analyzed from every document's words.
const maxChangedShare = 4

// writeState writes al's state: the version, the document count, per
// document its docWordsSum and field lengths; the count of excerpt shards
// and each one's JSON SHA-256 (xsums); the field averages the postings
// were weighed with, the count of posting chunks and each one's record
// (first and last term, term count, the SHA-256 of its JSON and of its
// heads' JSON); the terms in id order, each with its name, df, last document and packed
// postings; then the surface words, each with its normalized form,
// document count and term ids.
func writeState(w io.Writer, al *analysis, terms []*term, lens [][nFields]int, xsums [][32]byte, avg [nFields]float64, chunks []chunkRecord) error {
	if al.sums == nil || al.words == nil {
		return errors.New("static: no analysis to keep")
	}
	var b []byte
	var err error
	crc := crc32.New(castagnoli)
	w = io.MultiWriter(w, crc)
	flush := func(force bool) {
		if err == nil && (force || len(b) >= 64<<10) {
			_, err = w.Write(b)
			b = b[:0]
		}
	}
	num := func(v int) { b = binary.AppendUvarint(b, uint64(v)) }
	str := func(s string) {
		num(len(s))
		b = append(b, s...)
	}
	b = append(b, stateVersion...)
	num(len(lens))
	for i := range lens {
		b = append(b, al.sums[i][:]...)
		for _, l := range lens[i] {
			num(l)
		}
		flush(false)
	}
	num(len(xsums))
	for _, sum := range xsums {
		b = append(b, sum[:]...)
		flush(false)
	}
	for _, a := range avg {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(a))
	}
	num(len(chunks))
	for _, c := range chunks {
		str(c.first)
		str(c.last)
		num(c.n)
		b = append(b, c.sum[:]...)
		b = append(b, c.heads[:]...)
		flush(false)
	}
	num(len(terms))
	for _, tm := range terms {
		str(tm.name)
		num(tm.df)
		num(int(tm.last))
		num(len(tm.post))
		flush(false)
		if len(tm.post) > 4<<10 {
			flush(true)
			if err == nil {
				_, err = w.Write(tm.post)
			}
		} else {
			b = append(b, tm.post...)
		}
	}
	num(len(al.words))
	for w, t := range al.words {
		str(w)
		str(t.norm)
		num(int(t.docs))
		num(len(t.terms))
		for _, tm := range t.terms {
			num(tm.id)
		}
		flush(false)
	}
	flush(true)
	if err == nil {
		_, err = w.Write(crc.Sum(nil)) // big-endian, which readState reads
	}
	return err
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

var errBadState = errors.New("static: kept analysis is damaged")

// kept is a state read back: an analysis with its documents' sums and
// field lengths, its posting chunks and their averages, and its excerpt
// shards' sums.
type kept struct {
	al    analysis
	lens  [][nFields]int
	xsums [][32]byte
}

// readState reads what writeState wrote. Strings and postings share data,
// which must not change after.
func readState(data []byte) (*kept, error) {
	if len(data) < 4 || !bytes.HasPrefix(data, []byte(stateVersion)) {
		return nil, errBadState
	}
	sum := binary.BigEndian.Uint32(data[len(data)-4:])
	data = data[:len(data)-4]
	if crc32.Checksum(data, castagnoli) != sum {
		return nil, errBadState
	}
	// The strings share data, which the caller gives up (State returns
	// a new slice each time) and nothing writes to: no copy of it.
	all := unsafe.String(unsafe.SliceData(data), len(data))
	pos := len(stateVersion)
	bad := false
	num := func() int {
		v, n := binary.Uvarint(data[pos:])
		if n <= 0 || v > uint64(len(data)) {
			bad = true
			return 0
		}
		pos += n
		return int(v)
	}
	str := func() string {
		n := num()
		if bad || n > len(data)-pos {
			bad = true
			return ""
		}
		s := all[pos : pos+n]
		pos += n
		return s
	}
	k := &kept{}
	ndocs := num()
	if bad || ndocs > len(data)/32 {
		return nil, errBadState
	}
	k.al.sums = make([][32]byte, ndocs)
	k.lens = make([][nFields]int, ndocs)
	for i := range ndocs {
		if len(data)-pos < 32 {
			return nil, errBadState
		}
		copy(k.al.sums[i][:], data[pos:])
		pos += 32
		for f := range nFields {
			k.lens[i][f] = num()
		}
		if bad {
			return nil, errBadState
		}
	}
	if nx := num(); bad || nx != excerptShardCount(ndocs) || len(data)-pos < 32*nx {
		return nil, errBadState
	}
	k.xsums = make([][32]byte, excerptShardCount(ndocs))
	for i := range k.xsums {
		pos += copy(k.xsums[i][:], data[pos:])
	}
	if len(data)-pos < 8*nFields {
		return nil, errBadState
	}
	for f := range k.al.keptAvg {
		k.al.keptAvg[f] = math.Float64frombits(binary.LittleEndian.Uint64(data[pos:]))
		pos += 8
	}
	nchunks := num()
	if bad || nchunks > len(data)/32 {
		return nil, errBadState
	}
	k.al.keptChunks = make(map[string]chunkRecord, nchunks)
	for range nchunks {
		c := chunkRecord{first: str(), last: str(), n: num()}
		if bad || len(data)-pos < 64 {
			return nil, errBadState
		}
		pos += copy(c.sum[:], data[pos:])
		pos += copy(c.heads[:], data[pos:])
		k.al.keptChunks[c.first] = c
	}
	// A term takes 4 bytes at least, a word 4: a damaged count is caught
	// before it is made room for.
	nterms := num()
	if bad || nterms > (len(data)-pos)/4 {
		return nil, errBadState
	}
	terms := make([]term, nterms)
	k.al.byName = make(map[string]*term, nterms)
	for i := range terms {
		tm := &terms[i]
		tm.name = str()
		tm.df = num()
		tm.last = int32(num())
		n := num()
		if bad || n > len(data)-pos || int(tm.last) >= ndocs || tm.df == 0 {
			return nil, errBadState
		}
		tm.post = data[pos : pos+n : pos+n]
		pos += n
		k.al.byName[tm.name] = tm
	}
	nwords := num()
	if bad || nwords > (len(data)-pos)/4 {
		return nil, errBadState
	}
	toks := make([]token, nwords)
	k.al.words = make(map[string]*token, nwords)
	// The words' term lists are cut from blocks rather than allocated a
	// word at a time: a language has tens of thousands of words.
	var block []*term
	termList := func(n int) []*term {
		if len(block) < n {
			block = make([]*term, max(n, 4096))
		}
		l := block[:n:n]
		block = block[n:]
		return l
	}
	for i := range toks {
		t := &toks[i]
		t.word = str()
		t.norm = str()
		t.docs = int32(num())
		n := num()
		if bad || n > len(data)-pos {
			return nil, errBadState
		}
		t.terms = termList(n)
		for j := range t.terms {
			id := num()
			if bad || id >= nterms {
				return nil, errBadState
			}
			t.terms[j] = &terms[id]
		}
		k.al.words[t.word] = t
	}
	if pos != len(data) {
		return nil, errBadState
	}
	return k, nil
}

// docSums computes every document's docWordsSum, on every core.
func docSums(docs []Doc) [][32]byte {
	sums := make([][32]byte, len(docs))
	n := max(1, min(runtime.GOMAXPROCS(0), len(docs)/512))
	var wg sync.WaitGroup
	for p := range n {
		wg.Go(func() {
			h := sha256.New()
			for i := p * len(docs) / n; i < (p+1)*len(docs)/n; i++ {
				sums[i] = docWordsSum(h, &docs[i])
			}
		})
	}
	wg.Wait()
	return sums
}

// updateKept returns the analysis of docs made from the last build's
// state: the documents whose words changed have their old words taken out
// and their new ones put in. It fills lens as analyzeDocs does, and
// excerpts for the documents of the excerpt shards a changed document is
// in; the others are in the analysis's keptExcerpts. It returns nil, for
// analyzeDocs, when there is no state, it is damaged, the documents are
// not as many as the state's or too many changed, or a changed document's
// old words or the last build's shard of its excerpt are not kept.
func updateKept(ctx context.Context, lang string, docs []Doc, an Analyzer, reuse Gzipped, states States, lens [][nFields]int, excerpts []string) *analysis {
	data, ok := states.State(lang)
	if !ok {
		return nil
	}
	k, err := readState(data)
	if err != nil || len(k.lens) != len(docs) || ctx.Err() != nil {
		return nil
	}
	sums := docSums(docs)
	var changed []int32
	for i := range sums {
		if sums[i] != k.al.sums[i] {
			changed = append(changed, int32(i))
			if len(changed) > max(len(docs)/maxChangedShare, 8) {
				return nil
			}
		}
	}
	if !k.update(lang, docs, changed, sums, an, reuse, excerpts) {
		return nil
	}
	if k.al.keptExcerpts, ok = k.excerptShards(changed, excerpts, reuse); !ok {
		return nil
	}
	copy(lens, k.lens)
	for i := range sums {
		if sums[i] == k.al.sums[i] {
			states.Keep(sums[i])
		}
	}
	k.al.sums = sums
	for i := range lens {
		for f := range nFields {
			k.al.total[f] += float64(lens[i][f])
		}
	}
	// The vocabulary: each normalized word's terms, over the surface
	// words still in some document.
	k.al.vocab = make(map[string]map[*term]bool, len(k.al.words))
	for _, t := range k.al.words {
		if t.norm == "" {
			continue
		}
		set := k.al.vocab[t.norm]
		if set == nil {
			set = make(map[*term]bool, len(t.terms))
			k.al.vocab[t.norm] = set
		}
		for _, tm := range t.terms {
			set[tm] = true
		}
	}
	return &k.al
}

// update takes the changed documents' old words out of k and puts their
// new ones (docs[i] for i in changed, whose docWordsSum is sums[i]) in,
// and their new excerpts in excerpts. false means it could not: k is then
// unusable.
func (k *kept) update(lang string, docs []Doc, changed []int32, sums [][32]byte, an Analyzer, reuse Gzipped, excerpts []string) bool {
	if len(changed) == 0 {
		return true
	}
	isChanged := make([]bool, len(docs))
	for _, i := range changed {
		isChanged[i] = true
	}
	// Each touched term's new postings of changed documents, in order,
	// and the changed documents' lengthNorms before.
	adds := map[*term][]byte{}
	oldNorms := make(map[int32][nFields]float64, len(changed))
	removes := map[*term]int{}
	var inDoc []*term
	rec := newWordRecorder(an)
	gen := int32(0) // marks a surface word as met in the document being read
	lookup := func(w string) *token {
		t := k.al.words[w]
		if t == nil {
			w = string([]byte(w))
			t = &token{word: w, norm: an.Normalize(w)}
			if t.norm != "" {
				for _, name := range an.Terms(lang, w) {
					tm := k.al.byName[name]
					if tm == nil {
						tm = &term{name: name}
						k.al.byName[name] = tm
					}
					t.terms = append(t.terms, tm)
				}
			}
			k.al.words[w] = t
		}
		return t
	}
	for _, i := range changed {
		// The old words: each term loses document i's posting, each
		// surface word the document.
		gen--
		old, ok := reuse.Get(k.al.sums[i])
		if !ok {
			return false
		}
		_, ok = eachWord(old, func(f int, w []byte, n int) {
			t := k.al.words[string(w)]
			if t == nil {
				ok = false
				return
			}
			if t.lastDoc != gen {
				t.lastDoc = gen
				t.docs--
			}
			for _, tm := range t.terms {
				if !tm.inDoc {
					tm.inDoc = true
					inDoc = append(inDoc, tm)
				}
			}
		})
		if !ok {
			return false
		}
		for _, tm := range inDoc {
			removes[tm]++
			tm.inDoc = false
		}
		inDoc = inDoc[:0]

		// The new words.
		gen--
		var l [nFields]int
		c := docCounter{mark: gen, lens: &l, inDoc: inDoc, proclitics: len(an.Proclitics) > 0}
		if excerpts[i], ok = countDoc(&docs[i], sums[i], reuse, &rec, lookup, &c); !ok {
			return false // a body left out: analyzeDocs says so
		}
		oldNorms[i] = lengthNorm(k.lens[i], k.al.keptAvg)
		k.lens[i] = l
		for _, tm := range c.inDoc {
			// A posting as endDoc writes it, with the document itself in
			// place of the delta (rewrite turns it into one).
			adds[tm] = tm.appendPosting(adds[tm], uint64(i))
		}
		inDoc = c.inDoc[:0]
	}
	for tm := range adds {
		if _, ok := removes[tm]; !ok {
			removes[tm] = 0
		}
	}
	// The touched terms' postings are rewritten on every core: a common
	// term's run through most documents.
	touched := make([]*term, 0, len(removes))
	for tm := range removes {
		touched = append(touched, tm)
	}
	var failed atomic.Bool
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(touched)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(touched) && !failed.Load(); i = int(next.Add(1)) - 1 {
				tm := touched[i]
				same, ok := tm.rewrite(isChanged, adds[tm], removes[tm])
				if !ok {
					failed.Store(true)
					return
				}
				// Encoded again only when its JSON may change: a changed
				// document's posting came or went, or weighs otherwise.
				tm.touched = !same || !k.sameWeights(adds[tm], oldNorms)
			}
		})
	}
	wg.Wait()
	if failed.Load() {
		return false
	}
	for _, tm := range touched {
		if tm.df == 0 {
			delete(k.al.byName, tm.name)
		}
	}
	for w, t := range k.al.words {
		if t.docs < 0 {
			return false
		}
		if t.docs == 0 {
			delete(k.al.words, w)
		}
	}
	return true
}

// sameWeights reports whether the postings adds (changed documents' own,
// each led by its document) weigh what they weighed with the documents'
// old lengths, oldNorms, both with the last build's averages: with those
// averages again, their term's JSON is what it was.
func (k *kept) sameWeights(adds []byte, oldNorms map[int32][nFields]float64) bool {
	for len(adds) > 0 {
		d, n := binary.Uvarint(adds)
		doc := int32(d)
		was, ok := oldNorms[doc]
		if !ok {
			return false
		}
		now := lengthNorm(k.lens[doc], k.al.keptAvg)
		before, _ := postingWeight(adds[n:], &was)
		var after int64
		after, adds = postingWeight(adds[n:], &now)
		if before != after {
			return false
		}
	}
	return true
}

// excerptShards returns the excerpt shards no changed document is in, by
// shard number, with the SHA-256 of the JSON the last build gave them,
// and fills in excerpts the unchanged documents' excerpts of the other
// shards from the last build's shard (the changed documents' are there
// already). false when such a shard is not kept, or does not read back
// as the JSON it was.
func (k *kept) excerptShards(changed []int32, excerpts []string, reuse Gzipped) (map[int][32]byte, bool) {
	isChanged := make(map[int32]bool, len(changed))
	dirty := map[int]bool{}
	for _, i := range changed {
		isChanged[i] = true
		dirty[int(i)/excerptsPerShard] = true
	}
	known := make(map[int][32]byte, len(k.xsums))
	for s, sum := range k.xsums {
		if !dirty[s] {
			known[s] = sum
			continue
		}
		gz, ok := reuse.Get(sum)
		if !ok {
			return nil, false
		}
		lo, hi := s*excerptsPerShard, min((s+1)*excerptsPerShard, len(k.lens))
		var old []string
		if raw, err := inflateShard(gz); err != nil || json.Unmarshal(raw, &old) != nil || len(old) != hi-lo || sha256.Sum256(encodeStrings(old)) != sum {
			return nil, false
		}
		for i := lo; i < hi; i++ {
			if !isChanged[int32(i)] {
				excerpts[i] = old[i-lo]
			}
		}
	}
	return known, true
}

// inflateShard returns what the gzipped shard gz decompresses to, up to a
// size no shard reaches.
func inflateShard(gz []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(io.LimitReader(zr, maxShardBytes+1))
	if err == nil && len(raw) > maxShardBytes {
		err = errors.New("static: a kept shard is too big")
	}
	return raw, err
}

// maxShardBytes bounds an excerpt shard's JSON: 8 excerpts of 300 runes,
// each at most 6 bytes escaped, are 15 KB.
const maxShardBytes = 1 << 20

// excerptShardCount is the number of excerpt shards of ndocs documents.
func excerptShardCount(ndocs int) int { return (ndocs + excerptsPerShard - 1) / excerptsPerShard }

// rewrite makes tm's postings without those of the changed documents,
// which must be nrm, and with adds (postings of changed documents, each
// starting with its document rather than a delta, in document order).
// same reports that the changed documents' postings came back as they
// were: in the same documents, with the same frequencies.
func (tm *term) rewrite(isChanged []bool, adds []byte, nrm int) (same, ok bool) {
	post := tm.post
	out := make([]byte, 0, len(post)+len(adds))
	doc, last, df, removed := int32(0), int32(0), 0, 0
	// The removed postings, each led by its document as adds are: same
	// when they are adds.
	gone, added := []byte(nil), adds
	// entry splits the posting at the head of p: its document number (a
	// delta from base), and the length of the mask and frequencies.
	entry := func(p []byte) (v uint64, n, rest int, ok bool) {
		v, n = binary.Uvarint(p)
		if n <= 0 || n >= len(p) || v > math.MaxInt32 {
			return 0, 0, 0, false
		}
		rest = 1
		for range bits.OnesCount8(p[n] & (1<<nFields - 1)) {
			_, m := binary.Uvarint(p[n+rest:])
			if m <= 0 {
				return 0, 0, 0, false
			}
			rest += m
		}
		return v, n, rest, true
	}
	put := func(d int32, body []byte) {
		out = binary.AppendUvarint(out, uint64(d-last))
		out = append(out, body...)
		last = d
		df++
	}
	for len(post) > 0 || len(adds) > 0 {
		var pd, ad int64 = math.MaxInt64, math.MaxInt64
		var pn, prest, an, arest int
		if len(post) > 0 {
			v, n, rest, ok := entry(post)
			if !ok {
				return false, false
			}
			pd, pn, prest = int64(doc)+int64(v), n, rest
		}
		if len(adds) > 0 {
			v, n, rest, ok := entry(adds)
			if !ok {
				return false, false
			}
			ad, an, arest = int64(v), n, rest
		}
		if pd == math.MaxInt64 && ad == math.MaxInt64 {
			break
		}
		if pd <= ad && pd != math.MaxInt64 {
			if pd >= int64(len(isChanged)) {
				return false, false
			}
			doc = int32(pd)
			if isChanged[doc] {
				removed++
				gone = append(binary.AppendUvarint(gone, uint64(doc)), post[pn:pn+prest]...)
			} else {
				put(doc, post[pn:pn+prest])
			}
			post = post[pn+prest:]
			continue
		}
		if ad >= int64(len(isChanged)) || !isChanged[ad] || (df > 0 && int32(ad) <= last) {
			return false, false
		}
		put(int32(ad), adds[an:an+arest])
		adds = adds[an+arest:]
	}
	if removed != nrm {
		return false, false
	}
	tm.post, tm.df, tm.last = out, df, last
	return bytes.Equal(gone, added), true
}

func newDocHash() hash.Hash { return sha256.New() }
