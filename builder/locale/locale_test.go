package locale

import (
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"kb/builder/diag"
)

// shipped are the languages the default theme must translate completely.
var shipped = []string{"en", "ar", "el", "fr", "de", "es", "ja", "zh", "he", "fa", "ur", "tr", "ru", "pt", "pt-BR", "it", "nl", "pl", "id", "hi", "ko", "uk", "sv",
	"cs", "hu", "ro", "ca", "da", "nb", "fi", "vi", "th",
	"hr", "si", "sr", "sr-Cyrl", "ta", "uz", "af", "cy", "et", "eu", "gl", "lt", "ml", "mr", "oc", "te"}

func defaultTheme() Source {
	return Source{FS: os.DirFS("../../themes/default"), Prefix: "themes/default"}
}

func shippedCatalog(t *testing.T, langs ...string) *Catalog {
	t.Helper()
	c, ds := NewCatalog(append(slices.Clone(shipped), langs...), defaultTheme())
	for _, d := range ds {
		t.Errorf("default theme: %v", d)
	}
	return c
}

// files builds a Source from file names and contents.
func files(prefix string, kv ...string) Source {
	m := fstest.MapFS{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = &fstest.MapFile{Data: []byte(kv[i+1])}
	}
	return Source{FS: m, Prefix: prefix}
}

func TestShippedFilesAreComplete(t *testing.T) {
	c := shippedCatalog(t)
	if n := len(c.messages["en"]); n < 80 {
		t.Fatalf("English has %d messages; the theme's file did not load", n)
	}
	for _, code := range shipped {
		if _, ok := c.messages[code]; !ok {
			t.Errorf("no themes/default/i18n/%s.toml", code)
			continue
		}
		if missing := c.Missing(code); len(missing) > 0 {
			t.Errorf("themes/default/i18n/%s.toml lacks %d English ids: %s", code, len(missing), strings.Join(missing, ", "))
		}
	}
}

func TestShippedMessagesRender(t *testing.T) {
	c := shippedCatalog(t)
	for _, code := range shipped {
		l := c.For(code)
		for id, m := range c.messages["en"] {
			render := l.T
			if isPlural(m) {
				render = func(id string, kv ...any) string { return l.N(id, 3, kv...) }
			}
			got := render(id, "Query", "q", "Language", "L", "Original", "O", "Other", "Ot", "Date", "D",
				"Days", "W", "Open", "9", "Close", "5", "From", "F", "To", "T", "Title", "Ti")
			if got == "" || got == id || strings.Contains(got, "<no value>") {
				t.Errorf("%s: T(%q) = %q", code, id, got)
			}
		}
	}
}

func TestPluralArabic(t *testing.T) {
	c := shippedCatalog(t)
	ar := c.For("ar")
	want := map[int]string{
		0:    "لا توجد نتائج",
		1:    "نتيجة واحدة",
		2:    "نتيجتان",
		3:    "3 نتائج",
		10:   "10 نتائج",
		11:   "11 نتيجة",
		100:  "100 نتيجة",
		1000: "1,000 نتيجة",
	}
	for n, w := range want {
		if got := ar.N("search_results_count", n); got != w {
			t.Errorf("ar N(search_results_count, %d) = %q, want %q", n, got, w)
		}
	}
	if got, w := ar.N("section_articles", 2), "مقالتان"; got != w {
		t.Errorf("ar N(section_articles, 2) = %q, want %q", got, w)
	}

	// Arabic "many" and "other" read the same once unvocalized, so check
	// that each count picks its own CLDR form with a file that tells them apart.
	c2, ds := NewCatalog([]string{"ar"}, files("",
		"i18n/en.toml", "[n]\none = \"one\"\nother = \"other\"\n",
		"i18n/ar.toml", "[n]\nzero = \"zero\"\none = \"one\"\ntwo = \"two\"\nfew = \"few {{.Count}}\"\nmany = \"many {{.Count}}\"\nother = \"other {{.Count}}\"\n",
	))
	noDiags(t, ds)
	forms := map[int]string{0: "zero", 1: "one", 2: "two", 3: "few 3", 11: "many 11", 100: "other 100", 103: "few 103", 111: "many 111"}
	for n, w := range forms {
		if got := c2.For("ar").N("n", n); got != w {
			t.Errorf("ar form for %d = %q, want %q", n, got, w)
		}
	}
}

