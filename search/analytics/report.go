package analytics

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Report is what customers searched for and what they thought of the
// articles, per language, since a time.
type Report struct {
	Since     time.Time    `json:"since"`
	Languages []LangReport `json:"languages"` // by language code
}

// LangReport is one language's part of a Report. Each list is sorted, most
// telling first, and holds at most MaxRows rows.
type LangReport struct {
	Lang             string `json:"lang"`
	Searches         int    `json:"searches"`
	NoResultSearches int    `json:"no_result_searches"`
	Clicks           int    `json:"clicks"`
	Yes              int    `json:"yes"`
	No               int    `json:"no"`

	// TopQueries are the most searched queries.
	TopQueries []QueryStat `json:"top_queries"`
	// NoResults are the queries that found nothing, most frequent first:
	// the articles to write next, or the synonyms to add.
	NoResults []QueryStat `json:"no_results"`
	// NoClicks are queries that found something but whose results nobody
	// opened: the results did not look like answers. Empty when no click was
	// recorded in the language (a theme that does not report clicks).
	NoClicks []QueryStat `json:"no_clicks"`
	// Articles are the pages that got votes, least helpful first.
	Articles []ArticleStat `json:"articles"`
}

// QueryStat counts one normalized query, named by the spelling customers
// typed most (see MaxSpellings). The search box asks the server as
// the customer types, so "ret", "retur" and "returns" can all arrive for
// one search: within each hour, searches for a query that a longer recorded
// query continues are counted as that longer query's (unless one of them led
// to a click), so Searches approximates the searches customers meant.
type QueryStat struct {
	Query     string `json:"query"`
	Searches  int    `json:"searches"`
	NoResults int    `json:"no_results"` // searches that found nothing
	Clicks    int    `json:"clicks"`     // results opened
	// Closest is, for a query that found nothing, the page the search index comes closest to with it (kb report
	// fills it in): the article to extend, or the page whose words a synonym should join to the customer's.
	Closest *Page `json:"closest,omitempty"`
	// Other is, for a query that found nothing, the site's other language whose pages answer it, as the search
	// server answers a reader who types it (kb report fills it in): the article exists there, and wants
	// writing in this language. Nil when no other language answers it.
	Other *OtherAnswer `json:"other,omitempty"`
}

// OtherAnswer is the site's other language that answers a query, with how many of its pages do.
type OtherAnswer struct {
	Lang  string `json:"lang"`
	Pages int    `json:"pages"`
}

// Page is a page of the site, as a report names it.
type Page struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// NoResultShare is the share of the query's searches that found nothing.
func (q QueryStat) NoResultShare() float64 {
	if q.Searches == 0 {
		return 0
	}
	return float64(q.NoResults) / float64(q.Searches)
}

// ArticleStat is the votes on one page.
type ArticleStat struct {
	Page     string        `json:"page"`
	Yes      int           `json:"yes"`
	No       int           `json:"no"`
	Reasons  []ReasonCount `json:"reasons,omitempty"`  // of "no" votes, most frequent first
	Comments []Comment     `json:"comments,omitempty"` // latest first, at most MaxComments
}

