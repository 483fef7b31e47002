package locale

import (
	"strconv"
	"strings"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"kb/builder/config"
)

// Locale renders UI strings, counts, dates and numbers in one language. It
// is immutable after construction and safe for concurrent use, so parallel
// page renders share it.
type Locale struct {
	code    string
	loc     *i18n.Localizer
	static  map[string]string // messages that need no go-i18n
	printer *message.Printer
	latin   bool          // digits are 0-9, so small numbers need no printer
	names   display.Namer // nil: languages are named in their own words
}

func newLocale(tag language.Tag, loc *i18n.Localizer, static map[string]string) *Locale {
	p := message.NewPrinter(numberTag(tag))
	return &Locale{
		code:    tag.String(),
		loc:     loc,
		static:  static,
		printer: p,
		names:   namer(tag),
		latin:   p.Sprint(number.Decimal(123456789, number.NoSeparator())) == "123456789",
	}
}

// numberTag picks the digits numbers and dates are written with: the
// language's own (Persian ۱۲۳, Bengali ১২৩), except Arabic, whose shops
// mostly write Latin digits, unless the code asks for others (ar-u-nu-arab).
func numberTag(tag language.Tag) language.Tag {
	if base, _ := tag.Base(); base.String() == "ar" && tag.TypeForKey("nu") == "" {
		if t, err := tag.SetTypeForKey("nu", "latn"); err == nil {
			return t
		}
	}
	return tag
}

// Code is the canonical code the Locale was asked for ("ar", "pt-BR"), even
// when its strings come from a fallback language.
func (l *Locale) Code() string { return l.code }

// T returns a message, its template data given as key/value pairs:
// T("search_results_for", "Query", q). An unknown id returns the id itself,
// which shows up in review instead of breaking the page.
func (l *Locale) T(id string, kv ...any) string {
	if s, ok := l.static[id]; ok {
		return s
	}
	return l.localize(id, nil, data(kv, 0))
}

// N returns a plural message in the form the count takes in this language;
// its template sees the count, localized, as {{.Count}}.
func (l *Locale) N(id string, count int, kv ...any) string {
	if s, ok := l.static[id]; ok {
		return s
	}
	d := data(kv, 1)
	d["Count"] = l.Number(count)
	return l.localize(id, count, d)
}

func (l *Locale) localize(id string, count any, d map[string]any) string {
	s, tag, err := l.loc.LocalizeWithTag(&i18n.LocalizeConfig{MessageID: id, TemplateData: d, PluralCount: count})
	if tag == language.Und || (err != nil && s == "") {
		return id
	}
	return s
}

// lookup is T for strings the package itself needs, reporting whether the
// message exists so a built-in default can stand in.
func (l *Locale) lookup(id, def string, kv ...any) string {
	if s := l.T(id, kv...); s != id {
		return s
	}
	return def
}

// data turns key/value pairs into template data; a non-string key and a
// trailing key without value are dropped, since templates cannot recover.
func data(kv []any, extra int) map[string]any {
	d := make(map[string]any, len(kv)/2+extra)
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			d[k] = kv[i+1]
		}
	}
	return d
}

// Number writes an integer with the language's grouping: "30,018" in
// English, "30.018" in Greek and German, "30 018" in French.
func (l *Locale) Number(n int) string {
	if l.latin && n >= 0 && n < 1000 {
		return strconv.Itoa(n)
	}
	return l.printer.Sprint(number.Decimal(n))
}

// digits writes a date part: no grouping (a year is not "2,025"), padded to
// width with zeros.
func (l *Locale) digits(n, width int) string {
	if l.latin && n >= 0 {
		s := strconv.Itoa(n)
		if len(s) < width {
			s = strings.Repeat("0", width-len(s)) + s
		}
		return s
	}
	return l.printer.Sprint(number.Decimal(n, number.NoSeparator(), number.MinIntegerDigits(width)))
}

// Date writes a date with the language's date_format message and month
// names, in the time's own location. {d|1er} is the day, written "1er" on
// the first of a month, for languages that write it as an ordinal. The zero time gives "", so a page
// without a date shows none. Unknown {placeholders} are kept as written.
func (l *Locale) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	y, m, d := t.Date()
	format := l.lookup("date_format", "{yyyy}-{mm}-{dd}")
	var b strings.Builder
	for {
		open := strings.IndexByte(format, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(format[open:], '}')
		if end < 0 {
			break
		}
		b.WriteString(format[:open])
		name := format[open+1 : open+end]
		switch name {
		case "yyyy":
			b.WriteString(l.digits(y, 1))
		case "yyyyko":
			b.WriteString(l.digits(y, 1) + basqueYearEnding(y))
		case "month":
			b.WriteString(l.lookup("month_"+strconv.Itoa(int(m)), m.String()))
		case "mm", "m":
			b.WriteString(l.digits(int(m), len(name)))
		case "dd", "d":
			b.WriteString(l.digits(d, len(name)))

		case "weekday":
			b.WriteString(l.weekday(isoWeekday(t.Weekday())))
		default:
			if first, ok := strings.CutPrefix(name, "d|"); ok && first != "" {
				b.WriteString(l.day(d, first))
			} else {
				b.WriteString(format[open : open+end+1])
			}
		}
		format = format[open+end+1:]
	}
	b.WriteString(format)
	return b.String()
}

