// Package static writes the static search index: small gzip-compressed shards
// under /_kb/search/<lang>/ that the browser fetches on demand, so a site on a
// host with no search server still has typo-tolerant, diacritic-insensitive
// search that agrees with the server.
//
// The browser never stems. Build maps every normalized surface word of the
// corpus to the server's index terms, so the client only has to reproduce
// Normalize (simple and exact) and look words up. Layout, all gzip:
//
//	meta.json.gz    build id, doc count, vocabulary shard keys, posting chunk starts (each the
//	                difference from the last: mostly small numbers, which compress well)
//	v/<hex>.json.gz vocabulary shard: {"word":[df,termID…]} for the words whose
//	                longest shard key (a prefix, hex of its UTF-8) is <hex>; [] marks a stop word;
//	                the term of the word as written first (meta.pr), then the others in order;
//	                in Greek (meta.gk), also {"KEY":[df,termID…]}: a sound key in capitals, which no word
//	                has, with the terms of the words that have it (see Analyzer.SoundKey); and, when
//	                the thesaurus knows some of those words, {"":{"t":[termID…],"w":{"word":key…}}}
//	                (see shardSynonyms)
//	p/<n>.bin.gz    posting chunk: for consecutive term ids from the nth chunk start, each term's
//	                postings, binary (see encodeChunk): doc deltas and weights, weight =
//	                4×Σ boost×BM25 over title, headings, tags, page, body; negative (meta.pr) for a
//	                document that has the term only as the rest of longer words
//	h/<n>.json.gz   the heads of chunk n's long postings lists, when bit n of meta.ph is set (heads.go)
//	d/<n>.json.gz   docs n×16… (meta.ds of them): [url,title,section title,page,fallback?]
//	x/<n>.json.gz   the body excerpts of docs n×8… (meta.xs), for snippets on the results page
//	s.json.gz       the thesaurus (synonyms and optional words) in term ids, when meta.sy is 1; see synonymTable;
//	                fetched only for a query with a word the thesaurus knows
//
// meta's pr, for a language that joins one-letter words to the front of the
// next (Hebrew), lists them with the fewest letters of a rest
// (Analyzer.Proclitics): data, not code, as meta's za is. The client then
// finds the term of a query word as typed first in its vocabulary entry,
// and ranks the documents that have it as written above those that have it
// only as the rest of longer words (their weights are negative), as the
// server's exact match on the word as written does (see asTyped).
//
// Files are gzipped on disk rather than left to the host: plain static servers
// (python -m http.server, many object stores) send no Content-Encoding, and a
// pre-compressed file is never bigger than a host-compressed one. The client
// inflates with DecompressionStream, or uses the bytes as they are when a host
// already decoded them (it checks the gzip magic number).
package static

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"math"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"

	"kb/search/thesaurus"
)

// Doc is one search document (an article or one FAQ question), as the server
// indexes it.
type Doc struct {
	URL, Title, Page, Section, SectionTitle, Body string
	Headings, Tags                                []string
	// Fallback marks a page shown in this language from another language.
	Fallback bool
	// Key, when not zero, is a digest of the document the caller has
	// already, covering at least Title, Headings, Tags, Page and Body (kb
	// passes search.DocDigest): the digest that names the document's words
	// from one build to the next (docWordsSum) is then made from it rather
	// than from the text.
	Key [32]byte
	// BodyLeftOut says Body was not loaded (it is empty here, not in the
	// document): the words kept under Key stand for it. A build that would
	// have to read it returns ErrBodyLeftOut instead.
	BodyLeftOut bool
}

// ErrBodyLeftOut is BuildReusing's answer when it has to tokenize a
// document whose body was left out (Doc.BodyLeftOut): its words are not
// kept. The caller loads the bodies and builds again.
var ErrBodyLeftOut = errors.New("static: a document's body is needed but was left out")

// Analyzer is the server's text analysis, passed in as functions so this
// package neither imports kb/search nor drifts from it.
type Analyzer struct {
	// Normalize is the browser-reproducible folding (search.Normalize).
	Normalize func(string) string
	// Terms returns the index terms of text as the server analyzes it (search.Terms).
	Terms func(lang, text string) []string
	// Rules is the language's thesaurus as the server applies it (search.ThesaurusRules); nil for none.
	Rules *thesaurus.Rules
	// Compounds says that the language writes compound words with a zero-width non-joiner, which the server reads
	// as the word joined and as its parts (search.Compounds): the surface words of "می‌خواهم" are then "میخواهم",
	// "می" and "خواهم" (see tokenizeWords), and the client reads a query word the same way (meta's zw).
	Compounds bool
	// Affixes are the language's commonest compound affixes and the fewest letters of the rest of a word that has
	// one (search.Affixes), none for none: the client parts a query word typed joined with one as the server does
	// (meta's za).
	Prefixes, Suffixes []string
	MinRest            int
	// Negation is the prefix that negates a verb (search.Affixes), "" for none: the client's typo matching
	// takes a word and the word with it for different words, as the server does (meta's za).
	Negation string
	// JoinsSpaced, if not nil, reports whether a word and the word after it, as written, with only white space
	// between them, are one word spelled spaced, which the server reads joined too (search.Affixes.JoinsSpaced):
	// the surface words of "می پذیریم" are then "می", "پذیریم" and "میپذیریم" (see tokenizeWords).
	JoinsSpaced func(word, next string) bool
	// Proclitics are the one-letter words the language joins to the front of a word, and their combinations,
	// longest first, and ProcliticRest the fewest letters of the rest (search.Proclitics), none for none: the
	// server indexes such a word as written and without them, and reads a query word so too, the rest ranking
	// below the word; the client reads a query word as the server does (meta's pr).
	Proclitics    []string
	ProcliticRest int
	// SoundKey, if not nil, gives a normalized word the sound key that a word typed for it in other letters may have
	// (search.SoundKey: Greek typed in Latin letters, "Greeklish"), "" for none. The vocabulary then has each key,
	// in capitals so that it is no word's entry, with the terms of the words that have it, and the client looks a
	// query word typed in those letters up by its keys (meta's gk), below the word itself.
	SoundKey func(word string) string
	// Sounds, if not nil, is given the table those keys make: each key, as SoundKey gives it, with the server's
	// terms of the words that have it, sorted. kb build hands it to the server index (search.IndexBuild.SetSounds),
	// whose queries typed in other letters then look up the same table, rather than reading the text again.
	Sounds func(table map[string][]string)
}

// formatVersion is meta's f. 2: heads of long postings lists (heads.go);
// 3: heads named by their place in the chunk; 4: rest-only weights
// (meta.pr); 5: pc as differences, the thesaurus's words in the vocabulary
// shards, excerpt shards of meta.xs documents, binary postings chunks.
const formatVersion = 5

// Sizes chosen by measuring 1,000 to 20,000 documents and the benchmark
// corpus: together they keep a first search with 5 results under the
// 40 KB of DESIGN §10 (TestFirstSearchBytes, bench/staticbytes).
const (
	docsPerShard = 16  // 5 results fetch at most 5 small doc shards
	excerptRunes = 300 // body excerpt kept for snippets
	// A result's excerpt comes with those of the others in its shard,
	// unread: 8 excerpts (about 1.3 KB gzipped in Greek) rather than 16
	// save 5 results about 5 KB of their first search, for 1 more file
	// per 16 documents.
	excerptsPerShard = 8
	vocabShardBytes  = 24 << 10 // split a vocabulary shard by its next letter past this
	chunkBytes       = 12 << 10 // about a posting chunk's mean size (see chunkStarts)
	weightScale      = 4        // weights are stored as round(4×weight): small integers compress well
	k1, b            = 1.2, 0.75
)

// Field boosts, the server's (search/query.go): a word in the title (the
// question, for FAQ documents) outranks it in a heading, tag or page title,
// which outranks it in the body.
var boosts = [nFields]float64{4, 2, 2, 1.5, 1}

