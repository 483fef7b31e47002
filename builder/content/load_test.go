package content

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"kb/builder/diag"
)

// loadTxtar loads a site written as a txtar archive.
func loadTxtar(t *testing.T, langs Languages, archive string) ([]*Page, *diag.List) {
	t.Helper()
	fsys, err := txtar.FS(txtar.Parse([]byte(archive)))
	if err != nil {
		t.Fatal(err)
	}
	var diags diag.List
	return Load(context.Background(), fsys, langs, &diags), &diags
}

// summary prints one line per page: file, lang, kind, path, section, key and
// flags, so a test can list what it expects.
func summary(pages []*Page) []string {
	var out []string
	for _, p := range pages {
		line := fmt.Sprintf("%s %s %s %q section=%q key=%q", p.File, p.Lang, p.Kind, p.Path, p.Section, p.Key)
		if p.Untranslated {
			line += " untranslated"
		}
		if p.Meta.Draft {
			line += " draft"
		}
		out = append(out, line)
	}
	return out
}

func equalLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n%s\nwant:\n%s", what, lines(got), lines(want))
	}
}

func TestLoad(t *testing.T) {
	langs := siteLangs{"en", "ar", "el", "pt-BR", "zh-Hans"}
	tests := []struct {
		name  string
		site  string
		pages []string
		diags []string
	}{
		{
			name: "language folders",
			site: `
-- site.toml --
-- content/en/_index.md --
+++
title = "Help"
+++
Welcome.
-- content/ar/_index.md --
---
title: مساعدة
---
أهلا
-- content/en/faq/_index.md --
---
title: FAQ
---
-- content/en/faq/returns.md --
# Returns
-- content/ar/faq/returns.md --
# المرتجعات
-- content/en/faq/app/index.md --
# App
-- content/en/faq/app/screen.png --
-- content/en/privacy.md --
---
title: Privacy
type: policy
draft: true
---
Text.
`,
			pages: []string{
				`content/ar/_index.md ar home "" section="" key=""`,
				`content/ar/faq/returns.md ar article "faq/returns" section="faq" key="faq/returns"`,
				`content/en/_index.md en home "" section="" key=""`,
				`content/en/faq/_index.md en section "faq" section="faq" key="faq"`,
				`content/en/faq/app/index.md en article "faq/app" section="faq" key="faq/app"`,
				`content/en/faq/returns.md en article "faq/returns" section="faq" key="faq/returns"`,
				`content/en/privacy.md en article "privacy" section="" key="privacy" draft`,
			},
		},
		{
			name: "filename suffixes and bundles",
			site: `
-- content/_index.md --
# Home
-- content/_index.ar.md --
# الرئيسية
-- content/faq/_index.el.md --
---
title: Συχνές ερωτήσεις
---
-- content/faq/returns.md --
# Returns
-- content/faq/returns.el.md --
# Επιστροφές
-- content/faq/notes.v2.md --
# Notes
-- content/faq/app/crash/index.md --
# Crash
-- content/faq/app/crash/index.ar.md --
# تعطل
-- content/faq/app/crash/index.zh-hans.md --
# 崩溃
-- content/privacy/index.PT-br.md --
# Privacidade
`,
			pages: []string{
				`content/_index.ar.md ar home "" section="" key=""`,
				`content/_index.md en home "" section="" key=""`,
				`content/faq/_index.el.md el section "faq" section="faq" key="faq"`,
				`content/faq/app/crash/index.ar.md ar article "faq/app/crash" section="faq" key="faq/app/crash"`,
				`content/faq/app/crash/index.md en article "faq/app/crash" section="faq" key="faq/app/crash"`,
				`content/faq/app/crash/index.zh-hans.md zh-Hans article "faq/app/crash" section="faq" key="faq/app/crash"`,
				`content/faq/notes.v2.md en article "faq/notes.v2" section="faq" key="faq/notes.v2"`,
				`content/faq/returns.el.md el article "faq/returns" section="faq" key="faq/returns"`,
				`content/faq/returns.md en article "faq/returns" section="faq" key="faq/returns"`,
				`content/privacy/index.PT-br.md pt-BR article "privacy" section="" key="privacy"`,
			},
		},
		{
			name: "mixed layouts and letter case",
			site: `
-- content/EN/_index.md --
# Home
-- content/_index.ar.md --
# الرئيسية
-- content/ar/faq/returns.md --
# المرتجعات
-- content/faq/returns.md --
# Returns
-- content/faq/returns/index.el.md --
# Επιστροφές
-- content/pt-br/faq/returns.md --
---
translationKey: faq/returns
---
# Devoluções
-- content/pt-br/politicas/devolucoes.md --
---
translationKey: policies/returns
---
# Devoluções
`,
			pages: []string{
				`content/EN/_index.md en home "" section="" key=""`,
				`content/_index.ar.md ar home "" section="" key=""`,
				`content/ar/faq/returns.md ar article "faq/returns" section="faq" key="faq/returns"`,
				`content/faq/returns.md en article "faq/returns" section="faq" key="faq/returns"`,
				`content/faq/returns/index.el.md el article "faq/returns" section="faq" key="faq/returns"`,
				`content/pt-br/faq/returns.md pt-BR article "faq/returns" section="faq" key="faq/returns"`,
				`content/pt-br/politicas/devolucoes.md pt-BR article "politicas/devolucoes" section="politicas" key="policies/returns"`,
			},
		},
		{
			name: "untranslated stubs",
			site: `
-- content/en/_index.md --
# Help
-- content/en/docs/_index.md --
# Docs
-- content/en/docs/faq.md --
# FAQ
-- content/en/docs/privacy.md --
# Privacy
-- content/en/docs/terms.md --
# Terms
-- content/el/_index.md --
---
slug: home
untranslated: 1
---
-- content/el/docs/_index.md --
---
title: Τεκμηρίωση
---
-- content/el/docs/faq.md --
---
slug: faq
untranslated: 1
---
-- content/el/docs/privacy.md --
---
title: Απόρρητο
---

-- content/el/docs/terms.md --
---
title: Όροι
untranslated: true
---
Κείμενο
`,
			pages: []string{
				`content/el/_index.md el home "" section="" key="" untranslated`,
				`content/el/docs/_index.md el section "docs" section="docs" key="docs"`,
				`content/el/docs/faq.md el article "docs/faq" section="docs" key="docs/faq" untranslated`,
				`content/el/docs/privacy.md el article "docs/privacy" section="docs" key="docs/privacy" untranslated`,
				`content/el/docs/terms.md el article "docs/terms" section="docs" key="docs/terms" untranslated`,
				`content/en/_index.md en home "" section="" key=""`,
				`content/en/docs/_index.md en section "docs" section="docs" key="docs"`,
				`content/en/docs/faq.md en article "docs/faq" section="docs" key="docs/faq"`,
				`content/en/docs/privacy.md en article "docs/privacy" section="docs" key="docs/privacy"`,
				`content/en/docs/terms.md en article "docs/terms" section="docs" key="docs/terms"`,
			},
		},
		{
			name: "duplicate claims",
			site: `
-- content/ar/faq/x.md --
# 1
-- content/faq/x.ar.md --
# 2
-- content/faq/x/index.ar.md --
# 3
-- content/_index.md --
# home
-- content/index.md --
# home again
-- content/faq/y.md --
---
translationKey: faq/x
---
# y
-- content/faq/x.md --
# x
`,
			pages: []string{
				`content/_index.md en home "" section="" key=""`,
				`content/ar/faq/x.md ar article "faq/x" section="faq" key="faq/x"`,
				`content/faq/x.md en article "faq/x" section="faq" key="faq/x"`,
				`content/faq/y.md en article "faq/y" section="faq" key="faq/x"`,
			},
			diags: []string{
				`content/faq/x.ar.md: article "faq/x" (ar) is already defined by content/ar/faq/x.md; file skipped`,
				`content/faq/x/index.ar.md: article "faq/x" (ar) is already defined by content/ar/faq/x.md; file skipped`,
				`content/faq/y.md:2: translation key "faq/x" (en) is also used by content/faq/x.md`,
				`content/index.md: home page (en) is already defined by content/_index.md; file skipped`,
			},
		},
		{
			name: "unconfigured languages warned once",
			site: `
-- content/fa/_index.md --
-- content/fa/about.md --
-- content/fa/docs/faq.md --
-- content/faq/x.fa.md --
-- content/faq/x.de-CH.md --
-- content/faq/x.md --
# x
-- content/ar/faq/x.el.md --
# x
`,
			pages: []string{
				`content/faq/x.md en article "faq/x" section="faq" key="faq/x"`,
			},
			diags: []string{
				`content/ar/faq/x.el.md: language suffix "el" does not match the language folder "ar"; file skipped`,
				`content/fa/_index.md: warning: language "fa" is not in site.toml [languages]; 4 files skipped; add [languages.fa] to publish them`,
				`content/faq/x.de-CH.md: warning: language "de-CH" is not in site.toml [languages]; 1 file skipped; add [languages.de-CH] to publish it`,
			},
		},
		{
			name: "ignored files; partials are pages not rendered",
			site: `
-- content/faq/x.md --
# x
-- content/faq/.x.md.swp --
-- content/faq/x.md~ --
-- content/faq/#x.md# --
-- content/faq/.#x.md --
-- content/faq/_x.md --
-- content/_drafts/y.md --
-- content/.obsidian/z.md --
-- content/faq/notes.txt --
-- README.md --
-- static/a.md --
`,
			pages: []string{
				`content/_drafts/y.md en article "_drafts/y" section="_drafts" key="_drafts/y"`,
				`content/faq/_x.md en article "faq/_x" section="faq" key="faq/_x"`,
				`content/faq/x.md en article "faq/x" section="faq" key="faq/x"`,
			},
		},
		{
			name: "broken front matter is left out, unknown keys are kept",
			site: `
-- content/faq/broken.md --
---
title: [
---
-- content/faq/unclosed.md --
+++
title = "x"
-- content/faq/unknown.md --
---
title: x
menu: main
colour: blue
---
Body
-- content/faq/badtype.md --
---
weight: heavy
---
Body
`,
			pages: []string{
				`content/faq/badtype.md en article "faq/badtype" section="faq" key="faq/badtype"`,
				`content/faq/unknown.md en article "faq/unknown" section="faq" key="faq/unknown"`,
			},
			diags: []string{
				`content/faq/badtype.md:2:1: front matter: "weight" must be a whole number, not the text "heavy"`,
				`content/faq/broken.md:2: front matter: did not find expected node content`,
				`content/faq/unclosed.md:1:1: front matter: the opening +++ has no closing +++ line`,
				`content/faq/unknown.md:4:1: warning: front matter: unknown key "colour": kept as a page param for templates and {{< param >}}, but no template of the site reads it and kb itself does nothing with it (a typo?)`,
			},
		},
		{
			name:  "no content folder",
			site:  "-- site.toml --\n",
			diags: []string{`content: cannot read the content folder: open content: file does not exist`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pages, diags := loadTxtar(t, langs, tt.site)
			equalLines(t, "pages", summary(pages), tt.pages)
			equalMessages(t, diags, tt.diags)
		})
	}
}

