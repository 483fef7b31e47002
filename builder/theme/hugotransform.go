package theme

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"html/template"
	"math"
	"reflect"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

// Hugo's transform namespace, the functions of it that need no file:
// Remarshal (Hugo's documentation shows each configuration example in
// TOML, YAML and JSON with it, in its code-toggle shortcode) and
// Highlight, which kb gives as a plain code block.

// Transform is Hugo's transform namespace.
type Transform struct{}

// HTMLEscape is Hugo's transform.HTMLEscape: s with <, >, &, ' and "
// escaped, for a template that writes attributes itself (printf " %s=%q"
// | safeHTMLAttr, as Hugo docs' render-link does).
func (Transform) HTMLEscape(v any) (string, error) {
	s, err := Text(v)
	return html.EscapeString(s), err
}

// Remarshal is Hugo's transform.Remarshal FORMAT DATA: DATA, a map or a
// text of TOML, YAML or JSON, written in FORMAT (toml, yaml or json),
// keys sorted, as Hugo writes them.
func (Transform) Remarshal(format, data any) (string, error) {
	to, err := Text(format)
	if err != nil {
		return "", err
	}
	var v any
	switch d := data.(type) {
	case map[string]any:
		v = d
	default:
		s, err := Text(data)
		if err != nil {
			return "", fmt.Errorf("transform.Remarshal reads a map or a text of TOML, YAML or JSON, not %T", data)
		}
		if s = strings.TrimSpace(s); s == "" {
			return "", nil
		}
		if v, err = unmarshalAny(s); err != nil {
			return "", err
		}
	}
	return marshalAs(strings.ToLower(to), integral(v))
}

// unmarshalAny reads s as Hugo guesses its format: JSON when a { comes
// before any : and =, YAML when a : comes before any =, else TOML.
func unmarshalAny(s string) (any, error) {
	first := func(sub string) int {
		if i := strings.Index(s, sub); i >= 0 {
			return i
		}
		return math.MaxInt
	}
	brace, colon, equals := first("{"), first(":"), first("=")
	var v map[string]any
	switch {
	case brace < colon && brace < equals:
		if err := json.Unmarshal([]byte(s), &v); err != nil {
			return nil, fmt.Errorf("transform.Remarshal: the text looks like JSON but is not: %w", err)
		}
	case colon < equals:
		if err := yaml.Unmarshal([]byte(s), &v); err != nil {
			return nil, fmt.Errorf("transform.Remarshal: the text looks like YAML but is not: %w", err)
		}
	case equals < math.MaxInt:
		if err := toml.Unmarshal([]byte(s), &v); err != nil {
			return nil, fmt.Errorf("transform.Remarshal: the text looks like TOML but is not: %w", err)
		}
	default:
		return nil, errors.New("transform.Remarshal: the text is none of TOML, YAML and JSON")
	}
	return v, nil
}

// integral is v with whole floats as integers (JSON's 1 is a float), as
// Hugo writes them, and maps with keys of any type as maps of texts
// (YAML's); v itself is left as it is: it may be the site's data.
func integral(v any) any {
	switch v := v.(type) {
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
			return int64(v)
		}
		return v
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = integral(e)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[fmt.Sprint(k)] = integral(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = integral(e)
		}
		return out
	}
	r := reflect.ValueOf(v)
	if r.Kind() == reflect.Map && r.Type().Key().Kind() == reflect.String {
		out := make(map[string]any, r.Len())
		for _, k := range r.MapKeys() {
			out[k.String()] = integral(r.MapIndex(k).Interface())
		}
		return out
	}
	if r.Kind() == reflect.Slice && r.Type().Elem().Kind() != reflect.Uint8 {
		out := make([]any, r.Len())
		for i := range r.Len() {
			out[i] = integral(r.Index(i).Interface())
		}
		return out
	}
	return v
}

