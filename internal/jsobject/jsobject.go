// Package jsobject reads the literal values of a JavaScript or TypeScript
// configuration file (an Astro or Docusaurus config) without running it: strings,
// numbers, booleans, objects, arrays, and the constants they name. What it
// does not evaluate (a call, an operator, a template with ${}) is kept as
// an Expr with its line, for the caller to say it was not read.
package jsobject

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is what a Value holds.
type Kind int

const (
	Expr   Kind = iota // anything not evaluated; Text holds its source, shortened
	String             // Text
	Number             // Num
	Bool               // Bool
	Null               // null or undefined
	Object             // Fields
	Array              // Items
	Ident              // a name (Text), such as a constant's: see File.Resolve
)

// Value is one value of the file, with the line it starts on.
type Value struct {
	Kind   Kind
	Line   int
	Text   string
	Num    float64
	Bool   bool
	Fields []Field
	Items  []Value
}

// Field is one member of an object literal. A spread (...x) has no Key.
type Field struct {
	Key    string
	Line   int
	Value  Value
	Spread bool
}

// Get returns the value of an object's member, the last one written.
func (v Value) Get(key string) (Value, bool) {
	for i := len(v.Fields) - 1; i >= 0; i-- {
		if f := v.Fields[i]; !f.Spread && f.Key == key {
			return f.Value, true
		}
	}
	return Value{}, false
}

// Describe says what a value is, for messages: its text for an
// expression or a name, else its kind.
func (v Value) Describe() string {
	switch v.Kind {
	case Expr, Ident:
		return v.Text
	case String:
		return strconv.Quote(v.Text)
	case Number:
		return "a number"
	case Bool:
		return strconv.FormatBool(v.Bool)
	case Null:
		return "null"
	case Object:
		return "an object"
	}
	return "a list"
}

// File is a parsed configuration file.
type File struct {
	src  []byte
	toks []token
}

// Parse reads src; it never fails, and what it cannot read becomes Expr
// values where it is used.
func Parse(src []byte) *File {
	return &File{src: src, toks: scan(src)}
}

// Call returns the first argument of the first call of a function name:
// the object passed to starlight(...) or defineConfig(...).
func (f *File) Call(name string) (Value, bool) {
	for i := 0; i+1 < len(f.toks); i++ {
		t := f.toks[i]
		if t.kind != tIdent || t.text != name || !f.is(i+1, "(") {
			continue
		}
		if i > 0 && (f.is(i-1, ".") || f.toks[i-1].kind == tIdent && (f.toks[i-1].text == "function" || f.toks[i-1].text == "import")) {
			continue
		}
		if f.is(i+2, ")") {
			return Value{Kind: Object, Line: t.line}, true
		}
		v, _ := f.value(i+2, 0)
		return v, true
	}
	return Value{}, false
}

// DefaultExport returns the value of `export default <value>`, or of
// CommonJS's `module.exports = <value>`, which configurations that Node
// requires are written with.
func (f *File) DefaultExport() (Value, bool) {
	for i := 0; i+2 < len(f.toks); i++ {
		if f.isIdent(i, "export") && f.isIdent(i+1, "default") {
			v, _ := f.value(i+2, 0)
			return v, true
		}
		if f.isIdent(i, "module") && f.is(i+1, ".") && f.isIdent(i+2, "exports") && f.is(i+3, "=") && (i == 0 || !f.is(i-1, ".")) {
			v, _ := f.value(i+4, 0)
			return v, true
		}
	}
	return Value{}, false
}

// Const returns the value a `const`, `let` or `var` declaration gives
// name, the first one in the file.
func (f *File) Const(name string) (Value, bool) {
	for i := 0; i+3 < len(f.toks); i++ {
		if (f.isIdent(i, "const") || f.isIdent(i, "let") || f.isIdent(i, "var")) && f.isIdent(i+1, name) {
			j := i + 2
			if f.is(j, ":") { // TypeScript: const x: T = ...
				j = f.skip(j + 1)
			}
			if f.is(j, "=") {
				v, _ := f.value(j+1, 0)
				return v, true
			}
		}
	}
	return Value{}, false
}

// Resolve follows a name to the constant it names, so that `locales,`
// in an object reads the `const locales = {...}` above it. A name that
// names no constant is returned as it is.
func (f *File) Resolve(v Value) Value {
	for range 8 { // a chain of names, never a loop
		if v.Kind != Ident {
			return v
		}
		c, ok := f.Const(v.Text)
		if !ok {
			return v
		}
		v = c
	}
	return v
}

