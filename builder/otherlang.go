package builder

import (
	"encoding/json"

	"kb/builder/config"
	"kb/search"
)

// otherLanguages lists where a search in lang that found nothing looks
// next, among the site's languages in its order (search.OtherLanguages):
// the search server (server.json) and the search boxes (SearchOthers) both
// take it from here.
func otherLanguages(cfg *config.Config, lang string) []search.OtherLanguage {
	site := make([]search.SiteLanguage, 0, len(cfg.Order))
	for _, code := range cfg.Order {
		site = append(site, search.SiteLanguage{Code: code, Dir: cfg.Languages[code].Dir})
	}
	return search.OtherLanguages(lang, cfg.DefaultLanguage, site)
}

// otherLanguagesByCode is otherLanguages for every language of the site
// that has one; nil for a site in one language.
func otherLanguagesByCode(cfg *config.Config) map[string][]search.OtherLanguage {
	var m map[string][]search.OtherLanguage
	for _, code := range cfg.Order {
		if others := otherLanguages(cfg, code); len(others) > 0 {
			if m == nil {
				m = map[string][]search.OtherLanguage{}
			}
			m[code] = others
		}
	}
	return m
}

// otherLabels are ls's labels of another language's results, by that
// language's code: "Nothing in English. In Greek:".
func otherLabels(cfg *config.Config, ls *langSite) map[string]string {
	labels := map[string]string{}
	for _, o := range otherLanguages(cfg, ls.lang.Code) {
		labels[o.Lang] = ls.loc.T("search_other_language", "Language", ls.loc.LanguageName(ls.lang.Code), "Other", ls.loc.LanguageName(o.Lang))
	}
	return labels
}

// searchOthers is SiteView.SearchOthers: otherLanguages with ls's labels,
// as JSON for search.js; "" when there is no other language.
func searchOthers(cfg *config.Config, ls *langSite) string {
	type other struct {
		search.OtherLanguage
		Label string `json:"label"`
	}
	labels := otherLabels(cfg, ls)
	var others []other
	for _, o := range otherLanguages(cfg, ls.lang.Code) {
		others = append(others, other{o, labels[o.Lang]})
	}
	if len(others) == 0 {
		return ""
	}
	b, _ := json.Marshal(others)
	return string(b)
}

// searchesSounds reports whether a search in lang's box may run on an index
// with sound keys (search.SoundKey: Greek typed in Latin letters), lang's
// own or that of the language it looks in next, and so may need
// greeklish.js (SiteView.Greeklish).
func searchesSounds(cfg *config.Config, lang string) bool {
	if search.SoundKey(lang) != nil {
		return true
	}
	for _, o := range otherLanguages(cfg, lang) {
		if search.SoundKey(o.Lang) != nil {
			return true
		}
	}
	return false
}
