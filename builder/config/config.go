// Package config reads a site's site.toml into a validated Config: defaults,
// decoding, unknown keys reported with their line, and language settings.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"kb/builder/diag"
	"kb/builder/limits"
	"kb/internal/textpos"
)

// FileName is the site configuration file at the root of every site.
const FileName = "site.toml"

// SnippetsFolder is the folder of the site, beside content/, that holds
// the code pages import and never publishes: "@/snippets/" in a page
// names it, as it named the snippets/ folder of a VitePress site's source
// folder (see content.ClassifyFile).
const SnippetsFolder = "snippets"

// Config is a site's configuration. It is passed explicitly, never global.
type Config struct {
	Title           string              `toml:"title"`
	BaseURL         string              `toml:"baseURL"`
	DefaultLanguage string              `toml:"defaultLanguage"`
	Theme           string              `toml:"theme"`
	Languages       map[string]Language `toml:"languages"`
	Search          Search              `toml:"search"`
	Support         Support             `toml:"support"`
	Policies        Policies            `toml:"policies"`
	Markdown        Markdown            `toml:"markdown"`
	Build           Build               `toml:"build"`
	Check           Check               `toml:"check"`
	Server          Server              `toml:"server"`
	Feedback        Feedback            `toml:"feedback"`
	Brand           Brand               `toml:"brand"`
	Menu            Menu                `toml:"menu"`
	Announcement    Announcement        `toml:"announcement"`
	Shortcodes      Shortcodes          `toml:"shortcodes"`
	Callouts        Callouts            `toml:"callouts"`
	Params          Params              `toml:"params"`
	Feeds           Feeds               `toml:"feeds"`
	// HugoTheme is the Hugo theme the pages were written for ("hextra",
	// "hugo-book"), read from Hugo's theme or module imports: where two
	// themes give a shortcode different defaults (Hextra's details are
	// open), the shortcode templates follow it.
	HugoTheme string `toml:"hugoTheme"`
	// Permalinks place the pages of a section at the addresses of a
	// pattern, as Hugo's permalinks do, so a site moved in keeps them.
	Permalinks Permalinks `toml:"permalinks"`

	// Redirects are old addresses of the site's pages, [redirects]
	// "/old/path/" = "guides/new.md": each is kept as an alias in a page's
	// front matter is (a redirect page and a _redirects rule), for sites
	// that kept their redirects in one file (GitBook's .gitbook.yaml, the
	// MkDocs redirects plugin, Docusaurus's client redirects). A page is
	// named by its Markdown file, from content/ as a link from the content
	// root names it, or by its address.
	Redirects map[string]string `toml:"redirects"`
	// RedirectLines are the lines of Redirects' entries in the file.
	RedirectLines map[string]int `toml:"-"`

	// Order lists the language codes by weight, then code; the default
	// language first. Filled by Load.
	Order []string `toml:"-"`
	// DisabledLanguages holds the languages turned off (disabled = true),
	// by code; Load takes them out of Languages.
	DisabledLanguages map[string]Language `toml:"-"`

	// file is the file the configuration was read from when it is not
	// site.toml: a Hugo or Zola one (see ConfigFile).
	file string

	// DefaultLanguageInSubdir puts the default language under its code
	// (/en/faq/) when true or unset; false puts it at the site root
	// (/faq/), as Hugo's defaultContentLanguageInSubdir = false does.
	DefaultLanguageInSubdir *bool `toml:"defaultLanguageInSubdir"`

	// LowercaseURLs lowercases the URLs kb makes from file and folder
	// names, slugs and language folders (content/en/css/Build.md is
	// /en/css/build/), as Hugo and Zola do by default, so that a site moved
	// from them keeps its addresses and the links written for them. Off,
	// a URL keeps the file's letter case.
	LowercaseURLs bool `toml:"lowercaseURLs"`

	// NumberPrefixes reads a number before a file or folder name as its
	// place ("01-intro.md", "02-guides/"), as Docusaurus does: the page is
	// ordered by it (unless its front matter has a weight) and published
	// without it (/guides/intro/), so a site moved from Docusaurus keeps
	// its order and addresses.
	NumberPrefixes bool `toml:"numberPrefixes"`

	// UglyURLAliases keeps the addresses a Hugo site with uglyURLs gave
	// its articles (/faq/returns.html): each also answers there, by a
	// redirect to its page (/faq/returns/).
	UglyURLAliases bool `toml:"uglyURLAliases"`

	// SlugRoot is the folder under each language's root that a slug
	// starting with / was an address in, as Docusaurus's routeBasePath
	// ("docs": slug: /x was /docs/x/, /fr/docs/x/): that old address
	// redirects to the page. "" is the language's root.
	SlugRoot string `toml:"slugRoot"`
}

