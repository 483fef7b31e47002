package search

import (
	"context"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"kb/bench/corpus"
)

// BenchmarkQuery runs distinct one-to-three-word queries through Index.Search, snippets included, as the search
// server does for queries its cache has not seen. With KB_BENCH_SITE set to a generated corpus that kb build has
// indexed (its .kb/search), the words come from the corpus's articles, as bench/run's load test draws them;
// otherwise from 1,000 generated documents per language. With KB_BENCH_PATHS set to a file of request paths
// (bench/loadgen -paths), "paths" runs those queries in turn. Profile with -cpuprofile.
func BenchmarkQuery(b *testing.B) {
	dir, vocab := benchQueryIndex(b)
	ix, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	qs := benchQueryMix(vocab, 3000)
	for _, n := range []int{1, 2, 3} {
		b.Run(map[int]string{1: "one-word", 2: "two-words", 3: "three-words"}[n], func(b *testing.B) {
			var sel []Query
			for _, q := range qs {
				if len(strings.Fields(q.Text)) == n {
					sel = append(sel, q)
				}
			}
			benchQueries(b, ix, sel)
		})
	}
	b.Run("mixed", func(b *testing.B) { benchQueries(b, ix, qs) })
	if file := os.Getenv("KB_BENCH_PATHS"); file != "" {
		b.Run("paths", func(b *testing.B) { benchQueries(b, ix, readPaths(b, file)) })
	}
}

// benchQueryMix draws n queries of one to three words of vocab, in random languages.
func benchQueryMix(vocab map[string][]string, n int) []Query {
	rng := rand.New(rand.NewPCG(1, 1))
	var qs []Query
	langs := slices.Sorted(maps.Keys(vocab))
	for range n {
		lang := langs[rng.IntN(len(langs))]
		words := make([]string, 1+rng.IntN(3))
		for i := range words {
			words[i] = vocab[lang][rng.IntN(len(vocab[lang]))]
		}
		qs = append(qs, Query{Text: strings.Join(words, " "), Lang: lang, Limit: 10})
	}
	return qs
}

// readPaths reads the queries of the request paths bench/loadgen -paths writes (the load test's own mix of
// queries), for BenchmarkQuery with KB_BENCH_PATHS set.
func readPaths(b *testing.B, file string) []Query {
	reqs, err := corpus.ReadRequests(file)
	if err != nil {
		b.Fatal(err)
	}
	qs := make([]Query, len(reqs))
	for i, r := range reqs {
		qs[i] = Query{Text: r.Text, Lang: r.Lang, Section: r.Section, Limit: r.Limit}
	}
	return qs
}

// benchQueries runs qs in turn and reports the median and 99th percentile besides the mean.
func benchQueries(b *testing.B, ix *Index, qs []Query) {
	lat := make([]time.Duration, 0, b.N)
	cpu := cpuTime()
	i := 0
	for b.Loop() {
		t0 := time.Now()
		if _, err := ix.Search(context.Background(), qs[i%len(qs)]); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		i++
	}
	reportCPU(b, cpu)
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// benchQueryIndex returns the index to query and each language's query vocabulary.
func benchQueryIndex(b *testing.B) (string, map[string][]string) {
	site := os.Getenv("KB_BENCH_SITE")
	if site == "" {
		docs := genDocs(1000)
		dir := filepath.Join(b.TempDir(), "index")
		if err := Build(context.Background(), dir, docs); err != nil {
			b.Fatal(err)
		}
		return dir, benchWords
	}
	dir := filepath.Join(site, ".kb", "search")
	m, err := readManifest(dir)
	if err != nil {
		b.Fatalf("KB_BENCH_SITE: %v (run kb build -s %s first)", err, site)
	}
	vocab := map[string][]string{}
	for _, l := range m.Languages {
		count, err := corpus.WordCounts(filepath.Join(site, "content", l.Lang), 300, 3)
		if err != nil {
			b.Fatal(err)
		}
		if len(count) > 0 {
			vocab[l.Lang] = slices.Sorted(maps.Keys(count))
		}
	}
	return dir, vocab
}
