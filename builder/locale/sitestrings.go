package locale

import (
	"maps"
	"reflect"
	"slices"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// SiteStrings are a Hugo site's own UI strings, which its shortcode
// templates read with T: its i18n/<lang>.toml over its Hugo theme's, all
// of them, also those the Catalog leaves out as another theme's strings.
// They are read under the Catalog's rules (parseFile: placeholders only,
// bounded); a message that breaks them is left out.
type SiteStrings struct {
	def  string
	locs map[string]*i18n.Localizer // by language code
}

// NewSiteStrings reads the message files of sources, later ones winning
// per id, for each language of langs, the default first: a language
// without a string reads the default language's.
func NewSiteStrings(langs []string, sources ...Source) *SiteStrings {
	messages := map[string]map[string]*i18n.Message{}
	for _, f := range readFiles(sources) {
		if f.err != nil {
			continue
		}
		if messages[f.code] == nil {
			messages[f.code] = map[string]*i18n.Message{}
		}
		for _, m := range parseFile(f).msgs {
			messages[f.code][m.ID] = m
		}
	}
	s := &SiteStrings{locs: map[string]*i18n.Localizer{}}
	if len(langs) == 0 {
		return s
	}
	s.def = langs[0]
	for _, code := range langs {
		b := i18n.NewBundle(language.English)
		var tags []string
		for _, c := range slices.Compact([]string{code, s.def}) {
			tag, err := language.Parse(c)
			if err != nil {
				continue
			}
			tags = append(tags, addMessages(b, tag, sorted(messages[c])).String())
		}
		s.locs[code] = i18n.NewLocalizer(b, tags...)
	}
	return s
}

// addMessages adds msgs to b under tag, or, where go-i18n knows no plural
// rules for it, under "art" (constructed languages), which it gives the
// English ones; it returns the tag they are under.
func addMessages(b *i18n.Bundle, tag language.Tag, msgs []*i18n.Message) language.Tag {
	if len(msgs) == 0 {
		return tag
	}
	if err := b.AddMessages(tag, msgs...); err != nil {
		tag = language.Make("art")
		_ = b.AddMessages(tag, msgs...)
	}
	return tag
}

// T is Hugo's T: the string id in lang, else in the default language,
// else "". A number as arg is the count that picks the plural form, as
// {{.Count}}; a map is the template data, its Count the count.
func (s *SiteStrings) T(lang, id string, arg any) string {
	loc := s.locs[lang]
	if loc == nil {
		loc = s.locs[s.def]
	}
	if loc == nil {
		return ""
	}
	cfg := &i18n.LocalizeConfig{MessageID: id}
	switch v := reflect.ValueOf(arg); v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		cfg.PluralCount, cfg.TemplateData = arg, map[string]any{"Count": arg}
	case reflect.Map:
		if m, ok := arg.(map[string]any); ok {
			cfg.TemplateData = maps.Clone(m)
			if n, ok := m["Count"]; ok {
				cfg.PluralCount = n
			}
		}
	}
	out, _ := loc.Localize(cfg)
	return out
}
