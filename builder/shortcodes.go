package builder

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"kb/builder/config"
	"kb/builder/content"
	"kb/builder/locale"
	"kb/builder/markdown"
	"kb/builder/theme"
)

// markdownOptions configures Markdown rendering for a site: raw HTML, and
// what shortcodes become (the theme's templates, site.toml's [shortcodes]),
// and the Hugo data files (hugodata.Load) the templates read.
func markdownOptions(cfg *config.Config, th *theme.Theme, siteStrings *locale.SiteStrings, data map[string]any) markdown.Options {
	site := markdown.SiteInfo{BaseURL: cfg.BaseURL, HugoTheme: cfg.HugoTheme, Data: data, Params: content.TemplateParams(cfg.Params)}
	if u, err := url.Parse(cfg.BaseURL); err == nil {
		site.BasePath = strings.TrimSuffix(u.Path, "/")
	}
	dirs := []string{"layouts/shortcodes"}
	if cfg.Theme != "" {
		dirs = append(dirs, "themes/"+cfg.Theme+"/layouts/shortcodes")
	}
	return markdown.Options{
		Unsafe:               cfg.Markdown.Unsafe,
		Shortcodes:           th.Shortcodes(),
		ShortcodeDirs:        dirs,
		HugoShortcodes:       th.HugoShortcodes(),
		HugoPartials:         th.HugoPartials(),
		SiteStrings:          siteStrings.T,
		UnrunnableShortcodes: th.Unrunnable(),
		ReservedIDs:          th.IDs(),
		DefinitionTermIDs:    cfg.Markdown.DefinitionTermIDs,
		Emoji:                cfg.Markdown.EmojiOn(),
		HeadingIDs:           cfg.Markdown.HeadingIDs,
		ShortcodeActions:     cfg.Shortcodes,
		RenderHooks:          th.RenderHooks(),
		Site:                 site,
	}
}

// param looks up a key as Hugo's .Param and the param shortcode do: a
// page value from the front matter (a key kb reads, else one of the
// page's params), else a site.toml [params] value; a dotted key
// ("links.repo") goes into tables.
func (s *site) param(p *page) func(key string) (any, bool) {
	return func(key string) (any, bool) {
		m := p.src.Meta
		var v any
		switch key {
		case "title":
			v = p.title
		case "description":
			v = m.Description
		case "linkTitle":
			v = m.LinkTitle
		case "slug":
			v = m.Slug
		case "weight":
			v = m.Weight
		case "type":
			v = p.typ
		case "translationKey":
			v = m.TranslationKey
		case "tags":
			v = strings.Join(m.Tags, ", ")
		case "date", "lastmod", "updated", "effective":
			t := m.Date
			switch key {
			case "lastmod", "updated":
				t = m.Updated
			case "effective":
				t = m.Effective
			}
			if !t.IsZero() {
				v = t.Format("2006-01-02")
			}
		}
		if v != nil && v != "" {
			return v, true
		}
		if v, ok := content.LookupParam(m.Params, key); ok {
			return v, true
		}
		return content.LookupParam(s.cfg.Params, key)
	}
}

// resolveRef finds the page of a ref or relref shortcode in Hugo's order:
// relative to the page's folder, then from the content root, then by its
// name alone ("deep" for docs/sub/deep.md) when no other page of the
// language has that name. The page is in lang when given, else in the
// page's language (or the default one, as for links).
func (s *site) resolveRef(ls *langSite, src *content.Page, seen func(*group)) func(ref, lang string) (string, bool) {
	return func(ref, lang string) (string, bool) {
		in := ls
		if lang != "" {
			if in = s.byCode[lang]; in == nil {
				seen(nil)
				return "", false
			}
		}
		target, frag, _ := strings.Cut(ref, "#")
		if frag != "" {
			frag = "#" + frag
		}
		if unescaped, err := url.PathUnescape(target); err == nil {
			target = unescaped
		}
		if strings.TrimSpace(target) == "" {
			seen(nil)
			return "", false
		}
		var cands []string
		if strings.HasPrefix(target, "/") {
			cands = []string{logicalPath(target)}
		} else {
			cands = []string{logicalPath(path.Join(sourceDir(src), target)), logicalPath(target)}
		}
		var g *group
		for _, c := range cands {
			if strings.HasPrefix(c, "..") {
				continue
			}
			if g = s.findGroup(in.lang.Code, c); g != nil {
				break
			}
		}
		if g == nil && !strings.Contains(strings.Trim(target, "/"), "/") {
			g = s.groupNamed(in.lang.Code, path.Base(logicalPath(target)))
		}
		if g == nil && cands[len(cands)-1] == "" && in.home != nil {
			return in.home.url + frag, true // the home page, with no _index.md
		}
		seen(g)
		if g == nil {
			return "", false
		}
		p := in.byGroup[g]
		if p == nil {
			if p = s.byCode[s.cfg.DefaultLanguage].byGroup[g]; p == nil {
				return "", false
			}
		}
		return p.url + frag, true
	}
}

// groupNamed finds the one page of a language whose logical path ends in
// name ("deep" for "docs/sub/deep"); nil when none or several do.
func (s *site) groupNamed(lang, name string) *group {
	s.names.once.Do(func() {
		s.names.byLang = map[string]map[string]*group{}
		for code, paths := range s.pathGroup {
			m := map[string]*group{}
			for logical, g := range paths {
				base := path.Base(logical)
				if _, dup := m[base]; dup {
					m[base] = nil // more than one: a name that finds nothing
				} else {
					m[base] = g
				}
			}
			s.names.byLang[code] = m
		}
	})
	if g := s.names.byLang[lang][name]; g != nil {
		return g
	}
	return s.names.byLang[s.cfg.DefaultLanguage][name]
}

// refPlaces says where resolveRef looked for a ref of the page at st, for
// the message of a ref that found nothing.
func (r *renderer) refPlaces(st *pageState, ref string) string {
	s := r.site
	target, _, _ := strings.Cut(ref, "#")
	if strings.TrimSpace(target) == "" {
		return "nothing: the shortcode names no page (ref \"path\" or ref path=\"path\")"
	}
	var places []string
	if strings.HasPrefix(target, "/") {
		places = append(places, logicalPath(target)+".md from the content root")
	} else {
		if p := s.byPath[strings.TrimPrefix(st.url, s.basePath)]; p != nil && p.src != nil {
			places = append(places, logicalPath(path.Join(sourceDir(p.src), target))+".md beside this page")
		}
		places = append(places, logicalPath(target)+".md from the content root")
		if !strings.Contains(strings.Trim(target, "/"), "/") {
			places = append(places, fmt.Sprintf("a page named %q (the only one of that name)", path.Base(logicalPath(target))))
		}
	}
	if len(places) > 1 {
		places[len(places)-1] = "and " + places[len(places)-1]
	}
	return strings.Join(places, ", ")
}
