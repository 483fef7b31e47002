// Package corpus reads the generated benchmark corpus the bench programs
// share: its articles, the words of their text, and the search requests
// bench/loadgen writes from them.
package corpus

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Articles returns the Markdown articles under dir (not section pages), in
// path order.
func Articles(dir string) ([]string, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") && d.Name() != "_index.md" {
			paths = append(paths, p)
		}
		return nil
	})
	slices.Sort(paths)
	return paths, err
}

// notText is Markdown that is not prose: link targets and code.
var notText = regexp.MustCompile("\\]\\([^)]*\\)|`[^`]*`")

// WordCounts counts the lowercased words (letters and marks, at least
// minLen of them) of about n articles spread evenly over dir's articles,
// front matter and link targets left out.
func WordCounts(dir string, n, minLen int) (map[string]int, error) {
	paths, err := Articles(dir)
	if err != nil {
		return nil, err
	}
	count := map[string]int{}
	step := max(1, len(paths)/max(n, 1))
	for i := 0; i < len(paths); i += step {
		data, err := os.ReadFile(paths[i])
		if err != nil {
			return nil, err
		}
		body := string(data)
		if rest, ok := strings.CutPrefix(body, "+++"); ok {
			if _, after, ok := strings.Cut(rest, "+++"); ok {
				body = after
			}
		}
		body = notText.ReplaceAllString(body, " ")
		for _, w := range strings.FieldsFunc(body, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) }) {
			if len([]rune(w)) >= minLen {
				count[strings.ToLower(w)]++
			}
		}
	}
	return count, nil
}

// Request is one search request of a file of request paths.
type Request struct {
	Text, Lang, Section string
	Limit               int
}

// ReadRequests reads the search requests of a file of request paths, as
// bench/loadgen -paths writes them (/api/search?q=…&lang=…&limit=…).
func ReadRequests(file string) ([]Request, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var reqs []Request
	for _, line := range strings.Fields(string(data)) {
		u, err := url.Parse(line)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		v := u.Query()
		limit, _ := strconv.Atoi(v.Get("limit"))
		reqs = append(reqs, Request{Text: v.Get("q"), Lang: v.Get("lang"), Section: v.Get("section"), Limit: limit})
	}
	if len(reqs) == 0 {
		return nil, fmt.Errorf("%s: no request paths", file)
	}
	return reqs, nil
}
