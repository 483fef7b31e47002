package content

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClassify(t *testing.T) {
	langs := siteLangs{"en", "ar", "el", "pt-BR", "zh-Hans", "fa-IR"}
	tests := []struct {
		file string
		lang string
		kind Kind
		path string
		ok   bool
	}{
		// language folders
		{"content/ar/_index.md", "ar", Home, "", true},
		{"content/ar/faq/_index.md", "ar", Section, "faq", true},
		{"content/ar/faq/app/_index.md", "ar", Section, "faq/app", true},
		{"content/ar/faq/returns.md", "ar", Article, "faq/returns", true},
		{"content/ar/faq/app/index.md", "ar", Article, "faq/app", true},
		{"content/ar/privacy.md", "ar", Article, "privacy", true},
		{"content/AR/privacy.md", "ar", Article, "privacy", true},
		{"content/pt-br/faq/x.md", "pt-BR", Article, "faq/x", true},
		{"content/ZH-HANS/faq/x.md", "zh-Hans", Article, "faq/x", true},
		{"content/ar/faq/x.ar.md", "ar", Article, "faq/x", true},
		{"content/ar/faq/x.el.md", "", 0, "", false},
		// filename suffixes
		{"content/_index.md", "en", Home, "", true},
		{"content/_index.ar.md", "ar", Home, "", true},
		{"content/faq/_index.el.md", "el", Section, "faq", true},
		{"content/faq/x.md", "en", Article, "faq/x", true},
		{"content/faq/x.ar.md", "ar", Article, "faq/x", true},
		{"content/faq/x.fa-ir.md", "fa-IR", Article, "faq/x", true},
		{"content/faq/x.pt-BR.md", "pt-BR", Article, "faq/x", true},
		{"content/faq/notes.v2.md", "en", Article, "faq/notes.v2", true},
		{"content/faq/notes.v2.el.md", "el", Article, "faq/notes.v2", true},
		{"content/faq/setup.app.md", "en", Article, "faq/setup.app", true},
		{"content/faq/x.fa.md", "", 0, "", false},
		{"content/faq/x.de-CH.md", "", 0, "", false},
		// bundles
		{"content/faq/app/crash/index.md", "en", Article, "faq/app/crash", true},
		{"content/faq/app/crash/index.ar.md", "ar", Article, "faq/app/crash", true},
		{"content/faq/app/crash/index.zh-Hans.md", "zh-Hans", Article, "faq/app/crash", true},
		{"content/privacy/index.el.md", "el", Article, "privacy", true},
		// MDX pages (Starlight, Docusaurus), in every layout
		{"content/ar/faq/returns.mdx", "ar", Article, "faq/returns", true},
		{"content/faq/x.ar.mdx", "ar", Article, "faq/x", true},
		{"content/faq/X.MDX", "en", Article, "faq/X", true},
		{"content/faq/app/index.mdx", "en", Article, "faq/app", true},
		{"content/el/index.mdx", "el", Home, "", true},
		{"content/faq/_index.ar.mdx", "ar", Section, "faq", true},
		// folders that are not languages
		{"content/faq/x.md", "en", Article, "faq/x", true},
		{"content/app/x.md", "en", Article, "app/x", true},
		{"content/new/x.md", "en", Article, "new/x", true},
		{"content/fa/x.md", "", 0, "", false},
		{"content/zh-cn/x.md", "", 0, "", false},
		{"content/fa.md", "en", Article, "fa", true},
		// not pages
		{"content/faq/x.txt", "", 0, "", false},
		{"content/faq/x.png", "", 0, "", false},
		{"content/faq/.x.md", "", 0, "", false},
		// partials: pages not rendered (IsPartial)
		{"content/faq/_draft.md", "en", Article, "faq/_draft", true},
		{"content/_drafts/x.md", "en", Article, "_drafts/x", true},
		{"content/.git/x.md", "", 0, "", false},
		{"content/faq/x.md~", "", 0, "", false},
		{"content/faq/x.md.swp", "", 0, "", false},
		{"content/faq/#x.md#", "", 0, "", false},
		{"content/faq/.md", "", 0, "", false},
		{"static/x.md", "", 0, "", false},
		{"content", "", 0, "", false},
	}
	for _, tt := range tests {
		lang, kind, path, ok := Classify(tt.file, langs)
		if lang != tt.lang || kind != tt.kind || path != tt.path || ok != tt.ok {
			t.Errorf("Classify(%q) = %q, %v, %q, %t; want %q, %v, %q, %t", tt.file, lang, kind, path, ok, tt.lang, tt.kind, tt.path, tt.ok)
		}
	}
}