func TestPluralGreekAndEnglish(t *testing.T) {
	c := shippedCatalog(t)
	tests := []struct {
		code string
		n    int
		want string
	}{
		{"el", 0, "0 αποτελέσματα"},
		{"el", 1, "1 αποτέλεσμα"},
		{"el", 2, "2 αποτελέσματα"},
		{"el", 30018, "30.018 αποτελέσματα"},
		{"en", 1, "1 result"},
		{"en", 0, "0 results"},
		{"fr", 0, "0 résultat"},
		{"fr", 1, "1 résultat"},
		{"fr", 2, "2 résultats"},
		{"ja", 1, "1件の結果"},
	}
	for _, tt := range tests {
		if got := c.For(tt.code).N("search_results_count", tt.n); got != tt.want {
			t.Errorf("%s N(search_results_count, %d) = %q, want %q", tt.code, tt.n, got, tt.want)
		}
	}
	if got, want := c.For("el").N("section_articles", 1), "1 άρθρο"; got != want {
		t.Errorf("el N(section_articles, 1) = %q, want %q", got, want)
	}
}

func TestOverrideOrder(t *testing.T) {
	def := files("themes/default",
		"i18n/en.toml", "a = \"default a\"\nb = \"default b\"\nc = \"default c\"\n",
		"i18n/el.toml", "a = \"default α\"\nb = \"default β\"\nc = \"default γ\"\n",
	)
	theme := files("themes/shop",
		"i18n/en.toml", "b = \"theme b\"\nc = \"theme c\"\n",
		"i18n/el.toml", "b = \"theme β\"\nc = \"theme γ\"\n",
	)
	site := files("", "i18n/el.toml", "c = \"site γ\"\n")
	c, ds := NewCatalog([]string{"en", "el"}, def, Source{}, theme, site)
	noDiags(t, ds)
	for _, tt := range []struct{ code, id, want string }{
		{"el", "a", "default α"},
		{"el", "b", "theme β"},
		{"el", "c", "site γ"},
		{"en", "a", "default a"},
		{"en", "c", "theme c"},
	} {
		if got := c.For(tt.code).T(tt.id); got != tt.want {
			t.Errorf("%s T(%q) = %q, want %q", tt.code, tt.id, got, tt.want)
		}
	}
}

func TestFallback(t *testing.T) {
	src := files("",
		"i18n/en.toml", "hello = \"Hello\"\nbye = \"Bye\"\nthanks = \"Thanks\"\n",
		"i18n/pt.toml", "hello = \"Olá\"\nbye = \"Tchau\"\n",
		"i18n/pt-BR.toml", "bye = \"Falou\"\n",
		"i18n/zh.toml", "hello = \"你好\"\n",
		"i18n/nb.toml", "hello = \"Hei\"\n",
	)
	c, ds := NewCatalog([]string{"en", "pt-BR", "pt-PT", "zh-Hans", "fa-IR", "nn"}, src)
	noDiags(t, ds)
	for _, tt := range []struct{ code, id, want string }{
		{"pt-BR", "bye", "Falou"},     // its own file
		{"pt-BR", "hello", "Olá"},     // then its parent's
		{"pt-BR", "thanks", "Thanks"}, // then English
		{"pt-PT", "hello", "Olá"},
		{"zh-Hans", "hello", "你好"},
		{"zh-Hans", "bye", "Bye"},
		{"fa-IR", "hello", "Hello"}, // no Persian at all
		{"nn", "hello", "Hei"},      // closest by x/text matching
		{"de", "hello", "Hello"},    // not configured
		{"not a code", "hello", "Hello"},
	} {
		if got := c.For(tt.code).T(tt.id); got != tt.want {
			t.Errorf("For(%q).T(%q) = %q, want %q", tt.code, tt.id, got, tt.want)
		}
	}
	if got := c.For("pt-BR").Code(); got != "pt-BR" {
		t.Errorf("Code() = %q, want pt-BR", got)
	}
	if got := c.For("pt-br").Code(); got != "pt-BR" {
		t.Errorf("For(pt-br).Code() = %q, want pt-BR", got)
	}
	if got, want := c.Missing("pt-BR"), []string{"hello", "thanks"}; !slices.Equal(got, want) {
		t.Errorf("Missing(pt-BR) = %q, want %q", got, want)
	}
	if got := c.Missing("en"); len(got) != 0 {
		t.Errorf("Missing(en) = %q", got)
	}
}

