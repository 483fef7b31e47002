package config

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// wantSite is what a generator's configuration becomes: blocks of lines
// the site.toml has (between blank lines) and does not have, the keys
// used, and notes at their lines.
type wantSite struct {
	toml  string
	not   []string
	keys  string
	notes []string
}

func (w wantSite) check(t *testing.T, f *Foreign) {
	t.Helper()
	got := string(f.TOML)
	for _, block := range strings.Split(w.toml, "\n\n") {
		if !strings.Contains(got, block) {
			t.Errorf("site.toml:\n%s\nwant it to hold:\n%s", got, block)
		}
	}
	for _, not := range w.not {
		if strings.Contains(got, not) {
			t.Errorf("site.toml has %q:\n%s", not, got)
		}
	}
	if keys := strings.Join(f.Keys, ", "); keys != w.keys {
		t.Errorf("keys %q, want %q", keys, w.keys)
	}
	var notes []string
	for _, d := range f.Notes {
		notes = append(notes, d.Error())
	}
	for _, want := range w.notes {
		if !strings.Contains(strings.Join(notes, "\n"), want) {
			t.Errorf("no note %q in\n%s", want, strings.Join(notes, "\n"))
		}
	}
	if cfg, ds := Parse(f.TOML); cfg == nil {
		t.Errorf("the site.toml does not load: %v\n%s", ds, got)
	}
}