const (
	fTitle = iota
	fHeadings
	fTags
	fPage
	fBody
	nFields
)

// term is one index term and its postings, in doc order. The postings are
// kept packed, a few bytes a document rather than a struct each, since a
// language's postings are most of what Build holds: per document, the uvarint
// delta from the previous posting's document, a byte with a bit for each
// field the term is in, and the uvarint frequency in each of those fields.
type term struct {
	name string
	id   int
	df   int // documents with the term
	post []byte
	last int32 // the document of the last posting
	// The term's frequencies in the document being read, and whether it
	// is in it yet; in a language with proclitics (docCounter.proclitics),
	// whether the document has it as a word written whole, and as the
	// rest of a longer word.
	cur               [nFields]uint16
	inDoc             bool
	asWritten, asRest bool
	// touched marks a term whose postings an update of a kept analysis
	// rewrote: its chunk is encoded again.
	touched bool
}

// endDoc appends the posting of document doc from the frequencies counted
// in it, and clears them for the next.
func (tm *term) endDoc(doc int32) {
	tm.post = tm.appendPosting(tm.post, uint64(doc-tm.last))
	tm.last = doc
	tm.df++
}

// appendPosting appends to p a posting of the frequencies counted in the
// document being read, led by delta, and clears them for the next.
func (tm *term) appendPosting(p []byte, delta uint64) []byte {
	p = binary.AppendUvarint(p, delta)
	var mask byte
	for f, tf := range tm.cur {
		if tf != 0 {
			mask |= 1 << f
		}
	}
	if tm.asRest && !tm.asWritten {
		mask |= restOnly
	}
	tm.asWritten, tm.asRest = false, false
	p = append(p, mask)
	for f, tf := range tm.cur {
		if tf != 0 {
			p = binary.AppendUvarint(p, uint64(tf))
		}
		tm.cur[f] = 0
	}
	tm.inDoc = false
	return p
}

// docCounter counts the words of the document being read into their
// terms' frequencies (term.cur) and its field lengths, gathering in inDoc
// the terms it has. mark tells the document apart in token.lastDoc.
// proclitics says that the language indexes a word with one-letter words
// joined to its front as written and as its rest (Analyzer.Proclitics):
// the counter then tells which of its terms each document has as written.
type docCounter struct {
	mark       int32
	lens       *[nFields]int
	inDoc      []*term
	proclitics bool
}

func (c *docCounter) count(f int, t *token, n int) {
	if t.lastDoc != c.mark {
		t.lastDoc = c.mark
		t.docs++
	}
	for _, tm := range t.terms {
		if !tm.inDoc {
			tm.inDoc = true
			c.inDoc = append(c.inDoc, tm)
		}
		cur := &tm.cur[f]
		*cur = uint16(min(int(*cur)+n, math.MaxUint16))
		if c.proclitics {
			// A word's own term is the word as written; its other is its rest.
			if tm.name == t.norm {
				tm.asWritten = true
			} else {
				tm.asRest = true
			}
		}
	}
	c.lens[f] += n * len(t.terms)
}

// countDoc counts d's words with c: from its words kept in reuse under sum
// when they are there and sound, else by tokenizing d (and keeping its
// words in reuse, if not nil). It returns d's excerpt; ok is false when d
// would be tokenized but its body was left out (nothing is counted then).
func countDoc(d *Doc, sum [32]byte, reuse Gzipped, rec *wordRecorder, lookup func(string) *token, c *docCounter) (excerpt string, ok bool) {
	if reuse != nil {
		if words, ok := reuse.Get(sum); ok {
			if _, ok := eachWord(words, nil); ok {
				ex, _ := eachWord(words, func(f int, w []byte, n int) { c.count(f, lookup(string(w)), n) })
				return string(ex), true
			}
		}
	}
	if d.BodyLeftOut {
		return "", false
	}
	// Tokenized here, the words are counted as they are recorded.
	words, ex := rec.record(d, lookup, c.count)
	if reuse != nil {
		reuse.Put(sum, words)
	}
	return ex, true
}

// token is what a surface word contributes: the terms it is indexed under.
type token struct {
	terms []*term
	// word is the surface word the token is cached under. A wordRecorder
	// counts it in a field with n, field being the recorder's field
	// generation that last met it.
	word  string
	field uint64
	n     int
	// norm is the word normalized (its vocabulary entry; "" for none),
	// and docs the number of documents it is in, lastDoc being the last
	// one counted (plus one): a kept analysis (States) needs both.
	norm    string
	docs    int32
	lastDoc int32
}

// analyze maps a surface word to its terms, recording them under its
// normalized form for the vocabulary (a word with no terms is a stop word).
func analyze(lang, w string, an Analyzer, vocab map[string]map[*term]bool, byName map[string]*term) *token {
	n := an.Normalize(w)
	if n == "" {
		return &token{}
	}
	set := vocab[n]
	if set == nil {
		set = map[*term]bool{}
		vocab[n] = set
	}
	t := &token{norm: n}
	for _, name := range an.Terms(lang, w) {
		tm := byName[name]
		if tm == nil {
			tm = &term{name: name}
			byName[name] = tm
		}
		set[tm] = true
		t.terms = append(t.terms, tm)
	}
	return t
}

// Build returns the files of one language's static index, as paths relative
// to the output root ("_kb/search/ar/meta.json.gz", …) mapped to their bytes.
// Same input, same bytes, whatever the order of docs.
func Build(lang string, docs []Doc, an Analyzer) (map[string][]byte, error) {
	return BuildReusing(context.Background(), lang, slices.Clone(docs), an, nil)
}

// Gzipped remembers compressed files from one build to the next: BuildReusing
// asks it for a file's gzip by the SHA-256 of the file's JSON before
// compressing it, and gives it what it compressed. Compression is a function
// of its input (and of kb's gzip level), so a remembered gzip is the bytes
// compressing would give; most shards (documents, excerpts) do not change
// when a few documents do. BuildReusing also keeps each document's words in
// it (see docWords), by a digest of the document's text that no JSON file
// can have, so an unchanged document is not tokenized again. Both methods
// may be called concurrently; Put may not keep gz after it returns (a
// document's words are in a buffer that the next document's reuse). A
// file's JSON, here and below, is its bytes before compression: JSON but
// for the postings chunks, which are binary.
type Gzipped interface {
	Get(sum [32]byte) ([]byte, bool)
	Put(sum [32]byte, gz []byte)
}

// OutputKeeper is what a Gzipped may also implement when the files
// BuildReusing returns go to an output folder that may hold them already.
// KeepOutput reports whether the output's file name (a path BuildReusing
// returns) holds, as the build that wrote it left it, the file compressed
// from JSON whose SHA-256 is sum: BuildReusing then neither compresses nor
// reads that file again, and returns it with nil bytes, for the caller to
// leave as it is. It is asked about every file but meta.json.gz, and may be
// called concurrently.
type OutputKeeper interface {
	KeepOutput(name string, sum [32]byte) bool
}

// BuildReusing is Build that takes unchanged files' gzip from reuse (nil for
// none), and that gives up, with ctx's error, soon after ctx ends: kb serve
// drops a refresh that a newer save makes stale rather than let it hold the
// CPU. Unlike Build, it sorts docs in place: its caller makes them for it.
func BuildReusing(ctx context.Context, lang string, docs []Doc, an Analyzer, reuse Gzipped) (map[string][]byte, error) {
	if an.Normalize == nil || an.Terms == nil {
		return nil, errors.New("static: analyzer needs Normalize and Terms")
	}
	if !validLang(lang) {
		return nil, fmt.Errorf("static: language %q is not a safe path segment", lang)
	}
	slices.SortStableFunc(docs, func(x, y Doc) int {
		// The key before the body, which may be left out.
		return cmp.Or(strings.Compare(x.URL, y.URL), strings.Compare(x.Title, y.Title), bytes.Compare(x.Key[:], y.Key[:]), strings.Compare(x.Body, y.Body))
	})
	files, err := build(ctx, lang, docs, an, reuse, true)
	if errors.Is(err, errKeptShardLost) {
		// The kept analysis named a shard that neither the output nor
		// reuse has any more: analyze every document.
		files, err = build(ctx, lang, docs, an, reuse, false)
	}
	return files, err
}

