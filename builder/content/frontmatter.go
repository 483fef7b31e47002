package content

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"kb/builder/diag"
	"kb/builder/limits"
	"kb/internal/textpos"
	"kb/internal/validutf8"
)

// Parse reads one file's bytes (used by Load and by the incremental rebuild in kb serve). file is the
// slash path for messages; lang/kind/path are supplied by the caller (from Classify).
//
// ok is false only when the front matter cannot be read at all (unclosed, or a
// syntax error); a wrong value is reported and its field left zero.
func Parse(file string, src []byte, diags *diag.List) (meta Meta, body []byte, bodyLine int, untranslated bool, ok bool) {
	return parse(file, src, diags, LoadOptions{})
}

// parse is Parse with a front matter cache and the keys templates read
// (LoadOptions).
func parse(file string, src []byte, diags *diag.List, opts LoadOptions) (meta Meta, body []byte, bodyLine int, untranslated bool, ok bool) {
	lines := normalizeLines(src)
	text := lines // normalize(src), without checking the bytes twice
	if off := invalidUTF8(lines); off >= 0 {
		line, col := textpos.Position(lines, off)
		if fm := split(lines); fm.delim != "" && fm.closed && off < len(lines)-len(fm.body) {
			diags.Errorf(file, line, col, "front matter: invalid UTF-8 byte 0x%02x: save the file as UTF-8", lines[off])
			return Meta{}, nil, 0, false, false
		}
		diags.Warnf(file, line, col, "invalid UTF-8 byte 0x%02x: save the file as UTF-8 (shown as \uFFFD)", lines[off])
		text = bytes.ToValidUTF8(lines, []byte("\uFFFD"))
	}
	fm := split(text)
	if fm.delim == "" {
		return Meta{}, fm.body, fm.bodyLine, false, true
	}
	if !fm.closed && fm.delim == "{" {
		diags.Errorf(file, fm.blockLine, 1, "front matter: the opening { of the JSON front matter has no closing }")
		return Meta{}, nil, 0, false, false
	}
	if !fm.closed {
		diags.Errorf(file, fm.blockLine-1, 1, "front matter: the opening %s has no closing %s line", fm.delim, fm.delim)
		return Meta{}, nil, 0, false, false
	}
	if meta, untranslated, ok = decodeFrontMatter(file, fm, diags, opts); !ok {
		return Meta{}, nil, 0, false, false
	}
	if len(bytes.TrimSpace(fm.body)) == 0 {
		untranslated = true
	}
	return meta, fm.body, fm.bodyLine, untranslated, true
}

// decodeFrontMatter checks and decodes fm's block, or takes what decoding
// gave last time from opts' cache.
func decodeFrontMatter(file string, fm frontMatter, diags *diag.List, opts LoadOptions) (meta Meta, untranslated bool, ok bool) {
	fmc := opts.FrontMatter
	var key [32]byte
	if fmc != nil {
		key = frontMatterKey(fm.delim, fm.block)
		if meta, untranslated, ok = fmc.get(key); ok {
			return meta, untranslated, true
		}
	}
	// With a cache, diagnostics go to a list of their own first: only
	// front matter that decodes without any is kept.
	ds := diags
	var own diag.List
	if fmc != nil {
		ds = &own
		defer func() { diags.Add(own.All()...) }()
	}
	if err := checkLimits(fm); err != nil {
		ds.Errorf(file, err.Line+fm.blockLine-1, err.Col, "front matter: %s", err.Msg)
		return Meta{}, false, false
	}
	var fields []field
	switch fm.delim {
	case "+++":
		fields, ok = tomlFields(file, fm.block, fm.blockLine, ds)
	case "{":
		fields, ok = jsonFields(file, fm.block, fm.blockLine, ds)
	default:
		fields, ok = yamlFields(file, fm.block, fm.blockLine, ds)
	}
	if !ok {
		return Meta{}, false, false
	}
	meta, untranslated = decode(file, fields, ds, opts.TemplateParams)
	if fmc != nil && len(own.All()) == 0 {
		fmc.put(key, meta, untranslated)
	}
	return meta, untranslated, true
}

