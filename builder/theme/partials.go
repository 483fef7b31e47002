package theme

import (
	"fmt"
	"html/template"
	"iter"
	"slices"
	"strconv"
	"strings"
	"text/template/parse"

	"kb/builder/diag"
)

// A Hugo site's shortcode templates call its partials (partial "name.html"
// CONTEXT): the partials of Hugo layers (PartialFolders) run under the
// rules of shortcode templates, with the same functions; the Markdown
// renderer binds partial to the page (PageFuncs). A shortcode template
// that calls, by its literal name, a partial kb cannot run is one kb
// cannot run, as if it made the partial's calls itself.

// HugoPartial is a partial template of a Hugo layer.
type HugoPartial struct {
	File string
	// Template is nil when kb cannot run it: Problem then says why
	// ("calls hugo.Version, a Hugo function kb does not have"), at Line.
	Template *template.Template
	Problem  string
	Line     int
}

// PartialName is the name a partial call gives ("docs/mapper.html",
// "docs/mapper", "partials/docs/mapper.html") as HugoPartials keys it.
func PartialName(called string) string {
	return strings.TrimSuffix(strings.TrimPrefix(called, "partials/"), ".html")
}

// PartialCalls are the names of the functions that run a partial.
var PartialCalls = []string{"partial", "partialCached"}

// parsePartials parses the partial that wins of each name.
func (s shortcodeSources) parsePartials(names templateNames) map[string]HugoPartial {
	out := make(map[string]HugoPartial, len(s))
	for name, srcs := range s {
		src := srcs[0]
		tpl, err := parseShortcode(name, src, names)
		if err != nil {
			d := templateDiag(src.file, err)
			out[name] = HugoPartial{File: src.file, Problem: problemOf(d, src.text), Line: d.Line}
			continue
		}
		out[name] = HugoPartial{File: src.file, Template: tpl}
	}
	return out
}

// problemOf says why a template written for Hugo that fails to parse with
// d cannot run: the Hugo function kb lacks, as text calls it, or the
// parser's message.
func problemOf(d diag.Diagnostic, text []byte) string {
	if m := hugoFunc.FindStringSubmatch(d.Msg); m != nil {
		fn := calledAs(m[1], text, d.Line)
		if strings.HasPrefix(fn, "images.") {
			return fmt.Sprintf("calls %s, which processes an image, as kb does not: show the image as it is (a resource's .Resize, .Fit, .Fill, .Process and .Filter give the original)", fn)
		}
		return fmt.Sprintf("calls %s, a Hugo function kb does not have", fn)
	}
	return "cannot be read: " + strings.TrimPrefix(d.Msg, "template: ")
}

// unrunnablePartial finds a partial that tpl, in file, calls by its
// literal name, directly or through other partials, and that kb cannot
// run: a diagnostic at the partial's line (at the call's, for a partial
// kb has none of) whose Msg says what tpl does ("calls partial "x.html",
// which calls hugo.Version, a Hugo function kb does not have").
func unrunnablePartial(tpl *template.Template, file string, partials map[string]HugoPartial, seen map[string]bool) (diag.Diagnostic, bool) {
	for _, t := range tpl.Templates() {
		for cmd := range Commands(t.Tree) {
			called, ok := LiteralPartialCall(cmd)
			if !ok {
				continue
			}
			if InlinePartial(tpl, called) != nil {
				continue // checked with tpl's own templates
			}
			name := PartialName(called)
			p, ok := partials[name]
			switch {
			case !ok:
				return diag.At(file, lineOf(t.Tree, cmd), 0, "calls partial %q, which is in none of %s", called, strings.Join(PartialFolders(), ", ")), true
			case p.Template == nil:
				return diag.At(p.File, p.Line, 0, "calls partial %q, which %s", called, p.Problem), true
			case seen[name]:
				continue
			}
			seen[name] = true
			if d, bad := unrunnablePartial(p.Template, p.File, partials, seen); bad {
				d.Msg = fmt.Sprintf("calls partial %q, which %s", called, d.Msg)
				return d, true
			}
		}
	}
	return diag.Diagnostic{}, false
}

// InlinePartial is the partial called defined in tpl's own file, as Hugo
// lets a template define one ({{ define "_partials/inline/x.html" }}),
// or nil.
func InlinePartial(tpl *template.Template, called string) *template.Template {
	name := strings.TrimPrefix(strings.TrimPrefix(called, "_partials/"), "partials/")
	for _, prefix := range []string{"_partials/", "partials/"} {
		for _, n := range []string{name, name + ".html"} {
			if t := tpl.Lookup(prefix + n); t != nil {
				return t
			}
		}
	}
	return nil
}

