package static

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
)

// memGzipped is a Gzipped in memory that counts the calls for each digest.
type memGzipped struct {
	mu         sync.Mutex
	blobs      map[[32]byte][]byte
	gets, puts map[[32]byte]int
}

func newMemGzipped() *memGzipped {
	return &memGzipped{blobs: map[[32]byte][]byte{}, gets: map[[32]byte]int{}, puts: map[[32]byte]int{}}
}

func (m *memGzipped) Get(sum [32]byte) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gets[sum]++
	b, ok := m.blobs[sum]
	return slices.Clone(b), ok
}

func (m *memGzipped) Put(sum [32]byte, b []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.puts[sum]++
	m.blobs[sum] = slices.Clone(b)
}

func (m *memGzipped) resetCounts() {
	m.mu.Lock()
	defer m.mu.Unlock()
	clear(m.gets)
	clear(m.puts)
}

// A build that reuses an earlier one's documents' words tokenizes only the
// documents that changed (or whose kept words are damaged), and writes the
// same files as a build from nothing.
func TestBuildReusingTokenizesOnlyChangedDocs(t *testing.T) {
	defer func(f func(int) int) { analysisParts = f }(analysisParts)
	analysisParts = func(int) int { return 3 } // runs joined, as on a big corpus
	docs := synthCorpus(300, 3)
	docs[5].Title = "Café crème, naïve façade"
	docs[6].Body += strings.Repeat(" again", 70000) // a frequency past uint16
	docs[7].Headings = nil
	docs[7].Tags = []string{"one", "two", "one"}
	ctx := context.Background()
	reuse := newMemGzipped()
	h := sha256.New()

	build := func(docs []Doc) {
		t.Helper()
		got, err := BuildReusing(ctx, "en", docs, testAnalyzer, reuse)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Build("en", docs, testAnalyzer)
		if err != nil {
			t.Fatal(err)
		}
		if diff := differingFiles(got, want); len(diff) > 0 {
			t.Fatalf("a build reusing kept words differs from a build from nothing: %v", diff)
		}
	}
	tokenized := func(docs []Doc) []int {
		var idx []int
		for i := range docs {
			if reuse.puts[docWordsSum(h, &docs[i])] > 0 {
				idx = append(idx, i)
			}
		}
		return idx
	}

	build(docs)
	if got := len(tokenized(docs)); got != len(docs) {
		t.Fatalf("first build kept the words of %d documents, want all %d", got, len(docs))
	}

	changed := slices.Clone(docs)
	changed[10].Body += " a sentence added later"
	changed[200].Tags = append(slices.Clone(changed[200].Tags), "new")
	reuse.resetCounts()
	build(changed)
	t.Log(tokenized(changed))
	if got := tokenized(changed); !slices.Equal(got, []int{10, 200}) {
		t.Errorf("after changing documents 10 and 200, tokenized %v", got)
	}
	for i := range changed {
		if reuse.gets[docWordsSum(h, &changed[i])] != 1 {
			t.Fatalf("document %d's words were asked for %d times, want once", i, reuse.gets[docWordsSum(h, &changed[i])])
		}
	}

	reuse.resetCounts()
	reuse.blobs[docWordsSum(h, &changed[20])] = []byte{3, 1, 'x'}
	reuse.blobs[docWordsSum(h, &changed[21])] = nil
	build(changed)
	if got := tokenized(changed); !slices.Equal(got, []int{20, 21}) {
		t.Errorf("with documents 20 and 21's kept words damaged, tokenized %v", got)
	}
}

