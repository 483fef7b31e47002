package search

import (
	"context"
	"testing"
)

// BenchmarkSnippets cuts the snippets of the hits of BenchmarkQuery's queries (KB_BENCH_SITE, or generated
// documents) and nothing else: the hits and their bodies are found before the timer starts.
func BenchmarkSnippets(b *testing.B) {
	dir, vocab := benchQueryIndex(b)
	ix, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	type job struct {
		l      *langIndex
		words  []word
		bodies []string
	}
	var jobs []job
	for _, q := range benchQueryMix(vocab, 600) {
		l, _ := ix.lookup(q.Lang)
		words := parseQuery(l.analyzer, l.cjk, q.Text, l.rules)
		if len(words) == 0 {
			continue
		}
		sr, err := l.run(context.Background(), words, "", q.Limit)
		if err != nil {
			b.Fatal(err)
		}
		j := job{l: l, words: flatten(words, maxSnippetWords)}
		for _, h := range sr.Hits {
			s, _ := h.Fields[fieldBody].(string)
			j.bodies = append(j.bodies, s)
		}
		jobs = append(jobs, j)
	}
	b.ResetTimer()
	cpu := cpuTime()
	i := 0
	for b.Loop() {
		j := jobs[i%len(jobs)]
		sn := newSnippeter(j.l.analyzer, j.l.cjk, j.words)
		sn.analyses = j.l.analyses
		for _, body := range j.bodies {
			sn.snippet(body)
		}
		sn.release()
		i++
	}
	reportCPU(b, cpu)
}
