// Package locale gives each site language its UI strings, plural forms, dates
// and numbers, from go-i18n message files that the default theme, an
// overriding theme and the site can each provide.
package locale

import (
	"cmp"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"kb/builder/config"
	"kb/builder/diag"
)

// Source is one place message files come from: "i18n/<lang>.toml" inside FS.
// Prefix is what diagnostics put before that path, so a writer can find the
// file: "" for the site, "themes/<name>" for a theme.
type Source struct {
	FS     fs.FS
	Prefix string
}

// Catalog holds every language's UI strings: the default theme's message
// files, then an overriding theme's, then the site's i18n/<lang>.toml, later
// ones winning per message. It is immutable once built.
type Catalog struct {
	// messages maps a canonical code that has at least one message file to
	// its messages by id, later sources already applied.
	messages map[string]map[string]*i18n.Message
	// avail lists the codes of messages, English first, for matching a
	// language without a file of its own to the closest one.
	avail   []language.Tag
	matcher language.Matcher
	locales map[string]*Locale
	foreign map[string]bool // site message files left out: another theme's strings
	// def is the site's default language (the first of NewCatalog's
	// langs): a language with no strings of its own or of a close
	// language reads its strings.
	def string
}

// msgFile is one message file as read, before its messages are merged.
type msgFile struct {
	name string // as diagnostics print it
	code string
	src  []byte
	err  error
}

// NewCatalog reads "i18n/*.toml" from each source in order (nil FS skipped,
// later sources overriding earlier ones per message id) and prepares a Locale
// for each canonical code in langs. Files of languages no configured language
// uses, even as a fallback, are ignored silently, so a theme can ship many
// languages without a site paying for their mistakes.
func NewCatalog(langs []string, sources ...Source) (*Catalog, []diag.Diagnostic) {
	files := readFiles(sources)
	foreign := foreignFiles(files, sources)
	files = slices.DeleteFunc(files, func(f msgFile) bool { return foreign[f.name] })

	c := &Catalog{messages: map[string]map[string]*i18n.Message{}, locales: map[string]*Locale{}, foreign: foreign}
	for _, f := range files {
		c.messages[f.code] = map[string]*i18n.Message{}
	}
	c.avail = []language.Tag{language.English}
	for _, code := range slices.Sorted(maps.Keys(c.messages)) {
		if code != "en" {
			c.avail = append(c.avail, language.Make(code))
		}
	}
	c.matcher = language.NewMatcher(c.avail)
	if len(langs) > 0 {
		c.def = langs[0]
	}

	needed := map[string]bool{"en": true}
	for _, code := range langs {
		if tag, err := language.Parse(code); err == nil {
			for _, n := range c.chain(tag) {
				needed[n] = true
			}
		}
	}

	var list diag.List
	list.Add(foreignNote(foreign)...)
	parsed := make([]parsedFile, 0, len(files))
	for _, f := range files {
		var p parsedFile
		if f.err != nil {
			p = parsedFile{msgFile: f, diags: []diag.Diagnostic{diag.At(f.name, 0, 0, "%v", f.err)}}
		} else {
			p = parseFile(f)
		}
		for _, m := range p.msgs {
			c.messages[f.code][m.ID] = m
		}
		if needed[f.code] {
			list.Add(p.diags...)
			parsed = append(parsed, p)
		}
	}
	// Checks against English wait until every source's English is in.
	for _, p := range parsed {
		list.Add(c.check(p)...)
	}

	c.locales["en"] = c.newLocale(language.English)
	for _, code := range langs {
		if tag, err := language.Parse(code); err == nil {
			c.locales[code] = c.newLocale(tag)
		}
	}
	return c, list.All()
}

// readFiles lists and reads the message files of every source, in source
// order, skipping names that are not language codes ("i18n/README.toml").
func readFiles(sources []Source) []msgFile {
	var files []msgFile
	for _, s := range sources {
		if s.FS == nil {
			continue
		}
		names, _ := fs.Glob(s.FS, "i18n/*.toml") // the pattern is valid
		for _, name := range names {
			code, err := config.CanonicalCode(strings.TrimSuffix(path.Base(name), ".toml"))
			if err != nil {
				continue
			}
			src, err := fs.ReadFile(s.FS, name)
			files = append(files, msgFile{name: path.Join(s.Prefix, name), code: code, src: src, err: err})
		}
	}
	return files
}

