package builder

import (
	"net/url"
	"strings"

	"kb/builder/config"
	"kb/builder/markdown"
	"kb/builder/theme"
)

// markdownOptions configures Markdown rendering for a site: raw HTML, and
// what shortcodes become (the theme's templates, site.toml's [shortcodes]).
func markdownOptions(cfg *config.Config, th *theme.Theme) markdown.Options {
	site := markdown.SiteInfo{BaseURL: cfg.BaseURL}
	if u, err := url.Parse(cfg.BaseURL); err == nil {
		site.BasePath = strings.TrimSuffix(u.Path, "/")
	}
	return markdown.Options{
		Unsafe:           cfg.Markdown.Unsafe,
		Shortcodes:       th.Shortcodes(),
		ShortcodeActions: cfg.Shortcodes,
		Site:             site,
	}
}

// param looks up the param shortcode's key: a page value from the front
// matter, else a site.toml [params] value.
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
		if v, ok := s.cfg.Params[key]; ok {
			return v, true
		}
		return nil, false
	}
}
