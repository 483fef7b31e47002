package search

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/da"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fa"
	"github.com/blevesearch/bleve/v2/analysis/lang/fi"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/hi"
	"github.com/blevesearch/bleve/v2/analysis/lang/hu"
	"github.com/blevesearch/bleve/v2/analysis/lang/in"
	"github.com/blevesearch/bleve/v2/analysis/lang/it"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/analysis/lang/no"
	"github.com/blevesearch/bleve/v2/analysis/lang/pt"
	"github.com/blevesearch/bleve/v2/analysis/lang/ro"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/analysis/lang/sv"
	"github.com/blevesearch/bleve/v2/analysis/lang/tr"
	"github.com/blevesearch/bleve/v2/analysis/token/apostrophe"
	"github.com/blevesearch/bleve/v2/analysis/token/elision"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/token/unicodenorm"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/segment"
	"kb/search/greek"
)

const (
	// foldFilter is the bleve token filter that applies Normalize to each token.
	foldFilter = "kb_fold"
	// plainAnalyzer is tokenizer + Normalize and nothing else: the analyzer for languages without a stemmer, and for
	// the *_x fields that fuzzy and prefix queries run against (those queries are not analyzed, so they need the
	// unstemmed word).
	plainAnalyzer = "kb_plain"
	// nfkc names the NFKC filter, which has no registered name without a config.
	nfkc = "nfkc"
	// greekAnalyzer is package greek's analyzer after formatChars and Normalize.
	greekAnalyzer = "kb_el"
	// compoundPlainAnalyzer is plainAnalyzer for the languages that write compound words with a zero-width
	// non-joiner (see compoundTokenizer): their analyzer when they have no stemmer, and their *_x fields'.
	compoundPlainAnalyzer = "kb_plain_compound"
)

// chain describes one analyzer. Every chain runs: formatChars, unicode tokenizer (kb_cjk's keeps runs of spaceless
// scripts and Hangul whole; compound chains read words written with a zero-width non-joiner with compoundTokenizer),
// pre, lowercase, elision, fold, post, stop words, stemmer. Accents are folded before the stop list and the stemmer,
// so an accented word and its unaccented spelling reach the stemmer identically and always get the same stem (the
// stemmers lose a little precision on unaccented French or Portuguese, but index and query can never disagree). Stop
// lists are passed through the same filters before them, so "إلى" and "الى" are both stop words.
type chain struct {
	tokenizer string // unicode.Name when empty
	pre       []string
	elision   string // articles token map
	post      []string
	stop      string // stop token map
	stem      string
	// compounds marks the languages written in Persian script, whose compound words and verb prefixes writers join
	// with a zero-width non-joiner, a space or nothing ("می‌خواهم", "می خواهم", "میخواهم"): see compoundTokenizer.
	compounds bool
	// affixes, if not nil, are the language's commonest of those parts (see Affixes).
	affixes *Affixes
	// proclitics, if not nil, are the one-letter words the language joins to the next word: each word that starts
	// with them is followed by its rest (see Proclitics).
	proclitics *Proclitics
}

// Affixes are the prefixes and suffixes that a language's writers join to a word with a zero-width non-joiner, a
// space or nothing, as the analyzer and Normalize leave them. A query word typed joined with one ("میفرستیم") also
// finds, ranked after, the pages with the rest of the word ("فرستیم"): those that write it spaced ("می فرستیم").
// Only the commonest are listed, each a stop word that says little on its own, and only a rest of MinRest letters or
// more is looked for: "میز" (a table) is no "می" and "ز".
type Affixes struct {
	Prefixes, Suffixes []string // the first that fits is taken: longest first
	MinRest            int
	// Negation is the prefix that negates a verb, "" for none: typo tolerance takes a word and the word with it
	// ("میتواند", "can", and "نمیتواند", "cannot") for different words, though they are one letter apart.
	Negation string
}

