package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
)

// An index updated without a merge answers as one built from its documents, and so does one that had to be merged:
// rounds of random edits on a small site, where an edit often drops the last use of a word (a dead term) and a
// handful of terms moves BM25's rounded average length, each compared with a build of the same documents on
// exact-word, prefix, typo and several-word queries. Both kinds of update must occur.
func TestUpdateLanguageAnswersAsBuilt(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	vocab := strings.Fields("parcel refund voucher courier invoice warranty battery charger laptop kettle blender " +
		"toaster delivery payment address password account return exchange receipt tracking customs duty pickup " +
		"locker voucher gift card balance order cancel damaged missing late express standard")
	rare := 0
	words := func(n int) string {
		var w []string
		for range n {
			if rng.IntN(25) == 0 {
				rare++
				w = append(w, fmt.Sprintf("rare%dword", rare)) // in this document only, until an edit drops it
			} else {
				w = append(w, vocab[rng.IntN(len(vocab))])
			}
		}
		return strings.Join(w, " ")
	}
	doc := func(i int) Document {
		return Document{ID: fmt.Sprintf("/en/a/%d/", i), Lang: "en", URL: fmt.Sprintf("/en/a/%d/", i), Kind: "article",
			Title: words(3), Headings: []string{words(2)}, Tags: []string{vocab[rng.IntN(len(vocab))]}, Body: words(12 + rng.IntN(20))}
	}
	var docs []Document
	for i := range 40 {
		docs = append(docs, doc(i))
	}
	next := len(docs)
	dir, _ := buildTest(t, docs)
	var queries []string
	for _, w := range vocab {
		queries = append(queries, w, w[:3], w[:len(w)-1]+"x", w+" "+vocab[(len(w)*7)%len(vocab)])
	}
	// Prefixes and a typo that the rare words, dead or alive, expand to.
	queries = append(queries, "rar", "rare", "rare1", "rare2", "rare3", "rare1wrd", "rare2wird parcel")
	merged, unmerged := 0, 0
	for round := range 14 {
		var upserts []Document
		var deletes []string
		for range 1 + rng.IntN(3) {
			i := rng.IntN(len(docs))
			switch rng.IntN(4) {
			case 0: // rewritten: its rare words go
				d := doc(0)
				d.ID, d.URL = docs[i].ID, docs[i].URL
				docs[i] = d
			case 1: // a sentence more
				docs[i].Body += " " + words(6)
			case 2:
				deletes = append(deletes, docs[i].ID)
				docs = slices.Delete(docs, i, i+1)
				continue
			case 3:
				d := doc(next)
				next++
				docs = append(docs, d)
				i = len(docs) - 1
			}
			upserts = slices.DeleteFunc(upserts, func(u Document) bool { return u.ID == docs[i].ID })
			upserts = append(upserts, docs[i])
		}
		upserts = slices.DeleteFunc(upserts, func(u Document) bool { return slices.Contains(deletes, u.ID) })
		b, err := NewIndexBuild(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.UpdateLanguage(context.Background(), "en", docs, upserts, deletes); err != nil {
			t.Fatal(err)
		}
		if err := b.Commit(); err != nil {
			t.Fatal(err)
		}
		if segmentCount(t, langPath(dir, "en")) == 1 {
			merged++
		} else {
			unmerged++
		}
		got, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		_, want := buildTest(t, docs)
		for _, text := range queries {
			q := Query{Text: text, Lang: "en", Limit: 10}
			if a, b := answerText(t, got, q), answerText(t, want, q); a != b {
				t.Errorf("round %d, %q: updated index:%s\nbuilt index:%s", round, text, a, b)
			}
		}
		got.Close()
	}
	t.Logf("%d updates merged, %d kept unmerged", merged, unmerged)
	if merged == 0 || unmerged == 0 {
		t.Errorf("%d updates merged, %d kept unmerged: want some of each", merged, unmerged)
	}
}

// answerText is a search's hits with their scores and snippets, for comparing two indexes' answers. (Total is not
// compared: it counts the documents a search scored, which depends on their order in the index.)
func answerText(t *testing.T, ix *Index, q Query) string {
	t.Helper()
	res := search(t, ix, q)
	var s string
	for _, h := range res.Hits {
		s += fmt.Sprintf("\n  %.12f %s %q", h.Score, h.URL, h.Snippet)
	}
	return s
}

// segmentCount is how many segments the bleve index at path answers queries from.
func segmentCount(t *testing.T, path string) int {
	t.Helper()
	r, closeIndex := openIndexReader(t, path)
	defer closeIndex()
	return len(r.(*scorch.IndexSnapshot).Segments())
}

// indexReader opens the bleve index at path for reading until the test ends.
func indexReader(t *testing.T, path string) index.IndexReader {
	t.Helper()
	r, closeIndex := openIndexReader(t, path)
	t.Cleanup(closeIndex)
	return r
}

// openIndexReader opens the bleve index at path for reading until closeIndex.
func openIndexReader(t *testing.T, path string) (r index.IndexReader, closeIndex func()) {
	t.Helper()
	idx, err := bleve.OpenUsing(path, map[string]any{"read_only": true})
	if err != nil {
		t.Fatal(err)
	}
	adv, err := idx.Advanced()
	if err == nil {
		r, err = adv.Reader()
	}
	if err != nil {
		idx.Close()
		t.Fatal(err)
	}
	return r, func() { r.Close(); idx.Close() }
}

// An index opened for an update merges only when told: on a small index scorch's planner would merge a new segment
// into the others in the background, so the index left on disk might not be the one mergeNeeded or
// mergeSmallSegments judged. The index opened plainly is the control that shows the test sees the planner merge.
func TestUpdateMergesOnlyWhenTold(t *testing.T) {
	for _, forUpdate := range []bool{true, false} {
		dir := filepath.Join(t.TempDir(), "index")
		if err := Build(context.Background(), dir, testDocs()); err != nil {
			t.Fatal(err)
		}
		open := bleve.Open
		if forUpdate {
			open = openForUpdate
		}
		idx, err := open(langPath(dir, "en"))
		if err != nil {
			t.Fatal(err)
		}
		d := testDocs()[0]
		d.Body += " Parcels left at a locker wait five days."
		if err := idx.Index(d.ID, d.fields()); err != nil {
			t.Fatal(err)
		}
		segments := func() int {
			adv, _ := idx.Advanced()
			r, err := adv.Reader()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			return len(r.(*scorch.IndexSnapshot).Segments())
		}
		// A second is long enough for the planner to merge on an idle machine; the control waits longer, so that a
		// busy one does not fail it.
		wait := time.Second
		if !forUpdate {
			wait = 30 * time.Second
		}
		merged := false
		for deadline := time.Now().Add(wait); time.Now().Before(deadline) && !merged; time.Sleep(10 * time.Millisecond) {
			merged = segments() == 1
		}
		idx.Close()
		if forUpdate && merged {
			t.Error("opened for an update, the index merged its new segment in the background")
		}
		if !forUpdate && !merged {
			t.Error("opened plainly, the index kept two small segments for 30 seconds: the test no longer sees the planner merge")
		}
	}
}
