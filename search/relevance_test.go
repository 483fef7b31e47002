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
	"strconv"
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
	"exact",      // words of the title or question as written
	"paraphrase", // the customer's own words and synonyms
	// another inflection: plural/singular, verb forms, Arabic with or without ال, Greek cases, Hebrew with the
	// one-letter words ו ה ב ל כ מ ש joined to a word
	"form",
	"unaccented", // Greek without tonos, French without accents, capitals
	// Arabic without hamza, ه for ة, ي/ى swapped, with tashkeel; Hebrew with or without gershayim and niqqud;
	// Persian with a zero-width non-joiner, a space or neither, in Arabic letters (ي, ك), with Persian digits
	"orthography",
	"typo",     // one wrong, missing, extra or swapped letter in a word of 5+ letters
	"prefix",   // the last word is still being typed
	"question", // a full question as a customer types it
}

type judgedQuery struct {
	Site string   `toml:"site"` // the site the query searches, when a judged set has more than one
	Lang string   `toml:"lang"`
	Q    string   `toml:"q"`
	Kind string   `toml:"kind"`
	Want []string `toml:"want"`
	Note string   `toml:"note"`
}

// key tells a judged query from every other of its set.
func (jq judgedQuery) key() string { return jq.Site + "\x00" + jq.Lang + "\x00" + jq.Q }

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
	qs := loadJudged(t, judgedFile)
	site := buildJudgedSite(t, "../")
	// Every language of the sample site is judged, each with at least 10 queries.
	minimum := map[string]map[string]int{}
	for _, lang := range site.ix.Languages() {
		minimum[lang] = map[string]int{"": 10}
		for kind, n := range judgedMinimum[lang] {
			minimum[lang][kind] = max(minimum[lang][kind], n)
		}
	}
	checkJudgements(t, judgedFile, qs, map[string]judgedSite{"": site}, minimum)
	if t.Failed() {
		return
	}
	judgeSites(t, "the sample site ("+judgedFile+")", qs, map[string]judgedSite{"": site}, nil)
}

// judgedSite is one built site that judged queries search: its output folder, with the static index, and its server
// index.
type judgedSite struct {
	out string
	ix  *search.Index
}