// persianAffixes are the prefix of continuous verbs and its negative, and the plural suffix with its ezafe; ن
// negates a verb.
var persianAffixes = &Affixes{Prefixes: []string{"نمي", "مي"}, Suffixes: []string{"هاي", "ها"}, MinRest: 3, Negation: "ن"}

// long reports whether rest, the rest of a word after an affix, is long enough to be a word of its own.
func (af *Affixes) long(rest string) bool { return utf8.RuneCountInString(rest) >= af.MinRest }

// prefixRest returns a word without the first of the prefixes it starts with, or "" if it has none or the rest is
// too short.
func (af *Affixes) prefixRest(word string) string {
	for _, p := range af.Prefixes {
		if rest, ok := strings.CutPrefix(word, p); ok && af.long(rest) {
			return rest
		}
	}
	return ""
}

// suffixRest returns a word without the first of the suffixes it ends with, or "" if it has none or the rest is too
// short.
func (af *Affixes) suffixRest(word string) string {
	for _, s := range af.Suffixes {
		if rest, ok := strings.CutSuffix(word, s); ok && af.long(rest) {
			return rest
		}
	}
	return ""
}

// JoinsSpaced reports whether a word and the word after it, as written, with only white space between them, are one
// word spelled spaced: the first is one of the prefixes, and the second, without non-joiners, is long enough to be
// the rest of a word ("می پذیریم" is "میپذیریم"). Both indexes then read the two words joined too, as they read
// "می‌پذیریم" (see compoundTokenizer), so that a query finds the word as a page spells it without matching the rest
// alone, which the other prefix shares: نمی negates what می says.
func (af *Affixes) JoinsSpaced(word, next string) bool {
	return af != nil && len(word) <= maxPrefixBytes && slices.Contains(af.Prefixes, Normalize(word)) &&
		af.long(strings.ReplaceAll(Normalize(next), string(nonJoiner), ""))
}

// maxPrefixBytes bounds the words JoinsSpaced normalizes to see if they are a prefix: the prefixes are a few letters,
// which a few marks or format characters may follow.
const maxPrefixBytes = 32

// chains maps each analyzer kb registers to its chain.
var chains = map[string]chain{
	plainAnalyzer:  {},
	"kb_ar":        {pre: []string{nfkc}, stop: ar.StopName, stem: ar.StemmerName},
	"kb_cjk":       {tokenizer: pairedTokenizer, pre: []string{cjk.WidthName}, stem: cjk.BigramName},
	"kb_da":        {stop: da.StopName, stem: da.SnowballStemmerName},
	"kb_de":        {post: []string{de.NormalizeName}, stop: de.StopName, stem: de.LightStemmerName},
	"kb_en":        {pre: []string{en.PossessiveName}, stop: en.StopName, stem: en.SnowballStemmerName},
	"kb_es":        {stop: es.StopName, stem: es.LightStemmerName},
	"kb_fa":        {post: []string{fa.NormalizeName}, stop: fa.StopName, compounds: true, affixes: persianAffixes},
	"kb_fi":        {stop: fi.StopName, stem: fi.SnowballStemmerName},
	"kb_fr":        {elision: fr.ArticlesName, stop: fr.StopName, stem: fr.SnowballStemmerName},
	"kb_hi":        {pre: []string{in.NormalizeName, hi.NormalizeName}, stop: hi.StopName, stem: hi.StemmerName},
	"kb_hu":        {stop: hu.StopName, stem: hu.SnowballStemmerName},
	hebrewAnalyzer: {proclitics: hebrewProclitics},
	"kb_it":        {elision: it.ArticlesName, stop: it.StopName, stem: it.LightStemmerName},
	"kb_nl":        {stop: nl.StopName, stem: nl.SnowballStemmerName},
	"kb_no":        {stop: no.StopName, stem: no.SnowballStemmerName},
	"kb_pt":        {stop: pt.StopName, stem: pt.LightStemmerName},
	"kb_ro":        {stop: ro.StopName, stem: ro.SnowballStemmerName},
	"kb_ru":        {stop: ru.StopName, stem: ru.SnowballStemmerName},
	"kb_sv":        {stop: sv.StopName, stem: sv.SnowballStemmerName},
	"kb_tr":        {pre: []string{apostrophe.Name}, stop: tr.StopName, stem: tr.SnowballStemmerName},

	compoundPlainAnalyzer: {compounds: true},
}

