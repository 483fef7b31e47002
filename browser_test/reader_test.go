package browsertest

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The tests in this file follow a customer through what a help center
// offers around an article: FAQ groups, related articles, "Was this
// helpful?", popular articles and the site's header, in English, Arabic and
// Greek, on a phone and a desktop.

var langs = []string{"en", "ar", "el"}

// eachScreen runs f in parallel on every viewport and language.
func eachScreen(t *testing.T, f func(t *testing.T, vp viewport, lang string)) {
	for _, vp := range screens {
		for _, lang := range langs {
			t.Run(vp.name+"/"+lang, func(t *testing.T) {
				t.Parallel()
				f(t, vp, lang)
			})
		}
	}
}

// shown reports whether the element matching sel is on the page and
// rendered (not hidden by an attribute or a style).
func (b *tab) shown(sel string) bool {
	b.t.Helper()
	return b.boolean(`(el => el && el.getClientRects().length > 0)(document.querySelector(` + jsString(sel) + `))`)
}

// click clicks the first element matching a CSS selector, as a pointer does.
func (b *tab) click(sel string) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)); err != nil {
		b.fatalf("clicking %s: %v", sel, err)
	}
}

// box returns an element's bounding box.
func (b *tab) box(sel string) rect {
	b.t.Helper()
	var r rect
	b.evalInto(`(() => { const r = document.querySelector(`+jsString(sel)+`).getBoundingClientRect(); return {Left: r.left, Right: r.right, Top: r.top, Bottom: r.bottom, Width: r.width, Height: r.height} })()`, &r)
	return r
}

func (b *tab) strings(expr string) []string {
	b.t.Helper()
	var out []string
	b.evalInto(expr, &out)
	return out
}

// noOverflow fails when the page scrolls sideways (a phone layout broken by
// a long line).
func (b *tab) noOverflow(what string) {
	b.t.Helper()
	if b.boolean(`document.documentElement.scrollWidth > innerWidth + 1`) {
		b.errorf("%s: the page is wider than the %s screen", what, b.vp.name)
	}
}

// TestFAQGroups: a grouped FAQ page has a heading per group, listed in the
// table of contents; "show all answers" opens every question and then
// closes them all, sits at the end of the line in either direction, and is
// absent without JavaScript, where each question still opens on its own.
func TestFAQGroups(t *testing.T) {
	s := staticSite(t)
	eachScreen(t, func(t *testing.T, vp viewport, lang string) {
		b := newTab(t, s.url, vp)
		b.open("/" + lang + "/faq/general/")
		groups := b.strings(`[...document.querySelectorAll(".faq-group > h2")].map(h => h.id)`)
		if len(groups) != 2 {
			b.fatalf("want 2 FAQ groups, found %q", groups)
		}
		toc := b.strings(`[...document.querySelectorAll(".toc a")].map(a => decodeURIComponent(a.hash.slice(1)))`)
		if strings.Join(toc, " ") != strings.Join(groups, " ") {
			b.errorf("the table of contents lists %q, want the groups %q", toc, groups)
		}
		if n := b.str(`document.querySelectorAll(".faq-group details").length`); n != "6" {
			b.errorf("the groups hold %s questions, want 6", n)
		}
		if b.boolean(`[...document.querySelectorAll(".faq-group details")].some(d => d.querySelector(".prose h1, .prose h2"))`) {
			b.errorf("a group heading ended up inside an answer")
		}

		const btn = `document.querySelector("[data-kb-expand]")`
		b.waitFor(waitTime, btn+` && !`+btn+`.hidden`, "no visible \"show all answers\" button")
		showAll := b.str(btn + `.textContent`)
		b.click("[data-kb-expand]")
		b.waitFor(waitTime, `[...document.querySelectorAll(".faq details")].every(d => d.open)`, "\"show all answers\" left questions closed")
		if got := b.str(btn + `.textContent`); got == showAll || b.str(btn+`.getAttribute("aria-expanded")`) != "true" {
			b.errorf("after opening every answer the button still says %q (aria-expanded %s)", got, b.str(btn+`.getAttribute("aria-expanded")`))
		}
		b.click("[data-kb-expand]")
		b.waitFor(waitTime, `[...document.querySelectorAll(".faq details")].every(d => !d.open)`, "the button did not close the answers again")
		if got := b.str(btn + `.textContent`); got != showAll {
			b.errorf("after closing every answer the button says %q, want %q", got, showAll)
		}

		// The button sits at the end of the line: right in English and
		// Greek, left in Arabic.
		bx, faq := b.box("[data-kb-expand]"), b.box("[data-kb-faq]")
		mid := (faq.Left + faq.Right) / 2
		if rtl := lang == "ar"; (rtl && bx.Left > mid) || (!rtl && bx.Right < mid) {
			b.errorf("the button %s is not at the end of the line of %s (rtl %v)", bx, faq, rtl)
		}
		if bx.Height < 44 {
			b.errorf("the button is %.0f px high, under the 44 px of a touch target", bx.Height)
		}
		b.noOverflow("FAQ page")

		// Without JavaScript the questions are plain details.
		nojs := newTab(t, s.url, vp)
		nojs.disableScripts()
		nojs.open("/" + lang + "/faq/general/")
		if nojs.boolean(`document.querySelector("[data-kb-expand]").offsetParent`) {
			nojs.errorf("without JavaScript the button shows, but it cannot work")
		}
		nojs.click(".faq details summary")
		nojs.waitFor(waitTime, `document.querySelector(".faq details").open`, "without JavaScript a question does not open")
	})
}

