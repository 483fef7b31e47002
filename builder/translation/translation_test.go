package translation

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"kb/builder/config"
	"kb/builder/content"
	"kb/builder/diag"
)

func TestSourceHash(t *testing.T) {
	meta := &content.Meta{Title: "Returns", Description: "How to send an item back."}
	base := SourceHash(meta, []byte("# Returns\n\nWithin 30 days.\n"))
	if len(base) != HashLength || strings.Trim(base, "0123456789abcdef") != "" {
		t.Fatalf("SourceHash = %q, want %d lowercase hex characters", base, HashLength)
	}
	same := []string{
		"# Returns\r\n\r\nWithin 30 days.\r\n",
		"# Returns\r\rWithin 30 days.",
		"\uFEFF# Returns\n\nWithin 30 days.",
		"# Returns\n\nWithin 30 days.\n\n  \t\n",
		// Whitespace-only edits: the words a translator translates are the same.
		"# Returns\nWithin 30 days.\n",
		" # Returns\n\nWithin 30 days.\n",
		"# Returns  \n\n\n\nWithin\n30   days.\n",
		"# Returns\n\n\tWithin 30 days.\n",
	}
	for _, s := range same {
		if got := SourceHash(meta, []byte(s)); got != base {
			t.Errorf("SourceHash(%q) = %s, want %s (same text)", s, got, base)
		}
	}
	different := []string{
		"# Returns\n\nWithin 14 days.\n",
		"# Returns\n\nWithin 30 days\n",
		"## Returns\n\nWithin 30 days.\n",
		"# Returns\n\nWithin 30days.\n",
	}
	for _, s := range different {
		if got := SourceHash(meta, []byte(s)); got == base {
			t.Errorf("SourceHash(%q) = %s, the hash of another text", s, got)
		}
	}

	// The title and description are text a reader reads too: editing
	// their words changes the hash, respacing them does not.
	body := []byte("# Returns\n\nWithin 30 days.\n")
	for _, m := range []content.Meta{
		{Title: " Returns\t", Description: "How to  send\nan item back. "},
		{Title: "Returns", Description: "How to send an item back.", Tags: []string{"refunds"}, Weight: 3, Slug: "returns"},
	} {
		if got := SourceHash(&m, body); got != base {
			t.Errorf("SourceHash(title %q, description %q, tags %q) = %s, want %s (same words)", m.Title, m.Description, m.Tags, got, base)
		}
	}
	for _, m := range []content.Meta{
		{Title: "Returns within 30 days", Description: meta.Description},
		{Title: meta.Title, Description: "How to send an item back for free."},
		{Title: meta.Title},
		// Words moved between the title and the description are another text.
		{Title: "Returns How", Description: "to send an item back."},
	} {
		if got := SourceHash(&m, body); got == base {
			t.Errorf("SourceHash(title %q, description %q) = %s, the hash of another text", m.Title, m.Description, got)
		}
	}
}