// A Docusaurus configuration, in each shape sites write it, becomes the
// equivalent site.toml: the default locale at the site root, as
// Docusaurus serves it, the others under their code; what does not carry
// over is a note at its line.
func TestDocusaurusConfigs(t *testing.T) {
	kb, err := os.ReadFile("testdata/knowledge-base.docusaurus.config.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, file, src string
		want            wantSite
	}{{
		name: "a knowledge base: module.exports, url from the environment, 13 locales",
		file: "docusaurus.config.js",
		src:  string(kb),
		want: wantSite{
			toml: "# From Docusaurus's docusaurus.config.js.\ntitle = \"AdGuard VPN Knowledge Base\"\ndefaultLanguage = \"en\"\ndefaultLanguageInSubdir = false\n" +
				"\n[markdown]\n# Raw HTML is kept, as it was.\nunsafe = true\n" +
				"\n[languages.en]\nweight = 1\n\n[languages.ru]\nweight = 2\n" +
				"\n[languages.pt-BR]\nweight = 10\n\n[languages.tr]\nweight = 11\n\n[languages.zh-CN]\nweight = 12\n\n[languages.zh-TW]\nweight = 13\n" +
				"\n[build]\n# Links to pages that do not exist are errors, as they were.\nbrokenLinks = \"error\"\n",
			not:  []string{"baseURL", "lowercaseURLs"},
			keys: "i18n.defaultLocale, i18n.locales (13), title, onBrokenLinks, docs.routeBasePath",
			notes: []string{
				"docusaurus.config.js:12: warning: url: process.env.URL || 'https://kb.example.com/' is not text kb can read; set baseURL in site.toml to the address the site is published at",
				"docusaurus.config.js:19: warning: future: not carried over",
				"docusaurus.config.js:23: warning: tagline: not carried over: set description in each [languages.<code>] table of site.toml",
				"docusaurus.config.js:34: warning: themes: not carried over: Docusaurus themes do not run in kb (kb builds its own search index)",
				"docusaurus.config.js:40: warning: themeConfig.colorMode: not carried over",
				"docusaurus.config.js:46: warning: themeConfig.navbar: not carried over: add its links as [[menu.header]] entries in site.toml, its logo as [brand] logo",
				"docusaurus.config.js:55: warning: themeConfig.footer: not carried over",
				"docusaurus.config.js:74: warning: presets: docs.sidebarPath: not carried over: kb's navigation comes from content/",
				"docusaurus.config.js:76: warning: presets: docs.editUrl: not carried over: kb has no edit link",
				"docusaurus.config.js:78: warning: presets: theme: not carried over",
				"docusaurus.config.js:85: warning: plugins: docusaurus-plugin-sass: not carried over: Docusaurus plugins do not run in kb",
				"docusaurus.config.js:86: warning: plugins: a plugin written as code: not carried over: Docusaurus plugins do not run in kb",
			},
		},
	}, {
		name: "export default a typed constant, localeConfigs, url and baseUrl",
		file: "docusaurus.config.ts",
		src: `import type {Config} from '@docusaurus/types';

const config: Config = {
  title: 'Help',
  url: 'https://example.org',
  baseUrl: '/help/',
  onBrokenLinks: 'warn',
  i18n: {
    defaultLocale: 'fr',
    locales: ['en', 'fr', 'fa'],
    localeConfigs: {
      fa: { label: 'فارسی', direction: 'rtl', htmlLang: 'fa-IR' },
      fr: { label: 'Français', htmlLang: 'fr' },
    },
  },
};

export default config;
`,
		want: wantSite{
			toml: "title = \"Help\"\nbaseURL = \"https://example.org/help/\"\ndefaultLanguage = \"fr\"\ndefaultLanguageInSubdir = false\n" +
				"\n[languages.fr]\nname = \"Français\"\nweight = 1\n\n[languages.en]\nweight = 2\n" +
				"\n[languages.fa]\nname = \"فارسی\"\ndir = \"rtl\"\nweight = 3\n" +
				"\n[build]\n# Links to pages that do not exist are warnings, as they were.\nbrokenLinks = \"warning\"\n",
			keys: "i18n.defaultLocale, i18n.locales (3), i18n.localeConfigs, title, url, baseUrl, onBrokenLinks",
			notes: []string{
				`docusaurus.config.ts:12: warning: i18n.localeConfigs.fa.htmlLang "fa-IR": not carried over: kb's pages say lang="fa", the language's code, which is also its URL folder`,
			},
		},
	}, {
		name: "one language, a constant exported by module.exports, docs under /docs/",
		file: "docusaurus.config.mjs",
		src: `/** @type {import('@docusaurus/types').Config} */
const config = {
  title: 'Guide',
  url: 'https://guide.example.com/',
  baseUrl: '/',
  onBrokenLinks: 'ignore',
  trailingSlash: false,
  ...shared,
  presets: [['classic', { docs: { path: 'website/docs' }, blog: { showReadingTime: true } }]],
};
module.exports = config;
`,
		want: wantSite{
			toml: "title = \"Guide\"\nbaseURL = \"https://guide.example.com/\"\ndefaultLanguage = \"en\"\ndefaultLanguageInSubdir = false\n" +
				"\n[languages.en]\n",
			not:  []string{"weight"},
			keys: "title, url, baseUrl, onBrokenLinks, docs.path",
			notes: []string{
				`docusaurus.config.mjs:6: warning: onBrokenLinks: "ignore": kb still warns about links to pages that do not exist`,
				"docusaurus.config.mjs:7: warning: trailingSlash: false: not carried over: kb's addresses end in a slash (/a/b/)",
				"docusaurus.config.mjs:8: warning: ...shared: not read; copy what it holds into site.toml by hand",
				"docusaurus.config.mjs:9: warning: presets: blog: not carried over: kb has no blog; blog/ is not moved",
			},
		},
	}, {
		name: "an announcement bar: its HTML as Markdown in every language, isCloseable as dismissible, its colours noted",
		file: "docusaurus.config.js",
		src: `module.exports = {
  title: 'Shop help',
  i18n: { defaultLocale: 'en', locales: ['en', 'ar'] },
  themeConfig: {
    announcementBar: {
      id: 'storms',
      content: 'Deliveries are <b>delayed</b> by storms: see <a target="_blank" href="/docs/delays">the delays</a>.<span class="x">*</span>',
      backgroundColor: '#fafbfc',
      textColor: '#091E42',
      isCloseable: false,
    },
    navbar: { title: 'Shop' },
  },
};
`,
		want: wantSite{
			toml: "\n[announcement]\n# Shown in every language, as it was.\ntext = \"Deliveries are **delayed** by storms: see [the delays](/docs/delays).\\\\*\"\nfallback = true\ndismissible = false\n",
			keys: "i18n.defaultLocale, i18n.locales (2), title, themeConfig.announcementBar",
			notes: []string{
				"docusaurus.config.js:7: warning: themeConfig.announcementBar.content: the HTML elements span are left out of [announcement] text: it is Markdown, with links, bold and italics",
				"docusaurus.config.js:8: warning: themeConfig.announcementBar.backgroundColor: not carried over: kb's theme colours an announcement by its kind (info, warning, caution)",
				"docusaurus.config.js:12: warning: themeConfig.navbar: not carried over",
			},
			not: []string{"themeConfig.announcementBar: not carried over"},
		},
	}, {
		name: "a function, not an object",
		file: "docusaurus.config.js",
		src:  "module.exports = async function createConfig() {\n  return { title: 'x' };\n};\n",
		want: wantSite{
			toml:  "defaultLanguage = \"en\"\ndefaultLanguageInSubdir = false\n",
			notes: []string{"docusaurus.config.js:1: warning: the file exports async function createConfig() { return { title: 'x' }; }, not an object kb can read (module.exports = {...} or export default {...}); write site.toml by hand"},
		},
	}} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ReadDocusaurus(mapFS(tt.file, tt.src))
			if err != nil || f == nil {
				t.Fatalf("ReadDocusaurus: %v, %v", f, err)
			}
			tt.want.check(t, f)
		})
	}
}

