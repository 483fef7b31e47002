package builder_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"kb/builder"
	"kb/builder/config"
	"kb/builder/diag"
	"kb/themes"
)

// corpus copies a real site from ../shared/corpora next to a site.toml that
// lists its languages, or skips when the corpora are not checked out (fails
// with KB_CORPORA=required, as in CI).
func corpus(t *testing.T, name, siteToml string) string {
	t.Helper()
	src := filepath.Join("..", "..", "shared", "corpora", name, "content")
	if _, err := os.Stat(src); err != nil {
		if os.Getenv("KB_CORPORA") == "required" {
			t.Fatalf("corpus %s not found (KB_CORPORA=required): %v", name, err)
		}
		t.Skipf("corpus %s not found (%v)", name, err)
	}
	if testing.Short() {
		t.Skip("corpus builds are long")
	}
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "site.toml"), siteToml)
	return dir
}

func languagesToml(def string, codes ...string) string {
	return onlyLanguages(def, codes...) + "[build]\nbrokenLinks = \"warning\"\n"
}

// onlyLanguages is a site.toml that lists the languages and nothing else.
func onlyLanguages(def string, codes ...string) string {
	var b strings.Builder
	b.WriteString("baseURL = \"https://example.org/\"\ndefaultLanguage = \"" + def + "\"\n")
	for _, c := range codes {
		b.WriteString("[languages." + c + "]\n")
	}
	return b.String()
}

var letsEncryptLanguages = []string{"en", "ca", "cs", "da", "de", "el", "es", "fi", "fr", "he", "hr", "hu", "id", "it", "ja", "ko", "pl", "pt-br", "ru", "si", "sr", "sv", "ta", "th", "tr", "uk", "uz", "vi", "zh-cn", "zh-tw"}

