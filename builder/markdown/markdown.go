// Package markdown is kb's one goldmark: it renders a page body to HTML and, in
// the same pass, extracts what the rest of the builder needs from it (heading
// ids, FAQ questions, links, plain text for search) with source positions.
package markdown

import (
	"bytes"
	"context"
	"html/template"
	"slices"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"kb/builder/content"
	"kb/builder/diag"
	"kb/builder/theme"
)

// Options configures a Renderer for a whole site.
type Options struct {
	Unsafe bool // let raw HTML through an allowlist (site.toml [markdown] unsafe); default off: raw HTML is omitted
	// Shortcodes are the theme's shortcode templates by name
	// (layouts/shortcodes/<name>.html), executed with a shortcodeContext.
	Shortcodes map[string]*template.Template
	// ShortcodeDirs are the folders shortcode templates are read from,
	// the one that wins first ("layouts/shortcodes",
	// "themes/shop/layouts/shortcodes"), for the warning about a shortcode
	// with none.
	ShortcodeDirs []string
	// HugoShortcodes are the templates of Shortcodes written for Hugo (a
	// Hugo site's own, its Hugo theme's), by name: one that fails on a
	// page is a warning, not an error as kb's themes' templates are.
	HugoShortcodes map[string]theme.HugoShortcode
	// HugoPartials are the partials of a Hugo site (and its Hugo theme)
	// that shortcode templates call, by theme.PartialName.
	HugoPartials map[string]theme.HugoPartial
	// SiteStrings is Hugo's T for shortcode templates: the site's string
	// id in lang, arg its count or data ("" for none). Every page's cache
	// key holds the site's i18n/ and themes/ (cacheGlobalKey), so a page
	// reads them without recording it. Nil gives "".
	SiteStrings func(lang, id string, arg any) string
	// UnrunnableShortcodes says, by name, why a shortcode with templates
	// has none kb can run ("layouts/shortcodes/x.html (it calls getJSON, a
	// Hugo function kb does not have)"), for the warning about its uses.
	UnrunnableShortcodes map[string]string
	// ShortcodeActions maps shortcode names to ShortcodeInner or
	// ShortcodeDrop (site.toml [shortcodes]); it takes precedence over a
	// template.
	ShortcodeActions map[string]string
	Site             SiteInfo // for shortcode templates
	// ReservedIDs are the ids the theme gives its own elements ("main",
	// "toc-title"): headings take others, so no id is on a page twice.
	ReservedIDs []string
	// DefinitionTermIDs gives definition list terms ids, as headings have
	// (site.toml [markdown] definitionTermIDs; Hugo's autoDefinitionTermID).
	DefinitionTermIDs bool
	// Emoji turns GitHub's emoji names (:tada:, :warning:) into the
	// emoji, as GitHub, GitLab, VitePress and Material write them (site.toml
	// [markdown] emoji; Hugo's enableEmoji).
	Emoji bool
	// HeadingIDs is "zola" for heading ids made as Zola makes them
	// (zolaSlug); else they are made as GitHub makes them (slug).
	HeadingIDs string
	// RenderHooks are a Hugo site's Markdown render hooks, by the node
	// they render ("link", "codeblock-mermaid"; hooks.go).
	RenderHooks map[string]theme.RenderHook
}

// Renderer is safe for concurrent use by many goroutines (one goldmark
// instance built once): per-document state travels in the parser context.
type Renderer struct {
	opts Options
	md   goldmark.Markdown
	// plain is md's parser without the Linkify parser, for documents in
	// which it cannot match (mayAutolink): Linkify triggers at every space,
	// which splits each paragraph's text at every word for nothing.
	plain     parser.Parser
	sanitizer *sanitizer // the raw-HTML allowlist; nil unless Unsafe
	reserved  map[string]bool
	// callsPageFuncs names the shortcode templates that call one of
	// theme.PageFuncs, each run as a clone bound to its page (trusted.go).
	callsPageFuncs map[string]bool
	// funcSanitizer is the allowlist of the safe* template functions
	// (hugofuncs.go): sanitizer, or one of their own where raw HTML is off.
	funcSanitizer *sanitizer
	// partials are partialCached's results.
	partials *partialCache
	// hooksCallPageFuncs names the render hooks that call one of
	// theme.PageFuncs, run as clones bound to their page.
	hooksCallPageFuncs map[string]bool
	// fragments are pages' .Fragments, by language, file and text
	// (HugoPage.Fragments).
	fragments sync.Map
}