// Language is one [languages.<code>] table.
type Language struct {
	// Code is the canonical BCP 47 code (zh-Hans, pt-BR), set by Load from the
	// table name.
	Code string `toml:"-"`
	// Segment is the language's folder in URLs, spelled as the table name
	// spells it ("pt-br" stays pt-br), set by Load.
	Segment string `toml:"-"`
	// Name is the language's own name, shown in the switcher (العربية).
	Name        string `toml:"name"`
	Title       string `toml:"title"`
	Description string `toml:"description"`
	// Dir is "ltr" or "rtl"; empty means derived from the code.
	Dir    string `toml:"dir"`
	Weight int    `toml:"weight"`
	// Fallback shows the default language's page where a translation is
	// missing (default true); false omits the page instead.
	Fallback *bool `toml:"fallback"`
	// Announcement, when set, is this language's in place of the site's
	// [announcement]; its text = "…" is in this language.
	Announcement *Announcement `toml:"announcement"`
	// ContentDir is the folder under content/ holding the language's pages
	// when it is not named by the code (Hugo's contentDir: "english").
	ContentDir string `toml:"contentDir"`
	// Disabled turns the language off, as Hugo's disabled does: its pages
	// are skipped, not published as the default language's.
	Disabled bool `toml:"disabled"`
}

// FallsBack reports whether missing pages fall back to the default language.
func (l Language) FallsBack() bool { return l.Fallback == nil || *l.Fallback }

// Search configures the search box and the search server.
type Search struct {
	// Endpoint is the URL of a search server's /api/search, absolute or
	// root-relative. Empty means the static index only.
	Endpoint string `toml:"endpoint"`
	// CORSOrigins lists origins allowed to call the search server.
	CORSOrigins []string `toml:"corsOrigins"`
	// RateLimit is the number of requests per second one client may make to
	// the search server; 0 means no limit.
	RateLimit float64 `toml:"rateLimit"`
}

// Support is the "still need help?" block.
type Support struct {
	Email string `toml:"email"`
	Phone string `toml:"phone"`
	Chat  string `toml:"chat"`
	Hours Hours  `toml:"hours"`
}

// Hours are the support team's opening hours in its own time zone; pages show
// them converted to the reader's time zone.
type Hours struct {
	TimeZone string `toml:"timezone"`
	Open     string `toml:"open"`  // "09:00"
	Close    string `toml:"close"` // "18:00"
	// Days are ISO weekdays, 1 = Monday … 7 = Sunday.
	Days []int `toml:"days"`
}

// Policies configures policy pages.
type Policies struct {
	// Binding is the language whose version of a policy is legally binding;
	// translations say so.
	Binding string `toml:"binding"`
}

// Markdown configures rendering.
type Markdown struct {
	// Unsafe lets raw HTML in Markdown through an allowlist (no script,
	// handlers or unsafe URLs survive). Off by default: content comes from
	// many writers.
	Unsafe bool `toml:"unsafe"`
	// DefinitionTermIDs gives each term of a definition list an id, as a
	// heading has, so that links to it work: Hugo's
	// markup.goldmark.parser.autoDefinitionTermID.
	DefinitionTermIDs bool `toml:"definitionTermIDs"`
	// HeadingIDs is how heading ids are made from their text: "github"
	// (the default: as GitHub, Hugo, GitLab, Docusaurus and Starlight make
	// them, each space a hyphen, other punctuation dropped) or "zola" (as
	// Zola's slugify.anchors = "on" makes them: runs of anything but
	// letters and digits one hyphen, so get_page is get-page; letters of
	// other scripts are kept, where Zola spells them in Latin ones).
	HeadingIDs string `toml:"headingIDs"`
	// Emoji reads GitHub's emoji names (:tada:) as the emoji; on unless
	// false (a Hugo or Zola site keeps its own setting, which is off
	// unless it turned emoji on).
	Emoji *bool `toml:"emoji"`
}

