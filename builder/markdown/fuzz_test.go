package markdown

import (
	"bytes"
	"fmt"
	"html/template"
	"maps"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/tools/txtar"

	"kb/builder/theme"
	"kb/themes"
)

// FuzzRender checks that Render never panics and that every position it
// reports lies inside the document.
func FuzzRender(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			continue
		}
		for _, fl := range ar.Files {
			if fl.Name == "input.md" {
				f.Add(fl.Data, true, false)
			}
		}
	}
	f.Add([]byte(benchArticle), false, true)
	f.Add([]byte("<a href=\"/docs/a\">x</a>\n\n<div id='g'><img src='/b.png'></div>\n[x](/a/#b)"), false, true)
	f.Add([]byte("{{< a\n\n>}} {{ b(\"\n)\") }} {% c() %}x{% end %} `{{< d >}}`"), false, false)

	f.Add([]byte("{{< details summary=\"x\" >}}\n## h\n[a](a.md) {{< ref \"a\" >}}\n{{< /details >}}\n{{% box 1 %}}{{% box %}}x{{% /box %}}{{% /box %}}"), false, false)

	th, _ := theme.Load(theme.Layer{FS: themes.Default(), Prefix: "themes/default"})
	shortcodes := maps.Clone(th.Shortcodes())
	shortcodes["box"] = template.Must(template.New("box").Parse(`<div title="{{ .Get 0 }}">{{ .Inner }}{{ .Inner }}</div>`))
	actions := map[string]string{"toc": ShortcodeDrop, "def": ShortcodeInner}
	unsafe := New(Options{Unsafe: true, Emoji: true, Shortcodes: shortcodes, ShortcodeActions: actions})
	safe := New(Options{Shortcodes: shortcodes})
	f.Fuzz(func(t *testing.T, src []byte, faq, unsafeMode bool) {
		r := safe
		if unsafeMode {
			r = unsafe
		}
		checkRender(t, r, src, "f.md", faq)
	})
}

// checkRender renders src as file and fails on a panic, on a position
// outside the source's lines and on a javascript: link.
func checkRender(t *testing.T, r *Renderer, src []byte, file string, faq bool) {
	t.Helper()
	const first = 10
	doc := Document{Source: src, File: file, Line: first, FAQ: faq,
		ResolveLink: func(dest string) (string, bool) {
			return "/x/", strings.Contains(dest, "a")
		},
		ResolvePath: func(dest string) (string, bool) {
			return "/help" + dest, strings.Contains(dest, "a")
		}}
	res := r.Render(doc)
	last := first + max(bytes.Count(src, []byte("\n")), 0)
	in := func(line int) bool { return line >= first && line <= last }
	for _, l := range res.Links {
		if !in(l.Line) || l.Col < 1 {
			t.Errorf("link %+v outside lines %d-%d", l, first, last)
		}
	}
	for _, d := range res.Diagnostics {
		if strings.Contains(d.Msg, internalError) {
			t.Fatalf("panic: %v", d)
		}
		if !in(d.Line) || d.Col < 1 {
			t.Errorf("diagnostic %v outside lines %d-%d", d, first, last)
		}
	}
	for _, h := range res.Headings {
		if !in(h.Line) {
			t.Errorf("heading %+v outside lines %d-%d", h, first, last)
		}
	}
	if bytes.Contains(bytes.ToLower(res.HTML), []byte("href=\"javascript:")) {
		t.Errorf("javascript: link in HTML: %s", res.HTML)
	}
}

// BenchmarkRender renders a ~2 KB help article with headings, links, a
// table, a list and a code block.
func BenchmarkRender(b *testing.B) {
	r := New(Options{})
	src := []byte(benchArticle)
	doc := Document{Source: src, File: "content/en/faq/returns.md", Line: 6,
		ResolveLink: func(dest string) (string, bool) { return "/en/policies/returns/", true }}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		r.Render(doc)
	}
}

// BenchmarkRenderFAQ is the same article split into questions.
func BenchmarkRenderFAQ(b *testing.B) {
	r := New(Options{})
	doc := Document{Source: []byte(benchArticle), FAQ: true}
	b.ReportAllocs()
	for b.Loop() {
		r.Render(doc)
	}
}