// errKeptShardLost says a shard the last build's state counts on could not
// be had (see compressor.addKept).
var errKeptShardLost = errors.New("static: a kept shard is lost")

// build is BuildReusing's work on docs in their order, taking the last
// build's state (States) when useState is true and reuse has one.
func build(ctx context.Context, lang string, docs []Doc, an Analyzer, reuse Gzipped, useState bool) (map[string][]byte, error) {
	lens := make([][nFields]int, len(docs))
	excerpts := make([]string, len(docs))
	states, _ := reuse.(States)
	var al *analysis
	if states != nil && useState {
		al = updateKept(ctx, lang, docs, an, reuse, states, lens, excerpts)
	}
	fromState := al != nil
	if al == nil {
		var err error
		if al, err = analyzeDocs(ctx, lang, docs, an, reuse, states != nil, lens, excerpts); err != nil {
			return nil, err
		}
	}
	byName, vocab, total := al.byName, al.vocab, al.total

	names := sortedKeys(byName)
	terms := make([]*term, len(names))
	for i, name := range names {
		terms[i] = byName[name]
		terms[i].id = i
	}
	var avg [nFields]float64
	for f := range avg {
		avg[f] = stableAverage(max(total[f]/float64(max(len(docs), 1)), 1))
	}

	// Each file is compressed as soon as it is encoded, so the JSON of the
	// whole language is never held at once.
	gz := newCompressor(reuse)
	defer gz.wait()
	base := "_kb/search/" + lang + "/"
	// A file's JSON is encoded by the compressor's workers.
	put := func(name string, encode func() []byte) { gz.addEncoded(base+name, encode) }

	// Posting chunks: consecutive term ids, so a word's prefix expansions
	// (whose stems sort together) tend to share a chunk. A chunk the last
	// build wrote as it would be written now is kept, not encoded again.
	starts := chunkStarts(terms)
	chunks := make([]chunkRecord, len(starts))
	norms := lengthNorms(lens, avg)
	headChunks := make([]byte, (len(starts)+3)/4) // meta.ph
	for c, s := range starts {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		part := terms[s:]
		if c+1 < len(starts) {
			part = terms[s:starts[c+1]]
		}
		chunks[c] = chunkRecord{first: part[0].name, last: part[len(part)-1].name, n: len(part)}
		heads := headTerms(part)
		name := "p/" + strconv.Itoa(c) + ".bin.gz"
		old, kept := al.keptChunk(chunks[c], part, avg)
		if len(heads) > 0 {
			headChunks[c/4] |= 1 << (c % 4)
			if kept && old.heads != [32]byte{} {
				gz.addKept(base+headsName(c), old.heads)
			} else {
				put(headsName(c), func() []byte { return encodeHeads(heads, part[0].id, norms) })
			}
		}
		if kept {
			gz.addKept(base+name, old.sum)
			continue
		}
		// The state, written last, and the heads need the postings.
		keep := states != nil || len(heads) > 0
		put(name, func() []byte { return encodeChunk(part, norms, keep) })
	}

	// Vocabulary: normalized word → [df, term ids…], df being the largest
	// document frequency of its terms, which ranks prefix completions.
	entries := map[string][]int{}
	// With proclitics, a word's own term leads its entry: the client tells
	// it from the word's rest.
	own := func(w string) *term { return nil }
	if len(an.Proclitics) > 0 {
		own = func(w string) *term { return byName[w] }
	}
	for w, set := range vocab {
		entries[w] = vocabEntry(set, own(w))
	}
	for w, set := range restWords(lang, vocab, an) {
		entries[w] = vocabEntry(set, own(w))
	}
	syn := synonymTable(an.Rules, byName, entries)
	if an.SoundKey != nil {
		sounds := soundKeys(vocab, an.SoundKey)
		for k, set := range sounds {
			entries[strings.ToUpper(k)] = vocabEntry(set, nil) // no word's entry
		}
		if an.Sounds != nil {
			an.Sounds(termNames(sounds))
		}
	}
	shards := shardVocab(entries)
	var synShards map[string]*shardSynonyms
	if syn != nil {
		synShards = syn.byShard(shards)
	}
	keys := sortedKeys(shards)
	for _, k := range keys {
		shard, words := shards[k], synShards[k]
		put("v/"+hex.EncodeToString([]byte(k))+".json.gz", func() []byte { return encodeVocabShard(shard, words) })
	}

	// Doc data comes in two parts so that suggestions, which show titles
	// only, do not download excerpts at every keystroke.
	for s := 0; s < len(docs); s += docsPerShard {
		shardDocs := docs[s:min(s+docsPerShard, len(docs))]
		put("d/"+strconv.Itoa(s/docsPerShard)+".json.gz", func() []byte {
			rows := make([]docRow, len(shardDocs))
			for j, d := range shardDocs {
				page := d.Page
				if page == d.Title {
					page = ""
				}
				rows[j] = docRow{d.URL, d.Title, d.SectionTitle, page, d.Fallback}
			}
			return encodeDocRows(rows)
		})
	}
	for s := 0; s < len(docs); s += excerptsPerShard {
		name := "x/" + strconv.Itoa(s/excerptsPerShard) + ".json.gz"
		if sum, ok := al.keptExcerpts[s/excerptsPerShard]; ok {
			gz.addKept(base+name, sum)
			continue
		}
		shardExcerpts := excerpts[s:min(s+excerptsPerShard, len(docs))]
		put(name, func() []byte { return encodeStrings(shardExcerpts) })
	}

	if syn != nil {
		gz.addValue(base+"s.json.gz", syn)
	}

	files := gz.wait()
	if err := cmp.Or(ctx.Err(), gz.err); err != nil {
		return nil, err
	}
	if gz.lost {
		return nil, errKeptShardLost
	}
	if fromState {
		states.Updated(lang)
	}
	if states != nil {
		xsums := make([][32]byte, excerptShardCount(len(docs)))
		for s := range xsums {
			xsums[s] = gz.sums[base+"x/"+strconv.Itoa(s)+".json.gz"]
		}
		for c := range chunks {
			chunks[c].sum = gz.sums[base+"p/"+strconv.Itoa(c)+".bin.gz"]
			chunks[c].heads = gz.sums[base+headsName(c)] // zero for none
		}
		states.PutState(lang, func(w io.Writer) error { return writeState(w, al, terms, lens, xsums, avg, chunks) })
		al.words = nil
	}

	// The build id versions every shard URL, so a browser never mixes cached
	// shards of an older build with a newer meta. It digests each file's
	// JSON, so that a file kept in the output need not be read.
	h := sha256.New()
	for _, name := range sortedKeys(files) {
		sum := gz.sums[name]
		h.Write(append(append([]byte(name), 0), sum[:]...))
	}
	meta := struct {
		Format int      `json:"f"`
		ID     string   `json:"id"`
		Lang   string   `json:"lang"`
		N      int      `json:"n"`
		DS     int      `json:"ds"`
		XS     int      `json:"xs"`
		VS     []string `json:"vs"`
		PC     []int    `json:"pc"`
		PH     string   `json:"ph,omitempty"`
		SY     int      `json:"sy,omitempty"`
		ZW     int      `json:"zw,omitempty"`
		ZA     *affixes `json:"za,omitempty"`
		GK     int      `json:"gk,omitempty"`
		PR     *affixes `json:"pr,omitempty"`
	}{formatVersion, hex.EncodeToString(h.Sum(nil))[:12], lang, len(docs), docsPerShard, excerptsPerShard, keys, differences(starts), headBits(headChunks), 0, 0, nil, 0, nil}
	if syn != nil {
		meta.SY = 1
	}
	if an.Compounds {
		meta.ZW = 1
	}
	if len(an.Prefixes)+len(an.Suffixes) > 0 || an.Negation != "" {
		meta.ZA = &affixes{an.Prefixes, an.Suffixes, an.MinRest, an.Negation}
	}
	if an.SoundKey != nil {
		meta.GK = 1
	}
	if len(an.Proclitics) > 0 {
		meta.PR = &affixes{P: an.Proclitics, N: an.ProcliticRest}
	}
	raw, err := marshal(meta)
	if err != nil {
		return nil, err
	}
	files[base+"meta.json.gz"] = gzipBytes(raw)
	return files, nil
}

