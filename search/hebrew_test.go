package search

import (
	"slices"
	"testing"

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