func TestLanguageWithoutPluralRules(t *testing.T) {
	// go-i18n has no plural rules for Māori; its messages still show.
	c, ds := NewCatalog([]string{"mi"}, files("",
		"i18n/en.toml", "hi = \"Hello\"\n[n]\none = \"{{.Count}} page\"\nother = \"{{.Count}} pages\"\n",
		"i18n/mi.toml", "hi = \"Kia ora\"\n[n]\none = \"{{.Count}} whārangi\"\nother = \"{{.Count}} ngā whārangi\"\n",
	))
	noDiags(t, ds)
	mi := c.For("mi")
	if got, want := mi.T("hi"), "Kia ora"; got != want {
		t.Errorf("T = %q, want %q", got, want)
	}
	if got, want := mi.N("n", 2), "2 ngā whārangi"; got != want {
		t.Errorf("N = %q, want %q", got, want)
	}
}

func TestTemplateData(t *testing.T) {
	c := shippedCatalog(t)
	en := c.For("en")
	if got, want := en.T("search_results_for", "Query", "refund"), "Results for “refund”"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := en.T("fallback_notice", "Language", en.LanguageName("el"), "Original", en.LanguageName("en")),
		"This article is not yet available in Greek. You are reading the English version."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	ar := c.For("ar")
	if got, want := ar.T("search_other_language", "Language", ar.LanguageName("ar"), "Other", ar.LanguageName("en")),
		"لا نتائج باللغة العربية. باللغة الإنجليزية:"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := en.T("no_such_message"); got != "no_such_message" {
		t.Errorf("unknown id gave %q", got)
	}
	// Odd and non-string keys are dropped rather than panicking.
	if got := en.T("search_results_for", 42, "x", "Query"); !strings.HasPrefix(got, "Results for") {
		t.Errorf("bad pairs gave %q", got)
	}
	if got, want := c.For("fr").LanguageName("el"), "grec"; got != want {
		t.Errorf("fr LanguageName(el) = %q, want %q", got, want)
	}
	// Names follow the script of the language's strings: the theme's sr is
	// Latin. CLDR names no language in Occitan: rather than a neighbour's
	// name (French "anglais"), each language has its own.
	for _, tt := range []struct{ code, name, want string }{
		{"sr", "en", "engleski"}, {"sr-Cyrl", "en", "енглески"}, {"hr", "en", "engleski"}, {"oc", "en", "English"}, {"oc", "el", "Ελληνικά"},
	} {
		if got := c.For(tt.code).LanguageName(tt.name); got != tt.want {
			t.Errorf("%s LanguageName(%s) = %q, want %q", tt.code, tt.name, got, tt.want)
		}
	}
}

func TestBlankMessage(t *testing.T) {
	c, ds := NewCatalog([]string{"en", "el"}, defaultTheme(), files("",
		"i18n/en.toml", "support_hours_local = \"\"\n",
		"i18n/el.toml", "support_hours_local = \"\"\n",
	))
	noDiags(t, ds)
	for _, code := range []string{"en", "el", "sw"} { // sw: no file, reads English
		if got := c.For(code).T("support_hours_local"); got != "" {
			t.Errorf("%s: a message the site emptied gave %q", code, got)
		}
	}
	if got := c.For("fr").T("support_hours_local"); got == "" {
		t.Error("fr lost its own translation of a message the site emptied in other languages")
	}
}

