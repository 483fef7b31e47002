package search

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	bleveunicode "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// pairedTokenizer names the tokenizer of the bigram analyzer (kb_cjk): bleve's unicode tokenizer, except that each
// run of letters and marks of a script written without spaces between words (Thai, Lao, Khmer, Myanmar and the Tai
// scripts) or of Hangul is one token of type Ideographic, which the CJK bigram filter cuts into pairs of characters,
// as it does Chinese. The word segmenter, which follows UAX #29, gives the spaceless scripts' letters no word type,
// so bleve's tokenizer dropped them and a Thai page had no terms at all. Hangul it gives as whole words, particles
// included (인증서를, "the certificate"), which a query for the noun alone (인증서) never matched; pairs of syllables
// match it, as in Lucene's CJK analysis. Text without such a run is tokenized exactly as bleve does.
const pairedTokenizer = "kb_paired"

// spacelessScripts are the scripts whose words are not separated by spaces and that UAX #29 leaves to a
// dictionary (Line_Break class SA).
var spacelessScripts = []*unicode.RangeTable{
	unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar,
	unicode.Tai_Le, unicode.New_Tai_Lue, unicode.Tai_Tham, unicode.Tai_Viet,
}

// isSpaceless reports whether r is a letter or mark of a spaceless script. Their digits stay with the segmenter,
// which gives them the Numeric type.
func isSpaceless(r rune) bool {
	return r >= 0x0E00 && (unicode.IsLetter(r) || unicode.IsMark(r)) && unicode.In(r, spacelessScripts...)
}

// inPairedRun reports whether r belongs to a run that pairedTokenizer makes one Ideographic token.
func inPairedRun(r rune) bool {
	return isSpaceless(r) || r >= 0x1100 && (unicode.IsLetter(r) || unicode.IsMark(r)) && unicode.Is(unicode.Hangul, r)
}

type paired struct{ words analysis.Tokenizer }

func (t paired) Tokenize(text []byte) analysis.TokenStream {
	var out analysis.TokenStream
	rest := 0 // the start of the text not yet tokenized
	add := func(end int) {
		for _, tok := range t.words.Tokenize(text[rest:end]) {
			tok.Start += rest
			tok.End += rest
			tok.Position = len(out) + 1
			out = append(out, tok)
		}
	}
	for i := 0; i < len(text); {
		// Every rune of a paired run is at least three bytes long (U+0E00 and up).
		if text[i] < 0xE0 {
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		if !inPairedRun(r) {
			i += size
			continue
		}
		end := i + size
		for end < len(text) {
			r, size := utf8.DecodeRune(text[end:])
			if !inPairedRun(r) {
				break
			}
			end += size
		}
		// The segmenter ends a word where a spaceless run starts or ends (their letters have no word type), and
		// Hangul is a script of its own to it, so the text either side tokenizes alone as it does in the whole.
		add(i)
		out = append(out, &analysis.Token{Term: text[i:end], Start: i, End: end, Position: len(out) + 1, Type: analysis.Ideographic})
		rest, i = end, end
	}
	if rest == 0 {
		return t.words.Tokenize(text) // no paired run
	}
	add(len(text))
	return out
}

func init() {
	err := registry.RegisterTokenizer(pairedTokenizer, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return paired{bleveunicode.NewUnicodeTokenizer()}, nil
	})
	if err != nil {
		panic(err)
	}
}
