package search

import (
	"path/filepath"

	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// memoTexts are texts that exercise every filter of the per-token chains.
func memoTexts(t *testing.T) []string {
	texts := []string{
		"The customer's orders AREN'T shipped; O'Neil's parcel, e.g. 3.5 kg, 9,90 € — l'article d'été, dell'ordine",
		"Ünïcödé façade naïve Straße Größe ÆØÅ İstanbul'da IŞIK ığdır çocuğun",
		"الشَّحْن والتوصيل إلى الطلبات ﻻ ﷲ ١٢٣ ۴۵۶ كتابة مدرسة مدرسه ى ي ٱ",
		"Επιστροφές ΠΡΟΪΌΝΤΩΝ παραγγελίας ς σ Άλφα ΐ ΰ ελληνικά",
		"می‌خواهم کتاب‌ها را", "हिन्दी में खोज नहीं", "поиск заказов возврат", "zero\u200bwidth a\u0301b",
		"日本語 テキスト 한국어", "  ", "", "'''", "a'b'c", "x_y_z 12_34 1.2.3 1,2;3",
	}
	for _, d := range testDocs() {
		texts = append(texts, d.Title, d.Body)
	}
	for _, d := range genDocs(3) {
		texts = append(texts, d.Title, d.Body, strings.ToUpper(d.Body))
	}
	if data, err := os.ReadFile("testdata/judged.toml"); err == nil {
		texts = append(texts, strings.Split(string(data), "\n")...)
	} else {
		t.Fatal(err)
	}
	return texts
}

// TestMemoAnalyzer checks that memoAnalyzer gives exactly the analyzer's tokens, first and second time round.
func TestMemoAnalyzer(t *testing.T) {
	texts := memoTexts(t)
	names := append(slices.Sorted(maps.Keys(chains)), greekAnalyzer)
	for _, name := range names {
		if !perToken(name) {
			continue
		}
		a, err := analyzerNamed(name)
		if err != nil {
			t.Fatal(err)
		}
		m := newMemoAnalyzer(a.(*analysis.DefaultAnalyzer))
		for pass := range 2 {
			for _, text := range texts {
				want := a.Analyze([]byte(text))
				got := m.Analyze([]byte(text))
				if !sameTokens(got, want) {
					t.Errorf("%s pass %d: %q:\n got %v\nwant %v", name, pass, text, got, want)
				}
			}
		}
		if m.off {
			t.Errorf("%s: memo turned itself off", name)
		}
	}
	if perToken("kb_cjk") || perToken("keyword") {
		t.Error("CJK bigrams and keyword are not per-token")
	}
}

func sameTokens(a, b analysis.TokenStream) bool {
	return slices.EqualFunc(a, b, func(x, y *analysis.Token) bool {
		return bytes.Equal(x.Term, y.Term) && x.Start == y.Start && x.End == y.End && x.Position == y.Position &&
			x.Type == y.Type && x.KeyWord == y.KeyWord
	})
}

// TestAnalyzeDocMatchesBuilder checks that a pre-analyzed document gives the segment builder what bleve's own
// analysis gives it: per field name, the summed lengths and merged term frequencies of its indexed fields (what zap
// indexes, see invertedIndexOpaque.process), and the same stored fields.
func TestAnalyzeDocMatchesBuilder(t *testing.T) {
	docs := append(testDocs(), genDocs(5)...)
	docs = append(docs, Document{ID: "/en/many/", Lang: "en", URL: "/en/many/", Title: "Returns and refunds", Kind: "article",
		Headings: []string{"Refunds", "Returning orders", "Return an order", "refunds"}, Tags: []string{"refund", "orders"},
		Body: "Return the order within 30 days."})
	memos := map[analysis.Analyzer]*memoAnalyzer{}
	merged := 0
	for pass := range 2 {
		for i := range docs {
			d := &docs[i]
			im := newMapping(d.Lang)
			want := document.NewDocument(d.ID)
			if err := im.MapDocument(want, d.fields()); err != nil {
				t.Fatal(err)
			}
			if !newDocMapper(im).mapDoc(new(preDoc), d) {
				t.Errorf("%s: left to MapDocument", d.ID)
			}
			got, err := analyzeDoc(im, newDocMapper(im), d, memos)
			if err != nil {
				t.Fatal(err)
			}
			merged += len(want.Fields) - len(got.fields)
			for _, f := range got.fields {
				if f.Options() == 0 { // withEveryField's
					merged++
				}
			}
			wantStored := storedOf(want.Fields) // before Analyze, which may fold an unstored value in place
			for _, f := range want.Fields {
				if f.Options().IsIndexed() {
					f.Analyze()
				}
			}
			if g, w := storedOf(got.fields), wantStored; !slices.Equal(g, w) {
				t.Errorf("pass %d %s: stored fields\n got %q\nwant %q", pass, d.ID, g, w)
			}
			g, w := indexedOf(got.fields), indexedOf(want.Fields)
			if !maps.Equal(g, w) {
				t.Errorf("pass %d %s: indexed\n got %v\nwant %v", pass, d.ID, g, w)
			}
		}
	}
	if merged == 0 {
		t.Error("no field was counted with another of its name")
	}
}

// TestAnalyzeDocGivesEveryField checks that a pre-analyzed document names every field of its language's mapping,
// those it lacks by fields that add nothing to the index, so that every segment of a build has the same fields and
// the merge of a language's segments copies them as they are.
func TestAnalyzeDocGivesEveryField(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		im := newMapping(lang)
		var names []string
		for prop, dm := range im.DefaultMapping.Properties {
			for _, fm := range dm.Fields {
				names = append(names, fieldName(fm, prop))
			}
		}
		slices.Sort(names)
		names = slices.Compact(names)
		bare := Document{ID: "/" + lang + "/bare/", Lang: lang, URL: "/" + lang + "/bare/", Title: "Bare", Body: "Nothing else.", Kind: "article"}
		full := Document{ID: "/" + lang + "/full/", Lang: lang, URL: "/" + lang + "/full/", Title: "Full", Page: "Page", Body: "All of it.",
			Kind: "question", Section: "faq", SectionTitle: "FAQ", Headings: []string{"One"}, Tags: []string{"tag"}, Fallback: true}
		for _, d := range []Document{bare, full} {
			got, err := analyzeDoc(im, newDocMapper(im), &d, map[analysis.Analyzer]*memoAnalyzer{})
			if err != nil {
				t.Fatal(err)
			}
			var have []string
			for _, f := range got.fields {
				have = append(have, f.Name())
			}
			slices.Sort(have)
			if have = slices.Compact(have); !slices.Equal(have, names) {
				t.Errorf("%s: fields %q, want one of each of %q", d.ID, have, names)
			}
			want := document.NewDocument(d.ID)
			if err := im.MapDocument(want, d.fields()); err != nil {
				t.Fatal(err)
			}
			if g, w := storedOf(got.fields), storedOf(want.Fields); !slices.Equal(g, w) {
				t.Errorf("%s: stored fields\n got %q\nwant %q", d.ID, g, w)
			}
		}
	}
}

