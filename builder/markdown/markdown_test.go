package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"html/template"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"golang.org/x/tools/txtar"

	"kb/builder/theme"
	"kb/themes"
)

var update = flag.Bool("update", false, "rewrite testdata/*.txtar expectations from the current output")

// TestGolden renders the input.md of each testdata/*.txtar file and compares
// every part of the Result with the archive's other files. The archive's
// comment holds options, one a line:
//
//	faq                       Document.FAQ
//	title Getting started     Document.Title
//	unsafe                    Options.Unsafe
//	file content/x.md         Document.File
//	line 7                    Document.Line
//	resolve ../a.md /en/a/    ResolveLink knows this target (fragment kept)
//	builtins                  the default theme's shortcode templates
//	action NAME inner|drop    Options.ShortcodeActions
//	param KEY VALUE           Document.Param knows KEY
//
// With any "resolve" line, other .md destinations are broken. Files named
// shortcodes/NAME.html are shortcode templates; files named files/PATH
// are what includes read (PATH from the site root: files/content/x.md;
// "@/x" names files/x).
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			opts, doc := parseOptions(t, ar.Comment)
			var templates []txtar.File
			included := map[string][]byte{}
			for _, f := range ar.Files {
				if f.Name == "input.md" {
					doc.Source = f.Data
				}
				if name, ok := strings.CutPrefix(f.Name, "files/"); ok {
					templates = append(templates, f)
					included[name] = f.Data
					doc.Include = func(from, dest string) (string, []byte, error) {
						name := path.Join(path.Dir(from), dest)
						if rest, ok := strings.CutPrefix(dest, "@/"); ok {
							name = rest // from the site root
						}
						if text, ok := included[name]; ok {
							return name, text, nil
						}
						return "", nil, fmt.Errorf("%s does not exist", name)
					}
				}
				if name, ok := strings.CutPrefix(f.Name, "shortcodes/"); ok {
					templates = append(templates, f)
					if opts.Shortcodes == nil {
						opts.Shortcodes = map[string]*template.Template{}
					}
					opts.Shortcodes[strings.TrimSuffix(name, ".html")] = template.Must(template.New(name).Funcs(template.FuncMap{"markdownify": func(any) template.HTML { return "" }}).Parse(string(f.Data)))
				}
			}
			got := dump(New(opts).Render(doc))
			if *update {
				out := &txtar.Archive{Comment: ar.Comment}
				out.Files = append(out.Files, txtar.File{Name: "input.md", Data: doc.Source})
				out.Files = append(out.Files, templates...)
				for _, s := range got {
					out.Files = append(out.Files, txtar.File{Name: s.name, Data: []byte(s.text)})
				}
				if err := os.WriteFile(file, txtar.Format(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want := map[string]string{}
			for _, f := range ar.Files {
				want[f.Name] = string(f.Data)
			}
			for _, s := range got {
				if s.text != want[s.name] {
					t.Errorf("%s: got\n%s\nwant\n%s", s.name, s.text, want[s.name])
				}
			}
		})
	}
}

