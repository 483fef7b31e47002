package builder_test

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"kb/builder"
	"kb/builder/diag"
	"kb/themes"
)

var update = flag.Bool("update", false, "rewrite the diagnostics sections of testdata/*.txtar")

// TestSites builds every testdata/*.txtar site and checks its expectations.
//
// An archive holds a whole site (site.toml, content/...) and two special
// files: "expect", lines of assertions on the output, and "diagnostics", the
// exact diagnostics the build prints (regenerated with -update). Assertion
// lines:
//
//	FILE                  the output file exists
//	! FILE                it does not
//	FILE: TEXT            the file contains TEXT
//	! FILE: TEXT          it does not
//	exit: error           the build fails with content errors, and so
//	                      publishes nothing: no other assertion may follow
//	base-url: URL         build with --base-url URL
//	mode: check           build as kb check does (nothing written)
//	fs: ignores-case      build as onto a file system that ignores
//	                      letter case (macOS's, Windows')
func TestSites(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no testdata/*.txtar")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			site := t.TempDir()
			var expect, diags string
			for _, f := range ar.Files {
				switch f.Name {
				case "expect":
					expect = string(f.Data)
					continue
				case "diagnostics":
					diags = string(f.Data)
					continue
				}
				p := filepath.Join(site, filepath.FromSlash(f.Name))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(t.TempDir(), "public")
			opts := builder.Options{
				SiteDir: site, Out: out, IndexDir: filepath.Join(t.TempDir(), "index"), Theme: themes.Default(),
			}
			for line := range strings.Lines(expect) {
				if v, ok := strings.CutPrefix(strings.TrimSpace(line), "base-url: "); ok {
					opts.BaseURL = v
				}
				if v, ok := strings.CutPrefix(strings.TrimSpace(line), "now: "); ok {
					clock, err := time.Parse(time.RFC3339, v)
					if err != nil {
						t.Fatalf("now: %v", err)
					}
					opts.Now = func() time.Time { return clock }
				}
				if strings.TrimSpace(line) == "mode: check" {
					opts.CheckOnly = true
				}
				if strings.TrimSpace(line) == "fs: ignores-case" {
					builder.PretendOutputIgnoresCase(t)
				}
			}
			res, err := builder.Build(context.Background(), opts)
			got := formatDiags(res.Diagnostics)
			if *update {
				has := false
				for i := range ar.Files {
					if ar.Files[i].Name == "diagnostics" {
						ar.Files[i].Data = []byte(got)
						has = true
					}
				}
				if !has && got != "" {
					ar.Files = append(ar.Files, txtar.File{Name: "diagnostics", Data: []byte(got)})
				}
				os.WriteFile(file, txtar.Format(ar), 0o644)
			} else if got != diags {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, diags)
			}
			wantFail := strings.Contains(expect, "exit: error")
			if wantFail != errors.Is(err, builder.ErrContent) {
				t.Fatalf("build error = %v, want content errors: %v", err, wantFail)
			}
			if err != nil && !errors.Is(err, builder.ErrContent) {
				t.Fatal(err)
			}
			if wantFail {
				checkNothingPublished(t, out, expect)
				return
			}
			checkExpectations(t, out, expect)
		})
	}
}

func formatDiags(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.Error())
		b.WriteByte('\n')
	}
	return b.String()
}

func checkExpectations(t *testing.T, out, expect string) {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(expect))
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, "exit:") || strings.HasPrefix(l, "base-url:") || strings.HasPrefix(l, "mode:") || strings.HasPrefix(l, "fs:") || strings.HasPrefix(l, "now:") {
			continue
		}
		neg := strings.HasPrefix(l, "! ")
		l = strings.TrimPrefix(l, "! ")
		file, text, hasText := strings.Cut(l, ": ")
		text = strings.ReplaceAll(text, `\n`, "\n") // lines in order
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(file)))
		if err == nil && hasText && strings.HasSuffix(file, ".gz") {
			data = gunzipBytes(t, data) // the static search index
		}
		switch {
		case !hasText && neg:
			if err == nil {
				t.Errorf("expect:%d: %s exists, want it absent", line, file)
			}
		case err != nil:
			t.Errorf("expect:%d: %s: %v", line, file, err)
		case hasText && neg && strings.Contains(string(data), text):
			t.Errorf("expect:%d: %s contains %q", line, file, text)
		case hasText && !neg && !strings.Contains(string(data), text):
			t.Errorf("expect:%d: %s lacks %q\n--- %s ---\n%s", line, file, text, file, excerpt(string(data)))
		}
	}
}

// checkNothingPublished holds a failing build to its promise (the last good
// output stays: here, none) and rejects assertions on output that cannot
// exist, which would pass or fail without testing anything.
func checkNothingPublished(t *testing.T, out, expect string) {
	t.Helper()
	for i, l := range strings.Split(expect, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") && !strings.HasPrefix(l, "exit:") && !strings.HasPrefix(l, "mode:") && !strings.HasPrefix(l, "base-url:") && !strings.HasPrefix(l, "fs:") && !strings.HasPrefix(l, "now:") {
			t.Errorf("expect:%d: %q asserts on the output of a build that fails and publishes nothing; move it to a site that builds", i+1, l)
		}
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed build left output at %s (err %v)", out, err)
	}
}

func excerpt(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}

// TestLanguagePartWithPageData: a language part renders once per language,
// so page data is not there; using it fails the build with the part's name
// and why, and publishes nothing.
func TestLanguagePartWithPageData(t *testing.T) {
	site := t.TempDir()
	for name, data := range map[string]string{
		"site.toml":           "defaultLanguage = \"en\"\ntheme = \"shop\"\n[languages.en]\n",
		"content/en/faq/a.md": "+++\ntitle = \"A\"\n+++\nText.\n",
		"themes/shop/layouts/partials/language/menu.html": "<p>{{.Title}}</p>\n",
	} {
		p := filepath.Join(site, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	out := filepath.Join(t.TempDir(), "public")
	_, err := builder.Build(context.Background(), builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default()})
	if err == nil || !strings.Contains(err.Error(), "partials/language/menu.html") || !strings.Contains(err.Error(), "once per language") || !strings.Contains(err.Error(), "Title") {
		t.Fatalf("err = %v, want one naming the part, why, and the field", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed build left output at %s", out)
	}
}