// The default locale's docs and each listed locale's translations move to
// content/<code>, under the folder the docs were published in; the page
// whose slug is / becomes its language's home; i18n/ folders of locales
// that are not listed stay, with a note.
func TestDocusaurusMoves(t *testing.T) {
	config := "module.exports = { i18n: { defaultLocale: 'en', locales: ['en', 'pt-BR', 'ru'] } };\n"
	home := "---\ntitle: Overview\nsidebar_position: 1\nslug: /\n---\nHello.\n"
	f, err := ReadDocusaurus(mapFS("docusaurus.config.js", config,
		"docs/intro.md", home, "docs/general/a.md", "---\ntitle: A\n---\n",
		"i18n/pt-BR/docusaurus-plugin-content-docs/current/intro.md", home,
		"i18n/pt-BR/code.json", "{}",
		"i18n/da/docusaurus-plugin-content-docs/current/intro.md", home))
	if err != nil {
		t.Fatal(err)
	}
	want := []Move{
		{"docs", "content/en/docs"},
		{"i18n/pt-BR/docusaurus-plugin-content-docs/current", "content/pt-BR/docs"},
		{"content/en/docs/intro.md", "content/en/docs/_index.md"},
		{"content/pt-BR/docs/intro.md", "content/pt-BR/docs/_index.md"},
	}
	if len(f.Moves) != len(want) {
		t.Fatalf("moves %v, want %v", f.Moves, want)
	}
	for i := range want {
		if f.Moves[i] != want[i] {
			t.Errorf("move %d: %v, want %v", i, f.Moves[i], want[i])
		}
	}
	if len(f.Notes) != 1 || !strings.Contains(f.Notes[0].Error(), "i18n/ has translations in da, which i18n.locales does not list: not moved") {
		t.Errorf("notes %v", f.Notes)
	}

	// Published at the root: the docs are the language folder; a folder
	// that already has its home keeps it; content/ already there is a note.
	config = "module.exports = { presets: [['classic', { docs: { routeBasePath: '/' } }]] };\n"
	f, _ = ReadDocusaurus(mapFS("docusaurus.config.js", config, "docs/intro.md", home, "docs/index.md", "# Home", "content/old.md", "x"))
	if len(f.Moves) != 1 || f.Moves[0] != (Move{"docs", "content/en"}) {
		t.Errorf("moves %v", f.Moves)
	}
	if len(f.Notes) != 1 || !strings.Contains(f.Notes[0].Error(), "content/ already exists: kb reads every Markdown file in it as a page") {
		t.Errorf("notes %v", f.Notes)
	}
}

// A Docusaurus site is not built as it is (its pages are not in content/
// yet): loading it says how to move in.
func TestDocusaurusLoad(t *testing.T) {
	cfg, ds := Load(mapFS("docusaurus.config.ts", "export default { title: 'x' };\n"))
	if cfg != nil || len(ds) != 1 || ds[0].Error() != "docusaurus.config.ts: no site.toml: for a Docusaurus site, run kb init --from docusaurus to write one" {
		t.Errorf("Load: %v %v", cfg, ds)
	}
}

