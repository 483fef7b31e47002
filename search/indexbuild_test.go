package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A build fed a language at a time is the index Build makes from all the
// documents at once: same build id, same answers.
func TestIndexBuildByLanguage(t *testing.T) {
	_, whole := buildTest(t, testDocs())
	dir := filepath.Join(t.TempDir(), "index")
	b, err := NewIndexBuild(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	byLang, err := groupByLang(testDocs())
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"fr", "el", "en", "ar"} { // any order
		if err := b.AddLanguage(context.Background(), lang, byLang[lang]); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.BuildID() != whole.BuildID() {
		t.Errorf("build id %q, Build's %q: want equal for equal documents", ix.BuildID(), whole.BuildID())
	}
	for _, q := range []Query{{Text: "refund", Lang: "en"}, {Text: "الشحن", Lang: "ar"}, {Text: "επιστροφη", Lang: "el"}} {
		if got, want := urls(search(t, ix, q)), urls(search(t, whole, q)); strings.Join(got, " ") != strings.Join(want, " ") || len(got) == 0 {
			t.Errorf("%+v: %v, Build's index %v", q, got, want)
		}
	}
}

// Before a language's segments merge, MapsMemory is told their size, which
// the merge maps into memory, and released once it is done; the published
// index holds no folder of segments.
func TestIndexBuildTellsMappedSegments(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	b, err := NewIndexBuild(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	var told []int64
	released := 0
	b.MapsMemory = func(bytes int64) func() {
		told = append(told, bytes) // one language finishes at a time
		return func() { released++ }
	}
	byLang, err := groupByLang(genDocs(2 * batchSize))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.AddLanguage(context.Background(), "en", byLang["en"]); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	if len(told) != 1 || released != 1 {
		t.Fatalf("MapsMemory told %v, released %d times: want once each", told, released)
	}
	st, err := os.Stat(filepath.Join(dir, "en.bleve", "store", "000000000002.zap"))
	if err != nil {
		t.Fatal(err)
	}
	// The segments of two batches, merged into one of about their size.
	if told[0] < st.Size()/2 || told[0] > 4*st.Size() {
		t.Errorf("MapsMemory told %d bytes; the merged segment has %d", told[0], st.Size())
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".segments") {
			t.Errorf("the index holds %s", e.Name())
		}
	}
}

// An aborted build leaves the previous index answering and nothing behind.
func TestIndexBuildAbort(t *testing.T) {
	dir, old := buildTest(t, testDocs())
	b, err := NewIndexBuild(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	en := []Document{{ID: "/en/new/", Lang: "en", URL: "/en/new/", Title: "Zanzibar vouchers", Body: "Zanzibar vouchers never expire.", Kind: "article"}}
	if err := b.AddLanguage(context.Background(), "en", en); err != nil {
		t.Fatal(err)
	}
	if err := b.AddLanguage(context.Background(), "en", en); err == nil {
		t.Error("the same language added twice: no error")
	}
	if err := b.AddLanguage(context.Background(), "el", en); err == nil {
		t.Error("an English document added as Greek: no error")
	}
	b.Abort()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.BuildID() != old.BuildID() {
		t.Errorf("after Abort the build id is %q, want the previous %q", ix.BuildID(), old.BuildID())
	}
	if got := urls(search(t, ix, Query{Text: "zanzibar vouchers", Lang: "en"})); strings.Contains(strings.Join(got, " "), "/en/new/") {
		t.Errorf("an aborted build's document is found: %v", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("left a temporary directory: %s", e.Name())
		}
	}
}

// A language updated from the previous index (UpdateLanguage) is the index a build from its documents makes: same
// build id, same hits with the same scores, though documents were deleted, changed and added.
func TestIndexBuildUpdateLanguage(t *testing.T) {
	before := testDocs()
	for i := range 40 {
		body := fmt.Sprintf("Refund note %d: parcels, delivery and payment method %d.", i, i%7)
		for j := range 30 {
			body += fmt.Sprintf(" word%d", i+j)
		}
		before = append(before, Document{ID: fmt.Sprintf("/en/filler/%d/", i), Lang: "en", URL: fmt.Sprintf("/en/filler/%d/", i),
			Title: fmt.Sprintf("Filler %d about parcels", i), Body: body, Kind: "article"})
	}
	dir, _ := buildTest(t, before)
	after := slices.Clone(before)
	after = slices.DeleteFunc(after, func(d Document) bool { return d.ID == "/en/filler/3/" || d.ID == "/en/filler/17/" })
	var changed []Document
	for i := range after {
		if strings.HasPrefix(after[i].ID, "/en/filler/1") || after[i].ID == "/en/policies/returns/" {
			after[i].Body += " Refunds for zanzibar vouchers arrive in a week."
			changed = append(changed, after[i])
		}
	}
	added := Document{ID: "/en/new/", Lang: "en", URL: "/en/new/", Title: "Zanzibar vouchers", Body: "Zanzibar vouchers never expire; refund them.", Kind: "article"}
	after = append(after, added)
	changed = append(changed, added)
	_, want := buildTest(t, after)

	byLang, err := groupByLang(after)
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewIndexBuild(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	for lang, docs := range byLang {
		if lang == "en" {
			err = b.UpdateLanguage(context.Background(), lang, docs, changed, []string{"/en/filler/3/", "/en/filler/17/"})
		} else {
			err = b.AddLanguage(context.Background(), lang, docs)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	got, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	if got.BuildID() != want.BuildID() {
		t.Errorf("build id %q, a build's %q", got.BuildID(), want.BuildID())
	}
	for _, text := range []string{"refund", "parcels delivery", "zanzibar", "filler 3", "payment method 5", "refnd", "word12 word30"} {
		q := Query{Text: text, Lang: "en", Limit: 20}
		answer := func(ix *Index) string {
			var s string
			for _, h := range search(t, ix, q).Hits {
				s += fmt.Sprintf("\n  %.9f %s", h.Score, h.URL)
			}
			return s
		}
		if a, b := answer(got), answer(want); a != b || a == "" {
			t.Errorf("%q: updated index:%s\nbuilt index:%s", text, a, b)
		}
	}
	// An update whose documents do not add up fails and leaves the language to AddLanguage.
	b, err = NewIndexBuild(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Abort()
	if err := b.UpdateLanguage(context.Background(), "en", byLang["en"], nil, []string{"/en/new/"}); err == nil {
		t.Error("an update leaving fewer documents than given: no error")
	}
	if err := b.AddLanguage(context.Background(), "en", byLang["en"]); err != nil {
		t.Errorf("AddLanguage after a failed update: %v", err)
	}
}
