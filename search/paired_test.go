package search

import (
	"slices"
	"strings"
	"testing"
)

// Thai, Lao, Khmer and Myanmar are written without spaces between words,
// and the word segmenter gives their letters no word type: their pages had
// no terms at all. Their runs of letters are cut into pairs of characters,
// as Chinese is.
func TestSpacelessScriptsHaveTerms(t *testing.T) {
	for _, c := range []struct {
		lang, text string
		want       []string
	}{
		{"th", "ค่าส่ง", []string{"ค่", "่า", "าส", "ส่", "่ง"}},
		{"th", "คืนเงิน 30 วัน", []string{"คื", "ืน", "นเ", "เง", "งิ", "ิน", "30", "วั", "ัน"}},
		{"lo", "ສົ່ງ", []string{"ສົ", "ົ່", "່ງ"}},
		{"km", "ផ្ញើ", []string{"ផ្", "្ញ", "ញើ"}},
		{"my", "ပို့", []string{"ပိ", "ို", "ု့"}},
		// A Thai word in a Chinese page, and Chinese as before.
		{"zh", "退货 ค่าส่ง", []string{"退货", "ค่", "่า", "าส", "ส่", "่ง"}},
		{"zh", "退货政策", []string{"退货", "货政", "政策"}},
	} {
		if got := Terms(c.lang, c.text); !slices.Equal(got, c.want) {
			t.Errorf("Terms(%s, %q) = %q, want %q", c.lang, c.text, got, c.want)
		}
	}
}

// A Thai customer finds a page by a word inside a run of text, and the
// snippet marks it.
func TestSearchThai(t *testing.T) {
	docs := []Document{
		{ID: "/th/shipping/", Lang: "th", URL: "/th/shipping/", Title: "การจัดส่งสินค้า", Kind: "article",
			Body: "เราจัดส่งสินค้าทั่วประเทศภายในสามวันทำการ ค่าส่งฟรีเมื่อสั่งซื้อครบห้าร้อยบาท"},
		{ID: "/th/returns/", Lang: "th", URL: "/th/returns/", Title: "การคืนสินค้า", Kind: "policy",
			Body: "คุณสามารถคืนสินค้าได้ภายในสามสิบวัน เราจะคืนเงินเข้าบัตรของคุณ"},
		{ID: "/th/password/", Lang: "th", URL: "/th/password/", Title: "ลืมรหัสผ่าน", Kind: "article",
			Body: "กดลิงก์ลืมรหัสผ่านในหน้าเข้าสู่ระบบ แล้วตั้งรหัสผ่านใหม่"},
	}
	_, ix := buildTest(t, docs)
	for q, want := range map[string]string{
		"ค่าส่ง":   "/th/shipping/",
		"คืนเงิน":  "/th/returns/",
		"รหัสผ่าน": "/th/password/",
	} {
		res := search(t, ix, Query{Text: q, Lang: "th"})
		if len(res.Hits) == 0 || res.Hits[0].URL != want {
			t.Errorf("%q: hits %v, want %s first", q, urls(res), want)
			continue
		}
		if h := res.Hits[0]; !strings.Contains(h.Snippet+h.Title, "<mark>") {
			t.Errorf("%q: nothing marked in %q / %q", q, h.Title, h.Snippet)
		}
	}
}

// In a spaceless script a pair of characters is a piece of a word, found
// all over the text: the snippet shows and marks the query's word where
// its pairs run together, not scattered pairs.
func TestThaiSnippetMarksTheWord(t *testing.T) {
	body := strings.Repeat("รอยังไม่มีการกำหนดวันที่ สื่อสารกับเรา ", 20) + "เราให้หนังสือรับรองดิจิทัลฟรี"
	_, ix := buildTest(t, []Document{{ID: "/th/about/", Lang: "th", URL: "/th/about/", Title: "เกี่ยวกับเรา", Kind: "article", Body: body}})
	res := search(t, ix, Query{Text: "หนังสือรับรอง", Lang: "th"})
	if len(res.Hits) != 1 {
		t.Fatalf("hits %v", urls(res))
	}
	if s := res.Hits[0].Snippet; !strings.Contains(s, "<mark>หนังสือรับรอง</mark>") || strings.Count(s, "<mark>") != 1 {
		t.Errorf("snippet %q, want the word marked once", s)
	}
	// Chinese keeps a lone pair's mark: two characters are often a word.
	_, ix = buildTest(t, []Document{{ID: "/zh/returns/", Lang: "zh", URL: "/zh/returns/", Title: "退货", Kind: "article", Body: "我们的政策很简单。退货需要在三十天内完成。"}})
	res = search(t, ix, Query{Text: "退货政策", Lang: "zh"})
	if len(res.Hits) != 1 || !strings.Contains(res.Hits[0].Snippet, "<mark>政策</mark>") || !strings.Contains(res.Hits[0].Snippet, "<mark>退货</mark>") {
		t.Errorf("Chinese snippet %v", res.Hits)
	}
}

// Korean writes particles onto its words (인증서를, 인증서의): indexed by
// pairs of syllables, as Lucene's CJK analysis does, a page is found by the
// noun alone.
func TestSearchKoreanWordWithParticle(t *testing.T) {
	if got, want := Terms("ko", "인증서를 갱신"), []string{"인증", "증서", "서를", "갱신"}; !slices.Equal(got, want) {
		t.Errorf("Terms(ko) = %q, want %q", got, want)
	}
	docs := []Document{
		{ID: "/ko/renew/", Lang: "ko", URL: "/ko/renew/", Title: "자동 갱신", Kind: "article", Body: "인증서를 갱신하려면 클라이언트를 다시 실행하세요."},
		{ID: "/ko/password/", Lang: "ko", URL: "/ko/password/", Title: "비밀번호 변경", Kind: "article", Body: "비밀번호를 잊으셨다면 로그인 화면의 링크를 누르세요."},
	}
	_, ix := buildTest(t, docs)
	for q, want := range map[string]string{"인증서": "/ko/renew/", "비밀번호를": "/ko/password/", "로그인": "/ko/password/"} {
		res := search(t, ix, Query{Text: q, Lang: "ko"})
		if len(res.Hits) == 0 || res.Hits[0].URL != want {
			t.Errorf("%q: hits %v, want %s first", q, urls(res), want)
		}
	}
}