// loadJudged reads a judged set, rejecting keys it does not know.
func loadJudged(t *testing.T, file string) []judgedQuery {
	t.Helper()
	var set judgedSet
	md, err := toml.DecodeFile(file, &set)
	if err != nil {
		t.Fatal(err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		t.Fatalf("%s: unknown keys %v", file, un)
	}
	return set.Query
}

// buildJudgedSite builds the site in siteDir with the real builder into temporary folders and opens its server index.
func buildJudgedSite(t *testing.T, siteDir string) judgedSite {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	idx := filepath.Join(t.TempDir(), "index")
	if _, err := builder.Build(context.Background(), builder.Options{SiteDir: siteDir, Out: out, IndexDir: idx, Theme: themes.Default()}); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(idx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return judgedSite{out: out, ix: ix}
}

// judgeSites runs every judged query on its site's server index and, through search.js under node, on its static
// index, and judges each searcher against the targets; shortfalls are each searcher's ("server", "static") known
// shortfalls (see judge).
func judgeSites(t *testing.T, title string, qs []judgedQuery, sites map[string]judgedSite, shortfalls map[string]map[string]bool) {
	t.Helper()
	t.Run("server", func(t *testing.T) {
		judge(t, title, qs, func(jq judgedQuery) ([]string, error) {
			res, err := sites[jq.Site].ix.Search(context.Background(), search.Query{Text: jq.Q, Lang: jq.Lang, Limit: 10})
			var urls []string
			for _, h := range res.Hits {
				urls = append(urls, h.URL)
			}
			return urls, err
		}, shortfalls["server"])
	})
	t.Run("static", func(t *testing.T) {
		answers := map[string][]string{}
		for _, name := range slices.Sorted(maps.Keys(sites)) {
			var ofSite []judgedQuery
			for _, jq := range qs {
				if jq.Site == name {
					ofSite = append(ofSite, jq)
				}
			}
			static := runStaticClient(t, sites[name].out, ofSite)
			for _, jq := range ofSite {
				answers[jq.key()] = static[jq.Lang+"\x00"+jq.Q]
			}
		}
		judge(t, title, qs, func(jq judgedQuery) ([]string, error) { return answers[jq.key()], nil }, shortfalls["static"])
	})
}

// judge runs the judged queries through one searcher, logs the figures and the misses, and checks the targets but
// the searcher's known shortfalls ("he MRR", "he question s@3"), which it reports.
func judge(t *testing.T, title string, qs []judgedQuery, searcher judgedSearcher, shortfalls map[string]bool) {
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
	fmt.Fprintf(&b, "relevance on %s, Limit 10\n", title)
	fmt.Fprintf(&b, "%-5s %-12s %4s %6s %6s %6s\n", "lang", "kind", "n", "s@1", "s@3", "MRR")
	for _, lang := range langs {
		s := byLang[lang]
		fmt.Fprintf(&b, "%-5s %-12s %4d %6.3f %6.3f %6.3f\n", lang, "ALL", s.n, s.s1(), s.s3(), s.mrr())
		for _, kind := range judgedKinds {
			if k := byKind[lang][kind]; k != nil {
				fmt.Fprintf(&b, "%-5s %-12s %4d %6.3f %6.3f %6.3f\n", "", kind, k.n, k.s1(), k.s3(), k.mrr())
			}
		}
	}
	t.Log(b.String())
	if len(failures) > 0 {
		t.Logf("%d queries without an acceptable answer in the top 3:\n%s", len(failures), strings.Join(failures, "\n"))
	}
	// check fails a figure under its target, unless the target is a known shortfall, which it reports; a known
	// shortfall that is met fails too, so that the list says what is still missed.
	check := func(target string, missed bool, format string, args ...any) {
		switch {
		case missed && shortfalls[target]:
			t.Logf("known shortfall: "+format, args...)
		case missed:
			t.Errorf(format, args...)
		case shortfalls[target]:
			t.Errorf("%s: target met, no longer a shortfall", target)
		}
	}
	for _, lang := range langs {
		s := byLang[lang]
		check(lang+" s@3", s.s3() < minSuccessAt3, "%s: success@3 = %.3f (%d/%d), want at least %.2f", lang, s.s3(), s.at3, s.n, minSuccessAt3)
		check(lang+" MRR", s.mrr() < minMRR, "%s: MRR = %.3f, want at least %.2f", lang, s.mrr(), minMRR)
		for _, kind := range judgedKinds {
			if k := byKind[lang][kind]; k != nil {
				check(lang+" "+kind+" s@3", k.s3() < minKindSuccessAt3, "%s %s: success@3 = %.3f (%d/%d), want at least %.2f", lang, kind, k.s3(), k.at3, k.n, minKindSuccessAt3)
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

// checkJudgements rejects a malformed judged set: unknown sites, languages or kinds, duplicates, fewer queries than
// minimum asks per language (in all, "", and per kind), and target URLs that the site's build did not produce (a page
// without index.html, an FAQ anchor without its id), so that a renamed page or heading shows up as a broken judgement
// rather than as a search failure.
func checkJudgements(t *testing.T, file string, qs []judgedQuery, sites map[string]judgedSite, minimum map[string]map[string]int) {
	t.Helper()
	seen := map[string]bool{}
	count := map[string]int{}        // lang + "\x00" + kind → queries; kind "" for all
	pages := map[string]string{}     // page file → contents
	indexed := map[string][]string{} // site → its index's languages
	for i, jq := range qs {
		where := fmt.Sprintf("%s query %d (%s %q)", file, i+1, jq.Lang, jq.Q)
		site, ok := sites[jq.Site]
		if !ok {
			t.Errorf("%s: no site %q", where, jq.Site)
			continue
		}
		if indexed[jq.Site] == nil {
			indexed[jq.Site] = site.ix.Languages()
		}
		if !slices.Contains(indexed[jq.Site], jq.Lang) {
			t.Errorf("%s: language not in the index (%v)", where, indexed[jq.Site])
		}
		if !slices.Contains(judgedKinds, jq.Kind) {
			t.Errorf("%s: kind %q is not one of %v", where, jq.Kind, judgedKinds)
		}
		if strings.TrimSpace(jq.Q) == "" || len(jq.Want) == 0 {
			t.Errorf("%s: needs q and want", where)
		}
		if seen[jq.key()] {
			t.Errorf("%s: duplicate", where)
		} else {
			seen[jq.key()] = true
		}
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
			file := filepath.Join(site.out, filepath.FromSlash(path), "index.html")
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
	for _, lang := range slices.Sorted(maps.Keys(minimum)) {
		for kind, n := range minimum[lang] {
			if got, of := count[lang+"\x00"+kind], "of kind "+strconv.Quote(kind); got < n {
				if kind == "" {
					of = "in all"
				}
				t.Errorf("%s: %d judged queries for %s %s, want at least %d", file, got, lang, of, n)
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
