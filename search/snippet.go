package search

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

const (
	// snippetRunes is the length of a snippet, in characters.
	snippetRunes = 160
	// snippetLead is how much text a snippet shows before its first match.
	snippetLead = 30
	// snippetScanBytes bounds the body a snippet looks for matches in: snippets are made for every hit of every query,
	// and a match far into a long body rarely makes a better snippet than one near its start.
	snippetScanBytes = 32 << 10
	// maxSnippetMatches bounds the window search.
	maxSnippetMatches = 64
)

// span is a matched word in the body: bytes [start, end), matching query word w.
type span struct{ start, end, w int }

// snippeter finds query words in stored bodies. Bodies are not re-analyzed whole (too slow for every hit of every
// query): a cheap word splitter finds words, a cheap test on the folded word picks candidates, and only candidates go
// through the language analyzer, which confirms every stem match. A word the cheap test misses loses its highlight,
// nothing more. Before that, the pairs of adjacent letters of each body word, folded, rule out at a glance most of
// the words that cannot match (see needs).
type snippeter struct {
	a      analysis.Analyzer
	cjk    bool
	words  []word
	probes []string        // per word: the first runes of its stem, which any word with that stem contains
	memo   map[string]int8 // body word → index of the query word it matches, or -1
	// needs are letter-pair sets (see pairSet): a body word can match only if its own set holds one of them.
	needs []uint64
	// anyNeed has a bit of each of needs (none if one of them is empty, which every word meets): a word whose set
	// has none of them meets none of needs, which most words are found out by at once.
	anyNeed uint64
	// folds is runeTable; small is smallFolds.
	folds []rune
	small *[smallEnd]rune
	// skips says that find may pass over the words that hold none of the pairs of adjacent runes it looks for (see
	// setPairs); else it looks at each word. windows marks the windows of bytes that may end such a pair; pairs are
	// the pairs themselves (folded runes), to confirm one at a marked window.
	skips   bool
	windows *windowSets
	pairs   [][2]rune
	// analyses, if not nil, keeps what match works out from a body word across searches.
	analyses *wordAnalyses
	// compounds says that the language writes compound words with a zero-width non-joiner: a match of such a word
	// is marked whole (see wholeCompounds).
	compounds bool
	// hebrew says that a query word has Hebrew letters: a match of a Hebrew word written with a geresh or gershayim
	// is marked whole (see wholeHebrewWords).
	hebrew bool
}

// wordAnalyses keeps, for one language's analyzer, what match works out from a body word whatever the query: its
// folded form and its analyzed terms. A page of hits meets a few thousand body words, most of them met by earlier
// searches, and folding and analyzing them again was a large part of a snippet's work.
type wordAnalyses struct {
	mu sync.RWMutex
	m  map[string]*wordAnalysis
}

type wordAnalysis struct {
	folded string
	terms  []string
}

// maxWordAnalyses bounds the words a wordAnalyses keeps (about 100 bytes each): a help center's vocabulary is far
// smaller; past the bound, words are analyzed at each search as before.
const maxWordAnalyses = 1 << 15

func newWordAnalyses() *wordAnalyses { return &wordAnalyses{m: map[string]*wordAnalysis{}} }

// get returns the body word's analysis, working it out the first time.
func (c *wordAnalyses) get(a analysis.Analyzer, raw string) *wordAnalysis {
	c.mu.RLock()
	w := c.m[raw]
	c.mu.RUnlock()
	if w != nil {
		return w
	}
	w = analyzeWord(a, raw)
	c.mu.Lock()
	if len(c.m) < maxWordAnalyses {
		// Copies, so that the map keeps no body alive.
		c.m[strings.Clone(raw)] = w
	}
	c.mu.Unlock()
	return w
}

func analyzeWord(a analysis.Analyzer, raw string) *wordAnalysis {
	w := &wordAnalysis{folded: strings.Clone(Normalize(raw))}
	for _, t := range a.Analyze([]byte(raw)) {
		w.terms = append(w.terms, string(t.Term))
	}
	return w
}

func newSnippeter(a analysis.Analyzer, cjk bool, words []word) *snippeter {
	s := &snippeter{a: a, cjk: cjk, words: words, memo: memos.Get().(map[string]int8), folds: runeTable(), small: smallFolds(),
		hebrew: hasHebrew(words)}
	var needText []string // what each of needs is the pairSet of ("" for none)
	for _, w := range words {
		p := w.stem
		n := 0
		for i := range p {
			if n == 3 {
				p = p[:i]
				break
			}
			n++
		}
		s.probes = append(s.probes, p)
		// What match accepts: the folded word starts with the surface (or is it), so has its pairs; or it contains
		// the probe, so has its pairs; or, with typos, anything.
		switch {
		case w.fuzz > 0 && !w.known:
			s.needs = append(s.needs, 0)
			needText = append(needText, "")
		case w.surface != "" || w.prefix:
			s.needs = append(s.needs, pairSet(w.surface))
			needText = append(needText, w.surface)
		}
		s.needs = append(s.needs, pairSet(p))
		needText = append(needText, p)
	}
	for _, n := range s.needs {
		if n == 0 {
			s.anyNeed = 0
			break
		}
		s.anyNeed |= n & -n
	}
	if s.anyNeed != 0 {
		s.setPairs(needText)
	}
	return s
}