// checkLimits refuses front matter too big or too deeply nested for the
// decoders to read in bounded time and memory.
func checkLimits(fm frontMatter) *limits.Error {
	// encoding/json reads nesting in linear time, and bounds it.
	depth := func([]byte) *limits.Error { return nil }
	switch fm.delim {
	case "+++":
		depth = limits.TOML
	case "---":
		depth = limits.YAML
	}
	if err := depth(fm.block); err != nil {
		return err
	}
	if err := limits.Size(fm.block, limits.FrontMatterBytes, "front matter"); err != nil {
		err.Msg += ": move long text into the body"
		return err
	}
	return nil
}

// normalize strips a UTF-8 byte order mark, turns CRLF and lone CR into
// LF, which keeps the line count, so positions still match the file, and
// replaces bytes that are not UTF-8 with U+FFFD (Parse warns about them).
func normalize(src []byte) []byte {
	text := normalizeLines(src)
	if !validutf8.Valid(text) {
		text = bytes.ToValidUTF8(text, []byte("\uFFFD"))
	}
	return text
}

func normalizeLines(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	out := bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(out, []byte("\r"), []byte("\n"))
}

// invalidUTF8 returns the offset of the first byte of text that is not
// valid UTF-8, or -1.
func invalidUTF8(text []byte) int {
	if validutf8.Valid(text) {
		return -1
	}
	for off := 0; off < len(text); {
		r, n := utf8.DecodeRune(text[off:])
		if r == utf8.RuneError && n <= 1 {
			return off
		}
		off += n
	}
	return -1
}

// frontMatter is a file cut into its front-matter block and body, with the
// file lines where each starts.
type frontMatter struct {
	delim     string // "---", "+++", "{" (a JSON object), or "" when the file has no front matter
	closed    bool
	block     []byte
	blockLine int
	body      []byte
	bodyLine  int
}

// split cuts text into its front matter and body. Front matter may follow
// blank lines, as Hugo and Zola read it.
func split(text []byte) frontMatter {
	if lead, lines := blankLines(text); lines > 0 {
		if fm := splitAtStart(text[lead:]); fm.delim != "" {
			fm.blockLine += lines
			fm.bodyLine += lines
			return fm
		}
	}
	return splitAtStart(text)
}

// blankLines measures the lines at the start of text that hold only
// spaces and tabs: their bytes and their number.
func blankLines(text []byte) (n, lines int) {
	for {
		nl := bytes.IndexByte(text[n:], '\n')
		if nl < 0 || len(bytes.Trim(text[n:n+nl], " \t")) > 0 {
			return n, lines
		}
		n += nl + 1
		lines++
	}
}

// splitAtStart is split for front matter on the first line.
func splitAtStart(text []byte) frontMatter {
	if startsJSON(text) {
		return splitJSON(text)
	}
	first, rest, _ := bytes.Cut(text, []byte("\n"))
	delim := string(bytes.TrimRight(first, " \t"))
	if delim != "---" && delim != "+++" {
		return frontMatter{body: text, bodyLine: 1}
	}
	fm := frontMatter{delim: delim, blockLine: 2}
	line := 2
	for off := 0; off < len(rest); line++ {
		end := bytes.IndexByte(rest[off:], '\n')
		next := len(rest)
		if end >= 0 {
			next = off + end + 1
			end += off
		} else {
			end = len(rest)
		}
		if string(bytes.TrimRight(rest[off:end], " \t")) == delim {
			fm.closed = true
			fm.block = rest[:off]
			fm.body = rest[next:]
			fm.bodyLine = line + 1
			return fm
		}
		off = next
	}
	return fm
}

// field is one top-level front-matter key, its value decoded to plain Go
// values (string, integers, float64, bool, time.Time, []any, maps, nil) so
// that YAML and TOML share one set of checks.
type field struct {
	name      string // as written
	line, col int    // in the file
	val       any
	raw       string // the YAML scalar as written ("1" for `slug: 1`)
	hasRaw    bool
	empty     bool // YAML `key:` with nothing after it
	// keys are the positions of a YAML table's own keys (line, column),
	// for messages about one of them.
	keys map[string][2]int
}