// TestRecordMatchesDocWords checks a wordRecorder's docWords against the
// format written plainly (each field's distinct words in order of first
// occurrence, with their counts, then the excerpt), and the counts it hands
// on against the docWords read back.
func TestRecordMatchesDocWords(t *testing.T) {
	docs := synthCorpus(200, 3)
	docs[0].Title = "Café crème, naïve façade café"
	docs[1].Tags = []string{"one", "two", "one"}
	docs[2].Headings = []string{"Same words", "same Words same"}
	docs[3].Body = ""
	want := func(d *Doc) []byte {
		var b []byte
		for _, texts := range [nFields][]string{{d.Title}, d.Headings, d.Tags, {d.Page}, {d.Body}} {
			var words []string
			n := map[string]int{}
			for _, s := range texts {
				tokenize(s, func(w string) {
					if n[w] == 0 {
						words = append(words, w)
					}
					n[w]++
				})
			}
			b = binary.AppendUvarint(b, uint64(len(words)))
			for _, w := range words {
				b = binary.AppendUvarint(b, uint64(len(w)))
				b = append(b, w...)
				b = binary.AppendUvarint(b, uint64(n[w]))
			}
		}
		ex := excerpt(d.Body, excerptRunes)
		b = binary.AppendUvarint(b, uint64(len(ex)))
		return append(b, ex...)
	}
	var rec wordRecorder
	cache := map[string]*token{}
	lookup := func(w string) *token {
		if cache[w] == nil {
			cache[w] = &token{word: strings.Clone(w)}
		}
		return cache[w]
	}
	for i := range docs {
		var counted []string
		words, ex := rec.record(&docs[i], lookup, func(f int, tk *token, n int) {
			counted = append(counted, fmt.Sprint(f, tk.word, n))
		})
		if w := want(&docs[i]); !bytes.Equal(words, w) {
			t.Fatalf("document %d: docWords\n got %q\nwant %q", i, words, w)
		}
		var read []string
		rex, ok := eachWord(words, func(f int, w []byte, n int) { read = append(read, fmt.Sprint(f, string(w), n)) })
		if !ok || string(rex) != ex || !slices.Equal(counted, read) {
			t.Fatalf("document %d: counted %q, excerpt %q; the docWords read back give %q, %q", i, counted, ex, read, rex)
		}
	}
}

// keepingGzipped is a memGzipped whose output holds the files of an
// earlier build: it keeps those whose JSON has not changed since.
type keepingGzipped struct {
	*memGzipped
	held  map[string][32]byte // the output's files: their JSON's SHA-256
	asked map[string]bool
}

func (k *keepingGzipped) KeepOutput(name string, sum [32]byte) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.asked[name] = true
	held, ok := k.held[name]
	return ok && held == sum
}

// A Gzipped that is an OutputKeeper spares the files the output holds
// already: they come back with nil bytes, unread, and the rest and the
// build id are what a build from nothing writes.
func TestBuildReusingLeavesKeptFiles(t *testing.T) {
	docs := synthCorpus(300, 3)
	first, err := Build("en", docs, testAnalyzer)
	if err != nil {
		t.Fatal(err)
	}
	k := &keepingGzipped{memGzipped: newMemGzipped(), held: map[string][32]byte{}, asked: map[string]bool{}}
	for name, gz := range first {
		k.held[name] = sha256.Sum256(gunzip(t, gz))
	}
	docs[7].Body += " a sentence that was not there before"
	want, err := Build("en", docs, testAnalyzer)
	if err != nil {
		t.Fatal(err)
	}
	got, err := BuildReusing(context.Background(), "en", docs, testAnalyzer, k)
	if err != nil {
		t.Fatal(err)
	}
	kept, changed := 0, 0
	for name, data := range want {
		g, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s: missing", name)
		case g == nil:
			kept++
			if !bytes.Equal(first[name], data) {
				t.Errorf("%s: kept, but its bytes changed", name)
			}
		case !bytes.Equal(g, data):
			t.Errorf("%s: not what a build from nothing writes", name)
		default:
			if !bytes.Equal(first[name], data) {
				changed++
			}
		}
		if want := name != "_kb/search/en/meta.json.gz"; k.asked[name] != want {
			t.Errorf("%s: asked to keep it %v, want %v", name, k.asked[name], want)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d files, want %d", len(got), len(want))
	}
	if kept == 0 || changed == 0 {
		t.Errorf("%d files kept and %d changed, want some of each", kept, changed)
	}
	t.Logf("%d of %d files kept", kept, len(want))
}