// setPairs sets what findPairs needs from the strings that needs are the pairSets of, none of them empty, so that
// find can pass over most words at two look-ups per byte, without decoding, folding and hashing every rune.
//
// Every body word that find keeps contains, folded, one of those strings: match keeps a word whose folded form
// starts with, equals or contains a query word's surface or probe, or is within typos of one (then a need is empty);
// its folded form is empty only if the word has a rune that folds as runeSlow (its pairs are all set), else mayMatch
// rejects it. A folded word is its runes folded one by one (foldByRune), the dropped ones left out, unless one of
// them folds as runeSlow. So a word that find keeps has a rune that folds as runeSlow or is dropped, or, for one of
// the strings, a rune that folds to the first rune of a pair of adjacent runes of the string (the pair chosen for
// it) right before one that folds to the second. windowSets marks the bytes that end such second runes after such
// first runes, and the bytes that end runes of two bytes that fold as runeSlow or are dropped, or the second of
// longer ones that may be any of those.
func (s *snippeter) setPairs(needText []string) {
	base := pairBase()
	w := windowPool.Get().(*windowSets)
	for _, x := range needText {
		a, b, ok := rarestPair(x)
		if !ok {
			w.clear()
			windowPool.Put(w)
			return // no pair to look for: every word is looked at
		}
		if slices.Contains(s.pairs, [2]rune{a, b}) {
			continue
		}
		s.pairs = append(s.pairs, [2]rune{a, b})
		for _, rb := range base.raws(b) {
			switch {
			case rb < utf8.RuneSelf:
				for _, ra := range base.raws(a) {
					if ra < utf8.RuneSelf {
						w.markTwo(byte(ra), byte(rb))
					}
				}
				for y := 0x80; y < 0x100; y++ {
					w.markTwo(byte(y), byte(rb)) // after the last byte of a longer rune
				}
			case rb < smallEnd:
				for _, ra := range base.raws(a) {
					var buf [utf8.UTFMax]byte
					n := utf8.EncodeRune(buf[:], ra)
					w.markThree(buf[n-1], byte(0xC0|rb>>6), byte(0x80|rb&0x3F))
				}
			default:
				w.markTwo(firstTwoBytes(rb))
			}
		}
	}
	s.windows = w
	s.skips = true
}

// windowSets are the windows that findPairs looks for: two are the pairs of adjacent bytes; three are the runs of
// three bytes, by a hash. Past pairBase's, the windows marked are listed in marked (three's past 1<<16), to unmark
// them for the next snippeter: a snippeter marks a few hundred, and copying the tables would cost more.
type windowSets struct {
	two    [1 << 16]bool
	three  [1 << threeBits]bool
	marked []uint32
}

func (w *windowSets) markTwo(y, z byte) {
	if i := uint16(y)<<8 | uint16(z); !w.two[i] {
		w.two[i] = true
		w.marked = append(w.marked, uint32(i))
	}
}

func (w *windowSets) markThree(x, y, z byte) {
	if i := hashThree(uint32(x)<<16 | uint32(y)<<8 | uint32(z)); !w.three[i] {
		w.three[i] = true
		w.marked = append(w.marked, 1<<16|uint32(i))
	}
}

// threeBits is the size of the hash of windows of three: a table small enough to stay in the fastest cache, with
// two (whose windows of real text are few), for the few dozen windows a search marks.
const threeBits = 13

// hashThree hashes three bytes, the low 24 bits of w, to threeBits.
func hashThree(w uint32) uint16 { return uint16((w & 0xFFFFFF) * 0x9E3779B1 >> (32 - threeBits)) }

// clear leaves pairBase's windows marked only.
func (w *windowSets) clear() {
	for _, i := range w.marked {
		if i < 1<<16 {
			w.two[i] = false
		} else {
			w.three[i-1<<16] = false
		}
	}
	w.marked = w.marked[:0]
}

// firstTwoBytes returns the first two bytes of a rune of two bytes or more.
func firstTwoBytes(r rune) (byte, byte) {
	var buf [utf8.UTFMax]byte
	utf8.EncodeRune(buf[:], r)
	return buf[0], buf[1]
}

// windowPool keeps snippeters' windows for the next search (see release).
var windowPool = sync.Pool{New: func() any {
	w := new(windowSets)
	w.two = pairBase().two
	return w
}}

// rarestPair returns the pair of adjacent runes of x that a body is least likely to have, by letterRank: the one
// whose ranks add up to the least, the rarer second rune first (findPairs finds a pair where its second rune ends).
func rarestPair(x string) (a, b rune, ok bool) {
	prev := rune(-1)
	best := 0
	for _, r := range x {
		if prev >= 0 {
			if rank := letterRank(prev) + letterRank(r); !ok || rank < best || rank == best && letterRank(r) < letterRank(b) {
				a, b, ok, best = prev, r, true, rank
			}
		}
		prev = r
	}
	return a, b, ok
}

// foldsToItself reports whether fold(r) == r for a rune at or past tableEnd: CJK ideographs and Hangul syllables.
func foldsToItself(r rune) bool {
	return r >= 0x3400 && r <= 0x4DBF || r >= 0x4E00 && r <= 0x9FFF || r >= 0xAC00 && r <= 0xD7A3
}

