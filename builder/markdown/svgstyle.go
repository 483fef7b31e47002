package markdown

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// A writer's SVG inlined in a page is part of the page: CSS in it, a
// <style> element, applies to the whole page (it could hide the page's
// text, lay a fake banner over it, fetch an address with @import or
// url()), and its outer element's style, overflow or transform could lay
// its drawing over the page. So confine keeps of its styles only the SVG
// presentation properties (fill, stroke, fonts...), written as the
// presentation attributes of the elements they apply to: a <style> rule
// of simple selectors (rect, .cls-1, #dot, path.a, as drawing tools
// export) goes onto the elements it selects, a style attribute onto its
// own element, in CSS's order of precedence; and a reference to
// anything but one of its own elements (url(), href) is left out. What it
// leaves out it names, for a warning.

// confine makes svg, the outer element of an SVG inlined in a page, style
// and fetch nothing outside itself, and returns what it left out.
func confine(svg *html.Node) []string {
	var left leftOut
	rules := takeStyleRules(svg, &left)
	for n := range svg.Descendants() {
		if n.Type == html.ElementNode {
			confineElement(n, rules, &left)
		}
	}
	confineElement(svg, rules, &left)
	for _, a := range animationsOf(svg) {
		left.add("<" + a.Data + " attributeName=" + nodeAttr(a, "attributeName") + "> of the outer <svg>")
		a.Parent.RemoveChild(a)
	}
	svg.Attr = slices.DeleteFunc(svg.Attr, func(a html.Attribute) bool {
		if a.Namespace == "" && (a.Key == "overflow" || a.Key == "transform") {
			left.add(a.Key + " of the outer <svg>")
			return true
		}
		return false
	})
	return left.names
}

// leftOut is what confine left out, each said once, in order: the first
// few, each cut short, as a warning can say them.
type leftOut struct{ names []string }

const maxLeftOutNamed = 8

func (l *leftOut) add(what string) {
	if len(what) > 80 {
		cut := 80
		for cut > 0 && !utf8.RuneStart(what[cut]) {
			cut--
		}
		what = what[:cut] + "…"
	}
	switch {
	case slices.Contains(l.names, what), len(l.names) > maxLeftOutNamed:
	case len(l.names) == maxLeftOutNamed:
		l.names = append(l.names, "and more")
	default:
		l.names = append(l.names, what)
	}
}

// styleRule is a rule of a <style> element that confine can apply: one
// of simple selectors.
type styleRule struct {
	selector simpleSelector
	decls    []declaration
	order    int
}

// simpleSelector is a type, an id and classes, each optional: path.a,
// .cls-1, #dot.
type simpleSelector struct {
	tag, id string
	classes []string
}

// specificity orders selectors as CSS does: ids, then classes, then types.
func (s simpleSelector) specificity() int {
	n := len(s.classes) * 100
	if s.id != "" {
		n += 10000
	}
	if s.tag != "" {
		n++
	}
	return n
}

func (s simpleSelector) matches(n *html.Node) bool {
	if s.tag != "" && !strings.EqualFold(s.tag, n.Data) {
		return false
	}
	if s.id != "" && nodeAttr(n, "id") != s.id {
		return false
	}
	classes := strings.Fields(nodeAttr(n, "class"))
	for _, c := range s.classes {
		if !slices.Contains(classes, c) {
			return false
		}
	}
	return true
}

var (
	simpleSelectorRE = regexp.MustCompile(`^([A-Za-z][\w-]*)?((?:[.#][A-Za-z_-][\w-]*)*)$`)
	selectorPart     = regexp.MustCompile(`[.#][^.#]+`)
)

func parseSelector(text string) (simpleSelector, bool) {
	m := simpleSelectorRE.FindStringSubmatch(text)
	if m == nil || text == "" {
		return simpleSelector{}, false
	}
	s := simpleSelector{tag: m[1]}
	for _, part := range selectorPart.FindAllString(m[2], -1) {
		if part[0] == '#' {
			if s.id != "" && s.id != part[1:] {
				return simpleSelector{}, false
			}
			s.id = part[1:]
		} else {
			s.classes = append(s.classes, part[1:])
		}
	}
	return s, true
}

