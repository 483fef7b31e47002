package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"text/template"
	"time"
	"unicode"
	"unicode/utf8"

	"kb/builder/config"
	"kb/builder/content"
	"kb/builder/diag"
	"kb/builder/translation"
)

// archetypeData is what an archetype template sees.
type archetypeData struct {
	Title   string // "Reset password" from reset-password; a translation gets its source's title
	Date    string // today, 2006-01-02
	Lang    string // canonical language code
	Section string // first path segment: "account"
	Slug    string // last path segment: "reset-password" ("_index" for a section page)
}

func runNew(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("new", stdout, "Create a page from the section's archetype (archetypes/<section>.md, else\n"+
		"archetypes/default.md, else a built-in one): kb new SECTION/SLUG, or SECTION/_index for a section page.\n"+
		"With --lang, a translation of the existing default-language page: its title as a placeholder,\n"+
		"translatedFrom and translationKey set, and no text yet (readers see the source until it has text).\n"+
		"Archetypes are Go templates: {{.Title}} {{.Date}} {{.Lang}} {{.Section}} {{.Slug}}.")
	site := fs.String("s", ".", "site folder (with site.toml)")
	langFlag := fs.String("lang", "", "language of the page (default: the site's default language)")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{msg: "give one SECTION/SLUG", hint: "kb new account/reset-password [--lang el]"}
	}
	var (
		logical string
		kind    content.Kind
	)
	checkPath := func() (err error) {
		if logical, kind, err = pagePath(rest[0]); err != nil {
			return usageError{msg: err.Error(), hint: "kb new account/reset-password [--lang el]"}
		}
		return nil
	}
	// "content/…" may be a file's path, which the site's languages tell.
	underContent := strings.HasPrefix(path.Clean(filepath.ToSlash(rest[0])), "content/")
	if !underContent {
		if err := checkPath(); err != nil {
			return err
		}
	}

	cfg, pages, _, err := loadSite(ctx, *site, stderr)
	if err != nil {
		return err
	}
	if underContent {
		if err := contentFilePath(cfg, rest[0]); err != nil {
			return err
		}
		if err := checkPath(); err != nil {
			return err
		}
	}
	code := cfg.DefaultLanguage
	if *langFlag != "" {
		l, ok := cfg.Language(*langFlag)
		if !ok {
			return usageError{msg: fmt.Sprintf("language %q is not in %s [languages] (%s)", *langFlag, cfg.ConfigFile(), strings.Join(cfg.Order, ", ")),
				hint: "kb new " + rest[0] + " --lang " + cfg.Order[len(cfg.Order)-1]}
		}
		code = l.Code
	}

	segs := strings.Split(logical, "/")
	data := archetypeData{Date: time.Now().Format(time.DateOnly), Lang: code, Section: segs[0], Slug: segs[len(segs)-1]}
	data.Title = titleFromSlug(segs[len(segs)-1])
	if kind == content.Section {
		data.Slug = "_index"
	}

	var (
		file      string
		src       *content.Page
		localOnly bool
	)
	if code == cfg.DefaultLanguage {
		for _, p := range pages {
			if p.Lang == code && p.Kind == kind && p.Path == logical {
				return fmt.Errorf("%s already exists: edit it, or choose another slug", p.File)
			}
		}
		file = defaultFile(*site, cfg, logical, kind)
	} else {
		for _, p := range pages {
			if p.Lang == cfg.DefaultLanguage && p.Kind == kind && p.Path == logical {
				src = p
			}
		}
		if src == nil {
			// No page to translate: a page of this language only (a local
			// pickup point, a payment method used in one country).
			for _, p := range pages {
				if p.Lang == code && p.Kind == kind && p.Path == logical {
					return fmt.Errorf("%s already exists: edit it, or choose another slug", p.File)
				}
			}
			localOnly = true
			file = localFile(*site, cfg, logical, kind, code)
		}
		for _, p := range pages {
			if src == nil {
				break
			}
			if p.Lang == code && p.Kind == kind && p.Key == src.Key {
				return fmt.Errorf("%s already exists: it is the %s translation of %s", p.File, code, src.File)
			}
		}
		if src != nil {
			if src.Meta.Title != "" {
				data.Title = src.Meta.Title
			}
			file = translationFile(*site, cfg, src, code)
		}
	}

	text, err := scaffold(*site, cfg, pages, data, kind, src)
	if err != nil {
		return err
	}
	var ds diag.List
	if _, _, _, _, ok := content.Parse(file, text, &ds); !ok || ds.HasErrors() {
		printDiagnostics(stderr, ds.All(), true)
		return fmt.Errorf("the archetype produced a page with errors (above); %s not written", file)
	}
	lk, err := lockSite(ctx, *site, false, stderr)
	if err != nil {
		return err
	}
	defer lk.Release()
	if err := createFile(*site, file, text); err != nil {
		return err
	}
	fmt.Fprintln(stdout, filepath.Join(*site, filepath.FromSlash(file)))
	if src != nil {
		fmt.Fprintf(stderr, "Translate the title and write the text of %s; until it has text, readers see %s.\n", file, src.File)
	}
	if localOnly {
		fmt.Fprintf(stderr, "%s is a page in %s only: there is no %s page %s, so only readers of %s see it. To make it a translation instead, create the %s page first (kb new %s).\n",
			file, code, cfg.DefaultLanguage, logical, code, cfg.DefaultLanguage, rest[0])
	}
	return nil
}

