package static

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"kb/search"
	"kb/search/thesaurus"
)

const searchJS = "../../themes/default/assets/search.js"

var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("the a an and or of to in is are be your you we it for on with by how do i can my " +
		"ο η το οι και να σε για με στην σας " +
		"في من على الى و عن") {
		stopWords[w] = true
	}
}

// testTerms stands in for search.Terms: folding, a stop list and a crude
// suffix stemmer, enough to give two surface forms one term.
func testTerms(lang, text string) []string {
	var out []string
	tokenize(text, func(w string) {
		n := search.Normalize(w)
		if n == "" || stopWords[n] {
			return
		}
		out = append(out, stem(lang, n))
	})
	return out
}

func stem(lang, w string) string {
	long := func(s, affix string) bool { return utf8.RuneCountInString(s)-utf8.RuneCountInString(affix) >= 3 }
	if lang == "ar" {
		for _, p := range []string{"وال", "بال", "ال"} {
			if strings.HasPrefix(w, p) && long(w, p) {
				w = w[len(p):]
				break
			}
		}
	}
	suffixes := map[string][]string{
		"en": {"ing", "ed", "es", "s"},
		"el": {"ων", "εσ", "οσ", "ου", "ασ", "ησ", "α", "η", "ο"},
		"ar": {"ات", "ون", "ين"},
	}
	for _, s := range suffixes[lang] {
		if strings.HasSuffix(w, s) && long(w, s) {
			return w[:len(w)-len(s)]
		}
	}
	return w
}

var testAnalyzer = Analyzer{Normalize: search.Normalize, Terms: testTerms}

var smallDocs = map[string][]Doc{
	"en": {
		{URL: "/en/shipping/delivery/", Title: "Delivery times", Section: "shipping", SectionTitle: "Shipping",
			Headings: []string{"Working days"},
			Body:     "Orders usually arrive within 3 to 5 working days. Tracking numbers are emailed when your parcel ships."},
		{URL: "/en/policies/returns/", Title: "Returns and refunds", Section: "policies", SectionTitle: "Policies",
			Body: "Send an item back within 30 days. Refunds go to the original payment method. <script>alert(1)</script> is shown as text."},
		{URL: "/en/faq/#how-do-i-track-my-order", Title: "How do I track my order?", Page: "Frequently asked questions",
			Section: "faq", SectionTitle: "FAQ", Body: "Use the tracking link in your shipping email."},
		{URL: "/en/account/password/", Title: "Change your password", Section: "account", SectionTitle: "Account",
			Body: "Passwords need at least 12 characters. We never ask for your password by email; tracking scams exist."},
		{URL: "/en/payments/cards/", Title: "Payment cards", Section: "payments", SectionTitle: "Payments", Tags: []string{"visa"},
			Body: "We accept Visa and Mastercard. Delivery is free over 50 euros. Items returned late are not refunded."},
	},
	"el": {
		{URL: "/el/shipping/paradosi/", Title: "Χρόνοι παράδοσης", SectionTitle: "Αποστολή",
			Body: "Οι παραγγελίες φτάνουν σε 3 έως 5 εργάσιμες ημέρες."},
		{URL: "/el/policies/epistrofes/", Title: "Επιστροφές χρημάτων", SectionTitle: "Πολιτικές",
			Body: "Μπορείτε να επιστρέψετε ένα προϊόν μέσα σε 30 ημέρες. Η επιστροφή γίνεται στην κάρτα σας."},
		{URL: "/el/account/kodikos/", Title: "Αλλαγή κωδικού", SectionTitle: "Λογαριασμός", Fallback: true,
			Body: "Ο κωδικός πρέπει να έχει 12 χαρακτήρες. Δεν ζητάμε ποτέ τον κωδικό σας."},
	},
	"ar": {
		{URL: "/ar/shipping/delivery/", Title: "مواعيد التوصيل", SectionTitle: "الشحن",
			Body: "تصل الطلبات خلال ٣ إلى ٥ أيام عمل."},
		{URL: "/ar/policies/returns/", Title: "الإرجاع والاسترداد", SectionTitle: "السياسات",
			Body: "يمكنك إرجاع المنتج خلال ٣٠ يومًا. يتم استرداد المبلغ إلى بطاقتك."},
		{URL: "/ar/account/password/", Title: "تغيير كلمة المرور", SectionTitle: "الحساب",
			Body: "يجب أن تتكون كلمة المرور من ١٢ حرفًا."},
	},
}