// New builds the goldmark instance once, so Render only parses and renders.
func New(opts Options) *Renderer {
	rendererOpts := []renderer.Option{renderer.WithNodeRenderers(util.Prioritized(shortcodeRenderer{}, 100), util.Prioritized(codeRenderer{}, 100), util.Prioritized(mediaRenderer{}, 100))}
	if len(opts.RenderHooks) > 0 {
		_, headings := opts.RenderHooks["heading"]
		rendererOpts = append(rendererOpts, renderer.WithNodeRenderers(util.Prioritized(hookRenderer{headings: headings}, 100)))
	}
	var san *sanitizer
	if opts.Unsafe {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
		san = newSanitizer()
	}
	markdown := func(linkify bool) goldmark.Markdown {
		parserOpts := []parser.Option{
			parser.WithHeadingAttribute(),
			parser.WithASTTransformers(
				util.Prioritized(shortcodeTransformer{}, 50),
				util.Prioritized(ownHTMLTransformer{}, 60),
				util.Prioritized(rawHTMLTransformer{}, 100),
				util.Prioritized(rawHTMLScanner{}, 150),
				util.Prioritized(linkTransformer{}, 200),
				util.Prioritized(headingTransformer{}, 300),
				util.Prioritized(sectionLevels{}, 350),
				util.Prioritized(footnoteTransformer{}, 1000),
			),
		}
		if len(opts.RenderHooks) > 0 {
			// After links are resolved and headings have ids, before
			// footnotes are gathered.
			parserOpts = append(parserOpts, parser.WithASTTransformers(util.Prioritized(hookTransformer{}, 400)))
		}
		if opts.DefinitionTermIDs {
			parserOpts = append(parserOpts, parser.WithASTTransformers(util.Prioritized(definitionTermIDs{}, 310)))
		}
		if linkify {
			// Linkify's parser is goldmark's own, asked only in
			// documents that can hold a bare URL or address
			// (autolinkParser).
			parserOpts = append(parserOpts, parser.WithInlineParsers(util.Prioritized(autolinkParser{extension.NewLinkifyParser()}, 999)))
		}
		return goldmark.New(
			goldmark.WithParser(boundedParser()),
			// GFM, with table column alignment as align attributes
			// rather than style attributes, which a strict
			// Content-Security-Policy (kb search --site sends one)
			// blocks.
			// Footnotes and definition lists too, as Hugo enables
			// them by default: sites moved from Hugo use them. Not the
			// typographer, though Hugo has it on: it would turn the
			// straight quotes of every language into English curly
			// ones, where Greek and French write « ».
			goldmark.WithExtensions(extension.Strikethrough, extension.TaskList,
				extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
				footnotes{[]extension.FootnoteOption{extension.WithFootnoteIDPrefixFunction(footnoteIDPrefix)}},
				definitionLists{}, callouts{}, tabs{}, icons{}, attrLists{}, kramdownIALs{}, markdownInHTML{}, emojiNames{opts.Emoji}),
			goldmark.WithParserOptions(parserOpts...),
			goldmark.WithRendererOptions(rendererOpts...),
		)
	}
	md := markdown(true)
	r := &Renderer{opts: opts, md: md, plain: markdown(false).Parser(), sanitizer: san,
		partials: &partialCache{values: map[string]any{}, pure: map[string]bool{}}}
	r.funcSanitizer = san
	if san == nil {
		r.funcSanitizer = newSanitizer()
	}
	for name, t := range opts.Shortcodes {
		if callsAny(t, theme.PageFuncs()) {
			if r.callsPageFuncs == nil {
				r.callsPageFuncs = map[string]bool{}
			}
			r.callsPageFuncs[name] = true
		}
	}
	for name, h := range opts.RenderHooks {
		if callsAny(h.Template, theme.PageFuncs()) {
			if r.hooksCallPageFuncs == nil {
				r.hooksCallPageFuncs = map[string]bool{}
			}
			r.hooksCallPageFuncs[name] = true
		}
	}
	if len(opts.ReservedIDs) > 0 {
		r.reserved = make(map[string]bool, len(opts.ReservedIDs))
		for _, id := range opts.ReservedIDs {
			r.reserved[id] = true
		}
	}
	return r
}

