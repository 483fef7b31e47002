package config

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"kb/builder/diag"
)

func mapFS(kv ...string) fstest.MapFS {
	m := fstest.MapFS{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = &fstest.MapFile{Data: []byte(kv[i+1])}
	}
	return m
}

// A site folder with no site.toml is read from its Hugo or Zola
// configuration: the same settings, in kb's words, with one note saying
// which keys were used.
func TestForeignConfigs(t *testing.T) {
	for _, tt := range []struct {
		name string
		fsys fstest.MapFS
		toml string // the site.toml kb init --from writes
		note string
	}{{
		name: "Hugo, split configuration",
		fsys: mapFS(
			"config/_default/hugo.toml", "baseURL = \"https://letsencrypt.org/\"\ndefaultContentLanguage = \"en\"\ndefaultContentLanguageInSubdir = false\n[markup.goldmark.renderer]\nunsafe = true\n",
			"config/_default/languages.en.toml", "title = \"Let's Encrypt\"\ncontentDir = \"content/en\"\nlabel = \"English\"\nweight = 100\n",
			"config/_default/languages.pt-br.toml", "title = \"Let's Encrypt\"\ncontentDir = \"content/pt-br\"\nlabel = \"Português\"\nweight = 200\n",
			"config/_default/menu.en.toml", "[[main]]\nname = \"x\"\n",
		),
		toml: `# From Hugo's config/_default/hugo.toml.
title = "Let's Encrypt"
baseURL = "https://letsencrypt.org/"
defaultLanguage = "en"
defaultLanguageInSubdir = false
# URLs from file names are lowercased, as they were.
lowercaseURLs = true

[markdown]
# Raw HTML is kept, as it was.
unsafe = true
# Emoji names (:smile:) stay as written, as they did.
emoji = false

[languages.en]
name = "English"
weight = 100

[languages.pt-br]
name = "Português"
weight = 200
`,
		note: `config/_default/hugo.toml: warning: no site.toml: read the Hugo configuration (baseURL, defaultContentLanguage, defaultContentLanguageInSubdir, markup.goldmark.renderer.unsafe, languages (2, with label, title, weight, contentDir)); kb init --from hugo writes it as a site.toml to keep`,
	}, {
		name: "Hugo, one YAML file, keys in any case, a contentDir of its own",
		fsys: mapFS("hugo.yaml", `title: Docs
baseurl: https://example.org/docs/
defaultcontentlanguage: ar
defaultContentLanguageInSubdir: true
languages:
  ar:
    languageName: العربية
    languageDirection: rtl
    weight: 1
    contentDir: content/arabic
  en:
    languageName: English
    weight: 2
  fr:
    disabled: true
`),
		toml: `# From Hugo's hugo.yaml.
title = "Docs"
baseURL = "https://example.org/docs/"
defaultLanguage = "ar"
defaultLanguageInSubdir = true
# URLs from file names are lowercased, as they were.
lowercaseURLs = true

[markdown]
# Emoji names (:smile:) stay as written, as they did.
emoji = false

[languages.ar]
name = "العربية"
dir = "rtl"
weight = 1
contentDir = "arabic"

[languages.en]
name = "English"
weight = 2

[languages.fr]
disabled = true
`,
		note: `hugo.yaml: warning: no site.toml: read the Hugo configuration (title, baseURL, defaultContentLanguage, defaultContentLanguageInSubdir, languages (2, with languageName, languageDirection, weight, contentDir), 1 disabled); kb init --from hugo writes it as a site.toml to keep`,
	}, {
		name: "Zola",
		fsys: mapFS("config.toml", "base_url = \"https://organicmaps.app\"\ntitle = \"Organic Maps\"\n[extra]\nx = 1\n[languages.ar]\ntitle = \"أورغانيك مابس\"\n[languages.fa-IR]\n"),
		toml: `# From Zola's config.toml.
title = "Organic Maps"
baseURL = "https://organicmaps.app"
defaultLanguage = "en"
defaultLanguageInSubdir = false
# URLs from file names are lowercased, as they were.
lowercaseURLs = true

[markdown]
# Raw HTML is kept, as it was.
unsafe = true
# Headings have the ids they had.
headingIDs = "zola"
# Emoji names (:smile:) stay as written, as they did.
emoji = false

[languages.en]

[languages.ar]
title = "أورغانيك مابس"

[languages.fa-IR]
`,
		note: `config.toml: warning: no site.toml: read the Zola configuration (title, base_url, languages (2)); kb init --from zola writes it as a site.toml to keep`,
	}, {
		name: "Hugo that keeps the letter case of its paths, with ugly URLs, ids on definition terms and a language's direction",
		fsys: mapFS("hugo.toml", "title = \"Docs\"\ndefaultContentLanguage = \"he\"\ndisablePathToLower = true\nuglyURLs = true\nrefLinksErrorLevel = \"WARNING\"\n[languages.he]\ndirection = \"rtl\"\n[markup.goldmark.parser]\nautoDefinitionTermID = true\n"),
		toml: `# From Hugo's hugo.toml.
title = "Docs"
defaultLanguage = "he"
defaultLanguageInSubdir = false
# Articles also answer at the .html addresses they had.
uglyURLAliases = true

[markdown]
# Definition list terms have ids, as they had.
definitionTermIDs = true
# Emoji names (:smile:) stay as written, as they did.
emoji = false

[languages.he]
dir = "rtl"

[build]
# Links to pages that do not exist are warnings, as they were.
brokenLinks = "warning"
`,
		note: `hugo.toml: warning: no site.toml: read the Hugo configuration (title, defaultContentLanguage, uglyURLs, disablePathToLower, refLinksErrorLevel, markup.goldmark.parser.autoDefinitionTermID, languages (1, with direction)); kb init --from hugo writes it as a site.toml to keep`,
	}, {
		name: "Zola that keeps the letter case of its paths and warns of broken links",
		fsys: mapFS("config.toml", "base_url = \"https://example.org\"\n[slugify]\npaths = \"safe\"\nanchors = \"safe\"\n[link_checker]\ninternal_level = \"warn\"\n"),
		toml: `# From Zola's config.toml.
baseURL = "https://example.org"
defaultLanguage = "en"
defaultLanguageInSubdir = false

[markdown]
# Raw HTML is kept, as it was.
unsafe = true
# Emoji names (:smile:) stay as written, as they did.
emoji = false

[languages.en]

[build]
# Links to pages that do not exist are warnings, as they were.
brokenLinks = "warning"
`,
		note: `config.toml: warning: no site.toml: read the Zola configuration (base_url, slugify.paths, slugify.anchors, link_checker.internal_level); kb init --from zola writes it as a site.toml to keep`,
	}, {
		// Hugo's permalinks carry over, so the pages keep their addresses
		// (Docsy's example puts its blog posts under their dates).
		name: "Docsy's permalinks, in hugo.yaml",
		fsys: mapFS("hugo.yaml", "title: Goldydocs\npermalinks:\n  blog: /:section/:year/:month/:day/:slugorcontentbasename\n"),
		toml: `# From Hugo's hugo.yaml.
title = "Goldydocs"
defaultLanguage = "en"
defaultLanguageInSubdir = false
# URLs from file names are lowercased, as they were.
lowercaseURLs = true

[markdown]
# Emoji names (:smile:) stay as written, as they did.
emoji = false

[languages.en]

# Pages keep the addresses they had.
[permalinks]
blog = "/:section/:year/:month/:day/:slugorcontentbasename"
`,
		note: `hugo.yaml: warning: no site.toml: read the Hugo configuration (title, permalinks); kb init --from hugo writes it as a site.toml to keep`,
	}, {
		// What kb cannot follow is a warning naming the token and the file.
		name: "Hugo's newer permalinks, in config/_default/permalinks.toml, with what kb cannot follow",
		fsys: mapFS(
			"config/_default/hugo.toml", "title = \"X\"\n",
			"config/_default/permalinks.toml", "[page]\nposts = \"/:year/:month/:title/\"\nnews = \"/:year/:weekdayname/:slug/\"\n[section]\nposts = \"/articles/\"\n[term]\ntags = \"/t/:slug/\"\n",
		),
		toml: `# From Hugo's config/_default/hugo.toml.
title = "X"
defaultLanguage = "en"
defaultLanguageInSubdir = false
# URLs from file names are lowercased, as they were.
lowercaseURLs = true

[markdown]
# Emoji names (:smile:) stay as written, as they did.
emoji = false

[languages.en]

# Pages keep the addresses they had.
[permalinks.page]
posts = "/:year/:month/:title/"

[permalinks.section]
posts = "/articles/"
`,
		note: `config/_default/permalinks.toml: warning: permalinks news = "/:year/:weekdayname/:slug/": kb has no :weekdayname token; use :section, :sections, :year, :month, :monthname, :day, :slug, :slugorfilename, :slugorcontentbasename, :filename, :contentbasename, :title or literal text; not carried over: the section's pages get kb's own addresses until [permalinks] in site.toml gives them one
config/_default/permalinks.toml: warning: permalinks term: not carried over: kb makes no taxonomy or term pages
config/_default/hugo.toml: warning: no site.toml: read the Hugo configuration (title, permalinks); kb init --from hugo writes it as a site.toml to keep`,
	}} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ReadForeign(tt.fsys)
			if err != nil || f == nil {
				t.Fatalf("ReadForeign = %v, %v", f, err)
			}
			if string(f.TOML) != tt.toml {
				t.Errorf("site.toml:\n%s\nwant:\n%s", f.TOML, tt.toml)
			}
			cfg, ds := Load(tt.fsys)
			if cfg == nil {
				t.Fatalf("Load: %v", ds)
			}
			var got []string
			for _, d := range ds {
				got = append(got, d.Error())
			}
			if strings.Join(got, "\n") != tt.note {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), tt.note)
			}
			if name, ok := Source(tt.fsys); !ok || name != f.File {
				t.Errorf("Source = %q, %v", name, ok)
			}
		})
	}
}

