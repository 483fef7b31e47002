// Package zendesk moves a Zendesk Guide help center into a kb site: it
// reads the categories, sections and articles of every language through
// the public Help Center API (the one Zendesk documents for exports) and
// writes them as a kb site: categories as sections, sections as sections
// inside them, articles as Markdown pages, translations in their languages'
// folders at the same paths, the pictures and files the articles show
// beside them, and every old /hc/ address kept as an alias.
package zendesk

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"kb/builder/markdown"
	"kb/builder/permalink"
)

// Options say where the help center is and where its site goes.
type Options struct {
	// URL is the help center's address: https://acme.zendesk.com, or the
	// domain it is served at (https://help.acme.com).
	URL string
	// Auth is "email/token:API_TOKEN" for a help center that is not
	// public; "" reads the public API, which has what readers see.
	Auth   string
	Client *http.Client // nil: http.DefaultClient
	// Write creates one file of the site, named by its slash path under
	// the site folder (site.toml, content/en/orders/_index.md); it never
	// overwrites.
	Write func(name string, data []byte) error
}

// Result says what was moved in.
type Result struct {
	Languages                      []string // kb's language folders, the default first
	Categories, Sections, Articles int      // in the default language
	Translations, Files            int      // pages in the other languages; pictures and files downloaded
	// Outdated are the translations Zendesk marked outdated, written so
	// that kb reads them as outdated (OutdatedSource).
	Outdated int
	// Notes are what did not carry over, one line each.
	Notes []string
}

// A locale's content, as the API gives it.
type localeContent struct {
	locale     string // Zendesk's: en-us
	lang       string // kb's folder: en
	categories []category
	sections   []section
	articles   []article
}

// Import reads the help center and writes the site.
func Import(ctx context.Context, opts Options) (Result, error) {
	var res Result
	base, err := url.Parse(strings.TrimSpace(opts.URL))
	if err != nil || (base.Scheme != "https" && base.Scheme != "http") || base.Host == "" {
		return res, fmt.Errorf("%q is not a help center's address: give one like https://acme.zendesk.com", opts.URL)
	}
	c := &client{base: &url.URL{Scheme: base.Scheme, Host: base.Host}, http: opts.Client, auth: opts.Auth}
	if c.http == nil {
		c.http = http.DefaultClient
	}
	locs, err := locales(ctx, c)
	if err != nil {
		return res, err
	}
	langs := languageFolders(locs)
	var all []*localeContent
	for _, loc := range locs {
		lc := &localeContent{locale: loc, lang: langs[loc]}
		prefix := "/api/v2/help_center/" + url.PathEscape(loc)
		if lc.categories, err = list[category](ctx, c, prefix+"/categories.json", "categories"); err != nil {
			return res, err
		}
		if lc.sections, err = list[section](ctx, c, prefix+"/sections.json", "sections"); err != nil {
			return res, err
		}
		if lc.articles, err = list[article](ctx, c, prefix+"/articles.json", "articles"); err != nil {
			return res, err
		}
		all = append(all, lc)
		res.Languages = append(res.Languages, lc.lang)
	}
	paths := placeAll(all)
	outdated := outdatedTranslations(all)
	title := helpCenterTitle(ctx, c, locs[0])
	if err := opts.Write("site.toml", siteToml(title, c.base.String()+"/", all)); err != nil {
		return res, err
	}
	for i, lc := range all {
		w := &writer{c: c, lc: lc, paths: paths, write: opts.Write, res: &res, ctx: ctx, translation: i > 0, outdated: outdated}
		if err := w.locale(title); err != nil {
			return res, err
		}
		if i == 0 {
			res.Categories, res.Sections, res.Articles = len(lc.categories), len(lc.sections), len(lc.articles)
		} else {
			res.Translations += len(lc.articles)
		}
	}
	return res, nil
}