// TestPolicyContents: a policy whose headings carry their own numbers ("1.
// Right of withdrawal") lists them in its table of contents without a
// second number in front ("1. 1. …"), each entry leading to its section.
func TestPolicyContents(t *testing.T) {
	s := staticSite(t)
	eachScreen(t, func(t *testing.T, vp viewport, lang string) {
		b := newTab(t, s.url, vp)
		b.open("/" + lang + "/policies/returns-and-refunds/")
		entries := b.strings(`[...document.querySelectorAll(".toc li")].map(li => li.textContent.trim())`)
		if len(entries) < 2 || !strings.HasPrefix(entries[0], "1.") || !strings.HasPrefix(entries[1], "2.") {
			b.fatalf("the table of contents lists %q, want the policy's numbered sections", entries)
		}
		if marked := b.strings(`[...document.querySelectorAll(".toc li")].filter(li => getComputedStyle(li).listStyleType != "none").map(li => li.textContent.trim())`); len(marked) > 0 {
			b.errorf("entries %q show a list number before their own", marked)
		}
		b.click(".toc li:nth-child(2) a")
		b.waitFor(waitTime, `location.hash && document.querySelector(decodeURIComponent(location.hash).replace(/^#(.*)$/, (_, id) => "[id='" + id + "']")).getBoundingClientRect().top < innerHeight / 2`, "the second entry does not lead to its section")
	})
}