func TestContentDirFolder(t *testing.T) {
	cfg, ds := Parse([]byte("defaultLanguage = \"ar\"\n[languages.ar]\ncontentDir = \"arabic\"\n[languages.en]\n"))
	if cfg == nil {
		t.Fatal(ds)
	}
	if code, ok := cfg.Lookup("Arabic"); !ok || code != "ar" {
		t.Errorf("Lookup(Arabic) = %q, %v", code, ok)
	}
	if _, ok := cfg.Lookup("english"); ok {
		t.Error("a folder that is no language's contentDir is a language")
	}
}

func TestNoConfigAtAll(t *testing.T) {
	if _, ok := Source(mapFS("content/en/x.md", "x")); ok {
		t.Error("a folder with no configuration is a site")
	}
	if _, ds := Load(mapFS()); len(ds) != 1 || !strings.Contains(ds[0].Error(), "no site.toml here") {
		t.Errorf("Load = %v", ds)
	}
}

// Hugo's [params], in its main file or in config/_default/params.*, carry
// over into site.toml's [params], which the param shortcode reads.
func TestForeignParams(t *testing.T) {
	for _, tt := range []struct {
		name string
		fsys fstest.MapFS
	}{
		{"in hugo.toml", mapFS("hugo.toml", "title = \"X\"\n[params]\nsupportEmail = \"help@x.example\"\nbanner = false\n[params.social]\ngithub = \"x\"\n")},
		{"in config/_default/params.yaml", mapFS(
			"config/_default/hugo.toml", "title = \"X\"\n",
			"config/_default/params.yaml", "supportEmail: help@x.example\nbanner: false\nsocial:\n  github: x\n",
		)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ReadForeign(tt.fsys)
			if err != nil || f == nil {
				t.Fatalf("ReadForeign = %v, %v", f, err)
			}
			if want := "\n[params]\nbanner = false\nsupportEmail = \"help@x.example\"\n"; !strings.Contains(string(f.TOML), want) {
				t.Errorf("site.toml:\n%s\nwant it to hold:\n%s", f.TOML, want)
			}
			if !slices.Contains(f.Keys, "params") {
				t.Errorf("keys used: %v", f.Keys)
			}
			cfg, ds := Load(tt.fsys)
			if cfg == nil {
				t.Fatalf("Load: %v", ds)
			}
			for _, d := range ds {
				if d.Kind == diag.UnknownKey {
					t.Errorf("a key of [params] is called unknown: %v", d)
				}
			}
			social, _ := cfg.Params["social"].(map[string]any)
			if cfg.Params["supportEmail"] != "help@x.example" || social["github"] != "x" {
				t.Errorf("params: %v", cfg.Params)
			}
		})
	}
}