// The notes come in the file's order, whatever order they were read in.
func TestDocusaurusNotesInOrder(t *testing.T) {
	f, _ := ReadDocusaurus(mapFS("docusaurus.config.js", "module.exports = {\n  tagline: 'x',\n  presets: [['classic', { docs: { editUrl: 'e' } }]],\n  plugins: ['p'],\n};\n",
		"i18n/da/code.json", "{}"))
	var got []string
	for _, d := range f.Notes {
		got = append(got, d.Error())
	}
	want := []string{
		"docusaurus.config.js:2: warning: tagline: not carried over: set description in each [languages.<code>] table of site.toml",
		"docusaurus.config.js:3: warning: presets: docs.editUrl: not carried over: kb has no edit link",
		"docusaurus.config.js:4: warning: plugins: p: not carried over: Docusaurus plugins do not run in kb",
		"docusaurus.config.js: warning: i18n/ has translations in da, which i18n.locales does not list: not moved (add a [languages.<code>] table and move them when they are ready)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Each translation's section names, which Docusaurus keeps in its
// current.json keyed by the default language's label, become a
// _category_.json in the translation's folder, with the same position,
// so that the move carries them where kb reads them. A folder with no
// _category_ file is named after itself; a label with no translation, a
// folder that already has its own, and a locale whose current.json is
// not JSON get none (the last with a note at its line).
func TestDocusaurusSectionNames(t *testing.T) {
	config := "module.exports = { i18n: { defaultLocale: 'en', locales: ['en', 'ru', 'de', 'ja'] } };\n"
	current := "i18n/%s/docusaurus-plugin-content-docs/current"
	ru := func(name string) string { return strings.Replace(current, "%s", "ru", 1) + name }
	de := func(name string) string { return strings.Replace(current, "%s", "de", 1) + name }
	ja := func(name string) string { return strings.Replace(current, "%s", "ja", 1) + name }
	f, err := ReadDocusaurus(mapFS("docusaurus.config.js", config,
		"docs/intro.md", "# Hi",
		"docs/general/_category_.json", `{ "label": "General", "position": 2, "collapsed": true }`,
		"docs/general/a.md", "# A",
		"docs/mac/_category_.yml", "label: For Mac\nposition: 3\n",
		"docs/mac/solving-problems/_category_.json", `{ "label": "Solving problems" }`,
		"docs/mac/solving-problems/b.md", "# B",
		"docs/untitled/c.md", "# C",
		"docs/notes/d.md", "# D",
		ru(".json"), `{
  "version.label": { "message": "Далее" },
  "sidebar.main.category.General": { "message": "Общее", "description": "The label for category General in sidebar main" },
  "sidebar.apps.category.For Mac": { "message": "Для Mac" },
  "sidebar.apps.category.Solving problems": { "message": "Решение проблем" },
  "sidebar.main.category.untitled": { "message": "Без названия" }
}`,
		ru("/general/a.md"), "# А",
		ru("/mac/_category_.json"), `{ "label": "Mac (своё)" }`,
		ru("/notes/_index.md"), "---\ntitle: Заметки\n---\n",
		de(".json"), `{ "sidebar.main.category.General": { "message": "Allgemein" } }`,
		de("/intro.md"), "# Hallo",
		ja(".json"), "{\n  \"sidebar.main.category.General\": { \"message\": \"一般\" },\n  \"sidebar.main.category.For Mac\": { \"message\": \"Mac\" }\n  \"x\": 1\n}\n",
		ja("/intro.md"), "# こんにちは"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, file := range f.Files {
		got = append(got, file.Path+": "+string(file.Text))
	}
	want := []string{
		ru("/general/_category_.json") + `: {"label":"Общее","position":2}` + "\n",
		ru("/mac/solving-problems/_category_.json") + `: {"label":"Решение проблем"}` + "\n",
		ru("/untitled/_category_.json") + `: {"label":"Без названия"}` + "\n",
		de("/general/_category_.json") + `: {"label":"Allgemein","position":2}` + "\n",
	}
	if strings.Join(got, "") != strings.Join(want, "") {
		t.Errorf("files:\n%s\nwant:\n%s", strings.Join(got, ""), strings.Join(want, ""))
	}
	said := strings.Join(f.Written, "\n")
	wantSaid := ru(".json") + ": 3 section names in ru, written as _category_.json in its folders (2 folders keep their own)\n" +
		de(".json") + ": 1 section name in de, written as _category_.json in its folders (4 have no translation and keep the default language's name)"
	if said != wantSaid {
		t.Errorf("written:\n%s\nwant:\n%s", said, wantSaid)
	}
	var notes []string
	for _, d := range f.Notes {
		notes = append(notes, d.Error())
	}
	wantNote := ja(".json") + ":4:3: warning: invalid character '\"' after object key:value pair: the sections keep the default language's names in ja; fix the JSON, then write each folder's _category_.json by hand"
	if len(notes) != 1 || notes[0] != wantNote {
		t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(notes, "\n"), wantNote)
	}
}

// Docusaurus orders files and folders named with a number first and leaves
// the number out of their addresses: the site.toml kb init writes reads
// them so when the docs have such names and the docs plugin does not turn
// them off.
func TestDocusaurusNumberPrefixes(t *testing.T) {
	page := "---\ntitle: A\n---\n"
	for _, c := range []struct {
		name, config string
		files        []string
		want         bool
	}{
		{"numbered folder", "module.exports = {};\n", []string{"docs/02-guides/setup.md", "docs/intro.md"}, true},
		{"numbered file", "module.exports = {};\n", []string{"docs/guides/01-setup.md"}, true},
		{"dates are no numbers", "module.exports = {};\n", []string{"docs/2021-03-04-release.md"}, false},
		{"turned off", "module.exports = { presets: [['classic', { docs: { numberPrefixParser: false } }]] };\n", []string{"docs/01-setup.md"}, false},
		{"docs elsewhere", "module.exports = { presets: [['classic', { docs: { path: 'kb' } }]] };\n", []string{"kb/01-setup.md", "blog/01-post.md"}, true},
		{"outside the docs", "module.exports = {};\n", []string{"docs/setup.md", "blog/01-post.md"}, false},
	} {
		files := []string{"docusaurus.config.js", c.config}
		for _, f := range c.files {
			files = append(files, f, page)
		}
		f, err := ReadDocusaurus(mapFS(files...))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(f.TOML), "\nnumberPrefixes = true\n"); got != c.want {
			t.Errorf("%s: numberPrefixes written %t, want %t:\n%s\nnotes %v", c.name, got, c.want, f.TOML, f.Notes)
		}
		if c.name == "turned off" {
			for _, n := range f.Notes {
				if strings.Contains(n.Error(), "numberPrefixParser") {
					t.Errorf("%s: numberPrefixParser: false noted as not carried over: %v", c.name, n)
				}
			}
		}
	}
}

// The client redirects plugin's redirects become site.toml's [redirects]:
// each from (one or a list) leads to its to; createRedirects, a function,
// and the other plugins are notes.
func TestDocusaurusClientRedirects(t *testing.T) {
	config := `module.exports = {
  plugins: [
    'docusaurus-plugin-sass',
    [
      '@docusaurus/plugin-client-redirects',
      {
        redirects: [
          { to: '/docs/new', from: ['/docs/old', '/docs/older'] },
          { to: '/docs/start', from: '/start' },
          { to: 'https://example.org/', from: '/away' },
        ],
        createRedirects(existingPath) { return undefined; },
      },
    ],
  ],
};
`
	f, err := ReadDocusaurus(mapFS("docusaurus.config.js", config, "docs/new.md", "# New"))
	if err != nil {
		t.Fatal(err)
	}
	want := "\n[redirects]\n\"/docs/old\" = \"/docs/new\"\n\"/docs/older\" = \"/docs/new\"\n\"/start\" = \"/docs/start\"\n"
	if !strings.Contains(string(f.TOML), want) {
		t.Errorf("site.toml:\n%s\nwant in it:\n%s", f.TOML, want)
	}
	if cfg, ds := Parse(f.TOML); cfg == nil || len(cfg.Redirects) != 3 {
		t.Errorf("the site.toml written does not parse to three redirects: %v", ds)
	}
	var notes []string
	for _, n := range f.Notes {
		notes = append(notes, n.Error())
	}
	for _, w := range []string{
		`docusaurus.config.js:3: warning: plugins: docusaurus-plugin-sass: not carried over: Docusaurus plugins do not run in kb`,
		`docusaurus.config.js:10: warning: plugins: client redirects: "/away" goes to https://example.org/, another site: not carried over; add it to static/_redirects`,
		`docusaurus.config.js:12: warning: plugins: client redirects: createRedirects: not carried over: a function kb does not run; list each old address in [redirects] in site.toml`,
	} {
		if !slices.Contains(notes, w) {
			t.Errorf("notes lack %q:\n%s", w, strings.Join(notes, "\n"))
		}
	}
}
