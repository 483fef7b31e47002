package search

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// hebrewAnalyzer is the plain chain with the one-letter words that Hebrew joins to the next word taken off as well
// (see Proclitics).
const hebrewAnalyzer = "kb_he"

// Proclitics are the one-letter words a language writes joined to the word after them, and their usual
// combinations: Hebrew's ו (and), ה (the), ב (in), ל (to), כ (as), מ (from), ש (that), so that האישור, לאישור and
// והאישורים are אישור, אישורים with them. A word that starts with one is indexed as written and without it, at the
// same place: a reader who types אישור finds the page that writes האישור, and one who types הלקוח the page that
// writes ללקוח (through לקוח). Many words start with those letters as part of the word (משלוח, "shipping"; ביטול,
// "cancel"), so the word as written stays a term, and a query ranks a page with the word as typed above one that has
// it only without its first letters (see fieldBodyX).
type Proclitics struct {
	// Prefixes are tried longest first; the first whose rest is long enough is taken off, and only that one.
	Prefixes []string
	// MinRest is the fewest letters of the rest: Hebrew roots have three, and a shorter rest is mostly the end of
	// another word (בית, "house", is no ב and ית).
	MinRest int
}

// hebrewProclitics lists ו, then ש, כש, לכש or מ, then ה, ב, כ or ל, as Hebrew combines them (מ only before ה, and
// ל, ב and כ absorb the ה after them: לבית, not להבית, so that ל+ה would take להחזיר, "to return", for ה+חזיר).
var hebrewProclitics = func() *Proclitics {
	var prefixes []string
	for _, and := range []string{"", "ו"} {
		for _, that := range []string{"", "ש", "כש", "לכש", "מ"} {
			for _, the := range []string{"", "ה", "ב", "כ", "ל"} {
				if p := and + that + the; p != "" && (that != "מ" && that != "לכש" || the == "" || the == "ה") {
					prefixes = append(prefixes, p)
				}
			}
		}
	}
	slices.SortStableFunc(prefixes, func(a, b string) int { return utf8.RuneCountInString(b) - utf8.RuneCountInString(a) })
	return &Proclitics{Prefixes: prefixes, MinRest: 3}
}()

// ProcliticsOf returns the one-letter words a language joins to the word after them, nil for none: the static index
// gives them to the browser, which reads a query word as the server does (the word, and its rest as a piece).
func ProcliticsOf(lang string) *Proclitics { return chains[AnalyzerFor(lang)].proclitics }

// Rest returns a normalized word without the first of the prefixes it starts with whose rest is long enough, or ""
// for none.
func (p *Proclitics) Rest(word string) string {
	for _, pre := range p.Prefixes {
		if rest, ok := strings.CutPrefix(word, pre); ok && utf8.RuneCountInString(rest) >= p.MinRest {
			return rest
		}
	}
	return ""
}

// procliticRests is the token filter that follows each word that starts with proclitics by its rest, with the same
// offsets and position: analyzeQuery then reads the rest as a piece of the word typed (ranked below it), and the
// static index maps the word as written to both terms.
type procliticRests struct{ p *Proclitics }

func (f procliticRests) Filter(input analysis.TokenStream) analysis.TokenStream {
	var out analysis.TokenStream
	for i, t := range input {
		rest := f.p.Rest(string(t.Term))
		if rest == "" {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = append(make(analysis.TokenStream, 0, len(input)+4), input[:i]...)
		}
		r := *t
		r.Term = []byte(rest)
		out = append(out, t, &r)
	}
	if out == nil {
		return input
	}
	return out
}
