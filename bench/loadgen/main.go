// Command loadgen measures a kb search server over HTTP: C concurrent
// clients send mixed-language queries of 1-3 words drawn from the corpus's
// vocabulary to GET /api/search until D has passed or N requests were sent,
// then it prints latency percentiles, throughput and errors. It only talks to
// loopback addresses, and stops by itself.
//
//	go run ./bench/loadgen -addr 127.0.0.1:18080 -content /tmp/kb-bench/c10k/content
//
// The last line, "loadgen p50_ms=… p99_ms=… max_ms=… qps=… errors=…", is for
// bench/run.
//
// With -paths FILE it only writes request paths for wrk (bench/search.lua),
// one a line: -distinct of them, all different, or with -zipf a sequence of
// -requests drawn from -distinct queries, the first most often (Zipf, s=1.1),
// as customers repeat popular questions.
//
//	go run ./bench/loadgen -content DIR/content -paths /tmp/unique.txt -distinct 45000
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"kb/bench/corpus"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "the search server, host:port on a loopback address")
	content := flag.String("content", "", "the corpus's content/ folder, for the query vocabulary")
	langs := flag.String("langs", "en,ar,el", "query languages, taken in turn")
	clients := flag.Int("c", 32, "concurrent clients")
	duration := flag.Duration("d", 20*time.Second, "stop after this long")
	limit := flag.Int("n", 20000, "stop after this many requests")
	warmup := flag.Int("warmup", 300, "requests sent before measuring, not counted")
	files := flag.Int("files", 300, "articles per language read for the vocabulary")
	seed := flag.Uint64("seed", 1, "random seed for the queries")
	paths := flag.String("paths", "", "write request paths for wrk to this file instead of sending requests")
	distinct := flag.Int("distinct", 45000, "with -paths: how many different queries")
	zipf := flag.Bool("zipf", false, "with -paths: a Zipf-distributed sequence over the -distinct queries")
	requests := flag.Int("requests", 100000, "with -paths -zipf: how many requests in the sequence")
	flag.Parse()
	if *paths != "" {
		if err := writePaths(*paths, *content, strings.Split(*langs, ","), *files, *distinct, *zipf, *requests, *seed); err != nil {
			fmt.Fprintln(os.Stderr, "loadgen:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*addr, *content, strings.Split(*langs, ","), *clients, *duration, *limit, *warmup, *files, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

type query struct{ lang, q string }

func run(addr, content string, langs []string, clients int, duration time.Duration, limit, warmup, files int, seed uint64) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("%s is not a loopback address", addr)
	}
	if content == "" {
		return errors.New("-content is required")
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	var qs []query
	for _, lang := range langs {
		vocab, err := vocabulary(filepath.Join(content, lang), files)
		if err != nil {
			return err
		}
		if len(vocab) == 0 {
			return fmt.Errorf("no words in %s", filepath.Join(content, lang))
		}
		fmt.Printf("%s: %d words in the query vocabulary\n", lang, len(vocab))
		for range 4000 {
			words := make([]string, 1+rng.IntN(3))
			for i := range words {
				words[i] = vocab[rng.IntN(len(vocab))]
			}
			qs = append(qs, query{lang, strings.Join(words, " ")})
		}
	}
	rng.Shuffle(len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })

	client := &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, DisableCompression: true},
	}
	base := "http://" + addr + "/api/search?"
	do := func(ctx context.Context, q query) (time.Duration, bool, bool) {
		u := base + url.Values{"q": {q.q}, "lang": {q.lang}, "limit": {"10"}}.Encode()
		req, _ := http.NewRequestWithContext(ctx, "GET", u, nil)
		t0 := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return time.Since(t0), false, false
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		took := time.Since(t0)
		return took, err == nil && resp.StatusCode == http.StatusOK, bytes.Contains(body, []byte(`"hits":[{`))
	}

	// Warm up: connections, the page cache, the server's first queries.
	var next atomic.Int64
	var wg sync.WaitGroup
	wctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	for range clients {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(warmup) || wctx.Err() != nil {
					return
				}
				do(wctx, qs[int(i)%len(qs)])
			}
		})
	}
	wg.Wait()
	cancel()

	type sample struct {
		took     time.Duration
		ok, hits bool
		q        int
	}
	results := make([][]sample, clients)
	next.Store(0)
	ctx, cancel := context.WithTimeout(context.Background(), duration)
	defer cancel()
	start := time.Now()
	for c := range clients {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := next.Add(1) - 1
				if i >= int64(limit) {
					return
				}
				qi := (warmup + int(i)) % len(qs)
				took, ok, hits := do(ctx, qs[qi])
				if ctx.Err() != nil && !ok {
					return // cut off by the deadline, not a server error
				}
				results[c] = append(results[c], sample{took, ok, hits, qi})
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)

	var lat []float64
	errs, withHits := 0, 0
	distinct := map[query]bool{}
	for _, rs := range results {
		for _, s := range rs {
			distinct[qs[s.q]] = true
			if !s.ok {
				errs++
				continue
			}
			if s.hits {
				withHits++
			}
			lat = append(lat, float64(s.took.Microseconds())/1000)
		}
	}
	n := len(lat) + errs
	if len(lat) == 0 {
		return fmt.Errorf("no successful request (%d errors)", errs)
	}
	slices.Sort(lat)
	q := func(p float64) float64 { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	qps := float64(n) / elapsed.Seconds()
	fmt.Printf("%d requests from %d clients in %s (%d warm-up not counted): %.0f queries/s, %d errors, %.0f%% with hits, %d distinct queries (a server cache may answer repeats)\n",
		n, clients, elapsed.Round(time.Millisecond), warmup, qps, errs, 100*float64(withHits)/float64(len(lat)), len(distinct))
	fmt.Printf("latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f\n", q(0.50), q(0.90), q(0.99), lat[len(lat)-1])
	fmt.Printf("loadgen p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f qps=%.0f errors=%d requests=%d distinct=%d\n",
		q(0.50), q(0.90), q(0.99), lat[len(lat)-1], qps, errs, n, len(distinct))
	return nil
}

