package search_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"maps"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"kb/builder"
	"kb/search"
	"kb/themes"
)

// judgedFile holds the project's judged queries for its own sample site (the repository root): customer queries per
// language, each with the URLs that answer it, written from the site's topic list rather than from its articles.
const judgedFile = "testdata/judged.toml"

// Targets on the judged set, for the server and for the static client alike: per language, success@3 and MRR; per
// language and kind, success@3.
const (
	minSuccessAt3     = 0.95
	minMRR            = 0.90
	minKindSuccessAt3 = 0.85
)

// judgedMinimum is how many queries the judged set must hold for its main languages: in all, and of the kinds that
// customers write most and writers anticipate least.
var judgedMinimum = map[string]map[string]int{
	"en": {"": 40, "paraphrase": 10, "question": 10},
	"ar": {"": 40, "paraphrase": 10, "question": 10},
	"el": {"": 40, "paraphrase": 10, "question": 10},
}

// judgedKinds are the kinds of query the judged set covers; every query has one.
var judgedKinds = []string{
	"exact",       // words of the title or question as written
	"paraphrase",  // the customer's own words and synonyms
	"form",        // another inflection: plural/singular, verb forms, Arabic with or without ال, Greek cases
	"unaccented",  // Greek without tonos, French without accents, capitals
	"orthography", // Arabic without hamza, ه for ة, ي/ى swapped, with tashkeel
	"typo",        // one wrong, missing, extra or swapped letter in a word of 5+ letters
	"prefix",      // the last word is still being typed
	"question",    // a full question as a customer types it
}

type judgedQuery struct {
	Lang string   `toml:"lang"`
	Q    string   `toml:"q"`
	Kind string   `toml:"kind"`
	Want []string `toml:"want"`
	Note string   `toml:"note"`
}

type judgedSet struct {
	Query []judgedQuery `toml:"query"`
}

// judgedStats accumulates success@1, success@3 and reciprocal rank over queries.
type judgedStats struct {
	n, at1, at3 int
	rr          float64
}

func (s *judgedStats) add(rank int) {
	s.n++
	if rank == 1 {
		s.at1++
	}
	if rank >= 1 && rank <= 3 {
		s.at3++
	}
	if rank > 0 {
		s.rr += 1 / float64(rank)
	}
}

func (s judgedStats) s1() float64  { return judgedRatio(s.at1, s.n) }
func (s judgedStats) s3() float64  { return judgedRatio(s.at3, s.n) }
func (s judgedStats) mrr() float64 { return s.rr / float64(max(s.n, 1)) }

func judgedRatio(a, b int) float64 { return float64(a) / float64(max(b, 1)) }

// judgedHits answers one judged query with the URLs of its top 10 hits, best first.
type judgedSearcher func(jq judgedQuery) ([]string, error)

// TestJudged builds the sample site with the real builder and runs every judged query against the server index and
// against the static index through search.js under node, reporting success@1, success@3 and MRR per language and per
// kind (go test -v). It fails when a figure is under its target.
func TestJudged(t *testing.T) {
	var set judgedSet
	md, err := toml.DecodeFile(judgedFile, &set)
	if err != nil {
		t.Fatal(err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		t.Fatalf("%s: unknown keys %v", judgedFile, un)
	}

	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "public")
	idx := filepath.Join(t.TempDir(), "index")
	if _, err := builder.Build(ctx, builder.Options{SiteDir: "../", Out: out, IndexDir: idx, Theme: themes.Default()}); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(idx)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	checkJudgements(t, set.Query, out, ix.Languages())
	if t.Failed() {
		return
	}

	t.Run("server", func(t *testing.T) {
		judge(t, set.Query, func(jq judgedQuery) ([]string, error) {
			res, err := ix.Search(ctx, search.Query{Text: jq.Q, Lang: jq.Lang, Limit: 10})
			var urls []string
			for _, h := range res.Hits {
				urls = append(urls, h.URL)
			}
			return urls, err
		})
	})
	t.Run("static", func(t *testing.T) {
		answers := runStaticClient(t, out, set.Query)
		judge(t, set.Query, func(jq judgedQuery) ([]string, error) { return answers[jq.Lang+"\x00"+jq.Q], nil })
	})
}

