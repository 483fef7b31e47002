package static

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"kb/search"
)

// BenchmarkAnalyze analyzes 2,000 generated help-center documents (one
// analysis part) in English, Greek and Arabic with kb's own analysis, as a
// full build does before it writes postings: tokenizing, counting and
// excerpts.
func BenchmarkAnalyze(b *testing.B) {
	for _, lang := range []string{"en", "el", "ar"} {
		docs := helpCenterDocs(lang, 2000, 1)
		an := kbAnalyzer(lang)
		bytes := 0
		for _, d := range docs {
			bytes += len(d.Title) + len(d.Page) + len(d.Body) + len(strings.Join(d.Headings, "")) + len(strings.Join(d.Tags, ""))
		}
		b.Run(lang, func(b *testing.B) {
			b.SetBytes(int64(bytes))
			for b.Loop() {
				lens := make([][nFields]int, len(docs))
				if _, err := analyzeDocs(context.Background(), lang, docs, an, nil, false, lens, make([]string, len(docs))); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// kbAnalyzer is the analysis kb build gives lang's static index, but for
// the thesaurus and sound keys, which analysis does not use.
func kbAnalyzer(lang string) Analyzer {
	an := Analyzer{Normalize: search.Normalize, Terms: search.Terms}
	compounds, affixes := search.Compounds(lang)
	an.Compounds = compounds
	if affixes != nil {
		an.Prefixes, an.Suffixes, an.MinRest, an.Negation = affixes.Prefixes, affixes.Suffixes, affixes.MinRest, affixes.Negation
		an.JoinsSpaced = affixes.JoinsSpaced
	}
	if p := search.ProcliticsOf(lang); p != nil {
		an.Proclitics, an.ProcliticRest = p.Prefixes, p.MinRest
	}
	return an
}

// helpCenterDocs generates n documents in lang as the benchmark corpus
// writes them: sentences of Zipf-distributed words from a vocabulary of
// some 900, capitalized, with punctuation, numbers and order codes.
func helpCenterDocs(lang string, n int, seed uint64) []Doc {
	r := rand.New(rand.NewPCG(seed, 11))
	words := syllableWords(lang, r)
	cum := make([]float64, len(words))
	sum := 0.0
	for i := range words {
		sum += 1 / float64(i+1)
		cum[i] = sum
	}
	word := func() string {
		switch r.IntN(300) {
		case 0, 1, 2, 3, 4:
			return fmt.Sprint(r.IntN(60))
		case 5:
			return fmt.Sprintf("ORD-%06d", r.IntN(1000000))
		}
		return words[sort.SearchFloat64s(cum, r.Float64()*sum)]
	}
	sentence := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = word()
			if i > 0 && r.IntN(9) == 0 {
				ws[i-1] += ","
			}
		}
		first, size := utf8.DecodeRuneInString(ws[0])
		ws[0] = string(unicode.ToUpper(first)) + ws[0][size:]
		return strings.Join(ws, " ") + []string{".", ".", ".", "?", "!"}[r.IntN(5)]
	}
	text := func(sentences int) string {
		ss := make([]string, sentences)
		for i := range ss {
			ss[i] = sentence(6 + r.IntN(12))
		}
		return strings.Join(ss, " ")
	}
	docs := make([]Doc, n)
	for i := range docs {
		d := Doc{URL: fmt.Sprintf("/%s/a/%d/", lang, i), Title: sentence(3 + r.IntN(5)), Body: text(15 + r.IntN(30))}
		for range 2 + r.IntN(4) {
			d.Headings = append(d.Headings, sentence(2+r.IntN(3)))
		}
		for range r.IntN(4) {
			d.Tags = append(d.Tags, word())
		}
		if i%5 == 0 {
			d.Page = sentence(3)
		}
		docs[i] = d
	}
	return docs
}

// syllableWords makes some 900 distinct words of lang's letters, most
// frequent first.
func syllableWords(lang string, r *rand.Rand) []string {
	var cons, vows []string
	prefixes := []string{""}
	switch lang {
	case "el":
		cons = strings.Fields("κ λ μ ν π ρ σ τ φ χ δ γ θ β ζ ξ στ πρ τρ")
		vows = strings.Fields("α ε η ι ο υ ω ά έ ή ί ό ύ ώ ου αι ει οι")
	case "ar":
		cons = strings.Fields("ب ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ ف ق ك ل م ن ه")
		vows = strings.Fields("ا و ي ى ة ء أ إ")
		prefixes = []string{"", "", "", "ال", "و", "ب", "وال"}
	default:
		cons = strings.Fields("b c d f g h k l m n p r s t v w z br cr dr pl st tr ch sh")
		vows = strings.Fields("a e i o u ai ea ou")
	}
	seen := map[string]bool{}
	var out []string
	for len(out) < 900 {
		w := prefixes[r.IntN(len(prefixes))]
		for range 1 + r.IntN(3) {
			w += cons[r.IntN(len(cons))] + vows[r.IntN(len(vows))]
		}
		if r.IntN(2) == 0 {
			w += cons[r.IntN(len(cons))]
		}
		if lang == "el" && r.IntN(3) == 0 {
			w += "ς"
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}
