package theme

import (
	"html/template"
	"strings"
	"text/template/parse"
)

// ReadsParam reports whether a template of the theme's Hugo layers
// (shortcodes, partials, render hooks) reads a page param named key (in
// lower case): a front matter key kb itself does not read is then there
// for the templates, not a typo.
func (t *Theme) ReadsParam(key string) bool { return t.paramsRead[key] }

// paramsRead are the page params that templates read by a name written in
// them, in lower case: .Params.KEY in a field chain (.Page.Params.KEY,
// (site.GetPage "x").Params.KEY), .Param "KEY", param "KEY" and index
// .Params "KEY". Of a dotted .Param key ("links.repo"), the first part.
func paramsRead(templates []*template.Template) map[string]bool {
	read := map[string]bool{}
	for _, tpl := range templates {
		if tpl == nil {
			continue
		}
		for _, t := range tpl.Templates() {
			for cmd := range Commands(t.Tree) {
				for _, arg := range cmd.Args {
					if key, ok := afterParams(fieldsOf(arg)); ok {
						read[strings.ToLower(key)] = true
					}
				}
				if key, ok := paramCall(cmd); ok {
					read[strings.ToLower(key)] = true
				}
			}
		}
	}
	return read
}

// fieldsOf is the names of a field chain (.Page.Params.x, $.Params.x,
// (f).Params.x); nil for another node.
func fieldsOf(n parse.Node) []string {
	switch n := n.(type) {
	case *parse.FieldNode:
		return n.Ident
	case *parse.VariableNode:
		return n.Ident
	case *parse.ChainNode:
		return n.Field
	}
	return nil
}

// afterParams is the name after Params in a field chain.
func afterParams(fields []string) (string, bool) {
	for i, f := range fields {
		if f == "Params" && i+1 < len(fields) {
			return fields[i+1], true
		}
	}
	return "", false
}

// paramCall is the key of .Param "KEY", param "KEY" or index .Params
// "KEY": the part before any dot of a .Param key.
func paramCall(cmd *parse.CommandNode) (string, bool) {
	if len(cmd.Args) < 2 {
		return "", false
	}
	keyAt := 1
	switch first := cmd.Args[0].(type) {
	case *parse.IdentifierNode:
		switch first.Ident {
		case "param":
		case "index":
			if len(cmd.Args) < 3 {
				return "", false
			}
			if f := fieldsOf(cmd.Args[1]); len(f) == 0 || f[len(f)-1] != "Params" {
				return "", false
			}
			keyAt = 2
		default:
			return "", false
		}
	default:
		if f := fieldsOf(first); len(f) == 0 || f[len(f)-1] != "Param" {
			return "", false
		}
	}
	s, ok := cmd.Args[keyAt].(*parse.StringNode)
	if !ok {
		return "", false
	}
	key, _, _ := strings.Cut(s.Text, ".")
	return key, key != ""
}

// Hugo finds params in any letter case: it lowercases their keys when it
// reads them, and the key a template writes when it looks one up
// (.Site.Params.BookSection finds booksection). kb gives templates
// params with lowercased keys (content.TemplateParams) and, since Go's
// templates look a map's key up as written, lowercases the keys a
// template writes where it reads params: the names after .Params in a
// field chain, and the fields of a dot or variable that holds params
// (with .Site.Params.Links, $p := .Site.Params, range .Site.Params.menu).

// dotHolds is what a template's dot, or a variable, holds, as far as
// the lowercasing of params' keys needs to know.
type dotHolds int

const (
	holdsOther dotHolds = iota
	holdsParams
	holdsShortcode // a shortcode's own: its .Params are its arguments, as written
)

// paramKeysInLowerCase lowercases the params keys tpl's templates write
// (see above). In a shortcode's own file, the dot of its template is the
// shortcode, whose .Params are its named arguments, kept as written.
func paramKeysInLowerCase(tpl *template.Template, shortcode bool) {
	for _, t := range tpl.Templates() {
		if t.Tree == nil {
			continue
		}
		root := holdsOther
		if shortcode && t.Name() == tpl.Name() {
			root = holdsShortcode
		}
		w := paramsWalk{root: root, vars: map[string]dotHolds{}}
		w.list(t.Tree.Root, root)
	}
}

// paramsWalk follows what the dot and the variables hold through a
// template. Variables are known by name, whatever their scope: a
// template that gives one name to params and to another value in
// different blocks may have a key of the other lowercased.
type paramsWalk struct {
	root dotHolds
	vars map[string]dotHolds
}

func (w paramsWalk) list(l *parse.ListNode, dot dotHolds) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			w.pipe(n.Pipe, dot)
		case *parse.TemplateNode:
			w.pipe(n.Pipe, dot)
		case *parse.IfNode:
			w.pipe(n.Pipe, dot)
			w.list(n.List, dot)
			w.list(n.ElseList, dot)
		case *parse.WithNode:
			w.list(n.List, w.pipe(n.Pipe, dot))
			w.list(n.ElseList, dot)
		case *parse.RangeNode:
			// The elements of params are params, or values with no
			// fields: a list of tables ([[params.menu]]) gives tables.
			w.list(n.List, w.pipe(n.Pipe, dot))
			w.list(n.ElseList, dot)
		}
	}
}

// pipe lowercases the params keys pipe writes, and is what its value
// holds; a variable it declares or assigns holds that.
func (w paramsWalk) pipe(pipe *parse.PipeNode, dot dotHolds) dotHolds {
	if pipe == nil {
		return holdsOther
	}
	holds := holdsOther
	for _, cmd := range pipe.Cmds {
		holds = holdsOther
		for i, arg := range cmd.Args {
			if h := w.arg(arg, dot); i == 0 && len(cmd.Args) == 1 {
				holds = h
			}
		}
	}
	for _, v := range pipe.Decl {
		w.vars[v.Ident[0]] = holds
	}
	return holds
}

// arg lowercases the params keys of one argument, and is what it holds.
func (w paramsWalk) arg(n parse.Node, dot dotHolds) dotHolds {
	switch n := n.(type) {
	case *parse.FieldNode:
		return lowerParamFields(n.Ident, dot)
	case *parse.VariableNode:
		holds, ok := w.vars[n.Ident[0]]
		if n.Ident[0] == "$" {
			holds, ok = w.root, true
		}
		if !ok {
			holds = holdsOther
		}
		return lowerParamFields(n.Ident[1:], holds)
	case *parse.ChainNode:
		return lowerParamFields(n.Field, w.arg(n.Node, dot))
	case *parse.PipeNode:
		return w.pipe(n, dot)
	case *parse.DotNode:
		return dot
	}
	return holdsOther
}

// lowerParamFields lowercases the field names of a chain that read
// params, from a value that holds what holds says, and is what the
// chain's value holds.
func lowerParamFields(fields []string, holds dotHolds) dotHolds {
	for i, f := range fields {
		switch {
		case holds == holdsParams:
			fields[i] = strings.ToLower(f)
		case f == "Params" && holds != holdsShortcode:
			holds = holdsParams
		default:
			holds = holdsOther
		}
	}
	return holds
}