// ImportName is the local name of module's default import (import sl
// from '@astrojs/starlight'), "" when the file does not import it.
func (f *File) ImportName(module string) string {
	for i := 0; i+3 < len(f.toks); i++ {
		if f.isIdent(i, "import") && f.toks[i+1].kind == tIdent && f.isIdent(i+2, "from") &&
			f.toks[i+3].kind == tString && f.toks[i+3].text == module {
			return f.toks[i+1].text
		}
	}
	return ""
}

// maxDepth bounds nesting, so that no file can exhaust the stack.
const maxDepth = 100

func (f *File) is(i int, punct string) bool {
	return i < len(f.toks) && f.toks[i].kind == tPunct && f.toks[i].text == punct
}

func (f *File) isIdent(i int, name string) bool {
	return i < len(f.toks) && f.toks[i].kind == tIdent && f.toks[i].text == name
}

// ends reports whether token i ends the value before it: a separator, a
// closing bracket, the end of the file, or a new statement on a later
// line (JavaScript needs no semicolons).
func (f *File) ends(i int) bool {
	if i >= len(f.toks) {
		return true
	}
	t := f.toks[i]
	if t.kind == tPunct {
		switch t.text {
		case ",", ";", "}", "]", ")":
			return true
		}
		return false
	}
	return t.kind == tIdent && i > 0 && t.line > f.toks[i-1].line && t.text != "as" && t.text != "satisfies"
}

// skip returns the index of the token that ends the expression starting
// at i: a separator or closing bracket outside any brackets of its own.
func (f *File) skip(i int) int {
	depth := 0
	for start := i; i < len(f.toks); i++ {
		t := f.toks[i]
		if t.kind != tPunct {
			if depth == 0 && i > start && t.kind == tIdent && t.line > f.toks[i-1].line && f.endsValue(i-1) {
				return i // a new statement: no semicolon needed
			}
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			if depth == 0 {
				return i
			}
			depth--
		case ",", ";", "=":
			if depth == 0 {
				return i
			}
		}
	}
	return i
}

// endsValue reports whether token i can be the last of a value, so that
// a name on the next line starts a new statement.
func (f *File) endsValue(i int) bool {
	t := f.toks[i]
	return t.kind != tPunct || t.text == ")" || t.text == "]" || t.text == "}"
}

// expr is the tokens from i to end as an Expr, with a shortened text.
func (f *File) expr(i, end int) Value {
	if i >= len(f.toks) {
		return Value{Kind: Expr, Line: f.lastLine(), Text: "nothing (the file ends)"}
	}
	from := f.toks[i].off
	to := from
	if end > i {
		to = f.toks[end-1].end
	}
	text := strings.Join(strings.Fields(string(f.src[from:to])), " ")
	if utf8.RuneCountInString(text) > 60 {
		text = string([]rune(text)[:57]) + "..."
	}
	return Value{Kind: Expr, Line: f.toks[i].line, Text: text}
}

func (f *File) lastLine() int {
	if len(f.toks) == 0 {
		return 1
	}
	return f.toks[len(f.toks)-1].line
}

// value reads the value starting at token i and returns it with the index
// of the token after it.
func (f *File) value(i, depth int) (Value, int) {
	v, j := f.primary(i, depth)
	// TypeScript's `x as const` and `x satisfies T` keep x.
	if f.isIdent(j, "as") || f.isIdent(j, "satisfies") {
		j = f.skip(j + 1)
	}
	if v.Kind != Expr && !f.ends(j) {
		end := f.skip(j)
		return f.expr(i, end), end
	}
	return v, j
}