func TestDate(t *testing.T) {
	c := shippedCatalog(t)
	day := time.Date(2025, 3, 7, 23, 30, 0, 0, time.UTC)
	for code, want := range map[string]string{
		"en": "March 7, 2025",
		"el": "7 Μαρτίου 2025",
		"ar": "7 مارس 2025",
		"fr": "7 mars 2025",
		"de": "7. März 2025",
		"es": "7 de marzo de 2025",
		"ja": "2025年3月7日",
		"zh": "2025年3月7日",
	} {
		if got := c.For(code).Date(day); got != want {
			t.Errorf("%s Date = %q, want %q", code, got, want)
		}
	}
	if got, want := c.For("el").Date(time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)), "1 Μαΐου 2024"; got != want {
		t.Errorf("el Date = %q, want %q", got, want)
	}
	// Basque ends the year in -eko where its last spoken word ends in a
	// consonant: bat (1), bost (5), hamar (10), hamabost (15), ehun (100).
	for year, want := range map[int]string{2020: "2020ko", 2021: "2021eko", 2024: "2024ko", 2025: "2025eko", 2030: "2030eko",
		2035: "2035eko", 2040: "2040ko", 2041: "2041eko", 2099: "2099ko", 2100: "2100eko", 2000: "2000ko", 1999: "1999ko", 1995: "1995eko"} {
		if got := c.For("eu").Date(time.Date(year, 5, 1, 0, 0, 0, 0, time.UTC)); got != want+" maiatzaren 1a" {
			t.Errorf("eu Date(%d) = %q, want %q", year, got, want+" maiatzaren 1a")
		}
	}
	if got := c.For("en").Date(time.Time{}); got != "" {
		t.Errorf("zero time gave %q", got)
	}

	// Every placeholder, in a site's own format.
	c2, ds := NewCatalog([]string{"en"}, defaultTheme(), files("",
		"i18n/en.toml", `date_format = "{weekday} {dd}/{mm}/{yyyy} ({d}.{m}.)"`))
	noDiags(t, ds)
	if got, want := c2.For("en").Date(day), "Friday 07/03/2025 (7.3.)"; got != want {
		t.Errorf("custom Date = %q, want %q", got, want)
	}
}

func TestWeekdays(t *testing.T) {
	c := shippedCatalog(t)
	tests := []struct {
		code string
		days []int
		want string
	}{
		{"en", []int{1, 2, 3, 4, 5}, "Monday–Friday"},
		{"en", []int{5, 4, 3, 2, 1, 1}, "Monday–Friday"},
		{"en", []int{1, 2, 3, 5}, "Monday–Wednesday, Friday"},
		{"en", []int{1, 3, 5}, "Monday, Wednesday, Friday"},
		{"en", []int{6, 7}, "Saturday, Sunday"},
		{"en", []int{2}, "Tuesday"},
		{"en", []int{1, 2, 3, 4, 5, 6, 7}, "Monday–Sunday"},
		{"en", []int{6, 7, 1, 3}, "Saturday–Monday, Wednesday"},
		{"en", nil, ""},
		{"en", []int{0, 8}, ""},
		{"ar", []int{7, 1, 2, 3, 4}, "من الأحد إلى الخميس"},
		{"ar", []int{1, 3}, "الاثنين، الأربعاء"},
		{"fr", []int{1, 2, 3, 4, 5}, "du lundi au vendredi"},
		{"el", []int{1, 2, 3, 4, 5}, "Δευτέρα–Παρασκευή"},
		{"ja", []int{1, 3, 5}, "月曜日、水曜日、金曜日"},
	}
	for _, tt := range tests {
		if got := c.For(tt.code).Weekdays(tt.days); got != tt.want {
			t.Errorf("%s Weekdays(%v) = %q, want %q", tt.code, tt.days, got, tt.want)
		}
	}
}

func TestNumber(t *testing.T) {
	c := shippedCatalog(t, "fa")
	for code, want := range map[string]string{
		"en": "30,018",
		"el": "30.018",
		"de": "30.018",
		"fr": "30\u00a0018",
		"ar": "30,018", // Latin digits, as Arabic shops write them
		"fa": "۳۰٬۰۱۸",
		"ja": "30,018",
	} {
		if got := c.For(code).Number(30018); got != want {
			t.Errorf("%s Number = %q, want %q", code, got, want)
		}
	}
}