// languageAnalyzers maps a primary language subtag to its analyzer; anything else gets plainAnalyzer.
var languageAnalyzers = map[string]string{
	"ar": "kb_ar", "da": "kb_da", "de": "kb_de", "en": "kb_en", "es": "kb_es", "fa": "kb_fa", "fi": "kb_fi",
	"fr": "kb_fr", "hi": "kb_hi", "hu": "kb_hu", "it": "kb_it", "nl": "kb_nl", "no": "kb_no", "nb": "kb_no",
	"nn": "kb_no", "pt": "kb_pt", "ro": "kb_ro", "ru": "kb_ru", "sv": "kb_sv", "tr": "kb_tr",
	"zh": "kb_cjk", "ja": "kb_cjk", "ko": "kb_cjk",
	"th": "kb_cjk", "lo": "kb_cjk", "km": "kb_cjk", "my": "kb_cjk",
	"el": greekAnalyzer,
	"he": hebrewAnalyzer, "iw": hebrewAnalyzer, // iw: Hebrew's code before 1989, which Java still gives
	// Urdu, Pashto and Kurdish Sorani write compounds as Persian does.
	"ur": compoundPlainAnalyzer, "ps": compoundPlainAnalyzer, "ckb": compoundPlainAnalyzer,
}

// AnalyzerFor names the bleve analyzer used for a language code ("pt-BR" and "pt" share one). kb's analyzers are
// bleve's per-language chains rebuilt with accent folding (Normalize) and are named "kb_<lang>": "kb_ar", "kb_en",
// "kb_fr", ..., "kb_cjk" for zh, ja and ko and for the languages written without spaces between words (th, lo, km,
// my: see pairedTokenizer); Greek uses "kb_el" (package kb/search/greek's); Hebrew "kb_he", which reads a word
// with and without the one-letter words joined to its front (see Proclitics); languages without a stemmer
// get "kb_plain" (unicode tokenizer + Normalize), or "kb_plain_compound" for ur, ps and ckb, which write compounds
// as Persian does (see compoundTokenizer).
func AnalyzerFor(lang string) string {
	if a, ok := languageAnalyzers[primarySubtag(lang)]; ok {
		return a
	}
	return plainAnalyzer
}

// primarySubtag returns "pt" for "pt-BR", "zh" for "zh_Hans".
func primarySubtag(lang string) string {
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	return strings.ToLower(lang)
}

// exactAnalyzer names the analyzer of the *_x fields (unstemmed words, for fuzzy and prefix queries) of an index
// whose text fields the named analyzer analyzes.
func exactAnalyzer(analyzer string) string {
	if chains[analyzer].compounds {
		return compoundPlainAnalyzer
	}
	return plainAnalyzer
}

// Compounds reports whether a language writes compound words with a zero-width non-joiner, which both indexes then
// read as one word however it is spelled (see compoundTokenizer), and its commonest affixes (nil for none).
func Compounds(lang string) (bool, *Affixes) {
	c := chains[AnalyzerFor(lang)]
	return c.compounds, c.affixes
}

// isCJK reports whether an analyzer emits bigrams rather than words: fuzzy and prefix matching make no sense there.
func isCJK(analyzer string) bool { return analyzer == "kb_cjk" }

// Terms returns the index terms of text for a language, exactly as the server index analyzes its text fields: in
// order, repeats included.
func Terms(lang, text string) []string {
	a, err := analyzerNamed(AnalyzerFor(lang))
	if err != nil {
		panic(err) // every name AnalyzerFor returns is registered in init
	}
	tokens := a.Analyze([]byte(text))
	terms := make([]string, len(tokens))
	for i, t := range tokens {
		terms[i] = string(t.Term)
	}
	return terms
}