func (f *File) primary(i, depth int) (Value, int) {
	if i >= len(f.toks) {
		return f.expr(i, i), i
	}
	if depth > maxDepth {
		end := f.skip(i)
		v := f.expr(i, end)
		v.Text = "a value nested too deeply"
		return v, end
	}
	t := f.toks[i]
	switch t.kind {
	case tString:
		if t.bad != "" {
			return Value{Kind: Expr, Line: t.line, Text: t.bad}, i + 1
		}
		return Value{Kind: String, Line: t.line, Text: t.text}, i + 1
	case tNumber:
		n, err := parseNumber(t.text)
		if err != nil {
			return f.expr(i, i+1), i + 1
		}
		return Value{Kind: Number, Line: t.line, Num: n}, i + 1
	case tIdent:
		switch t.text {
		case "true", "false":
			return Value{Kind: Bool, Line: t.line, Bool: t.text == "true"}, i + 1
		case "null", "undefined":
			return Value{Kind: Null, Line: t.line}, i + 1
		}
		return Value{Kind: Ident, Line: t.line, Text: t.text}, i + 1
	}
	switch t.text {
	case "-":
		if i+1 < len(f.toks) && f.toks[i+1].kind == tNumber {
			if n, err := parseNumber(f.toks[i+1].text); err == nil {
				return Value{Kind: Number, Line: t.line, Num: -n}, i + 2
			}
		}
	case "{":
		return f.object(i, depth)
	case "[":
		return f.array(i, depth)
	}
	end := f.skip(i)
	if end == i {
		end = i + 1 // a stray token: step over it
	}
	return f.expr(i, end), end
}

func (f *File) object(open, depth int) (Value, int) {
	obj := Value{Kind: Object, Line: f.toks[open].line}
	closed, next := f.members(open, "}", func(i int) int {
		field, next := f.member(i, depth)
		obj.Fields = append(obj.Fields, field)
		return next
	})
	if !closed {
		return Value{Kind: Expr, Line: obj.Line, Text: "an object ({) never closed"}, next
	}
	return obj, next
}

// member reads one member of an object: key: value, a shorthand name, or
// a spread.
func (f *File) member(i, depth int) (Field, int) {
	t := f.toks[i]
	field := Field{Line: t.line}
	switch {
	case f.is(i, "..."):
		field.Spread = true
		field.Value, i = f.value(i+1, depth+1)
	case t.kind == tIdent || t.kind == tString || t.kind == tNumber:
		field.Key = t.text
		switch {
		case f.is(i+1, ":"):
			field.Value, i = f.value(i+2, depth+1)
		case f.ends(i + 1):
			// Shorthand: { locales } is { locales: locales }.
			field.Value, i = Value{Kind: Ident, Line: t.line, Text: t.text}, i+1
		default:
			// A method, a getter: not a value.
			end := f.skipMember(i)
			field.Value, i = f.expr(i, end), end
		}
	default:
		// A computed key, or a stray token.
		end := max(f.skipMember(i), i+1)
		field.Value, i = f.expr(i, end), end
	}
	return field, i
}

func (f *File) array(open, depth int) (Value, int) {
	arr := Value{Kind: Array, Line: f.toks[open].line}
	closed, next := f.members(open, "]", func(i int) int {
		var v Value
		if f.is(i, "...") {
			end := f.skip(i + 1)
			v, i = f.expr(i, end), end
		} else {
			v, i = f.value(i, depth+1)
		}
		arr.Items = append(arr.Items, v)
		return i
	})
	if !closed {
		return Value{Kind: Expr, Line: arr.Line, Text: "a list ([) never closed"}, next
	}
	return arr, next
}

// members calls member at the first token of each comma-separated member
// after the bracket at open, up to the closing one; member returns the
// index after what it read, and anything left of a member is skipped. It
// reports whether the bracket is closed, and the index after it.
func (f *File) members(open int, closing string, member func(i int) int) (closed bool, next int) {
	i := open + 1
	for {
		switch {
		case i >= len(f.toks):
			return false, i
		case f.is(i, closing):
			return true, i + 1
		case f.is(i, ","):
			i++
			continue
		}
		i = member(i)
		if i < len(f.toks) && !f.is(i, ",") && !f.is(i, closing) {
			i = max(f.skipMember(i), i+1)
		}
	}
}

// skipMember skips to the comma or closing brace that ends an object's
// member, whatever it holds (a method's body, a computed key).
func (f *File) skipMember(i int) int {
	for i < len(f.toks) {
		i = f.skip(i)
		if i >= len(f.toks) || f.is(i, ",") || f.is(i, "}") || f.is(i, ")") || f.is(i, "]") {
			return i
		}
		i++ // a ; or = inside the member
	}
	return i
}

func parseNumber(s string) (float64, error) {
	s = strings.ReplaceAll(s, "_", "")
	if len(s) > 2 && s[0] == '0' && strings.ContainsRune("xXoObB", rune(s[1])) {
		n, err := strconv.ParseInt(s, 0, 64)
		return float64(n), err
	}
	return strconv.ParseFloat(s, 64)
}

