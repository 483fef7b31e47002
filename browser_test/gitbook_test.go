package browsertest

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// pngOfWidth is a blank PNG as wide as w, so that the browser tells which
// image it shows by its naturalWidth.
func pngOfWidth(t *testing.T, w int) string {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, 4))); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestPictureFollowsColorScheme opens a page in Arabic with a screenshot
// written as GitBook writes it (<picture> with a dark <source> and a light
// <img>, relative to the page): a reader in dark mode sees the dark image,
// one in light mode the light image.
func TestPictureFollowsColorScheme(t *testing.T) {
	dir := t.TempDir()
	write := siteWriter(t, dir)
	write("site.toml", "defaultLanguage = \"ar\"\n[languages.ar]\n[markdown]\nunsafe = true\n")
	write("content/ar/assets/dark (1).png", pngOfWidth(t, 20))
	write("content/ar/assets/light.png", pngOfWidth(t, 10))
	write("content/ar/guide/settings.md", "+++\ntitle = \"الإعدادات\"\n+++\nافتح القائمة:\n\n"+
		`<picture><source srcset="../assets/dark (1).png" media="(prefers-color-scheme: dark)"><img src="../assets/light.png" alt="القائمة"></picture>`+"\n")
	base := buildAndServe(t, dir)
	for scheme, want := range map[string]string{"dark": "20", "light": "10"} {
		t.Run(scheme, func(t *testing.T) {
			b := newTab(t, base, desktop)
			if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
				t.Fatal(err)
			}
			b.open("/ar/guide/settings/")
			b.waitFor(waitTime, `(i => i && i.complete)(document.querySelector("main img[alt='القائمة']"))`, "the image did not load")
			if got := b.str(`String(document.querySelector("main img[alt='القائمة']").naturalWidth)`); got != want {
				b.errorf("in %s mode the image shown is %s pixels wide (%s), want %s",
					scheme, got, b.str(`document.querySelector("main img[alt='القائمة']").currentSrc`), want)
			}
		})
	}
}

// TestGitbookColumns opens a page with GitBook's {% columns %} in English
// and in Arabic: on a wide screen the columns sit side by side, the first
// at the start of the line (the right in Arabic); on a phone one is under
// the other, and nothing scrolls sideways.
func TestGitbookColumns(t *testing.T) {
	dir := t.TempDir()
	write := siteWriter(t, dir)
	write("site.toml", "defaultLanguage = \"en\"\n[languages.en]\n[languages.ar]\n")
	const page = "{%% columns %%}\n{%% column width=\"50%%\" %%}\n### %s\n\n%s\n{%% endcolumn %%}\n\n{%% column %%}\n%s\n{%% endcolumn %%}\n{%% endcolumns %%}\n"
	write("content/en/layout.md", "---\ntitle: Layout\n---\n"+fmt.Sprintf(page, "Install", "Download the installer and run it.", "Then sign in."))
	write("content/ar/layout.md", "---\ntitle: التخطيط\n---\n"+fmt.Sprintf(page, "التثبيت", "نزّل المثبّت وشغّله.", "ثم سجّل الدخول."))
	base := buildAndServe(t, dir)
	checkColumns(t, base, "/layout/", ".column")
}

// checkColumns opens page in English and in Arabic on every screen: its
// first two columns (item, under .columns) sit side by side on a wide
// screen, the first at the start of the line (the right in Arabic), one
// under the other on a phone, and nothing scrolls sideways.
func checkColumns(t *testing.T, base, page, item string) {
	t.Helper()
	layout := `(() => { const g = document.querySelector("main .columns"), [a, c] = g.querySelectorAll("` + item + `"), gr = g.getBoundingClientRect(), ar = a.getBoundingClientRect(), cr = c.getBoundingClientRect(), rtl = getComputedStyle(g).direction === "rtl";
	  return JSON.stringify({sameRow: Math.abs(ar.top - cr.top) < 2, startGap: Math.round(rtl ? gr.right - ar.right : ar.left - gr.left), firstBefore: rtl ? ar.left > cr.left : ar.left < cr.left, stacked: cr.top >= ar.bottom}) })()`
	for _, vp := range screens {
		b := newTab(t, base, vp)
		for _, lang := range []string{"en", "ar"} {
			b.open("/" + lang + page)
			want := `{"sameRow":true,"startGap":0,"firstBefore":true,"stacked":false}`
			if vp.mobile {
				want = `{"sameRow":false,"startGap":0,"firstBefore":false,"stacked":true}`
			}
			if got := b.str(layout); got != want {
				b.errorf("%s on a %s: columns %s, want %s", lang, vp.name, got, want)
			}
			b.noOverflow(lang + " columns")
		}
	}
}