// takeStyleRules removes the <style> elements under svg and returns the
// rules of theirs that confine can apply.
func takeStyleRules(svg *html.Node, left *leftOut) []styleRule {
	var styles []*html.Node
	for n := range svg.Descendants() {
		if n.Type == html.ElementNode && n.Data == "style" {
			styles = append(styles, n)
		}
	}
	var rules []styleRule
	for _, st := range styles {
		var text strings.Builder
		for c := st.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				text.WriteString(c.Data)
			}
		}
		rules = appendRules(rules, text.String(), left)
		st.Parent.RemoveChild(st)
	}
	return rules
}

var cssComment = regexp.MustCompile(`(?s)/\*.*?\*/|<!--|-->`)

// appendRules reads a style sheet's rules into rules: those of simple
// selectors; any other (an at-rule, a selector of another kind) is left
// out.
func appendRules(rules []styleRule, sheet string, left *leftOut) []styleRule {
	rest := cssComment.ReplaceAllString(sheet, " ")
	for strings.TrimSpace(rest) != "" {
		prelude, block, after := nextRule(rest)
		rest = after
		prelude = strings.TrimSpace(prelude)
		if strings.HasPrefix(prelude, "@") {
			left.add(strings.Fields(prelude)[0] + " in a <style>")
			continue
		}
		decls := parseDeclarations(block, left)
		for sel := range strings.SplitSeq(prelude, ",") {
			sel = strings.TrimSpace(sel)
			s, ok := parseSelector(sel)
			if !ok {
				left.add("the <style> rule " + strings.Join(strings.Fields(sel), " "))
				continue
			}
			rules = append(rules, styleRule{selector: s, decls: decls, order: len(rules)})
		}
	}
	return rules
}

// nextRule splits a style sheet's first rule off it: what comes before its
// block ({...}), its block's text, and what follows. A statement without
// a block (@import ...;) has none.
func nextRule(sheet string) (prelude, block, rest string) {
	open := indexOutsideQuotes(sheet, "{;")
	if open < 0 {
		return sheet, "", ""
	}
	if sheet[open] == ';' {
		return sheet[:open], "", sheet[open+1:]
	}
	depth := 0
	for i := open; i < len(sheet); i++ {
		switch sheet[i] {
		case '{':
			depth++
		case '}':
			if depth--; depth == 0 {
				return sheet[:open], sheet[open+1 : i], sheet[i+1:]
			}
		case '"', '\'':
			if end := strings.IndexByte(sheet[i+1:], sheet[i]); end >= 0 {
				i += end + 1
			} else {
				i = len(sheet)
			}
		}
	}
	return sheet[:open], sheet[open+1:], ""
}

// indexOutsideQuotes is the index of the first of chars in s outside a
// quoted string, or -1.
func indexOutsideQuotes(s, chars string) int {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\'':
			end := strings.IndexByte(s[i+1:], c)
			if end < 0 {
				return -1
			}
			i += end + 1
		case strings.IndexByte(chars, c) >= 0:
			return i
		}
	}
	return -1
}

// declaration is one property and its value, which confine keeps.
type declaration struct{ property, value string }

// parseDeclarations reads a style attribute or a rule's block: the
// declarations confine keeps, in order.
func parseDeclarations(text string, left *leftOut) []declaration {
	var out []declaration
	for text != "" {
		end := indexOutsideQuotes(text, ";")
		if end < 0 {
			end = len(text)
		}
		decl := text[:end]
		text = text[min(end+1, len(text)):]
		prop, value, ok := strings.Cut(decl, ":")
		prop = strings.ToLower(strings.TrimSpace(prop))
		value = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(value), "!important"))
		switch {
		case !ok || prop == "" || strings.HasPrefix(prop, "-"):
			// Not CSS, or a tool's own (-inkscape-font-specification).
		case !presentation[prop]:
			left.add("the property " + prop)
		case !localValue(value):
			left.add(prop + ": " + value)
		default:
			out = append(out, declaration{prop, value})
		}
	}
	return out
}

// localValue reports whether a value refers to nothing outside the SVG:
// no url() but one of its own elements (url(#g)), no escapes, which could
// hide a url(.
func localValue(v string) bool {
	if strings.ContainsAny(v, "\\@") {
		return false
	}
	for _, m := range cssURL.FindAllStringSubmatch(v, -1) {
		if !strings.HasPrefix(m[1], "#") {
			return false
		}
	}
	return true
}

