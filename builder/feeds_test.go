package builder_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// atomFeed is an Atom feed as a feed reader reads it.
type atomFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomEntry struct {
	Lang  string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Title struct {
		Type string `xml:"type,attr"`
		Text string `xml:",chardata"`
	} `xml:"title"`
	Link struct {
		Href string `xml:"href,attr"`
	} `xml:"link"`
	ID        string `xml:"id"`
	Published string `xml:"published"`
	Updated   string `xml:"updated"`
	Summary   struct {
		Type string `xml:"type,attr"`
		Text string `xml:",chardata"`
	} `xml:"summary"`
}

// readFeed parses the feed at rel in out.
func readFeed(t *testing.T, out, rel string) atomFeed {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	var f atomFeed
	if err := xml.Unmarshal(data, &f); err != nil {
		t.Fatalf("%s is not Atom: %v\n%s", rel, err, data)
	}
	return f
}

// entryTitles lists a feed's entries by title, in order.
func entryTitles(f atomFeed) []string {
	var titles []string
	for _, e := range f.Entries {
		titles = append(titles, e.Title.Text)
	}
	return titles
}

// feedSite is a help center in English (at the site root, as a Hugo site
// has it) and Arabic, with dated policies and FAQ pages, one of them
// nested, an undated one, listed last, and pages no feed may list: a
// draft, a noindex page, and an English page Arabic shows untranslated.
var feedSite = map[string]string{
	"site.toml": "title = \"Acme Help\"\nbaseURL = \"https://help.example/\"\ndefaultLanguage = \"en\"\ndefaultLanguageInSubdir = false\n" +
		"[languages.en]\n[languages.ar]\ntitle = \"مساعدة أكمي\"\n",
	"content/en/policies/_index.md":    "+++\ntitle = \"Policies\"\n+++\n",
	"content/en/policies/returns.md":   "+++\ntitle = \"Returns & <refunds>\"\ndescription = \"How to return <b>goods</b> & \\\"get\\\" money\"\ndate = 2025-01-10\nupdated = 2026-03-01\naliases = [\"/old-returns/\"]\n+++\nSend it back.\n",
	"content/en/policies/privacy.md":   "+++\ntitle = \"Privacy\"\ndate = 2026-02-01\n+++\nWe keep little.\n",
	"content/en/policies/eu/_index.md": "+++\ntitle = \"EU\"\n+++\n",
	"content/en/policies/eu/vat.md":    "+++\ntitle = \"VAT\"\nupdated = 2026-04-01T10:30:00+02:00\n+++\nVAT is included.\n",
	"content/en/faq/shipping.md":       "+++\ntitle = \"Shipping\"\nupdated = 2026-01-15\n+++\n## How long?\n\nThree days.\n",
	"content/en/faq/secret.md":         "+++\ntitle = \"Secret draft\"\ndraft = true\nupdated = 2026-05-01\n+++\nNot yet.\n",
	"content/en/faq/internal.md":       "+++\ntitle = \"Internal\"\nnoindex = true\nupdated = 2026-05-02\n+++\nStaff only.\n",
	"content/en/account/undated.md":    "+++\ntitle = \"Undated\"\n+++\nNo date.\n",
	"content/ar/policies/returns.md":   "+++\ntitle = \"الإرجاع والاسترداد\"\ndescription = \"كيف تعيد المنتج\"\nupdated = 2026-03-02\n+++\nأعده إلينا.\n",
}