// TestBuildStopsWithItsContext: a build whose context ends gives up with its
// error and no files, at whatever stage it is; one that runs to the end
// is the same as Build.
func TestBuildStopsWithItsContext(t *testing.T) {
	docs := synthCorpus(300, 7)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	files, err := BuildReusing(ctx, "en", docs, testAnalyzer, nil)
	if !errors.Is(err, context.Canceled) || files != nil {
		t.Fatalf("canceled build: %d files, err %v", len(files), err)
	}
	// Ending during compression, the last stage: the terms are analyzed by then.
	calls := 0
	late, stop := context.WithCancel(context.Background())
	defer stop()
	an := testAnalyzer
	an.Terms = func(lang, w string) []string { calls++; return testAnalyzer.Terms(lang, w) }
	if _, err := BuildReusing(late, "en", docs, an, nil); err != nil {
		t.Fatal(err)
	}
	n := calls
	calls = 0
	an.Terms = func(lang, w string) []string {
		if calls++; calls == n {
			stop()
		}
		return testAnalyzer.Terms(lang, w)
	}
	if files, err := BuildReusing(late, "en", docs, an, nil); !errors.Is(err, context.Canceled) || files != nil {
		t.Fatalf("build canceled after analysis: %d files, err %v", len(files), err)
	}
	whole, err := BuildReusing(context.Background(), "en", docs, testAnalyzer, nil)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := Build("en", docs, testAnalyzer)
	if len(whole) != len(plain) {
		t.Fatalf("BuildReusing wrote %d files, Build %d", len(whole), len(plain))
	}
	for name, data := range plain {
		if !bytes.Equal(data, whole[name]) {
			t.Errorf("%s differs", name)
		}
	}
}

func TestBuildDeterministic(t *testing.T) {
	docs := synthCorpus(300, 7)
	a, err := Build("en", docs, testAnalyzer)
	if err != nil {
		t.Fatal(err)
	}
	shuffled := slices.Clone(docs)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	b, err := Build("en", shuffled, testAnalyzer)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		chunk := strings.HasPrefix(name, "_kb/search/en/p/") && strings.HasSuffix(name, ".bin.gz")
		if !strings.HasPrefix(name, "_kb/search/en/") || !strings.HasSuffix(name, ".json.gz") && !chunk {
			t.Errorf("unexpected path %q", name)
		}
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between builds", name)
		}
	}
}

// The documents are analyzed in runs on every core and joined: the files
// are the same as from one run, wherever the cuts fall.
func TestBuildInPartsSameAsOne(t *testing.T) {
	docs := synthCorpus(300, 11)
	one, err := Build("en", docs, testAnalyzer)
	if err != nil {
		t.Fatal(err)
	}
	defer func(f func(int) int) { analysisParts = f }(analysisParts)
	for _, n := range []int{2, 3, 7} {
		analysisParts = func(int) int { return n }
		got, err := Build("en", docs, testAnalyzer)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(one) {
			t.Fatalf("%d parts: %d files, not %d", n, len(got), len(one))
		}
		for name, data := range one {
			if !bytes.Equal(data, got[name]) {
				t.Errorf("%d parts: %s differs from one part's", n, name)
			}
		}
	}
}

func TestBuildRejects(t *testing.T) {
	for _, lang := range []string{"", "..", "a/b", "../x", "é"} {
		if _, err := Build(lang, nil, testAnalyzer); err == nil {
			t.Errorf("Build(%q) succeeded", lang)
		}
	}
	if _, err := Build("en", nil, Analyzer{}); err == nil {
		t.Error("Build without an analyzer succeeded")
	}
	files, err := Build("en", nil, testAnalyzer)
	if err != nil || files["_kb/search/en/meta.json.gz"] == nil {
		t.Fatalf("empty corpus: %v, %v", err, slices.Sorted(mapKeys(files)))
	}
}

// TestShardsSmall checks that a query never pays for much more than it needs:
// vocabulary and doc shards stay small, and a posting chunk only outgrows its
// budget by its first term: a common word's postings, with at most a few
// rare words after it (chunkStarts).
func TestShardsSmall(t *testing.T) {
	files, err := Build("en", synthCorpus(1000, 1), testAnalyzer)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		raw := gunzip(t, data)
		switch dir := filepath.Base(filepath.Dir(name)); dir {
		case "v":
			if len(raw) > vocabShardBytes*3/2 {
				t.Errorf("%s: %d bytes of vocabulary", name, len(raw))
			}
		case "d":
			if len(data) > 8<<10 {
				t.Errorf("%s: %d compressed bytes of docs", name, len(data))
			}
		case "p":
			// A posting takes no more bytes in a chunk than packed
			// (a delta, then a weight of one or two bytes instead of a
			// field mask and a frequency or more).
			chunk := decodeChunk(t, raw)
			first := len(binary.AppendUvarint(nil, uint64(len(chunk[0])/2)))
			for i, n := range chunk[0] {
				if i%2 == 0 {
					first += len(binary.AppendUvarint(nil, uint64(n)))
				} else {
					first += len(binary.AppendVarint(nil, int64(n)))
				}
			}
			if rest := len(raw) - first; rest > maxChunkRaw {
				t.Errorf("%s: %d bytes in %d terms, %d after the first", name, len(raw), len(chunk), rest)
			}
		}
	}
}

