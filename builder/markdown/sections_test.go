package markdown

import (
	"fmt"
	"strings"
	"testing"

	"kb/builder/theme"
)

// levels lists the headings of a result as "h2 #getting-help".
func levels(res Result) string {
	var b strings.Builder
	for _, h := range res.Headings {
		fmt.Fprintf(&b, "h%d #%s\n", h.Level, h.ID)
	}
	return b.String()
}

// A titled page whose sections are level-1 headings, as Hugo sites write
// them, has one h1, the theme's title: its sections are h2 and their
// subsections one level below, with the ids written (links to
// #getting-help still land), and the headings the table of contents and
// search take (levels 2 and 3) are those sections.
func TestTitledPageSectionsMoveDown(t *testing.T) {
	for name, src := range map[string]string{
		"front matter title": "Start here.\n\n# Getting Help\n\nAsk.\n\n## Forums\n\nx\n\n###### Fine print\n\ny\n\n# Before you begin {#begin}\n\nz\n",
		"title heading":      "# Getting started\n\nStart here.\n\n# Getting Help\n\nAsk.\n\n## Forums\n\nx\n\n###### Fine print\n\ny\n\n# Before you begin {#begin}\n\nz\n",
	} {
		t.Run(name, func(t *testing.T) {
			res := New(Options{}).Render(Document{File: "content/en/start.md", Title: "Getting started", Source: []byte(src)})
			html := string(res.HTML)
			if strings.Contains(html, "<h1") {
				t.Errorf("the body has an h1 beside the page's title:\n%s", html)
			}
			for _, want := range []string{`<h2 id="getting-help">Getting Help</h2>`, `<h3 id="forums">Forums</h3>`,
				`<h6 id="fine-print">Fine print</h6>`, `<h2 id="begin">Before you begin</h2>`} {
				if !strings.Contains(html, want) {
					t.Errorf("no %s in\n%s", want, html)
				}
			}
			if got, want := levels(res), "h2 #getting-help\nh3 #forums\nh6 #fine-print\nh2 #begin\n"; got != want {
				t.Errorf("headings:\n%swant\n%s", got, want)
			}
			if res.FirstHeading == "" {
				t.Error("no first heading")
			}
		})
	}
}

// Headings stay as written where there is nothing to move: a titled page
// whose sections are level 2, a document without a title, and an FAQ
// page, whose level-1 headings are groups of questions.
func TestSectionsStayWithoutLevelOne(t *testing.T) {
	r := New(Options{})
	res := r.Render(Document{Title: "Returns", Source: []byte("## Labels\n\nx\n\n### Printing\n\ny\n")})
	if got, want := levels(res), "h2 #labels\nh3 #printing\n"; got != want {
		t.Errorf("level-2 sections: headings\n%swant\n%s", got, want)
	}
	res = r.Render(Document{Source: []byte("# Getting Help\n\nx\n\n# Before you begin\n")})
	if got, want := levels(res), "h1 #getting-help\nh1 #before-you-begin\n"; got != want {
		t.Errorf("untitled: headings\n%swant\n%s", got, want)
	}
	res = r.Render(Document{FAQ: true, Title: "Orders and payments", Source: []byte("# Orders\n\n## Can I cancel?\n\nYes.\n\n# Payments\n\n## Which cards?\n\nVisa.\n")})
	if got, want := levels(res), "h1 #orders\nh2 #can-i-cancel\nh1 #payments\nh2 #which-cards\n"; got != want {
		t.Errorf("FAQ: headings\n%swant\n%s", got, want)
	}
	if len(res.Groups) != 2 || len(res.Questions) != 2 || !strings.Contains(string(res.Questions[0].HTML), "Yes.") {
		t.Errorf("FAQ groups %+v, questions %+v", res.Groups, res.Questions)
	}
}

// A heading hook gets the level the heading has on the page, so the
// usual <h{{ .Level }}> keeps the page's one h1.
func TestHeadingHookGetsLevelOnPage(t *testing.T) {
	r := New(Options{RenderHooks: map[string]theme.RenderHook{
		"heading": hook("heading", `<h{{ .Level }} id="{{ .Anchor }}" class="hooked">{{ .Text }}</h{{ .Level }}>`),
	}})
	res := r.Render(Document{File: "content/en/start.md", Title: "Getting started",
		Source: []byte("# Getting started\n\nStart.\n\n# Getting Help\n\n## Forums\n")})
	html := string(res.HTML)
	if strings.Contains(html, "<h1") || strings.Contains(html, "Getting started") {
		t.Errorf("the body has an h1 or the title:\n%s", html)
	}
	for _, want := range []string{`<h2 id="getting-help" class="hooked">Getting Help</h2>`, `<h3 id="forums" class="hooked">Forums</h3>`} {
		if !strings.Contains(html, want) {
			t.Errorf("no %s in\n%s", want, html)
		}
	}
}
