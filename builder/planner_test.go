package builder

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"kb/builder/config"
	"kb/builder/content"
	"kb/builder/diag"
	"kb/builder/locale"
	"kb/themes"
)

// The planner decides from pages held in memory: no site, no files.

// article is a page as the loader makes it, which takes an untitled
// page's title from its first heading.
func article(title, body string) *content.Page {
	p := &content.Page{File: "content/en/faq/returns.md", Lang: "en", Kind: content.Article, Path: "faq/returns",
		Section: "faq", Key: "faq/returns", Meta: content.Meta{Title: title}, Body: []byte(body)}
	if title == "" {
		p.Heading = content.FirstHeading(p.Body)
	}
	return p
}

func TestPlanRebuild(t *testing.T) {
	old := article("Returns", "Send it back.")
	body := article("Returns", "Send it back within 30 days.")
	retitled := article("Refunds", "Send it back.")
	untitled := article("", "# Returns\n\nSend it back.")
	reheaded := article("", "# Refunds\n\nSend it back.")
	moved := article("Returns", "Send it back.")
	moved.Path, moved.Key = "faq/returns-moved", "faq/returns-moved"
	weighted := article("Returns", "Send it back.")
	weighted.Meta.Weight = 3

	for _, tc := range []struct {
		name        string
		changes     []fileChange
		otherBefore bool
		stale       bool
		want        rebuildKind
		wantOther   bool
	}{
		{"a body edit", []fileChange{{page: true, before: old, after: body}}, false, false, rebuildBodies, false},
		{"a body edit under a heading title", []fileChange{{page: true, before: untitled, after: article("", "# Returns\n\nMore.")}}, false, false, rebuildBodies, false},
		{"a new title", []fileChange{{page: true, before: old, after: retitled}}, false, false, rebuildModel, false},
		{"a new first heading, which is the title", []fileChange{{page: true, before: untitled, after: reheaded}}, false, false, rebuildModel, false},
		{"a new weight", []fileChange{{page: true, before: old, after: weighted}}, false, false, rebuildModel, false},
		{"a page moved", []fileChange{{page: true, before: old, after: moved}}, false, false, rebuildModel, false},
		{"a new page", []fileChange{{page: true, after: old}}, false, false, rebuildModel, false},
		{"a page deleted", []fileChange{{page: true, before: old}}, false, false, rebuildModel, false},
		{"a body edit and a new page", []fileChange{{page: true, before: old, after: body}, {page: true, after: moved}}, false, false, rebuildModel, false},
		{"an image beside the pages", []fileChange{{page: false}}, false, false, rebuildModel, true},
		{"a folder", []fileChange{{dir: true}}, false, false, rebuildModel, true},
		{"a page file that never was one (ignored)", []fileChange{{page: true}}, false, false, rebuildBodies, false},
		{"a body edit after a failed image change", []fileChange{{page: true, before: old, after: body}}, true, false, rebuildModel, true},
		{"a body edit while the model is stale", []fileChange{{page: true, before: old, after: body}}, false, true, rebuildModel, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kind, other := planRebuild(tc.changes, tc.otherBefore, !tc.stale)
			if kind != tc.want || other != tc.wantOther {
				t.Errorf("planRebuild = %v, other %v; want %v, other %v", kind, other, tc.want, tc.wantOther)
			}
		})
	}
}

func TestNeedsFullBuild(t *testing.T) {
	for _, tc := range []struct {
		rels []string
		want bool
	}{
		{[]string{"content/en/faq/returns.md"}, false},
		{[]string{"content/en/faq/returns.md", "content/en/img/box.png"}, false},
		{[]string{"site.toml"}, true},
		{[]string{"content/en/faq/returns.md", "i18n/ar.toml"}, true},
		{[]string{"static/logo.svg"}, true},
		{[]string{"themes/shop/layouts/article.html"}, true},
		{[]string{"contentx/a.md"}, true},
	} {
		if got := needsFullBuild(tc.rels); got != tc.want {
			t.Errorf("needsFullBuild(%v) = %v, want %v", tc.rels, got, tc.want)
		}
	}
}

func TestIsPageFile(t *testing.T) {
	for rel, want := range map[string]bool{
		"content/en/faq/returns.md":       true,
		"content/en/faq/RETURNS.MD":       true,
		"content/en/faq/returns.markdown": true,
		"content/en/faq/box.png":          false,
		"content/en/faq/returns.md~":      false,
		"content/en/faq/md":               false,
	} {
		if got := isPageFile(rel); got != want {
			t.Errorf("isPageFile(%q) = %v, want %v", rel, got, want)
		}
	}
}

// TestAffectedByBodies: a body-only edit renders the edited page in every
// language that shows it and the pages linking to it, nothing else. The
// site is resolved from files held in memory.
func TestAffectedByBodies(t *testing.T) {
	siteFS := fstest.MapFS{
		"site.toml":                     {Data: []byte("title = \"T\"\nbaseURL = \"/\"\ndefaultLanguage = \"en\"\n[languages.en]\nname = \"English\"\n[languages.el]\nname = \"Ελληνικά\"\n")},
		"content/en/faq/returns.md":     {Data: []byte("+++\ntitle = \"Returns\"\n+++\nSend it back.\n")},
		"content/el/faq/returns.md":     {Data: []byte("+++\ntitle = \"Επιστροφές\"\n+++\nΣτείλτε το.\n")},
		"content/en/account/sign-in.md": {Data: []byte("+++\ntitle = \"Sign in\"\n+++\nSee [returns](../faq/returns.md).\n")},
		"content/en/account/help.md":    {Data: []byte("+++\ntitle = \"Help\"\n+++\nWrite to us.\n")},
	}
	var ds diag.List
	cfg, cds := config.Load(siteFS)
	if cfg == nil {
		t.Fatal(cds)
	}
	pages := content.Load(context.Background(), siteFS, cfg, &ds)
	catalog, _ := locale.NewCatalog(cfg.Order, locale.Source{FS: themes.Default(), Prefix: "themes/default/"})
	site := newSite(cfg, pages, catalog, &ds)
	if ds.HasErrors() {
		t.Fatal(ds.All())
	}
	// What the last build recorded: sign-in (and its Greek fallback) link
	// to the returns page.
	returns := "1\x00faq/returns"
	for _, p := range pages {
		if p.File == "content/en/faq/returns.md" {
			returns = groupID(p)
		}
	}
	states := map[string]*pageState{}
	for _, ls := range site.langs {
		for _, p := range ls.pages {
			st := &pageState{url: p.url, linked: map[string]bool{}}
			if strings.HasSuffix(p.out, "account/sign-in/index.html") {
				st.linked[returns] = true
			}
			states[p.out] = st
		}
	}
	last := &lastBuild{site: site, states: states}

	var got []string
	render, recheck := last.affectedByBodies(map[string]bool{returns: true}, nil)
	for _, p := range render {
		got = append(got, p.out)
	}
	slices.Sort(got)
	want := []string{"el/faq/returns/index.html", "en/faq/returns/index.html"}
	if !slices.Equal(got, want) {
		t.Errorf("an edit of the returns page renders %q, want %q", got, want)
	}
	want = []string{"el/account/sign-in/index.html", "en/account/sign-in/index.html"}
	if !slices.Equal(recheck, want) {
		t.Errorf("an edit of the returns page checks the links of %q again, want %q", recheck, want)
	}
	if render, recheck := last.affectedByBodies(map[string]bool{"1\x00nothing": true}, nil); len(render)+len(recheck) != 0 {
		t.Errorf("an edit of no known page renders %d pages and checks %d", len(render), len(recheck))
	}
}