// Hextra's banner message becomes the [announcement], in every language
// as Hextra showed it, read as it is or through kb init.
func TestForeignHextraBanner(t *testing.T) {
	fsys := mapFS("hugo.yaml", "defaultContentLanguage: en\nlanguages:\n  en: {}\n  ar: {}\nparams:\n  banner:\n    key: storms\n    message: Deliveries are **delayed** by storms.\n")
	f, err := ReadForeign(fsys)
	if err != nil || f == nil {
		t.Fatalf("ReadForeign = %v, %v", f, err)
	}
	if want := "\n[announcement]\n# Shown in every language, as it was.\ntext = \"Deliveries are **delayed** by storms.\"\nfallback = true\n"; !strings.Contains(string(f.TOML), want) {
		t.Errorf("site.toml:\n%s\nwant it to hold:\n%s", f.TOML, want)
	}
	cfg, ds := Load(fsys)
	if cfg == nil {
		t.Fatalf("Load: %v", ds)
	}
	if a := cfg.AnnouncementFor("ar"); a.Text["en"] != "Deliveries are **delayed** by storms." || !a.Fallback {
		t.Errorf("the announcement read as it is: %+v", a)
	}
}

// Languages with no keys of their own are counted without an empty list.
func TestForeignLanguagesWithoutKeys(t *testing.T) {
	f, err := ReadForeign(mapFS("hugo.toml", "[languages.en]\n[languages.ar]\n"))
	if err != nil || f == nil {
		t.Fatalf("ReadForeign = %v, %v", f, err)
	}
	if !slices.Contains(f.Keys, "languages (2)") {
		t.Errorf("keys used: %q", f.Keys)
	}
}