// basqueYearEnding is the ending Basque puts on a year in a date,
// "2025eko martxoaren 7a" but "2026ko martxoaren 7a": -eko after a year
// whose last spoken word ends in a consonant (bat 1, bost 5, hamar 10,
// hamabost 15, ehun 100), -ko after a vowel (bi, lau, hogei, mila). Basque
// counts in twenties, so the last word of 21–99 is that of n%20, or hogei
// when n%20 is 0.
func basqueYearEnding(y int) string {
	switch r := y % 100; {
	case r != 0 && (r%20 == 1 || r%20 == 5 || r%20 == 10 || r%20 == 15):
		return "eko"
	case r == 0 && y%1000 != 0: // ...ehun
		return "eko"
	}
	return "ko"
}

// day writes the day of the month, the first as first: French writes
// "1er mars" but "2 mars".
func (l *Locale) day(d int, first string) string {
	if d == 1 {
		return first
	}
	return l.digits(d, 1)
}

func isoWeekday(w time.Weekday) int {
	if w == time.Sunday {
		return 7
	}
	return int(w)
}

func (l *Locale) weekday(d int) string {
	return l.lookup("weekday_"+strconv.Itoa(d), time.Weekday(d%7).String())
}

// Weekdays names a set of ISO weekdays (1 Monday … 7 Sunday) for opening
// hours: a run of three or more days is a range ("Monday–Friday"), other
// days are listed. Runs wrap around the week, so a shop open Sunday to
// Thursday reads "Sunday–Thursday". Invalid and repeated days are ignored.
func (l *Locale) Weekdays(days []int) string {
	var open [8]bool
	n := 0
	for _, d := range days {
		if d >= 1 && d <= 7 && !open[d] {
			open[d] = true
			n++
		}
	}
	switch n {
	case 0:
		return ""
	case 7:
		return l.dayRange(1, 7)
	}
	wrap := func(d int) int { return (d+6)%7 + 1 } // 8 → 1, 0 → 7
	// Start at the beginning of the run holding the earliest day; as some
	// day is closed, the walk below meets each run whole, exactly once.
	start := 1
	for !open[start] {
		start++
	}
	for open[wrap(start-1)] {
		start = wrap(start - 1)
	}
	var parts []string
	for i := 0; i < 7; {
		if !open[wrap(start+i)] {
			i++
			continue
		}
		j := i
		for j+1 < 7 && open[wrap(start+j+1)] {
			j++
		}
		if j-i >= 2 {
			parts = append(parts, l.dayRange(wrap(start+i), wrap(start+j)))
		} else {
			for k := i; k <= j; k++ {
				parts = append(parts, l.weekday(wrap(start+k)))
			}
		}
		i = j + 1
	}
	return strings.Join(parts, l.lookup("list_separator", ", "))
}

func (l *Locale) dayRange(from, to int) string {
	a, b := l.weekday(from), l.weekday(to)
	return l.lookup("weekday_range", a+"–"+b, "From", a, "To", b)
}

// LanguageName is a language's name in this Locale's language ("Greek" in
// English, "grec" in French, "اليونانية" in Arabic), for sentences such as
// fallback_notice; a language CLDR cannot name here gets its own name.
func (l *Locale) LanguageName(code string) string {
	tag, err := language.Parse(code)
	if err == nil && l.names != nil {
		if n := l.names.Name(tag); n != "" {
			return n
		}
	}
	return config.DisplayName(code)
}

// namer names languages in a Locale's language and in the script of its
// strings: the theme writes Serbian in Latin script unless the code asks
// for Cyrillic, so sr says "engleski", sr-Cyrl "енглески". It is nil where
// CLDR names no language in that language (Occitan), rather than a
// neighbour's namer that x/text would match (French "anglais").
func namer(tag language.Tag) display.Namer {
	base, _ := tag.Base()
	if !namedIn[base] {
		return nil
	}
	if base.String() == "sr" {
		if _, conf := tag.Script(); conf != language.Exact {
			if t, err := language.Compose(tag, language.MustParseScript("Latn")); err == nil {
				tag = t
			}
		}
	}
	return display.Tags(tag)
}

// namedIn holds the languages CLDR names other languages in.
var namedIn = func() map[language.Base]bool {
	m := map[language.Base]bool{}
	for _, t := range display.Supported.Tags() {
		base, _ := t.Base()
		m[base] = true
	}
	return m
}()
