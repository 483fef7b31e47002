package static

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"

	"kb/search"
)

// memStates is a memGzipped that keeps states too, and counts how many
// builds took theirs.
type memStates struct {
	*memGzipped
	states map[string][]byte
	kept   map[[32]byte]int
	used   int
}

func (m *memStates) Updated(string) { m.used++ }

func newMemStates() *memStates {
	return &memStates{memGzipped: newMemGzipped(), states: map[string][]byte{}, kept: map[[32]byte]int{}}
}

func (m *memStates) State(lang string) ([]byte, bool) {
	b, ok := m.states[lang]
	return slices.Clone(b), ok
}

func (m *memStates) PutState(lang string, write func(io.Writer) error) {
	var b strings.Builder
	if err := write(&b); err != nil {
		delete(m.states, lang)
		return
	}
	m.states[lang] = []byte(b.String())
}

func (m *memStates) Keep(sum [32]byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.kept[sum]++
}

// A build that takes the last build's kept analysis and changes it by the
// documents that changed writes what a build from nothing writes, build
// after build; it reads the words of the changed documents only.
// The same with documents that carry a Key, as kb's do.
func TestKeptAnalysisMatchesBuild(t *testing.T) {
	t.Run("text", func(t *testing.T) { testKeptAnalysisMatchesBuild(t, false) })
	t.Run("keys", func(t *testing.T) { testKeptAnalysisMatchesBuild(t, true) })
}

// withKeys gives each document a Key made from its fields, as kb gives
// search.DocDigest.
func withKeys(docs []Doc) {
	for i := range docs {
		d := &docs[i]
		d.Key = sha256.Sum256(fmt.Appendf(nil, "%q", []any{d.URL, d.Title, d.Page, d.Section, d.SectionTitle, d.Body, d.Headings, d.Tags, d.Fallback}))
	}
}

func testKeptAnalysisMatchesBuild(t *testing.T, keys bool) {
	defer func(f func(int) int) { analysisParts = f }(analysisParts)
	analysisParts = func(int) int { return 3 }
	defer func(n int) { headMinDocs = n }(headMinDocs)
	headMinDocs = 100 // heads too, from the kept postings
	ctx := context.Background()
	st := newMemStates()
	build := func(docs []Doc) {
		t.Helper()
		got, err := BuildReusing(ctx, "en", docs, testAnalyzer, st)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Build("en", docs, testAnalyzer)
		if err != nil {
			t.Fatal(err)
		}
		if diff := differingFiles(got, want); len(diff) > 0 {
			t.Fatalf("a build from the kept analysis differs from a build from nothing: %v", diff)
		}
		if !slices.ContainsFunc(slices.Collect(maps.Keys(want)), func(name string) bool { return strings.Contains(name, "/h/") }) {
			t.Fatal("no heads written")
		}
	}
	docs := synthCorpus(400, 5)
	docs[6].Body += strings.Repeat(" again", 70000) // a frequency past uint16
	if keys {
		withKeys(docs)
	}
	build(docs)
	if len(st.states["en"]) == 0 {
		t.Fatal("a build kept no analysis")
	}

	steps := []func(d []Doc){
		func(d []Doc) {
			d[10].Body += " a sentence added later with zzyzxword"
			d[200].Tags = append(slices.Clone(d[200].Tags), "new")
		},
		func(d []Doc) {
			d[10].Body = strings.TrimSuffix(d[10].Body, " a sentence added later with zzyzxword") // zzyzxword leaves the corpus
			d[6].Body += " again"
			d[399].Title = "Café crème, naïve façade"
		},
		func(d []Doc) {
			d[0].Body = ""
			d[0].Headings = nil
			d[1].Headings = []string{"Same words", "same Words same"}
			d[2].Title, d[3].Title = d[3].Title, d[2].Title
		},
		func(d []Doc) {
			d[5].Title, d[5].Body, d[5].Headings, d[5].Tags = d[4].Title, d[4].Body, d[4].Headings, d[4].Tags // the same text twice
		},
	}
	for s, step := range steps {
		next := slices.Clone(docs)
		step(next)
		if keys {
			withKeys(next)
		}
		st.resetCounts()
		clear(st.kept)
		used := st.used
		build(next)
		if st.used != used+1 {
			t.Fatalf("step %d: the kept analysis was not used", s)
		}
		// A kept analysis reads no unchanged document's words, but keeps them.
		h := newDocHash()
		changedSums, docSums := map[[32]byte]bool{}, map[[32]byte]bool{}
		for i := range next {
			old, sum := docWordsSum(h, &docs[i]), docWordsSum(h, &next[i])
			if old != sum {
				changedSums[old], changedSums[sum] = true, true
			}
			docSums[old], docSums[sum] = true, true
		}
		for sum := range st.gets {
			if docSums[sum] && !changedSums[sum] {
				t.Fatalf("step %d: words of a document that did not change were read", s)
			}
		}
		for i := range next {
			if sum := docWordsSum(h, &next[i]); docWordsSum(h, &docs[i]) == sum && st.kept[sum] == 0 {
				t.Fatalf("step %d: document %d's words were not kept", s, i)
			}
		}
		docs = next
	}

	// Documents added or removed: the build analyzes them all again, and
	// still writes the same.
	used := st.used
	build(docs[:390])
	more := synthCorpus(10, 9)
	if keys {
		withKeys(more)
	}
	build(append(slices.Clone(docs), more...))
	if st.used != used {
		t.Fatal("a kept analysis of another number of documents was used")
	}
}

