package builder_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kb/builder"
	"kb/builder/diag"
	"kb/themes"
)

// TestContentFilesRefused: a file under content/ that could run on the help
// center's origin fails the build at its file and line, with what to do,
// and nothing is published.
func TestContentFilesRefused(t *testing.T) {
	site := t.TempDir()
	write(t, filepath.Join(site, "site.toml"), "defaultLanguage = \"en\"\n[languages.en]\n[languages.ar]\n")
	write(t, filepath.Join(site, "content/en/faq/returns.md"), "+++\ntitle = \"Returns\"\n+++\n![Logo](logo.svg)\n")
	write(t, filepath.Join(site, "content/en/faq/help.html"), "<p>Help</p>\n<script>alert(document.cookie)</script>\n")
	write(t, filepath.Join(site, "content/en/faq/logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect width=\"10\" height=\"10\"/>\n  <circle r=\"4\"\n    onload=\"alert(1)\"/>\n</svg>\n")
	write(t, filepath.Join(site, "content/en/faq/chart.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n<a xlink:href=\" java&#9;script:alert(1)\"><text>x</text></a>\n</svg>\n")
	write(t, filepath.Join(site, "content/en/faq/run.js"), "alert(1)\n")
	write(t, filepath.Join(site, "content/en/faq/setup.exe"), "MZ")
	out := filepath.Join(t.TempDir(), "public")
	res, err := builder.Build(context.Background(), builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default()})
	if !errors.Is(err, builder.ErrContent) {
		t.Fatalf("build error = %v, want content errors", err)
	}
	for _, w := range []struct {
		file string
		line int
		msg  string
	}{
		{"content/en/faq/help.html", 1, "move trusted files to static/"},
		{"content/en/faq/logo.svg", 3, "event handler attribute onload="},
		{"content/en/faq/chart.svg", 2, "javascript: URL"},
		{"content/en/faq/run.js", 1, "JavaScript under content/"},
		{"content/en/faq/setup.exe", 1, ".exe files are not published"},
	} {
		if !hasDiag(res.Diagnostics, diag.Error, w.file, w.line, w.msg) {
			t.Errorf("no error at %s:%d saying %q", w.file, w.line, w.msg)
		}
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused build published %s", out)
	}
	if t.Failed() {
		logDiags(t, res.Diagnostics)
	}
}

// TestContentFilesPublished: Markdown pages (.md and .markdown) are pages,
// passive files are published beside them, editor leftovers are not.
func TestContentFilesPublished(t *testing.T) {
	site := t.TempDir()
	write(t, filepath.Join(site, "site.toml"), "defaultLanguage = \"en\"\n[languages.en]\n")
	files := map[string]string{
		"content/en/faq/returns.md":          "+++\ntitle = \"Returns\"\n+++\n![Logo](logo.svg) [Prices](prices.csv) [Guide](guide.markdown)\n",
		"content/en/faq/guide.markdown":      "+++\ntitle = \"Guide\"\n+++\nThe guide.\n",
		"content/en/faq/logo.svg":            "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"/en/\"><rect width=\"10\" height=\"10\"/></a></svg>\n",
		"content/en/faq/prices.csv":          "item,price\n",
		"content/en/faq/returns.md~":         "backup",
		"content/en/faq/#returns.md#":        "autosave",
		"content/en/faq/.#returns.md":        "lock",
		"content/en/faq/returns.md.bak":      "backup",
		"content/en/faq/.returns.md.swp":     "swap",
		"content/en/faq/4913":                "vim",
		"content/en/faq/returns.md.orig":     "merge",
		"content/en/_drafts/secret.md":       "+++\ntitle = \"Draft\"\n+++\n",
		"content/en/_drafts/secret.png":      "png",
		"content/en/.git/config":             "[core]",
		"content/en/faq/Thumbs.db":           "thumbs",
		"content/en/faq/returns.md.tmp":      "tmp",
		"content/en/faq/returns___jb_tmp___": "jetbrains",
		// A browser editor's (File System Access) and Byword's saves in
		// progress; a download or copy into the folder not finished yet.
		"content/en/faq/returns.md.crswap":         "chrome",
		"content/en/faq/returns.md.sb-7d1c0a2e-Q1": "byword",
		"content/en/faq/chart.png.part":            "partial",
		"content/en/faq/chart.png.crdownload":      "partial",
	}
	for name, data := range files {
		write(t, filepath.Join(site, filepath.FromSlash(name)), data)
	}
	out := filepath.Join(t.TempDir(), "public")
	res, err := builder.Build(context.Background(), builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default()})
	if err != nil {
		logDiags(t, res.Diagnostics)
		t.Fatal(err)
	}
	var published []string
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(out, p)
			published = append(published, filepath.ToSlash(rel))
		}
		return nil
	})
	has := func(rel string) bool {
		_, err := os.Stat(filepath.Join(out, filepath.FromSlash(rel)))
		return err == nil
	}
	for _, rel := range []string{"en/faq/guide/index.html", "en/faq/logo.svg", "en/faq/prices.csv"} {
		if !has(rel) {
			t.Errorf("%s is not published", rel)
		}
	}
	if page := readOut(t, out, "en/faq/returns/index.html"); !strings.Contains(page, `src="/en/faq/logo.svg"`) || !strings.Contains(page, `href="/en/faq/prices.csv"`) || !strings.Contains(page, `href="/en/faq/guide/"`) {
		t.Errorf("the page does not link its files:\n%s", page)
	}
	for _, p := range published {
		base := filepath.Base(p)
		if strings.Contains(p, "draft") || strings.Contains(p, ".git") || strings.Contains(p, "returns.md") || strings.Contains(p, ".markdown") ||
			base == "4913" || base == "Thumbs.db" || strings.Contains(base, "#") || strings.Contains(base, "___jb_") || strings.Contains(base, "chart.png") {
			t.Errorf("published %s", p)
		}
	}
}

