package search

import (
	"context"
	"errors"
	"fmt"
	"html"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	index "github.com/blevesearch/bleve_index_api"
	"kb/search/thesaurus"
)

// testDocs is a small help center in four languages.
func testDocs() []Document {
	return []Document{
		{ID: "/en/policies/returns/", Lang: "en", URL: "/en/policies/returns/", Title: "Returns and refunds",
			Kind: "policy", Headings: []string{"Return window", "Refund timing"},
			Body: "You can send back most items within 30 days of delivery. Refunds go to the original payment method " +
				"within 5 business days once we receive the parcel."},
		{ID: "/en/shipping/", Lang: "en", URL: "/en/shipping/", Title: "Shipping options", Section: "shipping",
			SectionTitle: "Shipping", Kind: "article",
			Body: "We ship to over 40 countries. Standard delivery takes 3 to 5 days; express takes one day."},
		{ID: "/en/faq/general/#how-do-i-pay", Lang: "en", URL: "/en/faq/general/#how-do-i-pay", Title: "How do I pay?",
			Page: "General questions", Section: "faq", SectionTitle: "FAQ", Kind: "question",
			Body: "We accept credit cards, PayPal and bank transfers. Payment is taken when your order leaves the warehouse."},
		{ID: "/en/account/", Lang: "en", URL: "/en/account/", Title: "Managing your account", Section: "account",
			Kind: "article", Tags: []string{"profile"},
			Body: "Change your password and address here. To return an item, open the order and follow the steps."},
		{ID: "/en/security/", Lang: "en", URL: "/en/security/", Title: "Security notice", Kind: "article",
			Body: "Never paste <script>alert('x')</script> into the password field & never share it."},

		{ID: "/ar/policies/returns/", Lang: "ar", URL: "/ar/policies/returns/", Title: "سياسة الإرجاع", Kind: "policy",
			Body: "يمكنك إرجاع المنتجات خلال ٣٠ يوماً من الاستلام. يتم ردّ المبلغ إلى وسيلة الدفع الأصلية مع الفاتورة. " +
				"للمساعدة تواصل معنا عبر WhatsApp على الرقم 800123."},
		{ID: "/ar/shipping/", Lang: "ar", URL: "/ar/shipping/", Title: "الشَّحْن والتوصيل", Section: "shipping", Kind: "article",
			Body: "نشحن إلى جميع المدن. مدة التوصيل من يومين إلى خمسة أيام حسب المحتوى والوزن."},

		{ID: "/el/policies/returns/", Lang: "el", URL: "/el/policies/returns/", Title: "Επιστροφές προϊόντων", Kind: "policy",
			Body: "Μπορείτε να επιστρέψετε τα προϊόντα εντός 30 ημερών. Η επιστροφή χρημάτων γίνεται στην αρχική μέθοδο πληρωμής."},
		{ID: "/el/shipping/", Lang: "el", URL: "/el/shipping/", Title: "Αποστολή παραγγελιών", Section: "shipping", Kind: "article",
			Body: "Αποστέλλουμε σε όλη την Ελλάδα μέσα σε δύο εργάσιμες ημέρες."},

		{ID: "/fr/policies/returns/", Lang: "fr", URL: "/fr/policies/returns/", Title: "Retours et remboursements", Kind: "policy",
			Body: "Vous pouvez renvoyer un article sous 30 jours. Un article remboursé l'est sur votre moyen de paiement d'origine."},
		{ID: "/fr/shipping/", Lang: "fr", URL: "/fr/shipping/", Title: "Livraison", Section: "shipping", Kind: "article",
			Body: "Nous livrons en France et à l'étranger. L'expédition express coûte 9,90 €.", Fallback: true},
	}
}

// englishReader returns ix's English index and a reader on it, closed when the test ends.
func englishReader(t testing.TB, ix *Index) (*langIndex, index.IndexReader) {
	t.Helper()
	_, l, _ := ix.lookup("en")
	r, err := l.reader()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return l, r
}

func buildTest(t testing.TB, docs []Document) (string, *Index) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	if err := Build(context.Background(), dir, docs); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return dir, ix
}

