package static

import (
	"strings"
	"testing"

	"kb/search"
)

// Chinese, Japanese and the languages written without spaces between words
// (Thai, Lao, Khmer, Burmese) have words inside longer runs of letters. The
// server indexes their pairs of characters; the browser's index does too, and
// finds a word in the middle of a sentence, as the server does.
func TestPairedScriptsFindWordsInsideRuns(t *testing.T) {
	an := Analyzer{Normalize: search.Normalize, Terms: search.Terms}
	docs := map[string][]Doc{
		"zh": {
			{URL: "/zh/returns/", Title: "退货和退款", Body: "我们的退货政策很简单：收到商品后三十天内可以申请退款。"},
			{URL: "/zh/shipping/", Title: "配送时间", Body: "订单通常在三到五个工作日内送达，运费满两百元免费。"},
		},
		"ja": {
			{URL: "/ja/returns/", Title: "返品について", Body: "商品到着後30日以内であれば返品できます。返金はカードに戻ります。"},
			{URL: "/ja/password/", Title: "パスワードの変更", Body: "ログイン画面でパスワードを忘れた場合はリンクを押してください。"},
		},
		"ko": {
			{URL: "/ko/renew/", Title: "자동 갱신", Body: "인증서를 갱신하려면 클라이언트를 다시 실행하세요."},
			{URL: "/ko/password/", Title: "비밀번호 변경", Body: "비밀번호를 잊으셨다면 로그인 화면의 링크를 누르세요."},
		},
		"th": {
			{URL: "/th/shipping/", Title: "การจัดส่งสินค้า", Body: "เราจัดส่งสินค้าทั่วประเทศภายในสามวันทำการ ค่าส่งฟรีเมื่อสั่งซื้อครบห้าร้อยบาท"},
			{URL: "/th/returns/", Title: "การคืนสินค้า", Body: "คุณสามารถคืนสินค้าได้ภายในสามสิบวัน เราจะคืนเงินเข้าบัตรของคุณ"},
		},
	}
	root := t.TempDir()
	for lang, ds := range docs {
		writeIndexWith(t, root, lang, ds, an)
	}
	checks := []struct{ lang, q, url, mark string }{
		{"zh", "政策 ", "/zh/returns/", "<mark>政策</mark>"},
		{"zh", "退款", "/zh/returns/", "<mark>退款</mark>"},
		{"zh", "运费 ", "/zh/shipping/", "<mark>运费</mark>"},
		{"ja", "返金 ", "/ja/returns/", "<mark>返金</mark>"},
		{"ja", "パスワード ", "/ja/password/", "<mark>パスワード</mark>"},
		{"ko", "인증서 ", "/ko/renew/", "<mark>인증서</mark>를"},
		{"ko", "비밀번호 ", "/ko/password/", "<mark>비밀번호"},
		{"th", "ค่าส่ง ", "/th/shipping/", "<mark>ค่าส่ง</mark>"},
		{"th", "คืนเงิน ", "/th/returns/", "<mark>คืนเงิน"}, // a pair of the next word may follow in the mark
	}
	out := searchNode(t, root, len(checks), func(i int) (string, string) { return checks[i].lang, checks[i].q })
	for i, c := range checks {
		got := out.Queries[i]
		if len(got.Hits) == 0 || got.Hits[0].URL != c.url {
			t.Errorf("%s %q: %d hits, want %s first: %+v", c.lang, c.q, len(got.Hits), c.url, got.Hits)
			continue
		}
		if h := got.Hits[0]; !strings.Contains(h.Title+" | "+h.Snippet, c.mark) {
			t.Errorf("%s %q: %q not in %s | %s", c.lang, c.q, c.mark, h.Title, h.Snippet)
		}
	}
}