// differences is meta's pc: each chunk's first term ID less the last
// chunk's. Every search fetches meta; a long run of chunks one big term
// each is a run of ones there, which compresses to next to nothing.
func differences(starts []int) []int {
	out := make([]int, len(starts))
	prev := 0
	for i, s := range starts {
		out[i], prev = s-prev, s
	}
	return out
}

// vocabEntry is a vocabulary word's entry for the terms in set: [df, term
// ids…], df being the largest document frequency of its terms, which ranks
// prefix completions; [] for none (a stop word). The ids are in order, but
// for own, if set has it, which comes first.
func vocabEntry(set map[*term]bool, own *term) []int {
	if len(set) == 0 {
		return []int{}
	}
	e := []int{0}
	for tm := range set {
		e = append(e, tm.id)
		e[0] = max(e[0], tm.df)
	}
	slices.Sort(e[1:])
	if own != nil && set[own] {
		i := slices.Index(e[1:], own.id) + 1
		copy(e[2:i+1], e[1:i])
		e[1] = own.id
	}
	return e
}

// restWords are the words that no document has as written but that the
// server finds as a query: a term of a word of vocab that is the word's end
// (האישור is indexed as itself and as אישור, without the one-letter words
// Hebrew joins to the front of a word) and whose first term, as the server
// analyzes it, is itself. Each is looked up as that one term, so that אישור
// finds the page that writes only האישור, in the browser as on the server.
func restWords(lang string, vocab map[string]map[*term]bool, an Analyzer) map[string]map[*term]bool {
	rests := map[string]map[*term]bool{}
	for w, set := range vocab {
		for tm := range set {
			r := tm.name
			if len(r) >= len(w) || !strings.HasSuffix(w, r) || vocab[r] != nil || rests[r] != nil {
				continue
			}
			if ts := an.Terms(lang, r); an.Normalize(r) == r && len(ts) > 0 && ts[0] == r {
				rests[r] = map[*term]bool{tm: true}
			}
		}
	}
	return rests
}

// soundKeys maps the sound key of each word of vocab that has one and is no
// stop word to the terms of the words that have it.
func soundKeys(vocab map[string]map[*term]bool, key func(string) string) map[string]map[*term]bool {
	keys := map[string]map[*term]bool{}
	for w, set := range vocab {
		k := key(w)
		if k == "" || len(set) == 0 {
			continue
		}
		if keys[k] == nil {
			keys[k] = map[*term]bool{}
		}
		for tm := range set {
			keys[k][tm] = true
		}
	}
	return keys
}

// termNames is sounds with each key's terms by name, sorted (Analyzer.Sounds).
func termNames(sounds map[string]map[*term]bool) map[string][]string {
	out := make(map[string][]string, len(sounds))
	for k, set := range sounds {
		names := make([]string, 0, len(set))
		for tm := range set {
			names = append(names, tm.name)
		}
		slices.Sort(names)
		out[k] = names
	}
	return out
}

// affixes is meta's za: the prefixes and suffixes the client parts a query
// word typed joined with one at, and the fewest letters of the rest; and
// the prefix that negates a verb, which is no typo.
type affixes struct {
	P []string `json:"p"`
	S []string `json:"s"`
	N int      `json:"n"`
	G string   `json:"g,omitempty"`
}

// analysis is the analysis of a run of documents: its terms by name, with
// the postings of those documents (the first delta counting from the run's
// first document), and its vocabulary.
type analysis struct {
	byName map[string]*term
	vocab  map[string]map[*term]bool // normalized word → its terms
	total  [nFields]float64
	// words are the surface words with the documents they are in, and
	// sums each document's docWordsSum: kept only for States.
	words map[string]*token
	sums  [][32]byte
	// keptExcerpts are the excerpt shards that are the last build's, by
	// shard number, with their JSON's SHA-256 (updateKept).
	keptExcerpts map[int][32]byte
	// keptChunks are the last build's posting chunks, by first term, and
	// keptAvg the field averages it weighed them with (updateKept).
	keptChunks map[string]chunkRecord
	keptAvg    [nFields]float64
	err        error
}

type part = analysis

// analyzeDocs counts every document's terms into lens and the terms'
// postings, and cuts each document's excerpt into excerpts, on every core:
// the documents are cut into consecutive runs, analyzed apart and joined in
// order, so the result is the same as one pass over them. A document's
// words come from reuse (nil for none) when it has them.
func analyzeDocs(ctx context.Context, lang string, docs []Doc, an Analyzer, reuse Gzipped, keep bool, lens [][nFields]int, excerpts []string) (*analysis, error) {
	n := analysisParts(len(docs))
	parts := make([]part, n)
	var sums [][32]byte
	if reuse != nil {
		sums = make([][32]byte, len(docs))
	}
	var wg sync.WaitGroup
	for p := range parts {
		lo, hi := p*len(docs)/n, (p+1)*len(docs)/n
		wg.Go(func() { parts[p] = analyzePart(ctx, lang, docs, lo, hi, an, reuse, lens, excerpts, sums) })
	}
	wg.Wait()
	all := &parts[0]
	for _, pt := range parts {
		if pt.err != nil {
			return nil, pt.err
		}
	}
	all.sums = sums
	if !keep {
		all.words = nil
	}
	for _, pt := range parts[1:] {
		for f := range all.total {
			all.total[f] += pt.total[f]
		}
		merged := make(map[*term]*term, len(pt.byName))
		for name, tm := range pt.byName {
			into := all.byName[name]
			if into == nil {
				all.byName[name] = tm
				merged[tm] = tm
				continue
			}
			merged[tm] = into
			// tm's first delta counts from document 0: make it count from
			// into's last posting.
			first, k := binary.Uvarint(tm.post)
			into.post = binary.AppendUvarint(into.post, first-uint64(into.last))
			into.post = append(into.post, tm.post[k:]...)
			into.last, into.df = tm.last, into.df+tm.df
		}
		for w, set := range pt.vocab {
			into := all.vocab[w]
			if into == nil {
				into = make(map[*term]bool, len(set))
				all.vocab[w] = into
			}
			for tm := range set {
				into[merged[tm]] = true
			}
		}
		if keep {
			for w, t := range pt.words {
				if into := all.words[w]; into != nil {
					into.docs += t.docs
					continue
				}
				for i, tm := range t.terms {
					t.terms[i] = merged[tm]
				}
				all.words[w] = t
			}
		}
	}
	return all, nil
}

// analysisParts is how many runs ndocs documents are analyzed in: one per
// core, of at least 2,048 documents (a variable for the tests).
var analysisParts = func(ndocs int) int {
	return max(1, min(runtime.GOMAXPROCS(0), ndocs/2048))
}

