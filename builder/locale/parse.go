package locale

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/template"
	"text/template/parse"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"kb/builder/diag"
	"kb/builder/limits"
	"kb/internal/textpos"
)

// parsedFile is a message file's valid messages and the problems found in it.
type parsedFile struct {
	msgFile
	msgs  []*i18n.Message
	diags []diag.Diagnostic
}

// parseFile decodes a TOML message file one top-level key at a time, so that an
// error names the message and its line, and drops messages go-i18n could not
// render, so English shows instead of a broken string.
func parseFile(f msgFile) parsedFile {
	p := parsedFile{msgFile: f}
	if err := limits.TOML(f.src); err != nil {
		p.diags = append(p.diags, diag.At(f.name, err.Line, err.Col, "%s", err.Msg))
		return p
	}
	if err := limits.Size(f.src, limits.ConfigBytes, "the file"); err != nil {
		p.diags = append(p.diags, diag.At(f.name, err.Line, err.Col, "%s", err.Msg))
		return p
	}
	var raw map[string]any
	if err := toml.Unmarshal(f.src, &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			p.diags = append(p.diags, diag.At(f.name, pe.Position.Line, textpos.FromByteColumn(f.src, pe.Position.Line, pe.Position.Col), "%s", pe.Message))
		} else {
			p.diags = append(p.diags, diag.At(f.name, 0, 0, "%v", err))
		}
		return p
	}
	for _, key := range slices.Sorted(maps.Keys(raw)) {
		// Handing go-i18n one key at a time keeps its format rules
		// (plural tables, nested ids) while errors stay attributable.
		one := func(_ []byte, v any) error {
			*v.(*any) = map[string]any{key: raw[key]}
			return nil
		}
		msgs, err := i18n.ParseMessageBytes(f.src, one)
		if err != nil {
			p.errorf(key, "%s: %v", key, err)
			continue
		}
		for _, m := range msgs {
			if m.ID == "" {
				p.errorf(key, "%q is a plural form name, not a message id", key)
				continue
			}
			if err := checkTemplates(m); err != nil {
				p.errorf(key, "%s: %v", m.ID, err)
				continue
			}
			p.msgs = append(p.msgs, m)
		}
	}
	return p
}

func (p *parsedFile) errorf(id, format string, args ...any) {
	p.diags = append(p.diags, diag.At(p.name, keyLine(p.src, id), 0, format, args...))
}

// forms lists a message's plural forms with their CLDR names.
func forms(m *i18n.Message) []struct{ name, text string } {
	return []struct{ name, text string }{
		{"zero", m.Zero}, {"one", m.One}, {"two", m.Two}, {"few", m.Few}, {"many", m.Many}, {"other", m.Other},
	}
}

// checkTemplates parses each form now, because go-i18n only parses when a
// page first asks, where an error could only be swallowed. UI strings are
// data, not programs: a form may hold text and {{.Name}} placeholders only,
// so that no translation can loop, call functions or blow a page up.
func checkTemplates(m *i18n.Message) error {
	for _, f := range forms(m) {
		t, err := parseTemplate(m, f.text)
		if err != nil {
			return err
		}
		if t == nil || t.Tree == nil {
			continue
		}
		for _, n := range t.Tree.Root.Nodes {
			if !isPlaceholder(n) {
				return fmt.Errorf("%s: only text and placeholders like {{.Count}} are allowed in UI strings", clip(n.String(), 40))
			}
		}
	}
	return nil
}

// isPlaceholder reports text or a lone {{.Name}}.
func isPlaceholder(n parse.Node) bool {
	switch n := n.(type) {
	case *parse.TextNode:
		return true
	case *parse.ActionNode:
		p := n.Pipe
		if p == nil || p.IsAssign || len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
			return false
		}
		f, ok := p.Cmds[0].Args[0].(*parse.FieldNode)
		return ok && len(f.Ident) == 1
	}
	return false
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func parseTemplate(m *i18n.Message, text string) (*template.Template, error) {
	left, right := cmp.Or(m.LeftDelim, "{{"), cmp.Or(m.RightDelim, "}}")
	if !strings.Contains(text, left) {
		return nil, nil
	}
	t, err := template.New(m.ID).Delims(left, right).Parse(text)
	if err != nil {
		return nil, errors.New(strings.TrimPrefix(err.Error(), "template: "))
	}
	return t, nil
}

