package builder_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"kb/builder"
	"kb/builder/diag"
	"kb/themes"
)

// Hostile or broken content must give a positioned error or warning, never a
// panic or a hang. Every build here runs under a deadline; a build that
// outlives it fails the test instead of hanging the run.

const hostileSiteToml = "defaultLanguage = \"en\"\n[languages.en]\n[languages.ar]\n"

// hostileSite writes files (slash paths) into a new site folder.
func hostileSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["site.toml"]; !ok {
		files["site.toml"] = hostileSiteToml
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// hostileBuild builds site into a fresh output folder and fails the test if
// the build panics or takes longer than limit.
func hostileBuild(t *testing.T, site string, limit time.Duration) (builder.Result, error, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	type result struct {
		res   builder.Result
		err   error
		panic any
	}
	done := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			r.panic = recover()
			done <- r
		}()
		r.res, r.err = builder.Build(context.Background(), builder.Options{
			SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default(),
		})
	}()
	select {
	case r := <-done:
		if r.panic != nil {
			t.Fatalf("Build panicked: %v", r.panic)
		}
		return r.res, r.err, out
	case <-time.After(limit):
		t.Fatalf("Build still running after %v", limit)
	}
	panic("unreachable")
}

// hasDiag reports whether ds holds a diagnostic of severity sev in file,
// on line (0: any line), whose message contains every one of msgs.
func hasDiag(ds []diag.Diagnostic, sev diag.Severity, file string, line int, msgs ...string) bool {
	for _, d := range ds {
		if d.Severity != sev || d.File != file || (line != 0 && d.Line != line) {
			continue
		}
		ok := true
		for _, m := range msgs {
			ok = ok && strings.Contains(d.Msg, m)
		}
		if ok {
			return true
		}
	}
	return false
}

func logDiags(t *testing.T, ds []diag.Diagnostic) {
	t.Helper()
	for _, d := range ds {
		t.Logf("  %s", d.Error())
	}
}

func readOut(t *testing.T, out, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHostileExplore(t *testing.T) {
	cases := map[string]map[string]string{
		"invalid-utf8": {
			"content/en/faq/bad.md": "+++\ntitle = \"Bad \xff title\"\n+++\nBody \xfe\xff here.\n\n## Q \xc3?\n\nA.\n",
		},
		"invalid-utf8-body": {
			"content/en/faq/bad.md": "+++\ntitle = \"Bad\"\n+++\nBody \xfe\xff here.\n\n## Q \xc3?\n\nA.\n",
		},
		"bom-crlf": {
			"content/en/faq/bom.md": "\uFEFF+++\r\ntitle = \"BOM\"\r\nwrong = 1\r\n+++\r\nBody\r\n\r\n## Question?\r\n\r\nAnswer.\r\n",
		},
		"empty": {
			"content/en/faq/empty.md": "",
		},
		"dup-url": {
			"content/en/faq/a.md": "+++\ntitle = \"A\"\nslug = \"b\"\n+++\nA\n",
			"content/en/faq/b.md": "+++\ntitle = \"B\"\n+++\nB\n",
		},
		"dup-alias": {
			"content/en/faq/a.md": "+++\ntitle = \"A\"\naliases = [\"/en/faq/b/\"]\n+++\nA\n",
			"content/en/faq/b.md": "+++\ntitle = \"B\"\n+++\nB\n",
		},
		"dup-static": {
			"content/en/faq/b.md":          "+++\ntitle = \"B\"\n+++\nB\n",
			"static/en/faq/b/index.html":   "<p>static</p>",
		},
		"dup-bundle": {
			"content/en/faq/b.md":       "+++\ntitle = \"B\"\n+++\nB\n",
			"content/en/faq/b/index.md": "+++\ntitle = \"B2\"\n+++\nB\n",
		},
		"dup-layout": {
			"content/en/faq/b.md":  "+++\ntitle = \"B\"\n+++\nB\n",
			"content/faq/b.en.md":  "+++\ntitle = \"B2\"\n+++\nB\n",
		},
		"lang-mismatch": {
			"content/en/faq/b.ar.md": "+++\ntitle = \"B\"\n+++\nB\n",
		},
		"same-key": {
			"content/en/faq/a.md": "+++\ntitle = \"A\"\ntranslationKey = \"k\"\n+++\nA\n",
			"content/en/faq/b.md": "+++\ntitle = \"B\"\ntranslationKey = \"k\"\n+++\nB\n",
			"content/ar/faq/c.md": "+++\ntitle = \"C\"\ntranslationKey = \"k\"\n+++\nC\n",
		},
	}
	for name, files := range cases {
		t.Run(name, func(t *testing.T) {
			site := hostileSite(t, files)
			res, err, _ := hostileBuild(t, site, time.Minute)
			t.Logf("err=%v", err)
			logDiags(t, res.Diagnostics)
		})
	}
	_ = errors.New
	_ = fmt.Sprint
	_ = sync.Mutex{}
}