func search(t testing.TB, ix *Index, q Query) Result {
	t.Helper()
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

func urls(res Result) []string {
	var u []string
	for _, h := range res.Hits {
		u = append(u, h.URL)
	}
	return u
}

func TestSearchFinds(t *testing.T) {
	_, ix := buildTest(t, testDocs())
	for _, c := range []struct {
		name, lang, text, first string
	}{
		{"exact", "en", "shipping", "/en/shipping/"},
		{"plural to singular", "en", "refunds", "/en/policies/returns/"},
		{"singular to plural", "en", "refund", "/en/policies/returns/"},
		{"case", "en", "REFUND", "/en/policies/returns/"},
		{"typo", "en", "shiping", "/en/shipping/"},
		{"transposition", "en", "paymnet", "/en/faq/general/#how-do-i-pay"},
		{"two typos in a long word", "en", "warehuose", "/en/faq/general/#how-do-i-pay"},
		{"last-word prefix", "en", "retu", "/en/policies/returns/"},
		{"prefix after full words", "en", "credit car", "/en/faq/general/#how-do-i-pay"},
		{"all words", "en", "refund payment", "/en/policies/returns/"},
		{"any word when not all match", "en", "how can I get a refund for my broken blender", "/en/policies/returns/"},
		{"page title", "en", "general questions", "/en/faq/general/#how-do-i-pay"},
		{"tags", "en", "profile", "/en/account/"},

		{"ar exact", "ar", "الإرجاع", "/ar/policies/returns/"},
		{"ar no article", "ar", "إرجاع", "/ar/policies/returns/"},
		{"ar no hamza", "ar", "ارجاع", "/ar/policies/returns/"},
		{"ar no hamza with article", "ar", "الارجاع", "/ar/policies/returns/"},
		{"ar tashkeel in query", "ar", "الإِرْجَاع", "/ar/policies/returns/"},
		{"ar tashkeel in text", "ar", "الشحن", "/ar/shipping/"},
		{"ar heh for teh marbuta", "ar", "سياسه", "/ar/policies/returns/"},
		{"ar teh marbuta", "ar", "الفاتورة", "/ar/policies/returns/"},
		{"ar yeh for alef maksura", "ar", "المحتوي", "/ar/shipping/"},
		{"ar latin word", "ar", "whatsapp", "/ar/policies/returns/"},
		{"ar digits", "ar", "800123", "/ar/policies/returns/"},
		{"ar western digits for arabic-indic", "ar", "30", "/ar/policies/returns/"},
		{"ar prefix", "ar", "التوص", "/ar/shipping/"},

		{"el exact", "el", "επιστροφές", "/el/policies/returns/"},
		{"el other form", "el", "επιστροφή", "/el/policies/returns/"},
		{"el no accent", "el", "επιστροφη", "/el/policies/returns/"},
		{"el capitals", "el", "ΕΠΙΣΤΡΟΦΕΣ", "/el/policies/returns/"},
		{"el no dialytika", "el", "προιοντα", "/el/policies/returns/"},
		{"el prefix", "el", "αποστ", "/el/shipping/"},

		{"fr exact", "fr", "remboursement", "/fr/policies/returns/"},
		{"fr participle", "fr", "remboursé", "/fr/policies/returns/"},
		{"fr no accent", "fr", "rembourse", "/fr/policies/returns/"},
		{"fr plural", "fr", "retours", "/fr/policies/returns/"},
		{"fr singular", "fr", "retour", "/fr/policies/returns/"},
		{"fr elision, no accent", "fr", "etranger", "/fr/shipping/"},
		{"fr accent missing in text query", "fr", "expedition", "/fr/shipping/"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := search(t, ix, Query{Text: c.text, Lang: c.lang})
			if len(res.Hits) == 0 || res.Hits[0].URL != c.first {
				t.Errorf("%s %q: got %q, want %s first", c.lang, c.text, urls(res), c.first)
			}
		})
	}
}

func TestSearchMisses(t *testing.T) {
	_, ix := buildTest(t, testDocs())
	for _, c := range []struct{ lang, text string }{
		{"en", "xylophone"},
		{"en", "the"},   // only a stop word
		{"en", "ship "}, // a finished short word is not a prefix: "shipping" stems to "ship", so use a miss
		{"en", ""},
		{"fr", "   "},
	} {
		res := search(t, ix, Query{Text: c.text, Lang: c.lang})
		if c.text == "ship " {
			continue // covered by TestPrefixOnlyWhileTyping
		}
		if len(res.Hits) != 0 || res.Total != 0 {
			t.Errorf("%s %q: got %q, want nothing", c.lang, c.text, urls(res))
		}
		if res.Hits == nil {
			t.Errorf("%s %q: Hits is nil, want empty (JSON [])", c.lang, c.text)
		}
	}
}

func TestPrefixOnlyWhileTyping(t *testing.T) {
	_, ix := buildTest(t, testDocs())
	if res := search(t, ix, Query{Text: "pass", Lang: "en"}); len(res.Hits) == 0 {
		t.Errorf(`"pass" found nothing, want the pages with "password"`)
	}
	if res := search(t, ix, Query{Text: "pass ", Lang: "en"}); len(res.Hits) != 0 {
		t.Errorf(`"pass " (a finished word) found %q, want nothing`, urls(res))
	}
}

func TestTitleAboveBody(t *testing.T) {
	_, ix := buildTest(t, testDocs())
	res := search(t, ix, Query{Text: "return", Lang: "en"})
	got := urls(res)
	if len(got) < 2 || got[0] != "/en/policies/returns/" || got[1] != "/en/account/" {
		t.Errorf(`"return": got %q, want the returns policy (title) above the account page (body)`, got)
	}
	if res.Hits[0].Score <= res.Hits[1].Score {
		t.Errorf("scores %v, %v: want the title match strictly higher", res.Hits[0].Score, res.Hits[1].Score)
	}
}

func TestSectionFilter(t *testing.T) {
	_, ix := buildTest(t, testDocs())
	all := search(t, ix, Query{Text: "payment", Lang: "en"})
	if len(all.Hits) < 2 {
		t.Fatalf(`"payment": got %q, want at least two pages`, urls(all))
	}
	res := search(t, ix, Query{Text: "payment", Lang: "en", Section: "faq"})
	if len(res.Hits) != 1 || res.Hits[0].URL != "/en/faq/general/#how-do-i-pay" || res.Total != 1 {
		t.Errorf(`"payment" in faq: got %q (total %d), want the question only`, urls(res), res.Total)
	}
	h := res.Hits[0]
	if h.Section != "faq" || h.SectionTitle != "FAQ" || h.Page != "General questions" || h.Title != "How do I pay?" {
		t.Errorf("hit = %+v", h)
	}
}

func TestHitFields(t *testing.T) {
	_, ix := buildTest(t, testDocs())
	res := search(t, ix, Query{Text: "livraison", Lang: "fr"})
	if len(res.Hits) == 0 {
		t.Fatal("no hits")
	}
	h := res.Hits[0]
	if !h.Fallback || h.Section != "shipping" || h.Title != "Livraison" || h.Score <= 0 || h.Page != "" {
		t.Errorf("hit = %+v", h)
	}
	if res.TookMS <= 0 {
		t.Errorf("TookMS = %v", res.TookMS)
	}
}

