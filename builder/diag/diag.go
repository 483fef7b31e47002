// Package diag holds positioned diagnostics (file:line:col: message) so that
// every problem kb finds in a site can be reported together, sorted, with a
// place a writer can jump to.
package diag

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Severity tells whether a diagnostic fails the build.
type Severity int

const (
	// Error fails the build (exit 1) and leaves the previous output in place.
	Error Severity = iota
	// Warning is printed but the build still succeeds.
	Warning
)

// Diagnostic is one problem at one place in a source file. Line and Col are
// 1-based; zero means unknown.
type Diagnostic struct {
	File     string
	Line     int
	Col      int
	Severity Severity
	Msg      string
	// Kind names the sort of problem, so output can group warnings and a
	// site can silence a sort it accepts; "" for problems of no named kind.
	Kind Kind
	// Subject states the problem without its place, the same in every file
	// that has it (`shortcode "tabs" has no template`), so the default
	// output can print one line for a problem a site has on 200 pages; ""
	// when each diagnostic stands alone.
	Subject string
	// Uses is how many places in File the diagnostic stands for (0 is one).
	Uses int
	// Fix says what to do about the problem; the text ends with it.
	Fix string
}

// Kind is the sort of a diagnostic: the name [build] ignore takes.
type Kind string

// The kinds a site meets when it moves in; each prints as its name.
const (
	UnknownKey    Kind = "unknown-key"    // a front matter or config key kb does not read
	Shortcode     Kind = "shortcode"      // a Hugo or Zola shortcode removed from the text
	BrokenLink    Kind = "broken-link"    // a link to a page that does not exist
	BrokenAnchor  Kind = "broken-anchor"  // a link to an id the page does not have
	MissingFile   Kind = "missing-file"   // a link or image to a file that does not exist
	CrossLanguage Kind = "cross-language" // a link into another language's pages
	RawHTML       Kind = "raw-html"       // raw HTML removed from a page
	FrontMatter   Kind = "front-matter"   // front matter read with a guess
	Language      Kind = "language"       // a language folder or file that is not configured
	UIString      Kind = "ui-string"      // a UI string missing in a language
	Outdated      Kind = "outdated"       // a translation whose source changed
	Imported      Kind = "imported"       // settings read from another generator's configuration
	Static        Kind = "static"         // a static/ file that replaces a file kb writes, or is not published
	LetterCase    Kind = "letter-case"    // two output files whose paths differ only in letter case
	Icon          Kind = "icon"           // an icon shortcode (:material-check:) left out: kb has no icon font
	Template      Kind = "template"       // a shortcode template written for Hugo that kb cannot run

	// The kinds kb check --external finds in links to other sites.
	ExternalLink      Kind = "external-link"      // a link to another site that is broken
	ExternalAnchor    Kind = "external-anchor"    // a link to an id another site's page does not have
	ExternalMoved     Kind = "external-moved"     // a link to another site's page that moved permanently
	ExternalUnchecked Kind = "external-unchecked" // a link to another site that could not be checked
)

// AffectsReaders reports whether a warning of this kind means readers see
// something wrong (a link that leads nowhere, text that was removed), as
// opposed to housekeeping (ignored keys, translation lag).
func (k Kind) AffectsReaders() bool {
	switch k {
	case BrokenLink, BrokenAnchor, MissingFile, Shortcode, RawHTML, ExternalLink, ExternalAnchor:
		return true
	}
	return false
}

// Inconclusive reports kinds that say kb could not tell whether something
// is wrong (a site that refuses link checkers): they never fail a check,
// not even kb check --strict, since the writer cannot fix them.
func (k Kind) Inconclusive() bool { return k == ExternalUnchecked }

// TranslationLag reports kinds that only say a translation is behind, which
// a site lives with until kb check --strict.
func (k Kind) TranslationLag() bool { return k == Outdated }

// Of returns the diagnostic with its kind set.
func (d Diagnostic) Of(k Kind) Diagnostic {
	d.Kind = k
	return d
}

// Error formats the diagnostic the way compilers do, so editors can jump to it:
// "content/el/faq/returns.md:7:3: front matter: unknown key "titel"".
func (d Diagnostic) Error() string {
	var b strings.Builder
	if d.File != "" {
		b.WriteString(d.Place())
		b.WriteString(": ")
	}
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Text())
	return b.String()
}

// Place is where the diagnostic is, as file:line:col, or less when the
// line or column is unknown.
func (d Diagnostic) Place() string {
	switch {
	case d.Line <= 0:
		return d.File
	case d.Col <= 0:
		return fmt.Sprintf("%s:%d", d.File, d.Line)
	}
	return fmt.Sprintf("%s:%d:%d", d.File, d.Line, d.Col)
}

// Text is the message without its place: Msg, then what to do.
func (d Diagnostic) Text() string {
	if d.Fix == "" {
		return d.Msg
	}
	return d.Msg + "; " + d.Fix
}

// About returns the diagnostic with its subject, its number of uses and
// what to do set.
func (d Diagnostic) About(subject string, uses int, fix string) Diagnostic {
	d.Subject, d.Uses, d.Fix = subject, uses, fix
	return d
}

// At is a convenience constructor for an error at a position.
func At(file string, line, col int, format string, args ...any) Diagnostic {
	return Diagnostic{File: file, Line: line, Col: col, Severity: Error, Msg: fmt.Sprintf(format, args...)}
}

// WarnAt is a convenience constructor for a warning at a position.
func WarnAt(file string, line, col int, format string, args ...any) Diagnostic {
	return Diagnostic{File: file, Line: line, Col: col, Severity: Warning, Msg: fmt.Sprintf(format, args...)}
}

// List collects diagnostics from concurrent workers. The zero value is ready
// to use.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
}

// Add appends diagnostics.
func (l *List) Add(ds ...Diagnostic) {
	if len(ds) == 0 {
		return
	}
	l.mu.Lock()
	l.items = append(l.items, ds...)
	l.mu.Unlock()
}

// Errorf adds an error at a position.
func (l *List) Errorf(file string, line, col int, format string, args ...any) {
	l.Add(At(file, line, col, format, args...))
}

// Warnf adds a warning at a position.
func (l *List) Warnf(file string, line, col int, format string, args ...any) {
	l.Add(WarnAt(file, line, col, format, args...))
}

// All returns every diagnostic, sorted by file, line, column, then message,
// with exact duplicates removed.
func (l *List) All() []Diagnostic {
	l.mu.Lock()
	out := slices.Clone(l.items)
	l.mu.Unlock()
	slices.SortFunc(out, compare)
	return slices.Compact(out)
}

// HasErrors reports whether any diagnostic is an error.
func (l *List) HasErrors() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range l.items {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Count returns the number of errors and warnings (after de-duplication).
func (l *List) Count() (errs, warns int) {
	for _, d := range l.All() {
		if d.Severity == Error {
			errs++
		} else {
			warns++
		}
	}
	return errs, warns
}

// Err returns nil when there are no errors, else an error whose text lists
// every error, one per line.
func (l *List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	var errs []error
	for _, d := range l.All() {
		if d.Severity == Error {
			errs = append(errs, d)
		}
	}
	return errors.Join(errs...)
}

func compare(a, b Diagnostic) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Col, b.Col),
		cmp.Compare(a.Severity, b.Severity),
		cmp.Compare(a.Msg, b.Msg),
		cmp.Compare(a.Fix, b.Fix),
		cmp.Compare(a.Subject, b.Subject),
		cmp.Compare(a.Uses, b.Uses),
	)
}
