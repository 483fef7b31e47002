package builder

import (
	"fmt"
	"io/fs"
	"unicode"
	"unicode/utf8"

	"kb/builder/diag"
)

// caseClash is two outputs whose paths differ only in letter case: distinct
// files on Linux, one file on macOS and Windows and on hosts that ignore
// case (IIS, S3 behind a CDN that lowercases), where the later one written
// replaces the other.
type caseClash struct{ first, later string }

// foldCase returns a key that two paths share exactly when they are equal
// under Unicode simple case folding (strings.EqualFold): Logo.png and
// logo.png, ΟΔΗΓΌΣ and οδηγός. It allocates only for a path that has
// letters to fold, which most output paths (lower-case slugs) do not.
func foldCase(p string) string {
	for i := 0; i < len(p); {
		c := p[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				return foldFrom(p, i)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(p[i:])
		if foldRune(r) != r {
			return foldFrom(p, i)
		}
		i += n
	}
	return p
}

// foldFrom folds p from byte i on, the bytes before being folded already.
func foldFrom(p string, i int) string {
	b := make([]byte, i, len(p))
	copy(b, p[:i])
	for _, r := range p[i:] {
		b = utf8.AppendRune(b, foldRune(r))
	}
	return string(b)
}

// foldRune is the rune that stands for r's case folding orbit (K, k and
// the Kelvin sign; Σ, σ and ς): of the orbit's runes, the least that is
// its own lower case (k, σ), else the least; for an ASCII letter, the
// lower-case letter. The choice depends on the orbit alone, so two runes
// get the same one exactly when they fold together.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	best := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if lowerFirst(f, best) {
			best = f
		}
	}
	return best
}

// lowerFirst orders an orbit's runes for foldRune: those that are their
// own lower case first, then by code point.
func lowerFirst(a, b rune) bool {
	aLower, bLower := unicode.ToLower(unicode.ToUpper(a)) == a, unicode.ToLower(unicode.ToUpper(b)) == b
	if aLower != bLower {
		return aLower
	}
	return a < b
}

// caseClashDiagnostics is a diagnostic for each pair of outputs whose paths
// differ only in letter case, naming what publishes each: a warning, or an
// error when the output folder's own file system ignores case, where the
// build would lose one of the files. Pages render in parallel, so which of
// a pair came first says nothing: the diagnostic is at the source line
// that publishes one (an alias, a slug), else at a source file, the one
// of the path that sorts last (the lower-case one, most often).
func (r *renderer) caseClashDiagnostics(clashes []caseClash, outputIgnoresCase bool) []diag.Diagnostic {
	var ds []diag.Diagnostic
	for _, c := range clashes {
		a, b := r.publisher(c.first), r.publisher(c.later)
		if b.rank() < a.rank() || b.rank() == a.rank() && b.rel < a.rel {
			a, b = b, a
		}
		d := diag.Diagnostic{
			File: b.file, Line: b.line, Severity: diag.Warning, Kind: diag.LetterCase,
			Msg: fmt.Sprintf("%s%s and %s%s differ only in letter case: on macOS and Windows, and on hosts that ignore case, one replaces the other",
				b.rel, b.from, a.rel, a.from),
			Fix: "rename one of them",
		}
		if outputIgnoresCase {
			d.Severity = diag.Error
			d.Msg = fmt.Sprintf("%s%s and %s%s differ only in letter case: the output folder's file system ignores case, so one would replace the other",
				b.rel, b.from, a.rel, a.from)
		}
		ds = append(ds, d)
	}
	return ds
}

// published is an output file and what publishes it: from (" (from
// content/en/a.md)", or "" for a file kb makes itself), and the source
// file and line to report it at.
type published struct {
	rel, from, file string
	line            int
}

// publisher says what publishes the output file rel: a page, an alias, a
// static/ or content/ file, or kb itself.
func (r *renderer) publisher(rel string) published {
	if p := r.pageAt(rel); p != nil {
		if p.src.File == "" {
			return published{rel: rel, from: fmt.Sprintf(" (the page %s)", p.url)}
		}
		return published{rel, " (from " + p.src.File + ")", p.src.File, p.src.Meta.Lines.Of("slug")}
	}
	if a, ok := r.aliases[rel]; ok {
		return published{rel, fmt.Sprintf(" (the alias %q of %s)", a.alias, a.file), a.file, a.line}
	}
	if r.static.has[rel] {
		return published{rel, " (from static/" + rel + ")", "static/" + rel, 0}
	}
	if st, err := fs.Stat(r.siteFS, "content/"+rel); err == nil && st.Mode().IsRegular() {
		return published{rel, " (from content/" + rel + ")", "content/" + rel, 0}
	}
	return published{rel: rel}
}

// rank orders the places to report a clash at: a source line (an alias, a
// slug), then a source file, then none.
func (p published) rank() int {
	switch {
	case p.line > 0:
		return 2
	case p.file != "":
		return 1
	}
	return 0
}
