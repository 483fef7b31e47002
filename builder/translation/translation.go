// Package translation tells, per language, which translations of a site's
// default-language pages are current, outdated or missing, and records in a
// translation's front matter which version of its source it was made from.
package translation

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"slices"
	"strings"
	"time"

	"kb/builder/config"
	"kb/builder/content"
)

// HashLength is the number of hex characters SourceHash returns.
const HashLength = 10

// SourceHash is the short fingerprint of what a reader sees of a
// default-language page, which a translation stores as translatedFrom: its
// title, its description (shown under the title in section lists, on the
// home page and in link previews) and its Markdown body without front
// matter (FAQ questions are its headings). Other keys (tags, weight, slug,
// dates) are not text a translator translates. It hashes the words, not
// the spacing: a byte order mark, line endings, trailing spaces, blank
// lines, indentation and lines rewrapped do not change it, so neither
// re-saving a file in another editor nor a whitespace-only edit makes its
// translations outdated; any other edit, of the title too, does.
func SourceHash(m *content.Meta, body []byte) string {
	return hashWords([]byte(m.Title), []byte(m.Description), body)
}

// bodyHash is SourceHash as kb wrote it before titles and descriptions
// counted: the words of the body alone.
func bodyHash(body []byte) string { return hashWords(body) }

// hashWords hashes the words of each part, one space between words and a
// line break between parts, which no word holds.
func hashWords(parts ...[]byte) string {
	var words []byte
	for i, part := range parts {
		if i > 0 {
			words = append(words, '\n')
		}
		part = bytes.TrimPrefix(part, []byte("\uFEFF"))
		for j, w := range bytes.Fields(part) {
			if j > 0 {
				words = append(words, ' ')
			}
			words = append(words, w...)
		}
	}
	sum := sha256.Sum256(words)
	return hex.EncodeToString(sum[:])[:HashLength]
}

// legacyHash is the body hash as kb first wrote it (line endings and
// trailing whitespace ignored), which translatedFrom values written then
// still hold.
func legacyHash(body []byte) string {
	b := bytes.TrimPrefix(body, []byte("\uFEFF"))
	if bytes.IndexByte(b, '\r') >= 0 {
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
		b = bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
	}
	b = bytes.TrimRight(b, " \t\n\f\v")
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:HashLength]
}

// Current reports whether a translation's translatedFrom names the
// source's current text, by any hash kb has written.
func Current(translatedFrom string, m *content.Meta, body []byte) bool {
	return FingerprintsOf(m, body).Current(translatedFrom)
}

// Fingerprints are the hashes kb has written of a source's text, for a
// caller that compares several translations with one source, or no longer
// holds the text when it does.
type Fingerprints struct{ hash, body, legacy string }

// FingerprintsOf fingerprints a page from its front matter and Markdown
// body.
func FingerprintsOf(m *content.Meta, body []byte) Fingerprints {
	return Fingerprints{SourceHash(m, body), bodyHash(body), legacyHash(body)}
}

// Current reports whether translatedFrom names the source's current text.
// A hash of the body alone, which kb wrote before titles and descriptions
// counted, still does, so that upgrading kb does not make every
// translation outdated at once; kb status --upgrade replaces such hashes
// (BodyOnly) with SourceHash, from when on a title edit counts too.
func (f Fingerprints) Current(translatedFrom string) bool {
	return Matches(translatedFrom, f.hash) || f.BodyOnly(translatedFrom)
}

// BodyOnly reports whether translatedFrom names the source's current body
// by a hash written before titles and descriptions counted.
func (f Fingerprints) BodyOnly(translatedFrom string) bool {
	return Matches(translatedFrom, f.body) || Matches(translatedFrom, f.legacy)
}

// Report is the translation coverage of a site, language by language.
type Report struct {
	DefaultLanguage string `json:"defaultLanguage"`
	// Sources is the number of default-language pages (home, sections,
	// articles; drafts and empty stubs left out) that translations are
	// counted against.
	Sources int `json:"sources"`
	// Languages lists every configured language but the default, in the
	// site's order.
	Languages []Language `json:"languages"`
}