// pairBases is what setPairs starts from: the windows of the word runes that fold as runeSlow or are dropped, and,
// for each fold below tableEnd, the word runes and apostrophes that fold to it.
type pairBases struct {
	two    [1 << 16]bool
	unfold map[rune][]rune
}

// raws returns the runes that fold to f.
func (t *pairBases) raws(f rune) []rune {
	if foldsToItself(f) {
		return []rune{f}
	}
	return t.unfold[f]
}

var pairBase = sync.OnceValue(func() *pairBases {
	t := &pairBases{unfold: map[rune][]rune{}}
	w := new(windowSets)
	sn := &snippeter{folds: runeTable(), small: smallFolds()}
	for r := rune(0); r < bmpEnd; r++ {
		if !isWordRune(r) && !isApostrophe(r) {
			continue
		}
		switch f := sn.fold(r); {
		case f == runeSlow || f == runeDrop:
			w.markTwo(firstTwoBytes(r))
		case f >= 0 && r < tableEnd:
			t.unfold[f] = append(t.unfold[f], r)
		}
	}
	for lead := 0xF0; lead <= 0xF4; lead++ {
		for z := range 256 {
			w.markTwo(byte(lead), byte(z)) // past the BMP, every word rune folds as runeSlow
		}
	}
	t.two = w.two
	return t
})

// isApostrophe reports whether r is one of the apostrophes a word may have between its runes (see slowRune).
func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

// commonLetters are the folded letters of the scripts most help centers are written in, commonest first (English's
// for the Latin script), for letterRank.
var commonLetters = []string{"etaoinshrdlcumwfgypbvkjxqz", "αοιετσνηυρπκμλωδγχθφβξζψ", "اليمونهرتبعدسفكقحجشصطخزثغضذظ",
	"оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъ"}

// letterRank orders folded runes by how often a body has them, the rarest first (roughly): setPairs looks for the
// rarest pairs, so that fewer words hold one.
func letterRank(r rune) int {
	for _, l := range commonLetters {
		if i := strings.IndexRune(l, r); i >= 0 {
			return 20 + utf8.RuneCountInString(l[i:]) // the commonest letters rank highest
		}
	}
	switch {
	case '0' <= r && r <= '9':
		return 10
	case !isWordRune(r):
		return 100 // an apostrophe: many words have one
	}
	return 0
}

// memos keeps snippeters' memo maps for the next search (see release): a map sized for a page of hits is most of
// what a search's snippets allocate.
var memos = sync.Pool{New: func() any { return make(map[string]int8, 256) }}

// release gives the snippeter's memo back for another search to use; the snippeter is not used after.
func (s *snippeter) release() {
	clear(s.memo)
	memos.Put(s.memo)
	s.memo = nil
	if s.windows != nil {
		s.windows.clear()
		windowPool.Put(s.windows)
		s.windows = nil
	}
	s.pairs = nil
}

// pairSet is the set of pairs of adjacent runes in a folded word, each hashed to one of 64 bits. A word that contains
// another has every pair of it, hence its bits; a word of one rune has none (the empty set, in every other).
func pairSet(folded string) uint64 {
	var set uint64
	prev := rune(-1)
	for _, r := range folded {
		if prev >= 0 {
			set |= pairBit(prev, r)
		}
		prev = r
	}
	return set
}

func pairBit(a, b rune) uint64 {
	return 1 << ((uint32(a)*0x9E3779B1 ^ uint32(b)*0x85EBCA77) >> 26)
}

// mayMatch reports whether a body word whose folded pairs are set can match a query word.
func (s *snippeter) mayMatch(set uint64) bool {
	if set&s.anyNeed == 0 && s.anyNeed != 0 {
		return false
	}
	for _, n := range s.needs {
		if set&n == n {
			return true
		}
	}
	return false
}

// snippet returns about snippetRunes characters of body around its best cluster of matches, HTML-escaped, with the
// matched words in <mark>; or the start of body if nothing matches there.
func (s *snippeter) snippet(body string) string {
	var spans []span
	if s.cjk {
		spans = s.findCJK(body)
	} else {
		spans = s.find(body)
		if s.compounds {
			spans = s.wholeCompounds(body, s.spacedPrefixes(body, spans))
		}
		if s.hebrew {
			spans = s.wholeHebrewWords(body, spans)
		}
	}
	if len(spans) == 0 {
		end := forwardRunes(body, 0, snippetRunes)
		end = wordEnd(body, end)
		return render(body, 0, end, nil)
	}
	best, bestDistinct, bestCount := 0, 0, 0
	ahead := runesAhead{s: body, n: snippetRunes - snippetLead}
	for i := range spans {
		limit := ahead.after(spans[i].start)
		var seen uint64
		distinct, count := 0, 0
		for j := i; j < len(spans) && spans[j].end <= limit; j++ {
			if seen&(1<<spans[j].w) == 0 {
				seen |= 1 << spans[j].w
				distinct++
			}
			count++
		}
		if distinct > bestDistinct || distinct == bestDistinct && count > bestCount {
			best, bestDistinct, bestCount = i, distinct, count
		}
	}
	start := backRunes(body, spans[best].start, snippetLead)
	if end := forwardRunes(body, start, snippetRunes); end == len(body) {
		// Near the end of the body: spend the whole length on what comes before.
		start = min(start, backRunes(body, len(body), snippetRunes))
	}
	start = wordStart(body, start, spans[best].start)
	end := wordEnd(body, forwardRunes(body, start, snippetRunes))
	if end < spans[best].end {
		end = spans[best].end
	}
	return render(body, start, end, spans)
}