const benchArticle = `Returns are free within 30 days of delivery for most items. This page explains
how to start a return, what condition items must be in, and when you get your money back.
See also our [returns policy](../policies/returns.md#refunds) and the [shipping FAQ](/faq/shipping.md).

## How do I start a return?

1. Sign in and open **Orders**.
2. Choose the order and select *Return items*.
3. Print the label, or show the QR code at a drop-off point.

You can also [contact support](@/support/contact.md) if you no longer have access to your account.

## Which items can't be returned?

Some items cannot be returned for hygiene or safety reasons:

- earrings and other pierced jewellery
- opened software, music and films (unless faulty)
- personalised items & gift cards

| Item type      | Return window | Refund method   |
|----------------|---------------|-----------------|
| Clothing       | 30 days       | Original method |
| Electronics    | 14 days       | Original method |
| Gift cards     | not returnable| —               |

## When will I get my refund?

We refund within **5 business days** of receiving your return. Card refunds can take another
3-5 days to appear on your statement. Track progress at <https://example.com/returns>.

### Refunds to gift cards

If you paid with a gift card, the amount goes back to the same card. The code looks like
` + "`GC-1234-5678`" + `.

## Can I exchange an item instead?

Yes. Start a return and choose **Exchange** as the reason. We ship the new item as soon as
the original is scanned at the drop-off point, so you won't wait for the return to arrive.

` + "```" + `
Order: 123-4567890
Reason: exchange (size)
` + "```" + `

![A return label](/img/label.png "Return label")
`

// BenchmarkRenderGlossary renders a glossary of 75 paired shortcodes with a
// template, as Let's Encrypt's are.
func BenchmarkRenderGlossary(b *testing.B) {
	def := template.Must(template.New("def").Parse(`<dl><dt id="def-{{ .Get "id" }}">{{ .Get "name" }}</dt><dd>{{ .Inner }}</dd></dl>`))
	r := New(Options{Shortcodes: map[string]*template.Template{"def": def}})
	var src bytes.Buffer
	for i := range 75 {
		fmt.Fprintf(&src, "{{%% def id=\"T%d\" name=\"Term %d\" %%}} A certificate [extension](#def-extension) used to tell [user agents](#def-ua) how to reach the issuer. {{%% /def %%}}\n\n", i, i)
	}
	doc := Document{Source: src.Bytes(), File: "content/en/docs/glossary.md"}
	b.SetBytes(int64(src.Len()))
	b.ReportAllocs()
	for b.Loop() {
		r.Render(doc)
	}
}

// BenchmarkRenderUnsafe is BenchmarkRender with raw HTML allowed: the same
// article through the allowlist.
func BenchmarkRenderUnsafe(b *testing.B) {
	r := New(Options{Unsafe: true})
	src := []byte(benchArticle + "\n<div class=\"note\"><kbd>Ctrl</kbd> <img src=\"/a.png\" alt=\"a\" onerror=\"x()\"></div>\n")
	doc := Document{Source: src, File: "content/en/faq/returns.md", Line: 6,
		ResolveLink: func(dest string) (string, bool) { return "/en/policies/returns/", true }}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		r.Render(doc)
	}
}

// FuzzAutolinkGate holds mayAutolink to its promise: a document it says no
// to renders the same whether goldmark's Linkify parser runs or is skipped
// (autolinkParser), so skipping it changes no page.
func FuzzAutolinkGate(f *testing.F) {
	for _, s := range []string{
		"see www.example.com or http://x.org/a_(b) and https://y.io:8080/?q=1.",
		"mail help@shop.example, or ftp://files.example/x; *www.a.b*",
		"(help@x.y) ~https://a.b~ _ftp://c.d_ <irc://chat> plain words: wwwexample.com",
		benchArticle,
	} {
		f.Add([]byte(s))
	}
	ext := []goldmark.Extender{extension.Strikethrough, extension.TaskList, extension.Table}
	linkify := goldmark.New(goldmark.WithExtensions(append(ext, extension.Linkify)...))
	gated := goldmark.New(goldmark.WithExtensions(ext...), goldmark.WithParserOptions(
		parser.WithInlineParsers(util.Prioritized(autolinkParser{extension.NewLinkifyParser()}, 999))))
	render := func(md goldmark.Markdown, src []byte, opts ...parser.ParseOption) string {
		var b bytes.Buffer
		if err := md.Renderer().Render(&b, src, md.Parser().Parse(text.NewReader(src), opts...)); err != nil {
			return fmt.Sprint(err)
		}
		return b.String()
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if mayAutolink(src) {
			return
		}
		skipped := parser.NewContext()
		skipped.Set(stateKey, &state{autolinks: false})
		if got, want := render(gated, src, parser.WithContext(skipped)), render(linkify, src); got != want {
			t.Errorf("without Linkify:\n%s\nwith:\n%s", got, want)
		}
	})
}