func TestLoadBodyLines(t *testing.T) {
	fsys := fstest.MapFS{
		"content/faq/crlf.md": {Data: []byte("\uFEFF---\r\ntitle: x\r\n---\r\n\r\n## Q\r\nA\r\n")},
		"content/faq/none.md": {Data: []byte("## Q\nA\n")},
	}
	var diags diag.List
	pages := Load(context.Background(), fsys, siteLangs{"en"}, &diags)
	if len(pages) != 2 {
		t.Fatalf("%d pages: %v", len(pages), messages(&diags))
	}
	for _, tt := range []struct {
		page     *Page
		body     string
		bodyLine int
	}{
		{pages[0], "\n## Q\nA\n", 4},
		{pages[1], "## Q\nA\n", 1},
	} {
		if string(tt.page.Body) != tt.body || tt.page.BodyLine != tt.bodyLine {
			t.Errorf("%s: body %q at line %d, want %q at %d", tt.page.File, tt.page.Body, tt.page.BodyLine, tt.body, tt.bodyLine)
		}
	}
}

// TestLoadSymlinkLoop makes sure a folder linking to its parent does not
// hang the walk, and that the writer hears the link was not followed.
func TestLoadSymlinkLoop(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content", "faq"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "faq", "x.md"), []byte("# x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("..", filepath.Join(dir, "content", "faq", "loop")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	var diags diag.List
	pages := Load(context.Background(), os.DirFS(dir), siteLangs{"en"}, &diags)
	equalLines(t, "pages", summary(pages), []string{`content/faq/x.md en article "faq/x" section="faq" key="faq/x"`})
	equalMessages(t, &diags, []string{"content/faq/loop: warning: symbolic link to a folder: not followed (its pages are not built)"})
}