// find splits body into words (letters, digits, marks and format characters, with inner apostrophes) and keeps those
// that match. It stops at the first window that holds every query word: no later window can beat it on distinct
// words.
func (s *snippeter) find(body string) []span {
	if s.skips {
		return s.findPairs(body)
	}
	var spans []span
	var seen, all uint64 = 0, 1<<len(s.words) - 1
	scan := min(len(body), snippetScanBytes)
	for i := 0; i < scan && len(spans) < maxSnippetMatches; {
		// ASCII that is not a letter or a digit (spaces, punctuation) starts no word: pass it without decoding.
		if c := body[i]; c < utf8.RuneSelf && !asciiWord[c] {
			i++
			continue
		}
		start := i
		var pairs uint64
		if i, pairs = s.wordEndAt(body, i); i == start {
			_, n := nextRune(body, i)
			i += n
			continue
		}
		if !s.mayMatch(pairs) {
			continue
		}
		w := s.match(body[start:i])
		if w < 0 {
			continue
		}
		spans = append(spans, span{start, i, w})
		if seen |= 1 << w; seen == all && windowHasAll(body, spans, all) {
			break
		}
	}
	return spans
}

// wholeCompounds makes a compound word written with a zero-width non-joiner one span, where find, which cuts words
// at the non-joiner, found its parts or nothing: when the word joined matches a query word (a query "میفرستیم" or
// "می‌فرستیم" marks "می‌فرستیم" whole, as both indexes read the word joined too), or when every part of it is a
// span. A part that only a query word of its own matches stays marked alone ("فرستیم" of "می‌فرستیم" for the
// query "فرستیم").
func (s *snippeter) wholeCompounds(body string, spans []span) []span {
	scan := min(len(body), snippetScanBytes)
	if !strings.Contains(body[:scan], string(nonJoiner)) {
		return spans
	}
	out := make([]span, 0, len(spans))
	next := 0 // the first of spans not in out yet
	for at := 0; len(out) < maxSnippetMatches; {
		z := strings.Index(body[at:scan], string(nonJoiner))
		if z < 0 {
			break
		}
		start, end := compoundAround(body, at+z)
		at = max(end, at+z+len(nonJoiner))
		if !strings.Contains(body[start:end], string(nonJoiner)) {
			continue // a non-joiner at a word's edge: no compound
		}
		for next < len(spans) && spans[next].start < start {
			out = append(out, spans[next])
			next++
		}
		inside := next
		for inside < len(spans) && spans[inside].end <= end {
			inside++
		}
		parts := spans[next:inside]
		next = inside
		if len(out) > 0 && out[len(out)-1].end > start || inside < len(spans) && spans[inside].start < end {
			out = append(out, parts...) // a span across the compound's edge (an apostrophe): left as find cut it
			continue
		}
		w := s.match(strings.ReplaceAll(body[start:end], string(nonJoiner), ""))
		if w < 0 && len(parts) > 0 && allParts(body[start:end], len(parts)) {
			w = parts[0].w
		}
		if w < 0 {
			out = append(out, parts...)
			continue
		}
		out = append(out, span{start, end, w})
	}
	return append(out, spans[next:]...)
}

// spacedPrefixes makes a match of a word's rest after its prefix (see word.prefixed) one span with the prefix where
// the prefix comes before it, spaced ("می پذیریم" for the query "میپذیریم"), and drops it elsewhere: the rest alone,
// or after the other prefix ("نمی پذیریم"), is another word, which the query did not find.
func (s *snippeter) spacedPrefixes(body string, spans []span) []span {
	out := spans[:0]
	for _, sp := range spans {
		if lead := s.words[sp.w].lead; lead != "" {
			start, ok := spacedBefore(body, sp.start, lead)
			if !ok {
				continue
			}
			sp.start = start
		}
		out = append(out, sp)
	}
	return out
}

// spacedBefore returns where the word that white space separates from s[at:] starts, if it is lead once normalized.
func spacedBefore(s string, at int, lead string) (start int, ok bool) {
	end := len(strings.TrimRightFunc(s[:at], unicode.IsSpace))
	if end == at {
		return 0, false
	}
	start = end
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:start])
		if !isWordRune(r) {
			break
		}
		start -= n
	}
	return start, start < end && Normalize(s[start:end]) == lead
}

// compoundAround returns the bounds of the word runes and non-joiners around the non-joiner at s[z], without
// non-joiners at either end.
func compoundAround(s string, z int) (start, end int) {
	joins := func(r rune) bool { return r == zwnj || isWordRune(r) }
	start, end = z, z
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:start])
		if !joins(r) {
			break
		}
		start -= n
	}
	for end < len(s) {
		r, n := utf8.DecodeRuneInString(s[end:])
		if !joins(r) {
			break
		}
		end += n
	}
	for start < end && strings.HasPrefix(s[start:end], string(nonJoiner)) {
		start += len(nonJoiner)
	}
	for start < end && strings.HasSuffix(s[start:end], string(nonJoiner)) {
		end -= len(nonJoiner)
	}
	return start, end
}