// localFile places a page that exists in one language only: in the
// language's folder when the site keeps languages in folders, else beside
// the section's files with the language suffix.
func localFile(site string, cfg *config.Config, logical string, kind content.Kind, code string) string {
	name := logical + ".md"
	if kind == content.Section {
		name = logical + "/_index.md"
	}
	if folder, ok := langFolder(site, cfg, code); ok {
		return path.Join("content", folder, name)
	}
	if _, ok := langFolder(site, cfg, cfg.DefaultLanguage); ok {
		return path.Join("content", cfg.Languages[code].Segment, name)
	}
	if entries, _ := os.ReadDir(filepath.Join(site, "content")); len(entries) == 0 {
		return path.Join("content", cfg.Languages[code].Segment, name)
	}
	return path.Join("content", strings.TrimSuffix(name, ".md")+"."+cfg.Languages[code].Segment+".md")
}

// pagePath checks SECTION/SLUG and returns the logical path and kind:
// "faq/_index" is the faq section page.
func pagePath(arg string) (string, content.Kind, error) {
	p := strings.TrimSuffix(filepath.ToSlash(arg), ".md")
	segs := strings.Split(p, "/")
	if len(segs) < 2 {
		return "", 0, fmt.Errorf("%q: give the section and the slug, as SECTION/SLUG", arg)
	}
	for i, s := range segs {
		switch {
		case s == "" || s == "." || s == "..":
			return "", 0, fmt.Errorf("%q: empty or relative path segment", arg)
		case s == "_index" && i == len(segs)-1:
		case strings.HasPrefix(s, ".") || strings.HasPrefix(s, "_") || strings.HasSuffix(s, "~"):
			return "", 0, fmt.Errorf("%q: %q would be ignored as a hidden or temporary file", arg, s)
		case strings.ContainsFunc(s, func(r rune) bool {
			return unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune(`\:*?"<>|#%`, r)
		}):
			return "", 0, fmt.Errorf("%q: use letters, digits and hyphens in URL segments, like reset-password", arg)
		}
	}
	if segs[len(segs)-1] == "_index" {
		return strings.Join(segs[:len(segs)-1], "/"), content.Section, nil
	}
	return p, content.Article, nil
}

// contentFilePath refuses an argument that names a page's file, as a shell
// completes it ("content/el/faq/returns.md"), rather than its SECTION/SLUG
// (taken as one, it would make content/en/content/el/faq/returns.md), and
// tells the SECTION/SLUG and --lang that name the page. A section named
// "content" is still a section.
func contentFilePath(cfg *config.Config, arg string) error {
	p := strings.TrimPrefix(path.Clean(filepath.ToSlash(arg)), "content/")
	lang := cfg.DefaultLanguage
	first, after, _ := strings.Cut(p, "/")
	code, inLangFolder := cfg.Lookup(first)
	if !inLangFolder && !content.IsMarkdownName(p) {
		return nil
	}
	if inLangFolder && after != "" {
		lang, p = code, after
	}
	if content.IsMarkdownName(p) {
		p = strings.TrimSuffix(p, path.Ext(p))
	}
	hint := "kb new " + p
	if lang != cfg.DefaultLanguage {
		hint += " --lang " + lang
	}
	return usageError{msg: fmt.Sprintf("%q is a path in the content folder: give the page as SECTION/SLUG, and its language with --lang", arg), hint: hint}
}

