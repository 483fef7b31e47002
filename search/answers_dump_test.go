package search

import (
	"bufio"
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDumpAnswers writes the whole answers (hits, order, scores, snippets, totals) of the request paths in
// KB_ANSWERS_PATHS (bench/loadgen -paths), up to KB_ANSWERS_N of them, run in turn against KB_BENCH_SITE's index, to
// KB_ANSWERS_OUT, one JSON line per query: two builds of kb whose dumps differ answer differently. Skipped without
// those variables.
func TestDumpAnswers(t *testing.T) {
	site, paths, out := os.Getenv("KB_BENCH_SITE"), os.Getenv("KB_ANSWERS_PATHS"), os.Getenv("KB_ANSWERS_OUT")
	if site == "" || paths == "" || out == "" {
		t.Skip("KB_BENCH_SITE, KB_ANSWERS_PATHS and KB_ANSWERS_OUT not set")
	}
	n, _ := strconv.Atoi(os.Getenv("KB_ANSWERS_N"))
	if n <= 0 {
		n = 4000
	}
	ix, err := Open(filepath.Join(site, ".kb", "search"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	data, err := os.ReadFile(paths)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for i, line := range strings.Fields(string(data)) {
		if i == n {
			break
		}
		u, err := url.Parse(line)
		if err != nil {
			t.Fatal(err)
		}
		v := u.Query()
		limit, _ := strconv.Atoi(v.Get("limit"))
		q := Query{Text: v.Get("q"), Lang: v.Get("lang"), Section: v.Get("section"), Limit: limit}
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		res.TookMS = 0
		if err := enc.Encode(struct {
			Q Query
			R Result
		}{q, res}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
}
