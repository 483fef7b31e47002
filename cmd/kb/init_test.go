package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

// In an empty folder kb says how to start; kb init starts a help center
// that builds and checks clean at once, in Arabic and Greek too.
func TestInitThenBuild(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := runKB(t, "build", "-s", dir)
	if code != 2 || !strings.Contains(errOut, "kb build: no site.toml in "+dir+" (nor a Hugo or Zola configuration)") || !strings.Contains(errOut, "Try: kb init "+dir+"\n") {
		t.Errorf("no site: exit %d, want 2 suggesting kb init\n%s", code, errOut)
	}
	site := filepath.Join(dir, "help")
	code, out, errOut := runKB(t, "init", "--lang", "en,ar,el", site)
	if code != 0 {
		t.Fatalf("kb init: exit %d\n%s", code, errOut)
	}
	for _, want := range []string{"created " + filepath.Join(site, "site.toml") + "\n", "created " + filepath.Join(site, "content/ar/faq/getting-started.md") + "\n", "Next: kb serve -s " + site} {
		if !strings.Contains(out, want) {
			t.Errorf("kb init output lacks %q:\n%s", want, out)
		}
	}
	out = filepath.Join(t.TempDir(), "public")
	code, _, errOut = runKB(t, "build", "-s", site, "-o", out, "--index", "-")
	if code != 0 || errOut != "" {
		t.Fatalf("kb build of a new site: exit %d\n%s", code, errOut)
	}
	ar := readFile(t, out, "ar/faq/getting-started/index.html")
	for _, want := range []string{`<html lang="ar" dir="rtl">`, "كيف أترجم صفحة؟", `"@type":"FAQPage"`} {
		if !strings.Contains(ar, want) {
			t.Errorf("Arabic FAQ lacks %s", want)
		}
	}
	if el := readFile(t, out, "el/policies/privacy/index.html"); !strings.Contains(el, "Πολιτική απορρήτου") || strings.Contains(el, "notice-fallback") {
		t.Error("the Greek policy is not its own page")
	}
	if code, out, _ := runKB(t, "check", "-s", site); code != 0 || !strings.Contains(out, "no problems found: ") {
		t.Errorf("kb check of a new site: exit %d\n%s", code, out)
	}
	if code, _, errOut := runKB(t, "init", site); code != 2 || !strings.Contains(errOut, "already has a site.toml") {
		t.Errorf("kb init over a site: exit %d\n%s", code, errOut)
	}
}

func TestInitLanguages(t *testing.T) {
	site := t.TempDir()
	code, out, _ := runKB(t, "init", "--lang", "en,de", site)
	if code != 0 || !strings.Contains(out, "kb has no starter text in de: its pages show the en ones with a notice until translated (kb new --lang de faq/getting-started)\n") {
		t.Errorf("exit %d\n%s", code, out)
	}
	for _, args := range [][]string{{"init", "--lang", "de", t.TempDir()}, {"init", "--lang", "en,e n", t.TempDir()}, {"init", "--from", "jekyll", t.TempDir()}, {"init", "a", "b"}} {
		if code, _, errOut := runKB(t, args...); code != 2 || !strings.Contains(errOut, "Try: ") {
			t.Errorf("%v: exit %d, want 2 with a hint\n%s", args, code, errOut)
		}
	}
}

// --help prints the command's usage on stdout and succeeds, for every
// command; a mistake in the flags goes to stderr with exit 2.
func TestHelpOnStdout(t *testing.T) {
	for _, c := range commands() {
		code, out, errOut := runKB(t, c.name, "--help")
		if code != 0 || errOut != "" || !strings.HasPrefix(out, "Usage: kb "+c.name+" ") || !strings.Contains(out, "Flags:\n") {
			t.Errorf("kb %s --help: exit %d\nstdout:\n%s\nstderr:\n%s", c.name, code, out, errOut)
		}
	}
	code, out, errOut := runKB(t, "build", "--nope")
	if code != 2 || out != "" || strings.Contains(errOut, "Usage:") || !strings.Contains(errOut, "Try: kb build --help") {
		t.Errorf("bad flag: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}

func TestFormatVersion(t *testing.T) {
	info := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "kb", Version: "v1.2.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "9963268a1b2c3d4e5f60718293a4b5c6d7e8f901"},
		{Key: "vcs.time", Value: "2026-12-02T07:24:23Z"},
		{Key: "vcs.modified", Value: "true"},
	}}
	if got, want := formatVersion(info), "kb v1.2.0 (9963268a1b2c, modified, 2026-12-02T07:24:23Z) go1.26.8"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	info = &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "kb"}}
	if got, want := formatVersion(info), "kb (devel) go1.26.8"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// kb --version and kb version name the commit the binary was built from.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		if code, out, _ := runKB(t, args...); code != 0 || !strings.HasPrefix(out, "kb ") {
			t.Errorf("%v: exit %d %q", args, code, out)
		}
	}
	if testing.Short() {
		t.Skip("builds the binary")
	}
	rev, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("not in a git checkout: %v", err)
	}
	out, err := exec.Command(buildBinary(t), "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(string(out), "kb (devel) go") {
		// go build stamps the revision only with -buildvcs and a .git
		// folder (not a git worktree's .git file).
		t.Skipf("the binary carries no revision: %q", out)
	}
	want := regexp.MustCompile(`^kb \S+ \(` + string(rev[:12]) + `(, modified)?, \d{4}-\d\d-\d\dT[0-9:]+Z\) go\S+\n$`)
	if !want.Match(out) {
		t.Errorf("kb --version = %q, want the revision %s", out, rev[:12])
	}
}

const hugoSite = `
-- hugo.toml --
title = "Docs"
baseURL = "https://example.org/"
defaultContentLanguage = "en"
[languages.en]
languageName = "English"
weight = 1
[languages.ar]
languageName = "العربية"
weight = 2
-- content/en/faq/crash.md --
---
title: The app crashes
menu:
  main:
    weight: 3
---
Restart it, then read [the other page](/faq/other/).
-- content/en/faq/other.md --
---
title: Other
---
Text.
-- content/ar/faq/crash.md --
---
title: التطبيق يتعطل
---
أعد تشغيله.
`

// A Hugo site builds as it is, without a site.toml, with English at the
// root as Hugo publishes it; kb init --from hugo writes the site.toml.
func TestHugoSiteAsItIs(t *testing.T) {
	site := writeSite(t, hugoSite)
	pub := filepath.Join(t.TempDir(), "public")
	code, _, errOut := runKB(t, "build", "-s", site, "-o", pub, "--index", "-")
	want := "hugo.toml: warning: no site.toml: read the Hugo configuration (title, baseURL, defaultContentLanguage, languages (2, with languageName, weight)); kb init --from hugo writes it as a site.toml to keep\n"
	if code != 0 || !strings.HasPrefix(errOut, want) {
		t.Fatalf("exit %d\n%s\nwant:\n%s", code, errOut, want)
	}
	if crash := readFile(t, pub, "faq/crash/index.html"); !strings.Contains(crash, `<a href="/faq/other/">the other page</a>`) {
		t.Error("English is not at the root, or its root link does not resolve")
	}
	readFile(t, pub, "ar/faq/crash/index.html")
	// The Hugo configuration is an input: editing it builds again.
	if _, out, _ := runKB(t, "build", "-s", site, "-o", pub, "--index", "-"); !strings.HasPrefix(out, "up to date") {
		t.Errorf("second build: %s", out)
	}
	writeFile(t, site, "hugo.toml", strings.Replace(readFile(t, site, "hugo.toml"), `title = "Docs"`, `title = "Help"`, 1))
	if _, out, _ := runKB(t, "build", "-s", site, "-o", pub, "--index", "-"); strings.HasPrefix(out, "up to date") {
		t.Errorf("a changed hugo.toml is up to date: %s", out)
	}
	if code, _, errOut := runKB(t, "init", "--from", "zola", site); code != 2 || !strings.Contains(errOut, "--from zola: "+site+" has a Hugo configuration (hugo.toml)") {
		t.Errorf("--from zola on a Hugo site: exit %d\n%s", code, errOut)
	}
	code, out, _ := runKB(t, "init", "--from", "hugo", site)
	if code != 0 || out != "wrote site.toml from Hugo's hugo.toml (title, baseURL, defaultContentLanguage, languages (2, with languageName, weight))\n" {
		t.Fatalf("kb init --from hugo: exit %d\n%s", code, out)
	}
	if got := readFile(t, site, "site.toml"); !strings.Contains(got, "defaultLanguageInSubdir = false\n") || !strings.Contains(got, "[languages.ar]\nname = \"العربية\"\nweight = 2\n") {
		t.Errorf("site.toml:\n%s", got)
	}
	if code, _, errOut := runKB(t, "build", "-s", site, "-o", pub, "--index", "-"); code != 0 || errOut != "" {
		t.Errorf("build with the written site.toml: exit %d\n%s", code, errOut)
	}
}

