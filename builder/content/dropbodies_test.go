package content

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"kb/builder/diag"
)

// TestLoadDroppingBodiesAsLoad loads one site both ways: with DropBodies
// every page is what Load gives, less its Markdown, whose hash it keeps.
// The files differ in size, format and line endings, so that a page
// whose front matter kept a piece of the shared read buffer would show
// the bytes of a file read after it.
func TestLoadDroppingBodiesAsLoad(t *testing.T) {
	site := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(site, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 60 {
		body := strings.Repeat(fmt.Sprintf("Paragraph %d of the article, with ünïcode and العربية.\n\n", i), 1+i*7%40)
		switch i % 4 {
		case 0:
			write(fmt.Sprintf("content/en/help/a%d.md", i), fmt.Sprintf("+++\ntitle = \"Article %d\"\ntags = [\"t%d\", \"shared\"]\nweight = %d\n+++\n%s", i, i, i, body))
		case 1:
			write(fmt.Sprintf("content/el/help/a%d.md", i), strings.ReplaceAll(fmt.Sprintf("---\ntitle: Άρθρο %d\ndescription: Περιγραφή %d\n---\n%s", i, i, body), "\n", "\r\n"))
		case 2:
			write(fmt.Sprintf("content/en/help/untitled%d.md", i), fmt.Sprintf("+++\nweight = %d\n+++\n## Heading of page %d\n\n%s", i, i, body))
		case 3:
			write(fmt.Sprintf("content/el/help/empty%d.md", i), fmt.Sprintf("+++\ntitle = \"Κενό %d\"\n+++\n", i))
		}
	}
	langs := siteLangs{"en", "el"}
	var d1, d2 diag.List
	want := Load(context.Background(), OpenSite(site), langs, &d1)
	for _, fmc := range []*FrontMatterCache{nil, NewFrontMatterCache()} {
		got := LoadWith(context.Background(), OpenSite(site), langs, &d2, LoadOptions{FrontMatter: fmc, DropBodies: true})
		if len(got) != len(want) || len(want) != 60 {
			t.Fatalf("%d pages, want %d (and 60)", len(got), len(want))
		}
		for i, p := range got {
			w := *want[i]
			if len(w.Body) > 0 {
				w.BodySum = sha256.Sum256(w.Body)
			}
			w.Body = nil
			if !reflect.DeepEqual(*p, w) {
				t.Errorf("%s:\n got %+v\nwant %+v", p.File, *p, w)
			}
		}
	}
	if d1.HasErrors() || d2.HasErrors() {
		t.Fatalf("diagnostics: %v %v", d1.All(), d2.All())
	}
	for _, p := range want {
		if strings.Contains(p.File, "untitled") && !strings.HasPrefix(p.Heading, "Heading of page ") {
			t.Errorf("%s: heading %q, want its first heading", p.File, p.Heading)
		}
	}
}
