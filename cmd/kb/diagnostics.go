package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"kb/builder/diag"
)

// examplesPerKind is how many warnings of one kind the default output shows:
// a site moved from Hugo can have thousands of one kind, and what a writer
// needs first is which kinds there are.
const examplesPerKind = 2

// kindSummary says in a few words what a kind of warning is about.
var kindSummary = map[diag.Kind]string{
	diag.UnknownKey:        "keys kb does not read",
	diag.Shortcode:         "shortcodes removed from the text",
	diag.BrokenLink:        "links to pages that do not exist",
	diag.BrokenAnchor:      "links to headings that do not exist",
	diag.MissingFile:       "links and images to files that do not exist",
	diag.CrossLanguage:     "links into another language's pages",
	diag.RawHTML:           "raw HTML left out of pages",
	diag.FrontMatter:       "front matter values read with a guess",
	diag.Language:          "languages not configured",
	diag.UIString:          "UI strings missing in a language",
	diag.Outdated:          "translations behind their source",
	diag.Imported:          "settings read from another generator",
	diag.Static:            "static/ files that replace kb's or are not published",
	diag.LetterCase:        "output files whose paths differ only in letter case",
	diag.Icon:              "icons left out: kb has no icon font",
	diag.Template:          "shortcode templates written for Hugo that kb cannot run",
	diag.ExternalLink:      "links to other sites that are broken",
	diag.ExternalAnchor:    "links to ids other sites' pages do not have",
	diag.ExternalMoved:     "links to other sites' pages that moved permanently",
	diag.ExternalUnchecked: "links to other sites kb could not check",
	"":                     "other warnings",
}

// errorsPerKind is how many errors of one kind the default output shows
// before it groups them: errors all need fixing, so more of them are shown
// than warnings, but a site moved from Hugo can have thousands of links to
// headings its translations renamed, and kb check printed every one.
const errorsPerKind = 10

// printDiagnostics prints the errors, then the warnings: all of them when
// verbose (in file order), else the errors in file order except a kind with
// more than errorsPerKind, which is grouped with a count and its first ones,
// and the warnings grouped by kind with a count and a few examples, or a
// line per subject where they have one (a shortcode without a template); then a
// one-line summary, and what to do about broken links when they are what
// fails. Messages quote content, so they go through printableLines.
func printDiagnostics(w io.Writer, ds []diag.Diagnostic, verbose bool) {
	errs, warns, brokenLinks := 0, 0, 0
	errsByKind := map[diag.Kind][]diag.Diagnostic{}
	warnsByKind := map[diag.Kind][]diag.Diagnostic{}
	for _, d := range ds {
		if d.Severity == diag.Warning {
			warns++
			warnsByKind[d.Kind] = append(warnsByKind[d.Kind], d)
			continue
		}
		errs++
		errsByKind[d.Kind] = append(errsByKind[d.Kind], d)
		if d.Kind == diag.BrokenLink {
			brokenLinks++
		}
	}
	bulkyErrors := func(k diag.Kind) bool {
		return !verbose && k != "" && len(errsByKind[k]) > errorsPerKind
	}
	for _, d := range ds {
		if verbose || d.Severity != diag.Warning && !bulkyErrors(d.Kind) {
			fmt.Fprintln(w, printableLines(d.Error()))
		}
	}
	groupedErrors, groupedWarnings := false, false
	if !verbose {
		for _, k := range kindsByCount(errsByKind) {
			if !bulkyErrors(k) {
				continue
			}
			groupedErrors = true
			fmt.Fprintf(w, "%s: %s (%s), the first %d:\n", k, plural(len(errsByKind[k]), "error"), kindSummary[k], errorsPerKind)
			printExamples(w, errsByKind[k][:errorsPerKind])
		}
		for _, k := range kindsByCount(warnsByKind) {
			group := warnsByKind[k]
			if len(group) <= examplesPerKind {
				for _, d := range group {
					fmt.Fprintln(w, printableLines(d.Error()))
				}
				continue
			}
			groupedWarnings = true
			name := string(k)
			if name == "" {
				name = "other"
			}
			subjects, alone := bySubject(group)
			if len(subjects) == 0 {
				fmt.Fprintf(w, "%s: %s (%s), for example:\n", name, plural(len(group), "warning"), kindSummary[k])
				printExamples(w, group[:examplesPerKind])
				continue
			}
			fmt.Fprintf(w, "%s: %s (%s):\n", name, plural(len(group), "warning"), kindSummary[k])
			for _, s := range subjects {
				printSubject(w, s)
			}
			printExamples(w, alone[:min(len(alone), examplesPerKind)])
			if n := len(alone) - examplesPerKind; n > 0 {
				fmt.Fprintf(w, "  and %d more %s\n", n, pick(n == 1, "warning", "warnings"))
			}
		}
	}
	if errs > 0 || warns > 0 {
		fmt.Fprintf(w, "%s: %s, %s", programName, plural(errs, "error"), plural(warns, "warning"))
		switch {
		case groupedErrors && groupedWarnings:
			fmt.Fprint(w, ` (-v prints every error and warning; [build] ignore = ["kind"] in site.toml silences a kind of warning)`)
		case groupedErrors:
			fmt.Fprint(w, ` (-v prints every error and warning)`)
		case groupedWarnings:
			fmt.Fprint(w, ` (-v prints every warning; [build] ignore = ["kind"] in site.toml silences a kind)`)
		}
		fmt.Fprintln(w)
	}
	// A site moved from another generator often links to pages it did
	// not bring along, and its writers want to see it built meanwhile.
	if brokenLinks > 0 {
		fmt.Fprintf(w, "%s: %s: fix %s, or set [build] brokenLinks = \"warning\" in site.toml to publish while you do\n",
			programName, brokenLinkErrors(brokenLinks, errs), pick(brokenLinks == 1, "it", "them"))
	}
}

