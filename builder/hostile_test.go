package builder_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

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

// want is one diagnostic a hostile site must produce.
type want struct {
	sev  diag.Severity
	file string
	line int // 0: any
	msg  []string
}

func TestHostileContent(t *testing.T) {
	big := func() string {
		var b strings.Builder
		b.WriteString("+++\ntitle = \"Big\"\n+++\n")
		for b.Len() < 20<<20 {
			b.WriteString("Lorem ipsum dolor sit amet, **consectetur** adipiscing elit [link](https://example.com/).\n\n")
		}
		return b.String()
	}
	page := func(title string) string { return "+++\ntitle = \"" + title + "\"\n+++\nText.\n" }
	for _, tt := range []struct {
		name     string
		files    map[string]string
		links    [][2]string // symlinks: name → target
		wantErr  bool
		want     []want
		check    func(t *testing.T, out string)
		deadline time.Duration
	}{
		{
			name:    "invalid UTF-8 in TOML front matter",
			files:   map[string]string{"content/en/faq/bad.md": "+++\ntitle = \"Bad \xff title\"\n+++\nBody.\n"},
			wantErr: true,
			want:    []want{{diag.Error, "content/en/faq/bad.md", 2, []string{"invalid UTF-8 byte 0xff"}}},
		},
		{
			name:    "invalid UTF-8 in YAML front matter",
			files:   map[string]string{"content/en/faq/bad.md": "---\ntitle: ok\ndescription: \"x \xc3\"\n---\nBody.\n"},
			wantErr: true,
			want:    []want{{diag.Error, "content/en/faq/bad.md", 3, []string{"invalid UTF-8 byte 0xc3"}}},
		},
		{
			name:  "invalid UTF-8 in the body",
			files: map[string]string{"content/en/faq/bad.md": "+++\ntitle = \"Bad\"\n+++\nBody \xfe\xff here.\n\n## Q \xc3?\n\nA.\n"},
			want:  []want{{diag.Warning, "content/en/faq/bad.md", 4, []string{"invalid UTF-8 byte 0xfe"}}},
			check: func(t *testing.T, out string) {
				if s := readOut(t, out, "en/faq/bad/index.html"); !strings.Contains(s, "Body") {
					t.Errorf("page lacks its body")
				}
			},
		},
		{
			name:    "TOML front matter nested 20,000 deep",
			files:   map[string]string{"content/en/faq/deep.md": "+++\ntitle = \"Deep\"\nx = " + strings.Repeat("{a = ", 20000) + "1" + strings.Repeat("}", 20000) + "\n+++\nBody.\n"},
			wantErr: true,
			want:    []want{{diag.Error, "content/en/faq/deep.md", 3, []string{"nested more than 32 levels deep"}}},
		},
		{
			name:    "TOML front matter nested 100,000 deep",
			files:   map[string]string{"content/en/faq/deep.md": "+++\ntitle = \"Deep\"\nx = " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n+++\nBody.\n"},
			wantErr: true,
			want:    []want{{diag.Error, "content/en/faq/deep.md", 3, []string{"nested more than 32 levels deep"}}},
		},
		{
			name:    "YAML front matter nested 20,000 deep",
			files:   map[string]string{"content/en/faq/deep.md": "---\ntitle: Deep\nx: " + strings.Repeat("{a: ", 20000) + "1" + strings.Repeat("}", 20000) + "\n---\nBody.\n"},
			wantErr: true,
			want:    []want{{diag.Error, "content/en/faq/deep.md", 3, []string{"nested more than 32 levels deep"}}},
		},
		{
			name:    "4.6 MB of front matter",
			files:   map[string]string{"content/en/faq/big.md": "+++\ntitle = \"Big\"\n" + strings.Repeat("k = \"v\"\n", 1) + "description = \"" + strings.Repeat("x", 4600000) + "\"\n+++\nBody.\n"},
			wantErr: true,
			want:    []want{{diag.Error, "content/en/faq/big.md", 4, []string{"more than the limit of 64 KiB"}}},
		},
		{
			name:  "BOM and CRLF",
			files: map[string]string{"content/en/faq/bom.md": "\uFEFF+++\r\ntitle = \"BOM title\"\r\ntitel = 1\r\n+++\r\nBody\r\n\r\n## Question?\r\n\r\nAnswer.\r\n"},
			// The unknown key keeps its line: CRLF is one line break.
			want: []want{{diag.Warning, "content/en/faq/bom.md", 3, []string{`unknown key "titel"`}}},
			check: func(t *testing.T, out string) {
				s := readOut(t, out, "en/faq/bom/index.html")
				if !strings.Contains(s, "<h1>BOM title</h1>") || strings.Contains(s, "\uFEFF") || strings.Contains(s, "\r") {
					t.Errorf("BOM or CR reached the page, or the title was lost")
				}
			},
		},
		{
			name:    "empty file",
			files:   map[string]string{"content/en/faq/empty.md": ""},
			wantErr: true,
			want:    []want{{diag.Error, "content/en/faq/empty.md", 1, []string{"page has no title"}}},
		},
		{
			// 2,000 list items, each indented into the one above: 4 MB.
			name:    "a list nested 2,000 deep by indentation",
			files:   map[string]string{"content/en/faq/deep.md": "+++\ntitle = \"Deep\"\n+++\n" + indentedList(2000)},
			wantErr: true,
			want:    []want{{diag.Error, "content/en/faq/deep.md", 3 + 33, []string{"nested more than 32 deep", "nest less deeply"}}},
		},
		{
			// 100,000 quotes on one line, 200 KB: 17 s in goldmark unbounded.
			name:    "a line of 100,000 quotes",
			files:   map[string]string{"content/en/faq/deep.md": "+++\ntitle = \"Deep\"\n+++\nIntro.\n\n" + strings.Repeat("> ", 100000) + "x\n"},
			wantErr: true,
			want:    []want{{diag.Error, "content/en/faq/deep.md", 6, []string{"nested more than 32 deep", "nest less deeply"}}},
		},
		{
			name:     "20 MB file",
			files:    map[string]string{"content/en/faq/big.md": big()},
			wantErr:  true,
			want:     []want{{diag.Error, "content/en/faq/big.md", 0, []string{"20.0 MiB", "limit"}}},
			deadline: 20 * time.Second,
		},
		{
			// goldmark's own reading took a quarter of an hour.
			name: "a paragraph of 300,000 link reference definitions",
			files: map[string]string{"content/en/faq/refs.md": func() string {
				var b strings.Builder
				b.WriteString("+++\ntitle = \"Refs\"\n+++\n")
				for i := range 300000 {
					fmt.Fprintf(&b, "[r%d]: /en/faq/refs/\n", i)
				}
				b.WriteString("Last [one][r299999].\n")
				return b.String()
			}()},
			check: func(t *testing.T, out string) {
				if html := readOut(t, out, "en/faq/refs/index.html"); !strings.Contains(html, `Last <a href="/en/faq/refs/">one</a>.`) {
					t.Error("the last definition does not link")
				}
			},
		},
		{
			name:  "symlink loop to a folder",
			files: map[string]string{"content/en/faq/ok.md": page("OK")},
			links: [][2]string{{"content/en/faq/loop", "."}, {"content/en/up", "../.."}},
			want: []want{
				{diag.Warning, "content/en/faq/loop", 0, []string{"symbolic link to a folder"}},
				{diag.Warning, "content/en/up", 0, []string{"symbolic link to a folder"}},
			},
		},
		{
			name: "a template's resources.Get of a link out of the site, or of a path climbing out",
			files: map[string]string{
				"layouts/_shortcodes/raw.html": `{{ with resources.Get (.Get 0) }}<pre>{{ .Content }}</pre><a href="{{ .RelPermalink }}">file</a>{{ else }}<span class="none">none</span>{{ end }}`,
				"assets/ok.txt":                "Fine.",
				"content/en/faq/leak.md":       page("Leak") + "\n{{< raw \"ok.txt\" >}} {{< raw \"secret.txt\" >}} {{< raw \"../../../../etc/passwd\" >}} {{< raw \"../site.toml\" >}}\n",
			},
			links: [][2]string{{"assets/secret.txt", "/etc/passwd"}},
			want:  []want{{diag.Warning, "assets/secret.txt", 0, []string{"outside the site folder"}}},
			check: func(t *testing.T, out string) {
				html := readOut(t, out, "en/faq/leak/index.html")
				if !strings.Contains(html, "<pre>Fine.</pre>") || strings.Count(html, `<span class="none">none</span>`) != 3 || strings.Contains(html, "root:") {
					t.Errorf("a resource outside the site was read:\n%s", html)
				}
				for _, f := range []string{"secret.txt", "etc/passwd", "site.toml"} {
					if _, err := os.Stat(filepath.Join(out, f)); err == nil {
						t.Errorf("%s was published", f)
					}
				}
			},
		},
		{
			name: "a template's readDir of a link out of the site, or of a path climbing out",
			files: map[string]string{
				"layouts/_shortcodes/ls.html": `<ul class="ls">{{ range readDir (.Get 0) }}<li>{{ .Name }}</li>{{ end }}</ul>`,
				"content/en/faq/files/ok.txt": "Fine.",
				"files/keep.txt":              "The folder the link is in.",
				"content/en/faq/list.md":      page("List") + "\n{{< ls \"content/en/faq/files\" >}}\n\n{{< ls \"files/out\" >}}\n\n{{< ls \"/files/out/\" >}}\n\n{{< ls \"../../../..\" >}}\n",
			},
			links: [][2]string{{"files/out", "/etc"}},
			want: []want{
				{diag.Warning, "content/en/faq/list.md", 8, []string{`readDir "files/out"`, "outside the site folder"}},
				{diag.Warning, "content/en/faq/list.md", 10, []string{`readDir "/files/out/"`, "outside the site folder"}},
				{diag.Warning, "content/en/faq/list.md", 12, []string{`readDir "../../../.."`, "climbs out of the site's folder"}},
			},
			check: func(t *testing.T, out string) {
				html := readOut(t, out, "en/faq/list/index.html")
				if !strings.Contains(html, `<ul class="ls"><li>ok.txt</li></ul>`) || strings.Contains(html, "passwd") || strings.Count(html, `class="ls"`) != 1 {
					t.Errorf("readDir listed a folder outside the site:\n%s", html)
				}
			},
		},
		{
			name:    "symlink loop between files",
			files:   map[string]string{"content/en/faq/ok.md": page("OK")},
			links:   [][2]string{{"content/en/faq/a.md", "b.md"}, {"content/en/faq/b.md", "a.md"}},
			wantErr: true,
			want: []want{
				{diag.Error, "content/en/faq/a.md", 0, []string{"goes round in a loop"}},
				{diag.Error, "content/en/faq/b.md", 0, []string{"goes round in a loop"}},
			},
		},
		{
			name:    "symlink to an endless device",
			files:   map[string]string{"content/en/faq/ok.md": page("OK")},
			links:   [][2]string{{"content/en/faq/zero.md", "/dev/zero"}},
			wantErr: true,
			want:    []want{{diag.Error, "content/en/faq/zero.md", 0, []string{"/dev/zero, outside the site folder"}}},
		},
		{
			name: "two files publish one URL through a slug",
			files: map[string]string{
				"content/en/faq/a.md": "+++\ntitle = \"A\"\nslug = \"b\"\n+++\nA\n",
				"content/en/faq/b.md": page("B"),
			},
			wantErr: true,
			want:    []want{{diag.Error, "content/en/faq/a.md", 3, []string{"both publish /en/faq/b/"}}},
		},
		{
			name: "a slug puts a section in kb's folder",
			files: map[string]string{
				"site.toml":                "defaultLanguage = \"en\"\ndefaultLanguageInSubdir = false\n[languages.en]\n[languages.ar]\n",
				"content/en/faq/_index.md": "+++\ntitle = \"FAQ\"\nslug = \"_kb\"\n+++\nQuestions.\n",
				"content/en/faq/a.md":      page("A"),
			},
			wantErr: true,
			want:    []want{{diag.Error, "content/en/faq/_index.md", 3, []string{"publishes /_kb/", "kb's scripts and styles", "change its slug"}}},
		},
		{
			name: "a slug takes the search page's URL",
			files: map[string]string{
				"content/en/faq/_index.md": "+++\ntitle = \"FAQ\"\nslug = \"search\"\n+++\nQuestions.\n",
				"content/en/faq/a.md":      page("A"),
			},
			wantErr: true,
			want:    []want{{diag.Error, "content/en/faq/_index.md", 3, []string{"publishes /en/search/", "the search page kb writes", "change its slug"}}},
		},
		{
			name: "a section's folder takes the search page's URL",
			files: map[string]string{
				"content/en/search/_index.md": "+++\ntitle = \"Search tips\"\n+++\nTips.\n",
			},
			wantErr: true,
			want:    []want{{diag.Error, "content/en/search/_index.md", 1, []string{"publishes /en/search/", "the search page kb writes", "give it a slug"}}},
		},
		{
			name: "a section's folder without _index.md takes the search page's URL",
			files: map[string]string{
				"content/en/search/tips.md": page("Tips"),
			},
			wantErr: true,
			want:    []want{{diag.Error, "content/en/search/tips.md", 1, []string{`section "search"`, "/en/search/", "the search page kb writes", "rename the section's folder"}}},
		},
		{
			name: "an alias claims a page's URL",
			files: map[string]string{
				"content/en/faq/a.md": "+++\ntitle = \"A\"\naliases = [\"/en/faq/b/\"]\n+++\nA\n",
				"content/en/faq/b.md": page("B"),
			},
			// The page keeps its address; the alias is left out.
			want: []want{{diag.Warning, "content/en/faq/a.md", 3, []string{`alias "/en/faq/b/" is the address of content/en/faq/b.md, which keeps it`}}},
		},
		{
			name: "a static file claims a page's URL",
			files: map[string]string{
				"content/en/faq/b.md":        page("B"),
				"static/en/faq/b/index.html": "<p>static</p>",
			},
			wantErr: true,
			want:    []want{{diag.Error, "static/en/faq/b/index.html", 0, []string{"content/en/faq/b.md publishes /en/faq/b/ there too", "remove or move this file, or change the page's slug"}}},
		},
		{
			name: "a static file claims an alias",
			files: map[string]string{
				"content/en/faq/b.md":     "+++\ntitle = \"B\"\naliases = [\"/old-b/\"]\n+++\nB\n",
				"static/old-b/index.html": "<p>static</p>",
			},
			wantErr: true,
			want:    []want{{diag.Error, "static/old-b/index.html", 0, []string{`the alias "/old-b/" of content/en/faq/b.md`, "remove or move this file, or the alias"}}},
		},
		{
			name: "a page and a bundle at one path",
			files: map[string]string{
				"content/en/faq/b.md":       page("B"),
				"content/en/faq/b/index.md": page("B2"),
			},
			wantErr: true,
			want:    []want{{diag.Error, "content/en/faq/b/index.md", 0, []string{"already defined by content/en/faq/b.md"}}},
		},
		{
			name: "folder and suffix layouts claim one translation",
			files: map[string]string{
				"content/en/faq/b.md": page("B"),
				"content/faq/b.en.md": page("B2"),
			},
			wantErr: true,
			want:    []want{{diag.Error, "content/faq/b.en.md", 0, []string{"already defined by content/en/faq/b.md"}}},
		},
		{
			name:    "a suffix claims another language than its folder",
			files:   map[string]string{"content/en/faq/b.ar.md": page("B")},
			wantErr: true,
			want:    []want{{diag.Error, "content/en/faq/b.ar.md", 0, []string{`suffix "ar" does not match the language folder "en"`}}},
		},
		{
			name: "two pages of one language claim one translation key",
			files: map[string]string{
				"content/en/faq/a.md": "+++\ntitle = \"A\"\ntranslationKey = \"k\"\n+++\nA\n",
				"content/en/faq/b.md": "+++\ntitle = \"B\"\ntranslationKey = \"k\"\n+++\nB\n",
				"content/ar/faq/c.md": "+++\ntitle = \"C\"\ntranslationKey = \"k\"\n+++\nC\n",
			},
			wantErr: true,
			want:    []want{{diag.Error, "content/en/faq/b.md", 3, []string{`translation key "k" (en) is also used by content/en/faq/a.md`}}},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := hostileSite(t, tt.files)
			for _, l := range tt.links {
				if err := os.Symlink(l[1], filepath.Join(site, filepath.FromSlash(l[0]))); err != nil {
					t.Skip("no symlinks here:", err)
				}
				if _, err := os.Stat(l[1]); strings.HasPrefix(l[1], "/") && err != nil {
					t.Skip(l[1], err)
				}
			}
			deadline := cmpOr(tt.deadline, time.Minute)
			res, err, out := hostileBuild(t, site, deadline)
			if err != nil && !errors.Is(err, builder.ErrContent) {
				t.Errorf("build error %v is not a content error", err)
			}
			if (err != nil) != tt.wantErr {
				t.Errorf("build error = %v, want an error: %t", err, tt.wantErr)
			}
			for _, w := range tt.want {
				if !hasDiag(res.Diagnostics, w.sev, w.file, w.line, w.msg...) {
					t.Errorf("no diagnostic %v at %s:%d containing %q", w.sev, w.file, w.line, w.msg)
				}
			}
			for _, d := range res.Diagnostics {
				if d.File == "" {
					t.Errorf("diagnostic without a file: %v", d)
				}
				if !utf8.ValidString(d.Msg) || strings.ContainsRune(d.Msg, 0) {
					t.Errorf("diagnostic is not printable: %q", d.Msg)
				}
			}
			if t.Failed() || testing.Verbose() {
				logDiags(t, res.Diagnostics)
			}
			if err == nil {
				checkValidUTF8(t, out)
				if tt.check != nil {
					tt.check(t, out)
				}
			} else if _, statErr := os.Stat(out); statErr == nil {
				t.Errorf("a failed build wrote %s", out)
			}
		})
	}
}

