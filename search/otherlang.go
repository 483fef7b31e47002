package search

import (
	"slices"
	"unicode"

	"golang.org/x/text/language"
)

// SiteLanguage is one of a site's languages, in the site's order, as a
// search that found nothing in another one looks at it.
type SiteLanguage struct {
	Code string
	Dir  string // "ltr" or "rtl"
}

// OtherLanguage is where a search that found nothing in its own language
// looks next: Lang, whose pages run in Dir, for a query written in one of
// Scripts (Unicode script names, as unicode.Scripts and JavaScript's
// \p{sc=…} know them); without Scripts, for a query written in none of
// the other entries' scripts.
type OtherLanguage struct {
	Lang    string   `json:"lang"`
	Dir     string   `json:"dir"`
	Scripts []string `json:"scripts,omitempty"`
}

// OtherLanguages lists where a search in lang that found nothing may look
// next, for PickOther: the site's default language for a query in its
// script, then the first language in the site's order for each other
// script (Greek letters → el, Arabic → ar), and, on a language that is not
// the default, the default for a query in no script listed. So an English
// word typed on the Arabic site searches English, Greek letters typed on
// the English one Greek; a query in a script the default does not write
// goes to a language that writes it, where the default would have found
// nothing. One language, one more search. lang itself is never listed.
func OtherLanguages(lang, def string, site []SiteLanguage) []OtherLanguage {
	byCode := map[string]SiteLanguage{}
	order := []string{def}
	for _, l := range site {
		byCode[l.Code] = l
		if l.Code != def {
			order = append(order, l.Code)
		}
	}
	var others []OtherLanguage
	claimed := map[string]bool{}
	for _, code := range order {
		l, ok := byCode[code]
		if !ok || code == lang {
			continue
		}
		var scripts []string
		for _, s := range languageScripts(code) {
			if !claimed[s] {
				claimed[s] = true
				scripts = append(scripts, s)
			}
		}
		if len(scripts) > 0 {
			others = append(others, OtherLanguage{Lang: code, Dir: l.Dir, Scripts: scripts})
		}
	}
	if d, ok := byCode[def]; ok && def != lang {
		others = append(others, OtherLanguage{Lang: def, Dir: d.Dir})
	}
	return others
}

// PickOther picks the entry of others (see OtherLanguages) that text is
// written in: the one whose scripts have the most of its characters, the
// first on a tie; when none has any, the one without scripts. search.js's
// pickOther does the same.
func PickOther(text string, others []OtherLanguage) (OtherLanguage, bool) {
	best, most := -1, 0
	for i, o := range others {
		if len(o.Scripts) == 0 {
			continue
		}
		tables := make([]*unicode.RangeTable, 0, len(o.Scripts))
		for _, s := range o.Scripts {
			if t := unicode.Scripts[s]; t != nil {
				tables = append(tables, t)
			}
		}
		n := 0
		for _, r := range text {
			if unicode.In(r, tables...) {
				n++
			}
		}
		if n > most {
			best, most = i, n
		}
	}
	if best >= 0 {
		return others[best], true
	}
	i := slices.IndexFunc(others, func(o OtherLanguage) bool { return len(o.Scripts) == 0 })
	if i < 0 {
		return OtherLanguage{}, false
	}
	return others[i], true
}

// languageScripts are the Unicode scripts a language writes in, by its
// likely script ("ja" → Jpan: Hiragana, Katakana and Han), nil for a
// script not listed here.
func languageScripts(code string) []string {
	script, _ := language.Make(code).Script()
	return scriptNames[script.String()]
}

// scriptNames maps ISO 15924 codes to the Unicode script names of their
// letters.
var scriptNames = map[string][]string{
	"Latn": {"Latin"}, "Arab": {"Arabic"}, "Grek": {"Greek"}, "Hebr": {"Hebrew"}, "Cyrl": {"Cyrillic"},
	"Jpan": {"Hiragana", "Katakana", "Han"}, "Hans": {"Han"}, "Hant": {"Han"}, "Kore": {"Hangul", "Han"},
	"Thai": {"Thai"}, "Laoo": {"Lao"}, "Khmr": {"Khmer"}, "Mymr": {"Myanmar"}, "Tibt": {"Tibetan"},
	"Deva": {"Devanagari"}, "Beng": {"Bengali"}, "Guru": {"Gurmukhi"}, "Gujr": {"Gujarati"}, "Orya": {"Oriya"},
	"Taml": {"Tamil"}, "Telu": {"Telugu"}, "Knda": {"Kannada"}, "Mlym": {"Malayalam"}, "Sinh": {"Sinhala"},
	"Geor": {"Georgian"}, "Armn": {"Armenian"}, "Ethi": {"Ethiopic"}, "Thaa": {"Thaana"}, "Syrc": {"Syriac"},
}