func TestShardVocabSplits(t *testing.T) {
	entries := map[string][]int{"ab": {1, 0}}
	for i := range 5000 {
		entries[fmt.Sprintf("ab%c%04d", 'a'+i%3, i)] = []int{1, i}
	}
	shards := shardVocab(entries)
	n := 0
	for k, s := range shards {
		for w := range s {
			if !strings.HasPrefix(w, k) {
				t.Errorf("%q in shard %q", w, k)
			}
			n++
		}
		if vocabSize(s) > vocabShardBytes*2 {
			t.Errorf("shard %q: %d bytes", k, vocabSize(s))
		}
	}
	if n != len(entries) || len(shards) < 3 {
		t.Errorf("%d words in %d shards, want %d in several", n, len(shards), len(entries))
	}
}

func TestTokenize(t *testing.T) {
	for in, want := range map[string]string{
		"Hello, world!":                       "Hello|world",
		"l'adresse e-mail 3.5":                "l|adresse|e|mail|3|5",
		"إِرْجَاع المنتج":                     "إِرْجَاع|المنتج",
		"Παράδοση (δωρεάν)":                   "Παράδοση|δωρεάν",
		"cafe\u0301 naïve":                    "cafe\u0301|naïve",
		"ارجـــاع":                            "ارجـــاع",
		"  ":                                  "",
		"<script>alert(1)</script>":           "script|alert|1|script",
		"a " + strings.Repeat("x", 64) + " b": "a|" + strings.Repeat("x", 64) + "|b",
		"a " + strings.Repeat("x", 65) + " b": "a|b",
		strings.Repeat("\u0628\u064e", 64):    strings.Repeat("\u0628\u064e", 64),
		// Format characters stay inside a word and start none; a zero-width non-joiner cuts one.
		"ret\u200burn \u200fشحن\u200f de\u00adlivery": "ret\u200burn|شحن\u200f|de\u00adlivery",
		"\u2067x\u2069 \u200f":                        "x\u2069",
		"سفارش\u200cها":                               "سفارش|ها",
		"ｒｅｔｕｒｎ":                                      "ｒｅｔｕｒｎ",
		// Geresh and gershayim, and the ' and " typed for them, stay inside a Hebrew word, as the server's word
		// segmenter keeps them there (Normalize drops them); a maqaf separates words.
		`צ׳יפס צ'יפס דו״ח דו"ח הדו"ח`: `צ׳יפס|צ'יפס|דו״ח|דו"ח|הדו"ח`,
		`וכו׳ "ציטוט" א'b ה־API`:      `וכו|ציטוט|א|b|ה|API`,
	} {
		var got []string
		tokenize(in, func(w string) { got = append(got, w) })
		if strings.Join(got, "|") != want {
			t.Errorf("tokenize(%q) = %q, want %q", in, got, want)
		}
	}
	// In a language that writes compounds with a zero-width non-joiner, a word written with one is the word
	// joined, then its parts, as the server reads it; one at the end of a word parts nothing. In Persian, a word
	// spaced after می or نمی is also the two joined, as the server reads it: but not after punctuation, nor when
	// the rest is too short to be the rest of a word.
	persian := persianAnalyzer().JoinsSpaced
	for _, c := range []struct {
		in    string
		joins func(word, next string) bool
		want  string
	}{
		{"سفارش\u200cها را", nil, "سفارشها|سفارش|ها|را"},
		{"می\u200c\u200cخواهم\u200c \u200cx", nil, "میخواهم|می|خواهم|x"},
		{"کتاب\u200c ret\u200burn", nil, "کتاب|ret\u200burn"},
		{"کالا را می پذیریم", nil, "کالا|را|می|پذیریم"},
		{"کالا را می پذیریم", persian, "کالا|را|می|پذیریم|میپذیریم"},
		{"نمی\u00a0 کارت\u200cها", persian, "نمی|کارتها|کارت|ها|نمیکارتها"},
		{"مي پذيريم", persian, "مي|پذيريم|ميپذيريم"},
		{"می، پذیریم", persian, "می|پذیریم"},
		{"می رو", persian, "می|رو"},
		{"می", persian, "می"},
		{"را پذیریم", persian, "را|پذیریم"},
	} {
		var got []string
		tokenizeWords(c.in, true, c.joins, func(w string) { got = append(got, w) })
		if strings.Join(got, "|") != c.want {
			t.Errorf("tokenizeWords(%q, compounds, Persian %v) = %q, want %q", c.in, c.joins != nil, got, c.want)
		}
	}
}

