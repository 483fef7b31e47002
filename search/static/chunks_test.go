package static

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// An edit of a few documents rewrites only the posting chunks whose
// postings it changes, whether it uses words the site has or new ones: the
// other chunks' files are byte for byte the last build's, under the same
// names, so that a deploy uploads, and a cached build writes, those files
// only rather than every chunk.
func TestEditLeavesOtherPostingChunks(t *testing.T) {
	for _, corpus := range []struct {
		name string
		docs []Doc
	}{
		{"many rare words", synthCorpus(3000, 5)},
		// Common words with a chunk each: a new word sorts between two
		// of them.
		{"common words", commonWordsCorpus(6000, 40)},
	} {
		t.Run(corpus.name, func(t *testing.T) {
			docs := corpus.docs
			before, err := Build("en", docs, testAnalyzer)
			if err != nil {
				t.Fatal(err)
			}
			chunks := 0
			for name := range before {
				if strings.Contains(name, "/p/") {
					chunks++
				}
			}
			if chunks < 40 {
				t.Fatalf("%d posting chunks: too few for this test", chunks)
			}
			for _, edit := range []struct {
				name string
				add  func(i int) string
			}{
				{"words the site has", func(i int) string { return " " + docs[i+1].Title }},
				{"new words", func(i int) string {
					return fmt.Sprintf(" this sentence was added for the cached build benchmark (%d)", i)
				}},
				{"new words among the common ones", func(i int) string {
					return fmt.Sprintf(" aed%d aoo%d aulu%d", i, i, i)
				}},
			} {
				changed := slices.Clone(docs)
				for _, i := range []int{100, 1500, 1900} {
					changed[i].Body += edit.add(i)
				}
				after, err := Build("en", changed, testAnalyzer)
				if err != nil {
					t.Fatal(err)
				}
				// A chunk with new postings is rewritten; one whose
				// postings are the last build's under another number
				// moved, and need not have.
				held := map[string]bool{}
				for name, data := range before {
					if strings.Contains(name, "/p/") {
						held[string(data)] = true
					}
				}
				rewritten, moved := 0, 0
				for name, data := range after {
					if strings.Contains(name, "/p/") && string(before[name]) != string(data) {
						rewritten++
						if held[string(data)] {
							moved++
						}
					}
				}
				// Three documents' postings: a few chunks each.
				if rewritten > chunks/4 {
					t.Errorf("%s: editing 3 of %d documents rewrote %d of %d posting chunks", edit.name, len(docs), rewritten, chunks)
				}
				if moved > 0 {
					t.Errorf("%s: editing 3 of %d documents moved %d of %d posting chunks to other numbers", edit.name, len(docs), moved, chunks)
				}
				t.Logf("%s: %d of %d posting chunks rewritten, %d of them moved", edit.name, rewritten, chunks, moved)
			}
		})
	}
}

// commonWordsCorpus makes n documents, each with about half of common
// made-up words, whose postings are big enough for a chunk each, and
// rare ones from a long list. The common words start with a, and no
// other word does.
func commonWordsCorpus(n, common int) []Doc {
	r := rand.New(rand.NewPCG(9, 9))
	word := func(first string) string {
		var b strings.Builder
		b.WriteString(first)
		for range 5 + r.IntN(5) {
			b.WriteByte(byte('b' + r.IntN(25)))
		}
		return b.String()
	}
	// The common words sort together before the rare ones, as words of
	// another script do.
	commons := make([]string, common)
	for i := range commons {
		commons[i] = word("a")
	}
	rares := make([]string, 10*n)
	for i := range rares {
		rares[i] = word("")
	}
	docs := make([]Doc, n)
	for i := range docs {
		var body []string
		for _, w := range commons {
			if r.IntN(2) == 0 {
				body = append(body, w)
			}
		}
		for range 20 {
			body = append(body, rares[r.IntN(len(rares))])
		}
		r.Shuffle(len(body), func(i, j int) { body[i], body[j] = body[j], body[i] })
		docs[i] = Doc{URL: fmt.Sprintf("/en/help/article-%04d/", i), Title: strings.Join(body[:4], " "), SectionTitle: "Help", Body: strings.Join(body[4:], " ")}
	}
	return docs
}

// BenchmarkEncodeChunks weighs and encodes every posting of 3,000
// documents, as a build from nothing does.
func BenchmarkEncodeChunks(b *testing.B) {
	docs := synthCorpus(3000, 5)
	lens := make([][nFields]int, len(docs))
	al, err := analyzeDocs(context.Background(), "en", docs, testAnalyzer, nil, false, lens, make([]string, len(docs)))
	if err != nil {
		b.Fatal(err)
	}
	terms := slices.Collect(maps.Values(al.byName))
	var avg [nFields]float64
	for f := range avg {
		avg[f] = stableAverage(max(al.total[f]/float64(len(docs)), 1))
	}
	for b.Loop() {
		encodeChunk(terms, lengthNorms(lens, avg), true)
	}
}