func parseOptions(t *testing.T, comment []byte) (Options, Document) {
	var opts Options
	doc := Document{File: "content/test.md", Line: 1}
	var targets, paths, assets map[string]string
	var params map[string]any
	for line := range strings.Lines(string(comment)) {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch {
		case f[0] == "faq":
			doc.FAQ = true
		case f[0] == "unsafe":
			opts.Unsafe = true
		case f[0] == "title" && len(f) >= 2:
			doc.Title = strings.Join(f[1:], " ")
		case f[0] == "file" && len(f) == 2:
			doc.File = f[1]
		case f[0] == "line" && len(f) == 2:
			n, err := strconv.Atoi(f[1])
			if err != nil {
				t.Fatalf("bad option %q", line)
			}
			doc.Line = n
		case f[0] == "builtins":
			th, ds := theme.Load(theme.Layer{FS: themes.Default(), Prefix: "themes/default"})
			if len(ds) > 0 {
				t.Fatal(ds)
			}
			if opts.Shortcodes == nil {
				opts.Shortcodes = map[string]*template.Template{}
			}
			maps.Copy(opts.Shortcodes, th.Shortcodes())
		case f[0] == "action" && len(f) == 3:
			if opts.ShortcodeActions == nil {
				opts.ShortcodeActions = map[string]string{}
			}
			opts.ShortcodeActions[f[1]] = f[2]
		case f[0] == "param" && len(f) >= 3:
			if params == nil {
				params = map[string]any{}
			}
			params[f[1]] = strings.Join(f[2:], " ")
		case f[0] == "resolve" && len(f) == 3:
			if targets == nil {
				targets = map[string]string{}
			}
			targets[f[1]] = f[2]
		case f[0] == "asset" && len(f) == 3:
			if assets == nil {
				assets = map[string]string{}
			}
			assets[f[1]] = f[2]
		case f[0] == "path" && len(f) == 3:
			if paths == nil {
				paths = map[string]string{}
			}
			paths[f[1]] = f[2]
		default:
			t.Fatalf("unknown option %q", line)
		}
	}
	if params != nil {
		doc.Param = func(k string) (any, bool) { v, ok := params[k]; return v, ok }
	}
	if targets != nil {
		doc.ResolveLink = func(dest string) (string, bool) {
			path, frag, hasFrag := strings.Cut(dest, "#")
			u, ok := targets[path]
			if !ok {
				return "", false
			}
			if hasFrag {
				u += "#" + frag
			}
			return u, true
		}
	}
	if assets != nil {
		// Known files beside the page resolve; others are broken.
		doc.ResolveAsset = func(dest string) (string, bool) {
			u, ok := assets[dest]
			if !ok {
				return dest, false
			}
			return u, true
		}
	}
	if paths != nil {
		// Known site paths resolve under /help/; others are broken and
		// still get the base path.
		doc.ResolvePath = func(dest string) (string, bool) {
			p, frag, hasFrag := strings.Cut(dest, "#")
			u, ok := paths[p]
			if !ok {
				return "/help" + dest, false
			}
			if hasFrag {
				u += "#" + frag
			}
			return u, true
		}
	}
	return opts, doc
}

type section struct{ name, text string }

// dump prints a Result as the sections of a golden file.
func dump(r Result) []section {
	var hs, qs, ls, ds strings.Builder
	for _, h := range r.Headings {
		fmt.Fprintf(&hs, "%d h%d #%s %q\n", h.Line, h.Level, h.ID, h.Text)
	}
	for _, q := range r.Questions {
		fmt.Fprintf(&qs, "== %d #%s %q\n%s-- text\n%s\n", q.Line, q.ID, q.Text, q.HTML, q.PlainText)
	}
	var gs strings.Builder
	for _, g := range r.Groups {
		fmt.Fprintf(&gs, "== %d #%s %q\n%s", g.Line, g.ID, g.Text, g.HTML)
		for _, q := range g.Questions {
			fmt.Fprintf(&gs, "- #%s\n", q.ID)
		}
	}
	for _, l := range r.Links {
		fmt.Fprintf(&ls, "%d:%d %q -> %q", l.Line, l.Col, l.Dest, l.URL)
		if l.Broken {
			ls.WriteString(" broken")
		}
		if l.Image {
			ls.WriteString(" image")
		}
		ls.WriteByte('\n')
	}
	for _, d := range r.Diagnostics {
		fmt.Fprintln(&ds, d.Error())
	}
	out := []section{
		{"html", string(r.HTML)},
		{"first-heading", r.FirstHeading + "\n"},
		{"headings", hs.String()},
		{"plaintext", r.PlainText + "\n"},
	}
	if r.Questions != nil {
		out = append(out, section{"questions", qs.String()})
	}
	if gs.Len() > 0 {
		out = append(out, section{"groups", gs.String()})
	}
	if ls.Len() > 0 {
		out = append(out, section{"links", ls.String()})
	}
	if len(r.IDs) > 0 {
		out = append(out, section{"ids", strings.Join(r.IDs, "\n") + "\n"})
	}
	if ds.Len() > 0 {
		out = append(out, section{"diagnostics", ds.String()})
	}
	return out
}