// indentedList is a list of levels items, each indented into the one above.
func indentedList(levels int) string {
	var b strings.Builder
	for i := range levels {
		b.WriteString(strings.Repeat("  ", i) + "- item\n")
	}
	return b.String()
}

func cmpOr(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

// checkValidUTF8 checks that every HTML page of the output is valid UTF-8,
// whatever bytes the content had.
func checkValidUTF8(t *testing.T, out string) {
	t.Helper()
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		if b, err := os.ReadFile(p); err == nil && !utf8.Valid(b) {
			t.Errorf("%s is not valid UTF-8", p)
		}
		return nil
	})
}

// TestHostileAbsoluteAliasStaysInside builds a site whose aliases look like
// machine paths and checks that nothing appears beside the output folder.
func TestHostileAbsoluteAliasStaysInside(t *testing.T) {
	site := hostileSite(t, map[string]string{
		"content/en/faq/a.md": "+++\ntitle = \"A\"\naliases = [\"/etc/x\", \"/var/tmp/y\"]\n+++\nA\n",
	})
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	if _, err := builder.Build(context.Background(), builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default()}); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 || entries[0].Name() != "public" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("beside the output folder: %v, want only public", names)
	}
	for _, rel := range []string{"etc/x/index.html", "var/tmp/y/index.html"} {
		if _, err := os.Stat(filepath.Join(out, rel)); err != nil {
			t.Errorf("alias page %s: %v", rel, err)
		}
	}
}