// The Hugo theme a site was written for is kept as hugoTheme, by its
// repository's name, so that shortcodes two themes read differently keep
// that theme's meaning.
func TestForeignHugoTheme(t *testing.T) {
	for _, tt := range []struct{ config, want string }{
		{"hugo.toml\x00theme = 'hugo-book'\n", `hugoTheme = "hugo-book"`},
		{"hugo.toml\x00theme = ['hextra', 'extras']\n", `hugoTheme = "hextra"`},
		{"hugo.yaml\x00module:\n  imports:\n    - path: github.com/imfing/hextra\n", `hugoTheme = "hextra"`},
		{"hugo.yaml\x00module:\n  imports:\n    - path: github.com/google/docsy/v2\n    - path: github.com/google/docsy/dependencies\n", `hugoTheme = "docsy"`},
		{"hugo.toml\x00title = 'No theme'\n", ""},
	} {
		file, text, _ := strings.Cut(tt.config, "\x00")
		f, err := ReadForeign(mapFS(file, text))
		if err != nil {
			t.Fatal(err)
		}
		got := string(f.TOML)
		if tt.want == "" && strings.Contains(got, "hugoTheme") || !strings.Contains(got, tt.want) {
			t.Errorf("%s:\n%s\ngot:\n%s\nwant a line %s", file, text, got, tt.want)
		}
	}
}

// A Hugo site that published no RSS (disableKinds, or outputs without it
// for both home and section pages) gets no feeds from kb either, read as
// it is or through kb init; one that did keeps them, with its limit.
func TestForeignHugoFeeds(t *testing.T) {
	for _, tt := range []struct {
		config string
		on     bool
		limit  int
	}{
		{"hugo.toml\x00title = 'Help'\n", true, DefaultFeedLimit},
		{"hugo.toml\x00disableKinds = ['taxonomy', 'RSS']\n", false, DefaultFeedLimit},
		{"hugo.toml\x00disableKinds = ['taxonomy']\n", true, DefaultFeedLimit},
		{"hugo.yaml\x00outputs:\n  home: [HTML, JSON]\n  section: [HTML]\n", false, DefaultFeedLimit},
		{"hugo.yaml\x00outputs:\n  home: [HTML, RSS]\n  section: [HTML]\n", true, DefaultFeedLimit},
		{"hugo.yaml\x00outputs:\n  home: [HTML]\n", true, DefaultFeedLimit}, // sections keep Hugo's default, RSS
		{"hugo.toml\x00[services.rss]\nlimit = 5\n", true, 5},
		{"hugo.toml\x00rssLimit = 7\n", true, 7},
		{"hugo.toml\x00[services.rss]\nlimit = -1\n", true, DefaultFeedLimit},
	} {
		file, text, _ := strings.Cut(tt.config, "\x00")
		cfg, ds := Load(mapFS(file, text))
		if cfg == nil {
			t.Fatalf("%s:\n%s\n%v", file, text, ds)
		}
		if cfg.Feeds.On() != tt.on || cfg.Feeds.Entries() != tt.limit {
			f, _ := ReadForeign(mapFS(file, text))
			t.Errorf("%s:\n%s\nfeeds on %v, limit %d; want %v, %d; site.toml:\n%s", file, text, cfg.Feeds.On(), cfg.Feeds.Entries(), tt.on, tt.limit, f.TOML)
		}
	}
}