// TestFeeds: each language's home and each section has an Atom feed at
// the address Hugo gave it, listing the language's own articles,
// FAQ and policy pages newest first, with escaped titles and summaries,
// and dated by its newest entry; the home and section pages link to it
// in their head, titled in their language.
func TestFeeds(t *testing.T) {
	_, _, out := serving(t, feedSite)

	home := readFeed(t, out, "index.xml")
	if want := []string{"VAT", "Returns & <refunds>", "Privacy", "Shipping", "Undated"}; !slices.Equal(entryTitles(home), want) {
		t.Errorf("/index.xml lists %q, want %q (newest first, the undated page last; no draft, noindex or Arabic page)", entryTitles(home), want)
	}
	if home.Lang != "en" || home.Title != "Acme Help: recently updated" || home.ID != "https://help.example/" {
		t.Errorf("/index.xml: lang %q, title %q, id %q", home.Lang, home.Title, home.ID)
	}
	if home.Updated != "2026-04-01T08:30:00Z" {
		t.Errorf("/index.xml updated %q, want its newest entry's, 2026-04-01T08:30:00Z", home.Updated)
	}
	if len(home.Links) == 0 || home.Links[0].Rel != "self" || home.Links[0].Href != "https://help.example/index.xml" {
		t.Errorf("/index.xml links %+v, want self first at https://help.example/index.xml", home.Links)
	}
	returns := home.Entries[1]
	if returns.Link.Href != "https://help.example/policies/returns/" || returns.ID != returns.Link.Href {
		t.Errorf("returns entry link %q, id %q, want both https://help.example/policies/returns/", returns.Link.Href, returns.ID)
	}
	if returns.Title.Type != "text" || returns.Summary.Type != "text" || returns.Summary.Text != `How to return <b>goods</b> & "get" money` {
		t.Errorf("returns entry title type %q, summary %q (type %q)", returns.Title.Type, returns.Summary.Text, returns.Summary.Type)
	}
	if returns.Updated != "2026-03-01T00:00:00Z" || returns.Published != "2025-01-10T00:00:00Z" || returns.Lang != "en" {
		t.Errorf("returns entry updated %q, published %q, lang %q", returns.Updated, returns.Published, returns.Lang)
	}
	if privacy := home.Entries[2]; privacy.Updated != "2026-02-01T00:00:00Z" {
		t.Errorf("a page with only a date is updated %q, want that date", privacy.Updated)
	}
	raw, _ := os.ReadFile(filepath.Join(out, "index.xml"))
	if bytes.Contains(raw, []byte("<refunds>")) || bytes.Contains(raw, []byte("<b>")) || bytes.Contains(raw, []byte("old-returns")) {
		t.Errorf("/index.xml carries a writer's markup or an alias:\n%s", raw)
	}

	for rel, want := range map[string][]string{
		"policies/index.xml":    {"VAT", "Returns & <refunds>", "Privacy"},
		"policies/eu/index.xml": {"VAT"},
		"faq/index.xml":         {"Shipping"},
		"account/index.xml":     {"Undated"},
	} {
		if got := entryTitles(readFeed(t, out, rel)); !slices.Equal(got, want) {
			t.Errorf("/%s lists %q, want %q", rel, got, want)
		}
	}

	ar := readFeed(t, out, "ar/index.xml")
	if ar.Lang != "ar" || ar.Title != "مساعدة أكمي: آخر التحديثات" {
		t.Errorf("/ar/index.xml: lang %q, title %q", ar.Lang, ar.Title)
	}
	if len(ar.Entries) != 1 || ar.Entries[0].Title.Text != "الإرجاع والاسترداد" || ar.Entries[0].Lang != "ar" ||
		ar.Entries[0].Summary.Text != "كيف تعيد المنتج" || ar.Entries[0].Link.Href != "https://help.example/ar/policies/returns/" {
		t.Errorf("/ar/index.xml entries %+v, want the Arabic returns page alone, its title and summary intact", ar.Entries)
	}

	for page, link := range map[string]string{
		"index.html":             `<link rel="alternate" type="application/atom+xml" title="Acme Help: recently updated" href="https://help.example/index.xml">`,
		"policies/eu/index.html": `<link rel="alternate" type="application/atom+xml" title="EU · Acme Help: recently updated" href="https://help.example/policies/eu/index.xml">`,
		"ar/index.html":          `<link rel="alternate" type="application/atom+xml" title="مساعدة أكمي: آخر التحديثات" href="https://help.example/ar/index.xml">`,
	} {
		html, _ := os.ReadFile(filepath.Join(out, page))
		head, _, _ := strings.Cut(string(html), "</head>")
		if !strings.Contains(head, link) {
			t.Errorf("the head of %s lacks %s:\n%s", page, link, head)
		}
	}
	if html, _ := os.ReadFile(filepath.Join(out, "policies/returns/index.html")); bytes.Contains(html, []byte("application/atom+xml")) {
		t.Error("an article links to a feed; only home and section pages have one")
	}
}

// TestFeedsSameBytes: two builds of the same content write the same
// feeds, byte for byte: no clock in them.
func TestFeedsSameBytes(t *testing.T) {
	_, site, out := serving(t, feedSite)
	if _, err := os.Stat(filepath.Join(out, "account/index.xml")); err != nil {
		t.Fatal(err)
	}
	compareWithCleanBuild(t, "a second build", site, out)
}