// Hugo Book's layout keeps each language's pages beside content/
// (contentDir = "content.he"): kb build says where kb reads them, and kb
// init prints the moves, after which the site builds.
func TestHugoContentDirBesideContent(t *testing.T) {
	site := writeSite(t, `-- hugo.toml --
title = "Docs"
defaultContentLanguage = "en"
[languages.en]
contentDir = "content.en"
weight = 1
[languages.he]
contentDir = "content.he"
languageDirection = "rtl"
weight = 2
-- content.en/docs/install.md --
---
title: Install
---
Download the app.
-- content.he/docs/install.md --
---
title: התקנה
---
הורידו את האפליקציה.
`)
	pub := filepath.Join(t.TempDir(), "public")
	code, _, errOut := runKB(t, "build", "-s", site, "-o", pub, "--index", "-")
	if code != 1 || !strings.Contains(errOut, `hugo.toml: warning: [languages.he] contentDir = "content.he": kb reads a language's pages from a folder directly under content/; move them to content/he/`) {
		t.Fatalf("kb build as it is: exit %d\n%s", code, errOut)
	}
	code, out, _ := runKB(t, "init", "--from", "hugo", site)
	want := "Next, move Hugo's folders where kb reads them:\n" +
		"  mkdir -p " + filepath.Join(site, "content") + "\n" +
		"  git -C " + site + " mv content.en content/en\n" +
		"  git -C " + site + " mv content.he content/he\n"
	if code != 0 || !strings.HasSuffix(out, want) {
		t.Fatalf("kb init --from hugo: exit %d\n%s\nwant it to end with:\n%s", code, out, want)
	}
	if err := os.Mkdir(filepath.Join(site, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "he"} {
		if err := os.Rename(filepath.Join(site, "content."+lang), filepath.Join(site, "content", lang)); err != nil {
			t.Fatal(err)
		}
	}
	if code, _, errOut := runKB(t, "build", "-s", site, "-o", pub, "--index", "-"); code != 0 || errOut != "" {
		t.Fatalf("kb build after the moves: exit %d\n%s", code, errOut)
	}
	if he := readFile(t, pub, "he/docs/install/index.html"); !strings.Contains(he, `<html lang="he" dir="rtl">`) || !strings.Contains(he, "הורידו את האפליקציה") {
		t.Error("the Hebrew page is not built right to left")
	}
	readFile(t, pub, "docs/install/index.html")
}

// kb init, then kb serve: a bilingual help center with search, at once.
func TestInitThenServe(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	site := filepath.Join(t.TempDir(), "help")
	if code, _, errOut := runKB(t, "init", "--lang", "en,ar", site); code != 0 {
		t.Fatalf("kb init: exit %d\n%s", code, errOut)
	}
	base, _ := startServe(t, site)
	waitFor(t, base+"/ar/faq/getting-started/", func(b string) bool {
		return strings.Contains(b, `<html lang="ar" dir="rtl">`) && strings.Contains(b, "كيف أضيف مقالًا؟")
	})
	if home := get(t, base+"/"); !strings.Contains(home, `href="/en/"`) || !strings.Contains(home, `href="/ar/"`) {
		t.Errorf("the root does not offer both languages:\n%s", home)
	}
	if b := get(t, base+"/api/search?q=%D8%AA%D8%B1%D8%AC%D9%85%D8%A9&lang=ar"); !strings.Contains(b, "/ar/faq/getting-started/") {
		t.Errorf("Arabic search finds nothing: %s", b)
	}
}

// Hugo's [params] reach the param shortcode, whether the site is built as
// it is or after kb init --from hugo wrote its site.toml.
func TestHugoParams(t *testing.T) {
	site := writeSite(t, `
-- hugo.toml --
baseURL = "https://x.example/"
title = "X"
[params]
supportEmail = "help@x.example"
-- content/p.md --
---
title: P
---
Mail {{< param supportEmail >}}.
`)
	for _, step := range []string{"as it is", "after kb init --from hugo"} {
		if step != "as it is" {
			if code, out, errOut := runKB(t, "init", "--from", "hugo", site); code != 0 || !strings.Contains(out, "params") {
				t.Fatalf("kb init --from hugo: exit %d\n%s%s", code, out, errOut)
			}
		}
		pub := filepath.Join(t.TempDir(), "public")
		code, _, errOut := runKB(t, "build", "-s", site, "-o", pub, "--index", "-")
		if code != 0 || strings.Contains(errOut, `param "`) {
			t.Errorf("%s: exit %d\n%s", step, code, errOut)
		}
		if p := readFile(t, pub, "p/index.html"); !strings.Contains(p, "<p>Mail help@x.example.</p>") {
			t.Errorf("%s: the param is not in the page", step)
		}
	}
}

const starlightSite = `
-- astro.config.mjs --
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';

export default defineConfig({
	site: 'https://docs.example.org/',
	integrations: [
		starlight({
			title: 'Docs',
			social: [{ icon: 'github', label: 'GitHub', href: 'https://github.com/x/y' }],
			locales: {
				root: { label: 'English', lang: 'en' },
				'pt-br': { label: 'Português do Brasil', lang: 'pt-BR' },
				fa: { label: 'فارسی', lang: 'fa', dir: 'rtl' },
			},
		}),
	],
});
-- src/content/docs/index.md --
---
title: Welcome
template: splash
hero:
  tagline: Everything about the app
---
Start with [the guide](/guides/start/).
-- src/content/docs/guides/start.md --
---
title: Getting started with the app
description: The first steps.
sidebar:
  order: 1
  label: Start
  badge: New
lastUpdated: 2026-03-01
editUrl: false
tableOfContents: false
---
Install it.
-- src/content/docs/guides/internal.md --
---
title: Internal notes
pagefind: false
sidebar:
  hidden: true
---
Not for search.
-- src/content/docs/fa/guides/start.md --
---
title: شروع کار
sidebar:
  order: 1
---
نصب کنید.
-- public/favicon.svg --
<svg xmlns="http://www.w3.org/2000/svg"></svg>
`

// A Starlight site: kb build says how to move in, kb init --from
// starlight writes the site.toml and the folders to rename, and the site
// then builds with its front matter read, not warned about.
func TestStarlightInit(t *testing.T) {
	site := writeSite(t, starlightSite)
	pub := filepath.Join(t.TempDir(), "public")
	code, _, errOut := runKB(t, "build", "-s", site, "-o", pub, "--index", "-")
	if code != 2 || !strings.Contains(errOut, "no site.toml in "+site+", but an Astro configuration (astro.config.mjs): kb init --from starlight writes the site.toml for a Starlight site") ||
		!strings.Contains(errOut, "Try: kb init --from starlight "+site+"\n") {
		t.Errorf("kb build of a Starlight site: exit %d\n%s", code, errOut)
	}
	if code, _, errOut := runKB(t, "init", "--from", "hugo", site); code != 2 || !strings.Contains(errOut, "--from hugo: "+site+" has no Hugo or Zola configuration") {
		t.Errorf("--from hugo on a Starlight site: exit %d\n%s", code, errOut)
	}
	code, out, errOut := runKB(t, "init", "--from", "starlight", site)
	want := "astro.config.mjs:9: warning: social: not carried over: add the links as [[menu.header]] entries in site.toml\n" +
		"wrote site.toml from Starlight's astro.config.mjs (locales (3), title, site)\n" +
		"Next, move Starlight's folders where kb reads them:\n" +
		"  git -C " + site + " mv src/content/docs content\n" +
		"  git -C " + site + " mv public static\n"
	if code != 0 || out != want {
		t.Fatalf("kb init --from starlight: exit %d\n%s%s\nwant:\n%s", code, out, errOut, want)
	}
	if got := readFile(t, site, "site.toml"); !strings.Contains(got, "[languages.fa]\nname = \"فارسی\"\ndir = \"rtl\"\nweight = 3\n") {
		t.Errorf("site.toml:\n%s", got)
	}
	for _, m := range [][2]string{{"src/content/docs", "content"}, {"public", "static"}} {
		if err := os.Rename(filepath.Join(site, m[0]), filepath.Join(site, m[1])); err != nil {
			t.Fatal(err)
		}
	}
	code, _, errOut = runKB(t, "build", "-s", site, "-o", pub, "--index", "-")
	if code != 0 || errOut != "" {
		t.Fatalf("kb build after moving in: exit %d\n%s", code, errOut)
	}
	if start := readFile(t, pub, "guides/start/index.html"); !strings.Contains(start, "Getting started with the app") {
		t.Error("the English page is not at the root")
	}
	if fa := readFile(t, pub, "fa/guides/start/index.html"); !strings.Contains(fa, `<html lang="fa" dir="rtl">`) {
		t.Error("the Persian page is not right to left")
	}
	readFile(t, pub, "pt-br/guides/start/index.html")
	readFile(t, pub, "favicon.svg")
}

// A Starlight page whose slug is a path (guides/start-here, and
// fa/guides/start-here for its Persian translation) was served there:
// after kb init --from starlight and its moves, the site builds and those
// addresses lead to the pages, as do links written for them.
func TestStarlightPathSlugs(t *testing.T) {
	site := writeSite(t, starlightSite,
		"src/content/docs/guides/first-steps.md", "---\ntitle: Start here\nslug: guides/start-here\n---\nInstall the app, then read [this](/guides/start-here/).\n",
		"src/content/docs/fa/guides/first-steps.md", "---\ntitle: از اینجا شروع کنید\nslug: fa/guides/start-here\n---\nبرنامه را نصب کنید.\n")
	code, out, errOut := runKB(t, "init", "--from", "starlight", site)
	if code != 0 {
		t.Fatalf("kb init --from starlight: exit %d\n%s%s", code, out, errOut)
	}
	pub := buildMovedIn(t, site, out)
	if got := readFile(t, pub, "guides/start-here/index.html"); !strings.Contains(got, `url=/guides/first-steps/"`) {
		t.Errorf("/guides/start-here/ does not lead to the page:\n%s", got)
	}
	if got := readFile(t, pub, "fa/guides/start-here/index.html"); !strings.Contains(got, `url=/fa/guides/first-steps/"`) {
		t.Errorf("/fa/guides/start-here/ does not lead to the Persian page:\n%s", got)
	}
	if fa := readFile(t, pub, "fa/guides/first-steps/index.html"); !strings.Contains(fa, `<html lang="fa" dir="rtl">`) {
		t.Error("the Persian page is not right to left")
	}
	if page := readFile(t, pub, "guides/first-steps/index.html"); !strings.Contains(page, `<a href="/guides/first-steps/">this</a>`) {
		t.Error("the link written for the old address does not lead to the page")
	}
}

const mkdocsSite = `
-- mkdocs.yml --
site_name: Help
site_url: https://help.example.org/
theme:
  name: material
  features:
    - navigation.tabs
plugins:
  - i18n:
      docs_structure: suffix
      languages:
        - locale: en
          default: true
          name: English
        - locale: ar
          name: العربية
markdown_extensions:
  - admonition
  - pymdownx.details
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
-- docs/setup.md --
---
title: Setting up the app
hide:
  - navigation
icon: material/cog
status: new
---
!!! warning "Back up first"
    Copy your files somewhere safe.

??? tip
    Hidden until opened.
-- docs/setup.ar.md --
---
title: إعداد التطبيق
---
!!! warning "انسخ ملفاتك أولاً"
    احفظ ملفاتك في مكان آمن.
-- docs/internal.md --
---
title: Internal notes
search:
  exclude: true
---
Not for search.
`

// buildSaysInit checks that kb build, in a site of another generator
// (what: its configuration as kb names it), fails saying to run kb init
// --from and how.
func buildSaysInit(t *testing.T, site, pub, what, from, kind string) {
	t.Helper()
	code, _, errOut := runKB(t, "build", "-s", site, "-o", pub, "--index", "-")
	if code != 2 || !strings.Contains(errOut, "no site.toml in "+site+", but "+what+": kb init --from "+from+" writes the site.toml for "+kind) ||
		!strings.Contains(errOut, "Try: kb init --from "+from+" "+site+"\n") {
		t.Errorf("kb build of %s: exit %d\n%s", kind, code, errOut)
	}
}

// An MkDocs site: kb build says how to move in, kb init --from mkdocs
// writes the site.toml and the folder to rename, and the site then builds
// with its admonitions as callouts and its front matter read, not warned
// about.
func TestMkDocsInit(t *testing.T) {
	site := writeSite(t, mkdocsSite)
	pub := filepath.Join(t.TempDir(), "public")
	buildSaysInit(t, site, pub, "an MkDocs configuration (mkdocs.yml)", "mkdocs", "an MkDocs site")
	code, out, errOut := runKB(t, "init", "--from", "mkdocs", site)
	want := "mkdocs.yml:5: warning: theme.features: not carried over: kb's theme has its own navigation, table of contents and search\n" +
		"mkdocs.yml:19: warning: markdown_extensions: pymdownx.emoji: not carried over: kb has no icon font: icons (:material-check:) are left out with a warning (emoji names such as :smile: are the emoji)\n" +
		"wrote site.toml from MkDocs's mkdocs.yml (site_name, site_url, i18n languages (2))\n" +
		"Next, move MkDocs's folders where kb reads them:\n" +
		"  git -C " + site + " mv docs content\n"
	if code != 0 || out != want {
		t.Fatalf("kb init --from mkdocs: exit %d\n%s%s\nwant:\n%s", code, out, errOut, want)
	}
	if err := os.Rename(filepath.Join(site, "docs"), filepath.Join(site, "content")); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runKB(t, "build", "-s", site, "-o", pub, "--index", "-")
	if code != 0 || errOut != "" {
		t.Fatalf("kb build after moving in: exit %d\n%s", code, errOut)
	}
	setup := readFile(t, pub, "setup/index.html")
	for _, want := range []string{
		`<div class="callout callout-warning" role="note">`,
		`Back up first</p>`,
		`<details class="callout callout-tip">`,
	} {
		if !strings.Contains(setup, want) {
			t.Errorf("the English page has no %s", want)
		}
	}
	ar := readFile(t, pub, "ar/setup/index.html")
	if !strings.Contains(ar, `<html lang="ar" dir="rtl">`) || !strings.Contains(ar, `انسخ ملفاتك أولاً</p>`) {
		t.Error("the Arabic page is not right to left, or has no callout")
	}
}

// materialPages are added to mkdocsSite: Material's redirect pages and
// files MkDocs publishes that are not pages.
const materialPages = `
-- docs/index.md --
# Help

Read [about Insiders](insiders/index.md) and the [new home](old.md),
or validate with [the schema](schema.json).
-- docs/old.md --
---
template: redirect.html
location: ../insiders/getting-started/
---
-- docs/gone.md --
---
template: redirect.html
location: https://example.com/gone/
---
-- docs/insiders/index.md --
---
template: redirect.html
location: getting-started/
---
-- docs/insiders/getting-started.md --
# Getting started with Insiders

Sign up.
-- docs/insiders/upgrade.md --
# How to upgrade

Upgrade.
-- docs/schema.json --
{"$schema": "https://json-schema.org/draft-07/schema"}
-- docs/schema/plugins/blog.json --
{"title": "Blog plugin"}
-- docs/schema/theme.json --
{"title": "Theme"}
-- docs/assets/logo.png --
png
-- docs/assets/extra.js --
console.log("hi")
`

// A Material for MkDocs site has pages that only redirect (template:
// redirect.html, location:) and files MkDocs published at their path that
// kb does not publish from content/ (JSON schemas, scripts): kb init
// --from mkdocs writes the redirects as [redirects] entries and removes
// the pages, and moves the files to static/ at the same path, so that
// the site builds after the printed moves, the old addresses lead on, and
// links to the redirect pages reach their targets.
func TestMkDocsRedirectPagesAndStaticFiles(t *testing.T) {
	site := writeSite(t, mkdocsSite+materialPages)
	code, out, errOut := runKB(t, "init", "--from", "mkdocs", site)
	want := "mkdocs.yml:5: warning: theme.features: not carried over: kb's theme has its own navigation, table of contents and search\n" +
		"mkdocs.yml:19: warning: markdown_extensions: pymdownx.emoji: not carried over: kb has no icon font: icons (:material-check:) are left out with a warning (emoji names such as :smile: are the emoji)\n" +
		"docs/gone.md:3: warning: location: https://example.com/gone/ is another site: not carried over; add \"/gone/ https://example.com/gone/ 301\" to static/_redirects and remove the page\n" +
		"docs/: warning: assets/extra.js, schema, schema.json: not pages nor passive assets, which is all kb publishes from content/; MkDocs published them at their path, so the moves put them in static/ at the same path, and their addresses stay\n" +
		"wrote site.toml from MkDocs's mkdocs.yml (site_name, site_url, i18n languages (2), redirect pages)\n" +
		"Next, move MkDocs's folders where kb reads them:\n" +
		"  git -C " + site + " rm -q docs/insiders/index.md\n" +
		"  git -C " + site + " rm -q docs/old.md\n" +
		"  git -C " + site + " mv docs content\n" +
		"  mkdir -p " + filepath.Join(site, "static/assets") + "\n" +
		"  git -C " + site + " mv content/assets/extra.js static/assets/extra.js\n" +
		"  git -C " + site + " mv content/schema static/schema\n" +
		"  git -C " + site + " mv content/schema.json static/schema.json\n"
	if code != 0 || out != want {
		t.Fatalf("kb init --from mkdocs: exit %d\n%s%s\nwant:\n%s", code, out, errOut, want)
	}
	if got := readFile(t, site, "site.toml"); !strings.Contains(got, `"/insiders/" = "insiders/getting-started.md"`) || !strings.Contains(got, `"/old/" = "insiders/getting-started.md"`) {
		t.Errorf("site.toml has not the redirects:\n%s", got)
	}
	doAsPrinted(t, out)
	if err := os.Remove(filepath.Join(site, "content", "gone.md")); err != nil { // as the note says
		t.Fatal(err)
	}
	pub := filepath.Join(t.TempDir(), "public")
	code, _, errOut = runKB(t, "build", "-s", site, "-o", pub, "--index", "-")
	if code != 0 || errOut != "" {
		t.Fatalf("kb build after moving in: exit %d\n%s", code, errOut)
	}
	home := readFile(t, pub, "index.html")
	for _, want := range []string{`<a href="/insiders/getting-started/">about Insiders</a>`, `<a href="/insiders/getting-started/">new home</a>`, `<a href="/schema.json">the schema</a>`} {
		if !strings.Contains(home, want) {
			t.Errorf("the home page has no %s", want)
		}
	}
	for _, old := range []string{"insiders/index.html", "old/index.html"} {
		if got := readFile(t, pub, old); !strings.Contains(got, `url=/insiders/getting-started/"`) {
			t.Errorf("%s does not lead to the redirect's location:\n%s", old, got)
		}
	}
	readFile(t, pub, "schema.json")
	readFile(t, pub, "schema/plugins/blog.json")
	readFile(t, pub, "assets/extra.js")
	readFile(t, pub, "assets/logo.png")
}

const docusaurusSite = `
-- docusaurus.config.js --
const url = process.env.URL || 'https://kb.example.org/';

/** @type {import('@docusaurus/types').DocusaurusConfig} */
module.exports = {
  title: 'Knowledge Base',
  url: url,
  baseUrl: '/',
  onBrokenLinks: 'throw',
  i18n: {
    defaultLocale: 'en',
    locales: ['en', 'fa', 'pt-BR'],
    localeConfigs: { fa: { label: 'فارسی', direction: 'rtl' } },
  },
  themeConfig: {
    navbar: { title: 'KB' },
  },
  presets: [['classic', { docs: { routeBasePath: '/' } }]],
};
-- docs/intro.md --
---
title: Overview
sidebar_position: 1
slug: /
---
Start with [the guide](/general/start/).
-- docs/general/_category_.json --
{ "label": "General questions", "position": 2 }
-- docs/general/start.md --
---
title: Getting started with the app
sidebar_position: 1
sidebar_label: Start
hide_table_of_contents: true
last_update:
  date: 2026-03-01
---
Install it.
-- i18n/fa/docusaurus-plugin-content-docs/current/intro.md --
---
title: بررسی اجمالی
slug: /
---
سلام.
-- i18n/fa/docusaurus-plugin-content-docs/current/general/start.md --
---
title: شروع کار
sidebar_position: 1
---
نصب کنید.
-- i18n/fa/docusaurus-plugin-content-docs/current.json --
{
  "version.label": { "message": "بعدی" },
  "sidebar.docs.category.General questions": { "message": "پرسش‌های عمومی", "description": "The label for category General questions in sidebar docs" }
}
-- i18n/fa/code.json --
{ "theme.NotFound.title": { "message": "یافت نشد" } }
-- i18n/da/docusaurus-plugin-content-docs/current/intro.md --
---
title: Oversigt
---
Hej.
-- static/img/logo.svg --
<svg xmlns="http://www.w3.org/2000/svg"></svg>
`

// A Docusaurus site: kb build says how to move in, kb init --from
// docusaurus writes the site.toml and the commands that move the pages,
// and the site then builds at the addresses Docusaurus gave it, with its
// front matter and its folders' labels read, not warned about.
func TestDocusaurusInit(t *testing.T) {
	site := writeSite(t, docusaurusSite)
	pub := filepath.Join(t.TempDir(), "public")
	code, _, errOut := runKB(t, "build", "-s", site, "-o", pub, "--index", "-")
	if code != 2 || !strings.Contains(errOut, "no site.toml in "+site+", but a Docusaurus configuration (docusaurus.config.js): kb init --from docusaurus writes the site.toml for a Docusaurus site") ||
		!strings.Contains(errOut, "Try: kb init --from docusaurus "+site+"\n") {
		t.Errorf("kb build of a Docusaurus site: exit %d\n%s", code, errOut)
	}
	code, out, errOut := runKB(t, "init", "--from", "docusaurus", site)
	want := "docusaurus.config.js:1: warning: url: process.env.URL || 'https://kb.example.org/' is not text kb can read; set baseURL in site.toml to the address the site is published at\n" +
		"docusaurus.config.js:15: warning: themeConfig.navbar: not carried over: add its links as [[menu.header]] entries in site.toml, its logo as [brand] logo\n" +
		"docusaurus.config.js: warning: i18n/ has translations in da, which i18n.locales does not list: not moved (add a [languages.<code>] table and move them when they are ready)\n" +
		"wrote site.toml from Docusaurus's docusaurus.config.js (i18n.defaultLocale, i18n.locales (3), i18n.localeConfigs, title, onBrokenLinks, docs.routeBasePath)\n" +
		"i18n/fa/docusaurus-plugin-content-docs/current.json: 1 section name in fa, written as _category_.json in its folders\n" +
		"Next, move Docusaurus's folders where kb reads them:\n" +
		"  mkdir -p " + filepath.Join(site, "content") + "\n" +
		"  git -C " + site + " mv docs content/en\n" +
		"  git -C " + site + " mv i18n/fa/docusaurus-plugin-content-docs/current content/fa\n" +
		"  git -C " + site + " mv content/en/intro.md content/en/_index.md\n" +
		"  git -C " + site + " mv content/fa/intro.md content/fa/_index.md\n"
	if code != 0 || out != want {
		t.Fatalf("kb init --from docusaurus: exit %d\n%s%s\nwant:\n%s", code, out, errOut, want)
	}
	if got := readFile(t, site, "site.toml"); !strings.Contains(got, "[languages.fa]\nname = \"فارسی\"\ndir = \"rtl\"\nweight = 2\n") {
		t.Errorf("site.toml:\n%s", got)
	}
	doAsPrinted(t, out)
	code, _, errOut = runKB(t, "build", "-s", site, "-o", pub, "--index", "-")
	if code != 0 || errOut != "" {
		t.Fatalf("kb build after moving in: exit %d\n%s", code, errOut)
	}
	if start := readFile(t, pub, "general/start/index.html"); !strings.Contains(start, "Getting started with the app") || !strings.Contains(start, `<time datetime="2026-03-01">`) {
		t.Error("the English page is not at the root, or has no updated date")
	}
	if home := readFile(t, pub, "index.html"); !strings.Contains(home, "Start with") || !strings.Contains(home, "General questions") {
		t.Error("the overview is not the home page, or the folder's label is not its section's title")
	}
	if fa := readFile(t, pub, "fa/general/start/index.html"); !strings.Contains(fa, `<html lang="fa" dir="rtl">`) {
		t.Error("the Persian page is not right to left")
	}
	// The section's name in Persian, from Docusaurus's current.json, in
	// its position.
	if fa := readFile(t, pub, "fa/index.html"); !strings.Contains(fa, "پرسش‌های عمومی") || strings.Contains(fa, "General questions") {
		t.Error("the Persian home lists the section under its English name")
	}
	if fa := readFile(t, pub, "fa/general/index.html"); !strings.Contains(fa, "<h1>پرسش‌های عمومی</h1>") || strings.Contains(fa, "notice-fallback") {
		t.Error("the Persian section page is not titled in Persian")
	}
	readFile(t, pub, "pt-BR/general/start/index.html")
	readFile(t, pub, "img/logo.svg")
}

// A translation that holds a page both as x.md and x.mdx, the stale one
// left behind by a move to MDX: kb init --from docusaurus deletes the one
// kb would not publish (the extension of the default language's page),
// and the site then builds without a word about it.
func TestDocusaurusInitStaleTwin(t *testing.T) {
	site := writeSite(t, docusaurusSite+`-- i18n/fa/docusaurus-plugin-content-docs/current/general/start.mdx --
---
title: شروع کار (MDX)
---
نصب کنید.
`)
	code, out, errOut := runKB(t, "init", "--from", "docusaurus", site)
	if code != 0 || !strings.Contains(out, "i18n/fa/docusaurus-plugin-content-docs/current/general/start.mdx: warning: the same page is also written as i18n/fa/docusaurus-plugin-content-docs/current/general/start.md, which kb publishes (the default language's page docs/general/start.md is .md): the git rm below deletes this one\n") ||
		!strings.Contains(out, "Next, move Docusaurus's folders where kb reads them:\n  git -C "+site+" rm -q i18n/fa/docusaurus-plugin-content-docs/current/general/start.mdx\n") {
		t.Fatalf("kb init --from docusaurus: exit %d\n%s%s", code, out, errOut)
	}
	pub := buildMovedIn(t, site, out)
	if fa := readFile(t, pub, "fa/general/start/index.html"); strings.Contains(fa, "MDX") {
		t.Error("the Persian page is the .mdx, which the English page is not")
	}
}

const docusaurusDocsSite = `
-- docusaurus.config.js --
module.exports = {
  title: 'Knowledge Base',
  url: 'https://kb.example.org',
  baseUrl: '/',
  i18n: { defaultLocale: 'en', locales: ['en', 'ar'] },
  presets: [['classic', { docs: { routeBasePath: 'docs' } }]],
};
-- docs/intro.md --
---
title: Overview
---
Read [how to install](/docs/install).
-- docs/general/start.md --
---
title: Getting started
slug: /install
---
Install it.
-- i18n/ar/docusaurus-plugin-content-docs/current/general/start.md --
---
title: البدء
slug: /install
---
ثبّته.
`

// A Docusaurus site whose docs are served under /docs/ (routeBasePath): a
// slug: /install was /docs/install (/ar/docs/install in Arabic). After kb
// init --from docusaurus and its moves, those addresses lead to the pages,
// as do links written for them.
func TestDocusaurusRouteBasePath(t *testing.T) {
	site := writeSite(t, docusaurusDocsSite)
	code, out, errOut := runKB(t, "init", "--from", "docusaurus", site)
	if code != 0 || !strings.Contains(out, "  git -C "+site+" mv docs content/en/docs\n") {
		t.Fatalf("kb init --from docusaurus: exit %d\n%s%s", code, out, errOut)
	}
	if got := readFile(t, site, "site.toml"); !strings.Contains(got, "\nslugRoot = \"docs\"\n") {
		t.Errorf("site.toml does not say where slugs were:\n%s", got)
	}
	doAsPrinted(t, out)
	pub := filepath.Join(t.TempDir(), "public")
	code, _, errOut = runKB(t, "build", "-s", site, "-o", pub, "--index", "-")
	if code != 0 || errOut != "" {
		t.Fatalf("kb build after moving in: exit %d\n%s", code, errOut)
	}
	if got := readFile(t, pub, "docs/install/index.html"); !strings.Contains(got, `url=/docs/general/start/"`) {
		t.Errorf("/docs/install/ does not lead to the page:\n%s", got)
	}
	if got := readFile(t, pub, "ar/docs/install/index.html"); !strings.Contains(got, `url=/ar/docs/general/start/"`) {
		t.Errorf("/ar/docs/install/ does not lead to the Arabic page:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(pub, "install")); err == nil {
		t.Error("/install/, where Docusaurus had no page, redirects")
	}
	if got := readFile(t, pub, "docs/intro/index.html"); !strings.Contains(got, `<a href="/docs/general/start/">how to install</a>`) {
		t.Error("the link written for the old address does not lead to the page")
	}
}

const gitbookSite = `
-- .gitbook.yaml --
root: ./

structure:
  readme: README.md
  summary: SUMMARY.md

redirects:
  help/old-start: start/README.md
-- SUMMARY.md --
# Table of contents

* [Help center](README.md)

## Get started

* [Start here](start/README.md)
  * [Install](start/install.md)
  * [Quick tour](start/tour.md)
  * [Advanced](start/advanced/README.md)
-- README.md --
---
description: Everything about the app
cover: .gitbook/assets/hero (1).png
coverY: 0
layout:
  cover:
    visible: true
---
# Help center

Read [Start here](start/README.md) first.
-- start/README.md --
# Start here

{% content-ref url="install.md" %}
[install.md](install.md)
{% endcontent-ref %}
-- start/install.md --
---
icon: download
---
# Install

{% hint style="warning" %}
Back up first.
{% endhint %}

<figure><img src="../.gitbook/assets/hero (1).png" alt=""><figcaption><p>The app</p></figcaption></figure>
-- start/tour.md --
# Quick tour

{% stepper %}
{% step %}
### Open the app
{% endstep %}
{% step %}
### Look around
{% endstep %}
{% endstepper %}
-- start/advanced/README.md --
# Advanced
-- .gitbook/assets/hero (1).png --
png
`

// A GitBook space: kb build says how to move in, kb init --from gitbook
// writes the site.toml, with the redirects to keep, and the moves (each
// README.md its folder's _index.md), and the space then builds with its
// blocks, images and links to README.md pages.
func TestGitBookInit(t *testing.T) {
	site := writeSite(t, gitbookSite)
	pub := filepath.Join(t.TempDir(), "public")
	buildSaysInit(t, site, pub, "a GitBook configuration (.gitbook.yaml)", "gitbook", "a GitBook space")
	code, out, errOut := runKB(t, "init", "--from", "gitbook", site)
	git := "  git -C " + site + " mv "
	want := "wrote site.toml from GitBook's .gitbook.yaml (root, structure.readme, structure.summary, SUMMARY.md)\n" +
		"Next, move GitBook's folders where kb reads them:\n" +
		"  mkdir -p " + filepath.Join(site, "content") + "\n" +
		git + ".gitbook content/.gitbook\n" +
		git + "SUMMARY.md content/SUMMARY.md\n" +
		git + "start content/start\n" +
		git + "README.md content/_index.md\n" +
		git + "content/start/README.md content/start/_index.md\n" +
		git + "content/start/advanced/README.md content/start/advanced/_index.md\n"
	if code != 0 || out != want {
		t.Fatalf("kb init --from gitbook: exit %d\n%s%s\nwant:\n%s", code, out, errOut, want)
	}
	doAsPrinted(t, out)
	code, _, errOut = runKB(t, "build", "-s", site, "-o", pub, "--index", "-")
	if code != 0 || errOut != "" {
		t.Fatalf("kb build after moving in: exit %d\n%s", code, errOut)
	}
	home := readFile(t, pub, "index.html")
	if !strings.Contains(home, `<a href="/start/">Start here</a>`) {
		t.Error("the home page's link to start/README.md does not reach the section")
	}
	install := readFile(t, pub, "start/install/index.html")
	for _, want := range []string{
		`<div class="callout callout-warning" role="note">`,
		`<img src="/.gitbook/assets/hero%20(1).png" alt="">`,
	} {
		if !strings.Contains(install, want) {
			t.Errorf("the install page has no %s", want)
		}
	}
	readFile(t, pub, ".gitbook/assets/hero (1).png")
	if old := readFile(t, pub, "help/old-start/index.html"); !strings.Contains(old, "/start/") {
		t.Error("the redirect of .gitbook.yaml does not lead to its page")
	}
	if _, err := os.Stat(filepath.Join(pub, "SUMMARY")); err == nil {
		t.Error("SUMMARY.md is published as a page")
	}
	if tour := readFile(t, pub, "start/install/index.html"); !strings.Contains(tour, `<a class="next" rel="next" href="/start/tour/">`) {
		t.Error("the pages are not in SUMMARY.md's order")
	}
	if start := readFile(t, pub, "start/index.html"); !strings.Contains(start, `<div class="card link-card"><a href="/start/install/">install.md</a></div>`) {
		t.Error("the section page's content-ref is no link card to the install page")
	}
}

const vitepressSite = `
-- docs/.vitepress/config.mts --
import { defineConfig } from 'vitepress'

export default defineConfig({
  title: 'Help',
  rewrites: { 'en/:rest*': ':rest*' },
  sitemap: { hostname: 'https://help.example.org' },
  themeConfig: { nav: [{ text: 'Guide', link: '/guide/start' }] },
  locales: {
    root: { label: 'English', lang: 'en-US' },
    fa: { label: 'فارسی', lang: 'fa-IR', dir: 'rtl' },
  },
})
-- docs/en/index.md --
---
layout: home
hero:
  name: Help
  tagline: Answers to your questions
features:
  - title: Fast
    details: Pages load at once.
---
-- docs/en/guide/start.md --
---
outline: deep
lastUpdated: false
---
# Getting started

Install it:

<<< @/snippets/install.sh#install
-- docs/snippets/install.sh --
#!/bin/sh
# region install
npm add -D vitepress
# endregion install
-- docs/fa/guide/start.md --
---
outline: deep
---
# شروع کار

نصب کنید.
-- docs/fa/config.ts --
import { defineAdditionalConfig } from 'vitepress'

export default defineAdditionalConfig({
  description: 'راهنمای برنامه',
  themeConfig: { nav: [] },
})
-- docs/public/logo.svg --
<svg xmlns="http://www.w3.org/2000/svg"></svg>
`

// A VitePress site in docs/: kb build says how to move in, kb init --from
// vitepress writes the site.toml beside .vitepress/ and prints the moves,
// which make a site that builds with the English pages at the root and
// the Persian ones right to left, at the addresses they had, showing the
// code they import from snippets/, which is not published.
func TestVitePressInit(t *testing.T) {
	repo := writeSite(t, vitepressSite)
	site := filepath.Join(repo, "docs")
	pub := filepath.Join(t.TempDir(), "public")
	code, _, errOut := runKB(t, "build", "-s", repo, "-o", pub, "--index", "-")
	if code != 2 || !strings.Contains(errOut, "no site.toml in "+repo+", but a VitePress configuration (docs/.vitepress/config.mts): kb init --from vitepress writes the site.toml for a VitePress site") {
		t.Errorf("kb build of a VitePress site: exit %d\n%s", code, errOut)
	}
	code, out, errOut := runKB(t, "init", "--from", "vitepress", repo)
	want := "the VitePress site is " + site + ": kb's site is made there (kb build -s " + site + ")\n" +
		".vitepress/config.mts:7: warning: themeConfig.nav: not carried over: add its links as [[menu.header]] entries in site.toml\n" +
		".vitepress/config.mts: warning: a script sits among the pages (fa/config.ts): kb refuses scripts under content/, so they are moved into .vitepress/moved/ first\n" +
		".vitepress/config.mts: warning: snippets/ stays where it is: pages import code from it (<<< @/snippets/x.js, includes), which kb shows as text and never publishes\n" +
		"wrote site.toml from VitePress's .vitepress/config.mts (title, rewrites, sitemap.hostname, locales (2))\n" +
		"Next, move VitePress's folders where kb reads them:\n" +
		"  mkdir -p " + site + "/.vitepress/moved/fa\n" +
		"  git -C " + site + " mv fa/config.ts .vitepress/moved/fa/config.ts\n" +
		"  mkdir -p " + site + "/content\n" +
		"  git -C " + site + " mv en content/en\n" +
		"  git -C " + site + " mv fa content/fa\n" +
		"  git -C " + site + " mv public static\n"
	if code != 0 || out != want {
		t.Fatalf("kb init --from vitepress: exit %d\n%s%s\nwant:\n%s", code, out, errOut, want)
	}
	if got := readFile(t, site, "site.toml"); !strings.Contains(got, "[languages.fa]\nname = \"فارسی\"\ndescription = \"راهنمای برنامه\"\ndir = \"rtl\"\nweight = 2\n") ||
		!strings.Contains(got, "uglyURLAliases = true") {
		t.Errorf("site.toml:\n%s", got)
	}
	doAsPrinted(t, out)
	code, _, errOut = runKB(t, "build", "-s", site, "-o", pub, "--index", "-")
	if code != 0 || errOut != "" {
		t.Fatalf("kb build after moving in: exit %d\n%s", code, errOut)
	}
	if start := readFile(t, pub, "guide/start/index.html"); !strings.Contains(start, "Getting started") {
		t.Error("the English page is not at the root")
	} else if !strings.Contains(start, `<code class="language-sh">npm add -D vitepress`) {
		t.Error("the English page does not show the region of the snippet it imports")
	}
	if _, err := os.Stat(filepath.Join(pub, "snippets")); err == nil {
		t.Error("the snippets are published")
	}
	readFile(t, pub, "guide/start.html") // its old address
	if fa := readFile(t, pub, "fa/guide/start/index.html"); !strings.Contains(fa, `<html lang="fa" dir="rtl">`) {
		t.Error("the Persian page is not right to left")
	}
	if home := readFile(t, pub, "index.html"); !strings.Contains(home, "Answers to your questions") || !strings.Contains(home, "Pages load at once.") {
		t.Error("the home page has not its hero's tagline and features")
	}
	readFile(t, pub, "logo.svg")
}

const jekyllSite = `
-- _config.yml --
title: Help
description: Answers
url: https://help.example.com
baseurl: /docs
permalink: pretty
aux_links:
  "GitHub":
    - "https://github.com/example/help"
plugins:
  - jekyll-redirect-from
callouts:
  warning:
    title: Careful
    color: red
  attention:
    title: Attention
    color: red
  aside:
    color: grey-lt
-- Gemfile --
gem "jekyll"
-- _layouts/default.html --
<html>{{ content }}</html>
-- index.md --
---
layout: home
title: Home
nav_order: 1
---
# Help
{: .fs-9 }

[Install the app]({{ site.baseurl }}{% link guide/install.md %}){: .btn .btn-primary }
-- guide/index.md --
---
title: Guide
nav_order: 2
has_children: true
---
# Guide
-- guide/install.md --
---
title: Install
parent: Guide
nav_order: 1
permalink: /install/
redirect_from:
  - /setup/
search_exclude: false
---
# Install
{: .no_toc }

1. TOC
{:toc}

{: .warning }
Back up first.

{: .attention }
Mind the gap.

{: .aside }
By the way.

Then go [back home]({% link index.md %}).
-- guide/secret.md --
---
title: Secret
nav_exclude: true
search_exclude: true
---
# Secret
-- assets/images/logo.png --
png
-- assets/css/style.scss --
a {}
`

// A Jekyll site: kb build says how to move in, kb init --from jekyll
// writes the site.toml and the moves into content/ and static/, and the
// site then builds with its callouts, buttons, {% link %} tags and front
// matter read.
func TestJekyllInit(t *testing.T) {
	site := writeSite(t, jekyllSite)
	pub := filepath.Join(t.TempDir(), "public")
	buildSaysInit(t, site, pub, "a Jekyll configuration (_config.yml)", "jekyll", "a Jekyll site")
	code, out, errOut := runKB(t, "init", "--from", "jekyll", site)
	git := "  git -C " + site + " mv "
	want := "_config.yml:6: warning: aux_links: not carried over: add the links as [[menu.header]] entries in site.toml\n" +
		"_config.yml: warning: assets/: 1 styles and scripts of the Jekyll theme are left where they are: kb's theme has its own (override its files under themes/<name>/)\n" +
		"wrote site.toml from Jekyll's _config.yml (title, description, url, baseurl, callouts)\n" +
		"Next, move Jekyll's folders where kb reads them:\n" +
		"  mkdir -p " + filepath.Join(site, "content") + "\n" +
		git + "guide content/guide\n" +
		git + "index.md content/_index.md\n" +
		git + "content/guide/index.md content/guide/_index.md\n" +
		"  mkdir -p " + filepath.Join(site, "static/assets") + "\n" +
		git + "assets/images static/assets/images\n" +
		// In no sidebar, with no parent: at the top of Just the Docs' navigation.
		git + "content/guide/secret.md content/secret.md\n"
	if code != 0 || out != want {
		t.Fatalf("kb init --from jekyll: exit %d\n%s%s\nwant:\n%s", code, out, errOut, want)
	}
	doAsPrinted(t, out)
	code, _, errOut = runKB(t, "build", "-s", site, "-o", pub, "--index", "-")
	if code != 0 || errOut != "" {
		t.Fatalf("kb build after moving in: exit %d\n%s", code, errOut)
	}
	home := readFile(t, pub, "index.html")
	if !strings.Contains(home, `<a href="/docs/guide/install/" class="link-button">Install the app</a>`) {
		t.Error("the home page's {% link %} button does not reach the install page")
	}
	install := readFile(t, pub, "guide/install/index.html")
	for _, want := range []string{`<div class="callout callout-warning" role="note">`, `<a href="/docs/">back home</a>`,
		`<p class="callout-title">Careful</p>`, `<p class="callout-title">Attention</p>`, `<p class="visually-hidden">Note</p>`} {
		if !strings.Contains(install, want) {
			t.Errorf("the install page has no %s", want)
		}
	}
	for _, gone := range []string{"{:", "TOC", "{%"} {
		if strings.Contains(install, gone) {
			t.Errorf("the install page shows %q", gone)
		}
	}
	for _, old := range []string{"install/index.html", "setup/index.html"} {
		if page := readFile(t, pub, old); !strings.Contains(page, "/docs/guide/install/") {
			t.Errorf("%s does not lead to the install page", old)
		}
	}
	readFile(t, pub, "assets/images/logo.png")
	if guide := readFile(t, pub, "guide/index.html"); strings.Contains(guide, "Secret") {
		t.Error("the page with nav_exclude is listed in its section")
	}
}

// buildMovedIn does what kb init printed (out) in site, builds it, and
// returns the output folder; the build must say nothing.
func buildMovedIn(t *testing.T, site, out string) (pub string) {
	t.Helper()
	doAsPrinted(t, out)
	pub = filepath.Join(t.TempDir(), "public")
	if code, _, errOut := runKB(t, "build", "-s", site, "-o", pub, "--index", "-"); code != 0 || errOut != "" {
		t.Fatalf("kb build after moving in: exit %d\n%s", code, errOut)
	}
	return pub
}

// doAsPrinted runs the moves kb init printed in out, as a writer pastes
// them: its "mkdir -p DIR" and "git -C DIR mv FROM TO" lines.
func doAsPrinted(t *testing.T, out string) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		switch f := strings.Fields(line); {
		case len(f) == 3 && f[0] == "mkdir":
			if err := os.MkdirAll(f[2], 0o755); err != nil {
				t.Fatal(err)
			}
		case len(f) == 6 && f[0] == "git" && f[3] == "rm":
			if err := os.Remove(filepath.Join(f[2], f[5])); err != nil {
				t.Fatal(err)
			}
		case len(f) == 6 && f[0] == "git" && f[3] == "mv":
			if err := os.Rename(filepath.Join(f[2], f[4]), filepath.Join(f[2], f[5])); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// A Just the Docs site nests its pages by the parent's title, wherever
// their files are: kb init --from jekyll prints the moves that put each
// child in its parent's folder, the parent being that folder's page, so
// that the breadcrumbs are the old sidebar's; an old address that moves
// keeps leading to its page, and a parent that names no page, or two, is
// a note at the child's line.
func TestJekyllNavigationByParent(t *testing.T) {
	site := writeSite(t, jekyllNavSite)
	code, out, errOut := runKB(t, "init", "--from", "jekyll", site)
	if code != 0 {
		t.Fatalf("kb init --from jekyll: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"docs/orphan.md:3: warning: parent: \"Nowhere\" names no page's title: the page stays where it is; give its parent's title as written in that page\n",
		"docs/twin-child.md:3: warning: parent: \"Twin\" is the title of 2 pages (docs/twin-a.md, docs/twin-b.md): the page stays where it is; add grand_parent: with the title of its parent's parent\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("kb init does not say\n%s\nit said:\n%s", want, out)
		}
	}
	if strings.Contains(out, "name their parent page") {
		t.Errorf("kb init still asks to move the pages by hand:\n%s", out)
	}
	doAsPrinted(t, out)
	pub := filepath.Join(t.TempDir(), "public")
	code, _, errOut = runKB(t, "build", "-s", site, "-o", pub, "--index", "-")
	if code != 0 {
		t.Fatalf("kb build after moving in: exit %d\n%s", code, errOut)
	}
	// Each page's breadcrumbs: the ancestors Just the Docs' sidebar had,
	// where a page with no parent is at the top, whatever its folder: no
	// "docs" section that the site never had.
	for page, crumbs := range map[string][]string{
		"ui-components/buttons/index.html":           {`href="/ui-components/">UI Components<`},
		"ui-components/code/line-numbers/index.html": {`href="/ui-components/">UI Components<`, `href="/ui-components/code/">Code<`},
		"layout/minimal/index.html":                  {`href="/layout/">Layout<`},
		"utilities/layout/index.html":                {`href="/utilities/">Utilities<`},
		"layout/minimal/child/index.html":            {`href="/layout/">Layout<`, `href="/layout/minimal/">Minimal<`},
		"docs-search/index.html":                     {`href="/docs-search/" aria-current="page">Search<`},
	} {
		html := readFile(t, pub, page)
		for _, c := range crumbs {
			if !strings.Contains(html, c) {
				t.Errorf("%s: its breadcrumbs have no %s", page, c)
			}
		}
		if strings.Contains(html, `href="/docs/">`) {
			t.Errorf("%s: its breadcrumbs have a docs section", page)
		}
	}
	// (The pages whose parent is not found stay in docs/, a section.)
	if home := readFile(t, pub, "index.html"); !strings.Contains(home, `href="/ui-components/"`) || !strings.Contains(home, `href="/layout/"`) {
		t.Error("the home page does not list the top of the old sidebar")
	}
	if buttons := readFile(t, pub, "ui-components/buttons/index.html"); !strings.Contains(buttons, `<a href="/layout/minimal/">the minimal page</a>`) {
		t.Error("a {% link %} to a page's file before it moved does not reach the page")
	}
	if !strings.Contains(out, "docs/search.md: warning: content/search.md would publish /search/, kb's search page: it moves to content/docs-search.md") {
		t.Errorf("kb init does not say where the page named search went:\n%s", out)
	}
	// The addresses Jekyll gave (permalink: pretty) still lead there.
	for old, now := range map[string]string{
		"docs/ui-components/index.html":              "/ui-components/",
		"docs/ui-components/line-numbers/index.html": "/ui-components/code/line-numbers/",
		"docs/layout/index.html":                     "/layout/",
		"docs/minimal/index.html":                    "/layout/minimal/",
		"docs/child/index.html":                      "/layout/minimal/child/",
		"docs/utilities/index.html":                  "/utilities/",
		"docs/search/index.html":                     "/docs-search/",
	} {
		if page := readFile(t, pub, old); !strings.Contains(page, now) {
			t.Errorf("%s does not lead to %s", old, now)
		}
	}
}

const jekyllNavSite = `
-- _config.yml --
title: Help
permalink: pretty
-- index.md --
---
title: Home
---
# Help
-- docs/ui-components.md --
---
title: UI Components
has_children: true
---
About ui components.
-- docs/ui-components/buttons.md --
---
title: Buttons
parent: UI Components
---
About buttons, as [the minimal page]({% link docs/minimal.md %}) shows.
-- docs/ui-components/code.md --
---
title: Code
parent: UI Components
---
About code.
-- docs/ui-components/line-numbers.md --
---
title: Line Numbers
parent: Code
grand_parent: UI Components
---
About line numbers.
-- docs/layout.md --
---
title: Layout
---
About layout.
-- docs/utilities/index.md --
---
title: Utilities
---
About utilities.
-- docs/utilities/layout.md --
---
title: Layout
parent: Utilities
---
About layout.
-- docs/minimal.md --
---
title: Minimal
parent: Layout
---
About minimal.
-- docs/child.md --
---
title: Child
parent: Minimal
grand_parent: Layout
---
About child.
-- docs/orphan.md --
---
title: Orphan
parent: Nowhere
---
About orphan.
-- docs/twin-a.md --
---
title: Twin
---
About twin.
-- docs/twin-b.md --
---
title: Twin
---
About twin.
-- docs/twin-child.md --
---
title: Twin child
parent: Twin
---
About twin child.
-- docs/search.md --
---
title: Search
nav_order: 7
---
About search.
`

// A Hugo theme's templates that kb cannot run (they call a partial the
// site does not have) do not stop the build: kb prints them as one group of
// template warnings, with two examples, and a site that accepts them
// silences the kind.
func TestHugoTemplatesKBCannotRun(t *testing.T) {
	extra := []string{"hugo.toml", "baseURL = 'https://example.org/'\ntitle = 'Docs'\ntheme = 'book'\n",
		"content/docs/a.md", "---\ntitle: A\n---\n{{< contributors >}}\n"}
	for _, name := range []string{"section", "openapi", "mermaid", "contributors", "katex"} {
		extra = append(extra, "themes/book/layouts/_shortcodes/"+name+".html", `{{ partial "docs/attrs" (dict "a" .Params) }}{{ .Inner }}`)
	}
	site := writeSite(t, "", extra...)
	pub := filepath.Join(t.TempDir(), "public")
	code, _, errOut := runKB(t, "build", "-s", site, "-o", pub, "--index", "-")
	want := "template: 5 warnings (shortcode templates written for Hugo that kb cannot run), for example:\n" +
		"  themes/book/layouts/_shortcodes/contributors.html:1: warning: shortcode template \"contributors\" calls partial \"docs/attrs\", which is in none of layouts/_partials, layouts/partials; its uses keep their inner text: replace it with a template kb can run (README, Shortcodes), or set [shortcodes] contributors = \"inner\" or \"drop\" in site.toml\n"
	if code != 0 || !strings.Contains(errOut, want) || strings.Count(errOut, "\n  themes/book/layouts/_shortcodes/") != 2 {
		t.Fatalf("exit %d\n%s\nwant a group with two examples:\n%s", code, errOut, want)
	}
	writeFile(t, site, "site.toml", "title = 'Docs'\nbaseURL = 'https://example.org/'\nhugoTheme = 'book'\n[build]\nignore = [\"template\"]\n")
	if code, _, errOut := runKB(t, "build", "-s", site, "-o", pub, "--index", "-"); code != 0 || strings.Contains(errOut, "shortcode template") {
		t.Errorf("with [build] ignore = [\"template\"]: exit %d\n%s", code, errOut)
	}
}
