package builder

import (
	"cmp"
	"context"
	"crypto/sha256"
	"fmt"
	"hash"
	"math"
	"path"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"kb/builder/diag"
	"kb/search"
)

// Related articles are computed once per language when the site model is
// made, from what a reader sees of an article in a list: its title, tags
// and description. Each article is a short vector of
// its most distinctive terms (TF-IDF); an inverted index over those terms
// finds the articles sharing them, so the work per article stays about
// constant however large the site is.
const (
	relatedCount   = 5   // articles listed under an article
	relatedTerms   = 12  // terms kept per article
	relatedPosting = 48  // articles kept per term and per tag in the inverted index
	relatedMinRune = 3   // shorter words carry no topic
	relatedStem    = 7   // words are cut to this many runes: a cheap stemmer for every language
	tagBonus       = 0.5 // score of one shared tag
	sectionBonus   = 0.1 // score of sharing the section
)

// relate fills each page's related articles, and previous and next within
// its section; a pinned related path that names no page is an error (a
// warning with [build] brokenLinks = "warning").
func (s *site) relate(ds *diag.List) {
	// Languages are independent: each on its own core.
	_ = forEach(context.Background(), s.langs, func(ls *langSite) error {
		for _, sec := range ls.order { // a nested section's articles are its top-level one's too
			for i, p := range sec.articles {
				if i > 0 {
					p.prev = sec.articles[i-1]
				}
				if i+1 < len(sec.articles) {
					p.next = sec.articles[i+1]
				}
			}
		}
		s.relateLanguage(ls, ds)
		return nil
	})
	// A fallback page lists the related articles of its original, as this
	// language shows them. So does a translation, after its own, up to
	// relatedCount: in a language only partly translated, its own few
	// translated articles would otherwise be all it lists.
	def := s.byCode[s.cfg.DefaultLanguage]
	if def == nil {
		return
	}
	for _, ls := range s.langs {
		if ls == def {
			continue
		}
		for _, p := range ls.pages {
			orig := def.byGroup[p.g]
			if orig == nil || !(p.fallback || relatable(p)) {
				continue
			}
			for _, r := range orig.related {
				if len(p.related) == relatedCount {
					break
				}
				if q := ls.byGroup[r.g]; q != nil && q != p && !slices.Contains(p.related, q) {
					p.related = append(p.related, q)
				}
			}
		}
	}
}

// relatable reports whether a page can list and be listed as related: an
// article, FAQ or policy in its own language.
func relatable(p *page) bool {
	return !p.fallback && p.g != nil && (p.typ == kindArticle || p.typ == kindFAQ || p.typ == kindPolicy)
}

type termWeight struct {
	term string
	w    float32
}

type posting struct {
	doc int32
	w   float32
}

func (s *site) relateLanguage(ls *langSite, ds *diag.List) {
	var docs []*page
	for _, p := range ls.pages {
		if relatable(p) {
			docs = append(docs, p)
		}
	}
	n := len(docs)
	if n == 0 {
		return
	}
	code := ls.lang.Code
	var tops [][]int32
	var key [32]byte
	if s.relatedCache != nil {
		key = relatedKey(code, docs)
		tops = s.relatedCache.get(code, key, n)
	}
	if tops == nil {
		tops = relatedTops(code, docs)
		if s.relatedCache != nil {
			s.relatedCache.put(code, key, tops)
		}
	}
	for i, p := range docs {
		p.related = s.pinned(ls, p, ds)
		if len(p.related) >= relatedCount {
			p.related = p.related[:relatedCount]
			continue
		}
		for _, d := range tops[i] {
			if len(p.related) == relatedCount {
				break
			}
			if !slices.Contains(p.related, docs[d]) {
				p.related = append(p.related, docs[d])
			}
		}
	}
}