func TestSnippet(t *testing.T) {
	_, ix := buildTest(t, testDocs())
	res := search(t, ix, Query{Text: "password", Lang: "en"})
	var sec *Hit
	for i := range res.Hits {
		if res.Hits[i].URL == "/en/security/" {
			sec = &res.Hits[i]
		}
	}
	if sec == nil {
		t.Fatalf("got %q, want /en/security/", urls(res))
	}
	want := "Never paste &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; into the <mark>password</mark> field &amp; never share it."
	if sec.Snippet != want {
		t.Errorf("snippet\n got %s\nwant %s", sec.Snippet, want)
	}

	for _, c := range []struct{ lang, text, want string }{
		{"en", "refunds", "<mark>Refunds</mark>"},
		{"en", "refund", "<mark>Refunds</mark>"},
		{"en", "paymnet", "<mark>Payment</mark>"},
		{"en", "wareh", "<mark>warehouse</mark>"},
		{"ar", "ارجاع", "<mark>إرجاع</mark>"},
		{"el", "επιστροφη", "<mark>επιστροφή</mark>"},
		{"fr", "rembourse", "<mark>remboursé</mark>"},
		{"fr", "etranger", "<mark>l&#39;étranger</mark>"},
	} {
		res := search(t, ix, Query{Text: c.text, Lang: c.lang})
		if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Snippet, c.want) {
			t.Errorf("%s %q: snippet %q, want it to contain %q", c.lang, c.text, first(res).Snippet, c.want)
		}
	}

	// A title-only match shows the start of the body.
	res = search(t, ix, Query{Text: "options", Lang: "en"})
	if s := first(res).Snippet; !strings.HasPrefix(s, "We ship to over 40 countries.") || strings.Contains(s, "<mark>") {
		t.Errorf("title-only match: snippet %q, want the start of the body", s)
	}
}

func first(res Result) Hit {
	if len(res.Hits) == 0 {
		return Hit{}
	}
	return res.Hits[0]
}

func TestSnippetWindow(t *testing.T) {
	a, _ := analyzerNamed("kb_en")
	body := strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", 10) +
		"Refunds are sent to your card & arrive in five days. " + strings.Repeat("Sed do eiusmod tempor incididunt. ", 10)
	sn := newSnippeter(a, false, parseQuery(a, false, "refund card", nil))
	got := sn.snippet(body)
	if !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") {
		t.Errorf("snippet %q: want ellipses at both ends", got)
	}
	if !strings.Contains(got, "<mark>Refunds</mark> are sent to your <mark>card</mark> &amp; arrive") {
		t.Errorf("snippet %q: want both words marked", got)
	}
	plain := strings.NewReplacer("<mark>", "", "</mark>", "", "&amp;", "&").Replace(got)
	if n := len([]rune(plain)); n > snippetRunes+2 || n < snippetRunes-40 {
		t.Errorf("snippet %q: %d characters, want about %d", got, n, snippetRunes)
	}
}

// TestSnippetMarksNoInvisibleWord: a mark that stands alone between two words (a right-to-left mark after a comma,
// as text copied from a right-to-left editor has them) is no match of a query word's other spellings, whose terms
// snippets look for without a typed form: it was marked, an empty mark in place of the word, and drew the snippet
// to it.
func TestSnippetMarksNoInvisibleWord(t *testing.T) {
	a, _ := analyzerNamed(AnalyzerFor("he"))
	body := "זמין דרך PyPI,\u200f Debian,\u200e Ubuntu ומגוון הפצות נוספות. " + strings.Repeat("מילים אחרות בטקסט ארוך. ", 12) +
		"הלקוחות שלהלן מוצעים על ידי גורמי צד שלישי."
	// מוצעים starts with מ, which Hebrew joins to a word: its rest is another spelling of the query word.
	sn := newSnippeter(a, false, flatten(parseQuery(a, false, "מוצעים", nil), maxSnippetWords))
	got := sn.snippet(body)
	if strings.Contains(got, "<mark>\u200f") || strings.Contains(got, "<mark>\u200e") {
		t.Errorf("snippet %q marks an invisible mark", got)
	}
	if !strings.Contains(got, "<mark>מוצעים</mark>") {
		t.Errorf("snippet %q: want the word marked", got)
	}
}

// TestSnippetPairsRuleOutNoMatch checks the letter-pair test that spares most body words the memo and the analyzer:
// every word that matches a query word passes it, in generated bodies and the sample site's, in each language.
func TestSnippetPairsRuleOutNoMatch(t *testing.T) {
	bodies := map[string][]string{}
	for _, d := range append(genDocs(30), testDocs()...) {
		bodies[d.Lang] = append(bodies[d.Lang], d.Body)
	}
	for lang, texts := range bodies {
		a, err := analyzerNamed(AnalyzerFor(lang))
		if err != nil {
			t.Fatal(err)
		}
		words := benchWords[lang]
		if words == nil {
			words = strings.Fields(strings.Join(texts, " "))
		}
		matched := 0
		for i := range 60 {
			text := words[(i*7)%len(words)] + " " + words[(i*13+5)%len(words)]
			if i%3 == 0 {
				_, n := utf8.DecodeLastRuneInString(text)
				text = text[:len(text)-n] // a typo, or a word still being typed
			}
			sn := newSnippeter(a, false, parseQuery(a, false, text, nil))
			for _, body := range texts {
				for i := 0; i < len(body); {
					end, pairs := sn.wordEndAt(body, i)
					if end == i {
						_, n := nextRune(body, i)
						i += n
						continue
					}
					if w := sn.match(body[i:end]); w >= 0 {
						matched++
						if !sn.mayMatch(pairs) {
							t.Errorf("%s %q: %q matches query word %q but is ruled out", lang, text, body[i:end], sn.words[w].surface)
						}
					}
					i = end
				}
			}
		}
		if matched == 0 {
			t.Errorf("%s: no body word matched", lang)
		}
	}
}

