package builder_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPartialImages: an image beside a "_" partial, which the partial
// names relative to itself as Docusaurus resolves an import's images
// (![](./diagram.png)), is published at its path and shown on every page
// that imports the partial, from any folder, with no broken-image
// warning; a save of the image is published by kb serve as a clean build
// does; and the partial itself stays unpublished.
func TestPartialImages(t *testing.T) {
	png := "\x89PNG\r\n\x1a\n" + strings.Repeat("\x00", 16)
	files := map[string]string{
		"site.toml":                          "defaultLanguage = \"en\"\n[languages.en]\n",
		"content/en/_common/glob.md":         "---\ntitle: Glob\n---\nThe diagram:\n\n![Glob diagram](./diagram.png)\n\n[the chart](chart.pdf)\n",
		"content/en/_common/diagram.png":     png,
		"content/en/_common/chart.pdf":       "%PDF-1.4\n",
		"content/en/faq/_notes.txt":          "not for readers\n",
		"content/en/faq/unrelated.md":        "---\ntitle: Unrelated\n---\nNothing shown.\n",
		"content/en/faq/patterns.mdx":        "---\ntitle: Patterns\n---\nimport Glob from '../_common/glob.md';\n\n<Glob />\n",
		"content/en/guide/deep/matching.mdx": "---\ntitle: Matching\n---\nimport Glob from '@site/docs/_common/glob.md';\n\n<Glob />\n",
	}
	s, site, out := serving(t, files)
	res := compareWithCleanBuild(t, "first build", site, out)
	for _, d := range res.Diagnostics {
		t.Errorf("diagnostic: %v", d)
	}
	for _, page := range []string{"en/faq/patterns/index.html", "en/guide/deep/matching/index.html"} {
		html, _ := os.ReadFile(filepath.Join(out, page))
		if !bytes.Contains(html, []byte(`<img src="/en/_common/diagram.png" alt="Glob diagram"`)) || !bytes.Contains(html, []byte(`href="/en/_common/chart.pdf"`)) {
			t.Errorf("%s does not show the partial's image and link at /en/_common/:\n%s", page, html)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(out, "en/_common/diagram.png")); string(got) != png {
		t.Errorf("/en/_common/diagram.png holds %q, want the image", got)
	}
	if _, err := os.Stat(filepath.Join(out, "en/_common/glob/index.html")); err == nil {
		t.Error("the partial is published as a page")
	}
	if _, err := os.Stat(filepath.Join(out, "en/faq/_notes.txt")); err == nil {
		t.Error("a writer's _notes.txt that no page shows is published")
	}

	saveAndRebuild(t, s, site, "content/en/_common/diagram.png", png+"v2")
	if got, _ := os.ReadFile(filepath.Join(out, "en/_common/diagram.png")); string(got) != png+"v2" {
		t.Errorf("after a save, /en/_common/diagram.png holds %q, want the new image", got)
	}
	compareWithCleanBuild(t, "image saved", site, out)

	// Pages stop showing the partial: its files go from the output;
	// another page shows one of them: it is back.
	saveAndRebuild(t, s, site, "content/en/faq/patterns.mdx", "---\ntitle: Patterns\n---\nNo diagram.\n")
	saveAndRebuild(t, s, site, "content/en/guide/deep/matching.mdx", "---\ntitle: Matching\n---\nNo diagram.\n")
	if _, err := os.Stat(filepath.Join(out, "en/_common/diagram.png")); err == nil {
		t.Error("no page shows the diagram any more, yet it is still published")
	}
	compareWithCleanBuild(t, "partial no longer imported", site, out)
	saveAndRebuild(t, s, site, "content/en/faq/unrelated.md", "---\ntitle: Unrelated\n---\n![The diagram](../_common/diagram.png)\n")
	if _, err := os.Stat(filepath.Join(out, "en/_common/diagram.png")); err != nil {
		t.Errorf("a page shows the diagram again, yet it is not published: %v", err)
	}
	compareWithCleanBuild(t, "image shown by a page", site, out)
}
