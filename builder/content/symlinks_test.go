package content

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// A view from Checked judges links as the site's own FS does, and its Stat
// says what os.Stat says, of a file and of a link to one.
func TestCheckedViewJudgesLinksAsTheSite(t *testing.T) {
	site := t.TempDir()
	outside := t.TempDir()
	mustWrite := func(path, data string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mustWrite(filepath.Join(site, "content/en/a.md"), "inside")
	mustWrite(filepath.Join(outside, "secret.md"), "secret, longer")
	if err := os.Symlink(outside, filepath.Join(site, "content/en/leak")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.Symlink("a.md", filepath.Join(site, "content/en/b.md")); err != nil {
		t.Fatal(err)
	}
	for name, fsys := range map[string]fs.FS{"site": OpenSite(site), "checked": Checked(OpenSite(site))} {
		for range 2 { // the second time from what the view remembers
			if _, err := fs.ReadFile(fsys, "content/en/leak/secret.md"); !errors.As(err, new(*LinkError)) {
				t.Errorf("%s: read through a link out of the site: %v, want a LinkError", name, err)
			}
			if _, err := fs.Stat(fsys, "content/en/leak/secret.md"); !errors.As(err, new(*LinkError)) {
				t.Errorf("%s: stat through a link out of the site: %v, want a LinkError", name, err)
			}
			for _, f := range []string{"content/en/a.md", "content/en/b.md"} {
				data, err := fs.ReadFile(fsys, f)
				if err != nil || string(data) != "inside" {
					t.Errorf("%s: %s reads %q, %v", name, f, data, err)
				}
				got, err := fs.Stat(fsys, f)
				want, _ := os.Stat(filepath.Join(site, f))
				if err != nil || got.Size() != want.Size() || got.Mode() != want.Mode() || !got.ModTime().Equal(want.ModTime()) {
					t.Errorf("%s: stat %s: %v, %v; os.Stat says %v", name, f, got, err, want)
				}
			}
			if _, err := fs.ReadFile(fsys, "content/en/missing.md"); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s: a missing file: %v", name, err)
			}
		}
	}
}
