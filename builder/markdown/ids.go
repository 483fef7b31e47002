package markdown

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"kb/builder/diag"
)

// headingIDs is a parser.IDs that keeps Unicode letters, digits and marks, so
// that Arabic and Greek headings get readable anchors (goldmark's own drops
// every non-ASCII byte).
type headingIDs struct {
	reserved map[string]bool // the theme's own ids (Options.ReservedIDs): never given
	zola     bool            // ids made as Zola makes them (zolaSlug), not as GitHub does
	used     map[string]bool
	next     map[string]int // last suffix tried per base id, so n duplicates cost O(n)
}

var _ parser.IDs = (*headingIDs)(nil)

func newHeadingIDs() *headingIDs { return &headingIDs{} }

// taken reports whether id is given or reserved.
func (s *headingIDs) taken(id string) bool { return s.used[id] || s.reserved[id] }

// Generate slugs value and makes it unique in the document.
func (s *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	return []byte(s.unique(s.slug(string(value))))
}

// slug makes the id of a heading's text in the document's style.
func (s *headingIDs) slug(text string) string {
	if s.zola {
		return zolaSlug(text)
	}
	return slug(text)
}

// Put reserves an id that a writer chose.
func (s *headingIDs) Put(value []byte) {
	if s.used == nil {
		s.used = map[string]bool{}
	}
	s.used[string(value)] = true
}

// unique returns id, or id-1, id-2, ... when taken, and reserves it.
func (s *headingIDs) unique(id string) string {
	if s.used == nil {
		s.used = map[string]bool{}
	}
	if !s.taken(id) {
		s.used[id] = true
		return id
	}
	if s.next == nil {
		s.next = map[string]int{}
	}
	for i := s.next[id] + 1; ; i++ {
		c := id + "-" + strconv.Itoa(i)
		if !s.taken(c) {
			s.used[c] = true
			s.next[id] = i
			return c
		}
	}
}

// slug makes a heading's id as GitHub does, and Hugo (its default
// "github" ids), GitLab, Docusaurus and Starlight after it, so that links
// written for those sites or copied from a GitHub preview keep their
// anchors: letters, digits and combining marks of any script lowercased,
// '_' and '-' kept, each space a '-' (no runs folded: "People & Body" is
// people--body), anything else dropped. Format characters (ZWNJ, bidi
// marks) are dropped too, as they sit inside words.
func slug(text string) string { return cmp.Or(githubID(text), "section") }

// githubID is slug's id, "" for a text with none of its letters (Hugo's
// anchorize).
func githubID(text string) string {
	text = strings.TrimSpace(text)
	b := make([]byte, 0, len(text))
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_':
			b = utf8.AppendRune(b, unicode.ToLower(r))
		case r == ' ' || r == '-':
			b = append(b, '-')
		}
	}
	return string(b)
}

// zolaSlug makes a heading's id as Zola does by default (slugify.anchors
// = "on"), for sites moved from it: letters, digits and combining marks
// lowercased, runs of anything else one '-' ("get_page()" is get-page).
// Zola spells the letters of other scripts in Latin ones; they are kept,
// as headings in Arabic or Greek are read. Format characters (ZWNJ, bidi
// marks) are dropped without a break, as they sit inside words.
func zolaSlug(text string) string {
	b := make([]byte, 0, len(text))
	dash := false
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			if dash && len(b) > 0 {
				b = append(b, '-')
			}
			dash = false
			b = utf8.AppendRune(b, unicode.ToLower(r))
		case unicode.Is(unicode.Cf, r):
		default:
			dash = true
		}
	}
	if len(b) == 0 {
		return "section"
	}
	return string(b)
}

// headingTransformer gives every heading an id (custom {#id} ids first, so
// they keep their exact value) and records the headings in order.
type headingTransformer struct{}