// analyzePart analyzes docs[lo:hi].
func analyzePart(ctx context.Context, lang string, docs []Doc, lo, hi int, an Analyzer, reuse Gzipped, lens [][nFields]int, excerpts []string, sums [][32]byte) part {
	// Analyze each distinct surface token once: the corpus repeats words a
	// lot, so the per-word work is one map lookup and a few increments.
	cache := map[string]*token{}
	pt := part{byName: map[string]*term{}, vocab: map[string]map[*term]bool{}}
	c := docCounter{proclitics: len(an.Proclitics) > 0} // the document being read
	rec := newWordRecorder(an)
	h := sha256.New()
	lookup := func(w string) *token {
		t := cache[w]
		if t == nil {
			w = strings.Clone(w) // not the document's text, which the cache would keep
			t = analyze(lang, w, an, pt.vocab, pt.byName)
			t.word = w
			cache[w] = t
		}
		return t
	}
	for i := lo; i < hi; i++ {
		if i%64 == 0 && ctx.Err() != nil {
			pt.err = ctx.Err()
			return pt
		}
		d := &docs[i]
		var sum [32]byte
		if reuse != nil {
			sum = docWordsSum(h, d)
			sums[i] = sum
		}
		c.mark, c.lens = int32(i)+1, &lens[i]
		var ok bool
		if excerpts[i], ok = countDoc(d, sum, reuse, &rec, lookup, &c); !ok {
			pt.err = ErrBodyLeftOut
			return pt
		}
		for f := range nFields {
			pt.total[f] += float64(lens[i][f])
		}
		for _, tm := range c.inDoc {
			tm.endDoc(int32(i))
		}
		clear(c.inDoc)
		c.inDoc = c.inDoc[:0]
	}
	pt.words = cache
	return pt
}

// docWords is what analysis needs of a document besides the analyzer, which
// a later build can take instead of tokenizing the document again: for
// each field in order, uvarint count of its distinct words, then for each
// (in order of first occurrence) uvarint length, the word and the uvarint
// number of its occurrences; then uvarint length and the body's excerpt.
// docWordsSum names it: a digest of everything it is made from, with the
// format's version.
const docWordsVersion = "kb static doc words 5\x00"

// docWordsKeyVersion starts the digest of a document with a Key.
var docWordsKeyVersion = []byte("kb static doc words key 1\x00" + docWordsVersion)