// TestRelatedArticles: under an article and a FAQ page, up to five related
// articles in the reader's language (never the page itself), and previous
// and next in the section, mirrored in Arabic.
func TestRelatedArticles(t *testing.T) {
	s := staticSite(t)
	eachScreen(t, func(t *testing.T, vp viewport, lang string) {
		b := newTab(t, s.url, vp)
		for _, path := range []string{"/" + lang + "/returns/start-a-return/", "/" + lang + "/faq/general/"} {
			b.open(path)
			related := b.strings(`[...document.querySelectorAll(".related a")].map(a => decodeURIComponent(a.pathname))`)
			if len(related) == 0 || len(related) > 5 {
				b.fatalf("%s lists %d related articles, want 1 to 5: %q", path, len(related), related)
			}
			seen := map[string]bool{}
			for _, r := range related {
				if !strings.HasPrefix(r, "/"+lang+"/") || r == path || seen[r] {
					b.errorf("%s: related article %q is in another language, the page itself or twice (%q)", path, r, related)
				}
				seen[r] = true
			}
			if h := b.str(`document.getElementById("related-title").textContent`); h == "" || (lang != "en" && h == "Related articles") {
				b.errorf("%s: the related articles heading %q is not localized", path, h)
			}
		}
		b.open("/" + lang + "/returns/start-a-return/")
		if !b.boolean(`[...document.querySelectorAll(".related a")].some(a => a.pathname.includes("/policies/returns-and-refunds/"))`) {
			b.errorf("Start a return is not related to the returns policy: %q", b.strings(`[...document.querySelectorAll(".related a")].map(a => a.pathname)`))
		}

		// account/reset-password is second of three by weight.
		b.open("/" + lang + "/account/reset-password/")
		prev, next := `document.querySelector(".pager a[rel=prev]")`, `document.querySelector(".pager a[rel=next]")`
		if !b.boolean(prev+` && `+prev+`.pathname.endsWith("/account/create-and-manage-account/")`) ||
			!b.boolean(next+` && `+next+`.pathname.endsWith("/account/delete-your-account/")`) {
			b.fatalf("previous and next of reset-password: %s, %s", b.str(prev+`?.pathname`), b.str(next+`?.pathname`))
		}
		if vp == desktop {
			p, n := b.box(".pager a[rel=prev]"), b.box(".pager a[rel=next]")
			if rtl := lang == "ar"; (rtl && n.Left > p.Left) || (!rtl && n.Left < p.Left) {
				b.errorf("next %s and previous %s are not in reading order (rtl %v)", n, p, rtl)
			}
		}
		b.noOverflow("article page")
	})
}

// TestFeedbackOnStaticHost: on a plain file server (no feedback endpoint)
// "Was this helpful?" still shows, but pretends to send nothing: a "yes" is
// answered without a thanks for feedback that went nowhere, and a "no"
// leads to the support contacts. The keyboard focus stays in the widget
// when the buttons it was on go away.
func TestFeedbackOnStaticHost(t *testing.T) {
	s := staticSite(t)
	thanks := map[string]string{"en": "Thank you for your feedback.", "ar": "شكرًا لك على ملاحظاتك.", "el": "Ευχαριστούμε για τα σχόλιά σας."}
	glad := map[string]string{"en": "Glad it helped.", "ar": "يسعدنا أنها ساعدتك.", "el": "Χαιρόμαστε που βοήθησε."}
	const focusKept = `document.activeElement && document.querySelector("[data-kb-feedback]").contains(document.activeElement)`
	eachScreen(t, func(t *testing.T, vp viewport, lang string) {
		b := newTab(t, s.url, vp)
		b.open("/" + lang + "/payments/payment-methods/")
		b.waitFor(waitTime, `!document.querySelector("[data-kb-feedback]").hidden`, "no \"Was this helpful?\" on a static host")
		if b.shown(".feedback .why") || b.shown(".feedback .contact") || b.shown(".feedback .thanks") {
			b.errorf("before any vote the reasons, contacts or thanks show")
		}
		b.click(`[data-kb-feedback] button[value=yes]`)
		b.waitFor(waitTime, `!document.querySelector(".feedback .thanks").hidden`, "a yes is not answered")
		if got := b.str(`document.querySelector(".feedback .thanks").textContent`); got != glad[lang] {
			b.errorf("after a yes with nowhere to send it the page says %q, want %q (%q would claim it was received)", got, glad[lang], thanks[lang])
		}
		if !b.boolean(focusKept) {
			b.errorf("after a yes the keyboard focus left the widget for %s", b.str(`document.activeElement.tagName`))
		}

		b.open("/" + lang + "/payments/payment-methods/")
		b.waitFor(waitTime, `!document.querySelector("[data-kb-feedback]").hidden`, "no \"Was this helpful?\" on a static host")
		b.click(`[data-kb-feedback] button[value=no]`)
		b.waitFor(waitTime, `!document.querySelector(".feedback .contact").hidden`, "after a no, no contact path")
		if !b.shown(".feedback .contact") {
			b.errorf("the contact path is not rendered")
		}
		if b.shown(".feedback .thanks") {
			b.errorf("after a no with nowhere to send it the page says %q", b.str(`document.querySelector(".feedback .thanks").textContent`))
		}
		if b.shown(".feedback .why") {
			b.errorf("with nowhere to send them, the reasons are asked anyway")
		}
		if !b.boolean(focusKept) {
			b.errorf("after a no the keyboard focus left the widget for %s", b.str(`document.activeElement.tagName`))
		}
		b.click(".feedback .contact a")
		b.waitFor(waitTime, `location.hash === "#support" && (r => r.top >= 0 && r.top < innerHeight)(document.getElementById("support").getBoundingClientRect())`,
			"the contact link does not bring the support block into view")
		if vp == desktop {
			if vs := runAxe(b, axeSource(t)); len(vs) > 0 {
				b.errorf("axe-core after a no: %+v", vs)
			}
		}
	})
}

