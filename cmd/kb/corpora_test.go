package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// letsEncrypt copies the Let's Encrypt site from ../shared/corpora (content
// and Hugo files), or skips when the corpora are not checked out.
func letsEncrypt(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "..", "..", "shared", "corpora", "letsencrypt-website")
	if _, err := os.Stat(src); err != nil {
		t.Skipf("corpus not found (%v)", err)
	}
	if testing.Short() {
		t.Skip("corpus builds are long")
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Moved in with a site.toml that lists its languages and nothing else, the
// Let's Encrypt site builds, and what kb has to say fits one screen.
func TestLetsEncryptWarningsFitOneScreen(t *testing.T) {
	site := letsEncrypt(t)
	var toml strings.Builder
	toml.WriteString("defaultLanguage = \"en\"\n")
	for _, c := range []string{"en", "ca", "cs", "da", "de", "el", "es", "fi", "fr", "he", "hu", "id", "it", "ja", "ko", "pl", "pt-br", "ru", "si", "sr", "sv", "ta", "th", "tr", "uk", "vi", "zh-cn", "zh-tw"} {
		toml.WriteString("[languages." + c + "]\n")
	}
	os.WriteFile(filepath.Join(site, "site.toml"), []byte(toml.String()), 0o644)
	code, out, errOut := runKB(t, "build", "-s", site, "--index", "-")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if n := strings.Count(errOut, "\n") + strings.Count(out, "\n"); n >= 40 {
		t.Errorf("%d lines of output, want under 40:\n%s%s", n, errOut, out)
	}
	for _, kind := range []string{"unknown-key: ", "broken-anchor: ", "shortcode: "} {
		if !strings.Contains(errOut, "\n"+kind) && !strings.HasPrefix(errOut, kind) {
			t.Errorf("no %s group:\n%s", kind, errOut)
		}
	}
}
