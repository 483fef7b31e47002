package locale

import (
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"

	"kb/builder/diag"
)

// Sites moved from Hugo bring their theme's i18n/*.toml: message files of
// the same go-i18n format whose ids are the old theme's ("home_hero_title"),
// or Hugo's older id/translation form. Read as kb's UI strings, each of
// their ids would be a warning; they are recognised and left out instead.

// foreignFiles returns the site's message files (source prefix "") that
// hold another theme's strings: in the id/translation form, or with fewer
// than half of their ids among the theme's English ones (a file that
// overrides kb's strings uses kb's ids, with perhaps a typo or two). The
// theme's own files are never foreign.
func foreignFiles(files []msgFile, sources []Source) map[string]bool {
	themeIDs := map[string]bool{}
	for _, f := range files {
		if f.code == "en" && f.err == nil && !isSiteFile(f, sources) {
			var raw map[string]any
			if toml.Unmarshal(f.src, &raw) == nil {
				for id := range raw {
					themeIDs[id] = true
				}
			}
		}
	}
	foreign := map[string]bool{}
	if len(themeIDs) == 0 {
		return foreign // nothing to tell kb's strings by
	}
	for _, f := range files {
		if f.err != nil || !isSiteFile(f, sources) {
			continue
		}
		var raw map[string]any
		if toml.Unmarshal(f.src, &raw) != nil || len(raw) == 0 {
			continue // its own problems are reported as usual
		}
		shared := 0
		for id, v := range raw {
			if themeIDs[id] && !isIDTranslationForm(v) {
				shared++
			}
		}
		if 2*shared < len(raw) {
			foreign[f.name] = true
		}
	}
	return foreign
}

// isIDTranslationForm reports Hugo's older form: an array of tables with
// id and translation keys.
func isIDTranslationForm(v any) bool {
	list, ok := v.([]map[string]any)
	if !ok || len(list) == 0 {
		return false
	}
	_, hasID := list[0]["id"]
	_, hasTr := list[0]["translation"]
	return hasID && hasTr
}

// isSiteFile reports whether a message file comes from the site itself
// rather than from a theme.
func isSiteFile(f msgFile, sources []Source) bool {
	for _, s := range sources {
		if s.Prefix != "" && strings.HasPrefix(f.name, strings.TrimSuffix(s.Prefix, "/")+"/") {
			return false
		}
	}
	return true
}

// foreignNote is the one warning about message files left out.
func foreignNote(foreign map[string]bool) []diag.Diagnostic {
	if len(foreign) == 0 {
		return nil
	}
	noun := fmt.Sprintf("%d message files hold", len(foreign))
	if len(foreign) == 1 {
		noun = "1 message file holds"
	}
	return []diag.Diagnostic{diag.WarnAt("i18n", 0, 0,
		"%s another theme's UI strings (a Hugo site's i18n/, with few of the ids kb's theme uses): not read as kb's UI strings, only by shortcode templates' T; a site overrides kb's strings with kb's ids, like search_button", noun).Of(diag.UIString)}
}

// Foreign lists the site's message files left out as another theme's UI
// strings.
func (c *Catalog) Foreign() map[string]bool { return c.foreign }