// notText is what a reader does not read as words: link targets and code.
// vocabulary returns the distinct words (at least 3 letters) of n articles
// spread evenly over dir's articles, sorted.
func vocabulary(dir string, n int) ([]string, error) {
	count, err := corpus.WordCounts(dir, n, 3)
	if err != nil {
		return nil, err
	}
	return slices.Sorted(maps.Keys(count)), nil
}

// writePaths writes request paths for wrk: n distinct queries of one to three
// words, languages taken in turn, in random order; or, with zipf, a sequence
// of requests drawn from them with a Zipf distribution.
func writePaths(file, content string, langs []string, files, n int, zipf bool, requests int, seed uint64) error {
	if content == "" {
		return errors.New("-content is required")
	}
	vocab := map[string][]string{}
	for _, lang := range langs {
		v, err := vocabulary(filepath.Join(content, lang), files)
		if err != nil {
			return err
		}
		if len(v) == 0 {
			return fmt.Errorf("no words in %s", filepath.Join(content, lang))
		}
		vocab[lang] = v
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	seen := map[query]bool{}
	var qs []query
	for tries := 0; len(qs) < n; tries++ {
		if tries > 100*n {
			return fmt.Errorf("only %d distinct queries in the vocabulary", len(qs))
		}
		lang := langs[len(qs)%len(langs)]
		words := make([]string, 1+rng.IntN(3))
		for i := range words {
			words[i] = vocab[lang][rng.IntN(len(vocab[lang]))]
		}
		q := query{lang, strings.Join(words, " ")}
		if !seen[q] {
			seen[q] = true
			qs = append(qs, q)
		}
	}
	rng.Shuffle(len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })
	order := make([]int, len(qs))
	for i := range order {
		order[i] = i
	}
	if zipf {
		z := rand.NewZipf(rng, 1.1, 1, uint64(len(qs)-1))
		order = make([]int, requests)
		for i := range order {
			order[i] = int(z.Uint64())
		}
	}
	var b bytes.Buffer
	for _, i := range order {
		b.WriteString("/api/search?" + url.Values{"q": {qs[i].q}, "lang": {qs[i].lang}, "limit": {"10"}}.Encode() + "\n")
	}
	return os.WriteFile(file, b.Bytes(), 0o644)
}