// docWordsSum digests the text of d that its words are made from, or its
// Key.
func docWordsSum(h hash.Hash, d *Doc) [32]byte {
	h.Reset()
	if d.Key != ([32]byte{}) {
		h.Write(docWordsKeyVersion)
		h.Write(d.Key[:])
		var sum [32]byte
		h.Sum(sum[:0])
		return sum
	}
	// Strings go through chunk: io.WriteString would copy each into a new
	// slice (a hash has no WriteString), a build's text once more.
	var chunk [512]byte
	write := func(s string) {
		for len(s) > 0 {
			n := copy(chunk[:], s)
			h.Write(chunk[:n])
			s = s[n:]
		}
	}
	str := func(s string) {
		h.Write(binary.AppendUvarint(chunk[:0], uint64(len(s))))
		write(s)
	}
	write(docWordsVersion)
	str(d.Title)
	for _, ss := range [...][]string{d.Headings, d.Tags} {
		h.Write(binary.AppendUvarint(chunk[:0], uint64(len(ss))))
		for _, s := range ss {
			str(s)
		}
	}
	str(d.Page)
	str(d.Body)
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

// wordRecorder tokenizes documents into docWords, reusing its memory.
type wordRecorder struct {
	compounds   bool                         // see Analyzer.Compounds
	joinsSpaced func(word, next string) bool // see Analyzer.JoinsSpaced
	field       uint64                       // generation of the field being recorded
	tokens      []*token                     // its distinct words, in order of first occurrence
	words       []byte                       // the docWords record returned last
}

func newWordRecorder(an Analyzer) wordRecorder {
	return wordRecorder{compounds: an.Compounds, joinsSpaced: an.JoinsSpaced}
}

// record returns d's docWords, in the recorder's buffer (good until its
// next record), and its excerpt. It finds each word's token with lookup,
// which gives the same token for the same word, and calls count with each
// field, token and number of occurrences, as eachWord would with the
// docWords.
func (r *wordRecorder) record(d *Doc, lookup func(string) *token, count func(f int, t *token, n int)) (words []byte, ex string) {
	b := r.words[:0]
	fields := [nFields][]string{{d.Title}, d.Headings, d.Tags, {d.Page}, {d.Body}}
	for f, texts := range fields {
		r.field++
		r.tokens = r.tokens[:0]
		for _, s := range texts {
			tokenizeWords(s, r.compounds, r.joinsSpaced, func(w string) {
				t := lookup(w)
				if t.field != r.field {
					t.field, t.n = r.field, 0
					r.tokens = append(r.tokens, t)
				}
				t.n++
			})
		}
		b = binary.AppendUvarint(b, uint64(len(r.tokens)))
		for _, t := range r.tokens {
			b = binary.AppendUvarint(b, uint64(len(t.word)))
			b = append(b, t.word...)
			b = binary.AppendUvarint(b, uint64(t.n))
			count(f, t, t.n)
		}
	}
	clear(r.tokens)
	ex = excerpt(d.Body, excerptRunes)
	b = binary.AppendUvarint(b, uint64(len(ex)))
	r.words = append(b, ex...)
	return r.words, ex
}

// eachWord calls f (unless nil) with each field, word and count of the
// docWords b, and returns its excerpt; ok is false when b is damaged (then
// f may have been called for a part of it).
func eachWord(b []byte, f func(field int, w []byte, n int)) (ex []byte, ok bool) {
	next := func() (int, bool) {
		v, k := binary.Uvarint(b)
		if k <= 0 || v > math.MaxInt32 {
			return 0, false
		}
		b = b[k:]
		return int(v), true
	}
	for field := range nFields {
		nw, ok := next()
		if !ok || nw > len(b) {
			return nil, false
		}
		for range nw {
			l, ok := next()
			if !ok || l > len(b) {
				return nil, false
			}
			w := b[:l]
			b = b[l:]
			n, ok := next()
			if !ok {
				return nil, false
			}
			if f != nil {
				f(field, w, n)
			}
		}
	}
	l, ok := next()
	if !ok || l != len(b) {
		return nil, false
	}
	return b, true
}

// synonyms is the thesaurus as the browser applies it, in the index's term ids, keeping only what can change a
// result on this corpus:
//
//	r: trigger → alternatives. A trigger is the keys of its words joined by spaces; an alternative is the term ids
//	   that a result must all have. Alternatives with a term the corpus lacks are dropped, and triggers left with none.
//	o: the keys of the optional words.
//
// A word's key is its first term id, or "~" and its term when the corpus lacks the term. Which words have a key
// that the table uses goes in the vocabulary shards (byShard), which a search fetches anyway, so that a search
// whose words have none need not fetch the table.
type synonyms struct {
	R map[string][][]int `json:"r"`
	O []string           `json:"o"`
	// used are the keys the table uses, and absent the thesaurus's words that the vocabulary lacks, with their
	// keys when the table uses them.
	used   map[string]bool
	absent map[string]string
}

// synonymTable is the thesaurus r in the terms of byName, for the vocabulary entries (vocabEntry), nil when it
// can change no result.
func synonymTable(r *thesaurus.Rules, byName map[string]*term, entries map[string][]int) *synonyms {
	if r == nil {
		return nil
	}
	key := func(t string) string {
		if tm := byName[t]; tm != nil {
			return strconv.Itoa(tm.id)
		}
		return "~" + t
	}
	t := &synonyms{R: map[string][][]int{}, used: map[string]bool{}, absent: map[string]string{}}
	for _, trigger := range sortedKeys(r.Alts) {
		var alts [][]int
	alt:
		for _, a := range r.Alts[trigger] {
			ids := make([]int, len(a))
			for i, name := range a {
				tm := byName[name]
				if tm == nil {
					continue alt
				}
				ids[i] = tm.id
			}
			alts = append(alts, ids)
		}
		if len(alts) == 0 {
			continue
		}
		var keys []string
		for _, name := range strings.Split(trigger, " ") {
			keys = append(keys, key(name))
			t.used[key(name)] = true
		}
		t.R[strings.Join(keys, " ")] = alts
	}
	for _, name := range sortedKeys(r.Optional) {
		t.O = append(t.O, key(name))
		t.used[key(name)] = true
	}
	if len(t.R) == 0 && len(t.O) == 0 {
		return nil
	}
	for w, name := range r.Surfaces {
		if k := key(name); t.used[k] && entries[w] == nil {
			t.absent[w] = k
		}
	}
	return t
}

// shardSynonyms is what a vocabulary shard says of the thesaurus, under "": t, the first term ids of its words
// that are keys the table uses, in order, each written as its difference from the one before (see
// differences), and w, the thesaurus's words that no page has that the shard would hold, with their keys. A
// search looks its words up there, and fetches the table for a word it finds.
type shardSynonyms struct {
	T []int
	W map[string]string
}

// byShard returns what each vocabulary shard says of the thesaurus, for the shards that have something to say.
// A word of absent goes to the shard a search looks the word up in: the one whose key is the longest prefix of
// the word; when no key is, a new shard under the word's first letter, which holds no vocabulary word (none
// starts with that letter).
func (t *synonyms) byShard(shards map[string]map[string][]int) map[string]*shardSynonyms {
	out := map[string]*shardSynonyms{}
	at := func(k string) *shardSynonyms {
		if out[k] == nil {
			out[k] = &shardSynonyms{W: map[string]string{}}
		}
		return out[k]
	}
	for k, shard := range shards {
		for _, e := range shard {
			if len(e) > 1 && t.used[strconv.Itoa(e[1])] {
				s := at(k)
				s.T = append(s.T, e[1])
			}
		}
	}
	for _, s := range out {
		slices.Sort(s.T)
		s.T = slices.Compact(s.T)
	}
	for w, key := range t.absent {
		owner := firstRunes(w, 1)
		for n := utf8.RuneCountInString(w); n > 0; n-- {
			if p := firstRunes(w, n); shards[p] != nil {
				owner = p
				break
			}
		}
		if shards[owner] == nil {
			shards[owner] = map[string][]int{}
		}
		at(owner).W[w] = key
	}
	return out
}

// shardVocab groups words by their first letter and splits a group that is
// too big by its next letter. A word belongs to the longest key that is a
// prefix of it; words as short as the key, and small sub-groups, stay behind.
// Typo matching looks only inside one shard, so keys stay as short as the
// size allows.
func shardVocab(entries map[string][]int) map[string]map[string][]int {
	shards := map[string]map[string][]int{}
	for w, e := range entries {
		k := firstRunes(w, 1)
		if shards[k] == nil {
			shards[k] = map[string][]int{}
		}
		shards[k][w] = e
	}
	todo := sortedKeys(shards)
	for len(todo) > 0 {
		k := todo[0]
		todo = todo[1:]
		s := shards[k]
		size := vocabSize(s)
		if size <= vocabShardBytes {
			continue
		}
		n := utf8.RuneCountInString(k) + 1
		kids := map[string]map[string][]int{}
		for w, e := range s {
			if utf8.RuneCountInString(w) >= n {
				c := firstRunes(w, n)
				if kids[c] == nil {
					kids[c] = map[string][]int{}
				}
				kids[c][w] = e
			}
		}
		// Move the biggest sub-groups out until the rest fits. Sizes add
		// up: each is worked out once.
		ck := sortedKeys(kids)
		sizes := make(map[string]int, len(kids))
		for c, kid := range kids {
			sizes[c] = vocabSize(kid)
		}
		slices.SortStableFunc(ck, func(x, y string) int { return sizes[y] - sizes[x] })
		for _, c := range ck {
			if size <= vocabShardBytes {
				break
			}
			for w := range kids[c] {
				delete(s, w)
			}
			size -= sizes[c]
			shards[c] = kids[c]
			todo = append(todo, c)
		}
	}
	return shards
}

func vocabSize(s map[string][]int) int {
	n := 0
	for w, e := range s {
		n += len(w) + 4 + 6*len(e)
	}
	return n
}

func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// maxWordLetters bounds an indexed word: no language's words come near it,
// and one 30,000-letter word made the vocabulary sharding quadratic.
const maxWordLetters = 64

// tokenize calls f with each run of letters, digits and combining marks, and
// of the format characters among them but the zero-width non-joiner (isFormat),
// the same split the client makes with its WORD pattern. Marks stay inside
// words so that Arabic tashkeel or a decomposed accent never splits one, and
// format characters so that a mark of direction after a word or a zero-width
// space inside one, which Normalize drops, leave the word as the server's
// analysis reads it; they start no word. A run of more than maxWordLetters
// letters and digits (marks and format characters not counted) is not a word
// anyone searches for and is skipped. Within a run, the letters
// and marks of the paired scripts (isPaired: Chinese and Japanese
// characters, Hangul, and the scripts written without spaces between words)
// are cut into their pairs, a lone one being a word of its own, as the
// server's bigram analysis cuts them: their words are inside longer runs,
// which no one types whole.
func tokenize(s string, f func(string)) { tokenizeWords(s, false, nil, f) }

// tokenizeWords is tokenize, but for a language that writes compounds with a zero-width non-joiner (compounds): a
// non-joiner inside a run then stays in it, and f is called with the word joined, then, if the non-joiner parted it,
// with each part, as the server's analysis reads it; and, if joinsSpaced is not nil, after a word that it joins to
// the word spaced before it (see Analyzer.JoinsSpaced), with the two joined, without non-joiners.
func tokenizeWords(s string, compounds bool, joinsSpaced func(word, next string) bool, f func(string)) {
	if compounds {
		f = compoundParts(f)
	}
	prevStart, prevEnd := -1, -1 // the last word, if joinsSpaced may join it to the next
	word := func(start, end int) {
		f(s[start:end])
		if prevStart >= 0 && onlySpaces(s[prevEnd:start]) && joinsSpaced(s[prevStart:prevEnd], s[start:end]) {
			f(s[prevStart:prevEnd] + strings.ReplaceAll(s[start:end], string(nonJoiner), ""))
		}
		if joinsSpaced != nil {
			prevStart, prevEnd = start, end
		}
	}
	// run calls f with the words of the run s[start:end], which has so
	// many letters and has paired ones or not. The loop's state is passed
	// in: a closure that changed it would keep it out of registers.
	run := func(start, end, letters int, paired bool) {
		if paired {
			pairs(s[start:end], f)
			prevStart = -1
		} else if letters <= maxWordLetters {
			word(start, end)
		}
	}
	start, letters, paired := -1, 0, false
	hebrew := false // the last letter of the word is a Hebrew letter
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			// ASCII, most of most text, takes a short way: a letter or digit
			// is in the word, any other ends it but for a Hebrew quote.
			switch {
			case asciiWord[c]:
				if start < 0 {
					start, letters = i, 0
				}
				j := i + 1
				for j < len(s) && asciiWord[s[j]] {
					j++
				}
				letters += j - i
				hebrew = false
				i = j
				continue
			case start < 0:
			case hebrew && isHebrewQuote(rune(c)) && hebrewLetterAfterQuotes(s[i:]):
				// Inside the word, as a mark is.
			default:
				run(start, i, letters, paired)
				start, paired = -1, false
			}
			i++
			continue
		}
		// Greek, Cyrillic, Hebrew and Arabic letters and marks are two
		// bytes: a run of them is read here, as ASCII is above. None is
		// paired (pairedFrom); a rune of two bytes that is in no word
		// (punctuation, a format character) takes the way below.
		if c >= 0xC2 && c < 0xE0 {
			j := i
			for j+1 < len(s) && s[j] >= 0xC2 && s[j] < 0xE0 && s[j+1]&0xC0 == 0x80 {
				k := twoByteClass[uint(s[j]&0x1F)<<6|uint(s[j+1]&0x3F)]
				if k&twoByteWord == 0 {
					break
				}
				if start < 0 {
					start, letters = j, 0
				}
				if k&twoByteMark == 0 {
					letters++
					hebrew = k&twoByteHebrew != 0
				}
				j += 2
			}
			if j > i {
				i = j
				continue
			}
		}
		var r rune
		var size int
		if c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			r, size = rune(c&0x1F)<<6|rune(s[i+1]&0x3F), 2
		} else {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		var in, mark bool
		if r < 1<<16 {
			bit := uint64(1) << (r % 64)
			in = wordBMP[r/64]&bit != 0
			mark = in && markBMP[r/64]&bit != 0
		} else {
			in = inWord(r)
			mark = in && isMark(r)
		}
		if !in && start >= 0 && (isFormat(r) || compounds && r == nonJoiner) {
			in, mark = true, true
		}
		paired = paired || in && r >= pairedFrom && isPaired(r)
		if !in && start >= 0 && hebrew && isHebrewQuote(r) && hebrewLetterAfterQuotes(s[i:]) {
			in, mark = true, true
		}
		if in && !mark {
			hebrew = isHebrewLetter(r)
		}
		switch {
		case in && start < 0:
			start, letters = i, 0
		case !in && start >= 0:
			run(start, i, letters, paired)
			start, paired = -1, false
		}
		if in && !mark {
			letters++
		}
		i += size
	}
	if start >= 0 {
		run(start, len(s), letters, paired)
	}
}