func TestDiagnostics(t *testing.T) {
	theme := files("themes/default",
		"i18n/en.toml", "a = \"A {{.Name}}\"\n\n[n]\none = \"{{.Count}} thing\"\nother = \"{{.Count}} things\"\n",
		"i18n/ru.toml", "this is not = = toml", // no configured language reads Russian
	)
	site := files("",
		"i18n/el.toml", "a = \"Α\"\n\nb = \"unterminated\n",
		"i18n/ar.toml", "a = \"أ {{.Nmae}}\"\nx = \"typo\"\n\n[n]\none = \"o\"\nother = \"x\"\n",
		"i18n/fr.toml", "a = \"{{.Name\"\n",
		"i18n/README.toml", "not a language",
	)
	_, ds := NewCatalog([]string{"en", "el", "ar", "fr"}, theme, site)
	got := make([]string, len(ds))
	for i, d := range ds {
		got[i] = d.Error()
	}
	want := []string{
		`i18n/ar.toml:1: warning: a: {{.Nmae}} is not among the English message's placeholders`,
		`i18n/ar.toml:2: warning: x: no English message has this id`,
		`i18n/ar.toml:4: warning: n: no "few" form, which ar uses for 3`,
		`i18n/ar.toml:4: warning: n: no "many" form, which ar uses for 11`,
		`i18n/ar.toml:4: warning: n: no "two" form, which ar uses for 2`,
		`i18n/ar.toml:4: warning: n: no "zero" form, which ar uses for 0`,
		`i18n/el.toml:3:18: strings cannot contain newlines`,
		`i18n/fr.toml:1: a: a:1: unclosed action`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestConcurrentUse renders with one catalog from many goroutines, as the
// builder does, and checks every answer equals the one-goroutine answer (a
// shared plural or date cache that races gives another string or panics;
// -race says why).
func TestConcurrentUse(t *testing.T) {
	c := shippedCatalog(t)
	day := time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC)
	render := func(l *Locale, n int) string {
		return l.N("search_results_count", n) + "|" + l.T("search_results_for", "Query", "x") + "|" + l.Date(day)
	}
	want := map[string][]string{}
	for _, code := range shipped {
		l := c.For(code)
		for n := range 50 {
			want[code] = append(want[code], render(l, n))
		}
		if want[code][1] == want[code][2] && want[code][2] == want[code][5] {
			t.Fatalf("%s: the counts do not change the text (%q): nothing to compare", code, want[code][1])
		}
	}
	var wg sync.WaitGroup
	for _, code := range shipped {
		for range 4 {
			wg.Go(func() {
				l := c.For(code)
				for n := range 50 {
					if got := render(l, n); got != want[code][n] {
						t.Errorf("%s, n=%d: concurrently %q, alone %q", code, n, got, want[code][n])
						return
					}
				}
			})
		}
	}
	wg.Wait()
}

func FuzzMessageFile(f *testing.F) {
	f.Add("a = \"A\"\n[n]\none = \"{{.Count}}\"\nother = \"x\"\n")
	f.Add("a = \"{{.X\"\n")
	f.Add("[[a]]\nb = 1\n")
	f.Add("other = \"x\"\n")
	f.Add("a.b.c = \"nested\"\n")
	f.Fuzz(func(t *testing.T, src string) {
		c, ds := NewCatalog([]string{"el"}, files("", "i18n/el.toml", src))
		lines := strings.Count(src, "\n") + 1
		for _, d := range ds {
			if d.File != "i18n/el.toml" || d.Line > lines {
				t.Errorf("diagnostic outside the file: %v", d)
			}
		}
		l := c.For("el")
		_ = l.T("a")
		_ = l.N("n", 3)
		_ = l.Date(time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC))
		_ = l.Weekdays([]int{1, 2, 3})
	})
}

func noDiags(t *testing.T, ds []diag.Diagnostic) {
	t.Helper()
	for _, d := range ds {
		t.Errorf("unexpected diagnostic: %v", d)
	}
}

