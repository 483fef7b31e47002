package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"kb/search"
	"kb/search/analytics"
	"kb/search/analytics/postgres"
	"kb/search/server"
)

// analyticsFile is the store's file inside a --data folder.
const analyticsFile = analytics.FileName

// openAnalytics opens the store that kb search --data and kb serve record
// into: PostgreSQL when data is a postgres:// URL (its schema migrated),
// else the file in the data folder (created if need be).
func openAnalytics(ctx context.Context, data string, log *slog.Logger) (analytics.Store, error) {
	opts := analytics.Options{Logger: log}
	// Each store is returned only on success: a nil pointer in the
	// interface would not compare equal to nil.
	if postgres.IsURL(data) {
		s, err := postgres.Open(ctx, data, opts)
		if err != nil {
			return nil, err
		}
		return s, nil
	}
	if err := os.MkdirAll(data, 0o700); err != nil {
		return nil, err
	}
	s, err := analytics.OpenFile(filepath.Join(data, analyticsFile), opts)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// reportSource is what kb report reads: either store, or PostgreSQL through
// a role that may only read.
type reportSource interface {
	Report(ctx context.Context, since time.Time, lang string) (analytics.Report, error)
	Close() error
}

// openReport opens the data that kb report reads, without creating any.
func openReport(ctx context.Context, data string) (reportSource, error) {
	if postgres.IsURL(data) {
		r, err := postgres.OpenReader(ctx, data)
		if err != nil {
			return nil, err
		}
		return r, nil
	}
	path := filepath.Join(data, analyticsFile)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("nothing recorded in %s: kb search --data %s records searches and feedback (kb serve records into <site>/.kb/data)", data, data)
	}
	s, err := analytics.OpenFile(path, analytics.Options{})
	if err != nil {
		return nil, err
	}
	return s, nil
}