// TestSymlinks: a link under content/ or i18n/ that leads outside the site
// folder is refused, naming the link and its target, and nothing is
// published; a link inside the site is followed.
func TestSymlinks(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret-notes.md")
	write(t, secret, "+++\ntitle = \"Secret\"\n+++\nThe safe code is 4711.\n")
	write(t, filepath.Join(outside, "chart.png"), "secret image")
	write(t, filepath.Join(outside, "el.toml"), "search = \"secret\"\n")

	site := t.TempDir()
	write(t, filepath.Join(site, "site.toml"), "defaultLanguage = \"en\"\n[languages.en]\n[languages.el]\n")
	write(t, filepath.Join(site, "content/en/faq/returns.md"), "+++\ntitle = \"Returns\"\n+++\nYes.\n")
	write(t, filepath.Join(site, "shared/notes.md"), "+++\ntitle = \"Shared\"\n+++\nShared text.\n")
	links := map[string]string{
		"content/en/faq/leak.md":   secret,
		"content/en/faq/chart.png": filepath.Join(outside, "chart.png"),
		"content/en/faq/shared.md": "../../../shared/notes.md",
	}
	for name, target := range links {
		p := filepath.Join(site, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.Symlink(target, p); err != nil {
			t.Skip("no symlinks here:", err)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	opts := builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default()}
	res, err := builder.Build(context.Background(), opts)
	if !errors.Is(err, builder.ErrContent) {
		t.Fatalf("build error = %v, want content errors", err)
	}
	for _, link := range []string{"content/en/faq/leak.md", "content/en/faq/chart.png"} {
		if !hasDiag(res.Diagnostics, diag.Error, link, 0, link, links[link], "outside the site folder") {
			t.Errorf("no error naming the link %s and its target %s", link, links[link])
		}
	}
	for _, d := range res.Diagnostics {
		if strings.Contains(d.File, "shared.md") {
			t.Errorf("a link inside the site is refused: %v", d)
		}
	}
	if t.Failed() {
		logDiags(t, res.Diagnostics)
	}

	// UI strings are read from the site as pages are.
	for _, link := range []string{"content/en/faq/leak.md", "content/en/faq/chart.png"} {
		os.Remove(filepath.Join(site, filepath.FromSlash(link)))
	}
	i18n := filepath.Join(site, "i18n", "el.toml")
	os.MkdirAll(filepath.Dir(i18n), 0o755)
	if err := os.Symlink(filepath.Join(outside, "el.toml"), i18n); err != nil {
		t.Fatal(err)
	}
	res, err = builder.Build(context.Background(), opts)
	if !errors.Is(err, builder.ErrContent) || !hasDiag(res.Diagnostics, diag.Error, "i18n/el.toml", 0, "outside the site folder", filepath.Join(outside, "el.toml")) {
		logDiags(t, res.Diagnostics)
		t.Errorf("build error = %v; want an error naming the link i18n/el.toml and its target", err)
	}

	os.Remove(i18n)

	// So is the theme.
	write(t, filepath.Join(outside, "article.html"), "{{/* not the site's */}}")
	write(t, filepath.Join(site, "site.toml"), "defaultLanguage = \"en\"\ntheme = \"mine\"\n[languages.en]\n[languages.el]\n")
	layout := filepath.Join(site, "themes", "mine", "layouts", "article.html")
	os.MkdirAll(filepath.Dir(layout), 0o755)
	if err := os.Symlink(filepath.Join(outside, "article.html"), layout); err != nil {
		t.Fatal(err)
	}
	res, err = builder.Build(context.Background(), opts)
	if err == nil || !hasDiag(res.Diagnostics, diag.Error, "themes/mine", 0, "themes/mine/layouts/article.html", "outside the site folder") {
		logDiags(t, res.Diagnostics)
		t.Errorf("build error = %v; want an error naming the theme's link and its target", err)
	}
	os.Remove(layout)

	// Without the links that leave the site, it builds, following the one
	// that stays inside.
	if res, err := builder.Build(context.Background(), opts); err != nil {
		logDiags(t, res.Diagnostics)
		t.Fatal(err)
	}
	if page := readOut(t, out, "en/faq/shared/index.html"); !strings.Contains(page, "Shared text.") {
		t.Errorf("the page linked from inside the site is not built from its target")
	}
}

// TestMarkdownExtensionRebuilds: kb serve re-reads a .markdown page it
// sees change, as it does a .md page.
func TestMarkdownExtensionRebuilds(t *testing.T) {
	site := t.TempDir()
	write(t, filepath.Join(site, "site.toml"), "defaultLanguage = \"en\"\n[languages.en]\n")
	guide := filepath.Join(site, "content/en/faq/guide.markdown")
	write(t, guide, "+++\ntitle = \"Guide\"\n+++\nFirst version.\n")
	out := filepath.Join(t.TempDir(), "public")
	s := builder.NewSession(builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default()})
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	write(t, guide, "+++\ntitle = \"Guide\"\n+++\nSecond version.\n")
	if _, err := s.Rebuild(context.Background(), []string{guide}); err != nil {
		t.Fatal(err)
	}
	s.Wait()
	if page := readOut(t, out, "en/faq/guide/index.html"); !strings.Contains(page, "Second version.") {
		t.Errorf("the edited .markdown page still says the old text")
	}
}