// judge runs the judged queries through one searcher, logs the figures and the misses, and checks the targets.
func judge(t *testing.T, qs []judgedQuery, searcher judgedSearcher) {
	t.Helper()
	byLang := map[string]*judgedStats{}
	byKind := map[string]map[string]*judgedStats{} // lang → kind
	var failures []string
	for _, jq := range qs {
		urls, err := searcher(jq)
		if err != nil {
			t.Fatalf("%s %q: %v", jq.Lang, jq.Q, err)
		}
		rank := 0
		for i, u := range urls {
			if slices.Contains(jq.Want, canonicalURL(u)) {
				rank = i + 1
				break
			}
		}
		if byLang[jq.Lang] == nil {
			byLang[jq.Lang] = &judgedStats{}
			byKind[jq.Lang] = map[string]*judgedStats{}
		}
		byLang[jq.Lang].add(rank)
		if byKind[jq.Lang][jq.Kind] == nil {
			byKind[jq.Lang][jq.Kind] = &judgedStats{}
		}
		byKind[jq.Lang][jq.Kind].add(rank)

		if rank < 1 || rank > 3 {
			failures = append(failures, describeFailure(jq, rank, urls))
		}
	}

	langs := slices.Sorted(maps.Keys(byLang))
	var b strings.Builder
	fmt.Fprintf(&b, "relevance on the sample site (%s, Limit 10)\n", judgedFile)
	fmt.Fprintf(&b, "%-4s %-12s %4s %6s %6s %6s\n", "lang", "kind", "n", "s@1", "s@3", "MRR")
	for _, lang := range langs {
		s := byLang[lang]
		fmt.Fprintf(&b, "%-4s %-12s %4d %6.3f %6.3f %6.3f\n", lang, "ALL", s.n, s.s1(), s.s3(), s.mrr())
		for _, kind := range judgedKinds {
			if k := byKind[lang][kind]; k != nil {
				fmt.Fprintf(&b, "%-4s %-12s %4d %6.3f %6.3f %6.3f\n", "", kind, k.n, k.s1(), k.s3(), k.mrr())
			}
		}
	}
	t.Log(b.String())
	if len(failures) > 0 {
		t.Logf("%d queries without an acceptable answer in the top 3:\n%s", len(failures), strings.Join(failures, "\n"))
	}
	for _, lang := range langs {
		s := byLang[lang]
		if s.s3() < minSuccessAt3 {
			t.Errorf("%s: success@3 = %.3f (%d/%d), want at least %.2f", lang, s.s3(), s.at3, s.n, minSuccessAt3)
		}
		if s.mrr() < minMRR {
			t.Errorf("%s: MRR = %.3f, want at least %.2f", lang, s.mrr(), minMRR)
		}
		for _, kind := range judgedKinds {
			if k := byKind[lang][kind]; k != nil && k.s3() < minKindSuccessAt3 {
				t.Errorf("%s %s: success@3 = %.3f (%d/%d), want at least %.2f", lang, kind, k.s3(), k.at3, k.n, minKindSuccessAt3)
			}
		}
	}
}

// runStaticClient runs every judged query through the theme's search.js under node, each on a fresh copy of the
// static index in out (a first search, as a reader's), and returns the URLs of the top 10 hits by language and query.
func runStaticClient(t *testing.T, out string, qs []judgedQuery) map[string][]string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not on PATH")
	}
	js, err := filepath.Abs("../themes/default/assets/search.js")
	if err != nil {
		t.Fatal(err)
	}
	var req struct {
		Queries []map[string]any `json:"queries"`
	}
	for _, jq := range qs {
		req.Queries = append(req.Queries, map[string]any{"base": "/_kb/search/" + jq.Lang + "/", "q": jq.Q, "limit": 10})
	}
	reqFile := filepath.Join(t.TempDir(), "req.json")
	data, _ := json.Marshal(req)
	if err := os.WriteFile(reqFile, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "static/testdata/run.js", js, out, reqFile)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	var res struct {
		Queries []struct {
			Hits []struct {
				URL string `json:"url"`
			} `json:"hits"`
		} `json:"queries"`
	}
	if err := json.Unmarshal(stdout, &res); err != nil || len(res.Queries) != len(qs) {
		t.Fatalf("node output (%v): %.300s", err, stdout)
	}
	answers := map[string][]string{}
	for i, jq := range qs {
		var urls []string
		for _, h := range res.Queries[i].Hits {
			urls = append(urls, h.URL)
		}
		answers[jq.Lang+"\x00"+jq.Q] = urls
	}
	return answers
}

