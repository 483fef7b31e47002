package search

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/segment"
)

type cutWord struct {
	w          string
	start, typ int
}

// segmenterWords is what the unicode tokenizer takes from the segmenter: its word segments, until it stops.
func segmenterWords(text []byte) []cutWord {
	var out []cutWord
	seg := segment.NewWordSegmenterDirect(text)
	start := 0
	for seg.Segment() {
		if seg.Type() != segment.None {
			out = append(out, cutWord{string(seg.Bytes()), start, seg.Type()})
		}
		start += len(seg.Bytes())
	}
	return out
}

// checkCut fails unless cutWords gives what the segmenter gives, or reports that it must not be trusted.
func checkCut(t *testing.T, text string) {
	t.Helper()
	var wc wordCutter
	var got []cutWord
	whole := wc.cut([]byte(text), func(w []byte, start, typ int) { got = append(got, cutWord{string(w), start, typ}) })
	want := segmenterWords([]byte(text))
	if whole && !slices.Equal(got, want) {
		t.Fatalf("cut %q:\n got %v\nwant %v", text, got, want)
	}
	if !whole && strings.ToValidUTF8(text, "") == text {
		t.Errorf("cut %q: gave up on valid UTF-8", text)
	}
}

func TestCutWordsAsSegmenter(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", "1", "Hello, world. Don't panic: 3.14 e.g. 1,000,000 a_b _x x_ 12_34",
		"user@example.com https://example.com/a-b?c=d&e=f#g (parens) [brackets] {braces} “quotes” ‘single’ it’s",
		"يمكنك إرجاع المنتجات خلال ٣٠ يوماً من الاستلام، ويتم ردّ المبلغ. الشَّحْن ١٬٠٠٠٫٥ ـــ",
		"Μπορείτε να επιστρέψετε τα προϊόντα εντός 30 ημερών· Ἀθῆναι; ΕΛΛΆΔΑ ς",
		"Crème brûlée naïve coöperate São Paulo ﬁle İstanbul ǅemal",
		"a\u0301 \u0301a \u0301 a.\u0301b a\u00adb -\u0301 \r\n\u0301 x\u200dy x\u200cy",
		"שלום עליכם צה\"ל ג'ירפה a'ב",
		"カタカナ ひらがな 漢字 한국어 ᄀᄁ 🙂👍🏽 🇫🇷 ไทย ภาษา",
		"\xff\xfe a\xffb \xc3", "a..b a.'b 1.,2 'a' .a. ,1, a:b 1:2 a;b 1;2",
	} {
		checkCut(t, s)
	}
}

// TestCutWordsRandom runs cutWords and the segmenter on random strings of the characters they could disagree on.
func TestCutWordsRandom(t *testing.T) {
	alphabet := []string{
		"a", "Z", "é", "1", "٣", "ش", "λ", "ς", "א", ".", ",", ":", ";", "'", "\"", "_", "-", "/", "@", " ", "  ", "\t",
		"\r", "\n", "\r\n", "\u0301", "\u064e", "\u00ad", "\u200d", "\u200b", "\u2019", "\u2018", "\u060c", "\u066b",
		"\u0387", "\u00b7", "カ", "ひ", "漢", "한", "ᄀ", "🙂", "🇫", "\xff", "\xe2\x80", "…", "—", "\u00a0", "ﬁ", "ـ",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	for range 200000 {
		b.Reset()
		for range 1 + rng.IntN(12) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		checkCut(t, b.String())
	}
}

// TestCutWordsCorpus compares them on the relevance tests' documents.
func TestCutWordsCorpus(t *testing.T) {
	files, _ := filepath.Glob("testdata/*")
	if len(files) == 0 {
		t.Skip("no testdata")
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil || len(raw) == 0 {
			continue
		}
		for line := range strings.SplitSeq(string(raw), "\n") {
			checkCut(t, line)
		}
	}
}

func FuzzCutWords(f *testing.F) {
	f.Add("Don't stop: 3.14, a_b ًا א'ב カ")
	f.Fuzz(func(t *testing.T, s string) { checkCut(t, s) })
}

// BenchmarkCutWords cuts the bodies of generated documents in English, Arabic, Greek and French into words, as
// the server's analysis of a build does.
func BenchmarkCutWords(b *testing.B) {
	var texts [][]byte
	size := 0
	for _, d := range genDocs(500) {
		texts = append(texts, []byte(d.Body))
		size += len(d.Body)
	}
	var wc wordCutter
	words := 0
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, text := range texts {
			wc.cut(text, func([]byte, int, int) { words++ })
		}
	}
}
