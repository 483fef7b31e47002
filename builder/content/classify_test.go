package content

import "testing"

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
		{"content/faq/_draft.md", "", 0, "", false},
		{"content/_drafts/x.md", "", 0, "", false},
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