// checkJudgements rejects a malformed judged set: unknown languages or kinds, duplicates, too few queries, and
// target URLs that the build did not produce (a page without index.html, an FAQ anchor without its id), so that a
// renamed page or heading shows up as a broken judgement rather than as a search failure.
func checkJudgements(t *testing.T, qs []judgedQuery, out string, indexed []string) {
	t.Helper()
	seen := map[string]bool{}
	count := map[string]int{}
	pages := map[string]string{} // page file → contents
	for i, jq := range qs {
		where := fmt.Sprintf("%s query %d (%s %q)", judgedFile, i+1, jq.Lang, jq.Q)
		if !slices.Contains(indexed, jq.Lang) {
			t.Errorf("%s: language not in the index (%v)", where, indexed)
		}
		if !slices.Contains(judgedKinds, jq.Kind) {
			t.Errorf("%s: kind %q is not one of %v", where, jq.Kind, judgedKinds)
		}
		if strings.TrimSpace(jq.Q) == "" || len(jq.Want) == 0 {
			t.Errorf("%s: needs q and want", where)
		}
		if key := jq.Lang + "\x00" + jq.Q; seen[key] {
			t.Errorf("%s: duplicate", where)
		} else {
			seen[key] = true
		}
		count[jq.Lang]++
		count[jq.Lang+"\x00"]++
		count[jq.Lang+"\x00"+jq.Kind]++
		for _, w := range jq.Want {
			if w != canonicalURL(w) {
				t.Errorf("%s: want %q: write it as %q", where, w, canonicalURL(w))
				continue
			}
			path, anchor, _ := strings.Cut(w, "#")
			if !strings.HasPrefix(path, "/"+jq.Lang+"/") || !strings.HasSuffix(path, "/") {
				t.Errorf("%s: want %q is not a page of /%s/", where, w, jq.Lang)
				continue
			}
			file := filepath.Join(out, filepath.FromSlash(path), "index.html")
			body, ok := pages[file]
			if !ok {
				b, err := os.ReadFile(file)
				if err != nil {
					t.Errorf("%s: want %q: the build has no such page", where, w)
					continue
				}
				body = string(b)
				pages[file] = body
			}
			if anchor != "" && !strings.Contains(body, `id="`+html.EscapeString(anchor)+`"`) {
				t.Errorf("%s: want %q: the page has no element with that id", where, w)
			}
		}
	}
	for _, lang := range indexed {
		if count[lang] < 10 {
			t.Errorf("%s: %d judged queries for %s, want at least 10", judgedFile, count[lang], lang)
		}
		for kind, n := range judgedMinimum[lang] {
			if count[lang+"\x00"+kind] < n {
				t.Errorf("%s: %d judged queries for %s of kind %q, want at least %d", judgedFile, count[lang+"\x00"+kind], lang, kind, n)
			}
		}
	}
}

// canonicalURL unescapes a URL's path and fragment, so that "/ar/x/#%D9%85" and "/ar/x/#م" compare equal.
func canonicalURL(u string) string {
	if s, err := url.PathUnescape(u); err == nil {
		return s
	}
	return u
}

func describeFailure(jq judgedQuery, rank int, urls []string) string {
	var b strings.Builder
	at := "not in the top 10"
	if rank > 0 {
		at = fmt.Sprintf("first acceptable at rank %d", rank)
	}
	fmt.Fprintf(&b, "  %s [%s] %q: %s; want %s", jq.Lang, jq.Kind, jq.Q, at, strings.Join(jq.Want, " | "))
	for i, u := range urls[:min(3, len(urls))] {
		fmt.Fprintf(&b, "\n      %d. %s", i+1, u)
	}
	if len(urls) == 0 {
		b.WriteString("\n      (no hits)")
	}
	return b.String()
}