// TestFeedbackRecordedByServe: kb serve (which has no [feedback] endpoint
// in site.toml) shows the widget and records the vote for kb report.
func TestFeedbackRecordedByServe(t *testing.T) {
	dir := t.TempDir()
	if err := copySite(suite.root, dir); err != nil {
		t.Fatal(err)
	}
	b := newTab(t, "", desktop)
	data := filepath.Join(dir, "data")
	srv, err := startKB("serve", "-s", dir, "-o", filepath.Join(dir, "public"), "--addr", "127.0.0.1:0", "--data", data)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.stop)
	b.base = srv.url
	b.open("/ar/payments/payment-methods/")
	b.waitFor(waitTime, `!document.querySelector("[data-kb-feedback]").hidden`, "kb serve shows no \"Was this helpful?\"")
	b.click(`[data-kb-feedback] button[value=no]`)
	b.waitFor(waitTime, `!document.querySelector(".feedback .why").hidden`, "kb serve records votes, yet a no asks no reason")
	b.click(`.feedback input[value=missing]`)
	b.click(`.feedback button[type=submit]`)
	b.waitFor(waitTime, `!document.querySelector(".feedback .contact").hidden`, "after the reasons, no contact path")

	type report struct {
		Languages []struct {
			Lang     string
			No       int
			Articles []struct {
				Page    string
				Reasons []struct{ Reason string }
			}
		}
	}
	var r report
	if !pollFor(waitTime, func() bool {
		bin, _ := kbBinary()
		out, err := execOutput(bin, "report", "--data", data, "--json")
		if err != nil || json.Unmarshal(out, &r) != nil {
			return false
		}
		for _, l := range r.Languages {
			if l.Lang == "ar" && l.No == 1 && len(l.Articles) == 1 && strings.HasSuffix(l.Articles[0].Page, "/ar/payments/payment-methods/") {
				return len(l.Articles[0].Reasons) == 1 && l.Articles[0].Reasons[0].Reason == "missing"
			}
		}
		return false
	}) {
		t.Fatalf("kb report does not show the Arabic vote: %+v\nkb serve:\n%s", r, srv.output())
	}
}

