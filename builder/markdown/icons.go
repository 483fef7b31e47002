package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"kb/builder/diag"
)

// Icon shortcodes, as Material for MkDocs writes them (pymdownx.emoji with
// its icon sets): ":material-check:", ":octicons-tag-24:",
// ":fontawesome-brands-github:", ":simple-markdown:". kb has no icon font,
// so they are left out of the page and of its search text, with one
// warning for the site.
//
// They are read in every page, not only in sites moved from MkDocs: a name
// is an icon only when it starts with one of iconSets, and holds nothing
// but lowercase letters, digits and hyphens up to the closing colon, which
// ordinary text does not write (a time "10:30:45", "a:b:c", a URL's
// "https:" or an emoji name ":smile:" are not icons, and stay as written:
// kb does not guess emoji).
var iconSets = [][]byte{[]byte("material-"), []byte("octicons-"), []byte("fontawesome-"), []byte("simple-")}

// iconSubject and iconFix are the icon warning's, the same on every page so
// that a build prints one line for all of them.
const (
	iconSubject = "icon shortcodes (:material-…:, :octicons-…:, :fontawesome-…:, :simple-…:) were left out: kb has no icon font"
	iconFix     = `write the icon's meaning in words where it matters; [build] ignore = ["icon"] in site.toml silences this`
)

var kindIcon = ast.NewNodeKind("Icon")

// icon is an icon shortcode, which renders as nothing.
type icon struct{ ast.BaseInline }

func (n *icon) Kind() ast.NodeKind         { return kindIcon }
func (n *icon) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// iconUses counts a page's icons, for its one warning.
type iconUses struct {
	count     int
	line, col int // the first
	name      string
}

type iconParser struct{}

func (iconParser) Trigger() []byte { return []byte{':'} }

func (iconParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	n := iconLength(line)
	if n == 0 {
		return nil
	}
	if st := stateOf(pc); st != nil {
		uses := &st.page.icons
		if uses.count == 0 {
			uses.line, uses.col = st.lines.pos(seg.Start)
			uses.name = string(line[:n])
		}
		uses.count++
	}
	block.Advance(n)
	return &icon{}
}

// iconLength is the length of the icon shortcode s starts with, 0 if none.
func iconLength(s []byte) int {
	if len(s) < 3 || s[0] != ':' {
		return 0
	}
	name := s[1:]
	set := false
	for _, p := range iconSets {
		if bytes.HasPrefix(name, p) && len(name) > len(p) {
			set = true
			break
		}
	}
	if !set {
		return 0
	}
	for i, c := range name {
		switch {
		case c == ':' && name[i-1] != '-':
			return i + 2
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-':
		default:
			return 0
		}
	}
	return 0
}

// diagnostic is the page's one icon warning, nil without icons.
func (u iconUses) diagnostic(file string) []diag.Diagnostic {
	if u.count == 0 {
		return nil
	}
	plural := "s"
	if u.count == 1 {
		plural = ""
	}
	d := diag.WarnAt(file, u.line, u.col, "icon shortcode %s left out, kb has no icon font (%d icon%s on this page)", u.name, u.count, plural)
	return []diag.Diagnostic{d.Of(diag.Icon).About(iconSubject, u.count, iconFix)}
}

// icons registers the icon parser and its renderer, which writes nothing.
type icons struct{}

func (icons) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(iconParser{}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(iconRenderer{}, 500)))
}

type iconRenderer struct{}

func (iconRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindIcon, func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkSkipChildren, nil
	})
}
