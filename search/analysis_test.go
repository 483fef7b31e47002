package search

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

func TestNormalize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Returns", "returns"},
		{"Remboursé", "rembourse"},
		{"ÉTRANGER", "etranger"},
		{"Straße", "straße"},
		{"Επιστροφές", "επιστροφεσ"},
		{"ΕΠΙΣΤΡΟΦΉ", "επιστροφη"},
		{"προϊόντων", "προιοντων"},
		{"الإِرْجَاع", "الارجاع"},
		{"أإآٱ", "اااا"},
		{"سياسة", "سياسه"},
		{"المحتوى", "المحتوي"},
		{"مسؤول", "مسوول"},
		{"رئيس", "رييس"},
		{"الـــرجوع", "الرجوع"},
		{"ٰهذا", "هذا"},
		{"٣٠ ۴", "30 4"},
		{"שָׁלוֹם", "שלום"},
		// Geresh and gershayim go, and the ' and " a keyboard types for them after a Hebrew letter.
		{"צ׳יפס", "ציפס"},
		{"צ'יפס", "ציפס"},
		{`דו"ח`, "דוח"},
		{"דו״ח", "דוח"},
		{`הַדּוֹ"חַ`, "הדוח"},
		{"don't", "don't"},
		{`é"`, `e"`},
		{"が", "が"},         // dakuten is not an accent
		{"हिंदी", "हिंदी"}, // nor are Devanagari vowel signs
		{"İstanbul", "istanbul"},
		{"ёж", "еж"},
		// Format characters go, but for the zero-width non-joiner, which both indexes cut words at; fullwidth and
		// halfwidth forms become the ordinary ones.
		{"شحن\u200f", "شحن"},
		{"\u2067ret\u200burn\u2069", "return"},
		{"de\u00adlivery\ufeff\u061c", "delivery"},
		{"ｒｅｔｕｒｎ Ｐｏｌｉｃｙ １２", "return policy 12"},
		{"ｶﾞｲﾄﾞ", "ガイド"},
		{"سفارش\u200cها", "سفارش\u200cها"},
		// Persian's and Urdu's kaf and yeh are the Arabic letters an Arabic keyboard types in their place.
		{"مکان", "مكان"},
		{"بوکمارک", "بوكمارك"},
		{"ایران", "ايران"},
	} {
		if got := Normalize(c.in); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := Normalize(c.want); got != c.want {
			t.Errorf("Normalize(%q) = %q: not idempotent", c.want, got)
		}
		// What analytics keep of a query's spelling folds into the same query.
		if got := Normalize(Spelling(c.in)); got != c.want {
			t.Errorf("Normalize(Spelling(%q)) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestTermsAgree checks that the spellings customers type reach the same index terms as the text writers wrote.
func TestTermsAgree(t *testing.T) {
	for _, c := range []struct {
		lang  string
		forms []string
	}{
		{"en", []string{"refund", "refunds", "Refunds", "refunded"}},
		{"en", []string{"return", "returns", "returning"}},
		{"en", []string{"policy", "policies"}},
		{"fr", []string{"remboursé", "rembourse", "remboursement", "remboursements", "REMBOURSÉ"}},
		{"fr", []string{"retour", "retours"}},
		{"fr", []string{"étranger", "etranger", "l'étranger", "l’etranger"}},
		{"fr", []string{"expédition", "expedition", "Expéditions"}},
		{"ar", []string{"إرجاع", "الإرجاع", "ارجاع", "الارجاع", "الإِرْجَاع", "بالإرجاع", "للإرجاع", "والإرجاع"}},
		{"ar", []string{"سياسة", "سياسه", "السياسة"}},
		{"ar", []string{"المحتوى", "المحتوي", "محتوى"}},
		{"ar", []string{"٣٠", "30"}},
		{"el", []string{"επιστροφές", "επιστροφή", "επιστροφη", "ΕΠΙΣΤΡΟΦΕΣ", "επιστροφών"}},
		{"el", []string{"προϊόντα", "προιοντα", "προϊόντων"}},
		{"de", []string{"Rücksendung", "rucksendung", "Rücksendungen"}},
		{"es", []string{"envío", "envio", "envíos"}},
		{"pt-BR", []string{"devolução", "devolucao"}},
		// Invisible format characters in or after a word, and fullwidth letters.
		{"en", []string{"return", "return\u200f", "ret\u200burn", "re\u00adturn", "\u2066return\u2069", "ｒｅｔｕｒｎ", "\ufeffReturns"}},
		{"ar", []string{"الإرجاع", "الإرجاع\u200f", "الإر\u200bجاع", "\u202bالإرجاع\u202c", "الإرجاع\u061c"}},
		{"el", []string{"επιστροφή", "επιστροφή\u200f", "επι\u200bστροφή", "επι\u00adστροφή", "\u200eεπιστροφή"}},
		{"fa", []string{"ارسال", "ارسال\u200f", "ار\u200bسال", "\u2067ارسال\u2069"}},
	} {
		want := Terms(c.lang, c.forms[0])
		if len(want) != 1 {
			t.Errorf("Terms(%s, %q) = %q, want one term", c.lang, c.forms[0], want)
			continue
		}
		for _, f := range c.forms[1:] {
			if got := Terms(c.lang, f); !slices.Equal(got, want) {
				t.Errorf("Terms(%s, %q) = %q, want %q (as %q)", c.lang, f, got, want, c.forms[0])
			}
		}
	}
}

func TestTermsStopWordsAndMixedScripts(t *testing.T) {
	for _, c := range []struct {
		lang, text string
		want       []string
	}{
		{"en", "the refund", []string{"refund"}},
		{"ar", "إلى الى على", nil}, // stop words, with or without hamza, ى or ي
		{"ar", "تواصل عبر WhatsApp على 800123", []string{"تواصل", "عبر", "whatsapp", "800123"}},
		{"fr", "le remboursement à l'étranger", []string{"rembours", "etrang"}},
		{"zh-Hans", "退货政策", []string{"退货", "货政", "政策"}},
		{"he", "תּוֹדָה", []string{"תודה"}},
		// A word written with a zero-width non-joiner is, in the languages that write compounds with one, the word
		// joined, then its parts ("ها" is a Persian stop word; Urdu has no stop list); elsewhere it is cut there.
		{"fa", "سفارش\u200cها هزینه\u200cی ارسال", []string{"سفارشها", "سفارش", "هزينهي", "هزينه", "ي", "ارسال"}},
		{"fa", "می\u200c\u200cخواهم\u200c", []string{"ميخواهم", "خواهم"}},
		{"ur", "کتاب\u200cها", []string{"كتابها", "كتاب", "ها"}},
		{"en", "return\u200cpolicy", []string{"return", "polici"}},
		// A Persian word spaced after می or نمی is the two joined too, before them; not after punctuation, nor when
		// the rest is too short.
		{"fa", "کالا را نمی\n پذیریم", []string{"كالا", "نميپذيريم", "پذيريم"}},
		{"fa", "می کارت\u200cها", []string{"ميكارتها", "كارتها", "كارت"}},
		{"fa", "می، پذیریم می رو", []string{"پذيريم", "رو"}},
		{"ur", "می پذیریم", []string{"مي", "پذيريم"}},
	} {
		if got := Terms(c.lang, c.text); !slices.Equal(got, c.want) {
			t.Errorf("Terms(%s, %q) = %q, want %q", c.lang, c.text, got, c.want)
		}
	}
}

func TestAnalyzerFor(t *testing.T) {
	for lang, want := range map[string]string{
		"en": "kb_en", "ar": "kb_ar", "el": "kb_el", "pt-BR": "kb_pt", "zh-Hans": "kb_cjk", "ja": "kb_cjk",
		"nb": "kb_no", "he": "kb_he", "he-IL": "kb_he", "yi": "kb_plain", "vi": "kb_plain",
	} {
		if got := AnalyzerFor(lang); got != want {
			t.Errorf("AnalyzerFor(%q) = %q, want %q", lang, got, want)
		}
	}
	// Every analyzer builds.
	for name := range chains {
		if _, err := analyzerNamed(name); err != nil {
			t.Error(err)
		}
	}
}

// TestNormalizeShortcuts checks Normalize's shortcuts against the definition on every rune of the table and on
// pairs of runes that could interact.
func TestNormalizeShortcuts(t *testing.T) {
	interesting := []rune{'a', 'A', 'e', '\u0301', '\u0308', 'Σ', 'ς', 'ά', 'ι', '\u0345', 'ا', '\u0654', 'ة', 'ى',
		'\u0640', '\u064E', 'ه', 'و', 'ي', '\u0670', 'ك', 'ی', '٣', 'ש', '\u05BC', 'क', '\u093C', 'ो', 'か', '\u3099',
		'ᄀ', 'ᅡ', '가', '中', 'İ', 'ﬁ', 'Å', 'ǅ', '\u0344', 'ด', '\u0E31'}
	check := func(s string) {
		if got, want := Normalize(s), normalize(s); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", s, got, want)
		}
	}
	for r := rune(0); r < tableEnd+0x100; r++ {
		check(string(r))
		for _, o := range interesting {
			check(string(r) + string(o))
			check(string(o) + string(r))
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Remboursé", "الإِرْجَاع", "ΕΠΙΣΤΡΟΦΉ", "가나", "が", "हिंदी", "a\u0301\u0654"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Normalize(s)
		if want := normalize(s); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", s, got, want)
		}
		if again := Normalize(got); again != got {
			t.Errorf("Normalize(%q) = %q, then %q: not idempotent", s, got, again)
		}
		if spelled := Normalize(Spelling(s)); spelled != got {
			t.Errorf("Normalize(Spelling(%q)) = %q, want %q", s, spelled, got)
		}
	})
}

// TestQueryWordAfterNonJoiner checks that a query word after a zero-width non-joiner is read where it stands: the
// last word is a prefix, its surface is the typed word.
func TestQueryWordAfterNonJoiner(t *testing.T) {
	a, err := analyzerNamed(AnalyzerFor("fa"))
	if err != nil {
		t.Fatal(err)
	}
	words := analyzeQuery(a, false, "هزینه\u200cی ارس")
	if len(words) == 0 {
		t.Fatal("no words")
	}
	last := words[len(words)-1]
	if last.surface != "ارس" || !last.prefix {
		t.Errorf("last word: surface %q, prefix %v; want %q, a prefix", last.surface, last.prefix, "ارس")
	}
}

// formatChars changes the same bytes as a plain scan would, wherever the characters stand: at the start, at the end,
// side by side, and beside other characters that share their lead byte.
func TestFormatCharsFilter(t *testing.T) {
	plain := func(in []byte) []byte {
		out := slices.Clone(in)
		for i := 0; i+3 <= len(in); i++ {
			switch string(in[i : i+3]) {
			case "\u200b", "\u0890", "\u0891", "\u08e2":
				copy(out[i:], "\u2060")
				i += 2
			case "\u200c":
				copy(out[i:], "   ")
				i += 2
			}
		}
		return out
	}
	parts := []string{"a", "ب", "\u200b", "\u200c", "\u0890", "\u08e2", "—", "“", "क", "ก", "\u2060", " "}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		var b []byte
		for range rng.IntN(8) {
			b = append(b, parts[rng.IntN(len(parts))]...)
		}
		in := slices.Clone(b)
		if got, want := (formatChars{}).Filter(b), plain(in); !bytes.Equal(got, want) {
			t.Fatalf("Filter(%q) = %q, want %q", in, got, want)
		}
		if !bytes.Equal(b, in) {
			t.Fatalf("Filter changed its input %q to %q", in, b)
		}
	}
}