// Language is one language's coverage. Current counts untracked
// translations too, so Current + Outdated + Missing = Total.
type Language struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Total     int    `json:"total"`
	Current   int    `json:"current"`
	Outdated  int    `json:"outdated"`
	Missing   int    `json:"missing"`
	Untracked int    `json:"untracked"`
	// Shares are fractions of Total (0 to 1, three decimals); 1 for
	// current when there is nothing to translate.
	CurrentShare  float64 `json:"currentShare"`
	OutdatedShare float64 `json:"outdatedShare"`
	MissingShare  float64 `json:"missingShare"`
	// The pages behind the counts, sorted by Path. Untracked pages are
	// also counted as current.
	OutdatedPages  []Entry `json:"outdatedPages"`
	MissingPages   []Entry `json:"missingPages"`
	UntrackedPages []Entry `json:"untrackedPages"`
	// BodyOnlyPages are current translations whose translatedFrom is a
	// hash of the source's body alone, written before titles and
	// descriptions counted: an edit of their source's title goes
	// unnoticed until kb status --upgrade records Hash in them. Also
	// counted as current.
	BodyOnlyPages []Entry `json:"bodyOnlyPages"`
	// LocalPages are pages of this language with no default-language page:
	// written for its readers only, or translations whose source is not
	// found (TranslatedFrom set: saved under another name than the
	// source). Not counted in Total.
	LocalPages []Entry `json:"localPages"`
}

// Entry is one page in a list of a Language.
type Entry struct {
	// Path is the page's logical path, as content.Page.Path:
	// "policies/returns-and-refunds", "faq" for a section page, and
	// "(home)" for the home page.
	Path string `json:"path"`
	Kind string `json:"kind"` // "home" | "section" | "article"
	// Source is the default-language file.
	Source string `json:"source"`
	// File is the translation's file; empty for a missing page that has
	// no file at all (a stub or a draft has one).
	File string `json:"file,omitempty"`
	// Line is the line of translatedFrom in File, for outdated pages.
	Line int `json:"line,omitempty"`
	// Reason says why a page with a file counts as missing: "stub" (no
	// text yet), "draft", or "unpublished" (its publishDate to come, its
	// expiryDate passed, headless, or in a draft section).
	Reason string `json:"reason,omitempty"`
	// Hash is the source's current SourceHash; for an outdated page,
	// TranslatedFrom is what the translation says it was made from.
	Hash           string `json:"hash"`
	TranslatedFrom string `json:"translatedFrom,omitempty"`
}

// HomePath is how Entry.Path shows the home page.
const HomePath = "(home)"