func TestClassifyFile(t *testing.T) {
	for file, want := range map[string]FileClass{
		"content/en/faq/x.md":       Markdown,
		"content/en/faq/x.markdown": Markdown,
		"content/en/faq/x.mdx":      Markdown,
		// GitBook's images and files publish; its reusable content is no page.
		"content/.gitbook/assets/shot (1).png":    Asset,
		"content/en/.gitbook/assets/guide v2.pdf": Asset,
		"content/.gitbook/includes/notice.md":     Markdown, // read by {% include %}, no page
		"content/.gitbook/other.md":               Ignored,
		"content/.gitbook/assets/SKILL (1).md":    Asset,
		"content/.gitbook/assets/.x.png":          Ignored,
		"content/x/.gitbook/other/a.png":          Ignored,
		"content/en/faq/X.MD":                     Markdown,
		"content/en/_index.md":                    Markdown,
		"content/en/faq/chart.png":                Asset,
		"content/en/faq/Chart.JPG":                Asset,
		"content/en/faq/logo.svg":                 Asset,
		"content/en/faq/form.pdf":                 Asset,
		"content/en/faq/intro.webm":               Asset,
		"content/en/faq/intro.vtt":                Asset,
		"content/en/faq/prices.csv":               Asset,
		"content/en/faq/notes.txt":                Asset,
		"content/en/faq/font.woff2":               Asset,
		"content/en/faq/help.html":                Refused,
		"content/en/faq/help.HTM":                 Refused,
		"content/en/faq/help.xhtml":               Refused,
		"content/en/faq/app.js":                   Refused,
		"content/en/faq/app.mjs":                  Refused,
		"content/en/faq/feed.xml":                 Refused,
		"content/en/faq/setup.exe":                Refused,
		"content/en/faq/Makefile":                 Refused,
		"content/en/faq/x.md~":                    Ignored,
		"content/en/faq/#x.md#":                   Ignored,
		"content/en/faq/.#x.md":                   Ignored,
		"content/en/faq/x.md.bak":                 Ignored,
		"content/en/faq/.x.md.swp":                Ignored,
		"content/en/faq/4913":                     Ignored,
		"content/en/faq/x.md.orig":                Ignored,
		"content/en/faq/.DS_Store":                Ignored,
		"content/en/faq/Thumbs.db":                Ignored,
		"content/en/faq/x.md___jb_tmp___":         Ignored,
		"content/.git/config":                     Ignored,
		"content/_drafts/x.md":                    Markdown,
		"content/en/faq/_notes.md":                Markdown,
		"content/en/_common/x.mdx":                Markdown,
		"content/en/_common":                      Refused, // a folder: not ignored, its partials are read
		"content/_drafts/shot.png":                Shown,   // published only while a page shows it
		"content/en/faq/_notes.txt":               Shown,
		"content/en/_common/diagram.png":          Shown,
		"content/en/_common/build.sh":             Ignored,
		"static/app.js":                           SiteFile,
		"static/_redirects":                       SiteFile,
		"static/app.js~":                          Ignored,
		"static/.env":                             Ignored,
		"static/.git/config":                      Ignored,
		"static/.well-known/security.txt":         SiteFile,
		"static/.well-known/.DS_Store":            Ignored,
		"content/.well-known/x.md":                Ignored,
		"themes/x/layouts/page.html":              SiteFile,
		"i18n/el.toml":                            SiteFile,
		"i18n/.el.toml.swp":                       Ignored,
		"site.toml":                               SiteFile,
	} {
		got, why := ClassifyFile(file)
		if got != want {
			t.Errorf("ClassifyFile(%q) = %v, want %v", file, got, want)
		}
		if (got == Refused) != strings.Contains(why, "static/") {
			t.Errorf("ClassifyFile(%q): %v with reason %q: a refusal, and only a refusal, says what to do", file, got, why)
		}
	}
}