// titleFromSlug turns "reset-password" into "Reset password".
func titleFromSlug(slug string) string {
	s := strings.TrimSpace(strings.NewReplacer("-", " ", "_", " ").Replace(slug))
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return slug
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// langFolder returns the folder under content/ that holds a language's
// pages (its contentDir, or "pt-br" for pt-BR), if the site has one.
func langFolder(site string, cfg *config.Config, code string) (string, bool) {
	if dir := cfg.Languages[code].ContentDir; dir != "" {
		return dir, true // the language's pages are there by definition
	}
	entries, _ := os.ReadDir(filepath.Join(site, "content"))
	for _, e := range entries {
		if l, ok := cfg.Language(e.Name()); e.IsDir() && ok && l.Code == code {
			return e.Name(), true
		}
	}
	return "", false
}

// defaultFile places a new default-language page: in content/<lang>/ when
// the site keeps its default language in a folder (or has no content yet),
// else beside the other files of the section (content/<section>/<slug>.md,
// with a language suffix when the section's files have one).
func defaultFile(site string, cfg *config.Config, logical string, kind content.Kind) string {
	name := logical + ".md"
	if kind == content.Section {
		name = logical + "/_index.md"
	}
	if folder, ok := langFolder(site, cfg, cfg.DefaultLanguage); ok {
		return path.Join("content", folder, name)
	}
	if entries, _ := os.ReadDir(filepath.Join(site, "content")); len(entries) == 0 {
		return path.Join("content", cfg.DefaultLanguage, name) // a new site: language folders
	}
	suffixed, _ := filepath.Glob(filepath.Join(site, "content", filepath.FromSlash(path.Dir(name)), "*."+cfg.DefaultLanguage+".md"))
	if len(suffixed) > 0 {
		name = strings.TrimSuffix(name, ".md") + "." + cfg.DefaultLanguage + ".md"
	}
	return path.Join("content", name)
}

// translationFile places a translation the way its source is placed:
// content/en/x.md → content/el/x.md, content/faq/x.md or x.en.md →
// content/faq/x.el.md, a bundle's index.md → index.el.md.
func translationFile(site string, cfg *config.Config, src *content.Page, code string) string {
	rest := strings.TrimPrefix(src.File, "content/")
	if first, after, ok := strings.Cut(rest, "/"); ok {
		if lang, isLang := cfg.Lookup(first); isLang && lang == cfg.DefaultLanguage {
			folder, ok := langFolder(site, cfg, code)
			if !ok {
				folder = code
			}
			return path.Join("content", folder, after)
		}
	}
	dir, base := path.Split(src.File)
	ext := path.Ext(base)
	name := strings.TrimSuffix(base, ext)
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		if l, ok := cfg.Language(name[i+1:]); ok && l.Code == cfg.DefaultLanguage {
			name = name[:i]
		}
	}
	return dir + name + "." + code + ext
}

// scaffold renders the page text: the archetype or the built-in one; for a
// translation (src set) the front matter only, with translatedFrom and the
// source's translationKey.
func scaffold(site string, cfg *config.Config, pages []*content.Page, data archetypeData, kind content.Kind, src *content.Page) ([]byte, error) {
	text, err := archetype(site, data)
	if err != nil {
		return nil, err
	}
	if text == nil {
		text = builtinArchetype(data, kind, sectionType(cfg, pages, data.Section), src)
	}
	if src == nil {
		return text, nil
	}
	text = frontMatterOnly(text)
	if src.Meta.TranslationKey != "" {
		if text, err = translation.SetFrontMatter(text, "translationKey", src.Meta.TranslationKey); err != nil {
			return nil, fmt.Errorf("archetype for %s: %w", data.Section, err)
		}
	}
	if text, err = translation.SetFrontMatter(text, "translatedFrom", translation.SourceHash(&src.Meta, src.Body)); err != nil {
		return nil, fmt.Errorf("archetype for %s: %w", data.Section, err)
	}
	return text, nil
}