// printExamples prints a group's examples, indented under its count.
func printExamples(w io.Writer, ds []diag.Diagnostic) {
	for _, d := range ds {
		fmt.Fprintf(w, "  %s\n", printableLines(d.Error()))
	}
}

// subject is the warnings of one kind that state the same problem, one per
// file that has it, in file order.
type subject []diag.Diagnostic

// uses is how many places the problem is at.
func (s subject) uses() int {
	n := 0
	for _, d := range s {
		n += max(d.Uses, 1)
	}
	return n
}

// bySubject splits warnings of one kind into those with a subject, grouped
// per subject, most used first, and those that stand alone.
func bySubject(ds []diag.Diagnostic) (subjects []subject, alone []diag.Diagnostic) {
	index := map[string]int{}
	for _, d := range ds {
		if d.Subject == "" {
			alone = append(alone, d)
			continue
		}
		i, ok := index[d.Subject]
		if !ok {
			i = len(subjects)
			index[d.Subject] = i
			subjects = append(subjects, nil)
		}
		subjects[i] = append(subjects[i], d)
	}
	slices.SortStableFunc(subjects, func(a, b subject) int { return cmp.Compare(b.uses(), a.uses()) })
	return subjects, alone
}

// printSubject prints one line for a problem found in many files: how
// often, where first, and what to do.
func printSubject(w io.Writer, s subject) {
	first := s[0]
	files := map[string]bool{}
	for _, d := range s {
		files[d.File] = true
	}
	line := fmt.Sprintf("%s: 1 use, at %s", first.Subject, first.Place())
	if n := s.uses(); n > 1 {
		line = fmt.Sprintf("%s: %d uses on %s, the first at %s", first.Subject, n, plural(len(files), "page"), first.Place())
	}
	if first.Fix != "" {
		line += "; " + first.Fix
	}
	fmt.Fprintf(w, "  %s\n", printableLines(line))
}

// brokenLinkErrors says that n of the total errors are broken links.
func brokenLinkErrors(n, total int) string {
	which := "the error is"
	switch {
	case n == total && n > 1:
		which = fmt.Sprintf("the %d errors are", n)
	case n < total:
		which = fmt.Sprintf("%d of the %d errors %s", n, total, pick(n == 1, "is", "are"))
	}
	return which + pick(n == 1, " a link to a page that does not exist", " links to pages that do not exist")
}

// pick is one if cond, else other.
func pick(cond bool, one, other string) string {
	if cond {
		return one
	}
	return other
}

// kindsByCount orders kinds by how many warnings they have, most first.
func kindsByCount(byKind map[diag.Kind][]diag.Diagnostic) []diag.Kind {
	kinds := make([]diag.Kind, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	slices.SortFunc(kinds, func(a, b diag.Kind) int {
		return cmp.Or(cmp.Compare(len(byKind[b]), len(byKind[a])), cmp.Compare(a, b))
	})
	return kinds
}

// printJSON prints diagnostics as one JSON array, for tools.
func printJSON(w io.Writer, ds []diag.Diagnostic) error {
	type finding struct {
		File     string `json:"file"`
		Line     int    `json:"line,omitempty"`
		Col      int    `json:"col,omitempty"`
		Severity string `json:"severity"`
		Kind     string `json:"kind,omitempty"`
		Message  string `json:"message"`
	}
	out := make([]finding, 0, len(ds))
	for _, d := range ds {
		sev := "error"
		if d.Severity == diag.Warning {
			sev = "warning"
		}
		out = append(out, finding{File: d.File, Line: d.Line, Col: d.Col, Severity: sev, Kind: string(d.Kind), Message: d.Text()})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// printGitHub prints diagnostics as GitHub Actions workflow commands, which
// show as annotations on the lines of a pull request.
func printGitHub(w io.Writer, ds []diag.Diagnostic) {
	for _, d := range ds {
		cmd := "error"
		if d.Severity == diag.Warning {
			cmd = "warning"
		}
		var props []string
		if d.File != "" {
			props = append(props, "file="+escapeProperty(printable(d.File)))
		}
		if d.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", d.Line))
		}
		if d.Col > 0 {
			props = append(props, fmt.Sprintf("col=%d", d.Col))
		}
		if d.Kind != "" {
			props = append(props, "title="+escapeProperty("kb "+string(d.Kind)))
		}
		fmt.Fprintf(w, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(printable(d.Text())))
	}
}

// escapeData escapes a workflow command's message.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