// OutdatedSource is the translatedFrom of a translation Zendesk marked
// outdated: it names no version of the source, as Zendesk does not say
// which one was translated, so that kb reads the translation as outdated
// (kb status, kb check and the notice on the page) until a translator
// updates it and kb status --mark records the source it was made from.
const OutdatedSource = "outdated in Zendesk"

// translationID names an article's translation: its locale (Zendesk's,
// lowercased) and the article.
type translationID struct {
	locale string
	id     int64
}

// outdatedTranslations are the translations Zendesk marked outdated, as
// a locale's copy of the article says (outdated) or any copy lists
// (outdated_locales).
func outdatedTranslations(all []*localeContent) map[translationID]bool {
	out := map[translationID]bool{}
	for _, lc := range all {
		for _, a := range lc.articles {
			if a.Outdated {
				out[translationID{strings.ToLower(lc.locale), a.ID}] = true
			}
			for _, l := range a.OutdatedLocales {
				out[translationID{strings.ToLower(l), a.ID}] = true
			}
		}
	}
	return out
}

// languageFolders names each locale's folder: its language alone when no
// other locale has that language (en-us is en), the whole locale when two
// do (pt and pt-br), and Chinese always with its region, which says its
// script.
func languageFolders(locs []string) map[string]string {
	count := map[string]int{}
	for _, l := range locs {
		lang, _, _ := strings.Cut(l, "-")
		count[lang]++
	}
	out := map[string]string{}
	for _, l := range locs {
		lang, _, _ := strings.Cut(l, "-")
		if count[lang] == 1 && lang != "zh" {
			out[l] = lang
		} else {
			out[l] = l
		}
	}
	return out
}

// sitePaths are where categories, sections and articles go under each
// language's folder: the same path in every language, made from the name
// in the default language (else the first that has one), so translations
// pair up as kb pairs them.
type sitePaths struct {
	category, section map[int64]string // folders: "orders", "orders/returns"
	article           map[int64]string // files: "orders/returns/how-do-i-return-an-item.md"
}

// placeAll gives every category, section and article of every locale its
// path, each once, so that two titles that make the same name get -2.
func placeAll(all []*localeContent) sitePaths {
	p := sitePaths{category: map[int64]string{}, section: map[int64]string{}, article: map[int64]string{}}
	taken := map[string]bool{}
	unique := func(dir, name string, id int64, ext string) string {
		s := fileName(name)
		if s == "" {
			s = strconv.FormatInt(id, 10)
		}
		candidate := path.Join(dir, s)
		for n := 2; taken[candidate+ext]; n++ {
			candidate = path.Join(dir, s+"-"+strconv.Itoa(n))
		}
		taken[candidate+ext] = true
		return candidate + ext
	}
	sections := map[int64]section{}
	for _, lc := range all {
		for _, cat := range lc.categories {
			if _, ok := p.category[cat.ID]; !ok {
				p.category[cat.ID] = unique("", cat.Name, cat.ID, "")
			}
		}
		for _, s := range lc.sections {
			if _, ok := sections[s.ID]; !ok {
				sections[s.ID] = s
			}
		}
	}
	// A section's folder is inside its parent's; parents first, and a
	// loop (which the API should never give) ends at the category.
	var place func(id int64, seen map[int64]bool) string
	place = func(id int64, seen map[int64]bool) string {
		if dir, ok := p.section[id]; ok {
			return dir
		}
		s := sections[id]
		parent := p.category[s.CategoryID]
		if _, ok := sections[s.ParentID]; ok && s.ParentID != 0 && !seen[s.ParentID] {
			seen[id] = true
			parent = place(s.ParentID, seen)
		}
		dir := unique(parent, s.Name, s.ID, "")
		p.section[id] = dir
		return dir
	}
	ids := make([]int64, 0, len(sections))
	for id := range sections {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		place(id, map[int64]bool{})
	}
	for _, lc := range all {
		for _, a := range lc.articles {
			if _, ok := p.article[a.ID]; !ok {
				p.article[a.ID] = unique(p.section[a.SectionID], a.Title, a.ID, ".md")
			}
		}
	}
	return p
}