func TestCheckSVG(t *testing.T) {
	const open = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">` + "\n"
	for _, tt := range []struct {
		name, svg string
		line      int // 0: accepted
		msg       string
	}{
		{"plain", open + `<rect width="1" height="1" fill="url(#g)"/><a href="/en/faq/">x</a></svg>`, 0, ""},
		{"style and text", open + `<style>rect{fill:red}</style><text>on javascript</text></svg>`, 0, ""},
		{"script", open + "<g>\n<script>alert(1)</script></g></svg>", 3, "<script>"},
		{"namespaced script", `<svg:svg xmlns:svg="http://www.w3.org/2000/svg">` + "\n\n<svg:script>alert(1)</svg:script></svg:svg>", 3, "<script>"},
		{"onload", open + "\n<rect onload=\"alert(1)\"/></svg>", 3, "onload="},
		{"ONCLICK", open + "<rect ONCLICK=\"alert(1)\"/></svg>", 2, "ONCLICK="},
		{"javascript href", open + "<a href=\"javascript:alert(1)\">x</a></svg>", 2, "javascript:"},
		{"hidden javascript", open + "<a xlink:href=\" &#x20;JaVa&#9;ScRiPt&#58;alert(1)\">x</a></svg>", 2, "javascript:"},
		{"animated href", open + "<a><set attributeName=\"href\" to=\"javascript:alert(1)\"/></a></svg>", 2, "javascript:"},
		{"animated handler", open + "<rect><set attributeName=\"onmouseover\" to=\"alert(1)\"/></rect></svg>", 2, "event handler"},
		{"foreignObject", open + "<foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject></svg>", 2, "<foreignObject>"},
		{"stylesheet", "<?xml version=\"1.0\"?>\n<?xml-stylesheet type=\"text/xsl\" href=\"x.xsl\"?>\n" + open + "</svg>", 2, "stylesheet"},
		{"entity", "<!DOCTYPE svg [<!ENTITY x \"&#60;script&#62;\">]>\n" + open + "&x;</svg>", 3, "not well-formed"},
		{"unclosed", open + "<g>\n</svg>", 3, "not well-formed"},
	} {
		ds := CheckAsset("content/en/x.svg", []byte(tt.svg))
		switch {
		case tt.line == 0 && len(ds) > 0:
			t.Errorf("%s: refused: %v", tt.name, ds)
		case tt.line != 0 && len(ds) == 0:
			t.Errorf("%s: accepted", tt.name)
		case tt.line != 0 && (ds[0].Line != tt.line || !strings.Contains(ds[0].Msg, tt.msg) || ds[0].File != "content/en/x.svg"):
			t.Errorf("%s: %v, want line %d saying %q", tt.name, ds[0], tt.line, tt.msg)
		}
	}
	if ds := CheckAsset("content/en/x.png", []byte("<script>")); ds != nil {
		t.Errorf("a PNG is not read as SVG: %v", ds)
	}
}

// TestCheckSVGColumnsCountCharacters: an SVG problem's column counts
// characters from the start of its line, as editors and kb's other
// messages do, not bytes: Greek and Arabic text before it is one column a
// letter.
func TestCheckSVGColumnsCountCharacters(t *testing.T) {
	svg := `<svg xmlns="http://www.w3.org/2000/svg">` + "\n" +
		`<text>Λογότυπο</text><text>شعار</text><rect onclick="alert(1)"/></svg>`
	ds := CheckAsset("content/el/logo.svg", []byte(svg))
	want := 1 + utf8.RuneCountInString(`<text>Λογότυπο</text><text>شعار</text>`)
	if len(ds) != 1 || ds[0].Line != 2 || ds[0].Col != want {
		t.Errorf("diagnostics %v, want one at 2:%d", ds, want)
	}
}

// TestIsPartial: the "_" Markdown files pages include are partials; an
// _index page, a Docusaurus _category_ file and a GitBook include are not.
func TestIsPartial(t *testing.T) {
	for file, want := range map[string]bool{
		"content/en/guide/_shipping.mdx":      true,
		"content/en/_common/glob-patterns.md": true,
		"content/en/_common/_index.md":        true,
		"content/_drafts/x.md":                true,
		"content/en/guide/_index.md":          false,
		"content/en/guide/_category_.json":    false,
		"content/en/guide/x.md":               false,
		"content/en/_shared/shot.png":         false,
		"snippets/_x.md":                      false,
	} {
		if got := IsPartial(file); got != want {
			t.Errorf("IsPartial(%q) = %v, want %v", file, got, want)
		}
	}
}
