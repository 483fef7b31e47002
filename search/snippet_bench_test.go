package search

import (
	"context"
	"testing"
	"time"
)

// BenchmarkSnippets cuts the snippets of the hits of BenchmarkQuery's queries (KB_BENCH_SITE, or generated
// documents) and nothing else: the hits and their bodies are found before the timer starts.
func BenchmarkSnippets(b *testing.B) {
	ix, jobs := snippetJobs(b)
	defer ix.Close()
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

// BenchmarkFind runs find alone on the bodies of BenchmarkSnippets's hits, as it is ("pairs": passing over words
// between the windows setPairs marks) and looking at every word ("walk"), in turn on the same bodies, so that a busy
// machine slows both alike.
func BenchmarkFind(b *testing.B) {
	ix, all := snippetJobs(b)
	defer ix.Close()
	type job struct {
		sn     *snippeter
		bodies []string
	}
	var jobs []job
	for _, j := range all {
		if j.l.cjk {
			continue
		}
		sn := newSnippeter(j.l.analyzer, j.l.cjk, j.words)
		sn.analyses = j.l.analyses
		jobs = append(jobs, job{sn: sn, bodies: j.bodies})
	}
	// Each loop runs a query's bodies both ways, in turn first, and reports each way's time.
	var spent [2]time.Duration
	i := 0
	for b.Loop() {
		j := jobs[i%len(jobs)]
		was := j.sn.skips
		for k := range 2 {
			skips := (i+k)%2 == 1
			j.sn.skips = was && skips
			t0 := time.Now()
			for _, body := range j.bodies {
				j.sn.find(body)
			}
			spent[b2i(skips)] += time.Since(t0)
		}
		j.sn.skips = was
		i++
	}
	b.ReportMetric(float64(spent[0].Nanoseconds())/float64(i), "walk-ns/op")
	b.ReportMetric(float64(spent[1].Nanoseconds())/float64(i), "pairs-ns/op")
}

// snippetJob is a query's snippet words and the bodies of its hits.
type snippetJob struct {
	l      *langIndex
	words  []word
	bodies []string
}

// snippetJobs runs BenchmarkQuery's queries (KB_BENCH_SITE, or generated documents) on an index it opens and returns
// with each query's words and hits' bodies, for the snippet benchmarks to cut snippets from alone.
func snippetJobs(b *testing.B) (*Index, []snippetJob) {
	dir, vocab := benchQueryIndex(b)
	ix, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	var jobs []snippetJob
	for _, q := range benchQueryMix(vocab, 600) {
		_, l, _ := ix.lookup(q.Lang)
		words := parseQuery(l.analyzer, l.cjk, q.Text, l.rules)
		if len(words) == 0 {
			continue
		}
		sr, err := l.run(context.Background(), words, "", q.Limit)
		if err != nil {
			ix.Close()
			b.Fatal(err)
		}
		j := snippetJob{l: l, words: flatten(words, maxSnippetWords)}
		for _, h := range sr.Hits {
			s, _ := h.Fields[fieldBody].(string)
			j.bodies = append(j.bodies, s)
		}
		jobs = append(jobs, j)
	}
	return ix, jobs
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
