package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"kb/builder/content"
	"kb/builder/diag"
)

// Docusaurus's partials: an MDX page imports a Markdown file
// ("import Shipping from './_shipping.mdx';", "@site/docs/_x.md") and
// uses it as a component (<Shipping days="3" />), which stands for that
// file's Markdown, rendered in place as the page's, as an include is
// (Document.Include reads it, under the includes' checks). {props.days}
// in the partial is the value the component passes. A file that cannot
// be read is a warning at the import's line, and its component renders
// nothing; the import statements of code blocks are code.

// importStatement is a default import on one line, the only form of a
// Markdown file's import.
var importStatement = regexp.MustCompile(`^import\s+([A-Za-z_$][\w$]*)\s+from\s+(?:'([^']*)'|"([^"]*)")\s*;?\s*$`)

// mdxImport is an import statement of a Markdown file.
type mdxImport struct {
	name, dest string // the component's name, the file as written
	at         int    // the statement's offset in the source
}

// mdxPartial is a component that stands for a Markdown file.
type mdxPartial struct {
	from, dest string // the file as Document.Include reads dest from the file from
	missing    bool   // reported at its import: the component renders nothing
}

// appendImport adds the import of a Markdown file that line, an ESM
// statement's line at offset at, makes, if it makes one.
func appendImport(imports []mdxImport, line []byte, at int) []mdxImport {
	m := importStatement.FindSubmatch(line)
	if m == nil {
		return imports
	}
	dest := string(m[2]) + string(m[3])
	if !content.IsMarkdownName(strings.TrimSuffix(dest, "?raw")) {
		return imports
	}
	return append(imports, mdxImport{name: string(m[1]), dest: dest, at: at})
}

// importPartials maps the components that the imports of the file from
// make to their files, and reports each file that cannot be read.
func importPartials(doc *Document, from string, imports []mdxImport, report func(mdxImport, error)) map[string]mdxPartial {
	if doc.Include == nil || len(imports) == 0 {
		return nil
	}
	out := make(map[string]mdxPartial, len(imports))
	for _, imp := range imports {
		_, _, err := doc.Include(from, imp.dest)
		if err != nil && strings.HasSuffix(err.Error(), "does not exist") {
			err = fmt.Errorf("%v: fix the path (relative to this file, or @site/docs/ for the content folder of the page's language)", err)
		}
		if err != nil {
			report(imp, fmt.Errorf("import %s from %q: %v", imp.name, imp.dest, err))
		}
		out[imp.name] = mdxPartial{from: from, dest: imp.dest, missing: err != nil}
	}
	return out
}

// renderPartial renders the file of the component c, which imports made
// a partial, where c stands.
func (st *state) renderPartial(c *call, p mdxPartial) ([]byte, string) {
	if p.missing {
		return nil, ""
	}
	line, col := st.lines.pos(c.start)
	warn := func(format string, args ...any) {
		st.diags = append(st.diags, diag.WarnAt(st.doc.File, line, col, "component <%s>: "+format, append([]any{c.open.jsx}, args...)...).Of(diag.Shortcode))
	}
	file, text, err := st.doc.Include(p.from, p.dest)
	if err != nil {
		warn("%v", err)
		return nil, ""
	}
	_, body, _, _, _ := content.Parse(file, text, &diag.List{}) // the partial's front matter is its own
	body = withProps(body, c.named, func(name string) {
		warn("%s uses {props.%s}, which the component does not pass: add %s=\"…\"", file, name, name)
	})
	if c.paired {
		warn("its children are left out: kb passes a partial its props only; write them in %s", file)
	}
	x := &shortcodeContext{Name: c.open.name, st: st, c: c, ownPaths: true}
	h, err := x.renderInto(file, body, st.hugoPage)
	if err != nil {
		warn("%v", err)
		return nil, ""
	}
	return []byte(h), htmlText([]byte(h))
}

// propsRef is a partial's {props.name}.
var propsRef = regexp.MustCompile(`\{\s*props\.([A-Za-z_$][\w$]*)\s*\}`)

// withProps writes into body the values of the props its {props.name}
// name, and an empty text, with absent(name) once a name, for those the
// component does not pass, as Docusaurus shows undefined. In fenced code
// a {props.name} is code, shown as written, as MDX shows it.
func withProps(body []byte, props map[string]string, absent func(name string)) []byte {
	var told []string
	fill := func(ref []byte) []byte {
		name := string(propsRef.FindSubmatch(ref)[1])
		v, ok := props[name]
		if !ok && !slices.Contains(told, name) {
			told = append(told, name)
			absent(name)
		}
		return []byte(v)
	}
	var out []byte
	var code fences
	for line := range bytes.Lines(body) {
		if code.line(bytes.TrimSpace(line)) {
			out = append(out, line...)
			continue
		}
		out = append(out, propsRef.ReplaceAllFunc(line, fill)...)
	}
	return out
}