// EmojiOn reports whether emoji names are read as emoji.
func (m Markdown) EmojiOn() bool { return m.Emoji == nil || *m.Emoji }

// Build configures checks during kb build.
type Build struct {
	// BrokenLinks is "error", "warning", or "" (the default): links to .md
	// files that name no page are errors, and site paths ("/docs/x/") that
	// name nothing kb builds are warnings in kb build (they may lead to
	// another part of the domain) and errors in kb check.
	BrokenLinks string `toml:"brokenLinks"`
	Precompress bool   `toml:"precompress"` // write .gz and .br copies of text files
	// Ignore lists kinds of warnings the site accepts ("unknown-key",
	// "shortcode"): they are neither printed nor counted.
	Ignore []string `toml:"ignore"`
}

// Check configures kb check.
type Check struct {
	// ExternalIgnore lists addresses kb check --external does not check:
	// whole URLs where * stands for any characters
	// ("https://www.linkedin.com/*"), for sites that refuse link checkers
	// and for placeholders.
	ExternalIgnore []string `toml:"externalIgnore"`
}

// Server configures kb search.
type Server struct {
	// MaxQueryLength bounds the query in characters.
	MaxQueryLength int `toml:"maxQueryLength"`
}

// Default returns the configuration used for anything site.toml leaves out.
func Default() Config {
	return Config{
		Title:           "Help Center",
		BaseURL:         "/",
		DefaultLanguage: "en",
		Build:           Build{},
		Server:          Server{MaxQueryLength: 256},
	}
}

// Load reads site.toml from fsys and validates it. Every problem is returned
// as a diagnostic; the Config is nil when any of them is an error.
func Load(fsys fs.FS) (*Config, []diag.Diagnostic) {
	src, err := fs.ReadFile(fsys, FileName)
	if errors.Is(err, fs.ErrNotExist) {
		return loadForeign(fsys)
	}
	if err != nil {
		return nil, []diag.Diagnostic{diag.At(FileName, 0, 0, "%v", err)}
	}
	return Parse(src)
}

// Parse decodes and validates site.toml source.
func Parse(src []byte) (*Config, []diag.Diagnostic) {
	if err := limits.TOML(src); err != nil {
		return nil, []diag.Diagnostic{diag.At(FileName, err.Line, err.Col, "%s", err.Msg)}
	}
	if err := limits.Size(src, limits.ConfigBytes, FileName); err != nil {
		return nil, []diag.Diagnostic{diag.At(FileName, err.Line, err.Col, "%s", err.Msg)}
	}
	cfg := Default()
	md, err := toml.NewDecoder(bytes.NewReader(src)).Decode(&cfg)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, []diag.Diagnostic{diag.At(FileName, pe.Position.Line, textpos.FromByteColumn(src, pe.Position.Line, pe.Position.Col), "%s", pe.Message)}
		}
		return nil, []diag.Diagnostic{diag.At(FileName, 0, 0, "%v", err)}
	}
	var ds []diag.Diagnostic
	for _, k := range md.Undecoded() {
		if k[0] == "params" {
			// Free-form: the toml package reports the keys of a table
			// nested in [params] as undecoded although it decoded them.
			continue
		}
		line := KeyLine(src, k)
		ds = append(ds, diag.WarnAt(FileName, line, 0, "unknown key %q (ignored)", k.String()).Of(diag.UnknownKey))
	}
	ds = append(ds, cfg.validate(src)...)
	for _, d := range ds {
		if d.Severity == diag.Error {
			return nil, ds
		}
	}
	return &cfg, ds
}

var hhmm = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)