func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("report", stdout, "Print what customers searched for and what they thought of the articles, per language:\n"+
		"top queries, queries that found nothing (the articles to write next, or synonyms to add) with\n"+
		"the page the search index comes closest to and the site's other language that answers them,\n"+
		"queries whose results nobody opened, and the least helpful articles with reasons and\n"+
		"comments. Reads what kb search --data DIR (or kb serve, into <site>/.kb/data) recorded;\n"+
		"safe while they run.")
	data := fs.String("data", env("KB_DATA", filepath.Join(".kb", "data")), "data folder or postgres:// URL that kb search --data or kb serve recorded into (env KB_DATA)")
	sinceFlag := fs.String("since", "30d", "how far back: 30d, 12h, 90m or a date (2006-01-02)")
	lang := fs.String("lang", "", "only this language")
	asJSON := fs.Bool("json", false, "print JSON")
	top := fs.Int("top", 20, "rows per table, 0 for all (the report holds at most 100)")
	index := fs.String("index", env("KB_INDEX", filepath.Join(".kb", "search")), "server search index folder, to show the closest page of each query that found nothing and the other language that answers it (env KB_INDEX)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	since, err := parseSince(*sinceFlag, time.Now())
	if err != nil {
		return usageError{msg: "--since: " + err.Error(), hint: "kb report --since 7d"}
	}
	if *top < 0 {
		return usageError{msg: "--top must not be negative", hint: "kb report --top 50"}
	}
	store, err := openReport(ctx, *data)
	if err != nil {
		return err
	}
	rep, err := store.Report(ctx, since, *lang)
	var recorded []string // the languages with data, when --lang has none
	if err == nil && *lang != "" && len(rep.Languages) == 0 {
		var all analytics.Report
		all, err = store.Report(ctx, since, "")
		for _, l := range all.Languages {
			recorded = append(recorded, l.Lang)
		}
	}
	if err := errors.Join(err, store.Close()); err != nil {
		return err
	}
	if *top > 0 {
		for i := range rep.Languages {
			l := &rep.Languages[i]
			l.TopQueries = l.TopQueries[:min(len(l.TopQueries), *top)]
			l.NoResults = l.NoResults[:min(len(l.NoResults), *top)]
			l.NoClicks = l.NoClicks[:min(len(l.NoClicks), *top)]
			l.Articles = l.Articles[:min(len(l.Articles), *top)]
		}
	}
	if err := addFromIndex(ctx, &rep, *index); err != nil {
		fmt.Fprintf(stderr, "kb report: closest pages and other languages left out: %v\n", err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(rep)
	}
	where := *data
	if postgres.IsURL(where) {
		where = postgres.Redacted(where)
	}
	nothing := "Nothing recorded in that time."
	if len(recorded) > 0 {
		nothing = fmt.Sprintf("Nothing recorded in %s in that time, but in %s: kb report --lang %s",
			visible(*lang), visible(strings.Join(recorded, ", ")), visible(closestLang(*lang, recorded)))
	}
	printReport(stdout, rep, where, nothing)
	return nil
}

// closestLang is the recorded language that lang most likely meant: el for
// a browser's el-GR, else the first.
func closestLang(lang string, recorded []string) string {
	for _, l := range recorded {
		if strings.HasPrefix(strings.ToLower(lang), strings.ToLower(l)+"-") {
			return l
		}
	}
	return recorded[0]
}

// addFromIndex adds to each query that found nothing what the search index (in dir) makes of it now, so that a
// writer sees what to do about it: the page the index comes closest to with it (the synonym to add,
// i18n/synonyms/<lang>.toml, or the article to extend), and the site's other language whose pages answer it, as
// the search server answers a reader who types it (the article exists there: write it in this one). A missing
// index is no error: the report is then without them.
func addFromIndex(ctx context.Context, rep *analytics.Report, dir string) error {
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	settings, err := server.ReadSettings(dir)
	if err != nil {
		return err
	}
	ix, err := search.Open(dir)
	if err != nil {
		return err
	}
	defer ix.Close()
	for i := range rep.Languages {
		l := &rep.Languages[i]
		others := settings.OtherLanguages[l.Lang]
		for j := range l.NoResults {
			q := &l.NoResults[j]
			h, ok, err := ix.Closest(ctx, l.Lang, q.Query)
			if errors.Is(err, search.ErrUnknownLanguage) {
				break
			}
			if err != nil {
				return err
			}
			if ok {
				q.Closest = &analytics.Page{Title: h.Title, URL: h.URL}
			}
			if q.Other, err = otherAnswer(ctx, ix, q.Query, others); err != nil {
				return err
			}
		}
	}
	return nil
}

// otherAnswer is the language of others (the index's server.json's, for the query's language) that
// search.PickOther picks for query, when its pages answer it, as the search server's searchElsewhere has it;
// nil when none does.
func otherAnswer(ctx context.Context, ix *search.Index, query string, others []search.OtherLanguage) (*analytics.OtherAnswer, error) {
	o, ok := search.PickOther(query, others)
	if !ok {
		return nil, nil
	}
	res, err := ix.Search(ctx, search.Query{Text: query, Lang: o.Lang})
	switch {
	case errors.Is(err, search.ErrUnknownLanguage):
		return nil, nil
	case err != nil:
		return nil, err
	case len(res.Hits) == 0:
		return nil, nil
	}
	return &analytics.OtherAnswer{Lang: o.Lang, Pages: res.Total}, nil
}

// parseSince reads --since: a number of days ("30d"), a Go duration ("12h",
// "90m") or a date ("2025-01-31", UTC).
func parseSince(s string, now time.Time) (time.Time, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 0 {
			return time.Time{}, fmt.Errorf("%q is not a number of days", s)
		}
		return now.AddDate(0, 0, -days), nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		if d < 0 {
			return time.Time{}, fmt.Errorf("%q is negative", s)
		}
		return now.Add(-d), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not 30d, 12h, 90m or a date like 2025-01-31", s)
}

// printReport prints the report for a terminal, or nothing when it has no
// language. Everything in it that visitors typed or sent goes through
// visible.
func printReport(w io.Writer, rep analytics.Report, data, nothing string) {
	fmt.Fprintf(w, "Searches and feedback since %s (%s)\n", rep.Since.UTC().Format("2006-01-02 15:04 UTC"), visible(data))
	if len(rep.Languages) == 0 {
		fmt.Fprintln(w, "\n"+nothing)
		return
	}
	for _, l := range rep.Languages {
		name := visible(l.Lang)
		if name == "" {
			name = "(no language)"
		}
		fmt.Fprintf(w, "\n== %s: %d searches, %d found nothing, %d results opened; %d yes, %d no ==\n",
			name, l.Searches, l.NoResultSearches, l.Clicks, l.Yes, l.No)

		fmt.Fprintln(w, "\nTop queries")
		queryTable(w, l.TopQueries, "", func(q analytics.QueryStat) []any {
			return []any{visible(q.Query), q.Searches, fmt.Sprintf("%.0f%%", 100*q.NoResultShare()), q.Clicks}
		}, "lrrr", "QUERY", "SEARCHES", "NO RESULTS", "CLICKS")

		fmt.Fprintln(w, "\nQueries with no results (articles to write next, or synonyms to add)")
		queryTable(w, l.NoResults, "", func(q analytics.QueryStat) []any {
			closest := "-"
			if q.Closest != nil {
				closest = visible(q.Closest.Title + " " + q.Closest.URL)
			}
			return []any{visible(q.Query), q.NoResults, otherCell(q.Other), closest}
		}, "lrll", "QUERY", "SEARCHES", "OTHER LANGUAGE", "CLOSEST PAGE")

		fmt.Fprintln(w, "\nQueries with results but no click")
		none := ""
		if l.Clicks == 0 {
			none = "(no result clicks recorded)"
		}
		queryTable(w, l.NoClicks, none, func(q analytics.QueryStat) []any {
			return []any{visible(q.Query), q.Searches - q.NoResults}
		}, "lr", "QUERY", "SEARCHES")

		fmt.Fprintln(w, "\nLeast helpful articles")
		var unhelpful []analytics.ArticleStat
		for _, a := range l.Articles {
			if a.No > 0 {
				unhelpful = append(unhelpful, a)
			}
		}
		if len(unhelpful) == 0 {
			fmt.Fprintln(w, "  (none)")
			continue
		}
		t := [][]string{{"PAGE", "YES", "NO", "REASONS"}}
		for _, a := range unhelpful {
			reasons := make([]string, len(a.Reasons))
			for i, r := range a.Reasons {
				reasons[i] = fmt.Sprintf("%s %d", visible(r.Reason), r.Count)
			}
			t = append(t, []string{visible(a.Page), strconv.Itoa(a.Yes), strconv.Itoa(a.No), strings.Join(reasons, ", ")})
		}
		table(w, t, "lrrl")
		for _, a := range unhelpful {
			if len(a.Comments) == 0 {
				continue
			}
			fmt.Fprintf(w, "  Comments on %s:\n", visible(a.Page))
			for _, c := range a.Comments {
				label := visible(c.Reason)
				if c.Helpful {
					label = "yes"
				}
				fmt.Fprintf(w, "    %s  %-9s \"%s\"\n", c.Time.UTC().Format("2006-01-02 15:04"), label, visible(c.Text))
			}
		}
	}
}

// otherCell is the OTHER LANGUAGE cell of a query that found nothing: "en: 12 pages", or "-".
func otherCell(o *analytics.OtherAnswer) string {
	switch {
	case o == nil:
		return "-"
	case o.Pages == 1:
		return visible(o.Lang) + ": 1 page"
	}
	return fmt.Sprintf("%s: %d pages", visible(o.Lang), o.Pages)
}

// queryTable prints rows as a table aligned as align says (see table), or
// none (default "(none)") when there are none.
func queryTable(w io.Writer, rows []analytics.QueryStat, none string, cells func(analytics.QueryStat) []any, align string, header ...string) {
	if len(rows) == 0 {
		if none == "" {
			none = "(none)"
		}
		fmt.Fprintln(w, "  "+none)
		return
	}
	t := [][]string{header}
	for _, r := range rows {
		var row []string
		for _, c := range cells(r) {
			row = append(row, fmt.Sprint(c))
		}
		t = append(t, row)
	}
	table(w, t, align)
}

// maxCellRunes is the widest a report's column gets: a longer cell (a
// 256-byte query) is cut with an ellipsis rather than widening the table.
const maxCellRunes = 60

// table prints rows indented, with columns aligned to the left ('l') or
// right ('r') as align says, measured in runes (text/tabwriter cannot align
// the first column left and the others right); cells longer than
// maxCellRunes are cut.
func table(w io.Writer, rows [][]string, align string) {
	widths := make([]int, len(align))
	for _, r := range rows {
		for i, c := range r {
			r[i] = ellipsis(c, maxCellRunes)
			widths[i] = max(widths[i], utf8.RuneCountInString(r[i]))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		b.WriteString(" ")
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			b.WriteString(" ")
			if align[i] == 'r' {
				b.WriteString(pad + c)
			} else if i < len(r)-1 {
				b.WriteString(c + pad)
			} else {
				b.WriteString(c)
			}
			if i < len(r)-1 {
				b.WriteString(" ")
			}
		}
		fmt.Fprintln(w, b.String())
	}
}

// ellipsis cuts s to n runes, its last an ellipsis, when it is longer.
func ellipsis(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for range n - 1 {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i] + "…"
}
