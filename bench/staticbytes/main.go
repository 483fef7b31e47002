// Command staticbytes measures what a browser downloads from a built kb site:
//
//   - a first static search with 5 results: it serves the output folder over
//     HTTP on loopback, runs search.js's core under node against it (a fresh
//     index per query, as on a first search) and adds up the bytes of every
//     file fetched, plus search.js itself gzipped, and greeklish.js gzipped
//     when a query loads it;
//   - an article page: its HTML, stylesheets and scripts, each gzipped at the
//     default level as a server would send it (as browser_test/weight_test.go).
//
// Usage:
//
//	go run ./bench/staticbytes -out /tmp/kb-bench/out10k -content /tmp/kb-bench/c10k/content -searchjs themes/default/assets/search.js
//
// The queries, 5 per language, are drawn from the corpus's vocabulary: its
// most frequent word, a middling and a rare one, two middling words, and a
// middling word with two letters swapped (a typo), then more of the same
// kinds; the first 5 that find at least 5 results are counted (a stop word
// finds nothing, and a search without results fetches less). Then, apart,
// the queries of two common words of the benchmark corpus (commonPairs),
// whose postings lists are the longest a query fetches. The lines
// "static_bytes median=… max=…", "common_pairs median=… max=…" and
// "page_weight median=… max=…" are for bench/run.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"kb/bench/corpus"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// runJS runs search.js's core under node against the served output:
// node run.js SEARCH_JS ORIGIN REQUEST.json. fetch goes over HTTP; every
// response's body size is recorded as transferred.
const runJS = `const fs = require('fs');
const path = require('path');
const [, , js, origin, reqFile] = process.argv;
const kb = require(js);
const req = JSON.parse(fs.readFileSync(reqFile, 'utf8'));
let fetched = [];
const greeklish = () => {
  fetched.push(['greeklish.js', req.greeklishGz, 'gzip']);
  return Promise.resolve(require(path.join(path.dirname(js), 'greeklish.js')));
};
const get = async (url, opts) => {
  const r = await fetch(origin + url, opts);
  const body = await r.arrayBuffer();
  fetched.push([url.split('?')[0], body.byteLength, r.headers.get('content-encoding') || '']);
  return new Response(body, { status: r.status });
};
(async () => {
  const out = [];
  for (const q of req.queries) {
    const index = kb.open(q.base, get, greeklish);
    fetched = [];
    const r = await index.search(q.q, 5);
    out.push({ q: q.q, total: r.total, hits: r.hits.length, files: fetched });
  }
  process.stdout.write(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
`

func main() {
	out := flag.String("out", "", "the built site (kb build -o)")
	content := flag.String("content", "", "the corpus's content/ folder, for the query vocabulary")
	searchJS := flag.String("searchjs", "themes/default/assets/search.js", "search.js, loaded by node")
	langs := flag.String("langs", "en,ar,el", "languages")
	node := flag.String("node", "node", "the node binary")
	verbose := flag.Bool("v", false, "list every file fetched")
	flag.Parse()
	if err := run(*out, *content, *searchJS, *node, strings.Split(*langs, ","), *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "staticbytes:", err)
		os.Exit(1)
	}
}

// commonPairs are, per language, queries of two of the commonest words of
// the benchmark corpus (bench/gencorpus's vocabulary), none a stop word:
// words in most documents, whose whole postings lists are tens of
// kilobytes. They are measured as they are, whatever the corpus.
var commonPairs = map[string][]string{
	"en": {"order account", "refund payment", "delivery address", "return item"},
	"ar": {"الطلب الحساب", "الاسترداد الدفع", "التوصيل العنوان", "الإرجاع المنتج"},
	"el": {"παραγγελία λογαριασμός", "επιστροφή πληρωμή", "παράδοση διεύθυνση", "ημέρες προϊόν"},
}

type result struct {
	Q     string
	Total int
	Hits  int
	Files [][3]any
}

