package browsertest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The tests in this file read the help center on a small phone (360 px
// wide, the most common Android width), in Arabic and Greek, with what
// real pages hold: long unbroken links, tables in a home page's intro,
// shell commands, larger text, and a site in 34 languages.

var narrow = viewport{"phone-360", 360, 780, true}

var narrowOnce onceValue[*site]

// longURL is a 110-character link with no break opportunity in it.
const longURL = "https://docs.lumen-and-loom.example/integrations/storefront/configuration/advanced/webhooks-and-notifications-v2"

// narrowSite builds a site in 34 languages whose Arabic and Greek pages hold
// a long link, a long code line, a table in the home page's intro, and
// serves it from a plain file server.
func narrowSite(t *testing.T) *site {
	t.Helper()
	s, err := narrowOnce.get(func() (*site, error) {
		dir := filepath.Join(suite.tmp, "narrow")
		files := map[string]string{}
		var conf strings.Builder
		conf.WriteString("title = \"Lumen & Loom Help\"\nbaseURL = \"/\"\ndefaultLanguage = \"en\"\n")
		for i, code := range strings.Fields("en ar el fa he ur de fr es it pt pt-BR nl pl ru uk tr ja ko zh-Hans zh-Hant hi th vi id cs hu ro ca da nb fi sv oc") {
			fmt.Fprintf(&conf, "[languages.%s]\nweight = %d\n", code, i+1)
		}
		files["site.toml"] = conf.String()
		text := map[string]struct{ home, section, article, body string }{
			"en": {"Help", "Setup", "Install the tool", "Run the command in a terminal"},
			"ar": {"المساعدة", "الإعداد", "تثبيت الأداة", "نفّذ الأمر في الطرفية"},
			"el": {"Βοήθεια", "Ρύθμιση", "Εγκατάσταση του εργαλείου", "Εκτελέστε την εντολή σε ένα τερματικό"},
		}
		for lang, w := range text {
			files["content/"+lang+"/_index.md"] = "+++\ntitle = \"" + w.home + "\"\n+++\n" + w.body +
				": LUMEN-ORDER-REFERENCE-00000000000000000000000000000000000000000000000000000000000000.\n\n" +
				"| " + w.section + " | DHL Express International | 5–7 | 12.50 € | " + w.body + " |\n|---|---|---|---|---|\n" +
				"| " + w.section + " | UPS Worldwide Saver Express | 3–5 | 19.90 € | " + w.body + " |\n"
			files["content/"+lang+"/setup/_index.md"] = "+++\ntitle = \"" + w.section + "\"\n+++\n"
			files["content/"+lang+"/setup/install.md"] = "+++\ntitle = \"" + w.article + "\"\n+++\n" +
				w.body + " `npm ci;` " + w.body + ":\n\n" +
				"```sh\n$ npm install -g lumen-cli;\n$ lumen-cli configure --endpoint " + longURL + " --verbose;\n```\n\n" +
				w.body + ": [" + longURL + "](" + longURL + ")\n\n" +
				"| " + w.section + " | " + w.body + " |\n|---|---|\n| 1 | 2 |\n"
		}
		for name, data := range files {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return nil, err
			}
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				return nil, err
			}
		}
		if err := runKB("build", "-s", dir, "-o", filepath.Join(dir, "public"), "--index", "-"); err != nil {
			return nil, err
		}
		return serveDir(filepath.Join(dir, "public")), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// eachNarrow runs f in parallel in Arabic and Greek on the 360 px phone.
func eachNarrow(t *testing.T, f func(t *testing.T, b *tab, lang string)) {
	s := narrowSite(t)
	for _, lang := range []string{"ar", "el"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			f(t, newTab(t, s.url, narrow), lang)
		})
	}
}

// fitsWidth fails when the page is wider than the screen or opens
// scrolled sideways (an Arabic page wider than the screen opens at its
// right edge, the start of every line off-screen).
func (b *tab) fitsWidth(what string) {
	b.t.Helper()
	var got struct{ Scroll, Client, X float64 }
	b.evalInto(`({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, x: scrollX})`, &got)
	if got.Scroll > got.Client+1 || got.X != 0 {
		b.errorf("%s: the page is %.0f px wide on a %.0f px screen (scrolled to x %.0f)", what, got.Scroll, got.Client, got.X)
	}
}

// TestLongWordsWrap: a long link in an article and a long reference in the
// home page's intro wrap, so the page stays as wide as the phone.
func TestLongWordsWrap(t *testing.T) {
	eachNarrow(t, func(t *testing.T, b *tab, lang string) {
		b.open("/" + lang + "/setup/install/")
		b.fitsWidth("an article with a 110-character link")
		link := b.box(`.prose a[href^="https://docs."]`)
		if link.Left < 0 || link.Right > float64(narrow.width)+0.5 {
			b.errorf("the long link %v does not fit the %d px screen", link, narrow.width)
		}
		b.open("/" + lang + "/")
		b.fitsWidth("a home page whose intro holds a long reference")
	})
}