// validate canonicalizes language codes and checks values, with the line of
// each offending key.
func (c *Config) validate(src []byte) []diag.Diagnostic {
	var ds []diag.Diagnostic
	bad := func(key toml.Key, format string, args ...any) {
		ds = append(ds, diag.At(FileName, KeyLine(src, key), 0, format, args...))
	}
	if err := CheckBaseURL(c.BaseURL); err != nil {
		bad(toml.Key{"baseURL"}, "%v", err)
	}
	if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	if len(c.Languages) == 0 {
		c.Languages = map[string]Language{c.DefaultLanguage: {}}
	}
	langs := make(map[string]Language, len(c.Languages))
	var unnamed []string // codes given their default name
	for raw, l := range c.Languages {
		code, err := CanonicalCode(raw)
		if err != nil {
			bad(toml.Key{"languages", raw}, "[languages.%s]: %q is not a BCP 47 language code (like en, ar, pt-BR, zh-Hans)", raw, raw)
			continue
		}
		if _, dup := langs[code]; dup {
			bad(toml.Key{"languages", raw}, "[languages.%s]: language %s is configured twice", raw, code)
			continue
		}
		l.Code = code
		l.Segment = raw
		switch l.Dir {
		case "":
			l.Dir = DefaultDir(code)
		case "ltr", "rtl":
		default:
			bad(toml.Key{"languages", raw, "dir"}, "[languages.%s] dir = %q: use \"ltr\" or \"rtl\"", raw, l.Dir)
		}
		if l.Name == "" {
			l.Name = DisplayName(code)
			unnamed = append(unnamed, code)
		}
		if l.Title == "" {
			l.Title = c.Title
		}
		if l.Disabled {
			if c.DisabledLanguages == nil {
				c.DisabledLanguages = map[string]Language{}
			}
			c.DisabledLanguages[code] = l
			continue
		}
		langs[code] = l
	}
	distinguishNames(langs, unnamed)
	c.Languages = langs
	def, err := CanonicalCode(c.DefaultLanguage)
	if _, off := c.DisabledLanguages[def]; off && err == nil {
		bad(toml.Key{"languages", c.DisabledLanguages[def].Segment, "disabled"}, "[languages.%s] disabled = true: the default language cannot be turned off", c.DisabledLanguages[def].Segment)
	} else if err != nil || c.Languages[def].Code == "" {
		bad(toml.Key{"defaultLanguage"}, "defaultLanguage %q is not one of the [languages] tables", c.DefaultLanguage)
	} else {
		c.DefaultLanguage = def
	}
	if c.Policies.Binding != "" {
		if b, err := CanonicalCode(c.Policies.Binding); err == nil && c.Languages[b].Code != "" {
			c.Policies.Binding = b
		} else {
			bad(toml.Key{"policies", "binding"}, "[policies] binding = %q is not a configured language", c.Policies.Binding)
		}
	}
	switch c.Markdown.HeadingIDs {
	case "", "github", "zola":
	default:
		bad(toml.Key{"markdown", "headingIDs"}, "[markdown] headingIDs = %q: use \"github\" or \"zola\"", c.Markdown.HeadingIDs)
	}
	switch c.Build.BrokenLinks {
	case "", "error", "warning":
	default:
		bad(toml.Key{"build", "brokenLinks"}, "[build] brokenLinks = %q: use \"error\" or \"warning\"", c.Build.BrokenLinks)
	}
	ds = append(ds, c.validateReader(src)...)
	if root := strings.Trim(c.SlugRoot, "/"); strings.Contains(root, "..") || strings.ContainsAny(root, "\\?#") {
		bad(toml.Key{"slugRoot"}, "slugRoot = %q: name a folder of the site's addresses, like \"docs\"", c.SlugRoot)
		c.SlugRoot = ""
	} else {
		c.SlugRoot = root
	}
	h := c.Support.Hours
	if h.TimeZone != "" {
		if _, err := time.LoadLocation(h.TimeZone); err != nil {
			bad(toml.Key{"support", "hours", "timezone"}, "[support.hours] timezone %q is not an IANA time zone (like Europe/Athens)", h.TimeZone)
		}
	}
	for _, k := range []struct{ name, v string }{{"open", h.Open}, {"close", h.Close}} {
		if k.v != "" && !hhmm.MatchString(k.v) {
			bad(toml.Key{"support", "hours", k.name}, "[support.hours] %s = %q: use 24-hour HH:MM", k.name, k.v)
		}
	}
	for _, d := range h.Days {
		if d < 1 || d > 7 {
			bad(toml.Key{"support", "hours", "days"}, "[support.hours] days: %d is not an ISO weekday (1 = Monday … 7 = Sunday)", d)
		}
	}
	ds = append(ds, c.Shortcodes.validate(src)...)
	ds = append(ds, c.Callouts.validate(src)...)
	ds = append(ds, c.validateIgnore(src)...)
	ds = append(ds, c.validateExternalIgnore(src)...)
	ds = append(ds, c.validatePermalinks(src)...)
	ds = append(ds, c.validateRedirects(src)...)
	ds = append(ds, c.validateFeeds(src)...)
	if c.Server.MaxQueryLength <= 0 {
		c.Server.MaxQueryLength = Default().Server.MaxQueryLength
	}
	c.Order = c.Order[:0]
	for code := range c.Languages {
		c.Order = append(c.Order, code)
	}
	slices.SortFunc(c.Order, func(a, b string) int {
		switch {
		case a == c.DefaultLanguage:
			return -1
		case b == c.DefaultLanguage:
			return 1
		}
		if wa, wb := c.Languages[a].Weight, c.Languages[b].Weight; wa != wb {
			return wa - wb
		}
		return strings.Compare(a, b)
	})
	return ds
}

