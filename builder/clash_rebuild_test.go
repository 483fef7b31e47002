package builder_test

import (
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"testing"

	"golang.org/x/tools/txtar"

	"kb/builder"
)

// aliasesLine is the aliases line of a page's front matter.
var aliasesLine = regexp.MustCompile(`(?m)^aliases: .*\n`)

// TestRebuildReportsOutputClashes: kb serve's rebuild after a writer adds
// aliases to content/en/a.md reports what kb build reports for the same
// files (testdata/letter-case.txtar, testdata/aliases-through-files.txtar):
// an alias beside a page whose path differs only in letter case, and an
// alias that needs a folder where kb writes a file, with the same wording,
// file and line; the clashes the first build found stay reported. When it
// is an error, the output stays as the last good build left it.
func TestRebuildReportsOutputClashes(t *testing.T) {
	for _, name := range []string{"letter-case", "aliases-through-files"} {
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(filepath.Join("testdata", name+".txtar"))
			if err != nil {
				t.Fatal(err)
			}
			files := map[string]string{}
			var want, page string
			for _, f := range ar.Files {
				switch f.Name {
				case "expect":
				case "diagnostics":
					want = string(f.Data)
				case "content/en/a.md":
					page = string(f.Data)
					files[f.Name] = aliasesLine.ReplaceAllString(page, "")
				default:
					files[f.Name] = string(f.Data)
				}
			}
			s, site, out := serving(t, files)
			before := snapshot(t, out)
			res, err := s.Rebuild(context.Background(), []string{writeAndName(t, site, "content/en/a.md", page)})
			s.Wait()
			if err != nil && !errors.Is(err, builder.ErrContent) {
				t.Fatalf("rebuild: %v", err)
			}
			if got := formatDiags(res.Diagnostics); got != want {
				t.Errorf("the rebuild reports:\n%s\nkb build reports:\n%s", got, want)
			}
			if err != nil {
				unchangedSince(t, "the failed rebuild", before, snapshot(t, out))
			}
		})
	}
}

// TestRebuildCaseClashOnCaseBlindOutput: onto an output folder that ignores
// letter case, an alias that differs from a page's path only in case would
// replace the page: the rebuild fails naming both, as kb build does, and
// the last good output stays.
func TestRebuildCaseClashOnCaseBlindOutput(t *testing.T) {
	builder.PretendOutputIgnoresCase(t)
	s, site, out := serving(t, map[string]string{
		"site.toml":                 "baseURL = \"https://example.org/\"\ndefaultLanguage = \"en\"\n[languages.en]\n",
		"content/en/faq/returns.md": "---\ntitle: Returns\n---\nr\n",
		"content/en/a.md":           "---\ntitle: A\n---\na\n",
	})
	before := snapshot(t, out)
	res, err := s.Rebuild(context.Background(), []string{writeAndName(t, site, "content/en/a.md", "---\ntitle: A\naliases: [/EN/FAQ/Returns/]\n---\na\n")})
	if !errors.Is(err, builder.ErrContent) {
		t.Fatalf("rebuild error %v, want content errors", err)
	}
	const want = `content/en/a.md:3: EN/FAQ/Returns/index.html (the alias "/EN/FAQ/Returns/" of content/en/a.md) and en/faq/returns/index.html (from content/en/faq/returns.md) differ only in letter case: the output folder's file system ignores case, so one would replace the other; rename one of them` + "\n"
	if got := formatDiags(res.Diagnostics); got != want {
		t.Errorf("the rebuild reports:\n%s\nwant:\n%s", got, want)
	}
	unchangedSince(t, "the failed rebuild", before, snapshot(t, out))
}

// writeAndName writes a file of site at a slash path and returns its path.
func writeAndName(t *testing.T, site, name, data string) string {
	t.Helper()
	p := filepath.Join(site, filepath.FromSlash(name))
	write(t, p, data)
	return p
}