// analyzers caches built analyzers for Terms, queries and snippets; bleve analyzers are safe for concurrent use.
// It is a cache of immutable values, not state: the result never depends on what ran before.
var analyzers = sync.OnceValue(registry.NewCache)

func analyzerNamed(name string) (analysis.Analyzer, error) {
	return analyzers().AnalyzerNamed(name)
}

// foldTokens is the token filter that applies Normalize.
type foldTokens struct{}

func (foldTokens) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		t.Term = []byte(Normalize(string(t.Term)))
	}
	return input
}

// formatChars is the char filter every kb analyzer starts with: it decides where the format characters and the
// zero-width non-joiner cut words, keeping every byte where it was so that tokens' offsets still point into the text
// (snippets and query words are cut from it). The word segmenter (UAX #29) keeps a format character inside the word
// it follows, and Normalize drops it there; but the zero-width space and the format characters newer than its
// Unicode version end a word, so formatChars makes them a word joiner (U+2060, of the same length in UTF-8) and
// "ret\u200burn" is one word. The zero-width non-joiner, which separates the parts of a Persian word, it makes
// three spaces: both indexes cut words at it, as Persian analysis does, so that a word typed with one or with a space
// finds the same pages; but in the languages that write compounds with it, keepNonJoiner leaves it in the word for
// compoundTokenizer.
type formatChars struct{ keepNonJoiner bool }

func (fc formatChars) Filter(input []byte) []byte {
	var out []byte
	// The characters it changes are three bytes long and lead with 0xE2 or 0xE0, rare in most text: each lead byte
	// is looked for on its own (bytes.IndexByte is vectorized), which is most of the filter's time on a page.
	for _, lead := range [...]byte{0xE2, 0xE0} {
		for i := 0; ; i++ {
			j := bytes.IndexByte(input[i:], lead)
			if j < 0 || i+j+3 > len(input) {
				break
			}
			i += j
			var with string
			switch string(input[i : i+3]) {
			case "\u200b", "\u0890", "\u0891", "\u08e2":
				with = "\u2060"
			case "\u200c":
				if fc.keepNonJoiner {
					continue
				}
				with = "   "
			default:
				continue
			}
			if out == nil {
				out = slices.Clone(input) // the caller's text stays as it was
			}
			copy(out[i:], with)
			i += 2
		}
	}
	if out == nil {
		return input
	}
	return out
}

func (c chain) build(cache *registry.Cache) (analysis.Analyzer, error) {
	a := &analysis.DefaultAnalyzer{CharFilters: []analysis.CharFilter{formatChars{keepNonJoiner: c.compounds}}}
	tok, err := cache.TokenizerNamed(cmp.Or(c.tokenizer, unicode.Name))
	if err != nil {
		return nil, err
	}
	a.Tokenizer = tok
	if c.compounds {
		a.Tokenizer = compoundTokenizer{words: tok, affixes: c.affixes}
	}
	names := append(append([]string{}, c.pre...), lowercase.Name)
	if c.elision != "" {
		names = append(names, elision.Name)
	}
	names = append(append(names, foldFilter), c.post...)
	for _, name := range names {
		var f analysis.TokenFilter
		switch name {
		case nfkc:
			f = unicodenorm.MustNewUnicodeNormalizeFilter(unicodenorm.NFKC)
		case elision.Name:
			articles, err := cache.TokenMapNamed(c.elision)
			if err != nil {
				return nil, err
			}
			f = elision.NewElisionFilter(articles)
		default:
			f, err = cache.TokenFilterNamed(name)
			if err != nil {
				return nil, err
			}
		}
		a.TokenFilters = append(a.TokenFilters, f)
	}
	if c.stop != "" {
		words, err := cache.TokenMapNamed(c.stop)
		if err != nil {
			return nil, err
		}
		folded := analysis.NewTokenMap()
		for w := range words {
			for _, t := range filter(a.TokenFilters, w) {
				folded.AddToken(string(t.Term))
			}
		}
		a.TokenFilters = append(a.TokenFilters, stop.NewStopTokensFilter(folded))
	}
	if c.stem != "" {
		f, err := cache.TokenFilterNamed(c.stem)
		if err != nil {
			return nil, err
		}
		a.TokenFilters = append(a.TokenFilters, f)
	}
	if c.proclitics != nil {
		a.TokenFilters = append(a.TokenFilters, procliticRests{c.proclitics})
	}
	return a, nil
}