func BenchmarkLocale(b *testing.B) {
	c, _ := NewCatalog(shipped, defaultTheme())
	l := c.For("ar")
	b.Run("T/static", func(b *testing.B) {
		for b.Loop() {
			_ = l.T("search_button")
		}
	})
	b.Run("T/template", func(b *testing.B) {
		for b.Loop() {
			_ = l.T("search_results_for", "Query", "refund")
		}
	})
	b.Run("N", func(b *testing.B) {
		for b.Loop() {
			_ = l.N("section_articles", 12)
		}
	})
	b.Run("Date", func(b *testing.B) {
		day := time.Date(2025, 3, 7, 0, 0, 0, 0, time.UTC)
		for b.Loop() {
			_ = l.Date(day)
		}
	})
}

// A Hugo site's i18n/*.toml, in go-i18n's form or Hugo's older
// id/translation form, holds its old theme's strings: left out with one
// warning, while a site file that overrides kb's ids is read.
func TestForeignMessageFiles(t *testing.T) {
	def := files("themes/default",
		"i18n/en.toml", "search_button = \"Search\"\nnot_found_title = \"Not found\"\n",
	)
	site := files("",
		"i18n/el.toml", "[home_hero_title]\nother = \"Κρυπτογράφηση για όλους\"\n[home_donate]\nother = \"Δωρεά\"\n[not_found_title]\nother = \"Δεν βρέθηκε\"\n",
		"i18n/fr.toml", "[[home_title]]\nid = \"home_title\"\ntranslation = \"Accueil\"\n",
		"i18n/de.toml", "search_button = \"Suchen\"\nserach_placeholder = \"Suche\"\n",
	)
	c, ds := NewCatalog([]string{"en", "el", "fr", "de"}, def, site)
	var got []string
	for _, d := range ds {
		got = append(got, d.Error())
	}
	want := `i18n: warning: 2 message files hold another theme's UI strings (a Hugo site's i18n/, with few of the ids kb's theme uses): not read as kb's UI strings, only by shortcode templates' T; a site overrides kb's strings with kb's ids, like search_button`
	if len(got) == 0 || got[0] != want {
		t.Errorf("diagnostics:\n%s\nwant first:\n%s", strings.Join(got, "\n"), want)
	}
	if !c.Foreign()["i18n/el.toml"] || !c.Foreign()["i18n/fr.toml"] || c.Foreign()["i18n/de.toml"] {
		t.Errorf("foreign = %v", c.Foreign())
	}
	if got := c.For("el").T("not_found_title"); got != "Not found" {
		t.Errorf("el not_found_title = %q, read from the Hugo file", got)
	}
	if got := c.For("de").T("search_button"); got != "Suchen" {
		t.Errorf("de search_button = %q, the site's override was dropped", got)
	}
}