// A damaged kept analysis is not trusted: the build reads every
// document's words and writes what a build from nothing writes.
func TestDamagedKeptAnalysisIsIgnored(t *testing.T) {
	ctx := context.Background()
	docs := synthCorpus(300, 4)
	next := slices.Clone(docs)
	next[7].Body += " one more line"
	want, err := Build("en", next, testAnalyzer)
	if err != nil {
		t.Fatal(err)
	}
	for _, damage := range []func([]byte) []byte{
		func(b []byte) []byte { return b[:len(b)/2] },
		func(b []byte) []byte { b[len(b)/2] ^= 0x55; return b },
		func(b []byte) []byte { b[len(stateVersion)+3] ^= 1; return b }, // a document's sum
		func(b []byte) []byte { return append(b, 0) },
	} {
		st := newMemStates()
		if _, err := BuildReusing(ctx, "en", docs, testAnalyzer, st); err != nil {
			t.Fatal(err)
		}
		st.states["en"] = damage(st.states["en"])
		got, err := BuildReusing(ctx, "en", next, testAnalyzer, st)
		if err != nil {
			t.Fatal(err)
		}
		if diff := differingFiles(got, want); len(diff) > 0 {
			t.Fatalf("a build with a damaged kept analysis differs from a build from nothing: %v", diff)
		}
	}
	// A changed document whose old words are gone: the same.
	st := newMemStates()
	if _, err := BuildReusing(ctx, "en", docs, testAnalyzer, st); err != nil {
		t.Fatal(err)
	}
	delete(st.blobs, docWordsSum(newDocHash(), &docs[7]))
	got, err := BuildReusing(ctx, "en", next, testAnalyzer, st)
	if err != nil {
		t.Fatal(err)
	}
	if diff := differingFiles(got, want); len(diff) > 0 {
		t.Fatalf("a build missing a changed document's old words differs from a build from nothing: %v", diff)
	}
}

// differingFiles names, sorted, the files that got does not have as want has them: what a build that must write what
// a build from nothing writes wrote otherwise.
func differingFiles(got, want map[string][]byte) []string {
	var diff []string
	for n := range want {
		if g, ok := got[n]; !ok || string(g) != string(want[n]) {
			diff = append(diff, n)
		}
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			diff = append(diff, n+" (extra)")
		}
	}
	slices.Sort(diff)
	return diff
}

