package builder

import (
	"slices"
	"testing"
)

// folderNames is what rec says of the folder rel with mtime: its names,
// folders with a slash; nil when rec does not give it.
func folderNames(rec *outFolders, rel string, mtime int64) []string {
	var names []string
	at, ok := rec.folder(rel)
	if !ok || !rec.names(at, mtime, func(name string, dir bool) {
		if dir {
			name += "/"
		}
		names = append(names, name)
	}) {
		return nil
	}
	return names
}

func TestOutFoldersRecordReadsBackAndRefusesDamage(t *testing.T) {
	var w folderWriter
	w.folder(".", 1_700_000_000_123_456_789, 2)
	w.name("en", true)
	w.name("index.html", false)
	w.folder("en", 1_700_000_001_000_000_000, 2)
	w.name("faq", true)
	w.name("index.html", false)
	w.folder("en/faq", 1_700_000_002_000_000_000, 1)
	w.name("returns", true)
	data := w.record().encode()
	rec, err := decodeOutFolders(data)
	if err != nil {
		t.Fatal(err)
	}
	if got := folderNames(rec, "en", 1_700_000_001_000_000_000); !slices.Equal(got, []string{"faq/", "index.html"}) {
		t.Errorf("en holds %q", got)
	}
	if got := folderNames(rec, ".", 1_700_000_000_123_456_789); !slices.Equal(got, []string{"en/", "index.html"}) {
		t.Errorf(". holds %q", got)
	}
	// Another mtime, or a folder not recorded: the folder must be read.
	if folderNames(rec, "en", 1_700_000_001_000_000_001) != nil || folderNames(rec, "el", 0) != nil {
		t.Error("the record gave a folder with another mtime, or one it does not hold")
	}
	// A build that rewrote en/faq records the rest.
	less := rec.without(map[string]bool{"en/faq": true})
	if less, err = decodeOutFolders(less.encode()); err != nil {
		t.Fatal(err)
	}
	if folderNames(less, "en/faq", 1_700_000_002_000_000_000) != nil || folderNames(less, "en", 1_700_000_001_000_000_000) == nil {
		t.Error("without dropped the wrong folders")
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
	for _, escape := range []func(w *folderWriter){
		func(w *folderWriter) { w.folder(".", 1, 1); w.name("..", true) },
		func(w *folderWriter) { w.folder("../up", 1, 0) },
		func(w *folderWriter) { w.folder("en", 1, 1); w.name("a/b", false) },
	} {
		var w folderWriter
		escape(&w)
		if _, err := decodeOutFolders(w.record().encode()); err == nil {
			t.Errorf("a record leaving the folder was read: %q", w.b)
		}
	}
}