// TestConcurrent renders from many goroutines with one Renderer (run with -race).
func TestConcurrent(t *testing.T) {
	r := New(Options{})
	src := []byte(benchArticle)
	want := r.Render(Document{Source: src, FAQ: true})
	done := make(chan Result)
	for range 8 {
		go func() { done <- r.Render(Document{Source: src, FAQ: true}) }()
	}
	for range 8 {
		got := <-done
		if !bytes.Equal(got.HTML, want.HTML) || got.PlainText != want.PlainText || len(got.Questions) != len(want.Questions) {
			t.Fatal("concurrent renders differ")
		}
	}
}

// TestSlug: heading ids are made as GitHub, Hugo (its default "github"
// ids), GitLab, Docusaurus and Starlight make them, so that the anchors of
// links written for those sites, or copied from a GitHub preview, still
// lead to the heading: each space a hyphen, other punctuation dropped.
func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Πώς επιστρέφω ένα προϊόν;":   "πώς-επιστρέφω-ένα-προϊόν",
		"كيف أعيد منتجًا؟":            "كيف-أعيد-منتجًا",
		"  What's new -- in 2.0?  ":   "whats-new----in-20",
		"People & Body":               "people--body",
		"renderer.unsafe":             "rendererunsafe",
		"Step 2: pay":                 "step-2-pay",
		"!!!":                         "section",
		"":                            "section",
		"ΑΠΟΣΤΟΛΗ":                    "αποστολη",
		"می\u200cخواهم":               "میخواهم",
		`"><script>alert(1)</script>`: "scriptalert1script",
		"Ünïcödé_and_underscores":     "ünïcödé_and_underscores",
		"日本語の見出し":                     "日本語の見出し",
		"हिन्दी सहायता":               "हिन्दी-सहायता",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDangerousURL(t *testing.T) {
	for u, want := range map[string]bool{
		"javascript:alert(1)":         true,
		"JaVaScRiPt:alert(1)":         true,
		" java\tscript:alert(1)":      true,
		"\x01javascript:x":            true,
		"vbscript:msgbox":             true,
		"data:text/html;base64,xx":    true,
		"data:image/svg+xml;base64,x": true,
		"data:image/png;base64,xx":    false,
		"DATA:image/webp;base64,xx":   false,
		"file:///etc/passwd":          true,
		"https://example.com/":        false,
		"/faq/returns/":               false,
		"javascript-guide.md":         false,
	} {
		if got := dangerousURL([]byte(u)); got != want {
			t.Errorf("dangerousURL(%q) = %v, want %v", u, got, want)
		}
	}
}

// TestScratchRendersAsWithout: a Scratch reused from one document to the
// next, FAQ or not, longer or shorter than the last, changes nothing in
// what Render returns.
func TestScratchRendersAsWithout(t *testing.T) {
	r := New(Options{})
	docs := []Document{
		{Source: []byte(benchArticle)},
		{Source: []byte("# Short\n\nOne *line*.\n")},
		{Source: []byte(benchArticle), FAQ: true},
		{Source: []byte("Intro.\n\n## Q1?\n\nA1.\n\n## Q2?\n\nA **2**.\n"), FAQ: true},
		{Source: []byte("x")},
	}
	var scratch Scratch
	for round := range 2 {
		for i, d := range docs {
			want := r.Render(d)
			d.Scratch = &scratch
			got := r.Render(d)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round %d, document %d: with a scratch\n%+v\nwant\n%+v", round, i, got, want)
			}
		}
	}
}

// TestPlainWriterWritesAsWordByWord: write's copy of single-spaced text
// gives what writing it a word at a time gives, whatever went before.
func TestPlainWriterWritesAsWordByWord(t *testing.T) {
	inputs := []string{"", "a", "a b", "one two three", " a", "a ", "a  b", "a\tb", "a\nb", "a\rb", "a\x01b", "\n", " ", "é ü", "a b\n"}
	for _, before := range []string{"", "x", "x\n"} {
		for _, newline := range []bool{false, true} {
			for _, space := range []bool{false, true} {
				for _, in := range inputs {
					got := plainWriter{buf: []byte(before), newline: newline, space: space}
					want := got
					want.buf = []byte(before)
					got.write([]byte(in))
					want.writeWords([]byte(in))
					if string(got.buf) != string(want.buf) || got.space != want.space || got.newline != want.newline {
						t.Errorf("%q after %q (newline %v, space %v): got %q %v %v, want %q %v %v",
							in, before, newline, space, got.buf, got.newline, got.space, want.buf, want.newline, want.space)
					}
				}
			}
		}
	}
}