// LiteralPartialCall is the name of a partial cmd calls by a literal
// string (partial "x.html" .).
func LiteralPartialCall(cmd *parse.CommandNode) (string, bool) {
	if len(cmd.Args) < 2 {
		return "", false
	}
	fn, ok := cmd.Args[0].(*parse.IdentifierNode)
	if !ok || !slices.Contains(PartialCalls, fn.Ident) {
		return "", false
	}
	if s, ok := cmd.Args[1].(*parse.StringNode); ok {
		return s.Text, true
	}
	return "", false
}

// unknownNamespaceField finds where tpl reads a field of site or hugo
// that kb does not give (NamespaceFields): an error worded as the
// parser's for a function it does not have ("hugo.Version").
func unknownNamespaceField(tpl *template.Template) error {
	for _, t := range tpl.Templates() {
		for cmd := range Commands(t.Tree) {
			for _, arg := range cmd.Args {
				chain, ok := arg.(*parse.ChainNode)
				if !ok {
					continue
				}
				id, ok := chain.Node.(*parse.IdentifierNode)
				if !ok {
					continue
				}
				if fields, known := NamespaceFields[id.Ident]; known && !slices.Contains(fields, chain.Field[0]) {
					return fmt.Errorf("template: %s:%d: function %q not defined", tpl.Name(), lineOf(t.Tree, chain), id.Ident+"."+chain.Field[0])
				}
			}
		}
	}
	return nil
}

// lineOf is the line of n in its template.
func lineOf(tree *parse.Tree, n parse.Node) int {
	loc, _ := tree.ErrorContext(n) // "name:line:col"
	parts := strings.Split(loc, ":")
	if len(parts) < 3 {
		return 0
	}
	line, _ := strconv.Atoi(parts[len(parts)-2])
	return line
}

// Commands yields every command of tree, nested ones too ({{ if f (g .) }}).
func Commands(tree *parse.Tree) func(yield func(*parse.CommandNode) bool) {
	return func(yield func(*parse.CommandNode) bool) {
		if tree != nil {
			commandsIn(tree.Root, yield)
		}
	}
}

// Statements yields the nodes of a template's lists, those in its if,
// range and with branches too: its text, actions, template calls and
// the branches themselves.
func Statements(root parse.Node) iter.Seq[parse.Node] {
	return func(yield func(parse.Node) bool) { statementsIn(root, yield) }
}

func statementsIn(n parse.Node, yield func(parse.Node) bool) bool {
	var lists []*parse.ListNode
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return true
		}
		for _, k := range n.Nodes {
			if !yield(k) || !statementsIn(k, yield) {
				return false
			}
		}
		return true
	case *parse.IfNode:
		lists = []*parse.ListNode{n.List, n.ElseList}
	case *parse.RangeNode:
		lists = []*parse.ListNode{n.List, n.ElseList}
	case *parse.WithNode:
		lists = []*parse.ListNode{n.List, n.ElseList}
	}
	for _, l := range lists {
		if !statementsIn(l, yield) {
			return false
		}
	}
	return true
}

func commandsIn(n parse.Node, yield func(*parse.CommandNode) bool) bool {
	var kids []parse.Node
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			kids = n.Nodes
		}
	case *parse.PipeNode:
		if n != nil {
			for _, c := range n.Cmds {
				kids = append(kids, c)
			}
		}
	case *parse.CommandNode:
		if !yield(n) {
			return false
		}
		kids = n.Args
	case *parse.ActionNode:
		kids = []parse.Node{n.Pipe}
	case *parse.ChainNode:
		kids = []parse.Node{n.Node}
	case *parse.TemplateNode:
		kids = []parse.Node{n.Pipe}
	case *parse.IfNode:
		kids = branch(&n.BranchNode)
	case *parse.RangeNode:
		kids = branch(&n.BranchNode)
	case *parse.WithNode:
		kids = branch(&n.BranchNode)
	}
	for _, k := range kids {
		if !commandsIn(k, yield) {
			return false
		}
	}
	return true
}

func branch(b *parse.BranchNode) []parse.Node {
	return []parse.Node{b.Pipe, b.List, b.ElseList}
}