// chain is the message languages a tag reads, most specific first, English
// left out since every Locale falls back to it: the tag and its CLDR parents
// that have files (pt-BR → pt, en-GB → en-001 → en, zh-Hant-TW → zh-Hant),
// else the closest language with a file if x/text rates the match High or
// better (nn → nb, gl → es; not zh-Hant → zh, which a reader may not want),
// else the site's default language's chain: a site in Greek with a
// Vietnamese section shows Greek labels where it has no Vietnamese ones.
func (c *Catalog) chain(tag language.Tag) []string {
	if out := c.ownChain(tag); len(out) > 0 {
		return out
	}
	if def, err := language.Parse(c.def); err == nil && def != tag {
		return c.ownChain(def)
	}
	return nil
}

// ownChain is chain without the default language.
func (c *Catalog) ownChain(tag language.Tag) []string {
	var out []string
	for t := tag; !t.IsRoot(); t = t.Parent() {
		if _, ok := c.messages[t.String()]; ok && t != language.English {
			out = append(out, t.String())
		}
	}
	if len(out) == 0 {
		if _, i, conf := c.matcher.Match(tag); conf >= language.High && i > 0 {
			out = append(out, c.avail[i].String())
		}
	}
	return out
}

// ReadsOwnStrings reports whether a canonical code has message files of its
// own language: its own, a CLDR parent's (fa-IR reads fa, zh-Hans zh) or a
// close match's (nn reads nb), rather than only the default language's or
// English. English always has.
func (c *Catalog) ReadsOwnStrings(code string) bool {
	tag, err := language.Parse(code)
	if err != nil {
		return false
	}
	if base, _ := tag.Base(); base.String() == "en" {
		return true
	}
	return len(c.ownChain(tag)) > 0
}

// For returns the Locale of a canonical code. A language with no message
// file of its own reads the closest one (pt-BR → pt, zh-Hans → zh, fa-IR →
// fa), else the site's default language's, then English, message by message. An invalid code gets English.
func (c *Catalog) For(code string) *Locale {
	if l, ok := c.locales[code]; ok {
		return l
	}
	canon, err := config.CanonicalCode(code)
	if err != nil {
		return c.locales["en"]
	}
	if l, ok := c.locales[canon]; ok {
		return l
	}
	tag, err := language.Parse(canon)
	if err != nil {
		return c.locales["en"]
	}
	return c.newLocale(tag)
}

// Missing returns, sorted, the ids of English messages that the language's
// own files do not translate (a fallback language's files do not count), so
// `kb check` can tell translators what is left.
func (c *Catalog) Missing(code string) []string {
	canon, err := config.CanonicalCode(code)
	if err != nil {
		canon = code
	}
	if canon == "en" {
		return nil
	}
	own := c.messages[canon]
	var out []string
	for id := range c.messages["en"] {
		if _, ok := own[id]; !ok {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// newLocale builds a Locale with a bundle of its own: English as go-i18n's
// default language, and the language's chain merged under its own tag, so
// a partial pt-BR file falls back to pt before English.
func (c *Catalog) newLocale(tag language.Tag) *Locale {
	en := c.messages["en"]
	merged := map[string]*i18n.Message{}
	chain := c.chain(tag)
	for _, code := range slices.Backward(chain) {
		maps.Copy(merged, c.messages[code])
	}

	// Messages without a template or plural forms, most of a page's
	// strings, skip go-i18n: its matching and templates cost microseconds
	// a call, and a big site makes millions of calls. Emptied messages
	// land here too, as go-i18n would treat them as missing.
	static := map[string]string{}
	for _, ms := range []map[string]*i18n.Message{en, merged} {
		for id, m := range ms {
			if isPlural(m) || strings.Contains(m.Other, cmp.Or(m.LeftDelim, "{{")) {
				delete(static, id)
			} else {
				static[id] = m.Other
			}
		}
	}

	b := i18n.NewBundle(language.English)
	_ = b.AddMessages(language.English, sorted(en)...) // English always has plural rules
	msgTag := addMessages(b, tag, sorted(merged))
	return newLocale(tag, i18n.NewLocalizer(b, msgTag.String()), static)
}

// sorted returns messages in id order, which keeps bundles deterministic.
func sorted(ms map[string]*i18n.Message) []*i18n.Message {
	out := slices.Collect(maps.Values(ms))
	slices.SortFunc(out, func(a, b *i18n.Message) int { return cmp.Compare(a.ID, b.ID) })
	return out
}
