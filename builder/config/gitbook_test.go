package config

import (
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// GitBook's own documentation space's SUMMARY.md: every page in order,
// nested by indentation, its "## Group" headings without GitBook's anchor,
// links to other sites kept without a page.
func TestReadSummary(t *testing.T) {
	src, err := os.ReadFile("testdata/gitbook-documentation.SUMMARY.md")
	if err != nil {
		t.Fatal(err)
	}
	entries := ReadSummary(src)
	if len(entries) < 150 {
		t.Fatalf("%d entries, want the whole table of contents", len(entries))
	}
	first := entries[:4]
	want := []SummaryEntry{
		{Title: "GitBook documentation", Page: "README.md", Line: 3},
		{Title: "Get Started", Line: 5, Group: true},
		{Title: "Quickstart", Page: "getting-started/quickstart.md", Line: 7},
		{Title: "LLM-ready docs", Page: "getting-started/llm-ready-docs.md", Line: 8},
	}
	if !slices.Equal(first, want) {
		t.Errorf("first entries:\n%+v\nwant\n%+v", first, want)
	}
	i := slices.IndexFunc(entries, func(e SummaryEntry) bool { return e.Title == "Tags" })
	if i < 0 || entries[i].Depth != 2 || entries[i].Page != "create-content/content-structure/page/tags.md" {
		t.Errorf("the nested entry Tags is %+v", entries[max(i, 0)])
	}
	i = slices.IndexFunc(entries, func(e SummaryEntry) bool { return e.Title == "Custom blocks" })
	if i < 0 || entries[i].Page != "" {
		t.Errorf("a link to another site is %+v, want no page", entries[max(i, 0)])
	}
}

// kb init --from gitbook: .gitbook.yaml's root, structure and redirects,
// SUMMARY.md's home title and missing pages, and the moves that put the
// space in content/ with each README.md its folder's _index.md.
func TestGitBookConfigs(t *testing.T) {
	for _, tt := range []struct {
		name  string
		files []string // name, content, ...
		title string
		keys  string
		notes []string
		moves []Move
		// redirects is the [redirects] table written, "" for none.
		redirects string
	}{{
		name: "a space in docs/ with a custom home page and redirects",
		files: []string{
			".gitbook.yaml", "root: ./docs/\n\nstructure:\n  readme: intro.md\n  summary: SUMMARY.md\n\nredirects:\n  help/billing: billing/README.md\n  faq/old-plan: billing/plans.md\nformat: markdown\n",
			"docs/intro.md", "# Welcome\n",
			"docs/SUMMARY.md", "# Table of contents\n\n* [Welcome](intro.md)\n\n## Billing\n\n* [Billing](billing/README.md)\n  * [Plans](billing/plans.md \"Our plans\")\n  * [Gone](billing/gone.md)\n",
			"docs/billing/README.md", "# Billing\n",
			"docs/billing/plans.md", "# Plans\n",
			"docs/.gitbook/assets/x.png", "png",
		},
		title: "Welcome",
		keys:  "root, structure.readme, structure.summary, docs/SUMMARY.md",
		notes: []string{
			".gitbook.yaml:10: warning: format: not carried over",
			"docs/SUMMARY.md:9: warning: \"billing/gone.md\": no such page in the space: fix or remove the entry",
		},
		moves:     []Move{{"docs", "content"}, {"content/billing/README.md", "content/billing/_index.md"}, {"content/intro.md", "content/_index.md"}},
		redirects: "\n[redirects]\n\"/help/billing\" = \"billing/_index.md\"\n\"/faq/old-plan\" = \"billing/plans.md\"\n",
	}, {
		name: "GitBook's empty .gitbook.yaml: the space at the repository's root",
		files: []string{
			".gitbook.yaml", "",
			"README.md", "# Home\n",
			"SUMMARY.md", "* [Home](README.md)\n* [Start](start/README.md)\n",
			"start/README.md", "# Start\n",
			"start/quick.md", "# Quick\n",
			".gitbook/assets/shot (1).png", "png",
			".github/workflows/ci.yml", "on: push",
			"scripts/build.sh", "#!/bin/sh",
		},
		title: "Home",
		keys:  "SUMMARY.md",
		moves: []Move{{".gitbook", "content/.gitbook"}, {"SUMMARY.md", "content/SUMMARY.md"}, {"start", "content/start"},
			{"README.md", "content/_index.md"}, {"content/start/README.md", "content/start/_index.md"}},
	}, {
		name:  "no .gitbook.yaml: SUMMARY.md makes the folder a space",
		files: []string{"SUMMARY.md", "* [Hello](README.md)\n", "README.md", "# Hello\n"},
		title: "Hello",
		keys:  "SUMMARY.md",
		moves: []Move{{"SUMMARY.md", "content/SUMMARY.md"}, {"README.md", "content/_index.md"}},
	}} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for i := 0; i+1 < len(tt.files); i += 2 {
				fsys[tt.files[i]] = &fstest.MapFile{Data: []byte(tt.files[i+1])}
			}
			f, err := ReadGitBook(fsys)
			if err != nil || f == nil {
				t.Fatalf("ReadGitBook: %v, %v", f, err)
			}
			toml := string(f.TOML)
			if !strings.Contains(toml, "title = \""+tt.title+"\"\n") || !strings.Contains(toml, "unsafe = true") {
				t.Errorf("site.toml:\n%s\nwant title %q and raw HTML kept", toml, tt.title)
			}
			if _, ds := Parse(f.TOML); len(ds) > 0 {
				t.Errorf("the site.toml written does not load: %v", ds)
			}
			if got := strings.Contains(toml, "[redirects]"); got != (tt.redirects != "") || !strings.Contains(toml, tt.redirects) {
				t.Errorf("site.toml:\n%s\nwant redirects %q", toml, tt.redirects)
			}
			if keys := strings.Join(f.Keys, ", "); keys != tt.keys {
				t.Errorf("keys %q, want %q", keys, tt.keys)
			}
			var notes []string
			for _, d := range f.Notes {
				notes = append(notes, d.Error())
			}
			if !slices.Equal(notes, tt.notes) {
				t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(notes, "\n"), strings.Join(tt.notes, "\n"))
			}
			if !slices.Equal(f.Moves, tt.moves) {
				t.Errorf("moves %v, want %v", f.Moves, tt.moves)
			}
		})
	}
}
