package builder_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// What a Hugo site's shortcode templates read is an input of the pages
// that use them: a template in layouts/_shortcodes/ (as in
// layouts/shortcodes/), a partial it calls, a string it reads with T, a
// data file it reads, the site's or its Hugo theme's; and a render hook
// (layouts/_markup/, layouts/_default/_markup/).
// Changing it builds those pages again, where a build with nothing
// changed would keep them.
func TestHugoTemplateInputChangeRebuilds(t *testing.T) {
	for _, tc := range []struct {
		name       string
		files      []string // path, text, ...
		file, edit string
		want       string
	}{
		{"shortcode in the new folder", []string{"layouts/_shortcodes/note.html", `<aside class="first">{{ .Inner }}</aside>`},
			"layouts/_shortcodes/note.html", `<aside class="second">{{ .Inner }}</aside>`, `<aside class="second">`},
		{"partial", []string{"layouts/_shortcodes/note.html", `{{ partial "box.html" .Inner }}`,
			"layouts/_partials/box.html", `<aside class="first">{{ . }}</aside>`},
			"layouts/_partials/box.html", `<aside class="second">{{ . }}</aside>`, `<aside class="second">`},
		{"string read with T", []string{"layouts/_shortcodes/note.html", `<aside>{{ T "gap" }}</aside>`,
			"i18n/en.toml", "[gap]\nother = \"Mind the gap\"\n"},
			"i18n/en.toml", "[gap]\nother = \"Watch the gap\"\n", `<aside>Watch the gap</aside>`},
		{"data file", []string{"layouts/_shortcodes/note.html", `<aside>{{ site.Data.notes.gap }}</aside>`,
			"data/notes.yaml", "gap: Mind the gap\n"},
			"data/notes.yaml", "gap: Watch the gap\n", `<aside>Watch the gap</aside>`},
		{"Hugo theme's data file", []string{"hugo.toml", "baseURL = 'https://example.org/'\ntitle = 'T'\ntheme = 'plain'\n",
			"layouts/_shortcodes/note.html", `<aside>{{ hugo.Data.notes.gap }}</aside>`,
			"themes/plain/data/notes.toml", "gap = 'Mind the gap'\n"},
			"themes/plain/data/notes.toml", "gap = 'Watch the gap'\n", `<aside>Watch the gap</aside>`},
		{"render hook", []string{"layouts/_markup/render-link.html", `<a class="first" href="/n/">{{ .Text }}</a>`},
			"layouts/_markup/render-link.html", `<a class="second" href="/n/">{{ .Text }}</a>`, `<a class="second" href="/n/">the gap</a>`},
		{"render hook in the older folder", []string{"layouts/_default/_markup/render-link.html", `<a class="first" href="/n/">{{ .Text }}</a>`},
			"layouts/_default/_markup/render-link.html", `<a class="second" href="/n/">{{ .Text }}</a>`, `<a class="second" href="/n/">the gap</a>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := t.TempDir()
			put := writeIn(t, site)
			put("hugo.toml", "baseURL = 'https://example.org/'\ntitle = 'T'\n")
			for i := 0; i < len(tc.files); i += 2 {
				put(tc.files[i], tc.files[i+1])
			}
			put("content/n.md", "---\ntitle: Notes\n---\n{{< note >}}Mind the gap.{{< /note >}}\n\nSee [the gap](/n/).\n")
			out := filepath.Join(site, "public")
			mustBuild(t, site, out)
			put(tc.file, tc.edit)
			mustBuild(t, site, out)
			b, err := os.ReadFile(filepath.Join(out, "n", "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), tc.want) {
				t.Errorf("after %s changed, the page has:\n%s", tc.file, b)
			}
		})
	}
}