// TestFeedsLimitAndOff: [feeds] limit keeps the newest entries; enabled =
// false writes no feed and no link to one.
func TestFeedsLimitAndOff(t *testing.T) {
	files := map[string]string{
		"site.toml":           "defaultLanguage = \"en\"\n[languages.en]\n[feeds]\nlimit = 2\n",
		"content/en/faq/a.md": "+++\ntitle = \"A\"\nupdated = 2026-01-01\n+++\na\n",
		"content/en/faq/b.md": "+++\ntitle = \"B\"\nupdated = 2026-01-03\n+++\nb\n",
		"content/en/faq/c.md": "+++\ntitle = \"C\"\nupdated = 2026-01-02\n+++\nc\n",
	}
	_, _, out := serving(t, files)
	for _, rel := range []string{"en/index.xml", "en/faq/index.xml"} {
		if got := entryTitles(readFeed(t, out, rel)); !slices.Equal(got, []string{"B", "C"}) {
			t.Errorf("%s with limit 2 lists %q, want the two newest, B and C", rel, got)
		}
	}
	files["site.toml"] = "defaultLanguage = \"en\"\n[languages.en]\n[feeds]\nenabled = false\n"
	_, _, out = serving(t, files)
	for _, rel := range []string{"en/index.xml", "en/faq/index.xml", "index.xml"} {
		if _, err := os.Stat(filepath.Join(out, rel)); err == nil {
			t.Errorf("feeds are off, yet %s is published", rel)
		}
	}
	if html, _ := os.ReadFile(filepath.Join(out, "en/index.html")); bytes.Contains(html, []byte("application/atom+xml")) {
		t.Error("feeds are off, yet the home page links to one")
	}
}

// TestFeedsFollowServeEdits: in kb serve, each edit that changes what a
// feed says (a title, a summary, a date, a page's section, its draft
// state) brings the feeds up to date, the output equal to a clean build's.
func TestFeedsFollowServeEdits(t *testing.T) {
	s, site, out := serving(t, feedSite)
	const privacy = "content/en/policies/privacy.md"
	for _, step := range []struct {
		what, file, text string
		feed             string   // a feed the edit changes
		want             []string // its entries after it
	}{
		{"retitle", privacy, "+++\ntitle = \"Privacy notice\"\ndate = 2026-02-01\n+++\nWe keep little.\n",
			"index.xml", []string{"VAT", "Returns & <refunds>", "Privacy notice", "Shipping", "Undated"}},
		{"describe", privacy, "+++\ntitle = \"Privacy notice\"\ndescription = \"What we keep\"\ndate = 2026-02-01\n+++\nWe keep little.\n",
			"", nil},
		{"redate", privacy, "+++\ntitle = \"Privacy notice\"\ndescription = \"What we keep\"\ndate = 2026-02-01\nupdated = 2026-06-01\n+++\nWe keep little.\n",
			"policies/index.xml", []string{"Privacy notice", "VAT", "Returns & <refunds>"}},
		{"draft", privacy, "+++\ntitle = \"Privacy notice\"\ndraft = true\nupdated = 2026-06-01\n+++\nWe keep little.\n",
			"policies/index.xml", []string{"VAT", "Returns & <refunds>"}},
		{"publish", privacy, "+++\ntitle = \"Privacy notice\"\nupdated = 2026-06-01\n+++\nWe keep little.\n",
			"index.xml", []string{"Privacy notice", "VAT", "Returns & <refunds>", "Shipping", "Undated"}},
		{"body only", privacy, "+++\ntitle = \"Privacy notice\"\nupdated = 2026-06-01\n+++\nWe keep very little.\n",
			"", nil},
	} {
		saveAndRebuild(t, s, site, step.file, step.text)
		if step.feed != "" {
			if got := entryTitles(readFeed(t, out, step.feed)); !slices.Equal(got, step.want) {
				t.Errorf("after %s, /%s lists %q, want %q", step.what, step.feed, got, step.want)
			}
		}
		compareWithCleanBuild(t, step.what, site, out)
	}
	if f := readFeed(t, out, "index.xml"); f.Entries[0].Summary.Text != "" {
		t.Errorf("the summary stayed after the description went: %q", f.Entries[0].Summary.Text)
	}

	// A page moved to another section leaves the one feed for the other.
	from := filepath.Join(site, "content/en/faq/shipping.md")
	to := filepath.Join(site, "content/en/policies/shipping.md")
	if err := os.Rename(from, to); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Rebuild(context.Background(), []string{from, to}); err != nil {
		t.Fatal(err)
	}
	if err := s.Wait(); err != nil {
		t.Fatal(err)
	}
	if got := entryTitles(readFeed(t, out, "policies/index.xml")); !slices.Contains(got, "Shipping") {
		t.Errorf("after the move, /policies/index.xml lists %q, without Shipping", got)
	}
	if got := entryTitles(readFeed(t, out, "faq/index.xml")); len(got) != 0 {
		t.Errorf("after the move, /faq/index.xml still lists %q", got)
	}
	compareWithCleanBuild(t, "move", site, out)
}