// subPosition is where a key of the field's table is written, else
// where the field is.
func (f field) subPosition(key string) (line, col int) {
	if p, ok := f.keys[key]; ok {
		return p[0], p[1]
	}
	return f.line, f.col
}

func yamlFields(file string, block []byte, firstLine int, diags *diag.List) ([]field, bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(block, &doc); err != nil {
		line, msg := YAMLSyntaxError(block, err)
		col := 0
		if l, c, fix, ok := explainYAML(block, line, msg); ok {
			line, col, msg = l, c, fix
		}
		if line > 0 {
			line += firstLine - 1
		} else {
			line = firstLine - 1 // the opening ---: the parser did not say where
		}
		diags.Errorf(file, line, col, "front matter: %s", msg)
		return nil, false
	}
	if len(doc.Content) == 0 {
		return nil, true
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil, true
	}
	if root.Kind != yaml.MappingNode {
		diags.Errorf(file, root.Line+firstLine-1, root.Column, "front matter: expected \"key: value\" lines")
		return nil, false
	}
	var fields []field
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		f := field{name: k.Value, line: k.Line + firstLine - 1, col: k.Column}
		if k.Kind != yaml.ScalarNode {
			diags.Errorf(file, f.line, f.col, "front matter: a key must be a plain name")
			continue
		}
		if err := v.Decode(&f.val); err != nil {
			var terr *yaml.TypeError
			if !errors.As(err, &terr) {
				diags.Errorf(file, f.line, f.col, "front matter: %q: %s", f.name, strings.TrimPrefix(err.Error(), "yaml: "))
				continue
			}
			for _, e := range terr.Errors {
				line, msg := yamlError(errors.New(e))
				if line > 0 {
					line += firstLine - 1
				} else {
					line = f.line
				}
				diags.Errorf(file, line, 0, "front matter: %q: %s", f.name, shiftAtLine(msg, firstLine-1))
			}
			continue
		}
		if v.Kind == yaml.MappingNode {
			f.keys = make(map[string][2]int, len(v.Content)/2)
			for j := 0; j+1 < len(v.Content); j += 2 {
				k := v.Content[j]
				f.keys[k.Value] = [2]int{k.Line + firstLine - 1, k.Column}
			}
		}
		if v.Kind == yaml.ScalarNode {
			f.raw, f.hasRaw = v.Value, true
			f.empty = v.Tag == "!!null" && v.Value == "" && v.Style == 0
		}
		fields = append(fields, f)
	}
	return fields, true
}

// yamlError takes yaml.v3's "yaml: line N: msg" apart; N is relative to the
// front-matter block.
func yamlError(err error) (line int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, after, ok := strings.Cut(rest, ": "); ok {
			if l, err := strconv.Atoi(n); err == nil {
				return l, after
			}
		}
	}
	return 0, msg
}

// yamlParserProblems are the messages of yaml.v3's parser, as opposed to
// its scanner. The parser's line is 0-based where the scanner's is
// 1-based (yaml.v3 adds one for scanner errors only), and it gives none
// when the place is the block's first line.
var yamlParserProblems = []string{
	"did not find expected ',' or ']'", "did not find expected ',' or '}'", "did not find expected '-' indicator",
	"did not find expected <document start>", "did not find expected key", "did not find expected node content",
	"found duplicate %TAG directive", "found duplicate %YAML directive", "found incompatible YAML document",
	"found undefined tag handle",
}

// YAMLSyntaxError is yamlError for what yaml.Unmarshal returns from
// block, with the parser's lines made 1-based like the scanner's. A
// parser's problem found at the end of the block (a list never closed) is
// put on the block's last line that has text.
func YAMLSyntaxError(block []byte, err error) (line int, msg string) {
	line, msg = yamlError(err)
	if slices.Contains(yamlParserProblems, msg) {
		line++
		lines := bytes.Split(bytes.TrimRight(block, " \t\n"), []byte("\n"))
		line = min(line, len(lines))
	}
	return line, msg
}