// compoundTokenizer reads a word whose parts a zero-width non-joiner separates ("می‌خواهم", "کتاب‌ها") as one word
// however a reader spells it: it gives the word joined ("میخواهم"), as a phone keyboard without the non-joiner types
// it, then each of its parts ("می", "خواهم"), as a reader who types a space between them finds it; Lucene's Persian
// analysis gives only the parts. A word spaced after one of the language's prefixes (affixes, nil for none: "می
// خواهم") it gives joined too, before the two words (see Affixes.JoinsSpaced). The unicode tokenizer keeps a
// non-joiner inside the word it follows (formatChars leaves it there for compound chains). Every token keeps the
// offsets of the text it stands for, so a word's parts lie inside it: analyzeQuery tells them apart that way.
// Positions count the tokens given.
type compoundTokenizer struct {
	words   analysis.Tokenizer
	affixes *Affixes
}

// nonJoiner is the zero-width non-joiner in UTF-8.
var nonJoiner = []byte("\u200c")

func (c compoundTokenizer) Tokenize(input []byte) analysis.TokenStream {
	tokens := c.words.Tokenize(input)
	spaced := c.spacedPrefixes(input, tokens)
	if !bytes.Contains(input, nonJoiner) && spaced == nil {
		return tokens
	}
	out := make(analysis.TokenStream, 0, len(tokens)+len(spaced))
	add := func(t *analysis.Token) {
		t.Position = len(out) + 1
		out = append(out, t)
	}
	for i, t := range tokens {
		if slices.Contains(spaced, i) {
			next := tokens[i+1]
			term := append(slices.Clip(t.Term), bytes.ReplaceAll(next.Term, nonJoiner, nil)...)
			add(&analysis.Token{Term: term, Start: t.Start, End: next.End, Type: t.Type})
		}
		if !bytes.Contains(t.Term, nonJoiner) {
			add(t)
			continue
		}
		var parts []*analysis.Token
		for at, rest := t.Start, t.Term; len(rest) > 0; {
			part, after, _ := bytes.Cut(rest, nonJoiner)
			if len(part) > 0 {
				parts = append(parts, &analysis.Token{Term: part, Start: at, End: at + len(part), Type: t.Type})
			}
			at += len(part) + len(nonJoiner)
			rest = after
		}
		t.Term = bytes.Join(bytes.Split(t.Term, nonJoiner), nil)
		add(t)
		if len(parts) > 1 {
			for _, p := range parts {
				add(p)
			}
		}
	}
	return out
}

// spacedPrefixes returns the indexes of the tokens that are one of the language's prefixes with the rest of a word
// spaced after them (see Affixes.JoinsSpaced), nil for none.
func (c compoundTokenizer) spacedPrefixes(input []byte, tokens analysis.TokenStream) []int {
	if c.affixes == nil {
		return nil
	}
	var out []int
	for i := 0; i+1 < len(tokens); i++ {
		t, next := tokens[i], tokens[i+1]
		if len(t.Term) <= maxPrefixBytes && onlySpaces(input[t.End:next.Start]) && c.affixes.JoinsSpaced(string(t.Term), string(next.Term)) {
			out = append(out, i)
		}
	}
	return out
}