// TestSnippetWordsAsDefined checks the snippet's word splitter, which takes shortcuts for ASCII and two-byte runes,
// against its definition (letters, digits and marks, with an apostrophe between a word rune and a letter): the
// words find looks at and the words' ends, in random text of ASCII, punctuation, apostrophes, Greek, Arabic, CJK
// and broken UTF-8.
func TestSnippetWordsAsDefined(t *testing.T) {
	a, err := analyzerNamed(AnalyzerFor("en"))
	if err != nil {
		t.Fatal(err)
	}
	// wordEnd is the definition: where the word that starts at s[i] ends (i if none does).
	wordEnd := func(s string, i int) int {
		start := i
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			word := isWordRuneSlow(r) && !(r == utf8.RuneError && n == 1)
			if !word && (r == '\'' || r == '’') && i > start && i+n < len(s) {
				next, _ := utf8.DecodeRuneInString(s[i+n:])
				word = unicode.IsLetter(next)
			}
			if !word {
				break
			}
			i += n
		}
		return i
	}
	pieces := []string{"a", "Z", "q", "7", " ", "  ", ".", ",", "'", "’", "-", "\n", "<", "&", "é", "ß", "λ", "Ω", "ά",
		"ك", "ة", "ً", "中", "\xff", "\xce", "́", "🙂", "returns", "how"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		var b strings.Builder
		for range 1 + rng.IntN(40) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		body := b.String()
		for i := 0; i < len(body); i++ {
			if got, _ := (&snippeter{folds: runeTable(), small: smallFolds()}).wordEndAt(body, i); got != wordEnd(body, i) {
				t.Fatalf("%q at %d: word ends at %d, want %d", body, i, got, wordEnd(body, i))
			}
		}
		sn := newSnippeter(a, false, parseQuery(a, false, "returns how a", nil))
		var want []span
		for i := 0; i < len(body) && len(want) < maxSnippetMatches; {
			end := wordEnd(body, i)
			if end == i {
				_, n := utf8.DecodeRuneInString(body[i:])
				i += n
				continue
			}
			if w := sn.match(body[i:end]); w >= 0 {
				want = append(want, span{i, end, w})
			}
			i = end
		}
		if got := sn.find(body); !slices.Equal(got, want[:min(len(want), len(got))]) || len(got) == 0 && len(want) > 0 {
			t.Fatalf("%q: matches %v, want %v", body, got, want)
		}
	}
}

func TestWithinTypos(t *testing.T) {
	for _, c := range []struct {
		a, b string
		k    int
		want bool
	}{
		{"payment", "paymnet", 1, true},
		{"shipping", "shiping", 1, true},
		{"shipping", "shpiing", 1, false},
		{"warehouse", "warehuose", 2, true},
		{"abc", "abc", 0, true},
		{"επιστροφη", "επιστροφι", 1, true},
		{"refund", "xefunx", 1, false},
	} {
		if got := withinTypos(c.a, c.b, c.k); got != c.want {
			t.Errorf("withinTypos(%q, %q, %d) = %v", c.a, c.b, c.k, got)
		}
	}
}

func TestQueryBounds(t *testing.T) {
	a, _ := analyzerNamed("kb_en")
	var words []string
	for i := range 40 {
		words = append(words, fmt.Sprintf("word%c%c", 'a'+i%26, 'a'+i/26))
	}
	if got := parseQuery(a, false, strings.Join(words, " "), nil); len(got) != maxQueryWords {
		t.Errorf("%d words used, want %d", len(got), maxQueryWords)
	}
	long := strings.Repeat("é", maxQueryBytes/2+50) // two bytes each: truncation must not split one
	if got := truncate(long, maxQueryBytes); len(got) != maxQueryBytes || !strings.HasSuffix(got, "é") {
		t.Errorf("truncate: %d bytes", len(got))
	}
	if got := truncate("aé", 2); got != "a" {
		t.Errorf("truncate(aé, 2) = %q", got)
	}

	if got := wholeWords("refund refund", 9); got != "refund" {
		t.Errorf("wholeWords cuts to %q, want the whole words only", got)
	}

	// However the cut falls, no word is cut in two: "refund" cut to "re" would also find "reset".
	_, ix := buildTest(t, testDocs())
	for n := range 7 {
		res := search(t, ix, Query{Text: strings.Repeat("refund ", maxQueryBytes/7+1)[n:], Lang: "en", Limit: 1000})
		if len(res.Hits) != 1 {
			t.Errorf("cut at %d: got %q", n, urls(res))
		}
	}
}

// A long question in Arabic is read to its end: its words past the 256th
// byte count (the server takes 256 characters, not bytes).
func TestLongArabicQuestionIsReadToItsEnd(t *testing.T) {
	_, ix := buildTest(t, []Document{
		{ID: "a", Lang: "ar", URL: "/ar/a/", Title: "الدفع", Body: "ادفع بالبطاقة"},
		{ID: "b", Lang: "ar", URL: "/ar/b/", Title: "الاسترداد", Body: "نعيد المبلغ خلال خمسة أيام"},
	})
	q := strings.Repeat("من فضلك ", 30) + "الاسترداد" // 249 characters, 459 bytes
	res := search(t, ix, Query{Text: q, Lang: "ar"})
	if len(res.Hits) == 0 || res.Hits[0].URL != "/ar/b/" {
		t.Errorf("%d characters: %+v, want /ar/b/ first", utf8.RuneCountInString(q), res.Hits)
	}
}