type tokenKind int

const (
	tPunct tokenKind = iota
	tIdent
	tString // quoted, or a template without ${}
	tNumber
)

type token struct {
	kind     tokenKind
	text     string // a string's value, decoded
	bad      string // a string that is not one value: why
	line     int
	off, end int
}

// scan splits src into tokens, dropping comments; it reads any bytes.
func scan(src []byte) []token {
	var toks []token
	line := 1
	for i := 0; i < len(src); {
		c := src[i]
		start, startLine := i, line
		switch {
		case c == '\n':
			line++
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r':
			i++
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			i += 2
			for i < len(src) && !(src[i] == '*' && i+1 < len(src) && src[i+1] == '/') {
				if src[i] == '\n' {
					line++
				}
				i++
			}
			i = min(i+2, len(src))
			continue
		case c == '\'' || c == '"' || c == '`':
			var t token
			t, i, line = scanString(src, i, line)
			t.off, t.end = start, i
			toks = append(toks, t)
			continue
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			for i < len(src) && (isIdentByte(src[i]) || src[i] == '.' ||
				(src[i] == '+' || src[i] == '-') && (src[i-1] == 'e' || src[i-1] == 'E')) {
				i++
			}
			toks = append(toks, token{kind: tNumber, text: string(src[start:i]), line: line, off: start, end: i})
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if isIdentByte(c) || c >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			for i < len(src) {
				r, size := utf8.DecodeRune(src[i:])
				if !isIdentByte(src[i]) && !(src[i] >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))) {
					break
				}
				i += size
			}
			toks = append(toks, token{kind: tIdent, text: string(src[start:i]), line: line, off: start, end: i})
			continue
		}
		if c == '.' && i+2 < len(src) && src[i+1] == '.' && src[i+2] == '.' {
			size = 3
		}
		i += size
		toks = append(toks, token{kind: tPunct, text: string(src[start:i]), line: startLine, off: start, end: i})
	}
	return toks
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// scanString reads a quoted string or a template literal starting at i,
// decoding its escapes. A template with ${} is not one value: bad says
// so. It returns the token, the index after it and the line there.
func scanString(src []byte, i, line int) (token, int, int) {
	quote := src[i]
	t := token{kind: tString, line: line}
	var b strings.Builder
	i++
	for {
		if i >= len(src) || quote != '`' && src[i] == '\n' {
			t.bad = "a string never closed"
			break
		}
		c := src[i]
		if c == quote {
			i++
			break
		}
		if quote == '`' && c == '$' && i+1 < len(src) && src[i+1] == '{' {
			t.bad = "a template with ${…}"
			depth := 0
			for i < len(src) {
				switch src[i] {
				case '{':
					depth++
				case '}':
					depth--
				case '\n':
					line++
				}
				i++
				if depth == 0 {
					break
				}
			}
			continue
		}
		if c == '\n' {
			line++
		}
		if c != '\\' || i+1 >= len(src) {
			b.WriteByte(c)
			i++
			continue
		}
		i++
		switch e := src[i]; e {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '0':
			b.WriteByte(0)
		case '\n':
			line++ // a line continuation
		case 'u', 'x':
			r, n := escapedRune(src[i+1:], e)
			if n == 0 {
				b.WriteByte(e)
				break
			}
			b.WriteRune(r)
			i += n
		default:
			b.WriteByte(e)
		}
		i++
	}
	t.text = b.String()
	return t, i, line
}

// escapedRune decodes the digits after \u (XXXX or {X…}) or \x (XX),
// returning the rune and how many bytes they took, 0 for none.
func escapedRune(s []byte, kind byte) (rune, int) {
	digits, n := 2, 2
	if kind == 'u' {
		digits, n = 4, 4
		if len(s) > 0 && s[0] == '{' {
			end := strings.IndexByte(string(s[:min(len(s), 10)]), '}')
			if end < 0 {
				return 0, 0
			}
			v, err := strconv.ParseUint(string(s[1:end]), 16, 32)
			if err != nil || v > unicode.MaxRune {
				return 0, 0
			}
			return rune(v), end + 1
		}
	}
	if len(s) < digits {
		return 0, 0
	}
	v, err := strconv.ParseUint(string(s[:digits]), 16, 32)
	if err != nil {
		return 0, 0
	}
	return rune(v), n
}