func TestLetsEncryptCorpus(t *testing.T) {
	// A site.toml that only lists the languages builds: broken anchors
	// and links to pages left out of the corpus are warnings.
	site := corpus(t, "letsencrypt-website", onlyLanguages("en", letsEncryptLanguages...))
	out := filepath.Join(t.TempDir(), "public")
	res, err := build(t, site, out)
	for _, d := range res.Diagnostics {
		if d.Severity == diag.Error {
			t.Errorf("error: %s", d.Error())
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	// Untranslated Greek stubs fall back to English; Hebrew pages are rtl.
	faq := readFile(t, out, "el/docs/faq/index.html")
	if !strings.Contains(faq, "notice-fallback") {
		t.Error("the Greek FAQ stub does not fall back with a notice")
	}
	if !strings.Contains(readFile(t, out, "he/docs/faq/index.html"), `<html lang="he" dir="rtl">`) {
		t.Error("Hebrew FAQ is not rtl")
	}
	// Languages the theme had no strings for read their own interface.
	for _, lang := range []string{"hr", "si", "sr", "ta", "uz"} {
		if page := readLangFile(t, out, lang, "docs/faq/index.html"); !strings.Contains(page, searchPlaceholders[lang]) {
			t.Errorf("the %s FAQ's search box does not say %q", lang, searchPlaceholders[lang])
		}
	}
	if strings.Contains(readFile(t, out, "en/contact/index.html"), "<script>") {
		t.Error("an inline <script> from the content reached the page")
	}
	if res.Pages < 28*30 {
		t.Errorf("only %d pages rendered", res.Pages)
	}
	// Without a def template the glossaries' definitions are text, not one
	// code block of raw Markdown.
	for _, lang := range []string{"en", "de", "he", "zh-cn"} {
		g := readLangFile(t, out, lang, "docs/glossary/index.html")
		if strings.Contains(g, `<pre dir="ltr"><code>`) || strings.Contains(g, "{{% def") {
			t.Errorf("%s glossary holds its Markdown in a code block", lang)
		}
	}
	if g := readFile(t, out, "de/docs/glossary/index.html"); !strings.Contains(g, "<p>Eine Zertifikat-<a href=") {
		t.Error("the German glossary lost its definitions")
	}
	// Getting Started writes its sections as level-1 headings under its
	// front matter title: the page has one h1, and they are its table
	// of contents.
	for _, lang := range []string{"en", "he"} {
		start := readLangFile(t, out, lang, "getting-started/index.html")
		if n := strings.Count(start, "<h1"); n != 1 {
			t.Errorf("%s Getting Started has %d h1 elements, want its title's alone", lang, n)
		}
		if n := strings.Count(start, `<li class="toc-2">`); n != 3 {
			t.Errorf("%s Getting Started lists %d sections in its table of contents, want 3", lang, n)
		}
	}
	if start := readFile(t, out, "en/getting-started/index.html"); !strings.Contains(start, `<h2 id="getting-help">Getting Help</h2>`) {
		t.Error("Getting Help is not a section of Getting Started with its anchor")
	}
}

// TestLetsEncryptGlossaryTemplate builds the glossaries with a def template
// in a theme: each renders as the definition list the original site shows.
func TestLetsEncryptGlossaryTemplate(t *testing.T) {
	src := filepath.Join("..", "..", "shared", "corpora", "letsencrypt-website", "content")
	glossaries, _ := filepath.Glob(filepath.Join(src, "*", "docs", "glossary.md"))
	if len(glossaries) == 0 {
		t.Skip("corpus letsencrypt-website not found")
	}
	site := t.TempDir()
	var toml strings.Builder
	toml.WriteString("defaultLanguage = \"en\"\ntheme = \"glossary\"\n[build]\nbrokenLinks = \"warning\"\n[shortcodes]\nrenderglossary = \"drop\"\n")
	var langs []string
	for _, g := range glossaries {
		lang := filepath.Base(filepath.Dir(filepath.Dir(g)))
		b, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "{{% def") {
			continue // an untranslated stub
		}
		langs = append(langs, lang)
		toml.WriteString("[languages." + lang + "]\n")
		write(t, filepath.Join(site, "content", lang, "docs", "glossary.md"), string(b))
	}
	write(t, filepath.Join(site, "site.toml"), toml.String())
	write(t, filepath.Join(site, "themes", "glossary", "layouts", "shortcodes", "def.html"),
		`<dl><dt id="def-{{ .Get "id" }}">{{ with .Get "name" }}{{ . }}{{ else }}{{ .Get "abbr" }}{{ end }}</dt><dd>{{ .Inner }}</dd></dl>`)
	out := filepath.Join(t.TempDir(), "public")
	res, err := build(t, site, out)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		if strings.Contains(d.Msg, "shortcode") {
			t.Errorf("shortcode finding: %s", d.Error())
		}
	}
	for _, lang := range langs {
		g := readLangFile(t, out, lang, "docs/glossary/index.html")
		if n := strings.Count(g, "<dl><dt id=\"def-"); n < 70 {
			t.Errorf("%s glossary: %d terms in definition lists, want 70 or more", lang, n)
		}
		if strings.Contains(g, `<pre dir="ltr"><code>`) || strings.Contains(g, "{{%") {
			t.Errorf("%s glossary holds raw Markdown", lang)
		}
	}
	if g := readFile(t, out, "en/docs/glossary/index.html"); !strings.Contains(g, `<dt id="def-AIA">Authority Information Access</dt><dd><p>A certificate <a href="#def-extension">extension</a>`) {
		t.Error("the English glossary does not show AIA as a term with its definition")
	}
}

// Built for a sub-path, the sample site links only inside it.
func TestSampleUnderSubPath(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := builder.Build(context.Background(), builder.Options{SiteDir: "..", Out: out, IndexDir: "-", Theme: themes.Default(), BaseURL: "https://example.com/help/"}); err != nil {
		t.Fatal(err)
	}
	noLinkOutside(t, out, "/help/")
}

// noLinkOutside fails for every href or src of the output's pages that is
// root-relative but not under base.
func noLinkOutside(t *testing.T, out, base string) {
	t.Helper()
	rootLink := regexp.MustCompile(`(?:href|src)=["'](/[^"']*)`)
	n := 0
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, _ := os.ReadFile(p)
		for _, m := range rootLink.FindAllSubmatch(b, -1) {
			n++
			if u := string(m[1]); !strings.HasPrefix(u, base) && !strings.HasPrefix(u, "//") {
				t.Errorf("%s links outside %s: %s", p, base, u)
				return nil
			}
		}
		return nil
	})
	if n == 0 {
		t.Error("no root-relative link at all")
	}
}