// archetype renders archetypes/<section>.md or archetypes/default.md from
// the site; nil when there is neither.
func archetype(site string, data archetypeData) ([]byte, error) {
	for _, name := range []string{"archetypes/" + data.Section + ".md", "archetypes/default.md"} {
		src, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(name)))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		t, err := template.New(name).Option("missingkey=error").Parse(string(src))
		if err != nil {
			return nil, err // "template: archetypes/faq.md:3: ..."
		}
		var b bytes.Buffer
		if err := t.Execute(&b, data); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}
	return nil, nil
}

// sectionType is the page type the builder gives the section's articles:
// the default-language section page's type, else faq for a section named
// faq, else article.
func sectionType(cfg *config.Config, pages []*content.Page, section string) string {
	for _, p := range pages {
		if p.Lang == cfg.DefaultLanguage && p.Kind == content.Section && p.Path == section && p.Meta.Type != "" {
			return p.Meta.Type
		}
	}
	if section == "faq" {
		return "faq"
	}
	return "article"
}

// builtinArchetype is the page kb writes when the site has no archetype.
func builtinArchetype(data archetypeData, kind content.Kind, typ string, src *content.Page) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "+++\ntitle = %s\n", tomlString(data.Title))
	if src != nil {
		for _, d := range []struct {
			key string
			t   time.Time
		}{{"effective", src.Meta.Effective}, {"updated", src.Meta.Updated}} {
			if !d.t.IsZero() {
				fmt.Fprintf(&b, "%s = %s\n", d.key, d.t.Format(time.DateOnly))
			}
		}
		b.WriteString("+++\n")
		return b.Bytes()
	}
	b.WriteString("description = \"\"\n")
	switch {
	case kind == content.Section:
		b.WriteString("weight = 0\n+++\n")
		return b.Bytes()
	case typ == "policy":
		fmt.Fprintf(&b, "effective = %s\n", data.Date)
	}
	fmt.Fprintf(&b, "updated = %s\n+++\n\n", data.Date)
	switch typ {
	case "faq":
		b.WriteString("## Question?\n\nThe answer, in a short paragraph or two.\n\n## Another question?\n\nIts answer.\n")
	case "policy":
		b.WriteString("A sentence on who and what this policy covers.\n\n## 1. First part\n\nThe policy text.\n")
	default:
		b.WriteString("Start with what the reader wants to do, then the steps.\n\n1. First step.\n2. Second step.\n")
	}
	return b.Bytes()
}

// frontMatterOnly cuts a page's text after its front matter, so a new
// translation starts without text (and falls back until it has some).
func frontMatterOnly(text []byte) []byte {
	var ds diag.List
	_, _, bodyLine, _, ok := content.Parse("", text, &ds)
	if !ok || bodyLine <= 1 {
		return text
	}
	off := 0
	for range bodyLine - 1 {
		i := bytes.IndexByte(text[off:], '\n')
		if i < 0 {
			return text
		}
		off += i + 1
	}
	return text[:off]
}

func tomlString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`).Replace(s) + `"`
}

// createFile writes a new file inside the site and never replaces one: the
// text goes to a temporary file that is then linked to its name.
func createFile(site, file string, text []byte) error {
	root, err := os.OpenRoot(site)
	if err != nil {
		return err
	}
	defer root.Close()
	name := filepath.FromSlash(file)
	if _, err := root.Lstat(name); err == nil {
		return fmt.Errorf("%s already exists: not overwriting it", file)
	}
	if err := root.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	tmp := filepath.Join(filepath.Dir(name), ".kb-new-"+hex.EncodeToString(rnd[:])+".tmp")
	if err := root.WriteFile(tmp, text, 0o644); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	defer root.Remove(tmp)
	err = root.Link(tmp, name)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		// No hard links on this file system: create the file exclusively.
		err = writeNew(root, name, text)
	}
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists: not overwriting it", file)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

func writeNew(root *os.Root, name string, text []byte) error {
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