// check compares a translation with English: an id English lacks is likely a
// typo, a placeholder English lacks will print "<no value>", and a missing
// plural form shows the "other" wording for counts that need their own.
func (c *Catalog) check(p parsedFile) []diag.Diagnostic {
	var ds []diag.Diagnostic
	warnf := func(id, format string, args ...any) {
		ds = append(ds, diag.WarnAt(p.name, keyLine(p.src, id), 0, format, args...).Of(diag.UIString))
	}
	en := c.messages["en"]
	tag := language.Make(p.code)
	for _, m := range p.msgs {
		if p.code != "en" {
			ref, ok := en[m.ID]
			if !ok {
				warnf(m.ID, "%s: no English message has this id", m.ID)
				continue
			}
			known := fields(ref)
			if isPlural(m) || isPlural(ref) {
				known["Count"] = true // N always sets it
			}
			for _, f := range slices.Sorted(maps.Keys(fields(m))) {
				if !known[f] {
					warnf(m.ID, "%s: {{.%s}} is not among the English message's placeholders", m.ID, f)
				}
			}
		}
		if !isPlural(m) {
			continue
		}
		for _, need := range pluralForms(tag) {
			if text(m, need.name) == "" {
				warnf(m.ID, "%s: no %q form, which %s uses for %d", m.ID, need.name, p.code, need.example)
			}
		}
	}
	return ds
}

func isPlural(m *i18n.Message) bool {
	return m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != ""
}

func text(m *i18n.Message, form string) string {
	for _, f := range forms(m) {
		if f.name == form {
			return f.text
		}
	}
	return ""
}

// fields returns the placeholders ({{.Query}} → "Query") that a message's
// forms use; checkTemplates has made sure there is nothing else.
func fields(m *i18n.Message) map[string]bool {
	out := map[string]bool{}
	for _, f := range forms(m) {
		t, _ := parseTemplate(m, f.text)
		if t == nil || t.Tree == nil {
			continue
		}
		for _, n := range t.Tree.Root.Nodes {
			if a, ok := n.(*parse.ActionNode); ok && isPlaceholder(a) {
				out[a.Pipe.Cmds[0].Args[0].(*parse.FieldNode).Ident[0]] = true
			}
		}
	}
	return out
}

// pluralForm is a CLDR plural form a language uses, with a count that takes it.
type pluralForm struct {
	name    string
	example int
}

// pluralForms finds the forms a language's whole-number counts use by asking
// x/text's CLDR rules about 0–200: enough to meet every integer form (Arabic
// reaches "many" at 11 and "other" at 100), while French and Spanish "many",
// kept for millions, is left optional since go-i18n falls back to "other".
func pluralForms(tag language.Tag) []pluralForm {
	names := map[plural.Form]string{
		plural.Zero: "zero", plural.One: "one", plural.Two: "two",
		plural.Few: "few", plural.Many: "many", plural.Other: "other",
	}
	seen := map[plural.Form]bool{}
	var out []pluralForm
	for n := 0; n <= 200; n++ {
		f := plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)
		if !seen[f] {
			seen[f] = true
			out = append(out, pluralForm{names[f], n})
		}
	}
	return out
}

// keyLine finds the line that defines a top-level key: "key = ...",
// "key.form = ..." or a "[key]" table header; 0 (no line) when not found.
func keyLine(src []byte, key string) int {
	inTable := false
	for i, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			name := strings.Trim(line, "[] \t")
			name = strings.ReplaceAll(name, `"`, "")
			if name == key || strings.HasPrefix(name, key+".") {
				return i + 1
			}
			inTable = true
			continue
		}
		k, _, ok := strings.Cut(line, "=")
		if !ok || inTable {
			continue
		}
		k = strings.ReplaceAll(strings.TrimSpace(k), `"`, "")
		if k == key || strings.HasPrefix(k, key+".") {
			return i + 1
		}
	}
	return 0
}