// allParts reports whether n spans inside compound are all its parts: one for each run between non-joiners.
func allParts(compound string, n int) bool {
	parts := 0
	for _, p := range strings.Split(compound, string(nonJoiner)) {
		if p != "" {
			parts++
		}
	}
	return n == parts
}

// findPairs is find for a snippeter with windows (see setPairs). It moves from byte to byte to the next marked
// window, and there, if it ends a rune that may be the second of a pair it looks for, it looks at the word that holds
// it as find does; and at the word that runs past snippetScanBytes, if one does. The words it passes over are those
// that find would reject, so it finds the same spans.
func (s *snippeter) findPairs(body string) []span {
	var spans []span
	var seen, all uint64 = 0, 1<<len(s.words) - 1
	// look looks at the word that starts at body[start] as find does, and reports where it ends and whether find is
	// done.
	look := func(start int) (int, bool) {
		end, pairs := s.wordEndAt(body, start)
		if !s.mayMatch(pairs) {
			return end, false
		}
		w := s.match(body[start:end])
		if w < 0 {
			return end, false
		}
		spans = append(spans, span{start, end, w})
		seen |= 1 << w
		return end, seen == all && windowHasAll(body, spans, all) || len(spans) >= maxSnippetMatches
	}
	scan := min(len(body), snippetScanBytes)
	i := 0 // where a rune starts, outside any word that find has not looked at yet
	// The window before body[0] holds no pair, nor the first byte of a rune that folds as runeSlow.
	for p := 1; ; p++ {
		if p = nextWindow(s.windows, body[:scan], p); p >= scan {
			break
		}
		q, ok := s.mayEndPair(body, p)
		if !ok {
			continue
		}
		start, ok := wordAround(body, q)
		if !ok {
			continue
		}
		end, done := look(start)
		if done {
			return spans
		}
		i = end
		p = end - 1 // on from the window that ends at body[end]
	}
	if scan < len(body) {
		// A word that starts before scan is looked at whole, though its pair may lie past scan.
		if start, ok := wordAround(body, runeStart(body, scan)); ok && start < scan && start >= i {
			look(start)
		}
	}
	return spans
}

// nextWindow returns the first p from p on (p > 0) at which text[p-1:p+1] is a marked window of two, or
// text[p-2:p+1] one of three, or len(text).
func nextWindow(w *windowSets, text string, p int) int {
	if p >= len(text) {
		return len(text)
	}
	win := uint32(text[p-1])
	if p >= 2 {
		win |= uint32(text[p-2]) << 8
	}
	for ; p < len(text); p++ {
		win = win<<8 | uint32(text[p])
		if w.two[uint16(win)] || w.three[hashThree(win)] {
			return p
		}
	}
	return p
}

// mayEndPair reports whether the window that ends at body[p] ends a rune that may be the second of a pair that
// findPairs looks for, or is or starts one that folds as runeSlow; and where that rune starts.
func (s *snippeter) mayEndPair(body string, p int) (int, bool) {
	var r rune
	q := p
	switch c := body[p]; {
	case c < utf8.RuneSelf:
		r = rune(c)
	case c&0xC0 == 0x80 && body[p-1] >= 0xC2 && body[p-1] < 0xE0:
		r, q = rune(body[p-1]&0x1F)<<6|rune(c&0x3F), p-1
	default:
		return runeStart(body, p), true // a longer rune, or broken UTF-8: let the word tell
	}
	f := s.folds[r]
	switch {
	case f == runeSlow || f == runeDrop:
		return q, true
	case f < 0 || q == 0:
		return 0, false
	}
	pr, _ := lastRune(body, q)
	pf := s.fold(pr)
	if pf == runeSlow || pf == runeDrop {
		return q, true // the first rune may be before the dropped one
	}
	return q, slices.Contains(s.pairs, [2]rune{pf, f})
}

// runeStart returns where the rune that holds s[p] starts, as decoding s from its start would find it: a byte that
// continues a rune belongs to the rune of the byte that starts it if that decodes to a rune reaching p, else it is a
// rune (utf8.RuneError) of its own.
func runeStart(s string, p int) int {
	for q := p; q >= 0 && q > p-utf8.UTFMax; q-- {
		if s[q]&0xC0 != 0x80 {
			if _, n := utf8.DecodeRuneInString(s[q:]); q+n > p {
				return q
			}
			return p
		}
	}
	return p
}

// lastRune decodes the rune that ends at s[i-1], as utf8.DecodeLastRuneInString does, ASCII and two-byte runes first.
func lastRune(s string, i int) (rune, int) {
	c := s[i-1]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if c&0xC0 == 0x80 && i >= 2 && s[i-2] >= 0xC2 && s[i-2] < 0xE0 {
		return rune(s[i-2]&0x1F)<<6 | rune(c&0x3F), 2
	}
	return utf8.DecodeLastRuneInString(s[:i])
}

