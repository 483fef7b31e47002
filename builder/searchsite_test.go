package builder_test

import (
	"context"
	"path/filepath"
	"testing"

	"kb/builder"
	"kb/search"
	"kb/themes"
)

// buildSearchSite writes files (slash paths → text) into a new site, builds
// it, and returns its output folder and its server index, open until the
// test ends.
func buildSearchSite(t *testing.T, files map[string]string) (out string, ix *search.Index) {
	t.Helper()
	site := t.TempDir()
	for name, text := range files {
		write(t, filepath.Join(site, filepath.FromSlash(name)), text)
	}
	out = filepath.Join(t.TempDir(), "public")
	index := filepath.Join(t.TempDir(), "index")
	if _, err := builder.Build(context.Background(), builder.Options{SiteDir: site, Out: out, IndexDir: index, Theme: themes.Default()}); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(index)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return out, ix
}