// TestUIStringsAreData checks that a translation cannot run template code:
// anything beyond text and {{.Name}} placeholders is an error naming the
// file, line and key, and the message is dropped.
func TestUIStringsAreData(t *testing.T) {
	site := files("",
		"i18n/en.toml", `breadcrumb_home = "{{range 5000}}{{printf \"%0999999d\" 1}}{{end}}"
ok = "Hello {{ .Name }}, {{.Count}} results"
cond = "{{if .Name}}x{{end}}"
chain = "{{.Site.Title}}"
pipe = "{{.Name | printf \"%s\"}}"
call = "{{printf \"%s\" .Name}}"
assign = "{{$x := .Name}}{{$x}}"
tmpl = "{{template \"x\"}}"
dot = "{{.}}"
[plural]
one = "{{.Count}} page"
other = "{{range .Count}}x{{end}} pages"
`)
	c, ds := NewCatalog([]string{"en"}, site)
	got := make([]string, len(ds))
	for i, d := range ds {
		got[i] = d.Error()
	}
	const only = ": only text and placeholders like {{.Count}} are allowed in UI strings"
	want := []string{
		`i18n/en.toml:1: breadcrumb_home: {{range 5000}}{{printf "%0999999d" 1}}{{…` + only,
		`i18n/en.toml:3: cond: {{if .Name}}x{{end}}` + only,
		`i18n/en.toml:4: chain: {{.Site.Title}}` + only,
		`i18n/en.toml:5: pipe: {{.Name | printf "%s"}}` + only,
		`i18n/en.toml:6: call: {{printf "%s" .Name}}` + only,
		`i18n/en.toml:7: assign: {{$x := .Name}}` + only,
		`i18n/en.toml:8: tmpl: {{template "x"}}` + only,
		`i18n/en.toml:9: dot: {{.}}` + only,
		`i18n/en.toml:10: plural: {{range .Count}}x{{end}}` + only,
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if s := c.For("en").T("ok", "Name", "Ana", "Count", 3); s != "Hello Ana, 3 results" {
		t.Errorf("placeholder message = %q", s)
	}
	if s := c.For("en").T("breadcrumb_home"); len(s) > 100 {
		t.Errorf("the refused message still renders %d bytes", len(s))
	}
}

// TestFileBounds checks that a message file nested too deep or too big is
// refused with its position before the TOML decoder sees it.
func TestFileBounds(t *testing.T) {
	for _, depth := range []int{20000, 100000} {
		src := "a = \"A\"\nb = " + strings.Repeat("{c = ", depth) + "1" + strings.Repeat("}", depth) + "\n"
		_, ds := NewCatalog([]string{"en"}, files("", "i18n/en.toml", src))
		if len(ds) != 1 || ds[0].Error() != "i18n/en.toml:2:165: nested more than 32 levels deep: flatten the structure" {
			t.Errorf("depth %d: %v", depth, ds)
		}
	}
	big := "a = \"" + strings.Repeat("x", 2<<20) + "\"\n"
	_, ds := NewCatalog([]string{"en"}, files("", "i18n/en.toml", big))
	if len(ds) != 1 || !strings.Contains(ds[0].Msg, "more than the limit of 1 MiB") {
		t.Errorf("2 MiB file: %v", ds)
	}
}

// TestFallbackToDefaultLanguage: a language with no strings of its own (nor
// of a close language) reads the site's default language's, string by
// string, then English.
func TestFallbackToDefaultLanguage(t *testing.T) {
	src := files("",
		"i18n/en.toml", "hello = \"Hello\"\nbye = \"Bye\"\n",
		"i18n/el.toml", "hello = \"Γεια\"\n",
		"i18n/pt.toml", "hello = \"Olá\"\n",
	)
	c, ds := NewCatalog([]string{"el", "vi", "pt-BR"}, src)
	noDiags(t, ds)
	for _, tt := range []struct{ code, id, want string }{
		{"vi", "hello", "Γεια"}, // the default language's
		{"vi", "bye", "Bye"},    // which falls back to English
		{"pt-BR", "bye", "Bye"}, // a close language's file wins over the default's
		{"pt-BR", "hello", "Olá"},
		{"el", "bye", "Bye"},
	} {
		if got := c.For(tt.code).T(tt.id); got != tt.want {
			t.Errorf("For(%q).T(%q) = %q, want %q", tt.code, tt.id, got, tt.want)
		}
	}
}

// TestPluralForms: the shipped languages pick the CLDR plural category of
// each count (one/few/many in Russian, Ukrainian and Polish; two in Hebrew;
// a single form in Korean and Indonesian).
func TestPluralForms(t *testing.T) {
	c := shippedCatalog(t)
	for _, tt := range []struct {
		code string
		n    int
		want string
	}{
		{"ru", 1, "1 статья"}, {"ru", 3, "3 статьи"}, {"ru", 5, "5 статей"}, {"ru", 21, "21 статья"}, {"ru", 22, "22 статьи"}, {"ru", 11, "11 статей"},
		{"uk", 1, "1 стаття"}, {"uk", 4, "4 статті"}, {"uk", 12, "12 статей"},
		{"pl", 1, "1 artykuł"}, {"pl", 2, "2 artykuły"}, {"pl", 5, "5 artykułów"}, {"pl", 22, "22 artykuły"}, {"pl", 21, "21 artykułów"},
		{"he", 1, "מאמר אחד"}, {"he", 2, "שני מאמרים"}, {"he", 7, "7 מאמרים"},
		{"ko", 1, "문서 1개"}, {"id", 1, "1 artikel"},
		{"pt-BR", 2, "2 artigos"}, {"tr", 3, "3 makale"}, {"sv", 2, "2 artiklar"},
		{"cs", 1, "1 článek"}, {"cs", 3, "3 články"}, {"cs", 5, "5 článků"}, {"cs", 22, "22 článků"},
		{"ro", 1, "1 articol"}, {"ro", 2, "2 articole"}, {"ro", 19, "19 articole"}, {"ro", 20, "20 de articole"}, {"ro", 101, "101 articole"},
		{"hu", 1, "1 cikk"}, {"hu", 7, "7 cikk"},
		{"fi", 1, "1 artikkeli"}, {"fi", 2, "2 artikkelia"},
		{"da", 2, "2 artikler"}, {"nb", 1, "1 artikkel"}, {"ca", 2, "2 articles"},
		{"vi", 3, "3 bài viết"}, {"th", 3, "3 บทความ"},
		{"hr", 1, "1 članak"}, {"hr", 3, "3 članka"}, {"hr", 5, "5 članaka"}, {"hr", 21, "21 članak"}, {"hr", 12, "12 članaka"},
		{"sr", 1, "1 članak"}, {"sr", 22, "22 članka"}, {"sr", 11, "11 članaka"},
		{"sr-Cyrl", 1, "1 чланак"}, {"sr-Cyrl", 4, "4 чланка"}, {"sr-Cyrl", 5, "5 чланака"},
		{"lt", 1, "1 straipsnis"}, {"lt", 2, "2 straipsniai"}, {"lt", 10, "10 straipsnių"}, {"lt", 11, "11 straipsnių"}, {"lt", 21, "21 straipsnis"},
		{"cy", 0, "Dim erthyglau"}, {"cy", 1, "1 erthygl"}, {"cy", 2, "2 erthygl"}, {"cy", 7, "7 erthygl"},
		{"et", 1, "1 artikkel"}, {"et", 2, "2 artiklit"}, {"af", 2, "2 artikels"}, {"gl", 2, "2 artigos"}, {"oc", 2, "2 articles"},
		{"uz", 2, "2 ta maqola"}, {"eu", 2, "2 artikulu"}, {"ta", 2, "2 கட்டுரைகள்"}, {"te", 1, "1 వ్యాసం"}, {"te", 2, "2 వ్యాసాలు"},
		{"ml", 2, "2 ലേഖനങ്ങൾ"}, {"mr", 3, "३ लेख"}, {"si", 3, "ලිපි 3"},
	} {
		if got := c.For(tt.code).N("section_articles", tt.n); got != tt.want {
			t.Errorf("%s N(section_articles, %d) = %q, want %q", tt.code, tt.n, got, tt.want)
		}
	}
	for code, want := range map[string]string{"ru": "7 марта 2025 г.", "pl": "7 marca 2025", "ko": "2025년 3월 7일", "he": "7 במרץ 2025", "tr": "7 Mart 2025",
		"cs": "7. března 2025", "hu": "2025. március 7.", "fi": "7. maaliskuuta 2025", "ca": "7 de març de 2025", "da": "7. marts 2025", "nb": "7. mars 2025", "ro": "7 martie 2025",
		"th": "7 มีนาคม 2025",
		"hr": "7. ožujka 2025.", "sr": "7. mart 2025.", "sr-Cyrl": "7. март 2025.", "si": "2025 මාර්තු 7", "ta": "7 மார்ச், 2025", "uz": "2025-yil 7-mart",
		"af": "7 Maart 2025", "cy": "7 Mawrth 2025", "et": "7. märts 2025", "eu": "2025eko martxoaren 7a", "gl": "7 de marzo de 2025", "lt": "2025 m. kovo 7 d.",
		"ml": "2025 മാർച്ച് 7", "mr": "७ मार्च, २०२५", "oc": "7 de març de 2025", "te": "7 మార్చి, 2025"} {
		if got := c.For(code).Date(time.Date(2025, 3, 7, 12, 0, 0, 0, time.UTC)); got != want {
			t.Errorf("%s Date = %q, want %q", code, got, want)
		}
	}
}
