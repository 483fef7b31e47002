package markdown

import (
	"sort"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"kb/builder/diag"
	"kb/builder/theme"
	"kb/internal/textpos"
)

// stateKey finds the per-document state in a parser.Context. It is assigned
// once at package initialisation and never changes: the goldmark idiom for
// passing data to transformers of a shared parser.
var stateKey = parser.NewContextKey()

// state is what the transformers learn about one document.
type state struct {
	doc       *Document
	lines     lineIndex
	sanitizer *sanitizer // unsafe mode: raw HTML is checked against it
	rawHTML   bool       // the document has raw HTML (inline or blocks)
	autolinks bool       // the source may hold a bare URL or address (mayAutolink)
	// nestedTooDeep: a block was refused for nesting too deep (reported once).
	nestedTooDeep bool

	headings []heading
	noTOC    map[*ast.Heading]bool // kramdown's {: .no_toc }: out of the table of contents
	// hookAttrs are the attributes of headings that only the heading
	// hook reads ({anchor=false}): its .Attributes, never the page's HTML.
	hookAttrs map[*ast.Heading][]ast.Attribute
	links     []Link
	// linkOf finds the record in links of a Markdown link or image, for
	// a render hook that writes its href (hooks.go); nil without hooks.
	linkOf map[ast.Node]int
	diags  []diag.Diagnostic

	// Shortcodes (shortcode_expand.go).
	r            *Renderer
	ids          parser.IDs // heading ids, shared with shortcodes' inner content
	orig         []byte     // the source before placeholders
	calls        []*call
	results      map[*call]callResult
	resolved     map[ast.Node]bool // links whose destination a shortcode wrote
	unknown      *unknownShortcodes
	depth        int
	fragHeadings []heading // headings of shortcodes' inner content
	anchors      []string  // ids in shortcodes' output
	htmlIDs      []string  // ids given by raw HTML that is kept
	page         *pageShared
	including    []string // the files of the includes being rendered, outermost first
	// linksFrom is the file whose folder relative links and images are
	// written from when it is not the page's: an MDX partial's, as
	// Docusaurus resolves them; "" for the page's.
	linksFrom string
	// hugoPage is the page whose Markdown this is, which its shortcodes
	// see as .Page: one a template's .RenderShortcodes rendered into the
	// page; nil for the page's own.
	hugoPage *HugoPage
	// parent is the shortcode whose inner content this is, nil for a page.
	parent *shortcodeContext
	// partials are the components that stand for Markdown files the MDX
	// file imports (mdximport.go), by name.
	partials map[string]mdxPartial
	// own are the ranges of the source that a template written for Hugo
	// wrote from its own text, where the source is the Markdown it wrote
	// (percent.go); nil elsewhere.
	own []region
}

// pageShared is what a page and the inner contents of its shortcodes share.
type pageShared struct {
	fragments int // inner contents with footnotes so far
	trusted   trustedOutput
	icons     iconUses
	// imagesWarned: a template asked to process an image (said once).
	imagesWarned bool
	// hookFailures are the render hooks that failed on the page, one per
	// hook and failure (hooks.go).
	hookFailures []hookFailure
	// stores are the pages' .Page.Store, by Hugo path (HugoPage.Store).
	stores map[string]any
	// shortcodeRuns counts the shortcode templates run (maxShortcodeRuns).
	shortcodeRuns int
	// rerendered counts the bytes of Markdown templates had rendered
	// again (maxRerendered); rerenderRefused: the one past it was reported.
	rerendered      int
	rerenderRefused bool
	// steps are the page's range steps (Document.Steps); stepsReported:
	// the shortcode that went past them was reported.
	steps         *theme.Steps
	stepsReported bool
}

// stopped reports whether the build rendering the document was cancelled
// (Document.Context): the cheap point where a shortcode run, a render
// hook, a partial or a render again gives up.
func (st *state) stopped() bool {
	return st.doc.Context != nil && st.doc.Context.Err() != nil
}

func newState(r *Renderer, doc *Document, lines lineIndex) *state {
	st := &state{doc: doc, lines: lines, sanitizer: r.sanitizer, r: r, ids: &headingIDs{reserved: r.reserved, zola: r.opts.HeadingIDs == "zola"}, unknown: &unknownShortcodes{}, page: &pageShared{steps: doc.Steps}}
	if st.page.steps == nil {
		st.page.steps = theme.NewSteps(doc.Context)
	}
	if len(r.opts.RenderHooks) > 0 {
		st.linkOf = map[ast.Node]int{}
	}
	return st
}

