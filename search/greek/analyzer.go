// Package greek is a bleve analyzer for Greek, which bleve lacks (it has only
// a Greek stop list): accent- and case-insensitive, with a real stemmer, so
// that a search finds every inflected form of a word however it is typed.
package greek

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/el"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// AnalyzerName is the name under which index mappings find the analyzer.
const AnalyzerName = "greek"

// NewAnalyzer assembles the pipeline: Unicode word tokenizer, Fold, bleve's
// Greek stop words (folded the same way, so unaccented and accented stop
// words both go), then Stem. It is safe for concurrent use.
func NewAnalyzer() analysis.Analyzer {
	return &analysis.DefaultAnalyzer{
		Tokenizer: unicode.NewUnicodeTokenizer(),
		TokenFilters: []analysis.TokenFilter{
			FoldFilter{},
			stop.NewStopTokensFilter(stopWords()),
			StemFilter{},
		},
	}
}

// stopWords returns bleve's Greek stop list, folded.
func stopWords() analysis.TokenMap {
	words := analysis.NewTokenMap()
	for _, line := range strings.Split(string(el.GreekStopWords), "\n") {
		if i := strings.IndexAny(line, "#|"); i >= 0 {
			line = line[:i]
		}
		for _, w := range strings.Fields(line) {
			words.AddToken(Fold(w))
		}
	}
	return words
}

// analyzer serves Analyze; it holds no mutable state.
var analyzer = NewAnalyzer()

// Analyze returns the terms the analyzer makes of text, in order: what the
// index stores for a document and what a query is matched with.
func Analyze(text string) []string {
	tokens := analyzer.Analyze([]byte(text))
	terms := make([]string, len(tokens))
	for i, tok := range tokens {
		terms[i] = string(tok.Term)
	}
	return terms
}

// init registers the analyzer and its two filters by name, because a bleve
// index mapping can only refer to analysis components that way.
func init() {
	must(registry.RegisterAnalyzer(AnalyzerName,
		func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
			return NewAnalyzer(), nil
		}))
	must(registry.RegisterTokenFilter(FoldName,
		func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
			return FoldFilter{}, nil
		}))
	must(registry.RegisterTokenFilter(StemName,
		func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
			return StemFilter{}, nil
		}))
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
