package markdown

import (
	"strings"
	"testing"
)

// TestCalloutTitleInPageLanguage checks that a callout's default title is
// the page's UI string, escaped: UI strings come from a site's i18n files,
// which writers edit.
func TestCalloutTitleInPageLanguage(t *testing.T) {
	titles := map[string]string{"note": "ملاحظة", "warning": `<img src=x onerror=alert(1)>`}
	doc := Document{
		Source:       []byte("> [!NOTE]\n> نص.\n\n:::warning\nنص.\n:::\n\n:::tip\nنص.\n:::\n"),
		File:         "content/ar/x.md",
		CalloutTitle: func(kind string) string { return titles[kind] },
	}
	res := New(Options{}).Render(doc)
	html := string(res.HTML)
	for _, want := range []string{
		`<p class="callout-title">ملاحظة</p>`,
		`<p class="callout-title">&lt;img src=x onerror=alert(1)&gt;</p>`,
		`<p class="callout-title">Tip</p>`, // no string for the kind: English
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
	if bad := scriptCapable(res.HTML); bad != "" {
		t.Errorf("%s in\n%s", bad, html)
	}
	if strings.Contains(res.PlainText, "ملاحظة") {
		t.Errorf("the default title is searchable text: %q", res.PlainText)
	}
}

// TestCalloutCRLF checks that files saved with Windows line endings give
// the same callouts as others.
func TestCalloutCRLF(t *testing.T) {
	src := "> [!TIP] A title\n> Text.\n\n::::note[Outer]\n:::warning\nInner.\n:::\n::::\n\nAfter.\n\n??? tip \"Admonition\"\n    Text.\n\n    !!! note \"\"\n        Inner.\n"
	r := New(Options{})
	lf := r.Render(Document{Source: []byte(src), File: "x.md"})
	crlf := r.Render(Document{Source: []byte(strings.ReplaceAll(src, "\n", "\r\n")), File: "x.md"})
	if got, want := strings.ReplaceAll(string(crlf.HTML), "\r", ""), string(lf.HTML); got != want {
		t.Errorf("CRLF:\n%s\nLF:\n%s", got, want)
	}
	if len(crlf.Diagnostics) > 0 {
		t.Errorf("CRLF: %v", crlf.Diagnostics)
	}
	if !strings.Contains(string(lf.HTML), `<p class="callout-title"><span class="visually-hidden">Tip: </span>A title</p>`) || strings.Count(string(lf.HTML), `class="callout `) != 5 {
		t.Errorf("want five callouts, the first titled: %s", lf.HTML)
	}
}
