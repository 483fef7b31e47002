// Package limits bounds what untrusted TOML and YAML may cost before a
// decoder sees them: the decoders' time and memory grow with size and, for
// TOML, with the square of the nesting depth, so a few kilobytes of brackets
// could take a build machine down. The checks are one linear scan.
package limits

import (
	"bytes"
	"fmt"

	"kb/internal/textpos"
)

const (
	// Depth is the deepest nesting of tables, arrays and dotted keys (TOML)
	// or of mappings, sequences and flow collections (YAML) accepted.
	Depth = 32
	// FrontMatterBytes is the largest front matter accepted: long text
	// belongs in the body.
	FrontMatterBytes = 64 << 10
	// ConfigBytes is the largest site.toml or i18n file accepted.
	ConfigBytes = 1 << 20
	// DataBytes and DataFiles bound what a Hugo site's data/ folders
	// (the site's and its Hugo theme's) are read of, all files together:
	// every template may read them, so they stay in memory for the build.
	DataBytes = 32 << 20
	DataFiles = 10000
	// DirEntries bounds the entries a template's readDir lists of a
	// folder: past it, an error rather than a page of a huge listing.
	DirEntries = 10000
)

// Error is a limit exceeded, at a 1-based line and column (in characters)
// of the checked text.
type Error struct {
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// Size reports text longer than max bytes, at the line where it crosses max.
func Size(text []byte, max int, what string) *Error {
	if len(text) <= max {
		return nil
	}
	line, col := textpos.Position(text, max)
	return &Error{line, col, fmt.Sprintf("%s is %s, more than the limit of %s", what, bytesText(len(text)), bytesText(max))}
}

func bytesText(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func tooDeep(text []byte, off int) *Error {
	line, col := textpos.Position(text, off)
	return &Error{line, col, fmt.Sprintf("nested more than %d levels deep: flatten the structure", Depth)}
}

// TOML reports nesting deeper than Depth: brackets and braces outside
// strings and comments, plus the dots of keys and [table] headers
// (a.b.c = 1 is three tables deep).
func TOML(text []byte) *Error {
	var (
		stack  []int // depth of each open '[' or '{'
		inline []bool
		table  int    // depth of the current [table] header
		inKey  = true // at a key: the start of a line, after '{' or ',' in an inline table
		header bool   // inside a [table] header
		dots   int    // dots of the current key
	)
	depth := func() int {
		if len(stack) > 0 {
			return stack[len(stack)-1]
		}
		return table
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch c {
		case '\n':
			if len(stack) == 0 {
				inKey, dots = true, 0
			}
		case '#':
			for i+1 < len(text) && text[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			i = skipTOMLString(text, i)
		case '[', '{':
			if c == '[' && len(stack) == 0 && inKey && !header {
				// A [table] or [[array]] header: its depth is its dotted name's.
				header, table, dots = true, 0, 0
				if i+1 < len(text) && text[i+1] == '[' {
					i++
				}
				continue
			}
			d := depth() + dots + 1
			if d > Depth {
				return tooDeep(text, i)
			}
			stack = append(stack, d)
			inline = append(inline, c == '{')
			inKey, dots = c == '{', 0
		case ']', '}':
			if header && len(stack) == 0 {
				header, inKey = false, false
				table, dots = dots+1, 0
				continue
			}
			if len(stack) > 0 {
				stack, inline = stack[:len(stack)-1], inline[:len(inline)-1]
			}
			dots = 0
		case ',':
			dots = 0
			if len(inline) > 0 && inline[len(inline)-1] {
				inKey = true
			}
		case '=':
			inKey = false
		case '.':
			if inKey || header {
				dots++
				if depth()+dots+1 > Depth {
					return tooDeep(text, i)
				}
			}
		}
	}
	return nil
}

// skipTOMLString returns the offset of the last byte of the string that
// starts at text[i] (basic or literal, single or multi-line); an
// unterminated string runs to the end of its line (the decoder reports it).
func skipTOMLString(text []byte, i int) int {
	q := text[i]
	if bytes.HasPrefix(text[i:], []byte{q, q, q}) {
		end := bytes.Index(text[i+3:], []byte{q, q, q})
		for end >= 0 && q == '"' && escaped(text, i+3+end) {
			next := bytes.Index(text[i+3+end+1:], []byte{q, q, q})
			if next < 0 {
				end = -1
				break
			}
			end += 1 + next
		}
		if end < 0 {
			return len(text) - 1
		}
		j := i + 3 + end + 3
		for j < len(text) && text[j] == q { // """a"""" ends with the last quotes
			j++
		}
		return j - 1
	}
	for j := i + 1; j < len(text); j++ {
		switch text[j] {
		case '\\':
			if q == '"' {
				j++
			}
		case q:
			return j
		case '\n':
			return j - 1
		}
	}
	return len(text) - 1
}

// escaped reports whether text[i] follows an odd number of backslashes.
func escaped(text []byte, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && text[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// YAML reports nesting deeper than Depth: block mappings and sequences by
// indentation ("- " items and "key:" lines), and flow collections by their
// brackets outside quotes and comments. Block scalars (| and >) are skipped.
func YAML(text []byte) *Error {
	var (
		indents []int // indentation of each open block level
		flow    int   // open [ and { of flow collections
		scalar  = -1  // indentation of the key that opened a block scalar, while inside it
	)
	for off := 0; off < len(text); {
		end := bytes.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += off
		}
		line := text[off:end]
		next := end + 1
		indent := 0
		for indent < len(line) && line[indent] == ' ' {
			indent++
		}
		rest := line[indent:]
		if scalar >= 0 {
			if len(bytes.TrimSpace(rest)) == 0 || indent > scalar {
				off = next
				continue
			}
			scalar = -1
		}
		if len(rest) == 0 || rest[0] == '#' {
			off = next
			continue
		}
		if flow == 0 {
			for len(indents) > 0 && indents[len(indents)-1] >= indent {
				indents = indents[:len(indents)-1]
			}
			indents = append(indents, indent)
			// "- - - x": each dash is one more level.
			for col := indent; len(rest) >= 2 && rest[0] == '-' && (rest[1] == ' ' || rest[1] == '\t'); {
				col += 2
				rest = rest[2:]
				for len(rest) > 0 && rest[0] == ' ' {
					col++
					rest = rest[1:]
				}
				indents = append(indents, col)
				if len(indents)+flow > Depth {
					return tooDeep(text, off+col)
				}
			}
		}
		if len(indents)+flow > Depth {
			return tooDeep(text, off+indent)
		}
		lineStart := off + len(line) - len(rest)
		var quote byte
		for j := 0; j < len(rest); j++ {
			c := rest[j]
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				} else if c == '\\' && quote == '"' {
					j++
				}
			case c == '"' || c == '\'':
				if j == 0 || rest[j-1] == ' ' || rest[j-1] == '[' || rest[j-1] == '{' || rest[j-1] == ',' || rest[j-1] == ':' {
					quote = c
				}
			case c == '#' && (j == 0 || rest[j-1] == ' '):
				j = len(rest)
			case c == '[' || c == '{':
				flow++
				if len(indents)+flow > Depth {
					return tooDeep(text, lineStart+j)
				}
			case c == ']' || c == '}':
				if flow > 0 {
					flow--
				}
			}
		}
		if flow == 0 && blockScalar(rest) {
			scalar = indent
		}
		off = next
	}
	return nil
}

// blockScalar reports a line ending in a block scalar indicator ("key: |",
// "- >-"): the lines below it are text, not structure.
func blockScalar(line []byte) bool {
	if i := bytes.Index(line, []byte(" #")); i >= 0 {
		line = line[:i]
	}
	t := bytes.TrimRight(line, " \t+-0123456789")
	if len(t) == 0 || t[len(t)-1] != '|' && t[len(t)-1] != '>' {
		return false
	}
	return len(t) == 1 || t[len(t)-2] == ' '
}
