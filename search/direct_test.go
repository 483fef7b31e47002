package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// TestDirectClausesScoreAsBleve checks that the clauses a search builds with direct term clauses (clauseSearcher:
// terms, prefixes, and disjunctions and conjunctions of them) find the same documents as bleve's own searchers over
// the index, with the same scores to the bit, from Next and from Advance to any document, once both are normalized
// with the same query norm; and that direct term clauses were used.
func TestDirectClausesScoreAsBleve(t *testing.T) {
	_, ix := buildTest(t, genDocs(300))
	l, r := englishReader(t, ix)
	ctx := context.WithValue(context.Background(), bsearch.GetScoringModelCallbackKey,
		bsearch.GetScoringModelCallbackFn(func() string { return index.BM25Scoring }))
	m := l.idx.Mapping()
	c := newImpactCache()
	rng := rand.New(rand.NewPCG(3, 4))
	var stems, surfaces []string
	for _, w := range benchWords["en"] {
		if words := parseQuery(l.analyzer, l.cjk, w, nil); len(words) > 0 {
			stems, surfaces = append(stems, words[0].stem), append(surfaces, words[0].surface)
		}
	}
	stems = append(stems, "nosuchword")
	term := func() query.Query {
		fields := []string{fieldTitle, fieldBody, fieldTitleX, fieldHeadings}
		f := fields[rng.IntN(len(fields))]
		t := stems[rng.IntN(len(stems))]
		if f == fieldTitleX {
			t = surfaces[rng.IntN(len(surfaces))]
		}
		q := query.NewTermQuery(t)
		q.SetField(f)
		q.SetBoost(0.5 + rng.Float64()*3)
		return q
	}
	prefix := func() query.Query {
		s := []rune(surfaces[rng.IntN(len(surfaces))])
		q := query.NewPrefixQuery(string(s[:min(len(s), 1+rng.IntN(3))]))
		q.SetField([]string{fieldTitleX, fieldBody}[rng.IntN(2)])
		q.SetBoost(0.2 + rng.Float64())
		return q
	}
	var clause func(depth int) query.Query
	clause = func(depth int) query.Query {
		switch k := rng.IntN(5); {
		case k == 0 || depth > 1:
			return term()
		case k == 1:
			return prefix()
		default:
			var qs []query.Query
			for range 1 + rng.IntN(4) {
				qs = append(qs, clause(depth+1))
			}
			if k == 4 {
				return query.NewConjunctionQuery(qs)
			}
			d := query.NewDisjunctionQuery(qs)
			if rng.IntN(4) == 0 {
				d.SetMin(1)
			}
			return d
		}
	}
	compared, direct := 0, 0
	for i := range 400 {
		q := clause(0)
		got, err := clauseSearcher(ctx, r, m, bsearch.SearcherOptions{}, q, c)
		if err != nil {
			t.Fatal(err)
		}
		want, err := q.Searcher(ctx, r, m, bsearch.SearcherOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if hasDirect(got) {
			direct++
		}
		if g, w := got.Weight(), want.Weight(); g != w {
			t.Fatalf("query %d: weight %v, want %v", i, g, w)
		}
		norm := 1 / (1 + rng.Float64())
		got.SetQueryNorm(norm)
		want.SetQueryNorm(norm)
		gctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(got.DocumentMatchPoolSize(), 0)}
		wctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(want.DocumentMatchPoolSize(), 0)}
		var buf [8]byte
		at := uint64(0)
		for step := 0; step < 300; step++ {
			var g, w *bsearch.DocumentMatch
			var gerr, werr error
			if rng.IntN(3) == 0 {
				n := at + uint64(rng.IntN(40))
				g, gerr = got.Advance(gctx, internalID(&buf, n))
				w, werr = want.Advance(wctx, internalID(&buf, n))
			} else {
				g, gerr = got.Next(gctx)
				w, werr = want.Next(wctx)
			}
			if gerr != nil || werr != nil {
				t.Fatal(gerr, werr)
			}
			if (g == nil) != (w == nil) {
				t.Fatalf("query %d (%s), step %d: got %v, want %v", i, describe(q), step, g, w)
			}
			if g == nil {
				break
			}
			if !g.IndexInternalID.Equals(w.IndexInternalID) || g.Score != w.Score {
				t.Fatalf("query %d (%s), step %d: got %x %v, want %x %v", i, describe(q), step, g.IndexInternalID, g.Score, w.IndexInternalID, w.Score)
			}
			at = docNum(g.IndexInternalID) + 1
			gctx.DocumentMatchPool.Put(g)
			wctx.DocumentMatchPool.Put(w)
			compared++
		}
		got.Close()
		want.Close()
	}
	t.Logf("%d matches compared, %d of 400 clauses with direct term clauses", compared, direct)
	if compared < 2000 || direct < 200 {
		t.Errorf("%d matches compared, %d of 400 clauses with direct term clauses; want more", compared, direct)
	}
}

// hasDirect reports whether s is or holds a direct term clause (as its Go syntax shows).
func hasDirect(s bsearch.Searcher) bool {
	return strings.Contains(fmt.Sprintf("%#v", s), "directTerm")
}

// describe prints a query briefly.
func describe(q query.Query) string {
	switch q := q.(type) {
	case *query.TermQuery:
		return fmt.Sprintf("%s:%s^%.2f", q.FieldVal, q.Term, q.Boost())
	case *query.PrefixQuery:
		return fmt.Sprintf("%s:%s*^%.2f", q.FieldVal, q.Prefix, q.Boost())
	case *query.DisjunctionQuery:
		s := "or("
		for _, c := range q.Disjuncts {
			s += describe(c) + " "
		}
		return s + ")"
	case *query.ConjunctionQuery:
		s := "and("
		for _, c := range q.Conjuncts {
			s += describe(c) + " "
		}
		return s + ")"
	}
	return fmt.Sprintf("%T", q)
}