// TestLongWordNotIndexed builds an index with a 30,000-letter word: the
// build finishes, the word is not in the vocabulary, the rest of the
// document is.
func TestLongWordNotIndexed(t *testing.T) {
	long := strings.Repeat("a", 30000)
	docs := []Doc{{URL: "/en/x/", Title: "Returns", Body: "before " + long + " after"}}
	files, err := Build("en", docs, testAnalyzer)
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for name, data := range files {
		if !strings.Contains(name, "/v/") {
			continue
		}
		var shard map[string]json.RawMessage
		if err := json.Unmarshal(gunzip(t, data), &shard); err != nil {
			t.Fatal(name, err)
		}
		for w := range shard {
			words = append(words, w)
		}
		if len(name) > 100 {
			t.Errorf("shard path %d bytes long", len(name))
		}
	}
	slices.Sort(words)
	if got := strings.Join(words, " "); got != "after before returns" {
		t.Errorf("vocabulary %.100q, want after before returns", got)
	}
}

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("word ", 100)
	for _, c := range []struct{ in, want string }{
		{"short  text\n here", "short text here"},
		{long, strings.TrimSpace(strings.Repeat("word ", 60)) + "…"},
		{strings.Repeat("α", 400), strings.Repeat("α", 300) + "…"},
		{strings.Repeat(" ", 5000) + "x", "x"},
		{strings.Repeat("x ", 2000), strings.TrimSpace(strings.Repeat("x ", 150)) + "…"},
	} {
		if got := excerpt(c.in, 300); got != c.want {
			t.Errorf("excerpt(%.20q…) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestValidPrefix checks validPrefix against strings.ToValidUTF8 on text cut
// at every byte, with invalid bytes here and there.
func TestValidPrefix(t *testing.T) {
	texts := []string{"plain ascii text", "αβγ δέζ ηθι", "عربي نص هنا", "日本語のテキスト", "a😀b😀c", "\xffab\xc3", "ab\xe2\x82", "\xe2\x82\xac€\x80x"}
	for _, text := range texts {
		for i := 0; i <= len(text); i++ {
			if got, want := validPrefix(text[:i]), strings.ToValidUTF8(text[:i], ""); got != want {
				t.Errorf("validPrefix(%q) = %q, want %q", text[:i], got, want)
			}
		}
	}
}

// TestNormalizeMatchesGo checks the browser's normalize against
// search.Normalize, which folds the documents and the server's queries.
// Decided cases: Turkish İ becomes i (JS lowercases it to i + U+0307, which
// goes with the accents); ß stays ß on both sides, so "strasse" finds
// "straße" only as a typo (1 edit); marks outside the listed ranges stay
// (Devanagari vowel signs, Japanese dakuten), since they are letters' vowels.
func TestNormalizeMatchesGo(t *testing.T) {
	in := []string{
		"Παράδοση", "ΠΑΡΆΔΟΣΗΣ", "προϊόν", "Ϊ ΰ ΐ", "ὁδός", "ᾼ", "οδός οδοσ",
		"إرْجَاع", "الإِرجاع", "أَهلاً", "ارجـــاع", "ٱلكتاب", "مدرسة", "مستشفى", "مسؤول", "قائمة", "هٰذا", "ﻻ", "٣٠ ۴۵ 12",
		"Élève", "garçon", "cœur", "Œuvre", "naïve", "déjà-vu", "İstanbul", "ISTANBUL", "ı", "Йод",
		"Straße", "STRASSE", "ẞ", "Ǆemal", "K Å", "ﬁle", "Ａ１", "ｒｅｔｕｒｎ", "ｶﾞｲﾄﾞ", "＠￥", "شحن\u200f", "ret\u200burn", "de\u00adlivery", "\u2067x\u2069\ufeff\u061c",
		"سفارش\u200cها", "مکان", "بوکمارکی", "ۀ ی ے ك ي ى", "क\u200d\u094dष", "が", "हिंदी", "한국어", "שָׁלוֹם", "e\u20dd", "", "  x  ",
		"צ׳יפס", "צ'יפס", "דו״ח", `דו"ח`, `הַדּוֹ"חַ`, "וכו׳", "א''ב", "ג'\u05b0ירפה", "don't", `say "hi"`, "ה־API", "ערך ספרים",
	}
	// Every format character and every halfwidth and fullwidth form, between letters.
	for _, rt := range unicode.Cf.R16 {
		for r := rune(rt.Lo); r <= rune(rt.Hi); r += rune(rt.Stride) {
			in = append(in, "a"+string(r)+"b")
		}
	}
	for _, rt := range unicode.Cf.R32 {
		for r := rune(rt.Lo); r <= rune(rt.Hi); r += rune(rt.Stride) {
			in = append(in, "a"+string(r)+"b")
		}
	}
	for r := rune(0xFF00); r <= 0xFFEF; r++ {
		in = append(in, "a"+string(r)+"b")
	}
	out := runNode(t, "", map[string]any{"normalize": in}).Normalize
	for i, s := range in {
		if want := search.Normalize(s); out[i] != want {
			t.Errorf("normalize(%q) = %q (% x), search.Normalize gives %q (% x)", s, out[i], out[i], want, want)
		}
	}
}

type nodeHit struct {
	URL, Title, Section, Page, Snippet string
	Fallback                           bool
	Score                              float64
}

type nodeOut struct {
	Normalize []string
	Words     [][]string
	Greeklish [][]string
	GreekKeys []string
	Picks     []string
	Queries   []struct {
		Q     string
		Total int
		Hits  []nodeHit
		Files [][2]any
		Error string // when the query may fail
		// Other is what the language the query picked found, when the
		// query ran with others and found nothing in its own.
		Other *struct {
			Lang, Dir, Label string
			Total            int
			Hits             []nodeHit
		}
	}
}

func TestSearchJS(t *testing.T) {
	root := t.TempDir()
	for lang, docs := range smallDocs {
		writeIndex(t, root, lang, docs)
	}
	type check struct {
		lang, q string
		urls    []string // expected hits, in order; a leading "~" only requires presence
		total   int      // -1: not checked
		html    []string // substrings of the first hit's title+snippet
		not     []string
	}
	checks := []check{
		{lang: "en", q: "refunds ", urls: []string{"/en/policies/returns/", "/en/payments/cards/"}, total: 2,
			html: []string{"<mark>refunds</mark>", "<mark>Refunds</mark> go", "&#60;script&#62;alert(1)&#60;/script&#62;"}, not: []string{"<script>"}},
		// "returned" is one term with "Returns": both documents, both marked.
		{lang: "en", q: "returned ", urls: []string{"/en/policies/returns/", "/en/payments/cards/"}, total: 2,
			html: []string{"<mark>Returns</mark> and"}},
		{lang: "en", q: "pasword ", urls: []string{"/en/account/password/"}, total: 1, html: []string{"<mark>password</mark>"}},
		{lang: "en", q: "refnuds ", urls: []string{"/en/policies/returns/", "/en/payments/cards/"}, total: 2}, // a swap is one typo
		{lang: "en", q: "passw", urls: []string{"/en/account/password/"}, total: 1, html: []string{"<mark>Passwords</mark> need"}},
		{lang: "en", q: "how do i tra", urls: []string{"/en/faq/#how-do-i-track-my-order", "~/en/shipping/delivery/", "~/en/account/password/"}, total: 3},
		// Title beats body: "Delivery times" before the card page that mentions delivery.
		{lang: "en", q: "delivery", urls: []string{"/en/shipping/delivery/", "/en/payments/cards/"}, total: 2},
		// AND: only the pages with both words.
		{lang: "en", q: "tracking email ", urls: []string{"~/en/faq/#how-do-i-track-my-order", "~/en/account/password/", "~/en/shipping/delivery/"}, total: 3},
		{lang: "en", q: "tracking visa ", total: 4, urls: []string{"/en/payments/cards/"}},
		{lang: "en", q: "password mastercard ", total: 2, urls: []string{"~/en/account/password/", "~/en/payments/cards/"}},
		{lang: "en", q: "the ", total: 0},
		{lang: "en", q: "<script>", total: 1, urls: []string{"/en/policies/returns/"}},
		{lang: "en", q: "constructor __proto__ toString hasOwnProperty", total: 0},
		{lang: "el", q: "παραδοσης", urls: []string{"/el/shipping/paradosi/"}, total: 1, html: []string{"<mark>παράδοσης</mark>"}},
		{lang: "el", q: "ΠΑΡΆΔΟΣΗΣ ", urls: []string{"/el/shipping/paradosi/"}, total: 1},
		{lang: "el", q: "επιστροφη ", urls: []string{"/el/policies/epistrofes/"}, total: 1, html: []string{"<mark>επιστροφή</mark>"}},
		{lang: "el", q: "κωδικος ", urls: []string{"/el/account/kodikos/"}, total: 1},
		// The page with both words first, then (as on the server) the pages with one, to fill the page.
		{lang: "el", q: "παραγγελιεσ ημερες ", urls: []string{"/el/shipping/paradosi/", "/el/policies/epistrofes/"}, total: 2},
		{lang: "ar", q: "ارجاع ", urls: []string{"/ar/policies/returns/"}, total: 1, html: []string{"<mark>إرجاع</mark>"}},
		{lang: "ar", q: "إِرْجَاع ", urls: []string{"/ar/policies/returns/"}, total: 1},
		{lang: "ar", q: "الارجاع ", urls: []string{"/ar/policies/returns/"}, total: 1, html: []string{"<mark>الإرجاع</mark>"}},
		{lang: "ar", q: "ارجـــاع ", urls: []string{"/ar/policies/returns/"}, total: 1},
		{lang: "ar", q: "كلمه المرور ", urls: []string{"/ar/account/password/"}, total: 1},
		{lang: "ar", q: "التوص", urls: []string{"/ar/shipping/delivery/"}, total: 1},
	}
	out := searchNode(t, root, len(checks), func(i int) (string, string) { return checks[i].lang, checks[i].q })
	for i, c := range checks {
		got := out.Queries[i]
		var urls []string
		for _, h := range got.Hits {
			urls = append(urls, h.URL)
		}
		if c.total >= 0 && got.Total != c.total {
			t.Errorf("%s %q: total %d, want %d (%v)", c.lang, c.q, got.Total, c.total, urls)
		}
		for j, u := range c.urls {
			if rest, any := strings.CutPrefix(u, "~"); any {
				if !slices.Contains(urls, rest) {
					t.Errorf("%s %q: %s missing from %v", c.lang, c.q, rest, urls)
				}
			} else if j >= len(urls) || urls[j] != u {
				t.Errorf("%s %q: hit %d is not %s: %v", c.lang, c.q, j, u, urls)
			}
		}
		if len(got.Hits) == 0 {
			continue
		}
		html := got.Hits[0].Title + " | " + got.Hits[0].Snippet
		for _, s := range c.html {
			if !strings.Contains(html, s) {
				t.Errorf("%s %q: %q not in %s", c.lang, c.q, s, html)
			}
		}
		for _, s := range c.not {
			if strings.Contains(html, s) {
				t.Errorf("%s %q: %q in %s", c.lang, c.q, s, html)
			}
		}
	}
	if h := out.Queries[16].Hits; len(h) != 1 || !h[0].Fallback || h[0].Section != "Λογαριασμός" {
		t.Errorf("fallback hit: %+v", h)
	}
}

// TestFirstSearchBytes holds what a browser downloads for a first static
// search with 5 results under DESIGN §10's 40 KB: search.js (gzipped
// without comments and indentation, a little more than the theme's
// minified copy), meta, and every shard the search fetches, on 1,000
// documents and on 20,000, about as many as a language of the benchmark
// corpus has. The queries are of bench/staticbytes's kinds: the most
// frequent word, a middling and a rare one, two middling words (each in
// about half the documents), and a middling word with two letters swapped.
// "typed" replays every keystroke from the second letter on one page, as
// suggestions fetch them: reported, and held under 120 KB.
func TestFirstSearchBytes(t *testing.T) {
	js, err := os.ReadFile(searchJS)
	if err != nil {
		t.Fatal(err)
	}
	jsGz := len(gzipBytes(minify(js)))
	t.Logf("search.js: %d bytes, %d gzip without comments and indentation", len(js), jsGz)
	for _, n := range []int{1000, 20000} {
		if n > 1000 && testing.Short() {
			continue
		}
		root := t.TempDir()
		files := writeIndex(t, root, "en", synthCorpus(n, 1))
		total := 0
		for _, data := range files {
			total += len(data)
		}
		t.Logf("%d docs: %d files, %d bytes compressed", n, len(files), total)

		w := synthWords(1)
		typo := w[40][:1] + w[40][2:3] + w[40][1:2] + w[40][3:]
		first := []string{w[0], w[40], w[400], w[40] + " " + w[41], typo}
		typed := func(q string) []string {
			var seq []string
			for i := 2; i <= len(q); i++ {
				seq = append(seq, q[:i])
			}
			return seq
		}
		var cases []map[string]any
		for _, q := range first {
			cases = append(cases, map[string]any{"q": q})
		}
		for _, q := range []string{w[2] + " " + w[20], w[150] + " " + w[400]} {
			cases = append(cases, map[string]any{"q": q + " (typed)", "seq": typed(q)})
		}
		for _, c := range cases {
			c["base"] = "/_kb/search/en/"
		}
		out := runNode(t, root, map[string]any{"queries": cases})
		for i, q := range out.Queries {
			sum := jsGz
			kinds := map[string]int{}
			for _, f := range q.Files {
				size := int(f[1].(float64))
				sum += size
				kinds[strings.Split(strings.TrimPrefix(f[0].(string), "/_kb/search/en/"), "/")[0]] += size
			}
			t.Logf("  %-28q %5d hits, %2d files, %6d bytes with search.js (meta %d, vocabulary %d, postings %d, heads %d, docs %d, excerpts %d, thesaurus %d)",
				q.Q, q.Total, len(q.Files), sum, kinds["meta.json.gz"], kinds["v"], kinds["p"], kinds["h"], kinds["d"], kinds["x"], kinds["s.json.gz"])
			if len(q.Hits) != 5 {
				t.Errorf("%q: %d hits", q.Q, len(q.Hits))
			}
			if budget := 40 << 10; i < len(first) && sum > budget {
				t.Errorf("%q: %d bytes, over the %d KB of a first search", q.Q, sum, budget>>10)
			}
			if sum > 120<<10 {
				t.Errorf("%q: %d bytes, over the 120 KB of a query typed letter by letter", q.Q, sum)
			}
		}
	}
}

func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		docs := synthCorpus(n, 1)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for range b.N {
				if _, err := Build("en", docs, testAnalyzer); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// synthWords is an 800-word content vocabulary (the size of the benchmark
// corpus's), most frequent first.
func synthWords(seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, 99))
	cons := strings.Split("b c d f g h k l m n p r s t v w z br cr dr pl st tr ch sh", " ")
	vows := strings.Split("a e i o u ai ea ou", " ")
	seen := map[string]bool{}
	var out []string
	for len(out) < 800 {
		w := ""
		for range 2 + r.IntN(2) {
			w += cons[r.IntN(len(cons))] + vows[r.IntN(len(vows))]
		}
		if r.IntN(2) == 0 {
			w += cons[r.IntN(10)]
		}
		if !seen[w] && !stopWords[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// synthCorpus generates n English-like documents with Zipf-distributed words,
// so common words are in most documents: pessimistic for postings sizes.
func synthCorpus(n int, seed uint64) []Doc {
	r := rand.New(rand.NewPCG(seed, 7))
	words := synthWords(seed)
	fn := strings.Fields("the a and of to in is your you we it for on with by can")
	cum := make([]float64, len(words))
	sum := 0.0
	for i := range words {
		sum += 1 / float64(i+1)
		cum[i] = sum
	}
	word := func() string {
		if r.IntN(3) == 0 {
			return fn[r.IntN(len(fn))]
		}
		w := words[sort.SearchFloat64s(cum, r.Float64()*sum)]
		switch r.IntN(6) {
		case 0:
			w += "s"
		case 1:
			w += "ed"
		case 2:
			w += "ing"
		}
		return w
	}
	text := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = word()
		}
		return strings.Join(ws, " ")
	}
	sections := []string{"FAQ", "Policies", "Shipping", "Payments", "Account"}
	docs := make([]Doc, n)
	for i := range docs {
		s := sections[r.IntN(len(sections))]
		d := Doc{
			URL:          fmt.Sprintf("/en/%s/article-%04d/", strings.ToLower(s), i),
			Title:        text(3 + r.IntN(5)),
			SectionTitle: s,
			Tags:         []string{words[r.IntN(40)]},
			Body:         text(150 + r.IntN(350)),
		}
		for range 3 + r.IntN(4) {
			d.Headings = append(d.Headings, text(2+r.IntN(4)))
		}
		if s == "FAQ" {
			d.Page = "Questions about " + text(2)
			d.URL = fmt.Sprintf("/en/faq/page-%03d/#q-%d", i/8, i)
		}
		docs[i] = d
	}
	return docs
}

func writeIndex(t testing.TB, root, lang string, docs []Doc) map[string][]byte {
	t.Helper()
	return writeIndexWith(t, root, lang, docs, testAnalyzer)
}

func writeIndexWith(t testing.TB, root, lang string, docs []Doc, an Analyzer) map[string][]byte {
	t.Helper()
	files, err := Build(lang, docs, an)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// searchNode runs n queries, query(i) giving the language and text of the
// i-th, each on a fresh copy of its language's static index under root,
// for 10 results, under node.
func searchNode(t *testing.T, root string, n int, query func(i int) (lang, text string)) nodeOut {
	t.Helper()
	var req []map[string]any
	for i := range n {
		lang, text := query(i)
		req = append(req, map[string]any{"base": "/_kb/search/" + lang + "/", "q": text, "limit": 10})
	}
	return runNode(t, root, map[string]any{"queries": req})
}

func runNode(t *testing.T, root string, req any) nodeOut {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("KB_NODE") == "required" {
			t.Fatal("node not on PATH (KB_NODE=required)")
		}
		t.Skip("node not on PATH (KB_NODE=required makes this a failure)")
	}
	js, err := filepath.Abs(searchJS)
	if err != nil {
		t.Fatal(err)
	}
	reqFile := filepath.Join(t.TempDir(), "req.json")
	data, _ := json.Marshal(req)
	if err := os.WriteFile(reqFile, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "testdata/run.js", js, root, reqFile)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	var out nodeOut
	if err := json.Unmarshal(stdout, &out); err != nil {
		t.Fatalf("node output: %v\n%s", err, stdout)
	}
	return out
}

func gunzip(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// minify approximates a minifier for reporting: no comments, no indentation.
func minify(js []byte) []byte {
	js = regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAll(js, nil)
	js = regexp.MustCompile(`(?m)^\s*//.*$|^\s+`).ReplaceAll(js, nil)
	return regexp.MustCompile(`\n+`).ReplaceAll(js, []byte("\n"))
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestSynonymsJS checks the thesaurus table and its use in search.js: a synonym the corpus lacks is left out, a
// thesaurus word the corpus lacks still triggers its synonyms, a phrase finds its one-word synonym, and optional
// words need not match.
func TestSynonymsJS(t *testing.T) {
	an := testAnalyzer
	an.Rules = thesaurus.Compile(thesaurus.Thesaurus{
		Optional: []string{"how", "where"},
		Groups:   [][]string{{"refund", "money back", "reimbursement"}, {"parcel", "package", "shipment"}},
		Expand:   map[string][]string{"lost": {"tracking", "teleportation"}},
	}, thesaurus.Analysis{Terms: func(s string) []string { return testTerms("en", s) }, Normalize: search.Normalize})
	root := t.TempDir()
	files := writeIndexWith(t, root, "en", smallDocs["en"], an)
	var table synonyms
	if err := json.Unmarshal(gunzip(t, files["_kb/search/en/s.json.gz"]), &table); err != nil {
		t.Fatal(err)
	}
	// The keys of the thesaurus's words that no page has, from the
	// vocabulary shards.
	keys := map[string]string{}
	for name, data := range files {
		if strings.Contains(name, "/v/") {
			var shard map[string]json.RawMessage
			if err := json.Unmarshal(gunzip(t, data), &shard); err != nil {
				t.Fatal(err)
			}
			var syn struct{ W map[string]string }
			if says, ok := shard[""]; ok {
				if err := json.Unmarshal(says, &syn); err != nil {
					t.Fatal(err)
				}
			}
			maps.Copy(keys, syn.W)
		}
	}
	// "lost" keeps "tracking" (in the corpus) and loses "teleportation" (not); "money back" and "reimbursement"
	// are not in the corpus but map to keys, so they still find "refund".
	for _, w := range []string{"lost", "reimbursement", "package"} {
		if keys[w] == "" {
			t.Errorf("no key for %q: %+v", w, keys)
		}
	}
	if k := keys["lost"]; len(table.R[k]) != 1 {
		t.Errorf("lost → %v, want tracking alone", table.R[k])
	}

	checks := []struct {
		q    string
		want string
	}{
		{"reimbursement ", "/en/policies/returns/"},
		{"money back ", "/en/policies/returns/"},
		{"where is my package ", "/en/shipping/delivery/"},
		{"how lost ", "/en/faq/#how-do-i-track-my-order"},
	}
	var queries []map[string]any
	for _, c := range checks {
		queries = append(queries, map[string]any{"base": "/_kb/search/en/", "q": c.q, "limit": 10})
	}
	out := runNode(t, root, map[string]any{"queries": queries})
	for i, c := range checks {
		var urls []string
		for _, h := range out.Queries[i].Hits {
			urls = append(urls, h.URL)
		}
		if !slices.Contains(urls, c.want) {
			t.Errorf("%q: %v, want %s among them", c.q, urls, c.want)
		}
	}
}

// TestThesaurusFetchedWhenUsed: a search downloads the thesaurus only when
// one of its words is in it: a word of a synonym that the pages have, an
// optional word, or a word no page has that the thesaurus has; a search for
// other words (being typed, with a typo) saves its bytes and finds what it
// found with it.
func TestThesaurusFetchedWhenUsed(t *testing.T) {
	an := testAnalyzer
	an.Rules = thesaurus.Compile(thesaurus.Thesaurus{
		Optional: []string{"how", "where"},
		Groups:   [][]string{{"refund", "money back", "reimbursement"}, {"parcel", "package", "shipment"}, {"delivery", "arrive"}},
	}, thesaurus.Analysis{Terms: func(s string) []string { return testTerms("en", s) }, Normalize: search.Normalize})
	with, without := t.TempDir(), t.TempDir()
	writeIndexWith(t, with, "en", smallDocs["en"], an)
	writeIndex(t, without, "en", smallDocs["en"])
	checks := []struct {
		q     string
		fetch bool
	}{
		{"tracking email ", false},
		{"passw", false},
		{"delivrey ", false},
		{"parcel ", false}, // no page has its synonyms
		{"delivery ", true},
		{"arrive", true},
		{"reimbursement ", true},
		{"where tracking ", true},
	}
	var queries []map[string]any
	for _, c := range checks {
		queries = append(queries, map[string]any{"base": "/_kb/search/en/", "q": c.q, "limit": 10})
	}
	got, plain := runNode(t, with, map[string]any{"queries": queries}), runNode(t, without, map[string]any{"queries": queries})
	for i, c := range checks {
		fetched := slices.ContainsFunc(got.Queries[i].Files, func(f [2]any) bool { return f[0] == "/_kb/search/en/s.json.gz" })
		if fetched != c.fetch {
			t.Errorf("%q: thesaurus fetched %v, want %v", c.q, fetched, c.fetch)
		}
		if !c.fetch && !reflect.DeepEqual(got.Queries[i].Hits, plain.Queries[i].Hits) {
			t.Errorf("%q: %+v, without a thesaurus %+v", c.q, got.Queries[i].Hits, plain.Queries[i].Hits)
		}
	}
}