// TestFeedsAtZolasAddresses: a Zola site built as it is keeps its feeds
// where Zola published them (feed_filenames, /atom.xml by default, and
// /<lang>/atom.xml), each an Atom feed whose self link is its own
// address, an rss.xml name included; no feed at Hugo's /index.xml; the
// pages link to the first.
func TestFeedsAtZolasAddresses(t *testing.T) {
	files := map[string]string{
		"config.toml": "base_url = \"https://docs.example/\"\ntitle = \"Docs\"\ndefault_language = \"en\"\n" +
			"generate_feeds = true\nfeed_filenames = [\"atom.xml\", \"rss.xml\"]\n[languages.fr]\ngenerate_feeds = true\n",
		"content/_index.md":         "+++\ntitle = \"Docs\"\n+++\n",
		"content/faq/_index.md":     "+++\ntitle = \"FAQ\"\n+++\n",
		"content/faq/returns.md":    "+++\ntitle = \"Returns\"\ndate = 2026-01-10\n+++\nSend it back.\n",
		"content/faq/returns.fr.md": "+++\ntitle = \"Retours\"\ndate = 2026-01-11\n+++\nRenvoyez-le.\n",
	}
	_, _, out := serving(t, files)
	for rel, want := range map[string]string{
		"atom.xml":     "Returns",
		"rss.xml":      "Returns",
		"faq/atom.xml": "Returns",
		"fr/atom.xml":  "Retours",
		"fr/rss.xml":   "Retours",
	} {
		f := readFeed(t, out, rel)
		if got := entryTitles(f); !slices.Equal(got, []string{want}) {
			t.Errorf("/%s lists %q, want %q", rel, got, want)
		}
		if len(f.Links) == 0 || f.Links[0].Rel != "self" || f.Links[0].Href != "https://docs.example/"+rel {
			t.Errorf("/%s links %+v, want self first at its own address", rel, f.Links)
		}
	}
	for _, rel := range []string{"index.xml", "fr/index.xml", "faq/index.xml"} {
		if _, err := os.Stat(filepath.Join(out, rel)); err == nil {
			t.Errorf("%s is published; the Zola site's feeds were at atom.xml and rss.xml", rel)
		}
	}
	html, _ := os.ReadFile(filepath.Join(out, "fr/index.html"))
	if !bytes.Contains(html, []byte(`type="application/atom+xml"`)) || !bytes.Contains(html, []byte(`href="https://docs.example/fr/atom.xml">`)) {
		t.Errorf("the French home does not link to /fr/atom.xml in its head:\n%s", html)
	}
}

// TestFeedsListUndatedPages: a page with no date (none in its front
// matter, and no git history, as on a new site) is still in the feeds,
// after the dated ones, by address, dated by the start of Unix time as an
// empty feed is, never by the clock or the file's mtime: a new site's
// feeds are not empty, and builds of the same content write the same
// bytes wherever they run.
func TestFeedsListUndatedPages(t *testing.T) {
	files := map[string]string{
		"site.toml":                 "title = \"Help\"\nbaseURL = \"https://help.example/\"\ndefaultLanguage = \"en\"\n[languages.en]\n",
		"content/en/faq/zebra.md":   "+++\ntitle = \"Zebra\"\n+++\nz\n",
		"content/en/faq/apple.md":   "+++\ntitle = \"Apple\"\n+++\na\n",
		"content/en/faq/dated.md":   "+++\ntitle = \"Dated\"\nupdated = 2026-01-01\n+++\nd\n",
		"content/en/guide/intro.md": "+++\ntitle = \"Intro\"\n+++\ni\n",
	}
	_, site, out := serving(t, files)
	home := readFeed(t, out, "en/index.xml")
	if want := []string{"Dated", "Apple", "Zebra", "Intro"}; !slices.Equal(entryTitles(home), want) {
		t.Errorf("/en/index.xml lists %q, want %q: the dated page, then the undated ones by address", entryTitles(home), want)
	}
	if home.Updated != "2026-01-01T00:00:00Z" {
		t.Errorf("/en/index.xml updated %q, want its newest dated entry's", home.Updated)
	}
	for _, e := range home.Entries[1:] {
		if e.Updated != "1970-01-01T00:00:00Z" || e.Published != "" {
			t.Errorf("undated entry %q: updated %q, published %q; want the start of Unix time and no published date", e.Title.Text, e.Updated, e.Published)
		}
	}
	if guide := readFeed(t, out, "en/guide/index.xml"); !slices.Equal(entryTitles(guide), []string{"Intro"}) || guide.Updated != "1970-01-01T00:00:00Z" {
		t.Errorf("/en/guide/index.xml lists %q, updated %q; want Intro, dated by the start of Unix time", entryTitles(guide), guide.Updated)
	}
	compareWithCleanBuild(t, "a second build", site, out)
}
