package builder_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A Hugo site's template in layouts/_shortcodes/ is an input like one in
// layouts/shortcodes/: changing it builds the pages that use it again,
// where a build with nothing changed would keep them.
func TestNewShortcodeFolderChangeRebuilds(t *testing.T) {
	site := t.TempDir()
	put := writeIn(t, site)
	put("hugo.toml", "baseURL = 'https://example.org/'\ntitle = 'T'\n")
	put("layouts/_shortcodes/note.html", `<aside class="first">{{ .Inner }}</aside>`)
	put("content/n.md", "---\ntitle: Notes\n---\n{{< note >}}Mind the gap.{{< /note >}}\n")
	out := filepath.Join(site, "public")
	mustBuild(t, site, out)
	put("layouts/_shortcodes/note.html", `<aside class="second">{{ .Inner }}</aside>`)
	mustBuild(t, site, out)
	b, err := os.ReadFile(filepath.Join(out, "n", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `<aside class="second">`) {
		t.Errorf("after the template changed, the page has:\n%s", b)
	}
}

// A partial a Hugo site's shortcode template calls is an input too:
// changing it builds the pages that use the shortcode again.
func TestPartialChangeRebuilds(t *testing.T) {
	site := t.TempDir()
	put := writeIn(t, site)
	put("hugo.toml", "baseURL = 'https://example.org/'\ntitle = 'T'\n")
	put("layouts/_shortcodes/note.html", `{{ partial "box.html" .Inner }}`)
	put("layouts/_partials/box.html", `<aside class="first">{{ . }}</aside>`)
	put("content/n.md", "---\ntitle: Notes\n---\n{{< note >}}Mind the gap.{{< /note >}}\n")
	out := filepath.Join(site, "public")
	mustBuild(t, site, out)
	put("layouts/_partials/box.html", `<aside class="second">{{ . }}</aside>`)
	mustBuild(t, site, out)
	b, err := os.ReadFile(filepath.Join(out, "n", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `<aside class="second">`) {
		t.Errorf("after the partial changed, the page has:\n%s", b)
	}
}

// A string a shortcode template reads with T is an input of the pages
// that use it: changing i18n/ builds them again.
func TestSiteStringChangeRebuilds(t *testing.T) {
	site := t.TempDir()
	put := writeIn(t, site)
	put("hugo.toml", "baseURL = 'https://example.org/'\ntitle = 'T'\n")
	put("layouts/_shortcodes/more.html", `<p class="more">{{ T "read_more" }}</p>`)
	put("i18n/en.toml", "[read_more]\nother = \"Read more\"\n")
	put("content/n.md", "---\ntitle: Notes\n---\n{{< more >}}\n")
	out := filepath.Join(site, "public")
	mustBuild(t, site, out)
	put("i18n/en.toml", "[read_more]\nother = \"Keep reading\"\n")
	mustBuild(t, site, out)
	b, err := os.ReadFile(filepath.Join(out, "n", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `<p class="more">Keep reading</p>`) {
		t.Errorf("after the string changed, the page has:\n%s", b)
	}
}
