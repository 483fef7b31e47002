// Command answers writes the whole answers (hits, order, scores, snippets,
// totals) of a list of search request paths, run in turn against a built
// index, one JSON line per query, took_ms left out. Two versions of kb whose
// files differ answer differently: a change meant to make search cheaper
// must leave the file as it was.
//
//	go run ./bench/answers -index SITE/.kb/search -paths unique.txt -n 6000 -out answers.jsonl
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

	"kb/bench/corpus"
	"kb/search"
)

func main() {
	index := flag.String("index", "", "index folder written by kb build (SITE/.kb/search)")
	paths := flag.String("paths", "", "file of request paths, as bench/loadgen -paths writes them")
	n := flag.Int("n", 4000, "how many of the paths to run")
	out := flag.String("out", "", "file to write the answers to")
	flag.Parse()
	if *index == "" || *paths == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*index, *paths, *out, *n); err != nil {
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