// filter runs one word through token filters as a single token.
func filter(filters []analysis.TokenFilter, word string) analysis.TokenStream {
	ts := analysis.TokenStream{{Term: []byte(word), Start: 0, End: len(word), Position: 1, Type: analysis.AlphaNumeric}}
	for _, f := range filters {
		ts = f.Filter(ts)
	}
	return ts
}

func init() {
	// bleve's registry is global and init-time by design; these names are what index mappings refer to.
	err := registry.RegisterTokenFilter(foldFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldTokens{}, nil
	})
	if err != nil {
		panic(err)
	}
	err = registry.RegisterAnalyzer(greekAnalyzer, func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
		return newGreekAnalyzer(), nil
	})
	if err != nil {
		panic(err)
	}
	for name, c := range chains {
		err := registry.RegisterAnalyzer(name, func(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
			a, err := c.build(cache)
			if err != nil {
				return nil, fmt.Errorf("analyzer %s: %w", name, err)
			}
			return a, nil
		})
		if err != nil {
			panic(err)
		}
	}
}

// newGreekAnalyzer is package greek's analyzer with formatChars in front and Normalize before its own folding, which
// keeps format characters and fullwidth letters.
func newGreekAnalyzer() analysis.Analyzer {
	a := greek.NewAnalyzer().(*analysis.DefaultAnalyzer)
	a.CharFilters = append([]analysis.CharFilter{formatChars{}}, a.CharFilters...)
	a.TokenFilters = append([]analysis.TokenFilter{foldTokens{}}, a.TokenFilters...)
	return a
}

// perToken lists the analyzers whose token filters each map one token to at most one token, looking at nothing but
// its bytes: every kb chain but CJK's bigrams and Hebrew's rests, and Greek's. memoAnalyzer may run them once per
// distinct word.
func perToken(name string) bool {
	c, ok := chains[name]
	return ok && !isCJK(name) && c.proclitics == nil || name == greekAnalyzer
}

// memoAnalyzer runs an analyzer's tokenizer on every text but its token filters once per distinct token: a corpus
// repeats its words, and the filters (folding, NFKC, stop list, stemmer) cost more than the tokenizer. It gives the
// tokens a.Analyze gives, in order, with the same positions and offsets, as long as the filters are per-token
// (perToken). Terms of the returned tokens share memory with the memo: callers must not modify them. A memoAnalyzer
// is not safe for concurrent use: Build gives each worker its own.
type memoAnalyzer struct {
	a       *analysis.DefaultAnalyzer
	unicode bool                 // a's tokenizer is bleve's unicode tokenizer, which frequencies reproduces
	memo    map[string]*memoTerm // by word, as the tokenizer cuts it
	terms   map[string]*memoTerm // by term
	off     bool                 // a filter did something other than replace or drop a token: plain a.Analyze from now on
	gen     uint32
	seen    []*memoTerm
	cutter  wordCutter
}

type memoTerm struct {
	term []byte
	key  string // string(term)
	drop bool   // a stop word
	gen  uint32 // the frequencies call that last counted it
	n    int    // its count in that call
}

// memoLimit bounds a memo, for a corpus of random strings: past it, a memoAnalyzer is its analyzer.
const memoLimit = 1 << 20

func newMemoAnalyzer(a *analysis.DefaultAnalyzer) *memoAnalyzer {
	_, uni := a.Tokenizer.(*unicode.UnicodeTokenizer)
	return &memoAnalyzer{a: a, unicode: uni, memo: map[string]*memoTerm{}, terms: map[string]*memoTerm{}}
}