// Let's Encrypt keeps its URLs with English at the root, and a build for a
// sub-path keeps every root link of its Markdown, raw HTML included, inside
// it.
func TestLetsEncryptAtRoot(t *testing.T) {
	site := corpus(t, "letsencrypt-website", "")
	// TOML: top-level keys come before the tables.
	cfg := "defaultLanguageInSubdir = false\n" + onlyLanguages("en", letsEncryptLanguages...) + "[markdown]\nunsafe = true\n"
	write(t, filepath.Join(site, "site.toml"), cfg)
	out := filepath.Join(t.TempDir(), "public")
	res, err := builder.Build(context.Background(), builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default(), BaseURL: "https://example.com/help/"})
	if err != nil {
		for _, d := range res.Diagnostics {
			if d.Severity == diag.Error {
				t.Error(d.Error())
			}
		}
		t.Fatal(err)
	}
	faq := readFile(t, out, "docs/faq/index.html")
	for _, want := range []string{`<html lang="en" dir="ltr">`, `href="/help/getting-started/"`, `href="/help/docs/client-options/"`,
		`href="/help/docs/challenge-types/#dns-01-challenge"`, `href="/help/docs/certificate-compatibility/"`} {
		if !strings.Contains(faq, want) {
			t.Errorf("/docs/faq/ lacks %s", want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "en", "docs", "faq", "index.html")); err == nil {
		t.Error("English is also under /en/")
	}
	if !strings.Contains(readFile(t, out, "pt-br/docs/faq/index.html"), `<html lang="pt-BR"`) {
		t.Error("no Portuguese FAQ at /pt-br/docs/faq/")
	}
	// Its FAQ's anchors are ids of raw HTML (# <a id="general">…</a>).
	for _, d := range res.Diagnostics {
		if strings.Contains(d.Msg, "#general") {
			t.Errorf("an id raw HTML gives is reported missing: %s", d.Error())
		}
		// fa, hr and uz have content but no language config, as upstream.
		if d.Kind == diag.Language && strings.Contains(d.Msg, `"fa"`) && !strings.HasSuffix(d.Msg, "36 files skipped; add [languages.fa] to publish them") {
			t.Errorf("the skipped Persian pages do not say what to do: %s", d.Error())
		}
		// The glossary's <script src> and <link href> are removed, and
		// said so; their files are not also missing images and files.
		if strings.Contains(d.Msg, "/js/glossary.js") || strings.Contains(d.Msg, "/css/glossary.css") {
			t.Errorf("a removed element's link is checked: %s", d.Error())
		}
	}
	noLinkOutside(t, out, "/help/")
}