// storedOf lists the stored fields as name, array positions and value, sorted (MapDocument adds them in map order).
func storedOf(fields []document.Field) []string {
	var s []string
	for _, f := range fields {
		if f.Options().IsStored() {
			s = append(s, fmt.Sprint(f.Name(), f.ArrayPositions(), string(f.Value())))
		}
	}
	slices.Sort(s)
	return s
}

// indexedOf is what the segment builder indexes of fields, by name: options, summed length and merged frequencies.
func indexedOf(fields []document.Field) map[string]string {
	type agg struct {
		opts  index.FieldIndexingOptions
		n     int
		freqs map[string]string
	}
	by := map[string]*agg{}
	for _, f := range fields {
		if !f.Options().IsIndexed() {
			continue
		}
		a := by[f.Name()]
		if a == nil {
			a = &agg{opts: f.Options(), freqs: map[string]string{}}
			by[f.Name()] = a
		}
		a.n += f.AnalyzedLength()
		for k, tf := range f.AnalyzedTokenFrequencies() {
			var freq, locs int
			fmt.Sscanf(a.freqs[k], "%d/%d", &freq, &locs)
			a.freqs[k] = fmt.Sprintf("%d/%d %s", freq+tf.Frequency(), locs+len(tf.Locations), tf.Term)
		}
	}
	out := map[string]string{}
	for name, a := range by {
		keys := slices.Sorted(maps.Keys(a.freqs))
		var s []string
		for _, k := range keys {
			s = append(s, k+"="+a.freqs[k])
		}
		out[name] = fmt.Sprint(a.opts, " ", a.n, " ", s)
	}
	return out
}