func TestLimit(t *testing.T) {
	var docs []Document
	for i := range 60 {
		docs = append(docs, Document{ID: fmt.Sprint(i), Lang: "en", URL: fmt.Sprint("/en/", i, "/"),
			Title: fmt.Sprint("Article ", i), Body: "Delivery times and costs."})
	}
	_, ix := buildTest(t, docs)
	for limit, want := range map[int]int{0: defaultLimit, 5: 5, 1000: maxLimit} {
		res := search(t, ix, Query{Text: "delivery", Lang: "en", Limit: limit})
		if len(res.Hits) != want || res.Total != 60 {
			t.Errorf("limit %d: %d hits, total %d; want %d, 60", limit, len(res.Hits), res.Total, want)
		}
	}
}

func TestUnknownLanguage(t *testing.T) {
	_, ix := buildTest(t, testDocs())
	_, err := ix.Search(context.Background(), Query{Text: "x", Lang: "de"})
	if !errors.Is(err, ErrUnknownLanguage) {
		t.Errorf("err = %v, want ErrUnknownLanguage", err)
	}
	if _, err := ix.Search(context.Background(), Query{Text: "refund", Lang: "EN"}); err != nil {
		t.Errorf("EN: %v", err)
	}
	if got := ix.Languages(); strings.Join(got, ",") != "ar,el,en,fr" {
		t.Errorf("Languages() = %q", got)
	}
}

// A search widget sends the browser's language: the index's language that a
// reader of it reads answers, and says which it is; another language does not.
func TestBrowserLanguagesFindTheirIndex(t *testing.T) {
	var docs []Document
	for _, lang := range []string{"en", "fa-IR", "zh-Hans", "pt", "pt-BR", "sr"} {
		docs = append(docs, Document{ID: "a", Lang: lang, URL: "/" + lang + "/a/", Title: "Kb " + lang, Body: "kb"})
	}
	_, ix := buildTest(t, docs)
	for lang, want := range map[string]string{
		"en": "en", "EN": "en", "en-US": "en", "en-GB": "en",
		"fa": "fa-IR", "zh-CN": "zh-Hans", "zh": "zh-Hans", "pt-br": "pt-BR", "pt-PT": "pt",
		"de": "", "sr-Latn": "", "zh-Hant": "", "x": "", "": "",
	} {
		res, err := ix.Search(context.Background(), Query{Text: "kb", Lang: lang})
		switch {
		case want == "" && !errors.Is(err, ErrUnknownLanguage):
			t.Errorf("%q: %+v, %v; want ErrUnknownLanguage", lang, res, err)
		case want == "":
		case err != nil:
			t.Errorf("%q: %v; want the %s index", lang, err, want)
		case res.Lang != want || len(res.Hits) != 1 || res.Hits[0].URL != "/"+want+"/a/":
			t.Errorf("%q: answered by %q with %+v; want %s", lang, res.Lang, res.Hits, want)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	dir := t.TempDir()
	if err := Build(context.Background(), filepath.Join(dir, "x"), []Document{
		{ID: "a", Lang: "en"}, {ID: "a", Lang: "en"},
	}); err == nil || !strings.Contains(err.Error(), "duplicate") {
		t.Errorf("duplicate IDs: err = %v", err)
	}
	if err := Build(context.Background(), filepath.Join(dir, "x"), []Document{{ID: "a"}}); err == nil {
		t.Error("no language: no error")
	}
	os.WriteFile(filepath.Join(dir, "precious.txt"), []byte("keep me"), 0o644)
	if err := Build(context.Background(), dir, testDocs()); err == nil {
		t.Error("Build replaced a directory that is not an index")
	}
	if _, err := os.Stat(filepath.Join(dir, "precious.txt")); err != nil {
		t.Error(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Build(ctx, filepath.Join(dir, "y"), testDocs()); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "y")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("canceled build left %s: %v", filepath.Join(dir, "y"), err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".kb-stage-") {
			t.Errorf("left a temporary directory: %s", e.Name())
		}
	}
}

func TestBuildDeterministicID(t *testing.T) {
	d1, ix1 := buildTest(t, testDocs())
	_, ix2 := buildTest(t, testDocs())
	if ix1.BuildID() != ix2.BuildID() || ix1.BuildID() == "" {
		t.Errorf("build ids %q, %q: want equal for equal documents", ix1.BuildID(), ix2.BuildID())
	}
	// Digests the caller has already (kb's build cache) give the id that
	// working them out gives.
	docs := testDocs()
	for i := range docs {
		docs[i].Digest = DocDigest(&docs[i])
	}
	if _, ix := buildTest(t, docs); ix.BuildID() != ix1.BuildID() {
		t.Errorf("build id %q with the digests given, %q without", ix.BuildID(), ix1.BuildID())
	}
	docs = testDocs()
	docs[0].Body += " More."
	_, ix3 := buildTest(t, docs)
	if ix3.BuildID() == ix1.BuildID() {
		t.Error("changed document, same build id")
	}
	// Every field is in a document's digest, and Digest itself is not.
	base := testDocs()[0]
	stale := base
	stale.Digest[0] = 1
	if DocDigest(&stale) != DocDigest(&base) {
		t.Error("DocDigest gives a document's Digest field rather than its digest")
	}
	for name, change := range map[string]func(d *Document){
		"ID": func(d *Document) { d.ID += "x" }, "Lang": func(d *Document) { d.Lang += "x" },
		"URL": func(d *Document) { d.URL += "x" }, "Title": func(d *Document) { d.Title += "x" },
		"Page": func(d *Document) { d.Page += "x" }, "Section": func(d *Document) { d.Section += "x" },
		"SectionTitle": func(d *Document) { d.SectionTitle += "x" }, "Body": func(d *Document) { d.Body += "x" },
		"Kind": func(d *Document) { d.Kind += "x" }, "Fallback": func(d *Document) { d.Fallback = !d.Fallback },
		"Headings": func(d *Document) { d.Headings = append(slices.Clone(d.Headings), "x") },
		"Tags":     func(d *Document) { d.Tags = append(slices.Clone(d.Tags), "x") },
	} {
		d := base
		change(&d)
		if DocDigest(&d) == DocDigest(&base) {
			t.Errorf("a change of %s leaves the digest as it was", name)
		}
	}
	m, err := readManifest(d1)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Languages) != 4 || m.Languages[2].Lang != "en" || m.Languages[2].Docs != 5 || m.Languages[2].Analyzer != "kb_en" {
		t.Errorf("manifest = %+v", m)
	}
}

func TestUpdate(t *testing.T) {
	dir, before := buildTest(t, testDocs())
	upserts := []Document{
		{ID: "/en/gift-cards/", Lang: "en", URL: "/en/gift-cards/", Title: "Gift cards", Kind: "article",
			Body: "Gift cards never expire."},
		{ID: "/en/account/", Lang: "en", URL: "/en/account/", Title: "Your profile", Kind: "article",
			Body: "Change your nickname."},
		{ID: "/de/versand/", Lang: "de", URL: "/de/versand/", Title: "Versand", Kind: "article",
			Body: "Wir liefern in alle Länder."},
	}
	deletes := map[string][]string{"en": {"/en/shipping/"}, "ar": {"/ar/shipping/"}, "ko": {"/ko/x/"}}
	if err := Update(context.Background(), dir, upserts, deletes); err != nil {
		t.Fatal(err)
	}

	// The index opened before keeps answering from its build.
	if got := urls(search(t, before, Query{Text: "shipping", Lang: "en"})); len(got) == 0 || got[0] != "/en/shipping/" {
		t.Errorf("old index: shipping: %q", got)
	}

	after, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer after.Close()
	if after.BuildID() == before.BuildID() {
		t.Error("same build id after Update")
	}
	for _, c := range []struct {
		lang, text string
		want       []string
	}{
		{"en", "gift", []string{"/en/gift-cards/"}},
		{"en", "options", nil},                       // deleted
		{"en", "nickname", []string{"/en/account/"}}, // replaced
		{"en", "password", []string{"/en/security/"}},
		{"ar", "التوصيل", nil},
		{"ar", "ارجاع", []string{"/ar/policies/returns/"}},
		{"el", "επιστροφη", []string{"/el/policies/returns/"}}, // untouched language, cloned
		{"de", "lander", []string{"/de/versand/"}},             // new language
	} {
		got := urls(search(t, after, Query{Text: c.text, Lang: c.lang}))
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s %q: got %q, want %q", c.lang, c.text, got, c.want)
		}
	}
	m, err := readManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, l := range m.Languages {
		counts[l.Lang] = l.Docs
	}
	if fmt.Sprint(counts) != "map[ar:1 de:1 el:2 en:5 fr:2]" {
		t.Errorf("counts = %v", counts)
	}

	// Updating again works on the updated index.
	if err := Update(context.Background(), dir, nil, map[string][]string{"en": {"/en/gift-cards/"}}); err != nil {
		t.Fatal(err)
	}
	again, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if got := urls(search(t, again, Query{Text: "gift", Lang: "en"})); len(got) != 0 {
		t.Errorf("gift after delete: %q", got)
	}
}