// The browser cuts a query into the words the build cut the pages into.
func TestTokenizeMatchesJS(t *testing.T) {
	in := []string{
		"Hello, world! l'adresse e-mail 3.5", "إِرْجَاع المنتج", "Παράδοση (δωρεάν)", "cafe\u0301 naïve",
		"我们的退货政策很简单", "iPhone退货", "退", "退 货", "返品について", "パスワードを変更", "ｶﾀｶﾅｰ", "한국어 검색",
		"ค่าส่งฟรี ๓๐ วัน", "ສົ່ງເຄື່ອງ", "ផ្ញើ", "ပို့ဆောင်", "ᦺᦑᦟ", "中文123中文", "a" + strings.Repeat("中", 70),
		"ret\u200burn \u200fشحن\u200f de\u00adlivery", "\u2067x\u2069 \u200f", "سفارش\u200cها", "ｒｅｔｕｒｎ", "退\u200b货", "ค่า\u200bส่ง",
		`צ׳יפס צ'יפס דו״ח דו"ח הַדּוֹ"חַ`, `וכו׳ "ציטוט" א'b ה־API`, "don't say \"hi\"",
	}
	var want [][]string
	for _, s := range in {
		got := []string{}
		tokenize(s, func(w string) { got = append(got, w) })
		want = append(want, got)
	}
	out := runNode(t, "", map[string]any{"words": in}).Words
	for i, s := range in {
		if strings.Join(out[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("%q: search.js cuts %q, static.go %q", s, out[i], want[i])
		}
	}
}

// A reader in Iran or Pakistan with an Arabic keyboard types ك and ي for
// Persian's and Urdu's ک and ی: the browser's search finds the page, and
// the page's word is marked, either way round.
func TestPersianLettersTypedOnAnArabicKeyboard(t *testing.T) {
	an := Analyzer{Normalize: search.Normalize, Terms: search.Terms}
	root := t.TempDir()
	writeIndexWith(t, root, "fa", []Doc{
		{URL: "/fa/place/", Title: "مکان من", Body: "برنامه نمی‌تواند مکان شما را روی نقشه پیدا کند."},
		{URL: "/fa/bookmarks/", Title: "نشانک‌ها", Body: "بوکمارک‌های خود را به اشتراک بگذارید."},
	}, an)
	checks := []struct{ q, url, mark string }{
		{"مكان ", "/fa/place/", "<mark>مکان</mark>"},   // Arabic kaf
		{"مکان ", "/fa/place/", "<mark>مکان</mark>"},   // Persian kaf
		{"بوكمارك", "/fa/bookmarks/", "<mark>بوکمارک"}, // Arabic kaf, as a prefix
		{"پيدا ", "/fa/place/", "<mark>پیدا</mark>"},   // Arabic yeh
	}
	out := searchNode(t, root, len(checks), func(i int) (string, string) { return "fa", checks[i].q })
	for i, c := range checks {
		got := out.Queries[i]
		if len(got.Hits) == 0 || got.Hits[0].URL != c.url {
			t.Errorf("%q: %d hits, want %s first: %+v", c.q, len(got.Hits), c.url, got.Hits)
			continue
		}
		if h := got.Hits[0]; !strings.Contains(h.Title+" | "+h.Snippet, c.mark) {
			t.Errorf("%q: %q not in %s | %s", c.q, c.mark, h.Title, h.Snippet)
		}
	}
}

// persianAnalyzer is the analysis kb build gives the static index of a
// Persian site (builder's writeStaticLang).
func persianAnalyzer() Analyzer {
	an := Analyzer{Normalize: search.Normalize, Terms: search.Terms}
	compounds, af := search.Compounds("fa")
	an.Compounds = compounds
	an.Prefixes, an.Suffixes, an.MinRest, an.Negation = af.Prefixes, af.Suffixes, af.MinRest, af.Negation
	an.JoinsSpaced = af.JoinsSpaced
	return an
}

// The browser's snippets mark a Persian compound word written with a
// zero-width non-joiner whole, as the server's do, when the query has it
// (typed with a non-joiner or joined), and only the part a query has of it
// otherwise.
func TestPersianCompoundMarkedWhole(t *testing.T) {
	root := t.TempDir()
	writeIndexWith(t, root, "fa", []Doc{
		{URL: "/fa/shipping/", Title: "ارسال سفارش", Body: "سفارش شما را فردا می\u200cفرستیم. کارت\u200cهای هدیه را در حساب خود ببینید."},
		{URL: "/fa/library/", Title: "کتاب", Body: "کتاب\u200cخانه شهر فردا باز است."},
	}, persianAnalyzer())
	checks := []struct{ q, url, mark string }{
		{"می\u200cفرستیم", "/fa/shipping/", "<mark>می\u200cفرستیم</mark>"},
		{"میفرستیم", "/fa/shipping/", "<mark>می\u200cفرستیم</mark>"},
		{"کارتهای", "/fa/shipping/", "<mark>کارت\u200cهای</mark>"},
		{"فرستیم", "/fa/shipping/", "می\u200c<mark>فرستیم</mark>"},
		{"کتابخانه", "/fa/library/", "<mark>کتاب\u200cخانه</mark>"},
		{"خانه", "/fa/library/", "کتاب\u200c<mark>خانه</mark>"},
	}
	out := searchNode(t, root, len(checks), func(i int) (string, string) { return "fa", checks[i].q })
	for i, c := range checks {
		var hit *nodeHit
		for j, h := range out.Queries[i].Hits {
			if h.URL == c.url {
				hit = &out.Queries[i].Hits[j]
			}
		}
		if hit == nil {
			t.Errorf("%q: hits %+v, want %s among them", c.q, out.Queries[i].Hits, c.url)
			continue
		}
		if !strings.Contains(hit.Snippet, c.mark) {
			t.Errorf("%q: snippet %q, want %q in it", c.q, hit.Snippet, c.mark)
		}
	}
}