// TestIntroTable: a table in a home page's intro scrolls in its own box and
// has cell borders, as an article's table does, and the page keeps its width.
func TestIntroTable(t *testing.T) {
	eachNarrow(t, func(t *testing.T, b *tab, lang string) {
		b.open("/" + lang + "/")
		var got struct {
			Border                 string
			Overflow               string
			ScrollWidth, BoxWidth  float64
			BoxLeft, BoxRight, Max float64
		}
		b.evalInto(`(() => {
			const t = document.querySelector(".intro table"), td = t.querySelector("td");
			let box = t; // the box that scrolls: the table or a wrapper
			while (box !== document.body && !/auto|scroll/.test(getComputedStyle(box).overflowX)) box = box.parentElement;
			const r = box.getBoundingClientRect();
			return {border: getComputedStyle(td).borderTopStyle, overflow: getComputedStyle(box).overflowX,
				scrollWidth: box.scrollWidth, boxWidth: box.clientWidth, boxLeft: r.left, boxRight: r.right,
				max: document.documentElement.clientWidth};
		})()`, &got)
		if got.Border == "none" {
			b.errorf("the intro's table cells have no border")
		}
		if got.Overflow != "auto" && got.Overflow != "scroll" {
			b.errorf("the intro's table does not scroll in its own box (overflow-x %q up to body)", got.Overflow)
		}
		if got.BoxLeft < -0.5 || got.BoxRight > got.Max+0.5 {
			b.errorf("the intro table's box [%.0f, %.0f] is wider than the screen %.0f", got.BoxLeft, got.BoxRight, got.Max)
		}
		b.fitsWidth("a home page with a table in its intro")
	})
}

// TestCodeReadsLeftToRight: on an Arabic page a shell command reads as it
// is typed ("$ npm install -g lumen-cli;", the $ at the left, the ; at the
// right), a long line opens at its start, and an inline command too.
func TestCodeReadsLeftToRight(t *testing.T) {
	eachNarrow(t, func(t *testing.T, b *tab, lang string) {
		b.open("/" + lang + "/setup/install/")
		var got struct {
			PreDir, CodeDir, Bidi, Align string
			Dollar, Semi, IDollar, ISemi rect
			ScrollLeft                   float64
			PreBox                       rect
		}
		b.evalInto(`(() => {
			const pre = document.querySelector(".prose pre"), code = document.querySelector(".prose p code");
			const at = (el, s, i) => {
				const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
				for (let n; (n = w.nextNode());) {
					const k = n.data.indexOf(s);
					if (k < 0) continue;
					const r = document.createRange();
					r.setStart(n, k + i); r.setEnd(n, k + i + 1);
					return r.getBoundingClientRect();
				}
				return null;
			};
			const line = "$ npm install -g lumen-cli;";
			return {preDir: getComputedStyle(pre).direction, codeDir: getComputedStyle(code).direction,
				bidi: getComputedStyle(code).unicodeBidi, align: getComputedStyle(pre).textAlign,
				dollar: at(pre, line, 0), semi: at(pre, line, line.length - 1),
				iDollar: at(code, "npm ci;", 0), iSemi: at(code, "npm ci;", 6),
				scrollLeft: pre.scrollLeft, preBox: pre.getBoundingClientRect()};
		})()`, &got)
		if got.PreDir != "ltr" || got.CodeDir != "ltr" {
			b.errorf("code block direction %q, inline code direction %q; want ltr", got.PreDir, got.CodeDir)
		}
		if got.Bidi != "isolate" {
			b.errorf("inline code has unicode-bidi %q, want isolate", got.Bidi)
		}
		if got.Dollar.Left >= got.Semi.Left {
			b.errorf("the command shows reversed: $ at %v, ; at %v", got.Dollar, got.Semi)
		}
		if got.IDollar.Left >= got.ISemi.Left {
			b.errorf("the inline command shows reversed: n at %v, ; at %v", got.IDollar, got.ISemi)
		}
		if got.ScrollLeft != 0 || got.Dollar.Left < got.PreBox.Left {
			b.errorf("the long code block opens scrolled (scrollLeft %.0f, $ at %v in %v)", got.ScrollLeft, got.Dollar, got.PreBox)
		}
	})
}

// TestLargerText: with the browser's text at 150% on a 360 px phone and
// 200% on a 320 px one, the header wraps rather than overflows: the
// language button and the search box stay whole, the skip link stays out
// of sight until focused, and the controls stay at least 44 px tall.
func TestLargerText(t *testing.T) {
	s := narrowSite(t)
	for _, c := range []struct {
		vp   viewport
		size string
	}{{narrow, "150%"}, {viewport{"phone-320", 320, 700, true}, "200%"}} {
		for _, lang := range []string{"ar", "el"} {
			t.Run(c.vp.name+"/"+lang, func(t *testing.T) {
				t.Parallel()
				b := newTab(t, s.url, c.vp)
				b.open("/" + lang + "/setup/install/")
				b.evalInto(`document.documentElement.style.fontSize = `+jsString(c.size)+`, true`, new(bool))
				b.fitsWidth("text at " + c.size)
				w := float64(c.vp.width)
				for _, sel := range []string{".langs summary", "#kb-q", ".search button"} {
					r := b.box(sel)
					if r.Left < -0.5 || r.Right > w+0.5 {
						b.errorf("text at %s: %s %v is cut off by the %.0f px screen", c.size, sel, r, w)
					}
					if r.Height < 44 {
						b.errorf("text at %s: %s is %.0f px tall, want 44 or more to tap", c.size, sel, r.Height)
					}
				}
				if q := b.box("#kb-q"); q.Width < w/2 {
					b.errorf("text at %s: the search box is %.0f px wide on a %.0f px screen", c.size, q.Width, w)
				}
				if skip := b.box(".skip"); skip.Bottom > 0.5 {
					b.errorf("text at %s: the skip link shows before it has the focus: %v", c.size, skip)
				}
			})
		}
	}
}