func TestOrganicMapsCorpus(t *testing.T) {
	langs := []string{"en", "af", "ar", "ca", "cs", "cy", "de", "el", "es", "et", "eu", "fa-IR", "fr", "gl", "he", "hi", "hu", "id", "it", "ja", "lt", "ml", "mr", "nl", "oc", "pl", "pt", "pt-BR", "ru", "sv", "te", "tr", "uk", "zh-Hans"}
	site := corpus(t, "organicmaps-website", languagesToml("en", langs...))
	out := filepath.Join(t.TempDir(), "public")
	res, err := builder.Build(context.Background(), builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default()})
	var errs []diag.Diagnostic
	for _, d := range res.Diagnostics {
		if d.Severity == diag.Error {
			errs = append(errs, d)
		}
	}
	if len(errs) == 0 {
		t.Fatal("the broken Spanish YAML file was not reported")
	}
	for _, e := range errs {
		if e.File != "content/faq/bookmarks/android-track-recording/index.es.md" || e.Line == 0 {
			t.Errorf("want errors only in the broken Spanish YAML file, with lines; got %s", e.Error())
		}
	}
	if err == nil {
		t.Fatal("build with broken YAML succeeded")
	}
	for _, d := range res.Diagnostics {
		// The keys the error says are not indented are not also unknown.
		if d.Kind == diag.UnknownKey && strings.HasSuffix(d.File, "index.es.md") {
			t.Errorf("a key left out of its table is also reported unknown: %s", d.Error())
		}
	}
	// With its two YAML lines indented, the whole site renders in all 34
	// languages.
	es := filepath.Join(site, "content/faq/bookmarks/android-track-recording/index.es.md")
	src := readFile(t, site, "content/faq/bookmarks/android-track-recording/index.es.md")
	src = strings.Replace(strings.Replace(src, "\nfaq: [", "\n  faq: [", 1), "\norder: 30", "\n  order: 30", 1)
	write(t, es, src)
	// A theme's screenshot template shows the home page's screenshots.
	write(t, filepath.Join(site, "themes", "organic", "layouts", "shortcodes", "screenshot.html"),
		`<figure class="screenshot"><img src="{{ .Site.BasePath }}{{ .Get "src" }}" alt="{{ .Get "alt" }}"></figure>`)
	toml, _ := os.ReadFile(filepath.Join(site, "site.toml"))
	// Raw HTML is kept, as kb init --from zola has it.
	write(t, filepath.Join(site, "site.toml"), "theme = \"organic\"\n"+string(toml)+"[markdown]\nunsafe = true\n")
	res, err = builder.Build(context.Background(), builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default()})
	if err != nil {
		for _, d := range res.Diagnostics {
			if d.Severity == diag.Error {
				t.Error(d.Error())
			}
		}
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		// The sponsors' <img loading="lazy" decoding="async"> on every home.
		if d.Kind == diag.RawHTML && strings.Contains(d.Msg, "decoding") {
			t.Errorf("an image's decoding hint is removed: %s", d.Error())
		}
		if strings.Contains(d.Msg, "does not exist") && strings.Contains(d.Msg, `/"`) {
			t.Errorf("a folder link is reported missing: %s", d.Error())
		}
	}
	if !strings.Contains(readFile(t, out, "fr/faq/app/quelles-versions-ios-et-android-sont-supportées/index.html"), `href="/fr/faq/app/comment-utiliser-android-auto/"`) {
		t.Error("a link relative to the page's URL, to a translated slug, is not rewritten")
	}
	if res.Languages != len(langs) {
		t.Errorf("languages = %d, want %d", res.Languages, len(langs))
	}
	for _, p := range []string{"ar/faq/app/crash/", "fa-IR/index.html", "zh-Hans/index.html", "el/privacy/index.html"} {
		if !strings.HasSuffix(p, ".html") {
			p += "index.html"
		}
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("missing %s", p)
		}
	}
	// The French TTS article's alias is its own URL, percent-encoded: no
	// redirect page at a folder named "synth%C3%A8se-…", none double-encoded.
	if _, err := os.Stat(filepath.Join(out, "fr/faq/voice/synth%C3%A8se-vocale-tts-sur-android")); err == nil {
		t.Error("a percent-encoded alias is written as a folder of that name")
	}
	if strings.Contains(readFile(t, out, "_redirects"), "%25") {
		t.Error("_redirects has a double-encoded path")
	}
	// The Indonesian slug folded onto a second line ends in "GPX?": the
	// FAQ list links to its page, not to a query of a page that is not.
	if faq := readFile(t, out, "id/faq/index.html"); !strings.Contains(faq, `href="/id/faq/bookmarks/bagaimana-cara-mengimpor-bookmark-dan-trek-dalam-format-kml-kmz-kmb-atau%20GPX/"`) {
		t.Error("the Indonesian FAQ does not link to the import article's page")
	}
	if !strings.Contains(readFile(t, out, "he/index.html"), `<img src="/sponsors/nlnet.svg" alt="The NLnet Foundation" width="200" loading="lazy" decoding="async">`) {
		t.Error("the Hebrew home lacks the sponsors' logos as written")
	}
	for _, lang := range []string{"af", "cy", "et", "eu", "gl", "lt", "ml", "mr", "oc", "te"} {
		if home := readLangFile(t, out, lang, "index.html"); !strings.Contains(home, searchPlaceholders[lang]) {
			t.Errorf("the %s home's search box does not say %q", lang, searchPlaceholders[lang])
		}
	}
	if !strings.Contains(readFile(t, out, "fa-IR/index.html"), `dir="rtl"`) {
		t.Error("Persian home is not rtl")
	}
	for page, img := range map[string]string{
		"en/index.html": `<img src="/images/screenshots/hiking.jpg" alt="Hiking">`,
		"pl/index.html": `<img src="/images/screenshots/prague.jpg" alt="Praga">`,
	} {
		if !strings.Contains(readFile(t, out, page), img) {
			t.Errorf("%s lacks the screenshot %s", page, img)
		}
	}
}

// readLangFile reads a page under its language folder, spelled as in
// site.toml or canonically ("zh-cn" or "zh-CN").
func readLangFile(t *testing.T, dir, lang, name string) string {
	t.Helper()
	if canon, err := config.CanonicalCode(lang); err == nil && canon != lang {
		if _, err := os.Stat(filepath.Join(dir, canon)); err == nil {
			lang = canon
		}
	}
	return readFile(t, dir, lang+"/"+name)
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