// Documents whose bodies were left out (as kb leaves out a cached page's)
// build the same files as with their bodies while their words are kept;
// when a body must be read, the build says so (ErrBodyLeftOut).
func TestBodiesLeftOut(t *testing.T) {
	ctx := context.Background()
	st := newMemStates()
	docs := synthCorpus(300, 6)
	withKeys(docs)
	if _, err := BuildReusing(ctx, "en", docs, testAnalyzer, st); err != nil {
		t.Fatal(err)
	}
	leaveOut := func(docs []Doc, except ...int) []Doc {
		out := slices.Clone(docs)
		for i := range out {
			if !slices.Contains(except, i) {
				out[i].Body, out[i].BodyLeftOut = "", true
			}
		}
		return out
	}
	same := func(name string, docs []Doc) {
		t.Helper()
		got, err := BuildReusing(ctx, "en", leaveOut(docs, 3, 250), testAnalyzer, st)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, err := Build("en", docs, testAnalyzer)
		if err != nil {
			t.Fatal(err)
		}
		if diff := differingFiles(got, want); len(diff) > 0 {
			t.Fatalf("%s: without the bodies the files differ: %v", name, diff)
		}
	}
	next := slices.Clone(docs)
	next[3].Body += " changed text with qqwordnew"
	next[250].Title = "A new title"
	withKeys(next)
	used := st.used
	same("two documents changed, their bodies loaded", next)
	if st.used != used+1 {
		t.Error("the kept analysis was not used")
	}
	same("documents removed: analyzed again from the kept words", next[:290])

	changed := slices.Clone(next)
	changed[7].Body += " more"
	withKeys(changed)
	if _, err := BuildReusing(ctx, "en", leaveOut(changed, 3, 250), testAnalyzer, st); !errors.Is(err, ErrBodyLeftOut) {
		t.Errorf("a changed document whose body was left out: %v, want ErrBodyLeftOut", err)
	}
	if _, err := BuildReusing(ctx, "en", leaveOut(next), testAnalyzer, newMemStates()); !errors.Is(err, ErrBodyLeftOut) {
		t.Errorf("no words kept, bodies left out: %v, want ErrBodyLeftOut", err)
	}
}

// The kept analysis holds no excerpts: an excerpt shard whose documents
// did not change is the last build's, taken from the output or reuse by
// its digest, and one that did is made from the last build's shard and
// the new excerpts. When the cache lost either shard, the build analyzes
// every document instead and still writes what a build from nothing
// writes.
func TestKeptAnalysisTakesExcerptShards(t *testing.T) {
	ctx := context.Background()
	docs := synthCorpus(400, 8)
	withKeys(docs)
	next := slices.Clone(docs)
	next[10].Body = "A new first sentence for the excerpt. " + next[10].Body
	next[200].Body = "Another new start. " + next[200].Body
	withKeys(next)
	before, err := Build("en", docs, testAnalyzer)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Build("en", next, testAnalyzer)
	if err != nil {
		t.Fatal(err)
	}
	// The excerpt shards the edits change, and one they leave alone.
	var dirty []string
	var clean string
	for name := range want {
		if !strings.Contains(name, "/x/") {
			continue
		}
		if string(want[name]) != string(before[name]) {
			dirty = append(dirty, name)
		} else {
			clean = name
		}
	}
	if len(dirty) != 2 || clean == "" {
		t.Fatalf("the edits change excerpt shards %v; want two", dirty)
	}
	jsonSum := func(files map[string][]byte, name string) [32]byte { return sha256.Sum256(gunzip(t, files[name])) }

	for _, tc := range []struct {
		name string
		lose [32]byte // a shard's JSON sum whose gzip the cache loses
		used bool
	}{
		{"nothing lost", [32]byte{}, true},
		{"an unchanged shard lost", jsonSum(before, clean), false},
		{"a changed shard's last version lost", jsonSum(before, dirty[0]), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := newMemStates()
			if _, err := BuildReusing(ctx, "en", docs, testAnalyzer, st); err != nil {
				t.Fatal(err)
			}
			ex := []byte(excerpt(docs[300].Body, excerptRunes))
			if state := st.states["en"]; len(state) == 0 || bytes.Contains(state, ex[:min(len(ex), 60)]) {
				t.Fatalf("the kept analysis (%d bytes) holds a document's excerpt, or is missing", len(state))
			}
			delete(st.blobs, tc.lose)
			got, err := BuildReusing(ctx, "en", next, testAnalyzer, st)
			if err != nil {
				t.Fatal(err)
			}
			if diff := differingFiles(got, want); len(diff) > 0 {
				t.Fatalf("files differ from a build from nothing: %v", diff)
			}
			if (st.used == 1) != tc.used {
				t.Errorf("kept analysis used %d times, want it used: %v", st.used, tc.used)
			}
		})
	}
}

