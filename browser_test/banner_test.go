package browsertest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestAnnouncementRegion: on a 360 px phone in Arabic, the site's
// announcement is a region named in Arabic, its close button at the left
// of its text, right to left, with no axe-core finding in a light or dark
// scheme; closed, it stays
// closed on the next page, and a new text shows again at the same
// address. Without JavaScript it simply stays.
func TestAnnouncementRegion(t *testing.T) {
	src := axeSource(t)
	first := announcementSite(t, "first", "التوصيل متأخر بسبب العواصف في الشمال حتى الجمعة: راجع [مواعيد التوصيل](/shipping/delivery-times-and-costs.md).")
	second := announcementSite(t, "second", "خط الهاتف مغلق يوم 25 ديسمبر.")
	var dir atomic.Value
	dir.Store(first)
	s := serveHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.FileServer(http.Dir(dir.Load().(string))).ServeHTTP(w, r)
	}))

	b := newTab(t, s.url, narrow)
	b.open("/ar/")
	const region = `document.querySelector(".announcements")`
	b.waitFor(waitTime, region+` && !`+region+`.hidden && !document.querySelector("[data-kb-dismiss]").hidden`, "no announcement with a close button")
	if names := b.regionNames(); !slices.Contains(names, "إعلان") {
		b.errorf("the accessibility tree's regions are %q, want one named إعلان", names)
	}
	if href := b.str(`decodeURIComponent(document.querySelector(".announcement a").pathname)`); href != "/ar/shipping/delivery-times-and-costs/" {
		b.errorf("the announcement's link goes to %s, want the Arabic page", href)
	}
	text, button := b.box(".announcement p"), b.box("[data-kb-dismiss]")
	if button.Right > text.Left+1 {
		b.errorf("the close button %s is not at the left of the text %s, right to left", button, text)
	}
	b.noOverflow("home page with an announcement")
	for _, scheme := range []string{"light", "dark"} {
		if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
			b.fatalf("emulating a %s scheme: %v", scheme, err)
		}
		if vs := runAxe(b, src); len(vs) > 0 {
			b.errorf("%s scheme: %d serious or critical axe-core violations, the first: %s (%s) at %v", scheme, len(vs), vs[0].ID, vs[0].Help, vs[0].Nodes)
		}
	}

	b.click("[data-kb-dismiss]")
	b.waitFor(waitTime, region+`.hidden`, "closing does not hide the announcement region")
	if !b.boolean(`document.activeElement === document.querySelector(".brand")`) {
		b.errorf("after closing, the focus is on %s, not the site's name", b.str(`document.activeElement.outerHTML.slice(0, 80)`))
	}
	b.open("/ar/payments/")
	b.waitFor(waitTime, region+` && `+region+`.hidden`, "a closed announcement shows again on the next page")

	// A page this tab has not opened: the browser may keep the others.
	dir.Store(second)
	b.open("/ar/orders/track-your-order/")
	b.waitFor(waitTime, region+` && !`+region+`.hidden`, "a new announcement stays hidden because the one before was closed")
	if got := b.str(`document.querySelector(".announcement p").textContent`); !strings.Contains(got, "خط الهاتف") {
		b.errorf("the announcement says %q, want the new text", got)
	}

	plain := newTab(t, s.url, narrow)
	plain.disableScripts()
	plain.open("/ar/")
	if !plain.shown(".announcement") || plain.shown("[data-kb-dismiss]") {
		plain.errorf("without JavaScript the announcement should show, with no close button that does nothing")
	}
}

// announcementSite builds a copy of the sample site whose [announcement]
// is a warning with text in Arabic (and English), shown whatever the day,
// and returns its output folder.
func announcementSite(t *testing.T, name, arabic string) string {
	t.Helper()
	dir, err := copySiteWith("announcement-"+name, func(conf string) (string, error) {
		start, end := strings.Index(conf, "[announcement]"), strings.Index(conf, "[search]")
		if start < 0 || end < start {
			return "", fmt.Errorf("no [announcement] table before [search] to replace")
		}
		table := fmt.Sprintf("[announcement]\nkind = \"warning\"\nstart = 2000-01-01\nend = 2999-12-31\n[announcement.text]\nen = %q\nar = %q\n\n", "Announcement "+name+".", arabic)
		return conf[:start] + table + conf[end:], nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	if err := runKB("build", "-s", dir, "-o", out, "--index", "-"); err != nil {
		t.Fatal(err)
	}
	return out
}

// regionNames are the accessible names of the page's region landmarks, as
// Chromium computes them for screen readers.
func (b *tab) regionNames() []string {
	b.t.Helper()
	tree, err := chromedp.Call(b.ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
	if err != nil {
		b.fatalf("reading the accessibility tree: %v", err)
	}
	var names []string
	for _, n := range tree.Nodes {
		var role, name string
		if n.Ignored || n.Role == nil || n.Name == nil {
			continue
		}
		if json.Unmarshal(n.Role.Value, &role) != nil || role != "region" {
			continue
		}
		if json.Unmarshal(n.Name.Value, &name) == nil {
			names = append(names, name)
		}
	}
	return names
}
