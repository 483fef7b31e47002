package browsertest

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

var update = flag.Bool("update", false, "TestScreens: write the screenshots into browser_test/screens/")

// TestScreens writes full-page screenshots of a home page, a grouped FAQ
// page and an article with related articles, in English and Arabic, on a
// phone and a desktop, for a person to look at:
//
//	go test ./browser_test -run Screens -update
//
// (Failing browser tests write their own screenshots and name them.)
func TestScreens(t *testing.T) {
	if !*update {
		t.Skip("writes screenshots only with -update")
	}
	s := staticSite(t)
	dir := filepath.Join(suite.root, "browser_test", "screens")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{"home": "/%s/", "faq": "/%s/faq/general/", "article": "/%s/returns/start-a-return/"}
	for _, vp := range screens {
		for _, lang := range []string{"en", "ar"} {
			t.Run(vp.name+"/"+lang, func(t *testing.T) {
				b := newTab(t, s.url, vp)
				for name, path := range pages {
					b.open(strings.ReplaceAll(path, "%s", lang))
					b.waitFor(waitTime, `document.readyState === "complete"`, "the page did not load")
					if name == "faq" {
						b.evalInto(`document.querySelectorAll(".faq details")[0].open = true, true`, new(bool))
					}
					png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
					if err != nil {
						b.fatalf("screenshot: %v", err)
					}
					file := filepath.Join(dir, lang+"-"+name+"-"+vp.name+".png")
					if err := os.WriteFile(file, png, 0o644); err != nil {
						t.Fatal(err)
					}
					t.Logf("wrote %s", file)
				}
			})
		}
	}
}
