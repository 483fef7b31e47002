package browsertest

import (
	"fmt"
	"testing"
)

// TestHugoBookColumns opens a page written for Hugo Book, its columns a
// list whose items are the columns, in English and in Arabic: side by side
// on a wide screen, the first at the start of the line, one under the
// other on a phone.
func TestHugoBookColumns(t *testing.T) {
	dir := t.TempDir()
	write := siteWriter(t, dir)
	write("site.toml", "defaultLanguage = \"en\"\nhugoTheme = \"hugo-book\"\n[languages.en]\n[languages.ar]\n")
	const page = "{{%% columns %%}}\n- ### %s\n  %s\n\n- ### %s\n  %s\n{{%% /columns %%}}\n"
	write("content/en/layout.md", "---\ntitle: Layout\n---\n"+fmt.Sprintf(page, "Install", "Download the installer and run it.", "Sign in", "Use your account."))
	write("content/ar/layout.md", "---\ntitle: التخطيط\n---\n"+fmt.Sprintf(page, "التثبيت", "نزّل المثبّت وشغّله.", "الدخول", "استخدم حسابك."))
	checkColumns(t, buildAndServe(t, dir), "/layout/", "li")
}

// TestHextraSteps opens an Arabic page written for Hextra, whose steps are
// headings: each heading is numbered by the steps' counter, the number
// before its text, at the start of the line (the right in Arabic).
func TestHextraSteps(t *testing.T) {
	dir := t.TempDir()
	write := siteWriter(t, dir)
	write("site.toml", "defaultLanguage = \"ar\"\nhugoTheme = \"hextra\"\n[languages.ar]\n")
	write("content/ar/start.md", "---\ntitle: البدء\n---\n{{% steps %}}\n\n### التثبيت\n\nشغّل المثبّت.\n\n### الإعداد\n\nعدّل الإعدادات.\n\n{{% /steps %}}\n")
	b := newTab(t, buildAndServe(t, dir), desktop)
	b.open("/ar/start/")
	// The number is generated content, which no script can read: its
	// counter, and the room it takes before the heading's text.
	got := b.str(`[...document.querySelectorAll("main .steps > h3")].map(h => {
	  const r = document.createRange(); r.selectNodeContents(h);
	  const text = [...r.getClientRects()].pop(), box = h.getBoundingClientRect();
	  return getComputedStyle(h, "::before").content + (box.right - text.right > 8 ? " then " : " over ") + h.textContent.trim() }).join(" | ")`)
	if want := `counter(step) ". " then التثبيت | counter(step) ". " then الإعداد`; got != want {
		b.errorf("steps read %s, want %s", got, want)
	}
}