// twoByteClass has, for each rune of two bytes in UTF-8 (U+0080–U+07FF:
// Greek, Cyrillic, Hebrew, Arabic…), whether it is in a word (inWord), a
// mark and a Hebrew letter: one load for tokenizeWords' runs of them.
var twoByteClass = func() (t [0x800]uint8) {
	for r := rune(0x80); r < 0x800; r++ {
		if inWord(r) {
			t[r] |= twoByteWord
		}
		if isMark(r) {
			t[r] |= twoByteMark
		}
		if isHebrewLetter(r) {
			t[r] |= twoByteHebrew
		}
	}
	return t
}()

const (
	twoByteWord = 1 << iota
	twoByteMark
	twoByteHebrew
)

// asciiWord marks the bytes that are ASCII letters and digits.
var asciiWord = func() (t [256]bool) {
	for c := range 256 {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

// isHebrewQuote reports whether r is a geresh or gershayim, or the ' or " a Hebrew keyboard types for them: inside a
// Hebrew word (צ'יפס, דו"ח), the server's word segmenter keeps them in the word and Normalize drops them.
func isHebrewQuote(r rune) bool { return r == '\'' || r == '"' || r == '\u05F3' || r == '\u05F4' }

// isHebrewLetter reports whether r is a Hebrew letter (search.Normalize's isHebrewLetter).
func isHebrewLetter(r rune) bool { return r >= 'א' && r <= 'ת' }

// hebrewLetterAfterQuotes reports whether s, which starts with a Hebrew quote, goes on with a Hebrew letter after
// its quotes and marks.
func hebrewLetterAfterQuotes(s string) bool {
	for _, r := range s {
		if !isHebrewQuote(r) && !isMark(r) {
			return isHebrewLetter(r)
		}
	}
	return false
}

// onlySpaces reports whether s is white space, and not empty.
func onlySpaces(s string) bool {
	return s != "" && strings.TrimLeftFunc(s, unicode.IsSpace) == ""
}

// nonJoiner is the zero-width non-joiner.
const nonJoiner = '\u200c'

// compoundParts returns a function that calls f with a word joined, then, if a non-joiner parts it, with its parts.
func compoundParts(f func(string)) func(string) {
	return func(w string) {
		if !strings.ContainsRune(w, nonJoiner) {
			f(w)
			return
		}
		parts := strings.FieldsFunc(w, func(r rune) bool { return r == nonJoiner })
		f(strings.Join(parts, ""))
		if len(parts) > 1 {
			for _, p := range parts {
				f(p)
			}
		}
	}
}

// pairs calls f with the words of a run that holds paired letters: each
// stretch of other letters, digits and marks whole (if not too long), and
// each stretch of paired ones as its pairs of adjacent runes, or as itself
// when it is one rune.
func pairs(s string, f func(string)) {
	start, letters, inPaired := 0, 0, false
	stretch := func(end int) {
		switch {
		case start == end:
		case !inPaired:
			if letters <= maxWordLetters {
				f(s[start:end])
			}
		default:
			_, first := utf8.DecodeRuneInString(s[start:end])
			if first == end-start {
				f(s[start:end])
				break
			}
			for i := start; i < end; {
				_, a := utf8.DecodeRuneInString(s[i:end])
				if i+a == end {
					break
				}
				_, b := utf8.DecodeRuneInString(s[i+a : end])
				f(s[i : i+a+b])
				i += a
			}
		}
	}
	for i, r := range s {
		p := r >= pairedFrom && isPaired(r)
		if p != inPaired {
			stretch(i)
			start, letters, inPaired = i, 0, p
		}
		if !isMark(r) && !isFormat(r) {
			letters++
		}
	}
	stretch(len(s))
}

// pairedFrom is the first rune isPaired may report.
const pairedFrom = 0x0E00

// pairedScripts are the scripts whose text both indexes cut into pairs of
// characters, as the server's CJK bigrams do: Han and kana, Hangul (whose
// words carry their particles), and the scripts written without spaces
// between words (Line_Break class SA: Thai, Lao, Khmer, Myanmar, the Tai
// scripts). search.js's PAIRED_SCRIPT lists the same scripts.
var pairedScripts = []*unicode.RangeTable{
	unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul,
	unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar,
	unicode.Tai_Le, unicode.New_Tai_Lue, unicode.Tai_Tham, unicode.Tai_Viet,
}

// isPaired reports whether r is a letter or mark of a paired script, or the
// katakana length mark (ー, ｰ), whose script is Common.
func isPaired(r rune) bool {
	return r >= pairedFrom && (r == 'ー' || r == 'ｰ' || (unicode.IsLetter(r) || unicode.IsMark(r)) && unicode.In(r, pairedScripts...))
}

// wordBMP has a bit set for each rune of the Basic Multilingual Plane that is
// a letter, digit or mark: Arabic and Greek text is mostly table lookups.
var wordBMP = func() *[1 << 16 / 64]uint64 {
	var t [1 << 16 / 64]uint64
	for r := range rune(1 << 16) {
		if unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) {
			t[r/64] |= 1 << (r % 64)
		}
	}
	return &t
}()

// markBMP has a bit set for each mark of the Basic Multilingual Plane.
var markBMP = func() *[1 << 16 / 64]uint64 {
	var t [1 << 16 / 64]uint64
	for r := range rune(1 << 16) {
		if unicode.IsMark(r) {
			t[r/64] |= 1 << (r % 64)
		}
	}
	return &t
}()

// isFormat reports whether r is a format character (general category Cf)
// other than the zero-width non-joiner U+200C: the characters search.Normalize
// drops. Both indexes cut words at the non-joiner, which separates the parts
// of a Persian word, or read it as a compound (tokenizeWords).
func isFormat(r rune) bool {
	return r >= 0xAD && r != '\u200c' && unicode.Is(unicode.Cf, r)
}

func isMark(r rune) bool {
	if r < 1<<16 {
		return markBMP[r/64]&(1<<(r%64)) != 0
	}
	return unicode.IsMark(r)
}

func inWord(r rune) bool {
	if r < 1<<16 {
		return wordBMP[r/64]&(1<<(r%64)) != 0
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// excerpt cuts s to about n runes at a word boundary, for snippets: its
// words, one space apart, and "…" if that is not all of s.
func excerpt(s string, n int) string {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	if len(s) <= 8*n {
		ex, _ := joinWords(s, n, "", false)
		return ex
	}
	// 8n bytes are enough for n runes and some spaces, in any script; they
	// are read without their invalid bytes. A body's are nearly always
	// valid but for the rune cut at their end, which n runes seldom reach:
	// they are made valid only when the words reach an invalid byte.
	if ex, ok := joinWords(s[:8*n], n, "…", true); ok {
		return ex
	}
	ex, _ := joinWords(validPrefix(s[:8*n]), n, "…", false)
	return ex
}

// joinWords is excerpt's work on s, which starts with no space: its words,
// one space apart, cut to about n runes at a word boundary, then more if
// that is all of s, else "…". With stopAtInvalid, ok is false when the
// words would take an invalid byte.
func joinWords(s string, n int, more string, stopAtInvalid bool) (ex string, ok bool) {
	// Join the words until there are more than n runes (strings.Fields and
	// strings.Join would copy all 8n bytes, twice).
	b := make([]byte, 0, min(len(s), 4*n)+len("…"))
	runes, start := 0, -1
	// The last word, where it starts in b and the runes before it.
	last, lastAt, runesBefore := "", 0, 0
	word := func(end int) bool {
		if len(b) > 0 {
			b = append(b, ' ')
			runes++
		}
		last, lastAt, runesBefore = s[start:end], len(b), runes
		b = append(b, last...)
		runes += utf8.RuneCountInString(last)
		start = -1
		return runes > n
	}
	full := false
	for i, r := range s {
		var space bool
		switch {
		case r < utf8.RuneSelf:
			space = asciiSpace[r]
		case r < 0x800: // two bytes: their only white space is NEL and the no-break space
			space = r == '\u0085' || r == '\u00A0'
		default:
			if r == utf8.RuneError && stopAtInvalid {
				if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
					return "", false
				}
			}
			space = unicode.IsSpace(r)
		}
		if space {
			if start >= 0 && word(i) {
				full = true
				break
			}
		} else if start < 0 {
			start = i
		}
	}
	if !full && start >= 0 {
		word(len(s))
	}
	if runes <= n {
		return string(append(b, more...)), true
	}
	// The first n runes end in the last word, or at the space before it.
	cut := lastAt - (runesBefore - n)
	if n > runesBefore {
		cut = lastAt + len(firstRunes(last, n-runesBefore))
	}
	if i := bytes.LastIndexByte(b[:cut], ' '); i > cut/2 {
		cut = i
	}
	return string(append(b[:cut], "…"...)), true
}

// asciiSpace marks the ASCII white space (unicode.IsSpace).
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// validPrefix is strings.ToValidUTF8(s, ""), without a copy when s is valid
// but for the rune cut at its end (a body's first bytes nearly always).
func validPrefix(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	j := len(s) - 1
	for j > 0 && j > len(s)-utf8.UTFMax && !utf8.RuneStart(s[j]) {
		j--
	}
	if !utf8.FullRuneInString(s[j:]) && utf8.ValidString(s[:j]) {
		return s[:j]
	}
	return strings.ToValidUTF8(s, "")
}

func marshal(v any) ([]byte, error) {
	var raw bytes.Buffer
	enc := json.NewEncoder(&raw)
	enc.SetEscapeHTML(false) // "<" stays one byte; JSON.parse does not care
	err := enc.Encode(v)
	return bytes.TrimSuffix(raw.Bytes(), []byte("\n")), err
}

// gzipLevel trades bytes for build time. The static index's files are
// gzipped with github.com/klauspost/compress, which writes as few bytes as
// the standard library in a third of its time. Measured on 30,000
// generated pages (en/ar/el, 69 MB of JSON, one core): level 6 19.5 MB in
// 0.54 s, level 5 19.9 MB in 0.50 s, level 1 22.0 MB in 0.35 s; the
// standard library's level 4 19.9 MB in 1.45 s, its level 6 19.2 MB in
// 3.9 s. Postings, long runs of small numbers, dominate both. A first
// search on 10,000 documents stays far within its 120 KB budget
// (TestFirstSearchBytes).
const gzipLevel = 6

// compressor encodes and gzips files on every core as they are added.
type compressor struct {
	reuse  Gzipped      // nil for none
	keeper OutputKeeper // nil for none
	jobs   chan compressJob
	wg     sync.WaitGroup
	mu     sync.Mutex
	files  map[string][]byte // nil bytes for a file the keeper keeps
	sums   map[string][32]byte
	err    error // the first value that would not encode
	lost   bool  // a file added by addKept could not be had
	done   bool
}

// compressJob is one file: its JSON, what encodes it, the value to encode
// as JSON, or, when kept is true, the SHA-256 of JSON the last build
// compressed.
type compressJob struct {
	name   string
	raw    []byte
	encode func() []byte
	v      any
	kept   bool
	sum    [32]byte
}

func newCompressor(reuse Gzipped) *compressor {
	c := &compressor{reuse: reuse, jobs: make(chan compressJob, runtime.GOMAXPROCS(0)), files: map[string][]byte{}, sums: map[string][32]byte{}}
	c.keeper, _ = reuse.(OutputKeeper)
	for range runtime.GOMAXPROCS(0) {
		c.wg.Go(func() {
			zw, _ := gzip.NewWriterLevel(nil, gzipLevel) // ~1 MB: reuse it
			for j := range c.jobs {
				if j.kept {
					c.takeKept(j.name, j.sum)
					continue
				}
				if j.encode != nil {
					j.raw = j.encode()
				}
				if j.raw == nil {
					var err error
					if j.raw, err = marshal(j.v); err != nil {
						c.mu.Lock()
						c.err = cmp.Or(c.err, fmt.Errorf("%s: %w", j.name, err))
						c.mu.Unlock()
						continue
					}
				}
				sum := sha256.Sum256(j.raw)
				var z []byte
				if c.keeper == nil || !c.keeper.KeepOutput(j.name, sum) {
					z = c.compress(zw, j.raw, sum)
				}
				c.mu.Lock()
				c.files[j.name] = z
				c.sums[j.name] = sum
				c.mu.Unlock()
			}
		})
	}
	return c
}

// compress gzips raw, whose SHA-256 is sum, with zw, or takes its gzip
// from c.reuse.
func (c *compressor) compress(zw *gzip.Writer, raw []byte, sum [32]byte) []byte {
	if c.reuse != nil {
		if z, ok := c.reuse.Get(sum); ok {
			return z
		}
	}
	var z bytes.Buffer
	zw.Reset(&z)
	zw.Write(raw)
	zw.Close()
	if c.reuse != nil {
		c.reuse.Put(sum, z.Bytes())
	}
	return z.Bytes()
}

// takeKept records the file name of JSON whose SHA-256 is sum as the
// output holds it, or as reuse has it compressed; lost when neither.
func (c *compressor) takeKept(name string, sum [32]byte) {
	var z []byte
	if c.keeper == nil || !c.keeper.KeepOutput(name, sum) {
		var ok bool
		if c.reuse != nil {
			z, ok = c.reuse.Get(sum)
		}
		if !ok {
			c.mu.Lock()
			c.lost = true
			c.mu.Unlock()
			return
		}
	}
	c.mu.Lock()
	c.files[name] = z
	c.sums[name] = sum
	c.mu.Unlock()
}

func (c *compressor) add(name string, raw []byte) { c.jobs <- compressJob{name: name, raw: raw} }

// addKept adds the file whose JSON, with SHA-256 sum, the last build
// compressed: the output or reuse has it, and its JSON is not made again.
// When neither has it, wait's caller finds lost set.
func (c *compressor) addKept(name string, sum [32]byte) {
	c.jobs <- compressJob{name: name, kept: true, sum: sum}
}

// addEncoded adds the file whose JSON encode returns, called by the
// workers: what it reads must not change after.
func (c *compressor) addEncoded(name string, encode func() []byte) {
	c.jobs <- compressJob{name: name, encode: encode}
}

// addValue adds the file that is v encoded as JSON (marshal), encoded by
// the workers: v must not change after.
func (c *compressor) addValue(name string, v any) { c.jobs <- compressJob{name: name, v: v} }

// wait returns the compressed files once every one added is; later calls
// return them again.
func (c *compressor) wait() map[string][]byte {
	if !c.done {
		c.done = true
		close(c.jobs)
		c.wg.Wait()
	}
	return c.files
}

func gzipBytes(raw []byte) []byte {
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, gzipLevel)
	zw.Write(raw)
	zw.Close()
	return z.Bytes()
}

func validLang(lang string) bool {
	if lang == "" || path.Clean(lang) != lang || strings.HasPrefix(lang, ".") {
		return false
	}
	for _, r := range lang {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func sortedKeys[M ~map[string]V, V any](m M) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
