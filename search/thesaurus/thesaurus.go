// Package thesaurus holds the words customers use for what a help center's
// writers call something else: per language, groups of equivalent words and
// phrases, one-way expansions, and the question and filler words that a
// query need not match. kb ships a small default customer-service thesaurus
// per language (default/<lang>.toml, embedded); a site's
// i18n/synonyms/<lang>.toml extends or replaces it. Both search indexes apply
// it at query time, so changing it needs no reindexing of the documents.
package thesaurus

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"kb/internal/textpos"
)

// Thesaurus is one language's synonyms as written, before analysis.
type Thesaurus struct {
	// Optional words (question words, fillers, clitic pronouns) add to a
	// result's score but need not match.
	Optional []string `toml:"optional" json:"optional,omitempty"`
	// Groups are equivalent words and phrases: a query with any of them
	// also finds the others.
	Groups [][]string `toml:"groups" json:"groups,omitempty"`
	// Expand maps a word or phrase to words and phrases a query with it also
	// finds, not the other way round.
	Expand map[string][]string `toml:"expand" json:"expand,omitempty"`
}

// file is the TOML form of a thesaurus file: a Thesaurus and whether it
// replaces the default.
type file struct {
	Thesaurus
	Replace bool `toml:"replace"`
}

// Error is a problem in a thesaurus file, with its position when known.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	}
	return e.File + ": " + e.Msg
}

//go:embed default/*.toml
var defaults embed.FS

// SitePath is where a site's thesaurus for lang lives, relative to the site.
func SitePath(lang string) string { return "i18n/synonyms/" + lang + ".toml" }

// Default returns kb's default thesaurus for a language code ("pt-BR" reads
// "pt"), empty for a language it has none for.
func Default(lang string) Thesaurus {
	primary := strings.ToLower(lang)
	if i := strings.IndexAny(primary, "-_"); i >= 0 {
		primary = primary[:i]
	}
	src, err := defaults.ReadFile("default/" + primary + ".toml")
	if err != nil {
		return Thesaurus{}
	}
	f, err := parse("default/"+primary+".toml", src)
	if err != nil {
		panic(err) // the embedded files are tested
	}
	return f.Thesaurus
}

// Load returns the thesaurus of lang for the site in fsys: the default one,
// extended by the site's file (see Merge), or the site's alone when the file
// says replace = true. A missing site file is not an error.
func Load(fsys fs.FS, lang string) (Thesaurus, error) {
	def := Default(lang)
	if fsys == nil {
		return def, nil
	}
	name := SitePath(lang)
	src, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return def, nil
	}
	if err != nil {
		return Thesaurus{}, &Error{File: name, Msg: err.Error()}
	}
	f, err := parse(name, src)
	if err != nil {
		return Thesaurus{}, err
	}
	if f.Replace {
		return f.Thesaurus, nil
	}
	return Merge(def, f.Thesaurus), nil
}

// Merge returns base extended by site. Site entries win: a word or phrase
// that site groups or expands is taken out of base's groups and expansions,
// so a site can regroup a default word; optional words add up.
func Merge(base, site Thesaurus) Thesaurus {
	taken := map[string]bool{}
	for _, g := range site.Groups {
		for _, w := range g {
			taken[key(w)] = true
		}
	}
	for k := range site.Expand {
		taken[key(k)] = true
	}
	var out Thesaurus
	for _, g := range base.Groups {
		var kept []string
		for _, w := range g {
			if !taken[key(w)] {
				kept = append(kept, w)
			}
		}
		if len(kept) > 1 {
			out.Groups = append(out.Groups, kept)
		}
	}
	out.Groups = append(out.Groups, site.Groups...)
	out.Expand = map[string][]string{}
	for k, v := range base.Expand {
		if !taken[key(k)] {
			out.Expand[k] = v
		}
	}
	for k, v := range site.Expand {
		out.Expand[k] = v
	}
	out.Optional = append(slices.Clone(base.Optional), site.Optional...)
	return out
}

func key(w string) string { return strings.Join(strings.Fields(strings.ToLower(w)), " ") }

// parse decodes one thesaurus file, rejecting unknown keys and empty entries
// with their line.
func parse(name string, src []byte) (file, error) {
	var f file
	md, err := toml.NewDecoder(bytes.NewReader(src)).Decode(&f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return f, &Error{File: name, Line: pe.Position.Line, Col: textpos.FromByteColumn(src, pe.Position.Line, pe.Position.Col), Msg: pe.Message}
		}
		return f, &Error{File: name, Msg: err.Error()}
	}
	if un := md.Undecoded(); len(un) > 0 {
		return f, &Error{File: name, Line: keyLine(src, un[0].String()), Col: 1,
			Msg: fmt.Sprintf("unknown key %q: a thesaurus has optional, groups, [expand] and replace", un[0].String())}
	}
	for i, g := range f.Groups {
		if len(g) < 2 || slices.ContainsFunc(g, blank) {
			return f, &Error{File: name, Line: lineOf(src, "groups"), Col: 1,
				Msg: fmt.Sprintf("group %d needs two or more words or phrases, none empty", i+1)}
		}
	}
	for k, v := range f.Expand {
		if blank(k) || len(v) == 0 || slices.ContainsFunc(v, blank) {
			return f, &Error{File: name, Line: keyLine(src, k), Col: 1,
				Msg: fmt.Sprintf("expand %q needs one or more words or phrases, none empty", k)}
		}
	}
	if slices.ContainsFunc(f.Optional, blank) {
		return f, &Error{File: name, Line: lineOf(src, "optional"), Col: 1, Msg: "optional has an empty word"}
	}
	return f, nil
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

// keyLine finds the line of a key (the last part of a dotted key, quoted or
// not) in src, 0 if not found.
func keyLine(src []byte, k string) int {
	if i := strings.LastIndexByte(k, '.'); i >= 0 {
		k = k[i+1:]
	}
	k = strings.Trim(k, `"`)
	for i, line := range strings.Split(string(src), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, k) || strings.HasPrefix(t, `"`+k+`"`) {
			return i + 1
		}
	}
	return 0
}

// lineOf is the line of the first line starting with word, 0 if none.
func lineOf(src []byte, word string) int { return keyLine(src, word) }