// TestPopularAndSiteChrome: the home page puts the featured articles
// first; the header shows the logo, the menu in the reader's language and
// the announcement, which a reader can dismiss for good and which is off
// the pages built after its end day.
func TestPopularAndSiteChrome(t *testing.T) {
	s := staticSite(t)
	expired := chromeSite(t, "expired", "start = 2000-01-01\nend = 2000-01-31")
	eachScreen(t, func(t *testing.T, vp viewport, lang string) {
		b := newTab(t, s.url, vp)
		b.open("/" + lang + "/")
		popular := b.strings(`[...document.querySelectorAll(".popular a")].map(a => decodeURIComponent(a.pathname))`)
		if len(popular) < 3 || !strings.HasSuffix(popular[0], "/returns/start-a-return/") {
			b.errorf("popular articles %q: want the featured ones, Start a return first", popular)
		}
		for _, p := range popular {
			if !strings.HasPrefix(p, "/"+lang+"/") {
				b.errorf("popular article %q is not in %s", p, lang)
			}
		}
		if !b.boolean(`document.querySelector(".brand img").naturalWidth > 0`) {
			b.errorf("the logo does not load")
		}
		menu := b.strings(`[...document.querySelectorAll(".menu a")].map(a => a.textContent)`)
		want := map[string]string{"en": "Shop", "ar": "المتجر", "el": "Κατάστημα"}[lang]
		if len(menu) != 2 || menu[0] != want {
			b.errorf("header menu %q, want %q first", menu, want)
		}
		if href := b.str(`document.querySelectorAll(".menu a")[1].pathname`); href != "/"+lang+"/orders/track-your-order/" {
			b.errorf("the menu's {lang} link goes to %s", href)
		}
		logo, brand := b.box(".brand img"), b.box(".brand")
		if rtl := lang == "ar"; (rtl && logo.Right < brand.Right-1) || (!rtl && logo.Left > brand.Left+1) {
			b.errorf("the logo %s is not at the start of the brand %s (rtl %v)", logo, brand, rtl)
		}
		b.noOverflow("home page")

		// The sample's announcement runs until 2027-01-15 (see site.toml):
		// check it only while it runs, and its end on a copy that ended.
		// A dismissal holds for the origin, so only the phone tabs dismiss.
		const ann = `document.querySelector(".announcement")`
		if vp == phone && b.boolean(`new Date().toISOString().slice(0, 10) <= "2027-01-15"`) {
			b.waitFor(waitTime, ann+` && !`+ann+`.hidden && !document.querySelector("[data-kb-dismiss]").hidden`, "no announcement with a dismiss button")
			b.click("[data-kb-dismiss]")
			b.waitFor(waitTime, ann+`.hidden`, "dismissing does not hide the announcement")
			if b.shown(".announcement") {
				b.errorf("the dismissed announcement is still rendered")
			}
			b.open("/" + lang + "/payments/")
			b.waitFor(waitTime, ann+`.hidden`, "a dismissed announcement shows again on the next page")
		}
		e := newTab(t, expired.url, vp)
		e.open("/" + lang + "/")
		if e.boolean(`!!document.querySelector(".announcements")`) {
			e.errorf("an announcement past its end day is still on the page")
		}
	})
}

