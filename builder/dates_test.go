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

// The languages of the real sites under shared/corpora that the theme had no
// strings for (Let's Encrypt: hr, si, sr, ta, uz; Organic Maps: af, cy, et,
// eu, gl, lt, ml, mr, oc, te) show their own dates and search box, not
// English, or Spanish for Galician and Hindi for Marathi. Let's Encrypt
// writes Serbian in Latin script under "sr"; sr-Cyrl is Serbian in Cyrillic.
func TestCorporaLanguagesReadTheirOwnInterface(t *testing.T) {
	want := map[string]string{
		"hr":      "Ažurirano 1. ožujka 2026.",
		"sr":      "Ažurirano 1. mart 2026.",
		"sr-Cyrl": "Ажурирано 1. март 2026.",
		"si":      "යාවත්කාලීන කළේ: 2026 මාර්තු 1",
		"ta":      "புதுப்பிக்கப்பட்டது: 1 மார்ச், 2026",
		"uz":      "Yangilangan: 2026-yil 1-mart",
		"af":      "Bygewerk op 1 Maart 2026",
		"cy":      "Diweddarwyd 1 Mawrth 2026",
		"et":      "Uuendatud: 1. märts 2026",
		"eu":      "Eguneratze-data: 2026ko martxoaren 1a",
		"gl":      "Actualizado o 1 de marzo de 2026",
		"lt":      "Atnaujinta 2026 m. kovo 1 d.",
		"ml":      "അപ്ഡേറ്റ് ചെയ്തത്: 2026 മാർച്ച് 1",
		"mr":      "अद्यतनित: १ मार्च, २०२६",
		"oc":      "Mes a jorn lo 1èr de març de 2026",
		"te":      "నవీకరించబడింది: 1 మార్చి, 2026",
	}
	site := t.TempDir()
	langs := []string{"en"}
	for lang := range want {
		langs = append(langs, lang)
	}
	write(t, filepath.Join(site, "site.toml"), onlyLanguages("en", langs...))
	for _, lang := range langs {
		write(t, filepath.Join(site, "content", lang, "faq", "returns.md"),
			"+++\ntitle = \"Returns\"\nupdated = 2026-03-01\n+++\nText.\n")
	}
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, site, out)
	for lang, date := range want {
		page := readLangFile(t, out, lang, "faq/returns/index.html")
		for _, p := range []string{date, searchPlaceholders[lang]} {
			if !strings.Contains(page, p) {
				t.Errorf("%s page does not say %q; its dates: %s", lang, p, datesIn(page))
			}
		}
		for _, english := range []string{"Search for answers", "Updated March"} {
			if strings.Contains(page, english) {
				t.Errorf("%s page says %q in English", lang, english)
			}
		}
	}
}

// searchPlaceholders is the search box's placeholder in languages the
// theme has strings for since the corpora needed them: a page that shows
// it reads its own language's interface.
var searchPlaceholders = map[string]string{
	"hr":      "Potražite odgovor…",
	"sr":      "Potražite odgovor…",
	"sr-Cyrl": "Потражите одговор…",
	"si":      "පිළිතුරු සොයන්න…",
	"ta":      "பதில்களைத் தேடுக…",
	"uz":      "Javob qidiring…",
	"af":      "Soek na antwoorde…",
	"cy":      "Chwilio am atebion…",
	"et":      "Otsi vastuseid…",
	"eu":      "Bilatu erantzunak…",
	"gl":      "Busca respostas…",
	"lt":      "Ieškokite atsakymų…",
	"ml":      "ഉത്തരങ്ങൾ തിരയുക…",
	"mr":      "उत्तरे शोधा…",
	"oc":      "Cercatz una responsa…",
	"te":      "సమాధానాల కోసం వెతకండి…",
}