func (headingTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil {
		return
	}
	ids, _ := pc.IDs().(*headingIDs)
	if ids == nil {
		ids = newHeadingIDs()
	}
	src := reader.Source()

	var hs []*ast.Heading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if h, ok := n.(*ast.Heading); ok {
			hs = append(hs, h)
			return ast.WalkSkipChildren, nil
		}
		if n.Type() == ast.TypeInline {
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	if len(hs) == 0 {
		return
	}

	for _, h := range hs {
		st.dropHeadingAttributes(h)
	}
	custom := make([]string, len(hs))
	keep := make([]bool, len(hs))
	for i, h := range hs {
		v, ok := h.AttributeString("id")
		if !ok {
			continue
		}
		switch v := v.(type) {
		case []byte:
			custom[i] = string(v)
		case string:
			custom[i] = v
		}
		if custom[i] != "" && !ids.taken(custom[i]) {
			ids.Put([]byte(custom[i]))
			keep[i] = true
		}
	}

	st.headings = make([]heading, 0, len(hs))
	var pw plainWriter
	for i, h := range hs {
		pw = plainWriter{buf: pw.buf[:0]}
		pw.inlines(h, src)
		txt := string(pw.buf)
		var id string
		switch {
		case keep[i]:
			id = custom[i]
		case custom[i] != "":
			id = ids.unique(custom[i])
			if ids.reserved[custom[i]] {
				st.themeIDClash(offsetOf(h), "heading asks for the", custom[i], fmt.Sprintf("it has %q instead; choose another id", id))
			}
		default:
			id = ids.unique(ids.slug(txt))
		}
		h.SetAttributeString("id", []byte(id))
		line, _ := st.lines.pos(offsetOf(h))
		st.headings = append(st.headings, heading{
			Heading: Heading{Level: h.Level, ID: id, Text: txt, Line: line, NoTOC: st.noTOC[h]},
			node:    h,
		})
	}
	if !ids.zola {
		keepOldIDs(st, ids, custom)
	}
}

// keepOldIDs gives each heading whose id kb made otherwise before it made
// them as GitHub does (zolaSlug, its scheme until then) that id too, as an
// empty element opening the heading, where no element of the page has it:
// after every heading has its id, so that those stay exactly GitHub's.
// custom marks the headings whose id the writer chose.
func keepOldIDs(st *state, ids *headingIDs, custom []string) {
	for i := range st.headings {
		h := &st.headings[i]
		if custom[i] != "" {
			continue
		}
		old := zolaSlug(h.Text)
		if old == h.ID || ids.taken(old) {
			continue
		}
		ids.Put([]byte(old))
		h.OldID = old
		st.anchors = append(st.anchors, old)
		anchor := &shortcodeNode{html: []byte(`<span id="` + old + `"></span>`)}
		if first := h.node.FirstChild(); first != nil {
			h.node.InsertBefore(h.node, first, anchor)
		} else {
			h.node.AppendChild(h.node, anchor)
		}
	}
}

// headingAttributes are the attributes a writer may give a heading
// ({#id .class lang=fr}): those the raw-HTML allowlist keeps on any element.
var headingAttributes = map[string]bool{
	"id": true, "class": true, "title": true, "lang": true, "dir": true, "role": true,
	"aria-label": true, "aria-labelledby": true, "aria-describedby": true, "aria-hidden": true,
}

// dropHeadingAttributes removes, with a warning, the attributes of h that a
// writer's raw HTML could not carry either: goldmark keeps style,
// accesskey, tabindex, autofocus and more, with raw HTML off too, so a
// heading could cover the page or fetch a tracking image. A site with a
// heading hook (Hugo Book's reads {anchor=false}) gets the others but
// style and event handlers as the hook's .Attributes, without a warning.
func (st *state) dropHeadingAttributes(h *ast.Heading) {
	_, hooked := st.r.opts.RenderHooks["heading"]
	var kept, forHook []ast.Attribute
	var dropped []string
	for _, a := range h.Attributes() {
		name := strings.ToLower(string(a.Name))
		switch {
		case headingAttributes[name]:
			kept = append(kept, a)
		case hooked && name != "style" && !strings.HasPrefix(name, "on"):
			forHook = append(forHook, a)
		default:
			dropped = append(dropped, string(a.Name))
		}
	}
	if len(dropped) == 0 && len(forHook) == 0 {
		return
	}
	h.RemoveAttributes()
	for _, a := range kept {
		h.SetAttribute(a.Name, a.Value)
	}
	if len(forHook) > 0 {
		if st.hookAttrs == nil {
			st.hookAttrs = map[*ast.Heading][]ast.Attribute{}
		}
		st.hookAttrs[h] = forHook
	}
	if len(dropped) == 0 {
		return
	}
	what := "attribute " + dropped[0]
	if len(dropped) > 1 {
		what = "attributes " + strings.Join(dropped, ", ")
	}
	line, _ := st.lines.pos(offsetOf(h))
	st.diags = append(st.diags, diag.WarnAt(st.doc.File, line, 1,
		"heading %s not allowed and removed: a heading takes {#id .class} and the attributes raw HTML may have (title, lang, dir, role, aria-*)",
		what).Of(diag.RawHTML))
}

// definitionTermIDs gives each term of a definition list an id made as a
// heading's is, after the headings have theirs, as Hugo's
// autoDefinitionTermID does: reference pages moved from Hugo (a setting
// per term, "renderer.unsafe" → #rendererunsafe) are linked that way.
// Only with [markdown] definitionTermIDs = true (Options.DefinitionTermIDs).
type definitionTermIDs struct{}

func (definitionTermIDs) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	ids, _ := pc.IDs().(*headingIDs)
	if st == nil || ids == nil {
		return
	}
	src := reader.Source()
	var pw plainWriter
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.Kind() == extast.KindDefinitionTerm {
			if _, has := n.AttributeString("id"); !has {
				pw = plainWriter{buf: pw.buf[:0]}
				pw.inlines(n, src)
				id := ids.unique(ids.slug(string(pw.buf)))
				n.SetAttributeString("id", []byte(id))
				st.anchors = append(st.anchors, id)
			}
			return ast.WalkSkipChildren, nil
		}
		if n.Type() == ast.TypeInline {
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}