func run(out, content, searchJS, node string, langs []string, verbose bool) error {
	if out == "" || content == "" {
		return errors.New("-out and -content are required")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer ln.Close()
	go http.Serve(ln, http.FileServer(http.Dir(out)))
	origin := "http://" + ln.Addr().String()

	// What the browser fetches besides the index: the built search.js.
	built, err := filepath.Glob(filepath.Join(out, "_kb", "search.*.js"))
	if err != nil || len(built) != 1 {
		return fmt.Errorf("search.js in %s/_kb: found %v", out, built)
	}
	js, err := os.ReadFile(built[0])
	if err != nil {
		return err
	}
	jsGz := gzipSize(js)
	fmt.Printf("%s: %d bytes, %d gzipped\n", filepath.Base(built[0]), len(js), jsGz)
	// And greeklish.js, which search.js loads for a query that needs it.
	greeklishGz := 0
	if built, _ := filepath.Glob(filepath.Join(out, "_kb", "greeklish.*.js")); len(built) == 1 {
		if js, err := os.ReadFile(built[0]); err == nil {
			greeklishGz = gzipSize(js)
			fmt.Printf("%s: %d bytes, %d gzipped, when a query needs it\n", filepath.Base(built[0]), len(js), greeklishGz)
		}
	}

	// The static search.
	type req struct {
		Base string `json:"base"`
		Q    string `json:"q"`
	}
	var reqs []req
	var qlang []string
	for _, lang := range langs {
		words, err := vocabulary(filepath.Join(content, lang), 300)
		if err != nil {
			return err
		}
		if len(words) < 10 {
			return fmt.Errorf("%s: only %d words", lang, len(words))
		}
		// Candidates in order of preference; the first 5 that find at least
		// 5 results are measured (a stop word finds nothing).
		mid, rare := len(words)/4, len(words)*9/10
		cands := []string{words[0], words[mid], words[rare], words[mid] + " " + words[mid+1], swap(words[mid])}
		for i := 1; i <= 10; i++ {
			cands = append(cands, words[i], words[mid+2*i], words[rare-i], swap(words[mid+2*i]))
		}
		for _, q := range cands {
			reqs = append(reqs, req{"/_kb/search/" + lang + "/", q})
			qlang = append(qlang, lang)
		}
	}
	// The common pairs follow the candidates: their results are reqs[pairsFrom:].
	pairsFrom := len(reqs)
	for _, lang := range langs {
		for _, q := range commonPairs[lang] {
			reqs = append(reqs, req{"/_kb/search/" + lang + "/", q})
			qlang = append(qlang, lang)
		}
	}
	tmp, err := os.MkdirTemp("", "staticbytes")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	runFile, reqFile := filepath.Join(tmp, "run.js"), filepath.Join(tmp, "req.json")
	data, _ := json.Marshal(map[string]any{"queries": reqs, "greeklishGz": greeklishGz})
	if err := os.WriteFile(reqFile, data, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(runFile, []byte(runJS), 0o644); err != nil {
		return err
	}
	absJS, err := filepath.Abs(searchJS)
	if err != nil {
		return err
	}
	cmd := exec.Command(node, runFile, absJS, origin, reqFile)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("node: %w", err)
	}
	var results []result
	if err := json.Unmarshal(stdout, &results); err != nil {
		return fmt.Errorf("node output: %w", err)
	}
	// bytes reports the ith query's files and returns what they and
	// search.js add up to.
	bytes := func(i int) int {
		r := results[i]
		sum := jsGz
		kinds := map[string]int{}
		for _, f := range r.Files {
			size := int(f[1].(float64))
			sum += size
			rel := strings.TrimPrefix(f[0].(string), reqs[i].Base)
			kind, _, _ := strings.Cut(rel, "/")
			kinds[kind] += size
			if verbose {
				fmt.Printf("    %s %d %s\n", f[0], size, f[2])
			}
		}
		fmt.Printf("  %s %-28q %5d hits, %d shown, %2d files, %6d bytes with search.js (meta %d, vocabulary %d, postings %d, heads %d, docs %d, excerpts %d)\n",
			qlang[i], r.Q, r.Total, r.Hits, len(r.Files), sum, kinds["meta.json.gz"], kinds["v"], kinds["p"], kinds["h"], kinds["d"], kinds["x"])
		return sum
	}
	var all []float64
	perLang := map[string][]float64{}
	for i, r := range results[:pairsFrom] {
		if len(perLang[qlang[i]]) == 5 {
			continue
		}
		if r.Hits < 5 {
			fmt.Printf("  %s %-28q skipped: %d hits\n", qlang[i], r.Q, r.Total)
			continue
		}
		sum := bytes(i)
		all = append(all, float64(sum))
		perLang[qlang[i]] = append(perLang[qlang[i]], float64(sum))
	}
	for _, lang := range langs {
		s := perLang[lang]
		if len(s) == 0 {
			return fmt.Errorf("%s: no query found 5 results", lang)
		}
		slices.Sort(s)
		fmt.Printf("  %s: median %.0f bytes, max %.0f\n", lang, median(s), s[len(s)-1])
	}
	slices.Sort(all)
	fmt.Printf("static_bytes median=%.0f min=%.0f max=%.0f n=%d\n", median(all), all[0], all[len(all)-1], len(all))

	// Two common words, each query counted.
	var pairs []float64
	fmt.Println("  two common words:")
	for i := pairsFrom; i < len(results); i++ {
		pairs = append(pairs, float64(bytes(i)))
	}
	if len(pairs) > 0 {
		slices.Sort(pairs)
		fmt.Printf("common_pairs median=%.0f min=%.0f max=%.0f n=%d\n", median(pairs), pairs[0], pairs[len(pairs)-1], len(pairs))
	}

	// Article page weight: the first article of each language's first
	// section, over HTTP.
	var weights []float64
	for _, lang := range langs {
		page, err := firstArticle(out, lang)
		if err != nil {
			return err
		}
		html, err := get(origin + page)
		if err != nil {
			return err
		}
		total, line := gzipSize(html), fmt.Sprintf("HTML %d B (%d gz)", len(html), gzipSize(html))
		for _, m := range assetRef.FindAllSubmatch(html, -1) {
			body, err := get(origin + string(m[1]))
			if err != nil {
				return err
			}
			gz := gzipSize(body)
			total += gz
			line += fmt.Sprintf(" + %s %d B (%d gz)", m[1], len(body), gz)
		}
		fmt.Printf("  %s: %s = %d bytes compressed\n", page, line, total)
		weights = append(weights, float64(total))
	}
	slices.Sort(weights)
	fmt.Printf("page_weight median=%.0f min=%.0f max=%.0f n=%d\n", median(weights), weights[0], weights[len(weights)-1], len(weights))
	return nil
}

var assetRef = regexp.MustCompile(`<(?:link rel="stylesheet" href|script src)="(/[^"]+)"`)

// firstArticle returns the URL of the first article (in path order) of
// lang's first section that has one.
func firstArticle(out, lang string) (string, error) {
	matches, err := filepath.Glob(filepath.Join(out, lang, "*", "*", "index.html"))
	if err != nil || len(matches) == 0 {
		return "", fmt.Errorf("no article page under %s", filepath.Join(out, lang))
	}
	slices.Sort(matches)
	rel, err := filepath.Rel(out, filepath.Dir(matches[0]))
	if err != nil {
		return "", err
	}
	return "/" + filepath.ToSlash(rel) + "/", nil
}

func get(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return body, err
}

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Len()
}

// swap exchanges two adjacent different letters after the first: one typo.
func swap(w string) string {
	r := []rune(w)
	for i := 1; i+1 < len(r); i++ {
		if r[i] != r[i+1] {
			r[i], r[i+1] = r[i+1], r[i]
			break
		}
	}
	return string(r)
}

// notText is what a reader does not read as words: link targets and code.
var notText = regexp.MustCompile("\\]\\([^)]*\\)|`[^`]*`")

func median(s []float64) float64 {
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}

// vocabulary returns the words (at least 4 letters) of n articles spread
// evenly over dir, most frequent first (ties in byte order).
func vocabulary(dir string, n int) ([]string, error) {
	count, err := corpus.WordCounts(dir, n, 4)
	if err != nil {
		return nil, err
	}
	words := slices.Collect(maps.Keys(count))
	slices.SortFunc(words, func(a, b string) int {
		if count[a] != count[b] {
			return count[b] - count[a]
		}
		return strings.Compare(a, b)
	})
	return words, nil
}
