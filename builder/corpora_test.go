package builder_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kb/builder"
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
	var b strings.Builder
	b.WriteString("baseURL = \"https://example.org/\"\ndefaultLanguage = \"" + def + "\"\n[build]\nbrokenLinks = \"warning\"\n")
	for _, c := range codes {
		b.WriteString("[languages." + c + "]\n")
	}
	return b.String()
}

func TestLetsEncryptCorpus(t *testing.T) {
	site := corpus(t, "letsencrypt-website", languagesToml("en",
		"en", "ca", "cs", "da", "de", "el", "es", "fi", "fr", "he", "hu", "id", "it", "ja", "ko", "pl", "pt-br", "ru", "si", "sr", "sv", "ta", "th", "tr", "uk", "vi", "zh-cn", "zh-tw"))
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
	if strings.Contains(readFile(t, out, "en/contact/index.html"), "<script>") {
		t.Error("an inline <script> from the content reached the page")
	}
	if res.Pages < 28*30 {
		t.Errorf("only %d pages rendered", res.Pages)
	}
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
	// Without that file the whole site renders in all 34 languages.
	os.Remove(filepath.Join(site, "content/faq/bookmarks/android-track-recording/index.es.md"))
	res, err = builder.Build(context.Background(), builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default()})
	if err != nil {
		for _, d := range res.Diagnostics {
			if d.Severity == diag.Error {
				t.Error(d.Error())
			}
		}
		t.Fatal(err)
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
	if !strings.Contains(readFile(t, out, "fa-IR/index.html"), `dir="rtl"`) {
		t.Error("Persian home is not rtl")
	}
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