// CheckBaseURL accepts an http(s) URL with a host or a path from the root
// ("/help/"): the base of every link kb writes must not be able to run
// script (javascript:) or point at another host by accident (//host/).
func CheckBaseURL(s string) error {
	if s == "" {
		return nil
	}
	if strings.ContainsAny(s, "\"'<>\\ \t\n\r") {
		return fmt.Errorf("baseURL %q has spaces, quotes, backslashes or angle brackets: use an http(s) URL (https://help.example.com/) or a path (/help/)", s)
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return fmt.Errorf("baseURL %q is not a URL: use an http(s) URL (https://help.example.com/) or a path (/help/)", s)
	case (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.Opaque == "":
		return nil
	case u.Scheme == "" && u.Host == "" && strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//"):
		return nil
	}
	return fmt.Errorf("baseURL %q: use an http(s) URL (https://help.example.com/) or a path (/help/)", s)
}

// ConfigFile names the file the configuration was read from, for messages
// about it: site.toml, or the Hugo or Zola file of a site that has none.
func (c *Config) ConfigFile() string {
	if c.file != "" {
		return c.file
	}
	return FileName
}

// Language returns the configured language for a code in any letter case,
// and whether it is configured.
func (c *Config) Language(code string) (Language, bool) {
	canon, err := CanonicalCode(code)
	if err != nil {
		return Language{}, false
	}
	l, ok := c.Languages[canon]
	return l, ok
}

// Lookup maps a language folder name or file-name suffix, in any letter
// case, to a configured language's canonical code; with Default it is what
// the content loader needs to know about languages.
func (c *Config) Lookup(s string) (string, bool) {
	if l, ok := c.Language(s); ok {
		return l.Code, true
	}
	return c.byContentDir(s)
}

// Disabled maps a language folder name (its code or contentDir) or
// file-name suffix, in any letter case, to a language the site turned
// off, whose pages the loader skips.
func (c *Config) Disabled(s string) (string, bool) {
	if code, err := CanonicalCode(s); err == nil {
		if l, ok := c.DisabledLanguages[code]; ok {
			return l.Code, true
		}
	}
	for code, l := range c.DisabledLanguages {
		if l.ContentDir != "" && strings.EqualFold(l.ContentDir, s) {
			return code, true
		}
	}
	return "", false
}

// Default is the default language's canonical code.
func (c *Config) Default() string { return c.DefaultLanguage }

// CanonicalCode returns the canonical spelling of a BCP 47 code, matched case
// insensitively: "PT-br" → "pt-BR", "zh-hans" → "zh-Hans", "fa-ir" → "fa-IR".
// It keeps the code's parts (no "zh-Hans" → "zh" shortening), so folder names
// map back one to one.
func CanonicalCode(code string) (string, error) {
	if code == "" || strings.ContainsAny(code, "/\\. ") {
		return "", fmt.Errorf("invalid language code %q", code)
	}
	tag, err := language.Parse(code)
	if err != nil {
		return "", err
	}
	return tag.String(), nil
}

// rtlScripts are the scripts written right to left.
var rtlScripts = map[string]bool{"Arab": true, "Hebr": true, "Thaa": true, "Syrc": true, "Nkoo": true, "Adlm": true}

// DefaultDir is the text direction of a language when the config does not
// say: rtl for languages whose likely script is right to left (ar, he, fa, ur,
// ps, yi, dv…).
func DefaultDir(code string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return "ltr"
	}
	script, _ := tag.Script()
	if rtlScripts[script.String()] {
		return "rtl"
	}
	return "ltr"
}

