package static

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// TestSearchJSTellsMixedBuilds: an index file that disagrees with
// meta.json.gz and the vocabulary, as one of the last build's does when a
// CDN serves it past a deploy, makes search.js's search fail (the page
// then says to try again) rather than answer with no results or the wrong
// pages: a postings chunk without the term the vocabulary places in it, a
// postings list with a doc past the index's docs or fewer docs than the
// vocabulary says, a head whose count disagrees, a doc shard short of a
// doc.
func TestSearchJSTellsMixedBuilds(t *testing.T) {
	defer func(docs int) { headMinDocs = docs }(headMinDocs)
	headMinDocs = 100 // a common word has a head
	word := synthWords(1)[0]
	built := t.TempDir()
	writeIndex(t, built, "en", synthCorpus(400, 1))
	base := filepath.Join(built, "_kb", "search", "en")

	var meta struct {
		N  int      `json:"n"`
		VS []string `json:"vs"`
		PC []int    `json:"pc"`
	}
	readJSON(t, filepath.Join(base, "meta.json.gz"), &meta)
	owner := ""
	for _, k := range meta.VS {
		if strings.HasPrefix(word, k) && len(k) > len(owner) {
			owner = k
		}
	}
	var vocab map[string][]int
	readJSON(t, filepath.Join(base, "v", hex.EncodeToString([]byte(owner))+".json.gz"), &vocab)
	e := vocab[word]
	if len(e) != 2 {
		t.Fatalf("%q is %v in the vocabulary: want one term", word, e)
	}
	term, c, start := e[1], 0, meta.PC[0]
	for c+1 < len(meta.PC) && start+meta.PC[c+1] <= term {
		c++
		start += meta.PC[c]
	}
	place := term - start
	if _, err := os.Stat(filepath.Join(base, "h", strconv.Itoa(c)+".json.gz")); err != nil {
		t.Fatalf("%q's chunk has no heads: %v", word, err)
	}

	for _, tc := range []struct {
		name  string
		limit int // 5 is answered from the word's head (24 postings), 30 from its postings
		edit  func(t *testing.T, base string)
	}{
		{"as built", 30, func(*testing.T, string) {}},
		{"a postings chunk without the term", 30, func(t *testing.T, base string) {
			editChunk(t, chunkFile(base, c), func(p *[][]int) { *p = (*p)[:place] })
		}},
		{"a doc past the index's docs", 30, func(t *testing.T, base string) {
			editChunk(t, chunkFile(base, c), func(p *[][]int) { (*p)[place][0] += meta.N })
		}},
		{"a postings list shorter than the vocabulary says", 30, func(t *testing.T, base string) {
			editChunk(t, chunkFile(base, c), func(p *[][]int) { (*p)[place] = (*p)[place][:len((*p)[place])-2] })
		}},
		{"a postings chunk cut short", 30, func(t *testing.T, base string) {
			raw := gunzip(t, readFile(t, chunkFile(base, c)))
			writeGzip(t, chunkFile(base, c), raw[:len(raw)-1])
		}},
		{"a head whose count disagrees", 5, func(t *testing.T, base string) {
			editJSON(t, filepath.Join(base, "h", strconv.Itoa(c)+".json.gz"), func(h *map[string][]int) { (*h)[strconv.Itoa(place)][0]++ })
		}},
		{"a doc shard short of a doc", 30, func(t *testing.T, base string) {
			shards, _ := filepath.Glob(filepath.Join(base, "d", "*.json.gz"))
			for _, s := range shards {
				editJSON(t, s, func(rows *[]json.RawMessage) { *rows = (*rows)[1:] })
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			if err := os.CopyFS(root, os.DirFS(built)); err != nil {
				t.Fatal(err)
			}
			tc.edit(t, filepath.Join(root, "_kb", "search", "en"))
			q := runNode(t, root, map[string]any{"queries": []map[string]any{{"base": "/_kb/search/en/", "q": word + " ", "limit": tc.limit, "mayFail": true}}}).Queries[0]
			switch {
			case tc.name == "as built" && (q.Error != "" || len(q.Hits) == 0):
				t.Errorf("%q: %d hits, error %q: want hits", word, len(q.Hits), q.Error)
			case tc.name != "as built" && !strings.Contains(q.Error, "is not of build"):
				t.Errorf("%q: %d hits (%v), error %q: want the search to fail, its files mixed", word, len(q.Hits), urls(q.Hits), q.Error)
			}
		})
	}
}

func chunkFile(base string, c int) string {
	return filepath.Join(base, "p", strconv.Itoa(c)+".bin.gz")
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	if err := json.Unmarshal(gunzip(t, readFile(t, name)), v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func writeGzip(t *testing.T, name string, raw []byte) {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(raw)
	zw.Close()
	if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// editJSON rewrites the gzipped JSON file name as edit changes it.
func editJSON[T any](t *testing.T, name string, edit func(*T)) {
	t.Helper()
	var v T
	readJSON(t, name, &v)
	edit(&v)
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	writeGzip(t, name, raw)
}

// editChunk rewrites the postings chunk name as edit changes its terms'
// postings, each [docDelta,weight,…] as search.js reads them.
func editChunk(t *testing.T, name string, edit func(*[][]int)) {
	t.Helper()
	lists := decodeChunk(t, gunzip(t, readFile(t, name)))
	edit(&lists)
	var raw []byte
	for _, l := range lists {
		raw = binary.AppendUvarint(raw, uint64(len(l)/2))
		for i := 0; i < len(l); i += 2 {
			raw = binary.AppendUvarint(raw, uint64(l[i]))
		}
		for i := 1; i < len(l); i += 2 {
			raw = binary.AppendVarint(raw, int64(l[i]))
		}
	}
	writeGzip(t, name, raw)
}

// decodeChunk reads a postings chunk as encodeChunk writes it.
func decodeChunk(t *testing.T, raw []byte) [][]int {
	t.Helper()
	next := func() int {
		v, n := binary.Uvarint(raw)
		if n <= 0 {
			t.Fatal("postings chunk cut short")
		}
		raw = raw[n:]
		return int(v)
	}
	var lists [][]int
	for len(raw) > 0 {
		l := make([]int, 2*next())
		for i := 0; i < len(l); i += 2 {
			l[i] = next()
		}
		for i := 1; i < len(l); i += 2 {
			z := next()
			l[i] = z>>1 ^ -(z & 1) // zigzag
		}
		lists = append(lists, l)
	}
	return lists
}