// relatedTops computes, for each of a language's relatable pages, the
// indexes of its best matches among them, best first.
func relatedTops(code string, docs []*page) [][]int32 {
	n := len(docs)
	tfs := make([]map[string]float32, n)
	_ = forEach(context.Background(), upTo(n), func(i int) error {
		tfs[i] = termCounts(code, docs[i])
		return nil
	})
	df := map[string]int32{}
	for _, tf := range tfs {
		for t := range tf {
			df[t]++
		}
	}
	// Words in a third or more of a large site's articles are its common
	// vocabulary ("order", "help"), not a topic.
	maxDF := int32(n)
	if n >= 30 {
		maxDF = int32(n / 3)
	}
	vecs := make([][]termWeight, n)
	_ = forEach(context.Background(), upTo(n), func(i int) error {
		vecs[i] = termVector(tfs[i], df, maxDF, n)
		tfs[i] = nil
		return nil
	})
	postings := map[string][]posting{}
	for i, v := range vecs {
		for _, t := range v {
			postings[t.term] = append(postings[t.term], posting{int32(i), t.w})
		}
	}
	for t, ps := range postings {
		if len(ps) > relatedPosting {
			slices.SortStableFunc(ps, func(a, b posting) int { return cmp.Compare(b.w, a.w) })
			postings[t] = ps[:relatedPosting]
		}
	}
	tagged := map[string][]int32{}
	for i, p := range docs {
		for _, tag := range p.src.Meta.Tags {
			k := search.Normalize(tag)
			if len(tagged[k]) < relatedPosting {
				tagged[k] = append(tagged[k], int32(i))
			}
		}
	}

	// Each page's matches are worked out on their own, a block of pages
	// at a time on every core. A block takes a score table, one float per
	// page, from tables and gives it back all zero: one per core, not one
	// per block, which would make allocation grow as the square of the
	// pages.
	tops := make([][]int32, n)
	var tables sync.Pool // of *[]float32
	_ = forEach(context.Background(), upTo((n+relatedBlock-1)/relatedBlock), func(b int) error {
		table, _ := tables.Get().(*[]float32)
		if table == nil {
			table = new(make([]float32, n))
		}
		defer tables.Put(table)
		scores := *table
		var touched []int32
		for i := b * relatedBlock; i < min(n, (b+1)*relatedBlock); i++ {
			p := docs[i]
			touched = touched[:0]
			add := func(d int32, w float32) {
				if int(d) == i {
					return
				}
				if scores[d] == 0 {
					touched = append(touched, d)
				}
				scores[d] += w
			}
			for _, t := range vecs[i] {
				for _, ps := range postings[t.term] {
					add(ps.doc, t.w*ps.w)
				}
			}
			for _, tag := range p.src.Meta.Tags {
				for _, d := range tagged[search.Normalize(tag)] {
					add(d, tagBonus)
				}
			}
			for _, d := range touched {
				if docs[d].section == p.section && p.section != nil {
					scores[d] += sectionBonus
				}
			}
			tops[i] = topScores(touched, scores, relatedCount)
			for _, d := range touched {
				scores[d] = 0
			}
		}
		return nil
	})
	return tops
}

// relatedBlock is how many pages relatedTops scores as one piece of work.
const relatedBlock = 512

// termVector is a page's most distinctive terms, from its term counts tf:
// each weighted by TF-IDF against the df of n pages (terms in fewer than
// two or more than maxDF are left out), the relatedTerms heaviest kept, the
// vector made unit length.
func termVector(tf map[string]float32, df map[string]int32, maxDF int32, n int) []termWeight {
	var v []termWeight
	for t, c := range tf {
		d := df[t]
		if d < 2 || d > maxDF {
			continue
		}
		v = append(v, termWeight{t, c * float32(math.Log(1+float64(n)/float64(d)))})
	}
	slices.SortFunc(v, func(a, b termWeight) int { return cmp.Or(cmp.Compare(b.w, a.w), strings.Compare(a.term, b.term)) })
	v = v[:min(len(v), relatedTerms)]
	var norm float32
	for _, t := range v {
		norm += t.w * t.w
	}
	norm = float32(math.Sqrt(float64(norm)))
	for j := range v {
		v[j].w /= norm
	}
	return v
}

// topScores returns the k candidates with the highest scores, best first;
// equal scores go in page order (by URL), so builds are deterministic. It
// keeps a k-long list rather than sorting every candidate.
func topScores(cands []int32, scores []float32, k int) []int32 {
	top := make([]int32, 0, k+1)
	for _, d := range cands {
		i := len(top)
		for i > 0 && (scores[d] > scores[top[i-1]] || (scores[d] == scores[top[i-1]] && d < top[i-1])) {
			i--
		}
		if i < k {
			top = slices.Insert(top, i, d)
			top = top[:min(len(top), k)]
		}
	}
	return top
}

