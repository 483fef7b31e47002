package builder

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestSameBytes checks the comparison that keeps an output file: equal
// bytes only, not a prefix, not a longer file, not a folder.
func TestSameBytes(t *testing.T) {
	dir := t.TempDir()
	big := strings.Repeat("0123456789", 20000) // longer than the pooled buffer
	for name, data := range map[string]string{"a": "hello", "empty": "", "big": big} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Mkdir(filepath.Join(dir, "d"), 0o755)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, tc := range []struct {
		rel, data string
		want      bool
	}{
		{"a", "hello", true},
		{"a", "hell", false},
		{"a", "hello!", false},
		{"a", "hellO", false},
		{"a", "", false},
		{"empty", "", true},
		{"empty", "x", false},
		{"big", big, true},
		{"big", big[:len(big)-1] + "x", false},
		{"a", "hello", true}, // after a big one: the pooled buffer is longer than the file
		{"missing", "", false},
		{"d", "", false},
	} {
		if got := sameBytes(root, tc.rel, []byte(tc.data)); got != tc.want {
			t.Errorf("sameBytes(%s, %d bytes) = %v, want %v", tc.rel, len(tc.data), got, tc.want)
		}
		if fast := openBeneath(dir); fast != nil {
			if got := fast.sameBytes(tc.rel, []byte(tc.data)); got != tc.want {
				t.Errorf("beneath: sameBytes(%s, %d bytes) = %v, want %v", tc.rel, len(tc.data), got, tc.want)
			}
			fast.close()
		}
	}
}

// beneath (where the kernel has openat2) lists an output's files as
// fs.WalkDir over os.Root does, links included but not followed, and
// compares no file through a link or outside the folder.
func TestBeneath(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	for _, f := range []string{"index.html", "en/a/index.html", "en/b/index.html", "en/b/x.png", "_kb/search/en/meta.json.gz", "z"} {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, f), []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(outside, "secret"), []byte("secret"), 0o644)
	os.Mkdir(filepath.Join(dir, "empty"), 0o755)
	if err := os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "en", "link")); err != nil {
		t.Skip(err)
	}
	os.Symlink(outside, filepath.Join(dir, "out"))
	os.Symlink("a", filepath.Join(dir, "en", "inside"))
	fast := openBeneath(dir)
	if fast == nil {
		t.Skip("no openat2")
	}
	defer fast.close()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	var want, got []string
	fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			want = append(want, p)
		}
		return nil
	})
	counted := -1
	if _, err := fast.files(func(n int) { counted = n }, func(rel string, st *outStat) {
		got = append(got, rel)
		info, err := os.Lstat(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		var want *outStat
		if info.Mode().IsRegular() {
			s := statOf(info)
			want = &s
		}
		if (st == nil) != (want == nil) || st != nil && *st != *want {
			t.Errorf("%s: stat %+v, want %+v, as lstat gives it (a link has none)", rel, st, want)
		}
	}, nil); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("files %q, fs.WalkDir gives %q", got, want)
	}
	if counted != len(got) {
		t.Errorf("counted %d files before listing %d", counted, len(got))
	}
	for _, rel := range []string{"en/link", "out/secret", "en/inside/index.html", "../" + filepath.Base(outside) + "/secret"} {
		data := "secret"
		if strings.HasPrefix(rel, "en/inside") {
			data = "en/a/index.html"
		}
		if fast.sameBytes(rel, []byte(data)) {
			t.Errorf("%s compared through a link or outside the folder", rel)
		}
	}
	if !fast.sameBytes("en/b/x.png", []byte("en/b/x.png")) {
		t.Error("a plain file is not the same as its bytes")
	}
}

// output.keep keeps a previous output's file unread only when its stamp is
// the one given and the file is regular and settled (stampSettled).
func TestOutputKeepsFilesByStamp(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	for _, f := range []string{"a/index.html", "b/index.html", "fresh.html"} {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, f), []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
		if f != "fresh.html" {
			os.Chtimes(filepath.Join(dir, f), old, old)
		}
	}
	if err := os.Symlink("a/index.html", filepath.Join(dir, "link.html")); err != nil {
		t.Skip(err)
	}
	stamp := func(rel string) fileStamp {
		st, err := os.Lstat(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		return fileStamp{Size: st.Size(), ModTime: st.ModTime().UnixNano()}
	}
	o, err := newOutput(dir, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Abort()
	a := stamp("a/index.html")
	for _, tc := range []struct {
		rel  string
		st   fileStamp
		want bool
	}{
		{"a/index.html", fileStamp{}, false},
		{"a/index.html", fileStamp{Size: a.Size + 1, ModTime: a.ModTime}, false},
		{"a/index.html", fileStamp{Size: a.Size, ModTime: a.ModTime + 1}, false},
		{"fresh.html", stamp("fresh.html"), false}, // written a moment ago: could change without its mtime moving
		{"link.html", stamp("link.html"), false},
		{"missing.html", a, false},
		{"a/index.html", a, true},
		{"a/index.html", a, false}, // kept already: Write reports the clash
	} {
		if got := o.keep(tc.rel, tc.st); got != tc.want {
			t.Errorf("keep(%s, %+v) = %v, want %v", tc.rel, tc.st, got, tc.want)
		}
	}
	if err := o.Write("a/index.html", []byte("a/index.html")); err == nil {
		t.Error("a kept file was written too")
	}
	if err := o.Write("b/index.html", []byte("b/index.html")); err != nil {
		t.Fatal(err)
	}
	stamps := o.takeStamps()
	if stamps["a/index.html"] != a || stamps["b/index.html"] != stamp("b/index.html") {
		t.Errorf("stamps %+v: want the kept file's and the compared one's", stamps)
	}
}

// A folder with more names than one read of the listing holds (a big
// section of a site) is listed whole, in order, and files in folders
// below it too.
func TestBeneathListsBigFolders(t *testing.T) {
	dir := t.TempDir()
	var want []string
	for i := range 3000 {
		rel := fmt.Sprintf("en/faq/question-with-a-long-name-%04d/index.html", i)
		if i%2 == 0 {
			rel = fmt.Sprintf("en/faq/page-%04d.html", i)
		}
		want = append(want, rel)
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(rel), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fast := openBeneath(dir)
	if fast == nil {
		t.Skip("no openat2 here")
	}
	defer fast.close()
	var got []string
	if _, err := fast.files(func(int) {}, func(rel string, st *outStat) {
		got = append(got, rel)
		if st == nil || st.Size != int64(len(rel)) || st.ModTime == 0 {
			t.Errorf("%s: stamp %+v", rel, st)
		}
	}, nil); err != nil {
		t.Fatal(err)
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("listed %d files, want %d", len(got), len(want))
	}
}

// A build that finishes while the previous output is still being listed
// (a big stale output, a small site) reports its figures: stats waits for
// the listing with the output's lock held, so the listing must not need
// that lock before it is done. Every file of the previous output is stale.
func TestStatsWhileThePreviousOutputIsListed(t *testing.T) {
	dir := t.TempDir()
	const files = 2000
	for i := range files {
		d := filepath.Join(dir, fmt.Sprintf("en/s%02d/page-%04d", i%20, i))
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "index.html"), []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for range 5 {
		o, err := newOutput(dir, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan [3]int, 1)
		go func() {
			changed, kept, removed := o.stats()
			done <- [3]int{changed, kept, removed}
		}()
		select {
		case got := <-done:
			if got != [3]int{0, 0, files} {
				t.Errorf("stats (changed, kept, removed) = %v, want [0 0 %d]", got, files)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("stats did not return while the previous output was listed")
		}
		o.Abort()
	}
}
