package content

import (
	"context"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"kb/builder/config"
	"kb/builder/diag"
)

// corpora is where the shared real-world sites live, next to the repository.
const corpora = "../../../shared/corpora"

func openCorpus(t *testing.T, name string) fs.FS {
	t.Helper()
	dir := path.Join(corpora, name)
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("KB_CORPORA") == "required" {
			t.Fatalf("corpus %s not here (KB_CORPORA=required): %v", name, err)
		}
		t.Skipf("corpus %s not here: %v", name, err)
	}
	return os.DirFS(dir)
}

func countByLang(pages []*Page) map[string]int {
	n := map[string]int{}
	for _, p := range pages {
		n[p.Lang]++
	}
	return n
}

// TestLetsEncrypt loads Hugo's language-folder layout with YAML front
// matter, `untranslated: 1` stubs, `slug: 1` and three content folders that
// the config does not publish.
func TestLetsEncrypt(t *testing.T) {
	fsys := openCorpus(t, "letsencrypt-website")
	configs, err := fs.Glob(fsys, "config/_default/languages.*.toml")
	if err != nil || len(configs) == 0 {
		t.Fatalf("no language configs: %v", err)
	}
	langs := siteLangs{"en"}
	for _, c := range configs {
		code := strings.TrimSuffix(strings.TrimPrefix(path.Base(c), "languages."), ".toml")
		if code != "en" {
			langs = append(langs, code)
		}
	}
	for i, code := range langs {
		langs[i], _ = siteLangsCanonical(code)
	}

	var diags diag.List
	pages := Load(context.Background(), fsys, langs, &diags)

	if errs := errorsOf(&diags); len(errs) > 0 {
		t.Errorf("errors:\n%s", lines(errs))
	}
	byLang := countByLang(pages)
	if len(byLang) != 28 || byLang["en"] != 40 || byLang["pt-BR"] != 36 || byLang["zh-TW"] != 36 || byLang["he"] != 36 {
		t.Errorf("pages per language: %v", byLang)
	}
	var untranslated int
	for _, p := range pages {
		if p.Untranslated {
			untranslated++
		}
	}
	// 533 stubs in all, less those of fa (35), hr (34) and uz (32), which are skipped.
	if untranslated != 533-35-34-32 {
		t.Errorf("%d untranslated pages", untranslated)
	}
	var skipped, numbers int
	for _, d := range diags.All() {
		switch {
		case strings.Contains(d.Msg, "is not in site.toml [languages]; 36 files skipped"):
			skipped++
		case strings.Contains(d.Msg, `is not text; read as "1"`):
			numbers++
		}
	}
	// slug: 1 in ja, ru, fr trademarks and fr allow-port-80; description: 1 in ja and zh-tw contact; linkTitle: 1 in vi how-it-works.
	if skipped != 3 || numbers != 7 {
		t.Errorf("%d skipped-language warnings (want fa, hr, uz), %d number-as-text warnings (want 7)", skipped, numbers)
	}
	for _, p := range pages {
		if p.File == "content/uk/privacy.md" && p.Meta.Slug != "приватність" {
			t.Errorf("uk privacy slug %q", p.Meta.Slug)
		}
	}
}

// TestOrganicMaps loads Zola's suffix layout with page bundles, codes like
// fa-IR, pt-BR and zh-Hans, CRLF files, and one file with broken YAML
// indentation, which must be the only error.
func TestOrganicMaps(t *testing.T) {
	fsys := openCorpus(t, "organicmaps-website")
	src, err := fs.ReadFile(fsys, "config.toml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct{ Languages map[string]any }
	if _, err := toml.Decode(string(src), &cfg); err != nil {
		t.Fatal(err)
	}
	langs := siteLangs{"en"}
	for code := range cfg.Languages {
		c, _ := siteLangsCanonical(code)
		langs = append(langs, c)
	}

	var diags diag.List
	pages := Load(context.Background(), fsys, langs, &diags)

	const broken = "content/faq/bookmarks/android-track-recording/index.es.md"
	equalLines(t, "errors", errorsOf(&diags), []string{
		broken + `:8:1: front matter: "faq" is not indented under "taxonomies", which is left empty (indent the lines that belong to it)`,
		broken + `:11:1: front matter: "order" is not indented under "extra", which is left empty (indent the lines that belong to it)`,
	})
	byLang := countByLang(pages)
	if len(byLang) != 34 || byLang["en"] != 25 || byLang["ja"] != 5 || byLang["fa-IR"] != 23 || byLang["pt-BR"] != 23 || byLang["zh-Hans"] != 23 || byLang["es"] != 23 {
		t.Errorf("pages per language: %v", byLang)
	}
	for _, p := range pages {
		switch p.File {
		case "content/faq/app/crash/index.ar.md":
			if p.Kind != Article || p.Path != "faq/app/crash" || p.Lang != "ar" || p.Meta.Slug == "" || p.Meta.Updated.IsZero() {
				t.Errorf("%s: %s %q %s slug %q updated %v", p.File, p.Kind, p.Path, p.Lang, p.Meta.Slug, p.Meta.Updated)
			}
		case "content/faq/_index.ja.md":
			if p.Kind != Section || p.Path != "faq" || p.BodyLine < 2 || strings.Contains(string(p.Body), "\r") {
				t.Errorf("%s: %s %q body at %d", p.File, p.Kind, p.Path, p.BodyLine)
			}
		}
	}
}

func siteLangsCanonical(code string) (string, error) {
	return config.CanonicalCode(code)
}

func errorsOf(diags *diag.List) []string {
	var out []string
	for _, d := range diags.All() {
		if d.Severity == diag.Error {
			out = append(out, d.Error())
		}
	}
	return out
}