// Document is one page body to render.
type Document struct {
	Source []byte // Markdown body (LF line endings)
	File   string // for diagnostics, e.g. "content/ar/faq/returns.md"
	Line   int    // 1-based line of File where Source starts
	FAQ    bool   // split into questions at every level-2 heading
	// Lang is the code of the text's language (a video's captions in it
	// are found first, and say so), and LangName its name in itself.
	Lang, LangName string
	// LangFolder is the folder of the page's language below the base
	// path, "pt-br/", or "" for a language at the root: Hugo's
	// relLangURL.
	LangFolder string
	// Title is the page's title, which the theme shows: a level-1
	// heading that opens the body and says the same is left out.
	Title string
	// ResolveLink maps a link destination that points at Markdown content to a page URL. It is called for
	// destinations whose path ends in ".md" (relative "../policies/x.md", content-root "/faq/x.md", Zola's
	// "@/faq/x.md", each possibly with "#fragment"); the argument is the raw destination. It returns the new
	// URL (with the fragment kept) and ok=false when the target does not exist. Nil leaves links untouched.
	ResolveLink func(dest string) (url string, ok bool)
	// ResolveAsset maps a relative link or image destination that is not
	// Markdown ("img/chart.png", "../files/form.pdf") to its published URL:
	// a page's URL is one folder deeper than its file, so relative paths
	// written against the file would break. ok=false marks the link broken.
	// Nil leaves such links untouched.
	ResolveAsset func(dest string) (url string, ok bool)
	// ResolveRef finds the page of a ref or relref shortcode as Hugo does
	// ("faq/returns", "returns.md", "/docs/x.md#part"): relative to the
	// page first, then from the content root, then by a page name unique
	// in the site; lang, when not "", picks that language's page. ok=false
	// marks the link broken. Nil resolves refs through ResolveLink.
	ResolveRef func(ref, lang string) (url string, ok bool)
	// ResolvePath maps a site-absolute destination that is not Markdown
	// ("/ar/payments/cards/", "/docs/rate-limits", "/img/rest.png") to the
	// URL of the page or file it names under the site's base path; ok=false
	// marks the link broken, which still takes the returned URL. Nil leaves
	// such links untouched.
	ResolvePath func(dest string) (url string, ok bool)
	// Include reads the file an include names (VitePress's "<!--@include:
	// dest-->" and "<<< dest" snippet imports, GitBook's {% include "dest" %}) in the file from (the
	// page's, or a file it includes), and returns its path, for includes in
	// it, and its text; an error says why it cannot be included. Nil leaves
	// includes as written.
	Include func(from, dest string) (file string, text []byte, err error)
	// GetPage finds the page a Hugo template's GetPage names (getpage.go):
	// p relative to from's Dir, else from the content root of the text's
	// language; from is nil for site.GetPage. nil when the language has
	// no such page. Nil finds none.
	GetPage func(from *HugoPage, p string) *HugoPage
	// Resources finds the files of Hugo's resources (.Page.Resources,
	// resources.Get: resources.go). Nil finds none.
	Resources ResourceFinder
	// Page is the page being rendered as Hugo templates read it (.Page).
	// Nil, or nil returned, gives them its title and language only.
	Page func() *HugoPage
	// Param looks up a page value or a site parameter for the param
	// shortcode ({{< param "description" >}}). Nil finds nothing.
	Param func(key string) (value any, ok bool)
	// CalloutTitle returns the default title of a callout of a kind (one
	// of CalloutKinds) in the page's language: "Hinweis" for "note" on a
	// German page. Nil, or "", titles it in English.
	CalloutTitle func(kind string) string
	// CalloutName finds a callout name of the site's own (site.toml's
	// [callouts], Just the Docs' {: .<name> }): its kind and its title in
	// the page's language ("" for no title line). Nil knows none.
	CalloutName func(name string) (kind, title string, ok bool)
	// idsOnly: the document is rendered for its ids alone (a page's
	// .Fragments), without render hooks.
	idsOnly bool
	// sections is whether its headings move down a level (sections.go).
	sections sectionShift
	// Scratch, when set, is memory Render reuses from one document to the
	// next: Result.HTML and the questions' and groups' HTML may then
	// share it, and are valid until it is given to Render again.
	Scratch *Scratch
	// Context, when set, is the build's: once it is done, shortcodes,
	// render hooks, partials and Markdown rendered again stop running,
	// so an interrupted build does not wait for a page whose templates
	// loop for minutes. The Result is then incomplete, for the caller to
	// drop. Nil never stops.
	Context context.Context
	// Steps is the budget of range steps that the templates run for the
	// page share (its layout, its banner's and its body's), which stops
	// them with the build; nil gives the document its own, with Context.
	Steps *theme.Steps
}

