package search

import (
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
	"kb/search/greek"
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
	names := append(slices.Sorted(maps.Keys(chains)), greek.AnalyzerName)
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

// TestAnalyzeDocMatchesBuilder checks that a pre-analyzed document has the fields, lengths and term frequencies
// bleve's own analysis gives it.
func TestAnalyzeDocMatchesBuilder(t *testing.T) {
	docs := append(testDocs(), genDocs(5)...)
	memos := map[analysis.Analyzer]*memoAnalyzer{}
	for pass := range 2 {
		for i := range docs {
			d := &docs[i]
			im := newMapping(d.Lang)
			want := document.NewDocument(d.ID)
			if err := im.MapDocument(want, d.fields()); err != nil {
				t.Fatal(err)
			}
			if !newDocMapper(im).mapDoc(document.NewDocument(d.ID), d) {
				t.Errorf("%s: left to MapDocument", d.ID)
			}
			got, err := analyzeDoc(im, newDocMapper(im), d, memos)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.fields) != len(want.Fields) {
				t.Fatalf("%s: %d fields, want %d", d.ID, len(got.fields), len(want.Fields))
			}
			// Fields come in map order: match them by name and array position.
			key := func(f index.Field) string { return fmt.Sprint(f.Name(), f.ArrayPositions(), string(f.Value())) }
			byKey := map[string]index.Field{}
			for _, w := range want.Fields {
				byKey[key(w)] = w // before Analyze, which may fold an unstored value in place
			}
			for _, f := range want.Fields {
				if f.Options().IsIndexed() {
					f.Analyze()
				}
			}
			for _, f := range got.fields {
				w := byKey[key(f)]
				if w == nil || f.Options() != w.Options() ||
					f.AnalyzedLength() != w.AnalyzedLength() || !sameFreqs(f.AnalyzedTokenFrequencies(), w.AnalyzedTokenFrequencies()) {
					t.Errorf("pass %d %s field %s: got %d %s, want %s", pass, d.ID, f.Name(), f.AnalyzedLength(),
						freqString(f), freqString(w))
				}
			}
		}
	}
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
