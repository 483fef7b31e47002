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