// Scratch holds the buffers a document renders into, for a caller that
// renders many documents one after the other and copies what it keeps.
type Scratch struct {
	html  bytes.Buffer
	plain []byte
}

// Heading is one heading of the document, for a table of contents and anchor checks.
type Heading struct {
	Level int
	ID    string
	Text  string // plain text
	Line  int    // line in File
	// OldID is the id kb made for this heading before it made them as
	// GitHub does ("what-s-new" for "What's new?", now "whats-new"), when
	// it differs and no other element has it: the page keeps it as a
	// second anchor, so links made then (support macros, bookmarks) still
	// lead to the heading.
	OldID string
	// NoTOC is kramdown's {: .no_toc }: the heading stays out of the
	// page's table of contents.
	NoTOC bool
}

// Question is one FAQ entry: a level-2 heading and the content up to the next one.
type Question struct {
	ID        string // the heading id: a stable anchor
	OldID     string // a second anchor for links made before (see Heading.OldID)
	Text      string // the question, plain text
	Line      int
	HTML      []byte // the answer (everything until the next level-2 heading), rendered
	PlainText string // the answer as plain text (for search and JSON-LD)
}

// Group is a group of FAQ questions: a level-1 heading and the questions up
// to the next one. Questions before the first group heading form a group
// with no heading (ID "").
type Group struct {
	ID        string
	Text      string
	Line      int
	HTML      []byte     // what stands between the group heading and its first question, rendered
	Questions []Question // a part of Result.Questions
}

// Link is one link or image as written and as rendered, for link checking.
type Link struct {
	Dest      string // as written
	URL       string // as rendered (after ResolveLink); "" when removed as dangerous
	Line, Col int    // position in File
	Broken    bool   // ResolveLink returned ok=false
	Image     bool
	Ref       bool // written with the ref or relref shortcode: Dest is its argument
	gone      bool // replaced by the links its render hook wrote
}

// Result is everything Render learns about a document.
type Result struct {
	HTML         []byte     // the whole body; for FAQ documents only the part before the first level-2 heading (the intro)
	FirstHeading string     // plain text of the first heading of any level ("" if none): the title when front matter has none
	Headings     []Heading  // every heading, in order (for a table of contents and anchor checks); includes FAQ questions
	Questions    []Question // FAQ only
	Groups       []Group    // FAQ only, when level-1 headings divide the questions into groups
	PlainText    string     // the whole document as plain text: blocks separated by "\n", no markup (for search)
	IntroText    string     // FAQ only: the intro as plain text (for search: an FAQ page of one question, its title, is all intro)
	Links        []Link
	IDs          []string          // ids that raw HTML and shortcodes give elements (<a id="x">), link targets like heading ids
	Diagnostics  []diag.Diagnostic // warnings (foreign shortcodes, ...) with file:line:col
	RawHTML      bool              // the source has raw HTML, kept through the allowlist or left out
}