// fileName is a title made a file name as Hugo's urlize makes a URL
// segment, lowercased, at most 60 characters, cut at a hyphen.
func fileName(title string) string {
	s := strings.ToLower(permalink.Urlize(title))
	s = strings.Trim(s, ".-")
	if utf8.RuneCountInString(s) > 60 {
		runes := []rune(s)[:60]
		s = string(runes)
		if i := strings.LastIndexByte(s, '-'); i > 20 {
			s = s[:i]
		}
	}
	return s
}

var titleTag = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// helpCenterTitle is the title of the help center's home page in the
// default locale, or its host name.
func helpCenterTitle(ctx context.Context, c *client, locale string) string {
	body, err := c.get(ctx, c.base.JoinPath("/hc", locale).String())
	if err == nil {
		if m := titleTag.FindSubmatch(body); m != nil {
			if t := markdown.HTMLText(string(m[1])); t != "" {
				return t
			}
		}
	}
	return c.base.Host
}

// siteToml is the site's configuration: its title, address and languages.
func siteToml(title, baseURL string, all []*localeContent) []byte {
	type language struct {
		Weight int `toml:"weight"`
	}
	conf := struct {
		Title           string              `toml:"title"`
		BaseURL         string              `toml:"baseURL"`
		DefaultLanguage string              `toml:"defaultLanguage"`
		Languages       map[string]language `toml:"languages"`
	}{Title: title, BaseURL: baseURL, DefaultLanguage: all[0].lang, Languages: map[string]language{}}
	for i, lc := range all {
		conf.Languages[lc.lang] = language{Weight: i + 1}
	}
	var b strings.Builder
	b.WriteString("# Moved in from the Zendesk Guide help center at " + baseURL + " by kb init --from zendesk.\n")
	if err := toml.NewEncoder(&b).Encode(conf); err != nil {
		panic(err) // a struct of strings and ints always encodes
	}
	return []byte(b.String())
}

// frontMatter is what a page's TOML front matter holds.
type frontMatter struct {
	Title       string   `toml:"title"`
	Description string   `toml:"description,omitempty"`
	Weight      int      `toml:"weight,omitempty"`
	Tags        []string `toml:"tags,omitempty"`
	Featured    bool     `toml:"featured,omitempty"`
	Draft       bool     `toml:"draft,omitempty"`
	Updated     string   `toml:"updated,omitempty"`
	Aliases     []string `toml:"aliases,omitempty"`
	// TranslatedFrom is OutdatedSource for a translation Zendesk marked
	// outdated, else none: nothing says which version of the source the
	// others were made from (kb status counts them as current, untracked).
	TranslatedFrom string `toml:"translatedFrom,omitempty"`
}

// page is a page's file: its TOML front matter, then body.
func (fm frontMatter) page(body string) []byte {
	var b strings.Builder
	b.WriteString("+++\n")
	if err := toml.NewEncoder(&b).Encode(fm); err != nil {
		panic(err)
	}
	b.WriteString("+++\n")
	if body != "" {
		b.WriteString(body)
		if !strings.HasSuffix(body, "\n") {
			b.WriteByte('\n')
		}
	}
	return []byte(b.String())
}

// oldAddresses are the paths the help center gave an object (its html_url's,
// and the same without the title after the id, which Zendesk also serves),
// kept as aliases so links to the old help center still lead to it.
func oldAddresses(c *client, htmlURL string) []string {
	u, ok := c.sameHost(htmlURL)
	if !ok || !strings.HasPrefix(u.Path, "/hc/") {
		return nil
	}
	out := []string{u.Path}
	if m := hcObject.FindStringSubmatch(u.Path); m != nil && m[4] != "" {
		out = append(out, strings.TrimSuffix(u.Path, m[4]))
	}
	return out
}

// date is the day of an API time (2024-04-17T17:18:10Z), or "".
func date(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}