// shiftAtLine turns the block line in yaml.v3's "... at line N" into a file line.
func shiftAtLine(msg string, offset int) string {
	before, n, found := strings.Cut(msg, " at line ")
	if l, err := strconv.Atoi(n); found && err == nil {
		return fmt.Sprintf("%s at line %d", before, l+offset)
	}
	return msg
}

func tomlFields(file string, block []byte, firstLine int, diags *diag.List) ([]field, bool) {
	var values map[string]any
	md, err := toml.Decode(string(block), &values)
	if err != nil {
		line, col, msg := 0, 0, err.Error()
		var perr toml.ParseError
		if errors.As(err, &perr) {
			line, col, msg = perr.Position.Line, textpos.FromByteColumn(block, perr.Position.Line, perr.Position.Col), perr.Message
			if l, c, fix, ok := explainTOML(block, line, msg); ok {
				line, col, msg = l, c, fix
			}
		}
		if line > 0 {
			line += firstLine - 1
		} else {
			line = firstLine - 1
		}
		diags.Errorf(file, line, col, "front matter: %s", msg)
		return nil, false
	}
	pos := tomlKeyPositions(block)
	var fields []field
	seen := map[string]bool{}
	for _, k := range md.Keys() {
		name := k[0]
		if seen[name] {
			continue
		}
		seen[name] = true
		f := field{name: name, val: values[name]}
		if p, ok := pos[name]; ok {
			f.line, f.col = p[0]+firstLine-1, p[1]
		} else {
			f.line = firstLine
		}
		if t, ok := f.val.(time.Time); ok {
			f.val = tomlTime(t)
		}
		fields = append(fields, f)
	}
	return fields, true
}

// tomlTime gives TOML's local dates and datetimes a UTC wall clock, so that a
// build does not depend on the machine's time zone.
func tomlTime(t time.Time) any {
	switch t.Location().String() {
	case "time-local":
		return localTime(t.Format("15:04:05"))
	case "date-local", "datetime-local":
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	}
	return t
}

// localTime is a TOML time of day, which is no date.
type localTime string

// tomlKeyPositions finds the line and column of each top-level key in a TOML
// block: the first "key =" or "key.sub =" line before any table, or a
// "[key]" / "[key.sub]" / "[[key]]" header. TOML's decoder does not keep
// positions.
func tomlKeyPositions(block []byte) map[string][2]int {
	pos := map[string][2]int{}
	inTable := false
	inString := "" // the delimiter of an open multi-line string
	for i, line := range strings.Split(string(block), "\n") {
		if inString != "" {
			if strings.Count(line, inString)%2 == 1 {
				inString = ""
			}
			continue
		}
		trimmed := strings.TrimLeft(line, " \t")
		col := len(line) - len(trimmed) + 1
		if strings.HasPrefix(trimmed, "[") {
			inTable = true
			header := strings.TrimLeft(trimmed, "[ \t")
			col += len(trimmed) - len(header)
			if name := tomlKey(header); name != "" {
				if _, ok := pos[name]; !ok {
					pos[name] = [2]int{i + 1, col}
				}
			}
			continue
		}
		if inTable || trimmed == "" || trimmed[0] == '#' {
			continue
		}
		if name := tomlKey(trimmed); name != "" {
			if _, ok := pos[name]; !ok {
				pos[name] = [2]int{i + 1, col}
			}
		}
		for _, q := range []string{`"""`, `'''`} {
			if strings.Count(line, q)%2 == 1 {
				inString = q
			}
		}
	}
	return pos
}

// tomlKey reads the first part of a key at the start of s: bare, "quoted" or
// 'literal'.
func tomlKey(s string) string {
	if s == "" {
		return ""
	}
	if q := s[0]; q == '"' || q == '\'' {
		end := strings.IndexByte(s[1:], q)
		if end < 0 {
			return ""
		}
		key := s[1 : end+1]
		if q == '"' {
			if u, err := strconv.Unquote(s[:end+2]); err == nil {
				key = u
			}
		}
		return key
	}
	end := strings.IndexFunc(s, func(r rune) bool {
		return !(r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	})
	if end < 0 {
		end = len(s)
	}
	return s[:end]
}