// ReasonCount is how many "no" votes gave a reason.
type ReasonCount struct {
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// Comment is one voter's comment, timed to the hour.
type Comment struct {
	Time    time.Time `json:"time"`
	Helpful bool      `json:"helpful"`
	Reason  string    `json:"reason,omitempty"`
	Text    string    `json:"text"`
}

// Report limits.
const (
	MaxRows     = 100
	MaxComments = 5
)

// ReportBuilder assembles a Report from what a store reads back: the
// search counts hour by hour, and the votes in the order they were cast.
type ReportBuilder struct {
	since          time.Time
	lang           string
	queries        map[string]map[string]*queryTally  // lang → normalized query → counts
	articles       map[string]map[string]*ArticleStat // lang → page → stat
	reasons        map[*ArticleStat]map[string]int
	yes, no, click map[string]int // per lang
}

// NewReportBuilder starts a report of what was recorded since since (to the
// hour) in lang, or in every language when lang is "".
func NewReportBuilder(since time.Time, lang string) *ReportBuilder {
	return &ReportBuilder{
		since:    since.UTC().Truncate(time.Hour),
		lang:     lang,
		queries:  make(map[string]map[string]*queryTally),
		articles: make(map[string]map[string]*ArticleStat),
		reasons:  make(map[*ArticleStat]map[string]int),
		yes:      make(map[string]int),
		no:       make(map[string]int),
		click:    make(map[string]int),
	}
}

// Since is the hour the report starts at: stores need read nothing older.
func (r *ReportBuilder) Since() time.Time { return r.since }

func (r *ReportBuilder) wanted(hour time.Time, lang string) bool {
	return !hour.Before(r.since) && (r.lang == "" || strings.EqualFold(lang, r.lang))
}

// AddHour adds the search counts of one hour: all of that hour's rows at
// once, because searches are folded into the longer queries they grew
// into within the hour.
func (r *ReportBuilder) AddHour(rows []SearchCount) {
	group := make([]SearchCount, 0, len(rows))
	for _, row := range rows {
		if r.wanted(row.Hour, row.Lang) {
			group = append(group, row)
		}
	}
	r.fold(group)
}

// AddVote adds one vote. Votes come oldest first.
func (r *ReportBuilder) AddVote(vt Vote) {
	if !r.wanted(vt.Hour, vt.Lang) {
		return
	}
	pages := r.articles[vt.Lang]
	if pages == nil {
		pages = make(map[string]*ArticleStat)
		r.articles[vt.Lang] = pages
	}
	a := pages[vt.Page]
	if a == nil {
		a = &ArticleStat{Page: vt.Page}
		pages[vt.Page] = a
		r.reasons[a] = make(map[string]int)
	}
	if vt.Helpful {
		a.Yes++
		r.yes[vt.Lang]++
	} else {
		a.No++
		r.no[vt.Lang]++
		if vt.Reason != "" {
			r.reasons[a][vt.Reason]++
		}
	}
	if vt.Comment != "" {
		// Oldest first here; the report wants the latest first.
		a.Comments = append(a.Comments, Comment{Time: vt.Hour, Helpful: vt.Helpful, Reason: vt.Reason, Text: vt.Comment})
	}
}

// fold adds one hour's rows to the totals, counting a query's searches as
// those of the longer query it grew into (see QueryStat).
func (r *ReportBuilder) fold(group []SearchCount) {
	type key struct{ lang, query string }
	index := make(map[key]int, len(group))
	for i, g := range group {
		index[key{g.Lang, g.Query}] = i
	}
	clicks := func(g SearchCount) (n int) {
		for _, c := range g.Clicks {
			n += c
		}
		return n
	}
	searches := func(g SearchCount) int { return max(g.Searches, clicks(g)) } // a click means a search, even one a cache answered
	childSearches := make([]int, len(group))
	childZero := make([]int, len(group))
	for _, g := range group {
		// The parent is the longest shorter query that is a prefix of this one.
		for end := len(g.Query) - 1; end > 0; end-- {
			if !utf8.RuneStart(g.Query[end]) {
				continue
			}
			if p, ok := index[key{g.Lang, g.Query[:end]}]; ok {
				childSearches[p] += searches(g)
				childZero[p] += g.NoResults
				break
			}
		}
	}
	for i, g := range group {
		n := max(searches(g)-childSearches[i], clicks(g))
		if n == 0 {
			continue
		}
		qs := r.queries[g.Lang]
		if qs == nil {
			qs = make(map[string]*queryTally)
			r.queries[g.Lang] = qs
		}
		st := qs[g.Query]
		if st == nil {
			st = &queryTally{QueryStat: QueryStat{Query: g.Query}}
			qs[g.Query] = st
		}
		st.spelled.add(g)
		st.Searches += n
		st.NoResults += min(max(g.NoResults-childZero[i], 0), n)
		st.Clicks += clicks(g)
		r.click[g.Lang] += clicks(g)
	}
}

// queryTally is a QueryStat under construction: Query is the normalized
// query until the report names it by its spelling.
type queryTally struct {
	QueryStat
	spelled spellingTally
}

// Report is the finished report.
func (r *ReportBuilder) Report() Report {
	langs := make(map[string]bool)
	for l := range r.queries {
		langs[l] = true
	}
	for l := range r.articles {
		langs[l] = true
	}
	rep := Report{Since: r.since, Languages: []LangReport{}}
	for _, l := range slices.Sorted(maps.Keys(langs)) {
		lr := LangReport{Lang: l, Clicks: r.click[l], Yes: r.yes[l], No: r.no[l],
			TopQueries: []QueryStat{}, NoResults: []QueryStat{}, NoClicks: []QueryStat{}, Articles: []ArticleStat{}}
		var all []QueryStat
		for _, q := range r.queries[l] {
			all = append(all, QueryStat{Query: finalSigma(q.spelled.most(q.Query)), Searches: q.Searches, NoResults: q.NoResults, Clicks: q.Clicks})
			lr.Searches += q.Searches
			lr.NoResultSearches += q.NoResults
		}
		slices.SortFunc(all, func(a, b QueryStat) int {
			return cmp.Or(cmp.Compare(b.Searches, a.Searches), strings.Compare(a.Query, b.Query))
		})
		lr.TopQueries = append(lr.TopQueries, all[:min(len(all), MaxRows)]...)
		for _, q := range all {
			if q.NoResults > 0 {
				lr.NoResults = append(lr.NoResults, q)
			}
			if lr.Clicks > 0 && q.Clicks == 0 && q.Searches > q.NoResults {
				lr.NoClicks = append(lr.NoClicks, q)
			}
		}
		slices.SortStableFunc(lr.NoResults, func(a, b QueryStat) int { return cmp.Compare(b.NoResults, a.NoResults) })
		slices.SortStableFunc(lr.NoClicks, func(a, b QueryStat) int {
			return cmp.Compare(b.Searches-b.NoResults, a.Searches-a.NoResults)
		})
		lr.NoResults = lr.NoResults[:min(len(lr.NoResults), MaxRows)]
		lr.NoClicks = lr.NoClicks[:min(len(lr.NoClicks), MaxRows)]

		for _, a := range r.articles[l] {
			for reason, n := range r.reasons[a] {
				a.Reasons = append(a.Reasons, ReasonCount{reason, n})
			}
			slices.SortFunc(a.Reasons, func(x, y ReasonCount) int {
				return cmp.Or(cmp.Compare(y.Count, x.Count), strings.Compare(x.Reason, y.Reason))
			})
			slices.Reverse(a.Comments)
			a.Comments = a.Comments[:min(len(a.Comments), MaxComments)]
			lr.Articles = append(lr.Articles, *a)
		}
		slices.SortFunc(lr.Articles, func(a, b ArticleStat) int {
			return cmp.Or(cmp.Compare(unhelpfulness(b), unhelpfulness(a)), cmp.Compare(b.No, a.No), strings.Compare(a.Page, b.Page))
		})
		lr.Articles = lr.Articles[:min(len(lr.Articles), MaxRows)]
		rep.Languages = append(rep.Languages, lr)
	}
	return rep
}

// unhelpfulness ranks articles: the lower bound of the 95% Wilson interval of
// their share of "no" votes, so that one stray "no" does not outrank forty
// "no" out of a hundred.
func unhelpfulness(a ArticleStat) float64 {
	n := float64(a.Yes + a.No)
	if n == 0 {
		return 0
	}
	const z = 1.96
	p := float64(a.No) / n
	return (p + z*z/(2*n) - z*math.Sqrt((p*(1-p)+z*z/(4*n))/n)) / (1 + z*z/n)
}

// finalSigma spells a query's Greek words as Greek is written: the
// normalization that lets "πώς" and "πωσ" count as one query folds ς into
// σ, lowercasing "ΠΩΣ" gives "πωσ", and a word-final σ reads as a
// misspelling. Two queries told apart by their normalized form differ in
// more than σ and ς, so no two come out alike.
func finalSigma(q string) string {
	if !strings.ContainsRune(q, 'σ') {
		return q
	}
	rs := []rune(q)
	for i, r := range rs {
		if r == 'σ' && i > 0 && unicode.IsLetter(rs[i-1]) && (i == len(rs)-1 || !unicode.IsLetter(rs[i+1])) {
			rs[i] = 'ς'
		}
	}
	return string(rs)
}