// Status compares every translation with its default-language source:
// pages with equal Key and Kind are translations of each other. A language
// is missing a page when it has no translation, or only a draft or an
// untranslated stub; a translation is outdated when its translatedFrom is
// not the source's current SourceHash (nor a body-only hash of its current
// body: see Fingerprints.Current), and untracked (counted as current) when
// it has no translatedFrom.
func Status(cfg *config.Config, pages []*content.Page) Report {
	def := cfg.DefaultLanguage
	type id struct {
		kind content.Kind
		key  string
	}
	var sources []*content.Page
	translations := map[string]map[id]*content.Page{}
	withheld := content.Withheld(pages, time.Now())
	usable := func(p *content.Page) bool { return withheld[p] == "" && !p.Untranslated }
	for _, p := range pages {
		if p.Lang == def {
			if usable(p) {
				sources = append(sources, p)
			}
			continue
		}
		byID := translations[p.Lang]
		if byID == nil {
			byID = map[id]*content.Page{}
			translations[p.Lang] = byID
		}
		k := id{p.Kind, p.Key}
		// Prefer a usable page when a language has two for one key (the
		// loader reports that as an error).
		if other, dup := byID[k]; !dup || usable(p) && !usable(other) {
			byID[k] = p
		}
	}
	prints := make([]Fingerprints, len(sources))
	sourceIDs := map[id]bool{}
	for _, p := range pages {
		if p.Lang == def {
			sourceIDs[id{p.Kind, p.Key}] = true // drafts too: not local
		}
	}
	for i, src := range sources {
		prints[i] = FingerprintsOf(&src.Meta, src.Body)
	}

	r := Report{DefaultLanguage: def, Sources: len(sources), Languages: []Language{}}
	for _, code := range cfg.Order {
		if code == def {
			continue
		}
		l := Language{
			Code: code, Name: cfg.Languages[code].Name, Total: len(sources),
			OutdatedPages: []Entry{}, MissingPages: []Entry{}, UntrackedPages: []Entry{}, BodyOnlyPages: []Entry{},
		}
		l.LocalPages = localPages(translations[code], usable, func(p *content.Page) bool { return sourceIDs[id{p.Kind, p.Key}] })
		for i, src := range sources {
			e := Entry{Path: displayPath(src), Kind: src.Kind.String(), Source: src.File, Hash: prints[i].hash}
			t := translations[code][id{src.Kind, src.Key}]
			switch {
			case t == nil:
				l.MissingPages = append(l.MissingPages, e)
			case !usable(t):
				e.File, e.Reason = t.File, "stub"
				if t.Meta.Draft {
					e.Reason = "draft"
				} else if withheld[t] != "" {
					e.Reason = "unpublished"
				}
				l.MissingPages = append(l.MissingPages, e)
			case strings.TrimSpace(t.Meta.TranslatedFrom) == "":
				e.File = t.File
				l.UntrackedPages = append(l.UntrackedPages, e)
				l.Current++
			case !prints[i].Current(t.Meta.TranslatedFrom):
				e.File, e.Line, e.TranslatedFrom = t.File, t.Meta.Lines.Of("translatedFrom"), t.Meta.TranslatedFrom
				l.OutdatedPages = append(l.OutdatedPages, e)
			case prints[i].BodyOnly(t.Meta.TranslatedFrom):
				e.File, e.Line, e.TranslatedFrom = t.File, t.Meta.Lines.Of("translatedFrom"), t.Meta.TranslatedFrom
				l.BodyOnlyPages = append(l.BodyOnlyPages, e)
				l.Current++
			default:
				l.Current++
			}
		}
		for _, list := range [][]Entry{l.OutdatedPages, l.MissingPages, l.UntrackedPages, l.BodyOnlyPages} {
			slices.SortFunc(list, func(a, b Entry) int {
				return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Kind, b.Kind))
			})
		}
		l.Outdated, l.Missing, l.Untracked = len(l.OutdatedPages), len(l.MissingPages), len(l.UntrackedPages)
		l.CurrentShare, l.OutdatedShare, l.MissingShare = share(l.Current, l.Total), share(l.Outdated, l.Total), share(l.Missing, l.Total)
		if l.Total == 0 {
			l.CurrentShare = 1
		}
		r.Languages = append(r.Languages, l)
	}
	return r
}

// Matches reports whether a translation's translatedFrom names the source
// hash (surrounding spaces and letter case do not matter); Status and the
// builder's outdated notice both decide with it. An empty translatedFrom
// matches nothing: callers treat it as untracked.
func Matches(translatedFrom, hash string) bool {
	tf := strings.TrimSpace(translatedFrom)
	return tf != "" && strings.EqualFold(tf, hash)
}

// Percent is a share as a whole percentage for people: never 100 while
// something is left, never 0 when there is something.
func Percent(n, total int) int {
	if total == 0 {
		return 100
	}
	p := int(math.Round(100 * float64(n) / float64(total)))
	switch {
	case p == 100 && n < total:
		return 99
	case p == 0 && n > 0:
		return 1
	}
	return p
}

func displayPath(p *content.Page) string {
	if p.Kind == content.Home || p.Path == "" {
		return HomePath
	}
	return p.Path
}

func share(n, total int) float64 {
	if total == 0 {
		return 0
	}
	return math.Round(1000*float64(n)/float64(total)) / 1000
}

// localPages lists a language's usable pages that no default-language page
// shares a key with, sorted by path.
func localPages[K comparable](byID map[K]*content.Page, usable, hasSource func(*content.Page) bool) []Entry {
	out := []Entry{}
	for _, p := range byID {
		if !usable(p) || hasSource(p) {
			continue
		}
		out = append(out, Entry{Path: displayPath(p), Kind: p.Kind.String(), File: p.File,
			Line: p.Meta.Lines.Of("translatedFrom"), TranslatedFrom: strings.TrimSpace(p.Meta.TranslatedFrom)})
	}
	slices.SortFunc(out, func(a, b Entry) int { return cmp.Compare(a.Path, b.Path) })
	return out
}