// KeyLine finds the line of a dotted key in TOML source: the table header for
// the leading parts, then the last part's "name =" line. Returns 0 when not
// found, which prints as no line.
func KeyLine(src []byte, key toml.Key) int {
	if len(key) == 0 {
		return 0
	}
	lines := strings.Split(string(src), "\n")
	table := strings.Join(key[:len(key)-1], ".")
	last := key[len(key)-1]
	inTable := table == ""
	headerLine := 0
	for i, raw := range lines {
		l := strings.TrimSpace(raw)
		if strings.HasPrefix(l, "[") {
			name := strings.Trim(l, "[] \t")
			name = strings.ReplaceAll(name, `"`, "")
			inTable = name == table
			if name == strings.Join(key, ".") {
				return i + 1
			}
			if inTable {
				headerLine = i + 1
			}
			continue
		}
		if !inTable {
			continue
		}
		k, _, ok := strings.Cut(l, "=")
		if ok && strings.Trim(strings.TrimSpace(k), `"`) == last {
			return i + 1
		}
	}
	return headerLine
}

// DisplayName is a language's name in that language ("العربية", "Ελληνικά"),
// from CLDR data, for languages whose table sets no name.
func DisplayName(code string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	if n := scriptNames[tag.String()]; n != "" {
		return n
	}
	if n := display.Self.Name(tag); n != "" {
		return n
	}
	base, _ := tag.Base()
	if n := selfNames[base.String()]; n != "" {
		return n
	}
	if n := display.English.Languages().Name(tag); n != "" {
		return n
	}
	return code
}

// scriptNames name a language in the script the default theme writes it
// in, where that is not the script CLDR names it in: the theme's Serbian
// (sr) is in Latin script, as most Serbian sites write it; sr-Cyrl keeps
// CLDR's "српски".
var scriptNames = map[string]string{
	"sr":      "srpski",
	"sr-Latn": "srpski",
}

// selfNames are CLDR's own names of languages that x/text's tables do not
// name in themselves.
var selfNames = map[string]string{
	"oc": "occitan",
}

// distinguishNames renames the languages in unnamed (those given their
// default name) that share a name with another language: pt-BR beside pt
// is "português (Brasil)", zh-TW beside zh-Hant "中文 (台灣)", in the
// language's own words, so the switcher never lists one name twice.
func distinguishNames(langs map[string]Language, unnamed []string) {
	slices.Sort(unnamed) // the same names whatever the map's order
	byName := map[string]int{}
	for _, l := range langs {
		byName[l.Name]++
	}
	rename := func(code, name string) {
		l := langs[code]
		byName[l.Name]--
		byName[name]++
		l.Name = name
		langs[code] = l
	}
	// First the name CLDR composes with the region or script, in the
	// language itself; the language it names as the shared name keeps it
	// (zh-Hant is 繁體中文, zh-TW becomes 中文 (台灣)).
	for _, code := range unnamed {
		name := langs[code].Name
		if byName[name] < 2 {
			continue
		}
		tag, err := language.Parse(code)
		if err != nil {
			continue
		}
		if n := ownDictionary(tag).Name(tag); n != "" && n != name && byName[n] == 0 {
			rename(code, n)
		}
	}
	// Then the code, for the variants CLDR still names alike.
	for _, code := range unnamed {
		if name := langs[code].Name; byName[name] > 1 && strings.Contains(code, "-") {
			rename(code, name+" ("+code+")")
		}
	}
}

// ownDictionary is the namer in the tag's own language, or the English one
// when x/text has no names in that language (it would otherwise answer in
// the closest language it has: Kurdish in Turkish).
func ownDictionary(tag language.Tag) display.Namer {
	base, _ := tag.Base()
	for _, t := range display.Supported.Tags() {
		if b, _ := t.Base(); b == base {
			return display.Tags(tag)
		}
	}
	return display.English.Tags()
}
