package search

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"kb/search/thesaurus"
)

// TestHebrewTerms: a Hebrew word is indexed as written and, when the one-letter words ו ה ב ל כ מ ש are joined to
// its front, without them too; niqqud, geresh and gershayim (or the ' and " typed for them) fold away, final letters
// stay as written, and a maqaf separates words.
func TestHebrewTerms(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"אישור", []string{"אישור"}},
		{"האישור", []string{"האישור", "אישור"}},
		{"לאישור באישור", []string{"לאישור", "אישור", "באישור", "אישור"}},
		{"והאישורים", []string{"והאישורים", "אישורים"}},
		{"ללקוח", []string{"ללקוח", "לקוח"}},
		{"וכשהלקוח", []string{"וכשהלקוח", "לקוח"}},
		{"מהחשבון", []string{"מהחשבון", "חשבון"}},
		// A word that only starts with those letters keeps itself first; its rest is never shorter than 3 letters.
		{"משלוח", []string{"משלוח", "שלוח"}},
		{"בית הבית", []string{"בית", "הבית", "בית"}},
		{"לך", []string{"לך"}},
		// ל and ב take in the ה after them (לבית, not להבית): להחזיר is ל and החזיר.
		{"להחזיר", []string{"להחזיר", "החזיר"}},
		// Niqqud and cantillation go; final letters are letters.
		{"הַלָּקוֹחַ", []string{"הלקוח", "לקוח"}},
		{"שֻׁלְחָ֑ן", []string{"שלחן", "לחן"}},
		{"חשבונות ערך", []string{"חשבונות", "ערך"}},
		// Geresh and gershayim, and the ' and " a keyboard types for them, are inside the word and fold away.
		{"צ׳יפס צ'יפס ציפס", []string{"ציפס", "ציפס", "ציפס"}},
		{`דו״ח דו"ח`, []string{"דוח", "דוח"}},
		{`הדו"ח`, []string{"הדוח", "דוח"}},
		// A maqaf separates words.
		{"ה־API של־החשבון", []string{"ה", "api", "של", "החשבון", "חשבון"}},
	} {
		if got := Terms("he", c.text); !slices.Equal(got, c.want) {
			t.Errorf("Terms(he, %q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestHebrewQueryWords: a query word typed with proclitics is the word as typed, with its rest for a piece (ranked
// below it, as a compound's parts are), not two words a page must both have.
func TestHebrewQueryWords(t *testing.T) {
	a, err := analyzerNamed(AnalyzerFor("he"))
	if err != nil {
		t.Fatal(err)
	}
	words := analyzeQuery(a, false, "הלקוח אישור")
	if len(words) != 2 {
		t.Fatalf("words %+v, want 2", words)
	}
	if w := words[0]; w.stem != "הלקוח" || !slices.Equal(w.pieces, []string{"לקוח"}) {
		t.Errorf("הלקוח: stem %q pieces %q, want הלקוח and [לקוח]", w.stem, w.pieces)
	}
	if w := words[1]; w.stem != "אישור" || len(w.pieces) > 0 {
		t.Errorf("אישור: stem %q pieces %q, want אישור and none", w.stem, w.pieces)
	}
	// A thesaurus phrase is its words as written: החזר כספי, not החזר, חזר and כספי.
	r := ThesaurusRules("he", thesaurus.Default("he"))
	if n, _ := r.Match([]string{"החזר", "כספי"}); n != 2 {
		t.Errorf("the thesaurus does not know החזר כספי (matched %d words)", n)
	}
}

// TestHebrewSnippetMarksQuotedWord: a snippet marks a Hebrew word written with gershayim or geresh (or the " and '
// a keyboard types for them) whole, as the index reads it, whichever of its spellings the query has and whatever
// one-letter words are joined to its front; and does not mark the pieces of such a word that the query has but the
// index does not.
func TestHebrewSnippetMarksQuotedWord(t *testing.T) {
	docs := []Document{
		{ID: "/he/reports/", Lang: "he", URL: "/he/reports/", Title: "דוחות", Kind: "article",
			Body: "בסוף כל חודש נשלח דו״ח על ההזמנות, והסיכום השנתי מופיע בדו״ח השנתי."},
		{ID: "/he/tax/", Lang: "he", URL: "/he/tax/", Title: "מס", Kind: "article",
			Body: `שלחו את הדו"ח לרואה החשבון לפני סוף השנה.`},
		{ID: "/he/menu/", Lang: "he", URL: "/he/menu/", Title: "תפריט", Kind: "article",
			Body: "מנת צ׳יפס גדולה או מנת צ'יפס קטנה, לבחירתכם."},
	}
	_, ix := buildTest(t, docs)
	for _, c := range []struct {
		q, url string
		marks  []string // each in the snippet
		not    string   // not in it, "" for none checked
	}{
		{"דוח", "/he/reports/", []string{"<mark>דו״ח</mark>", "<mark>בדו״ח</mark>"}, ""},
		{`דו"ח`, "/he/reports/", []string{"<mark>דו״ח</mark>", "<mark>בדו״ח</mark>"}, ""},
		{"דו״ח", "/he/reports/", []string{"<mark>דו״ח</mark>"}, ""},
		{"בדוח", "/he/reports/", []string{"<mark>בדו״ח</mark>"}, ""},
		// The other words of the query are marked as before.
		{"דוח השנתי", "/he/reports/", []string{"<mark>בדו״ח</mark> <mark>השנתי</mark>"}, ""},
		{"דוח", "/he/tax/", []string{"<mark>הדו&#34;ח</mark>"}, ""},
		{"ציפס", "/he/menu/", []string{"<mark>צ׳יפס</mark>", "<mark>צ&#39;יפס</mark>"}, ""},
		// יפס is no word of this page: the index reads צ׳יפס as ציפס, so its end is not marked.
		{"יפס מנת", "/he/menu/", []string{"<mark>מנת</mark>"}, "<mark>יפס</mark>"},
	} {
		res := search(t, ix, Query{Text: c.q, Lang: "he"})
		var snippet string
		found := false
		for _, h := range res.Hits {
			if h.URL == c.url {
				snippet, found = h.Snippet, true
			}
		}
		if !found {
			t.Errorf("%q: %s not found (hits %v)", c.q, c.url, urls(res))
			continue
		}
		for _, m := range c.marks {
			if !strings.Contains(snippet, m) {
				t.Errorf("%q: snippet %q, want %q in it", c.q, snippet, m)
			}
		}
		if c.not != "" && strings.Contains(snippet, c.not) {
			t.Errorf("%q: snippet %q, want no %q in it", c.q, snippet, c.not)
		}
	}
}

// TestHebrewQuotedSpans checks the spans of snippets in random Hebrew text with geresh, gershayim, ' and ", points,
// punctuation and broken UTF-8, for query words drawn from it: in order, apart, each a word that matches its query
// word, and none a piece of a word that a quote joins.
func TestHebrewQuotedSpans(t *testing.T) {
	a, err := analyzerNamed(AnalyzerFor("he"))
	if err != nil {
		t.Fatal(err)
	}
	pieces := []string{"דו", "ח", "בדו", "צ", "יפס", "ה", "ו", "ל", "תפריט", " ", "  ", ", ", ".", "״", "׳", `"`, "'",
		"\u05b8", "\u05bc", "-", "a", "ô", "´", "\xff", "\xd7", "\xb4"}
	rng := rand.New(rand.NewPCG(21, 22))
	marked := 0
	for range 3000 {
		var b strings.Builder
		for range 1 + rng.IntN(30) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		body := b.String()
		fields := strings.Fields(body)
		if len(fields) == 0 {
			continue
		}
		var q []string
		for range 1 + rng.IntN(2) {
			q = append(q, Normalize(fields[rng.IntN(len(fields))]))
		}
		sn := newSnippeter(a, false, flatten(parseQuery(a, false, strings.Join(q, " "), nil), maxSnippetWords))
		spans := sn.find(body)
		spans = sn.wholeHebrewWords(body, spans)
		at := 0
		for _, sp := range spans {
			if sp.start < at || sp.end <= sp.start || sp.end > len(body) {
				t.Fatalf("%q for %q: spans %v out of order", body, q, spans)
			}
			at = sp.end
			if w := sn.match(body[sp.start:sp.end]); w != sp.w {
				t.Fatalf("%q for %q: span %q matches word %d, want %d", body, q, body[sp.start:sp.end], w, sp.w)
			}
			before, n := utf8.DecodeLastRuneInString(body[:sp.start])
			after, _ := utf8.DecodeRuneInString(body[sp.end:])
			if sp.start > 0 && isHebrewQuote(before) && hebrewQuoteInWord(body, sp.start-n) ||
				sp.end < len(body) && isHebrewQuote(after) && hebrewQuoteInWord(body, sp.end) {
				t.Fatalf("%q for %q: span %q is a piece of a quoted word", body, q, body[sp.start:sp.end])
			}
			marked++
		}
		sn.release()
	}
	if marked < 1000 {
		t.Errorf("%d spans; want more", marked)
	}
}

// TestQuoteIndexFindsEveryQuote checks quoteIndex, which looks for bytes, against a walk over the runes of random
// text: it finds every geresh, gershayim, ' and ", and nothing else (ô and ´ end in the byte that ends ״).
func TestQuoteIndexFindsEveryQuote(t *testing.T) {
	pieces := []string{"א", "דו", " ", "״", "׳", `"`, "'", "ô", "´", "\u05b3", "a", "\xd7", "\xb4", "\xff"}
	rng := rand.New(rand.NewPCG(23, 24))
	for range 5000 {
		var b strings.Builder
		for range rng.IntN(20) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		var want, got []int
		for i, r := range s {
			if isHebrewQuote(r) {
				want = append(want, i)
			}
		}
		x := newQuoteIndex(s)
		for i := x.from(0); i < len(s); i = x.from(i + 1) {
			got = append(got, i)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%q: quotes at %v, want %v", s, got, want)
		}
	}
}

// TestHebrewContactQuestion: "how does one contact you", asked as customers ask it (איך יוצרים קשר), finds the page
// a Hebrew help center titles יצירת קשר ("contact") first, above a page whose text has both words.
func TestHebrewContactQuestion(t *testing.T) {
	docs := []Document{
		{ID: "/he/contact/", Lang: "he", URL: "/he/contact/", Title: "יצירת קשר", Kind: "article",
			Body: "אנחנו לא מספקים תמיכה בדוא״ל. לשאלות פנו לפורום."},
		{ID: "/he/clients/", Lang: "he", URL: "/he/clients/", Title: "לקוחות", Kind: "article",
			Body: "הלקוחות יוצרים חשבון ויוצרים קשר עם השרת כדי לבקש אישור."},
	}
	_, ix := buildTest(t, docs)
	for _, q := range []string{"איך יוצרים קשר?", "יוצרים קשר", "יצירת קשר"} {
		res := search(t, ix, Query{Text: q, Lang: "he"})
		if len(res.Hits) == 0 || res.Hits[0].URL != "/he/contact/" {
			t.Errorf("%q finds %v first, want /he/contact/", q, urls(res))
		}
	}
}