// TestReadPage checks that reading one file again, as kb serve does after an
// edit, gives the page that Load gives.
func TestReadPage(t *testing.T) {
	fsys := fstest.MapFS{
		"content/ar/faq/_index.md":          {Data: []byte("---\ntitle: الأسئلة\n---\n")},
		"content/faq/x.el.md":               {Data: []byte("+++\ntitle = \"x\"\ntranslationKey = \"k\"\n+++\nΚείμενο\n")},
		"content/faq/app/crash/index.md":    {Data: []byte("\uFEFF# Crash\r\n")},
		"content/faq/app/crash/index.fa.md": {Data: []byte("# x\n")},
		"content/faq/broken.md":             {Data: []byte("---\ntitle: [\n---\n")},
	}
	langs := siteLangs{"en", "ar", "el"}
	var diags diag.List
	loaded := map[string]*Page{}
	for _, p := range Load(context.Background(), fsys, langs, &diags) {
		loaded[p.File] = p
	}
	for _, file := range slices.Sorted(maps.Keys(fsys)) {
		p, ok := ReadPage(fsys, file, langs, &diag.List{})
		want, loadedOK := loaded[file]
		if ok != loadedOK {
			t.Errorf("%s: ReadPage ok = %t, Load has it: %t", file, ok, loadedOK)
			continue
		}
		if ok && !reflect.DeepEqual(p, want) {
			t.Errorf("%s: ReadPage\n%+v\nLoad\n%+v", file, p, want)
		}
	}
}