// TestHostileVanishingFiles builds while another goroutine deletes and
// rewrites content and static files: each build either succeeds or fails
// with diagnostics naming the file that changed under it, never a panic, a
// hang or an error without a position.
func TestHostileVanishingFiles(t *testing.T) {
	files := map[string]string{}
	const n = 30
	for i := range n {
		files[fmt.Sprintf("content/en/faq/p%02d.md", i)] = "+++\ntitle = \"P\"\n+++\n## Q?\n\nA.\n"
		files[fmt.Sprintf("static/s%02d.txt", i)] = "s"
	}
	site := hostileSite(t, files)
	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; !stop.Load(); i++ {
			for _, f := range []string{fmt.Sprintf("content/en/faq/p%02d.md", i%n), fmt.Sprintf("static/s%02d.txt", i%n), "content/en/faq/v.md"} {
				p := filepath.Join(site, filepath.FromSlash(f))
				os.Remove(p)
				time.Sleep(50 * time.Microsecond)
				os.WriteFile(p, []byte("+++\ntitle = \"V\"\n+++\nv\n"), 0o644)
			}
		}
	})
	defer func() {
		stop.Store(true)
		wg.Wait()
	}()
	builds := 25
	if testing.Short() {
		builds = 5
	}
	ok, failed := 0, 0
	for range builds {
		res, err, _ := hostileBuild(t, site, time.Minute)
		if err == nil {
			ok++
			continue
		}
		failed++
		if !errors.Is(err, builder.ErrContent) {
			// A static file that vanishes between the walk and the read is
			// not a content error, nor is a page that changes three times
			// under the build, but the error must still name the file.
			if !strings.Contains(err.Error(), "static/") && !strings.Contains(err.Error(), "content/") {
				t.Errorf("build error %v names no file", err)
			}
			continue
		}
		for _, d := range res.Diagnostics {
			if d.Severity == diag.Error && !strings.HasPrefix(d.File, "content/") && !strings.HasPrefix(d.File, "static/") {
				t.Errorf("error diagnostic outside the changed files: %v", d)
			}
		}
	}
	t.Logf("%d builds: %d succeeded, %d failed with positioned errors", builds, ok, failed)
}