// wordAround returns where the word that holds the rune at s[q] starts, as find's walk from the start of s splits
// it, or false if that rune is in no word: a word is a run of word runes, with each apostrophe that comes between a
// word rune and a letter.
func wordAround(s string, q int) (int, bool) {
	r, n := nextRune(s, q)
	if !isWordRune(r) {
		if !isApostrophe(r) || q == 0 || q+n >= len(s) {
			return 0, false
		}
		next, _ := nextRune(s, q+n)
		prev, pn := lastRune(s, q)
		if !unicode.IsLetter(next) || !isWordRune(prev) {
			return 0, false
		}
		q -= pn
	}
	for q > 0 {
		prev, pn := lastRune(s, q)
		if isWordRune(prev) {
			q -= pn
			continue
		}
		if isApostrophe(prev) && q-pn > 0 {
			cur, _ := nextRune(s, q)
			if before, bn := lastRune(s, q-pn); unicode.IsLetter(cur) && isWordRune(before) {
				q -= pn + bn
				continue
			}
		}
		break
	}
	return q, true
}

// wordEndAt returns the end of the word that starts at s[i], or i if none does: word runes, and an apostrophe
// between a word rune and a letter. It returns the word's pairSet too, as of its runes folded one by one (runeTable),
// which is Normalize's result when no rune needs more (else every bit is set: anything may match). ASCII and two-byte
// runes (Greek, Cyrillic, Hebrew, Arabic) take one look-up each in smallFolds: this loop sees every byte of the
// bodies snippets are cut from.
func (sn *snippeter) wordEndAt(s string, i int) (int, uint64) {
	start := i
	small := sn.small
	var pairs uint64
	prev := rune(-1)
	for i < len(s) {
		c := s[i]
		var f rune
		switch {
		case c < utf8.RuneSelf:
			if f = small[c]; f == notWord {
				if c != '\'' {
					return i, pairs // a space or punctuation: the common end of a word
				}
				var ok bool
				if f, i, ok = sn.slowRune(s, start, i); !ok {
					return i, pairs
				}
			} else {
				i++
			}
		case c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			if f = small[(rune(c)<<6|rune(s[i+1]&0x3F))&(smallEnd-1)]; f == notWord {
				return i, pairs
			}
			i += 2
		default:
			var ok bool
			if f, i, ok = sn.slowRune(s, start, i); !ok {
				return i, pairs
			}
		}
		// A rune, dropped, or beyond the shortcut.
		switch {
		case f >= 0:
			if prev >= 0 {
				pairs |= pairBit(prev, f)
			}
		case f == runeDrop:
			continue
		default:
			pairs = ^uint64(0)
		}
		prev = f
	}
	return i, pairs
}

// slowRune decodes the rune at s[i] of the word that starts at s[start], for wordEndAt: its fold and where the next
// rune starts, or ok false if it is not part of the word.
func (sn *snippeter) slowRune(s string, start, i int) (f rune, next int, ok bool) {
	r, n := nextRune(s, i)
	word := isWordRune(r)
	if !word && (r == '\'' || r == '’') && i > start && i+n < len(s) {
		next, _ := nextRune(s, i+n)
		word = unicode.IsLetter(next)
	}
	if !word {
		return 0, i, false
	}
	return sn.fold(r), i + n, true
}

// notWord marks, in smallFolds, a rune that is not a word rune.
const notWord = -3

// smallEnd bounds the runes of smallFolds: those of one and two bytes in UTF-8.
const smallEnd = 0x800

// smallFolds maps each rune below smallEnd to notWord if it is not a word rune, else to its fold as wordEndAt takes
// it: an ASCII letter or digit lowercased, any other rune as runeTable has it.
var smallFolds = sync.OnceValue(func() *[smallEnd]rune {
	t := new([smallEnd]rune)
	folds := runeTable()
	for r := rune(0); r < smallEnd; r++ {
		switch {
		case !isWordRune(r):
			t[r] = notWord
		case r < utf8.RuneSelf:
			t[r] = unicode.ToLower(r)
		default:
			t[r] = folds[r]
		}
	}
	return t
})

// fold is Normalize of one rune as foldByRune takes it: runeSlow when it needs more than that.
func (sn *snippeter) fold(r rune) rune {
	switch {
	case r < tableEnd:
		return sn.folds[r]
	case r >= 0x3400 && r <= 0x4DBF, r >= 0x4E00 && r <= 0x9FFF, r >= 0xAC00 && r <= 0xD7A3:
		return r
	}
	return runeSlow
}

// windowHasAll reports whether the matches that fit in one snippet ending at the last match cover every word.
func windowHasAll(body string, spans []span, all uint64) bool {
	last := spans[len(spans)-1]
	from := backRunes(body, last.end, snippetRunes-snippetLead)
	var seen uint64
	for j := len(spans) - 1; j >= 0 && spans[j].start >= from; j-- {
		seen |= 1 << spans[j].w
	}
	return seen == all
}

