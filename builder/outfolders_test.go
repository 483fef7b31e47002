package builder

import (
	"maps"
	"slices"
	"testing"
)

func TestOutFoldersRecordReadsBackAndRefusesDamage(t *testing.T) {
	rec := &outFolders{folders: map[string]*outFolder{
		".":           {mtime: 1_700_000_000_123_456_789, entries: []folderEntry{{name: "en", dir: true}, {name: "index.html"}}},
		"en":          {mtime: 1_700_000_001_000_000_000, entries: []folderEntry{{name: "faq", dir: true}, {name: "index.html"}}},
		"en/faq":      {mtime: 1_700_000_002_000_000_000, entries: []folderEntry{{name: "returns", dir: true}}},
		"en/faq/gone": {mtime: 5, entries: []folderEntry{{name: "index.html"}}},
	}}
	data := rec.encode()
	got, err := decodeOutFolders(data)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(slices.Sorted(maps.Keys(got.folders)), slices.Sorted(maps.Keys(rec.folders))) {
		t.Fatalf("folders %v, want %v", slices.Sorted(maps.Keys(got.folders)), slices.Sorted(maps.Keys(rec.folders)))
	}
	for rel, f := range rec.folders {
		g := got.folders[rel]
		if g.mtime != f.mtime || !slices.Equal(g.entries, f.entries) {
			t.Errorf("%s: %+v, want %+v", rel, g, f)
		}
	}
	// Any damaged byte, and a name that leaves the folder, are refused:
	// the output is then listed folder by folder.
	for i := range data {
		bad := slices.Clone(data)
		bad[i] ^= 0x20
		if _, err := decodeOutFolders(bad); err == nil {
			t.Fatalf("a record damaged at byte %d was read", i)
		}
	}
	escape := &outFolders{folders: map[string]*outFolder{".": {mtime: 1, entries: []folderEntry{{name: "..", dir: true}}}}}
	if _, err := decodeOutFolders(escape.encode()); err == nil {
		t.Error("a record naming .. was read")
	}
}