func freqString(f index.Field) string {
	if f == nil {
		return "no such field"
	}
	var s []string
	for k, tf := range f.AnalyzedTokenFrequencies() {
		s = append(s, fmt.Sprintf("%s=%s×%d/%d", k, tf.Term, tf.Frequency(), len(tf.Locations)))
	}
	slices.Sort(s)
	return fmt.Sprint(f.Options(), f.AnalyzedLength(), s)
}

func sameFreqs(a, b index.TokenFrequencies) bool {
	if len(a) != len(b) {
		return false
	}
	for k, x := range a {
		y, ok := b[k]
		if !ok || !bytes.Equal(x.Term, y.Term) || x.Frequency() != y.Frequency() || len(x.Locations) != len(y.Locations) {
			return false
		}
	}
	return true
}

// TestPreMappingMarshals checks that the builder stores newMapping's mapping, which Open reads back.
func TestPreMappingMarshals(t *testing.T) {
	for _, lang := range []string{"en", "ar", "el", "zh"} {
		im := newMapping(lang)
		want, err := json.Marshal(im)
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.Marshal(preMapping{im})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: preMapping marshals as\n%s\nwant\n%s", lang, got, want)
		}
	}
}

// TestBuildCanceledMidway cancels a build while the pool is busy: Build returns the error and leaves no goroutine
// blocked (the race detector and the test's own exit would show one).
func TestBuildCanceledMidway(t *testing.T) {
	docs := genDocs(2000)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	dir := t.TempDir() + "/index"
	if err := Build(ctx, dir, docs); err == nil {
		// cancel may have come too late: the build must then be complete.
		if _, err := readManifest(dir); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBuildIndexesAsBleve checks that Build, which analyzes documents itself (analyzeDoc: memoized filters, fields of
// one name counted together), indexes every term of every field with the documents, frequencies and norms that
// bleve's own analysis gives them (updateLang, a plain bleve index merged into one segment). Documents span several
// of the builder's batches.
func TestBuildIndexesAsBleve(t *testing.T) {
	var docs []Document
	for _, d := range genDocs(3 * batchSize / 2) {
		if d.Lang == "en" || d.Lang == "el" {
			d.Tags = strings.Fields(d.Title)
			docs = append(docs, d)
		}
	}
	dir := t.TempDir()
	built := filepath.Join(dir, "built")
	if err := Build(context.Background(), built, docs); err != nil {
		t.Fatal(err)
	}
	byLang, err := groupByLang(docs)
	if err != nil {
		t.Fatal(err)
	}
	for lang, ds := range byLang {
		plain := filepath.Join(dir, "plain")
		if _, err := updateLang(context.Background(), plain, lang, false, true, true, ds, nil); err != nil {
			t.Fatal(err)
		}
		got, want := postingsOf(t, langPath(built, lang)), postingsOf(t, langPath(plain, lang))
		if len(got) != len(want) {
			t.Errorf("%s: %d terms, want %d", lang, len(got), len(want))
		}
		differ := 0
		for k, w := range want {
			if g := got[k]; g != w {
				if differ++; differ <= 3 {
					t.Errorf("%s %s:\n got %s\nwant %s", lang, k, g, w)
				}
			}
		}
		if differ > 3 {
			t.Errorf("%s: and %d more terms differ", lang, differ-3)
		}
	}
}

// postingsOf reads every field's every term of the bleve index at path: its documents (by ID), frequencies and norms.
func postingsOf(t *testing.T, path string) map[string]string {
	t.Helper()
	r := indexReader(t, path)
	fields, err := r.Fields()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, field := range fields {
		dict, err := r.FieldDict(field)
		if err != nil {
			t.Fatal(err)
		}
		var terms []string
		for e, err := dict.Next(); e != nil || err != nil; e, err = dict.Next() {
			if err != nil {
				t.Fatal(err)
			}
			terms = append(terms, e.Term)
		}
		dict.Close()
		for _, term := range terms {
			tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, true, true, false)
			if err != nil {
				t.Fatal(err)
			}
			var ps []string
			for m, err := tfr.Next(nil); m != nil || err != nil; m, err = tfr.Next(nil) {
				if err != nil {
					t.Fatal(err)
				}
				id, err := r.ExternalID(m.ID)
				if err != nil {
					t.Fatal(err)
				}
				ps = append(ps, fmt.Sprintf("%s×%d/%g", id, m.Freq, m.Norm))
			}
			tfr.Close()
			slices.Sort(ps)
			out[field+" "+term] = strings.Join(ps, " ")
		}
	}
	return out
}