// [feeds] limit is a count of entries.
func TestFeedsLimitNegative(t *testing.T) {
	_, ds := Parse([]byte("[feeds]\nlimit = -3\n"))
	if len(ds) != 1 || !strings.Contains(ds[0].Error(), "site.toml:2: [feeds] limit = -3") {
		t.Errorf("diagnostics %v, want one at site.toml:2 about [feeds] limit", ds)
	}
}

// Hextra's banner of a language (languages.<code>.params.banner.message)
// is that language's announcement, in place of the site's, as Hugo merges
// a language's params over the site's; an empty one shows none there.
// Read as it is or through kb init.
func TestForeignHextraBannerPerLanguage(t *testing.T) {
	fsys := mapFS("hugo.yaml", `defaultContentLanguage: en
params:
  banner:
    message: Deliveries are **delayed** by storms.
languages:
  en:
    weight: 1
  ar:
    weight: 2
    params:
      banner:
        message: التوصيل متأخر بسبب العواصف.
  el:
    weight: 3
    params:
      banner:
        message: ""
  fr:
    weight: 4
`)
	f, err := ReadForeign(fsys)
	if err != nil || f == nil {
		t.Fatalf("ReadForeign = %v, %v", f, err)
	}
	for _, want := range []string{
		"\n[languages.ar.announcement]\n# Shown in this language in place of the site's, as it was.\ntext = \"التوصيل متأخر بسبب العواصف.\"\n",
		"\n[languages.el.announcement]\n# None in this language, as it was.\n",
	} {
		if !strings.Contains(string(f.TOML), want) {
			t.Errorf("site.toml:\n%s\nwant it to hold:\n%s", f.TOML, want)
		}
	}
	if !slices.Contains(f.Keys, "languages.<lang>.params.banner.message (ar, el)") {
		t.Errorf("keys used: %q", f.Keys)
	}
	cfg, ds := Load(fsys)
	if cfg == nil {
		t.Fatalf("Load: %v", ds)
	}
	for _, tt := range []struct{ lang, want string }{
		{"en", "Deliveries are **delayed** by storms."},
		{"ar", "التوصيل متأخر بسبب العواصف."},
		{"el", ""},
		{"fr", "Deliveries are **delayed** by storms."},
	} {
		a := cfg.AnnouncementFor(tt.lang)
		got := a.Text[tt.lang]
		if got == "" && a.Fallback {
			got = a.Text[cfg.DefaultLanguage]
		}
		if got == "" {
			got = a.Text[""]
		}
		if got != tt.want {
			t.Errorf("announcement in %s: %q, want %q (%+v)", tt.lang, got, tt.want, a)
		}
	}
}

// A Zola site's feeds keep their file names (feed_filenames, or the older
// feed_filename; atom.xml when generate_feeds gives none), read as it is
// or through kb init.
func TestForeignZolaFeeds(t *testing.T) {
	for _, tt := range []struct {
		config string
		want   []string
	}{
		{"generate_feeds = true\n", []string{"atom.xml"}},
		{"generate_feeds = true\nfeed_filenames = ['rss.xml', 'atom.xml']\n", []string{"rss.xml", "atom.xml"}},
		{"generate_feed = true\nfeed_filename = 'rss.xml'\n", []string{"rss.xml"}},
		{"generate_feeds = false\nfeed_filenames = ['rss.xml']\n", nil},
		{"title = 'No feeds'\n", nil},
	} {
		fsys := mapFS("config.toml", "base_url = 'https://docs.example/'\n"+tt.config)
		cfg, ds := Load(fsys)
		if cfg == nil {
			t.Fatalf("%s: %v", tt.config, ds)
		}
		if !slices.Equal(cfg.Feeds.Filenames, tt.want) {
			f, _ := ReadForeign(fsys)
			t.Errorf("config.toml:\n%s\nfeeds at %q, want %q; site.toml:\n%s", tt.config, cfg.Feeds.Filenames, tt.want, f.TOML)
		}
	}
}

// [feeds] filenames are file names beside a home or section page.
func TestFeedsFilenamesInvalid(t *testing.T) {
	for _, bad := range []string{`["feeds/atom.xml"]`, `[""]`, `["index.html"]`, `["atom.xml", "atom.xml"]`, `[".xml"]`} {
		_, ds := Parse([]byte("[feeds]\nfilenames = " + bad + "\n"))
		if len(ds) != 1 || !strings.Contains(ds[0].Error(), "site.toml:2: [feeds] filenames") {
			t.Errorf("filenames = %s: diagnostics %v, want one at site.toml:2 about [feeds] filenames", bad, ds)
		}
	}
}