// cssURL finds url(...) and its address, unquoted.
var cssURL = regexp.MustCompile(`(?i)url\(\s*['"]?\s*([^'")\s]*)`)

// presentation are the CSS properties that SVG also takes as attributes
// (SVG 1.1's presentation attributes, and SVG 2's paint-order and
// vector-effect): they style the SVG's own drawing only.
var presentation = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range strings.Fields(`alignment-baseline baseline-shift clip clip-path clip-rule color
		color-interpolation color-interpolation-filters color-rendering cursor direction display
		dominant-baseline fill fill-opacity fill-rule filter flood-color flood-opacity font-family
		font-size font-size-adjust font-stretch font-style font-variant font-weight
		glyph-orientation-horizontal glyph-orientation-vertical image-rendering letter-spacing
		lighting-color marker-end marker-mid marker-start mask opacity overflow paint-order
		pointer-events shape-rendering stop-color stop-opacity stroke stroke-dasharray
		stroke-dashoffset stroke-linecap stroke-linejoin stroke-miterlimit stroke-opacity
		stroke-width text-anchor text-decoration text-rendering unicode-bidi vector-effect
		visibility word-spacing writing-mode`) {
		m[p] = true
	}
	return m
}()

// confineElement writes the rules that select n, then its style
// attribute, as its presentation attributes, which they override, as CSS
// does; and leaves out a reference to anything outside the SVG.
func confineElement(n *html.Node, rules []styleRule, left *leftOut) {
	var matching []styleRule
	for _, r := range rules {
		if r.selector.matches(n) {
			matching = append(matching, r)
		}
	}
	slices.SortStableFunc(matching, func(a, b styleRule) int {
		return cmp.Or(cmp.Compare(a.selector.specificity(), b.selector.specificity()), cmp.Compare(a.order, b.order))
	})
	var decls []declaration
	for _, r := range matching {
		decls = append(decls, r.decls...)
	}
	if style, ok := takeAttr(n, "style"); ok {
		decls = append(decls, parseDeclarations(style, left)...)
	}
	for _, d := range decls {
		setAttr(n, d.property, d.value)
	}
	n.Attr = slices.DeleteFunc(n.Attr, func(a html.Attribute) bool {
		switch {
		case a.Key == "href" && n.Data != "a" && !ownElement(a.Val):
			left.add("href=" + a.Val)
			return true
		case !localValue(a.Val) && (presentation[a.Key] || strings.Contains(strings.ToLower(a.Val), "url(")):
			left.add(a.Key + "=" + a.Val)
			return true
		}
		return false
	})
}

// ownElement reports whether an href refers to one of the SVG's own
// elements (#dot), or is an image in the address itself (data:image/png).
func ownElement(href string) bool {
	data, isData := strings.CutPrefix(strings.TrimSpace(href), "data:")
	return strings.HasPrefix(href, "#") || isData && rasterImage.MatchString(data)
}

// nodeAttr is n's attribute key without a namespace, or "".
func nodeAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// takeAttr removes n's attribute key and returns its value.
func takeAttr(n *html.Node, key string) (string, bool) {
	for i, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			n.Attr = slices.Delete(n.Attr, i, i+1)
			return a.Val, true
		}
	}
	return "", false
}

// setAttr sets n's attribute key, where it is, or last.
func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

// animationsOf returns the animations (SMIL's set, animate...) of svg, the
// outer element, itself: those it holds that name no other element, and
// those that name it by its id. They could set its transform or its
// overflow, which confine leaves out of its attributes.
func animationsOf(svg *html.Node) []*html.Node {
	id := nodeAttr(svg, "id")
	var out []*html.Node
	for n := range svg.Descendants() {
		if n.Type != html.ElementNode || !isAnimation(n.Data) {
			continue
		}
		target := ""
		for _, a := range n.Attr {
			if a.Key == "href" && (a.Namespace == "" || a.Namespace == "xlink") {
				target = strings.TrimSpace(a.Val)
			}
		}
		if target == "" && n.Parent == svg || id != "" && target == "#"+id {
			out = append(out, n)
		}
	}
	return out
}

// isAnimation reports whether an SVG element's name is one of SMIL's
// animation elements, which change another element's attributes.
func isAnimation(name string) bool {
	switch strings.ToLower(name) {
	case "set", "animate", "animatetransform", "animatemotion":
		return true
	}
	return false
}