// marshalAs writes v in format as Hugo does: JSON indented three spaces,
// YAML two with a list at its key's indentation, TOML's tables indented
// two.
func marshalAs(format string, v any) (string, error) {
	var b bytes.Buffer
	switch format {
	case "json":
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "   ")
		if err := enc.Encode(v); err != nil {
			return "", err
		}
	case "yaml", "yml":
		enc := yaml.NewEncoder(&b)
		enc.SetIndent(2)
		if err := enc.Encode(v); err != nil {
			return "", err
		}
		return compactLists(b.String()), nil
	case "toml":
		m, ok := v.(map[string]any)
		if !ok {
			return "", fmt.Errorf("transform.Remarshal: TOML writes a map, not %T", v)
		}
		if err := toml.NewEncoder(&b).Encode(m); err != nil {
			return "", err
		}
	default:
		return "", fmt.Errorf("transform.Remarshal: the format is toml, yaml or json, not %q", format)
	}
	return b.String(), nil
}

// compactLists writes YAML's lists under a key at the key's indentation
// ("c:\n- foo"), as Hugo's YAML does, where yaml.v3 indents them.
// Block scalars (|, >) keep their lines, shifted with their key.
func compactLists(y string) string {
	orig := strings.SplitAfter(y, "\n")
	lines := make([]string, len(orig))
	var shifts []listShift
	scalar := -1 // the indentation of the key of the block scalar being read
	for i, l := range orig {
		body := strings.TrimLeft(l, " ")
		indent := len(l) - len(body)
		blank := strings.TrimSpace(l) == ""
		for len(shifts) > 0 && !blank && indent < shifts[len(shifts)-1].from {
			shifts = shifts[:len(shifts)-1]
		}
		if scalar >= 0 && (blank || indent > scalar) {
			lines[i] = unindent(l, shifts)
			continue
		}
		scalar = -1
		if strings.HasPrefix(body, "- ") || strings.TrimSpace(body) == "-" {
			if i > 0 && strings.HasSuffix(strings.TrimRight(orig[i-1], "\n"), ":") && indent > 0 {
				prev := orig[i-1]
				prevIndent := len(prev) - len(strings.TrimLeft(prev, " "))
				if indent == prevIndent+2 {
					shifts = append(shifts, listShift{from: indent, by: 2})
				}
			}
		}
		lines[i] = unindent(l, shifts)
		if blockScalar.MatchString(strings.TrimRight(body, "\n")) {
			scalar = indent
		}
	}
	return strings.Join(lines, "")
}

// blockScalar is a line that opens a block scalar: "key: |-", "- >".
var blockScalar = regexp.MustCompile(`(^|: |^- )[|>][0-9]?[-+]?[0-9]?$`)

// listShift takes by spaces off the lines indented from or more.
type listShift struct{ from, by int }

func unindent(l string, shifts []listShift) string {
	n := 0
	for _, s := range shifts {
		n += s.by
	}
	return l[min(n, len(l)-len(strings.TrimLeft(l, " "))):]
}

// CanHighlight is Hugo's transform.CanHighlight: whether highlight
// takes lang. kb's highlight takes any named language (it keeps the code
// as it is, left to right), so a theme's hook writes the block that way
// rather than as bare <pre> that turns right to left on Arabic pages.
func (Transform) CanHighlight(lang any) bool {
	l, err := Text(lang)
	return err == nil && strings.TrimSpace(l) != ""
}

// Highlight is Hugo's transform.Highlight CODE LANG [OPTIONS], and its
// highlight: the code in a code block of its language, as Hugo's
// markup is without colors (kb colors no code).
func (Transform) Highlight(code, lang any, _ ...any) (template.HTML, error) {
	c, err := Text(code)
	l, err2 := Text(lang)
	if err := errors.Join(err, err2); err != nil {
		return "", err
	}
	attr := ""
	if l != "" {
		attr = fmt.Sprintf(` class="language-%s" data-lang="%s"`, html.EscapeString(l), html.EscapeString(l))
	}
	return template.HTML(`<div class="highlight"><pre dir="ltr"><code` + attr + `>` + html.EscapeString(strings.TrimSuffix(c, "\n")) + "</code></pre></div>"), nil
}