func TestSetFrontMatter(t *testing.T) {
	const h = "0123abcdef"
	tests := []struct {
		name, in, want string
	}{
		{"toml add",
			"+++\ntitle = \"Επιστροφές\"\nweight = 2\n+++\n\nText.\n",
			"+++\ntitle = \"Επιστροφές\"\nweight = 2\ntranslatedFrom = \"0123abcdef\"\n+++\n\nText.\n"},
		{"toml replace keeps spelling and indent",
			"+++\ntitle = \"X\"\n  translatedfrom   =   'old'   \nweight = 2\n+++\nText.",
			"+++\ntitle = \"X\"\n  translatedfrom = \"0123abcdef\"\nweight = 2\n+++\nText."},
		{"toml add before the first table",
			"+++\ntitle = \"X\"\n\n[params]\nfoo = 1\n+++\nText\n",
			"+++\ntitle = \"X\"\n\ntranslatedFrom = \"0123abcdef\"\n[params]\nfoo = 1\n+++\nText\n"},
		{"toml key inside a table is not top level",
			"+++\ntitle = \"X\"\n[params]\ntranslatedFrom = \"x\"\n+++\nText\n",
			"+++\ntitle = \"X\"\ntranslatedFrom = \"0123abcdef\"\n[params]\ntranslatedFrom = \"x\"\n+++\nText\n"},
		{"toml crlf",
			"+++\r\ntitle = \"X\"\r\n+++\r\n\r\nText.\r\n",
			"+++\r\ntitle = \"X\"\r\ntranslatedFrom = \"0123abcdef\"\r\n+++\r\n\r\nText.\r\n"},
		{"toml crlf replace",
			"+++\r\ntranslatedFrom = \"1111111111\"\r\ntitle = \"X\"\r\n+++\r\nText.\r\n",
			"+++\r\ntranslatedFrom = \"0123abcdef\"\r\ntitle = \"X\"\r\n+++\r\nText.\r\n"},
		{"toml bom and trailing spaces on the delimiter",
			"\uFEFF+++  \ntitle = \"X\"\n+++\t\nText.",
			"\uFEFF+++  \ntitle = \"X\"\ntranslatedFrom = \"0123abcdef\"\n+++\t\nText."},
		{"toml after a blank line, as Hugo and Zola read it",
			"\n+++\ntitle = \"X\"\n+++\nText.",
			"\n+++\ntitle = \"X\"\ntranslatedFrom = \"0123abcdef\"\n+++\nText."},
		{"yaml after blank lines",
			"\n \n---\ntitle: X\n---\nText.",
			"\n \n---\ntitle: X\ntranslatedFrom: \"0123abcdef\"\n---\nText."},
		{"toml multi-line string with a bracket line",
			"+++\ntitle = \"X\"\ndescription = \"\"\"\n[not a table]\n\"\"\"\n+++\nText.",
			"+++\ntitle = \"X\"\ndescription = \"\"\"\n[not a table]\n\"\"\"\ntranslatedFrom = \"0123abcdef\"\n+++\nText."},
		{"yaml add",
			"---\ntitle: Επιστροφές\ntags:\n  - a\n  - b\n---\nText.\n",
			"---\ntitle: Επιστροφές\ntags:\n  - a\n  - b\ntranslatedFrom: \"0123abcdef\"\n---\nText.\n"},
		{"yaml replace",
			"---\ntitle: X\ntranslatedFrom: 1234567   # old\ndraft: false\n---\nText.\n",
			"---\ntitle: X\ntranslatedFrom: \"0123abcdef\"\ndraft: false\n---\nText.\n"},
		{"yaml replace a folded value",
			"---\ntranslatedFrom: >\n  abc\n  def\ntitle: X\n---\nText.\n",
			"---\ntranslatedFrom: \"0123abcdef\"\ntitle: X\n---\nText.\n"},
		{"yaml crlf",
			"---\r\ntitle: X\r\n---\r\nText.\r\n",
			"---\r\ntitle: X\r\ntranslatedFrom: \"0123abcdef\"\r\n---\r\nText.\r\n"},
		{"yaml nested key is not top level",
			"---\ntitle: X\nparams:\n  translatedFrom: x\n---\nText.\n",
			"---\ntitle: X\nparams:\n  translatedFrom: x\ntranslatedFrom: \"0123abcdef\"\n---\nText.\n"},
		{"empty toml block",
			"+++\n+++\nText.\n",
			"+++\ntranslatedFrom = \"0123abcdef\"\n+++\nText.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SetFrontMatter([]byte(tt.in), "translatedFrom", h)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("no error; got\n%q", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
			again, err := SetFrontMatter(got, "translatedFrom", h)
			if err != nil || string(again) != string(got) {
				t.Errorf("setting the same value again changed the file: %q, %v", again, err)
			}
		})
	}
}