func (m *memoAnalyzer) Analyze(input []byte) analysis.TokenStream {
	if m.off || len(m.memo) >= memoLimit {
		return m.a.Analyze(input)
	}
	text := input
	for _, cf := range m.a.CharFilters {
		text = cf.Filter(text)
	}
	tokens := m.a.Tokenizer.Tokenize(text)
	out := tokens[:0]
	for _, t := range tokens {
		e := m.memo[string(t.Term)]
		if e == nil {
			if e = m.filter(t); e == nil {
				m.off = true
				return m.a.Analyze(input) // the tokenizer's terms point into text; input is intact
			}
		}
		if !e.drop {
			t.Term = e.term
			out = append(out, t)
		}
	}
	return out
}

// frequenciesOf returns what bleve's segment builder makes of TextFields of one name with inputs for values, as
// their Analyze would compute it from m.Analyze (analysis.TokenFrequency, without term vectors), their lengths
// added and frequencies merged (TokenFrequencies.MergeAll): the number of tokens and each term's frequency, but
// without making a token per word, a string per term, a map per text or the merge. The frequencies are in a
// buffer from getFreqBuf, for the caller to release once it is done with them. ok is false if it cannot (another
// tokenizer, or filters that are not per-token).
func (m *memoAnalyzer) frequenciesOf(inputs [][]byte, skipFreqNorm bool) (length int, buf *freqBuf, ok bool) {
	if m.off || !m.unicode || len(m.memo) >= memoLimit {
		return 0, nil, false
	}
	m.gen++
	seen := m.seen[:0]
	failed := false
	for _, input := range inputs {
		for _, cf := range m.a.CharFilters {
			input = cf.Filter(input)
		}
		pos := 1
		whole := m.cutter.cut(input, func(b []byte, start, typ int) {
			if failed {
				return
			}
			e := m.memo[string(b)]
			if e == nil {
				tok := &analysis.Token{Term: b, Start: start, End: start + len(b), Position: pos, Type: tokenType(typ)}
				if e = m.filter(tok); e == nil {
					failed = true
					return
				}
			}
			pos++
			if !e.drop {
				length++
				if e.gen != m.gen {
					e.gen, e.n = m.gen, 0
					seen = append(seen, e)
				}
				e.n++
			}
		})
		if failed || !whole {
			m.off = m.off || failed
			clear(seen)
			m.seen = seen[:0]
			return 0, nil, false
		}
	}
	buf = getFreqBuf(len(seen))
	for i, e := range seen {
		tf := &buf.tfs[i]
		tf.Term = e.term
		if !skipFreqNorm {
			tf.SetFrequency(e.n)
		}
		buf.freqs[e.key] = tf
		seen[i] = nil
	}
	m.seen = seen[:0]
	return length, buf, true
}

// tokenType is the unicode tokenizer's token type for a segment type.
func tokenType(segType int) analysis.TokenType {
	switch segType {
	case segment.Ideo, segment.Kana:
		return analysis.Ideographic
	case segment.Number:
		return analysis.Numeric
	}
	return analysis.AlphaNumeric
}

// filter runs the token filters on a copy of one token and remembers the result; nil if they did anything but
// replace or drop it.
func (m *memoAnalyzer) filter(t *analysis.Token) *memoTerm {
	one := *t
	one.Term = slices.Clone(t.Term) // filters may rewrite a term in place
	ts := analysis.TokenStream{&one}
	for _, f := range m.a.TokenFilters {
		ts = f.Filter(ts)
	}
	var e *memoTerm
	switch {
	case len(ts) == 0:
		e = dropTerm
	case len(ts) == 1 && ts[0].Start == t.Start && ts[0].End == t.End && ts[0].Position == t.Position &&
		ts[0].Type == t.Type && ts[0].KeyWord == t.KeyWord:
		// Words with one term ("day", "days") share its entry, which counts the term.
		if e = m.terms[string(ts[0].Term)]; e == nil {
			key := string(ts[0].Term)
			e = &memoTerm{term: []byte(key), key: key}
			m.terms[key] = e
		}
	default:
		return nil
	}
	m.memo[string(t.Term)] = e
	return e
}

// dropTerm is the memo entry of every stop word.
var dropTerm = &memoTerm{drop: true}