// nextRune decodes the rune at s[i], ASCII first, then the two-byte runes of Greek, Cyrillic, Hebrew and Arabic.
func nextRune(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if c >= 0xC2 && c < 0xE0 && i+1 < len(s) {
		if c1 := s[i+1]; c1&0xC0 == 0x80 {
			return rune(c&0x1F)<<6 | rune(c1&0x3F), 2
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}

// match returns the index of the query word that a body word matches, or -1. Near spellings count only for the
// words whose near spellings the query looked for in bodies (those the index does not know).
func (s *snippeter) match(raw string) int {
	if m, ok := s.memo[raw]; ok {
		return int(m)
	}
	var folded string
	var known *wordAnalysis // raw's analysis, when the snippeter keeps them across searches
	if s.analyses != nil {
		known = s.analyses.get(s.a, raw)
		folded = known.folded
	} else {
		folded = Normalize(raw)
	}
	m := -1
	for i, w := range s.words {
		// A word's other spellings (synonyms, pieces) have no typed form to equal, and a body word that folds to
		// nothing (a mark standing alone) is none.
		if w.prefix && strings.HasPrefix(folded, w.surface) ||
			folded == w.surface && folded != "" ||
			w.fuzz > 0 && !w.known && withinTypos(folded, w.surface, w.fuzz) && !w.affixes.otherWord(folded, w.surface) {
			m = i
			break
		}
	}
	if m < 0 {
		for i, w := range s.words {
			if !strings.Contains(folded, s.probes[i]) {
				continue
			}
			if known == nil {
				known = analyzeWord(s.a, raw)
			}
			if slices.Contains(known.terms, w.stem) {
				m = i
				break
			}
		}
	}
	if len(s.memo) < 4096 {
		s.memo[raw] = int8(m)
	}
	return m
}

// findCJK finds each query bigram (or character) in body: CJK text has no spaces to split words at.
func (s *snippeter) findCJK(body string) []span {
	var spans []span
	pairs := 0 // how many of the query's pairs the last span runs over
	// In a spaceless script (Thai, Lao, Khmer, Myanmar) a pair of characters is a piece of a word, found all over
	// the text: a span of one pair is dropped unless the query is that pair. In Chinese, Japanese and Korean two
	// characters are often a word, and keep their mark.
	dropLone := func() {
		if last := len(spans) - 1; last >= 0 && pairs == 1 && len(s.words) > 1 {
			if r, _ := utf8.DecodeRuneInString(body[spans[last].start:]); isSpaceless(r) {
				spans = spans[:last]
			}
		}
	}
	body = body[:min(len(body), snippetScanBytes)]
	for i := 0; i < len(body) && len(spans) < maxSnippetMatches; {
		for w, word := range s.words {
			if word.stem != "" && strings.HasPrefix(body[i:], word.stem) {
				end := i + len(word.stem)
				if len(spans) > 0 && spans[len(spans)-1].end > i { // overlapping bigrams: extend the mark
					spans[len(spans)-1].end = end
					pairs++
				} else {
					dropLone()
					spans = append(spans, span{i, end, w})
					pairs = 1
				}
				break
			}
		}
		_, n := utf8.DecodeRuneInString(body[i:])
		i += n
	}
	dropLone()
	return spans
}

// render writes body[start:end] as escaped HTML with spans marked, whitespace collapsed, and an ellipsis where text
// was cut.
func render(body string, start, end int, spans []span) string {
	var b strings.Builder
	b.Grow(end - start + 32) // the text, marks and ellipses: most snippets in one allocation
	if start > 0 {
		b.WriteString("…")
	}
	at := start
	for _, sp := range spans {
		if sp.start < at || sp.end > end {
			continue
		}
		writeText(&b, body[at:sp.start])
		b.WriteString("<mark>")
		writeText(&b, body[sp.start:sp.end])
		b.WriteString("</mark>")
		at = sp.end
	}
	writeText(&b, body[at:end])
	if end < len(strings.TrimRightFunc(body, unicode.IsSpace)) {
		b.WriteString("…")
	}
	return strings.TrimSpace(b.String())
}

// writeText writes s HTML-escaped with each run of white space as one space. Only bytes that can start a white-space
// rune are decoded: ASCII, and the leading bytes of U+0085, U+00A0 and the spaces from U+1680 to U+3000 (0xC2, 0xE1,
// 0xE2, 0xE3). Any other byte is a rune's leading byte, which no white space starts with, or a continuation byte,
// which no rune starts at; either way it is not white space.
func writeText(b *strings.Builder, s string) {
	space := false
	from := 0
	for i := 0; i < len(s); {
		c := s[i]
		n := 1
		var white bool
		switch {
		case c < utf8.RuneSelf:
			white = asciiSpace(c)
		case c == 0xC2 || c >= 0xE1 && c <= 0xE3:
			var r rune
			r, n = utf8.DecodeRuneInString(s[i:])
			white = unicode.IsSpace(r)
		}
		if white {
			if !space {
				escapeHTML(b, s[from:i])
				b.WriteByte(' ')
				space = true
			}
			from = i + n
		} else {
			space = false
		}
		i += n
	}
	escapeHTML(b, s[from:])
}

// htmlEscaper escapes as html.EscapeString does; its WriteString writes into a strings.Builder without making the
// escaped copy.
var htmlEscaper = strings.NewReplacer(`&`, "&amp;", `'`, "&#39;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;")

// escapeHTML writes s to b as html.EscapeString escapes it.
func escapeHTML(b *strings.Builder, s string) { htmlEscaper.WriteString(b, s) }

// isWordRune reports whether r is a letter, a digit, a mark or a format character that Normalize drops: a rune of a
// word ("track\u200bing", "de\u00adlivery" are one word each, as the analyzers read them).
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r] // inlined: ASCII is most of the runes tested
	}
	return isWordRuneMore(r)
}

