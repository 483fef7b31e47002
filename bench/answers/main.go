// Command answers writes the whole answers (hits, order, scores, snippets,
// totals) of a list of search request paths, run in turn against a built
// index, one JSON line per query, took_ms left out. Two versions of kb whose
// files differ answer differently: a change meant to make search cheaper
// must leave the file as it was.
//
//	go run ./bench/answers -index SITE/.kb/search -paths unique.txt -n 6000 -out answers.jsonl
//
// With -site, the answers are the static search's: search.js's core (-searchjs)
// runs each query under node against the static index of the built output
// folder, as a browser with no search server would, at the request's limit,
// with snippets. -static-limits answers each query once per limit listed
// instead (a comma-separated list: 6 for suggestions, 20 for the results
// page), and -space also answers it with a space after it (a query typed to
// its end, whose last word is no longer completed).
//
//	go run ./bench/answers -site OUT -searchjs themes/default/assets/search.js -paths unique.txt -out static.jsonl
//
// The request paths are those bench/loadgen -paths writes.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"kb/bench/corpus"
	"kb/search"
)

func main() {
	index := flag.String("index", "", "index folder written by kb build (SITE/.kb/search)")
	site := flag.String("site", "", "output folder written by kb build: answer with its static index instead")
	searchJS := flag.String("searchjs", "themes/default/assets/search.js", "with -site: search.js, loaded by node")
	node := flag.String("node", "node", "with -site: the node binary")
	limits := flag.String("static-limits", "", "with -site: answer each query at each of these limits (comma-separated) rather than at its own")
	space := flag.Bool("space", false, "with -site: also answer each query with a space after it")
	paths := flag.String("paths", "", "file of request paths, as bench/loadgen -paths writes them")
	n := flag.Int("n", 4000, "how many of the paths to run")
	out := flag.String("out", "", "file to write the answers to")
	flag.Parse()
	if (*index == "") == (*site == "") || *paths == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	var err error
	if *site != "" {
		err = runStatic(*site, *searchJS, *node, *paths, *out, *n, *limits, *space)
	} else {
		err = run(*index, *paths, *out, *n)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "answers:", err)
		os.Exit(1)
	}
}

func run(indexDir, pathsFile, out string, n int) error {
	ix, err := search.Open(indexDir)
	if err != nil {
		return err
	}
	defer ix.Close()
	reqs, err := corpus.ReadRequests(pathsFile)
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for i, r := range reqs {
		if i == n {
			break
		}
		q := search.Query{Text: r.Text, Lang: r.Lang, Section: r.Section, Limit: r.Limit}
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			return fmt.Errorf("%+v: %w", q, err)
		}
		res.TookMS = 0
		if err := enc.Encode(struct {
			Q search.Query
			R search.Result
		}{q, res}); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// staticJS runs search.js's core under node: node run.js SEARCH_JS SITE
// REQUEST.json, fetch reading the site's files. One index per language
// answers all its queries, as one page's searches share one: the files a
// query fetched are there for the next.
const staticJS = `const fs = require('fs');
const path = require('path');
const [, , js, site, reqFile] = process.argv;
const kb = require(js);
const req = JSON.parse(fs.readFileSync(reqFile, 'utf8'));
const greeklish = () => Promise.resolve(require(path.join(path.dirname(js), 'greeklish.js')));
const get = async url => {
  try {
    return new Response(fs.readFileSync(path.join(site, url.split('?')[0])));
  } catch (e) {
    return new Response('', { status: 404 });
  }
};
const indexes = new Map();
(async () => {
  for (const q of req) {
    const base = '/_kb/search/' + q.lang + '/';
    if (!indexes.has(base)) indexes.set(base, kb.open(base, get, greeklish));
    const r = await indexes.get(base).search(q.q, q.limit, true).catch(e => ({ error: e.message }));
    process.stdout.write(JSON.stringify({ Q: q, R: r }) + '\n');
  }
})().catch(e => { console.error(e); process.exit(1); });
`

// runStatic writes the static search's answers to the first n requests of
// pathsFile (see main).
func runStatic(site, searchJS, node, pathsFile, out string, n int, limits string, space bool) error {
	reqs, err := corpus.ReadRequests(pathsFile)
	if err != nil {
		return err
	}
	type staticQuery struct {
		Lang  string `json:"lang"`
		Q     string `json:"q"`
		Limit int    `json:"limit"`
	}
	var qs []staticQuery
	for i, r := range reqs {
		if i == n {
			break
		}
		texts := []string{r.Text}
		if space {
			texts = append(texts, r.Text+" ")
		}
		ls := []int{r.Limit}
		if limits != "" {
			ls = nil
			for _, s := range strings.Split(limits, ",") {
				l, err := strconv.Atoi(s)
				if err != nil {
					return fmt.Errorf("-static-limits: %w", err)
				}
				ls = append(ls, l)
			}
		}
		for _, text := range texts {
			for _, l := range ls {
				qs = append(qs, staticQuery{r.Lang, text, l})
			}
		}
	}
	tmp, err := os.MkdirTemp("", "answers")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	runFile, reqFile := filepath.Join(tmp, "run.js"), filepath.Join(tmp, "req.json")
	data, _ := json.Marshal(qs)
	if err := os.WriteFile(reqFile, data, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(runFile, []byte(staticJS), 0o644); err != nil {
		return err
	}
	js, err := filepath.Abs(searchJS)
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	cmd := exec.Command(node, runFile, js, site, reqFile)
	cmd.Stdout, cmd.Stderr = f, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("node: %w", err)
	}
	return f.Close()
}