// pinned resolves a page's `related` front matter: content paths like
// "returns/refund-timing", as this language shows them.
func (s *site) pinned(ls *langSite, p *page, ds *diag.List) []*page {
	var out []*page
	for _, want := range p.src.Meta.Related {
		logical := logicalPath(strings.TrimPrefix(strings.TrimPrefix(want, "@/"), "/"))
		var target *page
		if g := s.findGroup(p.src.Lang, logical); g != nil {
			target = ls.byGroup[g]
		}
		if target == nil || target == p {
			report := ds.Errorf
			if s.cfg.Build.BrokenLinks == "warning" {
				report = ds.Warnf
			}
			what := "no page has that path"
			if target == p {
				what = "that is this page"
			}
			report(p.src.File, p.src.Meta.Lines.Of("related"), 0, "related %q: %s; give the path of another page under content/%s/, like %q", want, what, p.src.Lang, path.Join("returns", "refund-timing"))
			continue
		}
		if !slices.Contains(out, target) {
			out = append(out, target)
		}
	}
	return out
}

// termCounts weighs the words of what a reader sees of an article before
// opening it: its title and tags most, then its description. The body is
// left out on purpose: an edit of the text alone then changes no list, so
// kb serve re-renders only the edited page, and its output stays that of a
// clean build.
func termCounts(lang string, p *page) map[string]float32 {
	tf := map[string]float32{}
	addWords(lang, p.title, 3, tf)
	for _, tag := range p.src.Meta.Tags {
		addWords(lang, tag, 3, tf)
	}
	addWords(lang, p.src.Meta.Description, 2, tf)
	return tf
}

// addWords adds the words of text: folded as search folds them (case,
// accents, Arabic letter forms), cut to a common stem, the Arabic article
// dropped.
func addWords(lang, text string, w float32, tf map[string]float32) {
	text = search.Normalize(text)
	arabic := strings.HasPrefix(lang, "ar")
	for _, word := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) }) {
		if arabic {
			for _, prefix := range []string{"وال", "بال", "فال", "لل", "ال"} {
				if rest, ok := strings.CutPrefix(word, prefix); ok && utf8.RuneCountInString(rest) >= relatedMinRune {
					word = rest
					break
				}
			}
		}
		if utf8.RuneCountInString(word) < relatedMinRune {
			continue
		}
		if r := []rune(word); len(r) > relatedStem {
			word = string(r[:relatedStem])
		}
		tf[word] += w
	}
}

func linkTo(p *page) LinkView {
	return LinkView{Title: p.title, URL: p.url, Description: p.src.Meta.Description, Type: string(p.typ)}
}

// readerSignatures fingerprints, per output file, what this file adds to a
// page from the rest of the site (related articles, previous and next, the
// popular lists, the sections of its breadcrumbs), so a rebuild re-renders
// the pages where they changed.
func readerSignatures(r *renderer) map[string][32]byte {
	sigs := map[string][32]byte{}
	links := func(h hash.Hash, ps ...*page) {
		for _, p := range ps {
			if p != nil {
				fmt.Fprintf(h, "%s\x00%s\x00%s\x00", p.title, p.url, p.src.Meta.Description)
			}
			h.Write([]byte{0})
		}
	}
	views := func(h hash.Hash, ls []LinkView) {
		for _, l := range ls {
			fmt.Fprintf(h, "%s\x00%s\x00%s\x00", l.Title, l.URL, l.Description)
		}
	}
	for _, ls := range r.site.langs {
		for _, p := range ls.pages {
			h := sha256.New()
			links(h, p.related...)
			links(h, p.prev, p.next)
			for in := p.within; in != nil; in = in.parent {
				links(h, in.page)
			}
			switch {
			case p.typ == kindHome:
				views(h, r.views[ls.lang.Code].Popular)
			case p.section != nil && r.navs[p.section] != nil:
				views(h, r.navs[p.section].Popular)
			}
			sigs["page:"+p.out] = [32]byte(h.Sum(nil))
		}
	}
	return sigs
}
