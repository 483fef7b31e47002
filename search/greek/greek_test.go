package greek

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"επιστροφή", "επιστροφη"},
		{"ΕΠΙΣΤΡΟΦΈΣ", "επιστροφεσ"},
		{"Ελλάς", "ελλασ"},
		{"ΟΔΟΣ", "οδοσ"},
		{"άέήίόύώ", "αεηιουω"},
		{"ΆΈΉΊΌΎΏ", "αεηιουω"},
		{"ϊϋΪΫ", "ιυιυ"},
		{"ΐΰ", "ιυ"},
		{"προϊόν", "προιον"},
		{"α\u0301ι\u0308\u0301", "αι"}, // decomposed input
		{"ᾳ ῆ ὁ", "α η ο"},             // polytonic
		{"café", "cafe"},
		{"Ångström naïve", "angstrom naive"},
		{"İstanbul", "istanbul"},
		{"iPhone 15", "iphone 15"},
		{"한국어", "한국어"}, // recomposed by NFC
		{"", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestFoldGreekTable checks the fast path against the definition for every
// letter it accepts, alone and after another.
func TestFoldGreekTable(t *testing.T) {
	for r := rune(0); r < 0x400; r++ {
		s := string(r)
		for _, in := range []string{s, "Α" + s + "ς"} {
			fast, ok := foldGreek(in)
			if ok && fast != foldUnicode(in) {
				t.Errorf("foldGreek(%q) = %q, foldUnicode = %q", in, fast, foldUnicode(in))
			}
		}
	}
}

// stems analyzes each word on its own and returns its single term.
func stems(t *testing.T, words ...string) []string {
	t.Helper()
	var out []string
	for _, w := range words {
		terms := Analyze(w)
		if len(terms) != 1 {
			t.Fatalf("Analyze(%q) = %q, want one term", w, terms)
		}
		out = append(out, terms[0])
	}
	return out
}

// lemmas are the inflected forms of the words help-center searches use
// most, accented, unaccented and in capitals. Each group must give one stem,
// and no two groups the same.
var lemmas = [][]string{
	{"επιστροφή", "επιστροφής", "επιστροφές", "επιστροφών", "επιστροφη", "ΕΠΙΣΤΡΟΦΕΣ", "Επιστροφής"},
	{"παραγγελία", "παραγγελίας", "παραγγελίες", "παραγγελιών", "ΠΑΡΑΓΓΕΛΙΑ", "παραγγελιες"},
	{"πληρωμή", "πληρωμής", "πληρωμές", "πληρωμών"},
	{"προϊόν", "προϊόντα", "προϊόντος", "προϊόντων", "προιοντα", "προιον"},
	{"αποστολή", "αποστολής", "αποστολές", "αποστολών"},
	{"λογαριασμός", "λογαριασμού", "λογαριασμό", "λογαριασμοί", "λογαριασμών", "λογαριασμούς"},
	{"κωδικός", "κωδικού", "κωδικό", "κωδικοί", "κωδικών", "κωδικους"},
	{"χρήματα", "χρημάτων", "χρηματα"},
	{"παράδοση", "παράδοσης", "παραδόσεις", "παραδόσεων"},
	{"ακύρωση", "ακύρωσης", "ακυρώσεις", "ακυρωσεων"},
	{"κάρτα", "κάρτας", "κάρτες", "καρτών"},
	{"καρτέλα", "καρτέλας", "καρτέλες", "καρτελών"},
	{"πληρώνω", "πληρώνεις", "πληρώνει", "πληρώνουμε", "πληρώνετε", "πληρώνουν"},
}

func TestStemConflatesForms(t *testing.T) {
	seen := map[string]string{}
	for _, forms := range lemmas {
		got := stems(t, forms...)
		for i := range got {
			if got[i] != got[0] {
				t.Errorf("%s → %s but %s → %s", forms[0], got[0], forms[i], got[i])
			}
		}
		if other, ok := seen[got[0]]; ok {
			t.Errorf("%s and %s share the stem %s", forms[0], other, got[0])
		}
		seen[got[0]] = forms[0]
	}
}

// TestStemExamples pins what the algorithm does, including where it stops
// short: the aorist of πληρώνω has a stem of its own, and πληρώσατε keeps -ατ.
func TestStemExamples(t *testing.T) {
	tests := []struct{ word, want string }{
		{"επιστροφή", "επιστροφ"},
		{"παραγγελίες", "παραγγελ"},
		{"προϊόν", "προιοντ"},
		{"κωδικός", "κωδ"},
		{"χρήματα", "χρημ"},
		{"πληρώσετε", "πληρωσ"},
		{"πλήρωσα", "πληρωσ"},
		{"πληρώσατε", "πληρωσατ"},
		// Step 1's irregular nouns.
		{"φαγιά", "φα"},
		{"φαγιού", "φα"},
		{"καθεστώτος", "καθεστ"},
		{"γεγονότα", "γεγον"},
		{"φώτα", "φω"},
		// Comparatives and superlatives.
		{"μεγαλύτερος", "μεγαλ"},
		{"ωραιότατος", "ωραι"},
		// -ισμός, -ιστής, exceptions that give part of an ending back.
		{"σοσιαλισμός", "σοσιαλ"},
		{"τουρίστες", "τουρ"},
		{"λεμονάδες", "λεμοναδ"},
		{"μαμάδες", "μαμ"},
		// Latin words, numbers and short words pass through.
		{"café", "cafe"},
		{"2024", "2024"},
		{"ΣΕ", "σε"},
	}
	for _, tt := range tests {
		if got := Stem(Fold(tt.word)); got != tt.want {
			t.Errorf("Stem(Fold(%q)) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

// TestStemAdditions shows where Stem differs from Snowball (see Stem).
func TestStemAdditions(t *testing.T) {
	tests := []struct{ word, snowball, kb string }{
		{"παραγγελιασ", "παραγγελι", "παραγγελ"},
		{"παραγγελιεσ", "παραγγελι", "παραγγελ"},
		{"κωδικοσ", "κωδικ", "κωδ"},
		{"ηλεκτρονικη", "ηλεκτρονικ", "ηλεκτρον"},
		{"προιον", "προιον", "προιοντ"},
		{"ουσα", "", "ουσα"},
	}
	for _, tt := range tests {
		if got := stem(tt.word, true); got != tt.snowball {
			t.Errorf("Snowball stem(%q) = %q, want %q", tt.word, got, tt.snowball)
		}
		if got := Stem(tt.word); got != tt.kb {
			t.Errorf("Stem(%q) = %q, want %q", tt.word, got, tt.kb)
		}
	}
}

func TestAnalyze(t *testing.T) {
	got := Analyze("Η επιστροφή των προϊόντων γίνεται ΚΑΙ από το κατάστημα, με τον κωδικό σας.")
	want := []string{"επιστροφ", "προιοντ", "γιν", "καταστημ", "κωδ", "σ"}
	if !slices.Equal(got, want) {
		t.Errorf("Analyze = %q, want %q", got, want)
	}
	if got := Analyze(""); len(got) != 0 {
		t.Errorf("Analyze(\"\") = %q", got)
	}
}

// TestBleve indexes three pages with the analyzer registered as "greek" and
// checks that unaccented, differently inflected queries find the right one.
func TestBleve(t *testing.T) {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = AnalyzerName
	idx, err := bleve.NewMemOnly(m)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	docs := map[string]map[string]string{
		"returns": {
			"title": "Επιστροφές προϊόντων",
			"body":  "Μπορείτε να επιστρέψετε ένα προϊόν μέσα σε 14 ημέρες από την παράδοση. Η επιστροφή χρημάτων γίνεται στον λογαριασμό σας.",
		},
		"payments": {
			"title": "Πληρωμές με κάρτα",
			"body":  "Δεχόμαστε πληρωμή με πιστωτική κάρτα. Ο κωδικός ασφαλείας της κάρτας βρίσκεται στο πίσω μέρος.",
		},
		"orders": {
			"title": "Αποστολή και ακύρωση παραγγελίας",
			"body":  "Η αποστολή της παραγγελίας γίνεται σε δύο ημέρες. Μπορείτε να ζητήσετε ακύρωση πριν την αποστολή.",
		},
	}
	for id, doc := range docs {
		if err := idx.Index(id, doc); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct{ query, want string }{
		{"επιστροφη χρηματων", "returns"},
		{"ΠΡΟΙΟΝΤΑ", "returns"},
		{"λογαριασμος", "returns"},
		{"πληρωμων καρτες", "payments"},
		{"κωδικου", "payments"},
		{"ακυρωσεις παραγγελιων", "orders"},
		{"αποστολες", "orders"},
	}
	for _, tt := range tests {
		res, err := idx.Search(bleve.NewSearchRequest(bleve.NewMatchQuery(tt.query)))
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || res.Hits[0].ID != tt.want {
			var ids []string
			for _, h := range res.Hits {
				ids = append(ids, h.ID)
			}
			t.Errorf("%q found %v, want %s first", tt.query, ids, tt.want)
		}
	}
}

// paragraph is about 2 KB of ordinary help-center Greek.
var paragraph = func() string {
	const text = "Για να επιστρέψετε ένα προϊόν, συνδεθείτε στον λογαριασμό σας και επιλέξτε την παραγγελία από το ιστορικό παραγγελιών. " +
		"Οι επιστροφές γίνονται δεκτές μέσα σε δεκατέσσερις ημέρες από την παράδοση, εφόσον τα προϊόντα είναι αχρησιμοποίητα και στη συσκευασία τους. " +
		"Μετά τον έλεγχο, η επιστροφή χρημάτων γίνεται με τον ίδιο τρόπο πληρωμής: στην κάρτα σας ή στον τραπεζικό σας λογαριασμό. " +
		"Αν πληρώσατε με αντικαταβολή, θα σας ζητήσουμε τον αριθμό IBAN. Οι ακυρώσεις παραγγελιών πριν την αποστολή είναι δωρεάν. "
	var b strings.Builder
	for b.Len() < 2048 {
		b.WriteString(text)
	}
	return b.String()[:strings.LastIndex(b.String()[:2048], " ")]
}()

func BenchmarkAnalyze(b *testing.B) {
	b.SetBytes(int64(len(paragraph)))
	for b.Loop() {
		Analyze(paragraph)
	}
}

func FuzzFoldStem(f *testing.F) {
	for _, s := range []string{"επιστροφή", "ΐΰ", "ΕΠΙΣΤΡΟΦΕΣ", "café", "한국어", "α\u0301", "\xff\xfe", "ισα", "ουσα", "İ", "\u212a", "\u0345"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded := Fold(s)
		if slow := foldUnicode(s); folded != slow {
			t.Errorf("Fold(%q) = %q, foldUnicode = %q", s, folded, slow)
		}
		if again := Fold(folded); again != folded {
			t.Errorf("Fold(Fold(%q)) = %q, Fold = %q", s, again, folded)
		}
		st := Stem(folded)
		if utf8.ValidString(folded) && !utf8.ValidString(st) {
			t.Errorf("Stem(%q) = %q, not UTF-8", folded, st)
		}
		if folded != "" && st == "" {
			t.Errorf("Stem(%q) is empty", folded)
		}
		Stem(s)
		Analyze(s)
	})
}