// TestReopenSharesUnchangedLanguages: after an Update in one language,
// Reopen reads that language again and shares the others with the index it
// was called on; each index answers from its own build and closes on its
// own; after a Build of other documents nothing is shared.
func TestReopenSharesUnchangedLanguages(t *testing.T) {
	dir, before := buildTest(t, testDocs())
	upd := Document{ID: "/en/gift-cards/", Lang: "en", URL: "/en/gift-cards/", Title: "Gift cards", Kind: "article", Body: "Gift cards never expire."}
	if err := Update(context.Background(), dir, []Document{upd}, nil); err != nil {
		t.Fatal(err)
	}
	after, err := before.Reopen(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range before.Languages() {
		shared := before.langs[lang] == after.langs[lang]
		if shared != (lang != "en") {
			t.Errorf("%s: shared %v after an update in en", lang, shared)
		}
	}
	if got := urls(search(t, after, Query{Text: "gift", Lang: "en"})); len(got) != 1 {
		t.Errorf("reopened: gift: %q", got)
	}
	if got := urls(search(t, before, Query{Text: "gift", Lang: "en"})); len(got) != 0 {
		t.Errorf("the index before the update: gift: %q", got)
	}
	// Closing the first leaves the shared languages open for the second.
	if err := before.Close(); err != nil {
		t.Fatal(err)
	}
	if got := urls(search(t, after, Query{Text: "επιστροφη", Lang: "el"})); len(got) != 1 {
		t.Errorf("shared el after the first index closed: %q", got)
	}
	// A second update, in el: en is shared now, el is not.
	upd = Document{ID: "/el/gift-cards/", Lang: "el", URL: "/el/gift-cards/", Title: "Δωροκάρτες", Kind: "article", Body: "Οι δωροκάρτες δεν λήγουν."}
	if err := Update(context.Background(), dir, []Document{upd}, nil); err != nil {
		t.Fatal(err)
	}
	third, err := after.Reopen(dir)
	if err != nil {
		t.Fatal(err)
	}
	if after.langs["en"] != third.langs["en"] || after.langs["el"] == third.langs["el"] {
		t.Error("after an update in el: want en shared, el read again")
	}
	if err := after.Close(); err != nil {
		t.Fatal(err)
	}
	if got := urls(search(t, third, Query{Text: "gift", Lang: "en"})); len(got) != 1 {
		t.Errorf("shared en after its first two holders closed: %q", got)
	}
	// A Build of other documents (here, one fewer in en) names every
	// language anew.
	if err := Build(context.Background(), dir, testDocs()[1:]); err != nil {
		t.Fatal(err)
	}
	fourth, err := third.Reopen(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer fourth.Close()
	for lang, l := range third.langs {
		if fourth.langs[lang] == l {
			t.Errorf("%s shared across a Build", lang)
		}
	}
	if err := third.Close(); err != nil {
		t.Fatal(err)
	}
	if got := urls(search(t, fourth, Query{Text: "gift", Lang: "en"})); len(got) != 0 {
		t.Errorf("after a Build without it: gift: %q", got)
	}
}

func TestRebuildSwap(t *testing.T) {
	dir, old := buildTest(t, testDocs())
	docs := []Document{{ID: "/en/new/", Lang: "en", URL: "/en/new/", Title: "Brand new", Body: "Fresh content."}}
	if err := Build(context.Background(), dir, docs); err != nil {
		t.Fatal(err)
	}
	// The old Index still answers from the old files, which are gone from dir.
	if got := urls(search(t, old, Query{Text: "refund", Lang: "en"})); len(got) == 0 {
		t.Error("old index stopped answering after a rebuild")
	}
	if got := urls(search(t, old, Query{Text: "επιστροφη", Lang: "el"})); len(got) == 0 {
		t.Error("old index stopped answering after a rebuild (el)")
	}
	fresh, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if fresh.BuildID() == old.BuildID() {
		t.Error("same build id after a rebuild")
	}
	if got := fresh.Languages(); len(got) != 1 || got[0] != "en" {
		t.Errorf("languages %q", got)
	}
	if got := urls(search(t, fresh, Query{Text: "fresh", Lang: "en"})); len(got) != 1 {
		t.Errorf("fresh: %q", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

// TestConcurrentSearch runs queries from many goroutines while the index is rebuilt and reopened under them; run with
// -race.
func TestConcurrentSearch(t *testing.T) {
	dir, ix := buildTest(t, testDocs())
	queries := []Query{
		{Text: "refunds", Lang: "en"}, {Text: "shiping", Lang: "en"}, {Text: "retu", Lang: "en"},
		{Text: "ارجاع", Lang: "ar"}, {Text: "επιστροφη", Lang: "el"}, {Text: "rembourse", Lang: "fr"},
		{Text: "payment", Lang: "en", Section: "faq"},
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 30 {
				q := queries[(g+i)%len(queries)]
				res, err := ix.Search(context.Background(), q)
				if err != nil || len(res.Hits) == 0 {
					t.Errorf("%+v: %v, %d hits", q, err, len(res.Hits))
				}
			}
		})
	}
	wg.Go(func() {
		for range 3 {
			if err := Build(context.Background(), dir, testDocs()); err != nil {
				t.Error(err)
			}
			ix2, err := Open(dir)
			if err != nil {
				t.Error(err)
				continue
			}
			ix2.Close()
		}
	})
	wg.Wait()
}

func TestContextCanceled(t *testing.T) {
	_, ix := buildTest(t, testDocs())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, Query{Text: "refund", Lang: "en"}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// FuzzSearch checks that no query text makes Search fail or panic, and that snippets are always safe HTML: the only
// markup in them is <mark> and </mark>.
func FuzzSearch(f *testing.F) {
	docs := testDocs()
	docs = append(docs, Document{ID: "/en/x/", Lang: "en", URL: "/en/x/", Title: "Markup",
		Body: `<img src=x onerror="alert(1)"> & <mark>fake</mark> "quoted" refund`})
	_, ix := buildTest(f, docs)
	for _, s := range []string{"refund", "retu", "ارجاع", "επιστροφη", "rembourse", "<script>", "ref\x00und", "\xff\xfe",
		strings.Repeat("a", 300), "l'", "'", "é", "ـــ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, lang := range []string{"en", "ar", "el", "fr"} {
			res, err := ix.Search(context.Background(), Query{Text: text, Lang: lang})
			if err != nil {
				t.Fatalf("%s %q: %v", lang, text, err)
			}
			for _, h := range res.Hits {
				rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(h.Snippet)
				if strings.ContainsAny(rest, `<>"`) {
					t.Fatalf("%s %q: unsafe snippet %q", lang, text, h.Snippet)
				}
			}
		}
	})
}

// TestParseQueryThesaurus checks the step between analysis and the bleve query: which words a result must have,
// which are optional, and which synonyms each word or phrase brings, with kb's default thesauri.
func TestParseQueryThesaurus(t *testing.T) {
	describe := func(words []word) string {
		var parts []string
		for _, w := range words {
			s := w.stem
			if len(w.parts) > 0 {
				var ps []string
				for _, p := range w.parts {
					ps = append(ps, p.stem)
				}
				s = "(" + strings.Join(ps, " ") + ")"
			}
			if w.optional {
				s += "?"
			}
			if len(w.alts) > 0 {
				var as []string
				for _, a := range w.alts {
					as = append(as, strings.Join(a, " "))
				}
				s += "=" + strings.Join(as, "|")
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, " ")
	}
	for _, c := range []struct {
		lang, q string
		want    []string // substrings of the description, in order
	}{
		// Question words and the Greek clitic need not match; the phrase with a clitic inside is still the phrase.
		{"el", "θέλω τα λεφτά μου πίσω", []string{"θελ?", "(λεφτ π)=", "χρημ", "μ?"}},
		{"el", "πώς αλλάζω τον κωδικό μου", []string{"κωδ=", "μ?"}},
		{"ar", "كيف أغير الباسورد؟", []string{"كيف?", "اغير=تغيير", "باسورد=كلم مرور"}},
		// A broken plural finds its singular and the other way round.
		{"ar", "أسعار", []string{"اسعار=سعر"}},
		{"ar", "سعر", []string{"سعر=اسعار"}},
		{"en", "how can I get my money back", []string{"can?", "(money back)=refund"}},
		{"en", "card got rejected", []string{"card=", "got?", "reject=declin"}},
		// Nothing but question words: they are the query.
		{"en", "can I", []string{"can"}},
	} {
		l := ixLang(t, c.lang)
		got := describe(parseQuery(l.analyzer, false, c.q, l.rules))
		at := 0
		for _, w := range c.want {
			i := strings.Index(got[at:], w)
			if i < 0 {
				t.Errorf("%s %q: %s: want %q (in order)", c.lang, c.q, got, w)
				break
			}
			at += i + len(w)
		}
		if strings.HasSuffix(c.q, "can I") && strings.Contains(got, "?") {
			t.Errorf("%s %q: %s: want no optional word", c.lang, c.q, got)
		}
	}
}

// ixLang is a language's analyzer and default thesaurus, as an opened index has them.
func ixLang(t *testing.T, lang string) *langIndex {
	t.Helper()
	a, err := analyzerNamed(AnalyzerFor(lang))
	if err != nil {
		t.Fatal(err)
	}
	return &langIndex{analyzer: a, rules: ThesaurusRules(lang, thesaurus.Default(lang))}
}

// TestRunesAheadAsForwardRunes checks that runesAhead, which moves on from one offset to the next, finds what
// forwardRunes finds from each, in random text with multi-byte runes and broken UTF-8.
func TestRunesAheadAsForwardRunes(t *testing.T) {
	pieces := []string{"a", " ", "é", "λ", "ك", "中", "🙂", "\xff", "\xce", "word ", "́"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(80) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		n := rng.IntN(12)
		ahead := runesAhead{s: s, n: n}
		for i := 0; i <= len(s); {
			if got, want := ahead.after(i), forwardRunes(s, i, n); got != want {
				t.Fatalf("%q: %d runes after %d: at %d, want %d", s, n, i, got, want)
			}
			if i == len(s) {
				break
			}
			for range 1 + rng.IntN(6) {
				if i < len(s) {
					_, size := utf8.DecodeRuneInString(s[i:])
					i += size
				}
			}
		}
	}
}

// TestSnippetsWithKeptAnalyses checks that snippets cut with body words' analyses kept across searches (see
// wordAnalyses) are those cut analyzing each word again, in each language, for queries with known and unknown
// words, typos and unfinished words, searches after searches sharing one store.
func TestSnippetsWithKeptAnalyses(t *testing.T) {
	bodies := map[string][]string{}
	for _, d := range append(genDocs(60), testDocs()...) {
		bodies[d.Lang] = append(bodies[d.Lang], d.Body)
	}
	compared, stemmed := 0, 0
	for lang, texts := range bodies {
		a, err := analyzerNamed(AnalyzerFor(lang))
		if err != nil {
			t.Fatal(err)
		}
		words := benchWords[lang]
		if words == nil {
			words = strings.Fields(strings.Join(texts, " "))
		}
		kept := newWordAnalyses()
		for i := range 80 {
			text := words[(i*7)%len(words)] + " " + words[(i*13+5)%len(words)]
			if i%3 == 0 {
				_, n := utf8.DecodeLastRuneInString(text)
				text = text[:len(text)-n]
			}
			parsed := parseQuery(a, false, text, nil)
			for j := range parsed {
				// Words the index knows take no near spellings: their other forms are found by analysis.
				parsed[j].known = i%2 == 0
			}
			for _, body := range texts {
				want := newSnippeter(a, false, parsed)
				got := newSnippeter(a, false, parsed)
				got.analyses = kept
				if g, w := got.snippet(body), want.snippet(body); g != w {
					t.Fatalf("%s %q: snippet %q, want %q", lang, text, g, w)
				}
				compared++
				// Every body word, not only those a snippet looks at.
				for i := 0; i < len(body); {
					end, _ := want.wordEndAt(body, i)
					if end == i {
						_, n := nextRune(body, i)
						i += n
						continue
					}
					w := want.match(body[i:end])
					if g := got.match(body[i:end]); g != w {
						t.Fatalf("%s %q: %q matches query word %d, want %d", lang, text, body[i:end], g, w)
					}
					if w >= 0 && Normalize(body[i:end]) != parsed[w].surface {
						stemmed++
					}
					i = end
				}
				want.release()
				got.release()
			}
		}
		if len(kept.m) == 0 {
			t.Errorf("%s: no word analysis kept", lang)
		}
		for raw, w := range kept.m {
			if w.folded != Normalize(raw) {
				t.Errorf("%s %q: kept folded %q, want %q", lang, raw, w.folded, Normalize(raw))
			}
		}
	}
	if compared < 1000 || stemmed < 100 {
		t.Errorf("%d snippets compared, %d body words matched as another form of a query word; want more", compared, stemmed)
	}
}

// TestEscapeHTMLAsHTMLPackage checks snippets' HTML escaping against html.EscapeString, on random text of the
// characters it escapes, other ASCII, multi-byte runes and broken UTF-8.
func TestEscapeHTMLAsHTMLPackage(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	parts := []string{"<", ">", "&", "'", "\"", "a", " ", "é", "ω", "\xff", "&amp;", "中"}
	for range 2000 {
		var s strings.Builder
		for range rng.IntN(20) {
			s.WriteString(parts[rng.IntN(len(parts))])
		}
		var b strings.Builder
		escapeHTML(&b, s.String())
		if got, want := b.String(), html.EscapeString(s.String()); got != want {
			t.Fatalf("%q: %q, want %q", s.String(), got, want)
		}
	}
}
