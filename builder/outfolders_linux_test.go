package builder

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// listAll lists dir with beneath.files and known, returning each file's
// path and whether it had a stat, and the record of what it listed.
func listAll(t *testing.T, dir string, known *outFolders) (map[string]bool, *outFolders) {
	t.Helper()
	b := openBeneath(dir)
	if b == nil {
		t.Skip("no openat2 here")
	}
	defer b.close()
	files := map[string]bool{}
	rec, err := b.files(func(int) {}, func(rel string, st *outStat) { files[rel] = st != nil }, known)
	if err != nil {
		t.Fatal(err)
	}
	return files, rec
}

// TestListingTakesSettledFoldersFromTheRecord: a folder whose mtime is
// the recorded one is listed from the record (one stat, not a read of the
// folder); a folder that gained a file has another mtime and is read.
func TestListingTakesSettledFoldersFromTheRecord(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"index.html", "en/index.html", "en/faq/returns/index.html", "en/faq/shipping/index.html", "el/index.html"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Folders last changed an hour ago, as a restored output's are.
	hourAgo := time.Now().Add(-time.Hour)
	for _, d := range []string{"en/faq/returns", "en/faq/shipping", "en/faq", "en", "el", "."} {
		if err := os.Chtimes(filepath.Join(dir, d), hourAgo, hourAgo); err != nil {
			t.Fatal(err)
		}
	}
	want, rec := listAll(t, dir, nil)
	rec, err := decodeOutFolders(rec.encode())
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.at) != 6 {
		t.Fatalf("recorded %d folders, want all 6", len(rec.at))
	}
	got, again := listAll(t, dir, rec)
	if again, err = decodeOutFolders(again.encode()); err != nil {
		t.Fatal(err)
	}
	if !equalListing(got, want) || len(again.at) != 6 {
		t.Errorf("listed from the record: %v (%d folders recorded), want %v", got, len(again.at), want)
	}
	// The record is what lists a folder whose mtime it gives: a name only
	// the record has is listed.
	var w folderWriter
	for _, rel := range []string{".", "en", "en/faq", "en/faq/returns", "en/faq/shipping", "el"} {
		mtime := hourAgo.UnixNano()
		names := folderNames(rec, rel, mtime)
		if names == nil {
			t.Fatalf("%s is not recorded with its mtime", rel)
		}
		if rel == "en/faq/returns" {
			names = append(names, "zz-only-in-the-record.html")
		}
		w.folder(rel, mtime, len(names))
		for _, n := range names {
			w.name(strings.TrimSuffix(n, "/"), strings.HasSuffix(n, "/"))
		}
	}
	forged, err := decodeOutFolders(w.record().encode())
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := listAll(t, dir, forged); len(got) != len(want)+1 || !hasKey(got, "en/faq/returns/zz-only-in-the-record.html") {
		t.Errorf("a folder with its recorded mtime was read rather than taken from the record: %v", got)
	}
	// A file added to a folder moves the folder's mtime: it is read, and
	// the file listed; its record then waits for its mtime to settle.
	stray := filepath.Join(dir, "en", "faq", "shipping", "leftover.html")
	if err := os.WriteFile(stray, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, after := listAll(t, dir, rec)
	if !got["en/faq/shipping/leftover.html"] || len(got) != len(want)+1 {
		t.Errorf("a file added to a recorded folder was not listed: %v", got)
	}
	if after, err = decodeOutFolders(after.encode()); err != nil {
		t.Fatal(err)
	}
	if hasFolder(after, "en/faq/shipping") || !hasFolder(after, "en/faq") {
		t.Error("recorded after the change: want all but the changed folder")
	}
}

func hasFolder(rec *outFolders, rel string) bool {
	_, ok := rec.at[rel]
	return ok
}

func equalListing(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func hasKey(m map[string]bool, k string) bool {
	_, ok := m[k]
	return ok
}