func TestSetFrontMatterErrors(t *testing.T) {
	for _, in := range []string{"# Just text\n", "", "+++\ntitle = \"x\"\nText without a closing line\n", "+++\ntitle = \n+++\n"} {
		_, err := SetFrontMatter([]byte(in), "translatedFrom", "0123abcdef")
		if err == nil {
			t.Errorf("SetFrontMatter(%q): no error", in)
		}
	}
	_, err := SetFrontMatter([]byte("Text\n"), "translatedFrom", "x")
	if !errors.Is(err, ErrNoFrontMatter) {
		t.Errorf("no front matter: got %v, want ErrNoFrontMatter", err)
	}
	got, err := SetFrontMatter([]byte("+++\ntitle = \"x\"\n+++\n"), "translationKey", `a "quoted" key\`)
	if err != nil || !strings.Contains(string(got), `translationKey = "a \"quoted\" key\\"`) {
		t.Errorf("quoting: %q, %v", got, err)
	}
}

func TestMark(t *testing.T) {
	dir := t.TempDir()
	file := "content/el/x.md"
	src := "---\r\ntitle: Χ\r\n---\r\nΚείμενο.\r\n"
	if err := os.MkdirAll(filepath.Join(dir, "content/el"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, file), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Mark(dir, file, "0123abcdef"); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, file))
	if want := "---\r\ntitle: Χ\r\ntranslatedFrom: \"0123abcdef\"\r\n---\r\nΚείμενο.\r\n"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if st, _ := os.Stat(filepath.Join(dir, file)); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the file's 0600 kept", st.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "content/el"))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	os.WriteFile(filepath.Join(dir, "content/el/plain.md"), []byte("Κείμενο.\n"), 0o644)
	err := Mark(dir, "content/el/plain.md", "0123abcdef")
	if !errors.Is(err, ErrNoFrontMatter) || !strings.HasPrefix(err.Error(), "content/el/plain.md: ") {
		t.Errorf("no front matter: got %v", err)
	}
	if err := Mark(dir, "content/el/none.md", "0123abcdef"); err == nil || !strings.HasPrefix(err.Error(), "content/el/none.md: ") {
		t.Errorf("missing file: got %v", err)
	}
	if err := Mark(dir, "../outside.md", "0123abcdef"); err == nil {
		t.Error("a path outside the folder was accepted")
	}
}

func TestStatus(t *testing.T) {
	body := "Returns are free.\n"
	hash := SourceHash(&content.Meta{Title: "Returns"}, []byte("\n"+body))
	fsys := fstest.MapFS{
		"content/en/_index.md":                  {Data: []byte("+++\ntitle = \"Help\"\n+++\nWelcome.\n")},
		"content/en/policies/_index.md":         {Data: []byte("+++\ntitle = \"Policies\"\n+++\n")},
		"content/en/policies/returns.md":        {Data: []byte("+++\ntitle = \"Returns\"\n+++\n\n" + body)},
		"content/en/policies/privacy.md":        {Data: []byte("+++\ntitle = \"Privacy\"\ntranslationKey = \"privacy\"\n+++\nWe keep little.\n")},
		"content/en/faq/draft.md":               {Data: []byte("+++\ntitle = \"Draft\"\ndraft = true\n+++\nNot yet.\n")},
		"content/en/faq/gone.md":                {Data: []byte("---\ntitle: Gone\nexpiryDate: 2001-01-01\n---\nOld.\n")},
		"content/en/faq/headless.md":            {Data: []byte("---\ntitle: Headless\nheadless: true\n---\nPart.\n")},
		"content/en/secret/_index.md":           {Data: []byte("---\ntitle: Secret\ndraft: true\n---\n")},
		"content/en/secret/child.md":            {Data: []byte("---\ntitle: Child\n---\nIn a draft section.\n")},
		"content/el/_index.md":                  {Data: []byte("+++\ntitle = \"Βοήθεια\"\n+++\nΚαλώς ήρθατε.\n")},
		"content/el/policies/returns.md":        {Data: []byte("+++\ntitle = \"Επιστροφές\"\ntranslatedFrom = \"" + hash + "\"\n+++\nΔωρεάν.\n")},
		"content/el/policies/idiotikotita.md":   {Data: []byte("+++\ntitle = \"Απόρρητο\"\ntranslationKey = \"privacy\"\n\ntranslatedFrom = \"aaaaaaaaaa\"\n+++\nΛίγα.\n")},
		"content/ar/policies/returns.md":        {Data: []byte("+++\ntitle = \"الإرجاع\"\n+++\n")},
		"content/ar/policies/privacy.md":        {Data: []byte("+++\ntitle = \"الخصوصية\"\ntranslationKey = \"privacy\"\ndraft = true\n+++\nنص.\n")},
		"content/ar/policies/only-in-ar.md":     {Data: []byte("+++\ntitle = \"عربي\"\n+++\nنص.\n")},
		"content/el/policies/_index.md":         {Data: []byte("+++\ntitle = \"Πολιτικές\"\ntranslatedFrom = \"" + SourceHash(&content.Meta{Title: "Policies"}, nil) + "\"\n+++\n")},
		"content/el/policies/unconfigured.x.md": {Data: []byte("")},
	}
	cfg, ds := config.Parse([]byte("defaultLanguage = \"en\"\n[languages.en]\n[languages.el]\nweight = 1\n[languages.ar]\nweight = 2\n[languages.fr]\nweight = 3\n"))
	if cfg == nil {
		t.Fatal(ds)
	}
	var list diag.List
	pages := content.Load(context.Background(), fsys, langs{cfg}, &list)
	r := Status(cfg, pages)
	if r.DefaultLanguage != "en" || r.Sources != 4 {
		t.Fatalf("report: default %q, %d sources; want en, 4", r.DefaultLanguage, r.Sources)
	}
	codes := []string{}
	for _, l := range r.Languages {
		codes = append(codes, l.Code)
	}
	if !slices.Equal(codes, []string{"el", "ar", "fr"}) {
		t.Fatalf("languages %v, want el ar fr (the site's order, without en)", codes)
	}
	paths := func(es []Entry) string {
		var s []string
		for _, e := range es {
			p := e.Path
			if e.Reason != "" {
				p += "[" + e.Reason + "]"
			}
			s = append(s, p)
		}
		return strings.Join(s, " ")
	}
	el, ar, fr := r.Languages[0], r.Languages[1], r.Languages[2]
	check := func(l Language, current, outdated, missing, untracked int, outPaths, missPaths, untrackedPaths string) {
		t.Helper()
		if l.Current != current || l.Outdated != outdated || l.Missing != missing || l.Untracked != untracked || l.Total != 4 {
			t.Errorf("%s: %d/%d current, %d outdated, %d missing, %d untracked; want %d/4, %d, %d, %d",
				l.Code, l.Current, l.Total, l.Outdated, l.Missing, l.Untracked, current, outdated, missing, untracked)
		}
		if got := paths(l.OutdatedPages); got != outPaths {
			t.Errorf("%s outdated: %q, want %q", l.Code, got, outPaths)
		}
		if got := paths(l.MissingPages); got != missPaths {
			t.Errorf("%s missing: %q, want %q", l.Code, got, missPaths)
		}
		if got := paths(l.UntrackedPages); got != untrackedPaths {
			t.Errorf("%s untracked: %q, want %q", l.Code, got, untrackedPaths)
		}
	}
	check(el, 3, 1, 0, 1, "policies/privacy", "", "(home)")
	check(ar, 0, 0, 4, 0, "", "(home) policies policies/privacy[draft] policies/returns[stub]", "")
	check(fr, 0, 0, 4, 0, "", "(home) policies policies/privacy policies/returns", "")
	if e := el.OutdatedPages[0]; e.File != "content/el/policies/idiotikotita.md" || e.Line != 5 || e.Source != "content/en/policies/privacy.md" || e.TranslatedFrom != "aaaaaaaaaa" {
		t.Errorf("outdated entry %+v", e)
	}
	if el.CurrentShare != 0.75 || el.OutdatedShare != 0.25 || fr.MissingShare != 1 {
		t.Errorf("shares: el %v/%v, fr missing %v", el.CurrentShare, el.OutdatedShare, fr.MissingShare)
	}
}

func TestPercent(t *testing.T) {
	for _, tt := range []struct{ n, total, want int }{{24, 28, 86}, {0, 5, 0}, {5, 5, 100}, {999, 1000, 99}, {1, 1000, 1}, {0, 0, 100}} {
		if got := Percent(tt.n, tt.total); got != tt.want {
			t.Errorf("Percent(%d, %d) = %d, want %d", tt.n, tt.total, got, tt.want)
		}
	}
}

type langs struct{ cfg *config.Config }

func (l langs) Lookup(s string) (string, bool) {
	lang, ok := l.cfg.Language(s)
	return lang.Code, ok
}

func (l langs) Default() string { return l.cfg.DefaultLanguage }

// FuzzSetFrontMatter: never panics, and whatever it accepts reads back with
// the value set.
func FuzzSetFrontMatter(f *testing.F) {
	for _, s := range []string{
		"+++\ntitle = \"x\"\n+++\nText\n",
		"---\ntitle: x\ntranslatedFrom: >\n  a\n---\n",
		"+++\r\n[t]\r\n+++\r\n",
		"---\n- a\n---\n",
		"+++\ndescription = '''\n[x]\n'''\n+++\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		out, err := SetFrontMatter(src, "translatedFrom", "0123abcdef")
		if err != nil {
			return
		}
		var ds diag.List
		meta, _, _, _, ok := content.Parse("x.md", out, &ds)
		if !ok || meta.TranslatedFrom != "0123abcdef" {
			t.Fatalf("accepted %q but wrote %q, which reads as %q (ok %v)", src, out, meta.TranslatedFrom, ok)
		}
	})
}

func TestMatches(t *testing.T) {
	for _, tt := range []struct {
		tf, hash string
		want     bool
	}{{"0123abcdef", "0123abcdef", true}, {" 0123ABCDEF ", "0123abcdef", true}, {"0123abcde", "0123abcdef", false}, {"", "", false}} {
		if got := Matches(tt.tf, tt.hash); got != tt.want {
			t.Errorf("Matches(%q, %q) = %v", tt.tf, tt.hash, got)
		}
	}
}

// translatedFrom values written before SourceHash ignored whitespace, or
// before it counted the title and description, still mark a translation
// current, so that upgrading kb does not make every translation outdated.
func TestCurrentAcceptsEarlierHashes(t *testing.T) {
	body := []byte("# Returns\n\nWithin 30 days.\n")
	meta := &content.Meta{Title: "Returns within 30 days"}
	// "d0b0c679b3" is what kb wrote for this body before titles counted.
	for _, h := range []string{SourceHash(meta, body), "d0b0c679b3", legacyHash(body), strings.ToUpper(legacyHash(body))} {
		if !Current(h, meta, body) {
			t.Errorf("Current(%q) = false", h)
		}
	}
	if Current(legacyHash(body), meta, []byte("# Returns\n\nWithin 14 days.\n")) || Current("", meta, body) {
		t.Error("an old hash of another text is current")
	}
	f := FingerprintsOf(meta, body)
	if f.BodyOnly(SourceHash(meta, body)) || !f.BodyOnly("d0b0c679b3") || !f.BodyOnly(legacyHash(body)) {
		t.Error("BodyOnly should tell the hashes of the body alone from SourceHash")
	}
}