// In a language that writes compounds with a zero-width non-joiner, a build
// from the kept analysis reads an edited document's compounds as a build
// from nothing does: joined and in parts.
func TestKeptAnalysisOfCompounds(t *testing.T) {
	ctx := context.Background()
	an := Analyzer{Normalize: search.Normalize, Terms: search.Terms, Compounds: true}
	docs := []Doc{
		{URL: "/fa/a/", Title: "ارسال", Body: "سفارش را فردا می\u200cفرستیم."},
		{URL: "/fa/b/", Title: "بازگشت", Body: "کالا را می پذیریم."},
	}
	for i := range 20 {
		docs = append(docs, Doc{URL: fmt.Sprintf("/fa/x%02d/", i), Title: "راهنما", Body: "متن راهنما"})
	}
	st := newMemStates()
	if _, err := BuildReusing(ctx, "fa", slices.Clone(docs), an, st); err != nil {
		t.Fatal(err)
	}
	docs[1].Body = "کالا را می\u200cپذیریم و کارت\u200cهای هدیه را می\u200cفرستیم."
	used := st.used
	got, err := BuildReusing(ctx, "fa", slices.Clone(docs), an, st)
	if err != nil {
		t.Fatal(err)
	}
	if st.used != used+1 {
		t.Fatal("the kept analysis was not used")
	}
	want, err := Build("fa", docs, an)
	if err != nil {
		t.Fatal(err)
	}
	if diff := differingFiles(got, want); len(diff) > 0 {
		t.Fatalf("a build from the kept analysis differs from a build from nothing: %v", diff)
	}
	if !bytes.Contains(gunzip(t, want["_kb/search/fa/meta.json.gz"]), []byte(`"zw":1`)) {
		t.Error("meta.json does not say the language writes compounds")
	}
}

// In a language that joins one-letter words to the front of a word, a build
// from the kept analysis tells the pages that have a word as written from
// those that have it only after them as a build from nothing does.
func TestKeptAnalysisOfProclitics(t *testing.T) {
	ctx := context.Background()
	p := search.ProcliticsOf("he")
	an := Analyzer{Normalize: search.Normalize, Terms: search.Terms, Proclitics: p.Prefixes, ProcliticRest: p.MinRest}
	docs := []Doc{
		{URL: "/he/a/", Title: "אישורים", Body: "שלחו בקשה לאישור חדש."},
		{URL: "/he/b/", Title: "חשבון", Body: "האישור נשלח ללקוח."},
	}
	for i := range 20 {
		docs = append(docs, Doc{URL: fmt.Sprintf("/he/x%02d/", i), Title: "עזרה", Body: "טקסט עזרה"})
	}
	st := newMemStates()
	if _, err := BuildReusing(ctx, "he", slices.Clone(docs), an, st); err != nil {
		t.Fatal(err)
	}
	docs[1].Body = "אישור נשלח ללקוח, והאישור נשמר בחשבון."
	used := st.used
	got, err := BuildReusing(ctx, "he", slices.Clone(docs), an, st)
	if err != nil {
		t.Fatal(err)
	}
	if st.used != used+1 {
		t.Fatal("the kept analysis was not used")
	}
	want, err := Build("he", docs, an)
	if err != nil {
		t.Fatal(err)
	}
	if diff := differingFiles(got, want); len(diff) > 0 {
		t.Fatalf("a build from the kept analysis differs from a build from nothing: %v", diff)
	}
}