// child is the state of a shortcode's inner content, which starts at
// offset off of st's source.
func (st *state) child(off int) *state {
	c := newState(st.r, st.doc, st.lines)
	c.lines.shift += off
	c.lines.rewrites = nil // inner content is read from the page's source
	c.ids, c.unknown, c.depth, c.page, c.including, c.hugoPage = st.ids, st.unknown, st.depth+1, st.page, st.including, st.hugoPage
	c.linksFrom = st.linksFrom
	c.partials = st.partials
	c.own = shiftRegions(st.own, off)
	return c
}

type heading struct {
	Heading
	node *ast.Heading
}

func stateOf(pc parser.Context) *state {
	st, _ := pc.Get(stateKey).(*state)
	return st
}

// lineIndex maps byte offsets of the source to 1-based lines and columns
// of the file.
type lineIndex struct {
	src    []byte
	starts []int // offset of the first byte of each line
	first  int   // line of File where the source starts
	shift  int   // added to offsets: where a shortcode's inner content starts
	// fileLine, when the source has includes, is the line of File each
	// of its lines comes from (see expandIncludes).
	fileLine []int
	// long counts characters in lines longer than longLine, where counting
	// from the line's start for every link would take time that grows
	// with the square of the line's length.
	long *charMarks
	// rewrites are the URLs of raw HTML written resolved into the source
	// parsed, whose offsets they move from those of src.
	rewrites []rewrite
}

// rewrite is where a replaced text is in the rewritten source, and how
// much longer it is than what it replaced.
type rewrite struct{ start, end, delta int }

// original maps an offset of the rewritten source to src's: inside a
// replaced text, to the start of what it replaced.
func (l lineIndex) original(off int) int {
	moved := 0
	for _, r := range l.rewrites {
		switch {
		case off >= r.end:
			moved += r.delta
		case off >= r.start:
			return r.start - moved
		default:
			return off - moved
		}
	}
	return off - moved
}

func newLineIndex(src []byte, first int) lineIndex {
	starts := make([]int, 1, 1+len(src)/40)
	for i, c := range src {
		if c == '\n' && i+1 < len(src) {
			starts = append(starts, i+1)
		}
	}
	return lineIndex{src: src, starts: starts, first: first, long: &charMarks{}}
}

// pos returns the line in File and the 1-based column, in characters as
// editors count them, of offset off.
func (l lineIndex) pos(off int) (line, col int) {
	if off < 0 {
		return l.first, 0
	}
	off = min(l.original(off)+l.shift, len(l.src))
	i := sort.SearchInts(l.starts, off+1) - 1
	if i < 0 {
		i = 0
	}
	start := l.starts[i]
	if off-start <= longLine {
		return l.line(i), textpos.Column(l.src[start:off], off-start)
	}
	return l.line(i), 1 + l.long.before(l.src, off) - l.long.before(l.src, start)
}

// line is the line of File that the source's line i (0-based) is.
func (l lineIndex) line(i int) int {
	if i < len(l.fileLine) {
		return l.fileLine[i]
	}
	return l.first + i
}

// longLine is how many bytes of a line pos counts characters in directly.
const longLine = 1024

// charMarks holds how many characters come before every longLine-th byte
// of a source, counted once, the first time a long line needs them.
type charMarks struct {
	marks []int // marks[k]: characters before marksAt[k]
	at    []int // the first character boundary at or after k*longLine
}

// before returns the number of characters in src[:off], off being a
// character boundary.
func (m *charMarks) before(src []byte, off int) int {
	if m.marks == nil {
		for i, n := 0, 0; i <= len(src); {
			if i >= len(m.at)*longLine {
				m.marks, m.at = append(m.marks, n), append(m.at, i)
			}
			if i == len(src) {
				break
			}
			_, size := utf8.DecodeRune(src[i:])
			i, n = i+size, n+1
		}
	}
	k := min(off/longLine, len(m.at)-1)
	if m.at[k] > off {
		k--
	}
	return m.marks[k] + utf8.RuneCount(src[m.at[k]:off])
}

// count is the number of lines of the source.
func (l lineIndex) count() int { return len(l.starts) }

// offsetOf finds a byte offset for a node: its own position, else the first
// text below it, else its nearest block's first line.
func offsetOf(n ast.Node) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	for p := n; p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return -1
}

// segValue makes a segment addressable so its Value method can be called.
func segValue(s text.Segment, src []byte) []byte { return s.Value(src) }