// TestQueryCompoundPieces checks that a query word typed with a zero-width non-joiner, in a language that writes
// compounds with one, is the word joined with its parts as pieces (but the stop words); that a Persian word typed
// joined with a common suffix has the rest of it as its piece, if the rest is long enough; that a Persian word after
// a prefix (می, نمی), typed joined, spaced or with a non-joiner, is one word with no pieces, since its rest is the
// rest of the word with the other prefix too; and that overlapping tokens of other analyzers (Chinese bigrams) stay
// words of their own.
func TestQueryCompoundPieces(t *testing.T) {
	type got struct {
		stem, surface string
		pieces        []string
	}
	for _, c := range []struct {
		lang, q string
		want    []got
	}{
		{"fa", "می\u200cفرستیم کارت\u200cهای", []got{{"ميفرستيم", "ميفرستيم", nil}, {"كارتهاي", "كارتهاي", []string{"كارت"}}}},
		{"fa", "می\u200cفرستیم می\u200cفرستیم", []got{{"ميفرستيم", "ميفرستيم", nil}}},
		{"ur", "کتاب\u200cها", []got{{"كتابها", "كتابها", []string{"كتاب", "ها"}}}},
		{"fa", "میفرستیم کتابهای", []got{{"ميفرستيم", "ميفرستيم", nil}, {"كتابهاي", "كتابهاي", []string{"كتاب"}}}},
		{"fa", "نمیدهیم", []got{{"نميدهيم", "نميدهيم", nil}}},
		{"fa", "نمی دهیم", []got{{"نميدهيم", "نميدهيم", nil}}},
		{"fa", "کتاب\u200cخانه می دهیم", []got{{"كتابخانه", "كتابخانه", []string{"كتاب", "خانه"}}, {"ميدهيم", "ميدهيم", nil}}},
		{"fa", "می، دهیم", []got{{"دهيم", "دهيم", nil}}},                           // not spaced: punctuation between
		{"ur", "می دهیم", []got{{"مي", "مي", nil}, {"دهيم", "دهيم", nil}}},         // Urdu has no such affixes
		{"fa", "میز میوه تنها", []got{{"ميز", "ميز", nil}, {"ميوه", "ميوه", nil}}}, // rests too short; تنها is a stop word
		{"ur", "میفرستیم", []got{{"ميفرستيم", "ميفرستيم", nil}}},                   // Urdu has no such affixes
		{"zh", "退货政策", []got{{"退货", "", nil}, {"货政", "", nil}, {"政策", "", nil}}},
	} {
		a, err := analyzerNamed(AnalyzerFor(c.lang))
		if err != nil {
			t.Fatal(err)
		}
		var words []got
		for _, w := range affixPieces(a, analyzeQuery(a, isCJK(AnalyzerFor(c.lang)), c.q), chains[AnalyzerFor(c.lang)].affixes) {
			words = append(words, got{w.stem, w.surface, w.pieces})
		}
		if !reflect.DeepEqual(words, c.want) {
			t.Errorf("%s %q: words %q, want %q", c.lang, c.q, words, c.want)
		}
	}
}
