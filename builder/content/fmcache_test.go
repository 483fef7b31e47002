package content

import (
	"reflect"
	"slices"
	"testing"

	"kb/builder/diag"
)

// fmCacheSources are front matters of every kind of value Meta holds, in
// both formats, with and without diagnostics.
var fmCacheSources = []struct {
	name      string
	src       string
	cacheable bool
}{
	{"toml", "+++\ntitle = \"Refunds\"\ndescription = \"How\"\nlinkTitle = \"Ref\"\nweight = -3\ntags = [\"a\", \"b\"]\ntype = \"faq\"\nslug = \"ref\"\naliases = [\"/old/\"]\ntranslationKey = \"k\"\ndate = 2024-03-01\nlastmod = 2024-05-02T10:11:12Z\neffective = 2025-01-01T00:00:00\ntranslatedFrom = \"abc\"\nrelated = [\"x/y\"]\nfeatured = true\ndraft = false\n+++\nBody\n", true},
	{"toml empty lists", "+++\ntitle = \"T\"\ntags = []\n+++\nBody\n", true},
	{"toml untranslated", "+++\ntitle = \"T\"\nuntranslated = true\n+++\nBody\n", true},
	{"toml no body", "+++\ntitle = \"T\"\n+++\n", true},
	{"yaml", "---\ntitle: Hi\nupdated: 2023-01-02\ntags: [x]\nweight: 4\n---\nBody\n", true},
	{"yaml crlf", "\uFEFF---\r\ntitle: Hi\r\n---\r\nBody\r\n", true},
	{"toml offset date", "+++\ntitle = \"T\"\ndate = 2024-03-01T10:00:00+02:00\n+++\nBody\n", false},
	{"yaml unknown key", "---\ntitle: Hi\ntitel: x\n---\nBody\n", false},
	{"toml bad weight", "+++\ntitle = \"T\"\nweight = \"x\"\n+++\nBody\n", false},
	{"toml syntax error", "+++\ntitle = \n+++\nBody\n", false},
}

type parsed struct {
	Meta         Meta
	Body         string
	BodyLine     int
	Untranslated bool
	OK           bool
	Diags        []diag.Diagnostic
}

func parseVia(file, src string, fmc *FrontMatterCache) parsed {
	var ds diag.List
	m, body, line, untr, ok := parse(file, []byte(src), &ds, LoadOptions{FrontMatter: fmc})
	return parsed{m, string(body), line, untr, ok, ds.All()}
}

// TestFrontMatterCache checks that front matter taken from the cache, after
// an encoding round trip, is what decoding gives, diagnostics included, and
// that only front matter decoded without a diagnostic is kept.
func TestFrontMatterCache(t *testing.T) {
	first := NewFrontMatterCache()
	for _, tc := range fmCacheSources {
		if got, want := parseVia("a.md", tc.src, first), parseVia("a.md", tc.src, nil); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: first parse with a cache:\n got %+v\nwant %+v", tc.name, got, want)
		}
	}
	again, err := DecodeFrontMatterCache(first.Encode())
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, tc := range fmCacheSources {
		if tc.cacheable {
			want++
		}
		// Another file with the same front matter: a hit names nothing.
		if got, want := parseVia("b.md", tc.src, again), parseVia("b.md", tc.src, nil); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: parse from the cache:\n got %+v\nwant %+v", tc.name, got, want)
		}
	}
	if got := again.Hits(); got != want {
		t.Errorf("hits = %d, want %d (the front matters decoded without a diagnostic)", got, want)
	}
	if got := len(again.old); got != want {
		t.Errorf("the cache kept %d entries, want %d", got, want)
	}

	// A changed block is decoded again.
	changed := NewFrontMatterCache()
	for k, v := range again.used {
		changed.old[k] = v
	}
	p := parseVia("a.md", "+++\ntitle = \"Refunds!\"\n+++\nBody\n", changed)
	if p.Meta.Title != "Refunds!" || changed.Hits() != 0 {
		t.Errorf("changed front matter: title %q, %d hits", p.Meta.Title, changed.Hits())
	}
}

// TestFrontMatterCacheEncodeKeepsUsed checks that a cache written after a
// load holds only the entries that load used.
func TestFrontMatterCacheEncodeKeepsUsed(t *testing.T) {
	c := NewFrontMatterCache()
	parseVia("a.md", "+++\ntitle = \"A\"\n+++\n", c)
	parseVia("b.md", "+++\ntitle = \"B\"\n+++\n", c)
	c2, err := DecodeFrontMatterCache(c.Encode())
	if err != nil {
		t.Fatal(err)
	}
	parseVia("a.md", "+++\ntitle = \"A\"\n+++\n", c2)
	c3, err := DecodeFrontMatterCache(c2.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if len(c2.old) != 2 || len(c3.old) != 1 {
		t.Errorf("entries: %d then %d, want 2 then 1", len(c2.old), len(c3.old))
	}
	if c.Unchanged() || c2.Unchanged() {
		t.Error("a cache that gained or lost entries says it is unchanged")
	}
	// A load that uses every entry and adds none gives the same bytes:
	// Unchanged lets the build skip writing them.
	parseVia("a.md", "+++\ntitle = \"A\"\n+++\nOther body\n", c3)
	if !c3.Unchanged() {
		t.Error("a cache whose every entry was used, none added, says it changed")
	}
	if got := c3.Encode(); string(got) != string(c2.Encode()) {
		t.Error("an unchanged cache encodes to other bytes than it was read from")
	}
}

// TestFrontMatterCacheDamaged checks that damaged bytes are refused, never
// decoded into front matter.
func TestFrontMatterCacheDamaged(t *testing.T) {
	c := NewFrontMatterCache()
	parseVia("a.md", fmCacheSources[0].src, c)
	data := c.Encode()
	for _, bad := range [][]byte{nil, data[:len(data)-1], append(slices.Clone(data[:40]), data[41:]...)} {
		if _, err := DecodeFrontMatterCache(bad); err == nil {
			t.Errorf("damaged cache of %d bytes accepted", len(bad))
		}
	}
	flipped := slices.Clone(data)
	flipped[len(fmCacheMagic)+40] ^= 1
	if _, err := DecodeFrontMatterCache(flipped); err == nil {
		t.Error("cache with a flipped bit accepted")
	}
	for _, v := range c.used {
		for n := range len(v) {
			if _, _, ok := decodeMeta(v[:n]); ok {
				t.Errorf("entry cut to %d of %d bytes decoded", n, len(v))
			}
		}
	}
}
