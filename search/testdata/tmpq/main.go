package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"

	"kb/search"
)

func main() {
	ix, err := search.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		line := sc.Text()
		lang, q, _ := strings.Cut(line, "\t")
		r, err := ix.Search(context.Background(), search.Query{Text: q, Lang: lang, Limit: 50})
		if err != nil {
			panic(err)
		}
		fmt.Printf("## %s %q total=%d\n", lang, q, r.Total)
		for i, h := range r.Hits {
			if i >= 5 && len(os.Args) < 3 {
				break
			}
			fmt.Printf("  %d %.3f %s %v\n", i+1, h.Score, h.URL, h.Fallback)
		}
	}
}