// Render parses, transforms and renders one document. It never fails:
// problems are reported as diagnostics.
func (r *Renderer) Render(doc Document) (res Result) {
	if doc.Line < 1 {
		doc.Line = 1
	}
	// A bug in goldmark or here must cost one page, not a 30,000-page build.
	// FuzzRender fails on this diagnostic, so it is not a way to hide bugs.
	defer func() {
		if v := recover(); v != nil {
			res = Result{Diagnostics: []diag.Diagnostic{
				diag.At(doc.File, doc.Line, 0, "%s: %v", internalError, v),
			}}
		}
	}()
	inc, hasIncludes := expandIncludes(&doc)
	if hasIncludes {
		doc.Source = inc.src
	}
	if snip, ok := importSnippets(&doc, doc.Source, inc.fileLine); ok {
		doc.Source, inc.fileLine = snip.src, snip.fileLine
		inc.diags = append(inc.diags, snip.diags...)
	}
	var imports []mdxImport
	if content.IsMDX(doc.File) {
		doc.Source, imports = mdxSource(doc.Source)
	} else {
		doc.Source = vueSource(doc.Source)
	}
	var gitbook []gitbookNote
	if mayHaveGitbookTags(doc.Source) {
		doc.Source, gitbook = gitbookSource(doc.Source)
	}
	lines := newLineIndex(doc.Source, doc.Line)
	lines.fileLine = inc.fileLine
	if off, why := unparseable(doc.Source); off >= 0 {
		line, _ := lines.pos(off)
		return Result{Diagnostics: []diag.Diagnostic{diag.At(doc.File, line, 1, "%s (the page is not rendered)", why)}}
	}
	// The notes' offsets are in doc.Source: placed before raw HTML's
	// resolved URLs move the offsets of the source parsed.
	var gitbookDiags []diag.Diagnostic
	for _, n := range gitbook {
		line, col := lines.pos(n.at)
		gitbookDiags = append(gitbookDiags, diag.WarnAt(doc.File, line, col, "%s", n.msg).Of(diag.Shortcode))
	}
	partials := importPartials(&doc, doc.File, imports, func(imp mdxImport, err error) {
		line, col := lines.pos(imp.at)
		inc.diags = append(inc.diags, diag.WarnAt(doc.File, line, col, "%v", err).Of(diag.Shortcode))
	})
	st := newState(r, &doc, lines)
	st.partials = partials
	root, src := r.parseShortcodes(doc.Source, st)

	root, src, st = r.resolveRawHTMLLinks(root, src, st, func() *state {
		again := newState(r, &doc, lines)
		again.partials = partials
		return again
	})
	title := st.dropTitleHeading(root, src)
	r.renderBody(root, src, st, doc.FAQ, doc.Scratch, &res)
	if hasLiterals(doc.Source) {
		res.HTML = []byte(literalsInCode.Replace(string(res.HTML)))
		for i := range res.Questions {
			res.Questions[i].HTML = []byte(literalsInCode.Replace(string(res.Questions[i].HTML)))
		}
	}

	res.Diagnostics = slices.Concat(st.unknown.diagnostics(doc.File, r.opts.ShortcodeDirs, r.opts.UnrunnableShortcodes), st.page.icons.diagnostic(doc.File), st.page.hookDiagnostics(doc.File), inc.diags, st.diags, gitbookDiags)
	slices.SortStableFunc(res.Diagnostics, func(a, b diag.Diagnostic) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
	res.Links = st.links
	if st.linkOf != nil {
		// Links a render hook wrote the href of are recorded by it.
		res.Links = slices.DeleteFunc(res.Links, func(l Link) bool { return l.gone })
	}
	res.RawHTML = st.rawHTML
	res.IDs = append(st.htmlIDs, st.anchors...)
	slices.SortStableFunc(res.Links, func(a, b Link) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
	hs := append(slices.Clip(st.headings), st.fragHeadings...)
	slices.SortStableFunc(hs, func(a, b heading) int { return a.Line - b.Line })
	res.Headings = make([]Heading, len(hs))
	for i, h := range hs {
		res.Headings[i] = h.Heading
	}
	if len(hs) > 0 {
		res.FirstHeading = hs[0].Text
	}
	if title != nil && (len(hs) == 0 || hs[0].Line >= title.Line) {
		res.FirstHeading = title.Text
	}
	return res
}

// dropTitleHeading takes out a level-1 heading that opens the document and
// says the page's title, and returns it.
func (st *state) dropTitleHeading(root ast.Node, src []byte) *heading {
	i := st.titleHeading(root, src)
	if i < 0 {
		return nil
	}
	t := st.headings[i]
	root.RemoveChild(root, t.node)
	st.headings = slices.Delete(st.headings, i, i+1)
	return &t
}

// headingWords is a heading's plain text without what shortcodes and
// components write in it: the title a page takes from
// "# Config <Badge text="new" />" is "Config".
func headingWords(h ast.Node, src []byte) string {
	var pw plainWriter
	for c := h.FirstChild(); c != nil; c = c.NextSibling() {
		if _, ok := c.(*shortcodeNode); !ok {
			pw.inline(c, src)
		}
	}
	return strings.TrimSpace(string(pw.buf))
}

// parseShortcodes parses src; when it has shortcodes (outside code, which
// only a first parse can tell), it parses a copy with placeholders, and
// returns the source the tree refers to.
func (r *Renderer) parseShortcodes(src []byte, st *state) (ast.Node, []byte) {
	st.orig = src
	mdx := content.IsMDX(st.doc.File)
	if !mayHaveShortcodes(src, mdx) || st.depth >= maxShortcodeDepth {
		return r.parse(src, st), src
	}
	// A page is parsed for real first: most "{{" are not shortcodes. Inner
	// content shares its page's heading ids, so it is probed without them.
	var first ast.Node
	if st.depth == 0 {
		first = r.parse(src, st)
	} else {
		first = r.md.Parser().Parse(text.NewReader(src),
			parser.WithContext(parser.NewContext(parser.WithIDs(newHeadingIDs()))))
	}
	calls := findCalls(src, codeRegions(first, src), mdx, r.hasTemplate)
	if len(calls) == 0 {
		if st.depth == 0 {
			return first, src
		}
		return r.parse(src, st), src
	}
	if st.depth == 0 {
		partials := st.partials
		*st = *newState(r, st.doc, st.lines)
		st.orig, st.partials = src, partials
	}
	st.calls = calls
	st.results, st.resolved = map[*call]callResult{}, map[ast.Node]bool{}
	src = placeholders(src, calls)
	return r.parse(src, st), src
}

// resolveRawHTMLLinks resolves links written in raw HTML (<a
// href="/docs/x">, <img src="../assets/x.png">) like Markdown ones: when
// a URL changes, the source (a page's or a shortcode's inner content) is
// parsed again with the resolved URLs in place, into a state made by
// fresh that keeps st's shortcodes.
func (r *Renderer) resolveRawHTMLLinks(root ast.Node, src []byte, st *state, fresh func() *state) (ast.Node, []byte, *state) {
	if st.sanitizer == nil || st.doc.ResolvePath == nil {
		return root, src, st
	}
	rewritten, rewrites, links := rewriteRawHTMLLinks(root, src, st)
	if rewritten != nil {
		again := fresh()
		again.lines.rewrites = rewrites
		again.orig, again.calls = st.orig, st.calls
		if st.calls != nil {
			again.results, again.resolved = map[*call]callResult{}, map[ast.Node]bool{}
		}
		st, src = again, rewritten
		root = r.parse(src, st)
	}
	st.links = append(st.links, links...)
	return root, src, st
}

func (r *Renderer) parse(src []byte, st *state) ast.Node {
	st.autolinks = mayAutolink(src)
	pc := parser.NewContext(parser.WithIDs(st.ids))
	pc.Set(stateKey, st)
	p := r.plain
	if st.autolinks {
		p = r.md.Parser()
	}
	return p.Parse(text.NewReader(src), parser.WithContext(pc))
}

// renderBody renders the document (or, for an FAQ, its intro and each answer)
// into one buffer and one plain-text string that the results slice.
func (r *Renderer) renderBody(root ast.Node, src []byte, st *state, faq bool, scratch *Scratch, res *Result) {
	var buf *bytes.Buffer
	var pt plainWriter
	if scratch != nil {
		buf = &scratch.html
		buf.Reset()
		pt.buf = scratch.plain[:0]
		defer func() { scratch.plain = pt.buf }()
	} else {
		buf = new(bytes.Buffer)
	}
	buf.Grow(len(src) + len(src)/2)
	w := bufWriter{buf}
	if pt.buf == nil {
		pt.buf = make([]byte, 0, len(src))
	}

	if !faq {
		_ = r.md.Renderer().Render(w, src, root)
		for n := root.FirstChild(); n != nil; n = n.NextSibling() {
			pt.block(n, src)
		}
		res.HTML = r.finish(st, st.fill(buf.Bytes(), -1, false))
		res.PlainText = string(pt.buf)
		return
	}

	grouped := hasGroups(root)
	stop := func(n ast.Node) bool { return isQuestion(n) || (grouped && isGroupHeading(n)) }
	headingAt := func(n ast.Node, from int) int {
		for i := from; i < len(st.headings); i++ {
			if st.headings[i].node == n {
				return i
			}
		}
		return -1
	}

	type span struct{ htmlStart, htmlEnd, textStart, textEnd, heading int }
	type groupSpan struct {
		span
		first int // index of its first question
	}
	var spans []span
	var groups []groupSpan
	hi := 0 // index into st.headings, advanced monotonically
	n := root.FirstChild()
	for ; n != nil && !stop(n); n = n.NextSibling() {
		_ = r.md.Renderer().Render(w, src, n)
		pt.block(n, src)
	}
	introEnd, introText := buf.Len(), len(pt.buf)
	if grouped && n != nil && isQuestion(n) {
		// Questions before the first group heading form an untitled group.
		groups = append(groups, groupSpan{span: span{heading: -1}})
	}
	for n != nil {
		h := headingAt(n, hi)
		if h >= 0 {
			hi = h + 1
		}
		pt.block(n, src)
		group := !isQuestion(n)
		s := span{htmlStart: buf.Len(), textStart: len(pt.buf), heading: h}
		for n = n.NextSibling(); n != nil && !stop(n); n = n.NextSibling() {
			_ = r.md.Renderer().Render(w, src, n)
			pt.block(n, src)
		}
		s.htmlEnd, s.textEnd = buf.Len(), len(pt.buf)
		if group {
			groups = append(groups, groupSpan{span: s, first: len(spans)})
		} else {
			spans = append(spans, s)
		}
	}

	all := buf.Bytes()
	plain := string(pt.buf)
	res.HTML = r.finish(st, st.fill(all[:introEnd:introEnd], -1, false))
	res.PlainText = plain
	res.IntroText = trimNewlines(plain[:introText])
	res.Questions = make([]Question, len(spans))
	for i, s := range spans {
		q := Question{
			HTML:      r.finish(st, st.fill(all[s.htmlStart:s.htmlEnd:s.htmlEnd], -1, false)),
			PlainText: trimNewlines(plain[s.textStart:s.textEnd]),
		}
		if s.heading >= 0 {
			h := st.headings[s.heading]
			q.ID, q.OldID, q.Text, q.Line = h.ID, h.OldID, h.Text, h.Line
		}
		res.Questions[i] = q
	}
	for i, g := range groups {
		end := len(spans)
		if i+1 < len(groups) {
			end = groups[i+1].first
		}
		grp := Group{Questions: res.Questions[g.first:end:end]}
		if g.heading >= 0 {
			h := st.headings[g.heading]
			grp.ID, grp.Text, grp.Line = h.ID, h.Text, h.Line
			grp.HTML = r.finish(st, st.fill(all[g.htmlStart:g.htmlEnd:g.htmlEnd], -1, false))
		}
		res.Groups = append(res.Groups, grp)
	}
}

// hasGroups reports whether an FAQ document is divided into groups by
// level-1 headings. A lone level-1 heading that opens the document is its
// title, not a group.
func hasGroups(root ast.Node) bool {
	count, first := 0, false
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if isGroupHeading(n) {
			count++
			first = first || n == root.FirstChild()
		}
	}
	return count > 1 || (count == 1 && !first)
}

// isGroupHeading reports whether a top-level node is a level-1 heading.
func isGroupHeading(n ast.Node) bool {
	h, ok := n.(*ast.Heading)
	return ok && h.Level == 1
}

// finish cleans rendered HTML and puts the shortcodes' trusted output
// back in.
func (r *Renderer) finish(st *state, b []byte) []byte {
	return st.page.trusted.expand(r.clean(st, b))
}

// clean runs the raw-HTML allowlist over rendered HTML in unsafe mode, for
// documents that have raw HTML: without it, the output is goldmark's and
// kb's own, as in safe mode. FAQ answers are cleaned one by one, as the
// theme places them apart.
func (r *Renderer) clean(st *state, b []byte) []byte {
	if r.sanitizer == nil || !st.rawHTML {
		return b
	}
	return r.sanitizer.clean(b)
}

const internalError = "markdown: internal error"

// isQuestion reports whether a top-level node starts an FAQ question.
func isQuestion(n ast.Node) bool {
	h, ok := n.(*ast.Heading)
	return ok && h.Level == 2
}

func trimNewlines(s string) string {
	for len(s) > 0 && s[0] == '\n' {
		s = s[1:]
	}
	return s
}

// bufWriter lets goldmark write straight into a bytes.Buffer; without it
// every Render call would allocate its own bufio.Writer.
type bufWriter struct{ *bytes.Buffer }

func (w bufWriter) Available() int { return w.Cap() - w.Len() }
func (w bufWriter) Buffered() int  { return 0 }
func (w bufWriter) Flush() error   { return nil }