// chromeSite builds a copy of the sample site with other [announcement]
// days and serves it from a plain file server.
func chromeSite(t *testing.T, name, days string) *site {
	t.Helper()
	if _, err := os.Stat(filepath.Join(suite.tmp, "chrome-"+name)); err == nil {
		t.Fatalf("chromeSite %q built twice", name)
	}
	dir, err := copySiteWith("chrome-"+name, func(conf string) (string, error) {
		edited := regexp.MustCompile(`(?m)^start = .*\nend = .*$`).ReplaceAllString(conf, days)
		if edited == conf {
			return "", errors.New("no [announcement] start and end lines to replace")
		}
		return edited, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := runKB("build", "-s", dir, "-o", filepath.Join(dir, "public"), "--index", "-"); err != nil {
		t.Fatal(err)
	}
	return serveDir(filepath.Join(dir, "public"))
}

// pollFor reports whether ok became true within d.
func pollFor(d time.Duration, ok func() bool) bool {
	deadline := time.Now().Add(d)
	for {
		if ok() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func execOutput(bin string, args ...string) ([]byte, error) {
	return exec.Command(bin, args...).Output()
}

// serveDir serves a folder from a plain file server until the run ends.
func serveDir(dir string) *site {
	return serveHandler(http.FileServer(http.Dir(dir)))
}

// TestInterfaceLanguages: a site that adds Hebrew and Russian (with no
// content of their own yet) shows the theme's Hebrew and Russian interface
// around the English pages, Hebrew right to left, with no axe-core finding.
func TestInterfaceLanguages(t *testing.T) {
	dir, err := copySiteWith("languages", func(conf string) (string, error) {
		return conf + "\n[languages.he]\nweight = 5\n\n[languages.ru]\nweight = 6\n", nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := runKB("build", "-s", dir, "-o", filepath.Join(dir, "public"), "--index", "-"); err != nil {
		t.Fatal(err)
	}
	s := serveDir(filepath.Join(dir, "public"))
	src := axeSource(t)
	want := map[string]struct{ dir, skip, feedback, faq string }{
		"he": {"rtl", "דלגו לתוכן", "האם המאמר הזה עזר לכם?", "הצגת כל התשובות"},
		"ru": {"ltr", "Перейти к содержимому", "Была ли статья полезной?", "Показать все ответы"},
	}
	for _, vp := range screens {
		for _, lang := range []string{"he", "ru"} {
			t.Run(vp.name+"/"+lang, func(t *testing.T) {
				t.Parallel()
				w := want[lang]
				b := newTab(t, s.url, vp)
				b.open("/" + lang + "/payments/payment-methods/")
				if got := b.str(`document.documentElement.dir`); got != w.dir {
					b.errorf("dir = %q, want %q", got, w.dir)
				}
				if got := b.str(`document.querySelector(".skip").textContent`); got != w.skip {
					b.errorf("skip link %q, want %q", got, w.skip)
				}
				if got := b.str(`document.querySelector(".feedback legend").textContent`); got != w.feedback {
					b.errorf("feedback question %q, want %q", got, w.feedback)
				}
				if !b.boolean(`document.querySelector(".notice-fallback")`) {
					b.errorf("the English page in %s has no fallback notice", lang)
				}
				b.noOverflow("article page")
				if vs := runAxe(b, src); len(vs) > 0 {
					b.errorf("axe-core: %+v", vs)
				}
				b.open("/" + lang + "/faq/general/")
				b.waitFor(waitTime, `document.querySelector("[data-kb-expand]") && !document.querySelector("[data-kb-expand]").hidden`, "no show-all button")
				if got := b.str(`document.querySelector("[data-kb-expand]").textContent`); got != w.faq {
					b.errorf("show-all button %q, want %q", got, w.faq)
				}
			})
		}
	}
}

// TestDatesFromHistory: in a git checkout, an article whose front matter
// has no `updated` shows the date of its last commit, and the sitemap has it.
func TestDatesFromHistory(t *testing.T) {
	if err := exec.Command("git", "-C", suite.root, "rev-parse", "--is-inside-work-tree").Run(); err != nil {
		t.Skip("the repository is not a git checkout")
	}
	out, err := exec.Command("git", "-C", suite.root, "log", "-1", "--format=%ct", "--", "content/ar/returns/start-a-return.md").Output()
	sec, perr := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
	if err != nil || perr != nil {
		t.Skipf("content/ar/returns/start-a-return.md has no commit yet: %v %v", err, perr)
	}
	day := time.Unix(sec, 0).UTC().Format(time.DateOnly) // kb dates commits in UTC
	s := staticSite(t)
	b := newTab(t, s.url, phone)
	b.open("/ar/returns/start-a-return/")
	if got := b.str(`document.querySelector(".dates time")?.getAttribute("datetime")`); got != day {
		b.errorf("the Arabic article shows updated %q, want its last commit's day %s", got, day)
	}
	sitemap := string(get(t, s.url+"/sitemap.xml"))
	if !strings.Contains(sitemap, "/ar/returns/start-a-return/</loc><lastmod>"+day+"</lastmod>") {
		t.Errorf("sitemap.xml has no lastmod %s for the Arabic article", day)
	}
}

// TestFAQOldAnchors: a link made before kb's heading ids followed GitHub's
// (a support macro's /fr/faq/general/#comment-vous-contacter, now
// #comment-vous-contacter- for « Comment vous contacter ? ») still opens
// its question and brings it into view, as the new anchor does.
func TestFAQOldAnchors(t *testing.T) {
	s := staticSite(t)
	b := newTab(t, s.url, phone)
	for _, anchor := range []string{"comment-vous-contacter", "comment-vous-contacter-"} {
		b.open("/fr/faq/general/#" + anchor)
		b.waitFor(waitTime, `document.getElementById("comment-vous-contacter-").open`, "the question at #"+anchor+" did not open")
		if n := b.str(`[...document.querySelectorAll(".faq details")].filter(d => d.open).length`); n != "1" {
			b.errorf("#%s: %s questions open, want 1", anchor, n)
		}
	}
}
