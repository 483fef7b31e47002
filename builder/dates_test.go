package builder_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// The dates on articles and policies read as a native speaker writes them
// on the first of a month and on other days: Greek with the genitive month
// and no article that has to agree with the day ("από τις 1" is wrong),
// French "1er", Italian and Brazilian Portuguese "1º", Russian, Polish and
// Czech with the genitive month.
func TestDatesReadNaturally(t *testing.T) {
	site := t.TempDir()
	langs := []string{"en", "el", "fr", "it", "pt-BR", "ru", "pl", "cs", "uk", "ar", "he"}
	write(t, filepath.Join(site, "site.toml"), onlyLanguages("en", langs...))
	for _, lang := range langs {
		write(t, filepath.Join(site, "content", lang, "policies", "_index.md"), "+++\ntitle = \"Policies\"\ntype = \"policy\"\n+++\n")
		write(t, filepath.Join(site, "content", lang, "policies", "terms.md"),
			"+++\ntitle = \"Terms\"\neffective = 2026-12-01\nupdated = 2026-11-20\n+++\nText.\n")
		write(t, filepath.Join(site, "content", lang, "faq", "returns.md"),
			"+++\ntitle = \"Returns\"\nupdated = 2026-03-01\n+++\nText.\n")
	}
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, site, out)
	want := map[string][]string{
		"el":    {"Έναρξη ισχύος: 1 Δεκεμβρίου 2026", "Τελευταία ενημέρωση: 20 Νοεμβρίου 2026", "Ενημερώθηκε: 1 Μαρτίου 2026"},
		"fr":    {"En vigueur à compter du 1er décembre 2026", "Dernière mise à jour le 20 novembre 2026", "Mis à jour le 1er mars 2026"},
		"it":    {"In vigore dal 1º dicembre 2026", "Aggiornato il 1º marzo 2026"},
		"pt-BR": {"Em vigor desde 1º de dezembro de 2026", "Atualizado em 1º de março de 2026"},
		"ru":    {"Действует с 1 декабря 2026 г.", "Обновлено 1 марта 2026 г."},
		"pl":    {"Obowiązuje od 1 grudnia 2026", "Zaktualizowano 1 marca 2026"},
		"cs":    {"Platí od 1. prosince 2026", "Aktualizováno 1. března 2026"},
		"uk":    {"1 грудня 2026 р.", "1 березня 2026 р."},
		"ar":    {"1 ديسمبر 2026", "1 مارس 2026"},
		"he":    {"1 בדצמבר 2026", "1 במרץ 2026"},
		"en":    {"Effective December 1, 2026", "Updated March 1, 2026"},
	}
	for lang, phrases := range want {
		pages := readLangFile(t, out, lang, "policies/terms/index.html") + readLangFile(t, out, lang, "faq/returns/index.html")
		for _, p := range phrases {
			if !strings.Contains(pages, p) {
				t.Errorf("%s pages do not say %q:\n%s", lang, p, datesIn(pages))
			}
		}
	}
}

// datesIn is the dates paragraphs of pages, for a failure message.
func datesIn(pages string) string {
	var b strings.Builder
	for _, part := range strings.Split(pages, `<p class="dates">`)[1:] {
		line, _, _ := strings.Cut(part, "</p>")
		b.WriteString(line + "\n")
	}
	return b.String()
}
