package search

import (
	"context"
	"os"
	"path/filepath"
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