// TestFootnotesBounded: a page with more footnotes than kb parses (whose
// cost in goldmark grows with their square) gets one error at the first
// note, and the first reference, past the bound; those before it render.
func TestFootnotesBounded(t *testing.T) {
	r := New(Options{})
	var src strings.Builder
	for i := range maxFootnotes + 2 {
		fmt.Fprintf(&src, "x[^%d]\n", i)
	}
	for range maxFootnoteRefs {
		src.WriteString("y[^0]\n")
	}
	src.WriteString("\n")
	for i := range maxFootnotes + 2 {
		fmt.Fprintf(&src, "[^%d]: note %d\n", i, i)
	}
	res := r.Render(Document{Source: []byte(src.String()), File: "f.md"})
	html := string(res.HTML)
	if !strings.Contains(html, `<li id="fn:1000">`) || strings.Contains(html, `<li id="fn:1001">`) {
		t.Errorf("want notes 1 to %d and no more", maxFootnotes)
	}
	notesLine := maxFootnotes + 2 + maxFootnoteRefs + 1 + maxFootnotes + 1
	refsLine := maxFootnoteRefs + 1
	got := diagnosticTexts(res)
	want := []string{
		fmt.Sprintf("f.md:%d:1: more than %d footnote notes on one page; the rest are not footnotes: split the page", notesLine, maxFootnotes),
		fmt.Sprintf("f.md:%d:2: more than %d footnote references on one page; the rest are not footnotes: split the page", refsLine, maxFootnoteRefs),
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestNestingBounded: a line that opens more blocks than kb parses (whose
// cost in goldmark grows with their square) is one error at the first
// marker past the bound, the same as blocks nested by indentation, in the
// page and in a shortcode's markdownify; one at the bound renders, and so
// does a code block that shows deeper nesting as text.
func TestNestingBounded(t *testing.T) {
	shortcodes := map[string]*template.Template{
		"md": template.Must(template.New("md").Parse(`{{ .Markdownify (.Get 0) }}`)),
	}
	r := New(Options{Shortcodes: shortcodes})
	deep := strings.Repeat("> ", maxNesting)
	res := r.Render(Document{Source: []byte("Intro\n\n" + deep + "quoted\n"), File: "f.md"})
	if len(res.Diagnostics) != 0 || strings.Count(string(res.HTML), "<blockquote>") != maxNesting {
		t.Errorf("%d quotes: %s %v", maxNesting, res.HTML, res.Diagnostics)
	}
	for _, tc := range []struct{ src, want string }{
		{"Intro\n\n" + deep + "> quoted\n", fmt.Sprintf("f.md:3:%d: %s", 2*maxNesting+1, tooDeepMsg)},
		{"Intro\n\n" + strings.Repeat("- ", 20) + strings.Repeat("1. ", 13) + "item\n", fmt.Sprintf("f.md:3:%d: %s", 2*20+3*12+1, tooDeepMsg)},
		{"Term\n: " + strings.Repeat("* ", maxNesting) + "x\n", fmt.Sprintf("f.md:2:%d: %s", 2*maxNesting+1, tooDeepMsg)},
		{"Intro\n\n" + strings.Repeat("> ", 100000) + "x\n", fmt.Sprintf("f.md:3:%d: %s", 2*maxNesting+1, tooDeepMsg)},
		{"Intro\n\n{{< md \"" + strings.Repeat(">", maxNesting+1) + " x\" >}}\n", "f.md:3:1: " + tooDeepMsg},
	} {
		res := r.Render(Document{Source: []byte(tc.src), File: "f.md"})
		if got := diagnosticTexts(res); len(got) != 1 || got[0] != tc.want {
			t.Errorf("%.40q: diagnostics %q, want %q", tc.src, got, tc.want)
		}
	}
	for _, src := range []string{
		"Intro\n\n```\n" + strings.Repeat("> ", 40) + "quoted\n```\n",
		"Intro\n\n    " + strings.Repeat("- ", 40) + "item\n",
	} {
		res := r.Render(Document{Source: []byte(src), File: "f.md"})
		if len(res.Diagnostics) != 0 || !strings.Contains(string(res.HTML), "<code>") {
			t.Errorf("%.40q: %s %v", src, res.HTML, res.Diagnostics)
		}
	}
}

// TestNestingByIndentationBounded: lines each indented into the list item
// or footnote above them nest without a marker per level, so the per-line
// bound does not see them; a page nested deeper than maxNesting that way
// is one error at the first line past the bound, at its marker, and is
// parsed without going deeper. maxNesting levels render.
func TestNestingByIndentationBounded(t *testing.T) {
	r := New(Options{})
	indented := func(levels int, quote, step, item string) string {
		var b strings.Builder
		b.WriteString("Intro\n\n")
		for i := range levels {
			b.WriteString(quote + strings.Repeat(step, i) + item + "\n")
		}
		return b.String()
	}
	res := r.Render(Document{Source: []byte(indented(maxNesting, "", "  ", "- a")), File: "f.md"})
	if len(res.Diagnostics) != 0 || strings.Count(string(res.HTML), "<li>") != maxNesting {
		t.Errorf("%d list items: %s %v", maxNesting, res.HTML, res.Diagnostics)
	}
	past := maxNesting + 3 // the line of the first item past the bound
	for _, tc := range []struct {
		name, src string
		want      string
	}{
		{"list items", indented(1000, "", "  ", "- a"), fmt.Sprintf("f.md:%d:%d: %s", past, 2*maxNesting+1, tooDeepMsg)},
		{"ordered items", indented(1000, "", "   ", "1. a"), fmt.Sprintf("f.md:%d:%d: %s", past, 3*maxNesting+1, tooDeepMsg)},
		{"footnotes", indented(100, "", "    ", "[^n]: a"), fmt.Sprintf("f.md:%d:%d: %s", past, 4*maxNesting+1, tooDeepMsg)},
		{"admonitions", indented(1000, "", "    ", "!!! note"), fmt.Sprintf("f.md:%d:%d: %s", past, 4*maxNesting+1, tooDeepMsg)},
		// The quote is the first level: its list reaches the bound a line sooner.
		{"list items in a quote", indented(100, "> ", "  ", "- a"), fmt.Sprintf("f.md:%d:%d: %s", past-1, 2*(maxNesting-1)+3, tooDeepMsg)},
	} {
		res := r.Render(Document{Source: []byte(tc.src), File: "f.md"})
		got := diagnosticTexts(res)
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("%s: diagnostics %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestLinkColumnsCountCharacters: a link's column counts characters from
// the start of its line, as editors do, on short lines and on lines long
// enough to be counted from marks (see charMarks), with any mix of Greek,
// Arabic and ASCII before the link.
func TestLinkColumnsCountCharacters(t *testing.T) {
	var src strings.Builder
	var want []int
	src.WriteString("Intro\n\n")
	for i, words := range []string{"Δείτε ", "انظر ", "see ", "Ω", "λέξη και word "} {
		line := ""
		for j := range 3 + i*300 { // from a few bytes to several marks long
			line += words
			if j%97 == 2 {
				want = append(want, utf8.RuneCountInString(line)+1)
				line += "[x](missing.md) "
			}
		}
		src.WriteString(line + "\n\n")
	}
	r := New(Options{})
	res := r.Render(Document{Source: []byte(src.String()), File: "f.md", ResolveLink: func(string) (string, bool) { return "", false }})
	var got []int
	for _, l := range res.Links {
		got = append(got, l.Col)
	}
	if !slices.Equal(got, want) {
		t.Errorf("columns %v, want %v", got, want)
	}
}

// diagnosticTexts returns res's diagnostics as kb prints them.
func diagnosticTexts(res Result) []string {
	var out []string
	for _, d := range res.Diagnostics {
		out = append(out, d.Error())
	}
	return out
}

// TestLinkReferencesInLongParagraph: a paragraph of more link reference
// definitions than goldmark's transformer is handed at once (some spread
// over three lines, at every offset from a cut) renders as goldmark's own
// parser renders it.
func TestLinkReferencesInLongParagraph(t *testing.T) {
	for _, n := range []int{linkRefChunk - 1, linkRefChunk, linkRefChunk + 1, 3*linkRefChunk + 7} {
		for _, text := range []string{"", "Text [r0] [last][r%d] [none].\n", "not a definition\n[r%d]: /late\n"} {
			var src strings.Builder
			for i := range n {
				if i%3 == 0 {
					fmt.Fprintf(&src, "[r%d]:\n  /x%d\n  \"t%d\"\n", i, i, i)
				} else {
					fmt.Fprintf(&src, "[r%d]: /x%d\n", i, i)
				}
			}
			if text != "" {
				fmt.Fprintf(&src, text, n-1)
			}
			var want bytes.Buffer
			if err := goldmark.New().Convert([]byte(src.String()), &want); err != nil {
				t.Fatal(err)
			}
			got := New(Options{}).Render(Document{Source: []byte(src.String())})
			if string(got.HTML) != want.String() {
				t.Errorf("%d definitions, then %q:\n%s\nwant\n%s", n, text, got.HTML, want.String())
			}
		}
	}
}

// TestUnclosedDestinationsBounded: a line of link addresses that never
// close (goldmark reads each to the line's end, time that grows with the
// square of the line) is an error at that line; as many links that close
// render.
func TestUnclosedDestinationsBounded(t *testing.T) {
	r := New(Options{})
	closed := strings.Repeat("[a](/x)", 100000)
	res := r.Render(Document{Source: []byte("Intro\n\n" + closed + "\n"), File: "f.md"})
	if len(res.Diagnostics) != 0 || strings.Count(string(res.HTML), `<a href="/x">a</a>`) != 100000 {
		t.Errorf("100,000 links that close: %.200s %v", res.HTML, res.Diagnostics)
	}
	for _, open := range []string{"[a](", "[a](<", "[a](()"} {
		src := "Intro\n\n" + strings.Repeat(open, 25000) + "\n"
		res := r.Render(Document{Source: []byte(src), File: "f.md"})
		var got []string
		for _, d := range res.Diagnostics {
			got = append(got, d.Error())
		}
		if want := "f.md:3:1: " + unclosedMsg + " (the page is not rendered)"; len(got) != 1 || got[0] != want {
			t.Errorf("25,000 %q: diagnostics %q, want %q", open, got, want)
		}
	}
}

// TestNestedBracketsBounded: brackets nested so deep that goldmark's search
// for a link inside each pair grows with the square of the page are an
// error at the line where that passes the bound; as many pairs side by
// side, or in paragraphs of their own, render.
func TestNestedBracketsBounded(t *testing.T) {
	r := New(Options{})
	for _, src := range []string{
		strings.Repeat("[a] ", 100000),
		strings.Repeat("[["+strings.Repeat("x", 3000)+"]]\n\n", 3000),
	} {
		res := r.Render(Document{Source: []byte(src), File: "f.md"})
		if len(res.Diagnostics) != 0 || !bytes.Contains(res.HTML, []byte("[a] [a]")) && !bytes.Contains(res.HTML, []byte("<p>[[xxx")) {
			t.Errorf("%.20q: %.200s %v", src, res.HTML, res.Diagnostics)
		}
	}
	src := "Intro\n\n" + strings.Repeat("[", 50000) + "\n" + strings.Repeat("]", 50000) + "\n"
	res := r.Render(Document{Source: []byte(src), File: "f.md"})
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, d.Error())
	}
	if want := "f.md:4:1: " + nestedBracketsMsg + " (the page is not rendered)"; len(got) != 1 || got[0] != want {
		t.Errorf("50,000 nested brackets: diagnostics %q, want %q", got, want)
	}
}
