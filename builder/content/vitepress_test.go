package content

import (
	"testing"
	"time"

	"kb/builder/diag"
)

// VitePress's front matter is read where kb has the same idea (search:
// false, the last-updated date, a home page's hero and features) and left
// alone where it has none, without a warning on every page.
func TestVitePressFrontMatter(t *testing.T) {
	for _, tt := range []struct {
		name string
		src  string
		want Meta
	}{{
		name: "a guide with the default theme's settings",
		src: "---\ntitle: Deploy\noutline: [2, 3]\naside: left\nlastUpdated: 2026-04-02\neditLink: false\nfooter: false\nnavbar: true\nsidebar: false\n" +
			"pageClass: wide\ntitleTemplate: ':title - Docs'\nprev: false\nnext:\n  text: Next\n  link: /next\nhead:\n  - - meta\n    - name: x\nsearch: false\nlayout: doc\n---\n# Deploy\n",
		want: Meta{Title: "Deploy", NoSearch: true, Updated: time.Date(2026, 4, 2, 0, 0, 0, 0, time.UTC),
			Lines: linesOf(t, map[string]int{"title": 2, "lastUpdated": 5, "updated": 5, "sidebar": 9, "search": 19})},
	}, {
		name: "the home page: its title from the hero, its introduction from the hero and the features, links from the site's root as VitePress reads them",
		src: "---\nlayout: home\n\nhero:\n  name: VitePress\n  text: Vite & Vue Powered\n  tagline: |\n    Markdown to docs\n    in minutes\n  image:\n    src: /logo.svg\n" +
			"  actions:\n    - theme: brand\n      text: What is it?\n      link: ./guide/what-is-vitepress\n    - theme: alt\n      text: GitHub\n      link: https://github.com/vuejs/vitepress\n\n" +
			"features:\n  - icon: <span class=\"memo\"></span>\n    title: Focus on your content\n    details: Just Markdown.\n  - title: Vue\n    details: Use Vue.\n    link: /guide/using-vue\n---\n",
		want: Meta{Title: "VitePress",
			Intro: "Vite & Vue Powered\n\nMarkdown to docs in minutes\n\n[What is it?](/guide/what-is-vitepress) · [GitHub](https://github.com/vuejs/vitepress)\n\n" +
				"- **Focus on your content**: Just Markdown.\n- **[Vue](/guide/using-vue)**: Use Vue.",
			Lines: linesOf(t, map[string]int{"title": 5, "hero": 4, "features": 20})},
	}, {
		name: "a home page with a title keeps it; the hero's text alone is its introduction",
		src:  "---\ntitle: Aide\nhero:\n  text: Tout sur l'appli\n---\n",
		want: Meta{Title: "Aide", Intro: "Tout sur l'appli", Lines: linesOf(t, map[string]int{"title": 2, "hero": 3})},
	}} {
		t.Run(tt.name, func(t *testing.T) { parsesTo(t, tt.src, tt.want) })
	}
}

// Features that are no list are a warning at their line.
func TestVitePressFeaturesMistake(t *testing.T) {
	var diags diag.List
	meta, _, _, _, ok := Parse("x.md", []byte("---\ntitle: T\nfeatures: fast\n---\n"), &diags)
	if !ok || meta.Intro != "" {
		t.Fatalf("ok %t, intro %q", ok, meta.Intro)
	}
	if got := messages(&diags); len(got) != 1 || got[0] != `x.md:3:1: warning: front matter: "features" must be a list of {title, details}, not the text "fast" (ignored)` {
		t.Errorf("diagnostics %q", got)
	}
}