func isWordRuneMore(r rune) bool {
	if r < bmpEnd {
		return wordRunes()[r>>6]&(1<<(r&63)) != 0
	}
	return isWordRuneSlow(r)
}

func isWordRuneSlow(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || isFormat(r)
}

// asciiWord marks the ASCII word runes: letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

// bmpEnd bounds the runes wordRunes has a bit for: the Basic Multilingual Plane, every script a help center is likely
// written in.
const bmpEnd = 0x10000

// wordRunes is a bit per rune below bmpEnd, set for word runes: snippets test every rune of the bodies they scan, and
// the unicode tables take a search per rune. Made on the first snippet, not at start-up (8 KB, about a millisecond).
var wordRunes = sync.OnceValue(func() *[bmpEnd / 64]uint64 {
	t := new([bmpEnd / 64]uint64)
	for r := rune(0); r < bmpEnd; r++ {
		if isWordRuneSlow(r) {
			t[r>>6] |= 1 << (r & 63)
		}
	}
	return t
})

// runesAhead returns forwardRunes(s, i, n) for rising offsets i, each at a rune's start, moving on from the last
// offset rather than counting n runes again from each: a snippet looks that far ahead of every match.
type runesAhead struct {
	s        string
	n        int
	from, at int // the last i, and forwardRunes(s, from, n)
	ahead    int // the runes from from to at
}

func (r *runesAhead) after(i int) int {
	if i < r.from || i >= r.at {
		// Past the last end (or before the last offset): count from i, not across the gap.
		r.at, r.ahead = i, 0
	} else {
		r.ahead -= utf8.RuneCountInString(r.s[r.from:i])
	}
	r.from = i
	var k int
	r.at, k = advanceRunes(r.s, r.at, r.n-r.ahead)
	r.ahead += k
	return r.at
}

// forwardRunes returns the byte offset n runes after i (or len(s)).
func forwardRunes(s string, i, n int) int {
	i, _ = advanceRunes(s, i, n)
	return i
}

// advanceRunes returns the byte offset n runes after i (or len(s)), and the runes it passed, as runeSize counts them,
// ASCII and two-byte runes without a call.
func advanceRunes(s string, i, n int) (int, int) {
	k := 0
	for ; k < n && i < len(s); k++ {
		if c := s[i]; c < utf8.RuneSelf {
			i++
		} else if c-0xC2 < 0xE0-0xC2 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			i += 2
		} else {
			i += runeSizeMore(s, i)
		}
	}
	return i, k
}

// backRunes returns the byte offset n runes before i (or 0).
func backRunes(s string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		i -= lastRuneSize(s, i)
	}
	return i
}

// runeSize is the size of the rune at s[i] as utf8.DecodeRuneInString counts it, ASCII and the two-byte runes of
// Greek, Cyrillic, Hebrew and Arabic without calling it: snippets count runes back and forth around every match.
func runeSize(s string, i int) int {
	if s[i] < utf8.RuneSelf {
		return 1 // inlined: ASCII is most of the runes counted
	}
	return runeSizeMore(s, i)
}

func runeSizeMore(s string, i int) int {
	c := s[i]
	if c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
		return 2
	}
	_, n := utf8.DecodeRuneInString(s[i:])
	return n
}

// lastRuneSize is the size of the rune that ends at s[i-1] as utf8.DecodeLastRuneInString counts it.
func lastRuneSize(s string, i int) int {
	if s[i-1] < utf8.RuneSelf {
		return 1 // inlined, as runeSize
	}
	return lastRuneSizeMore(s, i)
}

func lastRuneSizeMore(s string, i int) int {
	c := s[i-1]
	if c&0xC0 == 0x80 && i >= 2 && s[i-2] >= 0xC2 && s[i-2] < 0xE0 {
		return 2
	}
	_, n := utf8.DecodeLastRuneInString(s[:i])
	return n
}

// wordStart moves i forward to the start of a word, not past limit, so a snippet does not begin mid-word.
func wordStart(s string, i, limit int) int {
	if i == 0 {
		return 0
	}
	if r, _ := utf8.DecodeLastRuneInString(s[:i]); !isWordRune(r) {
		return i
	}
	for j := i; j < limit; {
		r, n := utf8.DecodeRuneInString(s[j:])
		j += n
		if unicode.IsSpace(r) {
			return j
		}
	}
	return limit
}

// wordEnd moves i back to the end of a word, so a snippet does not end mid-word; a single word longer than a
// snippet is cut.
func wordEnd(s string, i int) int {
	if i >= len(s) {
		return len(s)
	}
	if r, _ := utf8.DecodeRuneInString(s[i:]); !isWordRune(r) {
		return i
	}
	for j := i; j > 0; {
		r, n := utf8.DecodeLastRuneInString(s[:j])
		if unicode.IsSpace(r) {
			return j - n
		}
		j -= n
	}
	return i
}

// withinTypos reports whether a and b are at most k edits apart, counting an adjacent transposition as one edit
// (optimal string alignment distance): the same typos the query's fuzzy and transposition clauses accept.
func withinTypos(a, b string, k int) bool {
	ra, rb := []rune(a), []rune(b)
	if abs(len(ra)-len(rb)) > k {
		return false
	}
	// Three rows of the dynamic programme suffice for transpositions.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > k {
			return false
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)] <= k
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
