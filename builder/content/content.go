// Package content decides what each file under a site's content/ folder is
// (ClassifyFile: a page, an asset published beside the pages, an ignored
// leftover or a refused file), reads the site so that symbolic links stay
// inside it (OpenSite), and reads the Markdown pages, in the
// language-folder, filename-suffix and page-bundle layouts, with their front
// matter and the file positions that diagnostics need.
package content

import (
	"cmp"
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"kb/builder/diag"
)

// Languages tells the loader which language codes the site has.
type Languages interface {
	// Lookup maps a folder name or file-name suffix, in any letter case ("AR", "pt-br", "zh-hans", "fa-IR"),
	// to the configured canonical code; ok is false when it is not a configured language.
	Lookup(s string) (code string, ok bool)
	// Default is the default language's canonical code.
	Default() string
}

// configFile names the file that configures langs, for messages:
// site.toml, unless langs names another (a Hugo or Zola configuration).
func configFile(langs Languages) string {
	if f, ok := langs.(interface{ ConfigFile() string }); ok {
		return f.ConfigFile()
	}
	return "site.toml"
}

// Kind tells a home page, a section page and an article apart.
type Kind int

const (
	Home    Kind = iota // content/<lang>/_index.md, content/_index.md, content/_index.<lang>.md
	Section             // <path>/_index.md (any depth below the language root)
	Article             // everything else
)

// String names the kind for messages.
func (k Kind) String() string {
	switch k {
	case Home:
		return "home"
	case Section:
		return "section"
	case Article:
		return "article"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Page is one Markdown file in one language.
type Page struct {
	File     string // slash path from the site root: "content/ar/faq/returns.md"
	Lang     string // canonical language code
	Kind     Kind
	Path     string // logical path without language or extension: "" for home, "faq" for a section, "faq/returns", "faq/app/crash" (bundle dir), "privacy" (top-level page)
	Section  string // first segment of Path ("faq"); "" for home and for a top-level article like "privacy"
	Key      string // translation key: Meta.TranslationKey if set, else Path. Pages with equal Key and Kind are translations of each other.
	Meta     Meta
	Body     []byte // Markdown after the front matter: BOM stripped, CRLF and lone CR turned into LF
	BodyLine int    // 1-based line of File where Body starts (line numbers in Body + BodyLine - 1 = line in File)
	// BodySum is the SHA-256 of Body when a load left Body out
	// (LoadOptions.DropBodies and a non-empty body); zero otherwise.
	BodySum [32]byte
	// Heading is the text of the body's first heading when the front
	// matter has no title: the page's title, known without the body.
	Heading string
	// Untranslated is true when the file has front matter but a body that is empty or whitespace only
	// (or the Hugo key `untranslated` is truthy): such a translation falls back to the default language.
	Untranslated bool
}

// Meta is a page's front matter.
type Meta struct {
	Title, Description       string
	LinkTitle                string // Hugo's linkTitle: a short title for navigation
	Weight                   int
	Tags                     []string
	Type                     string // "faq" | "policy" | "article" or "" when not set (the builder defaults it)
	Draft                    bool
	Slug                     string // a localized last URL segment; validated: no "/", "\\", "..", control chars; otherwise an error
	Aliases                  []string
	TranslationKey           string
	Date, Updated, Effective time.Time // zero when absent; Hugo's `lastmod` is read as Updated
	TranslatedFrom           string
	// Related pins related articles by content path ("returns/refund-timing"),
	// shown before the ones computed from the text.
	Related []string
	// Featured puts the page in the home page's and its section's popular
	// articles.
	Featured bool
	// PublishDate and ExpiryDate (Hugo) bound when the page is published:
	// not before the one, not from the other on; zero when absent.
	PublishDate, ExpiryDate time.Time
	// NotRendered is the key, as written, that keeps the page from being
	// published ("headless: true", "build render = never", Zola's
	// "render = false"); "" for none.
	NotRendered string
	// Unlisted keeps a published page out of section lists, the sitemap
	// and search (Hugo's build list = never).
	Unlisted bool
	// NoSearch keeps a published page out of search (Zola's
	// in_search_index = false).
	NoSearch bool
	// NoIndex asks search engines to leave the page out (a robots noindex
	// meta tag, and out of the sitemap); readers still find it in the help
	// center's lists and search. NoSitemap leaves it out of the sitemap
	// only.
	NoIndex, NoSitemap bool
	// URL is where the old site published the page (Hugo's url, Zola's
	// path), which redirects to it: a site path, or one relative to its
	// language's root.
	URL string
	// SlugPath is a slug written as a path, where the old site served the
	// page, which redirects to it: Docusaurus's "/x", under the docs'
	// root in its language (config's SlugRoot), or Starlight's
	// "guides/x", from the site root ("ar/guides/x" for a translation).
	SlugPath string
	// RedirectTo is where a section or home page sends its readers
	// instead (Zola's redirect_to): a path of this site, relative to its
	// root, or an http(s) URL.
	RedirectTo string
	// Intro is Markdown made from the front matter of a VitePress or
	// Starlight home page (its hero and features), shown before the body;
	// "" for none.
	Intro string
	// Banner is an announcement shown on this page only, above the
	// site's: inline Markdown, "" for none.
	Banner string
	// Params are the page's params for templates (params.go): the
	// params table's keys and the top-level keys kb does not read, in
	// lower case, their values as decoded; nil for none.
	Params map[string]any
	// Lines holds the line in File of each front-matter key that was present, for diagnostics.
	Lines Lines
}

// Load walks fsys (the site root; content is under "content/") and returns every page, sorted by File.
// Problems go to diags with file:line:col; a file with an error is still returned when it is usable
// (for example an unknown key), and left out when not (broken front matter).
// When ctx ends, Load stops between files and returns what it has; the
// caller checks ctx.Err().
func Load(ctx context.Context, fsys fs.FS, langs Languages, diags *diag.List) []*Page {
	return LoadWith(ctx, fsys, langs, diags, LoadOptions{})
}

// LoadOptions are what LoadWith does besides Load.
type LoadOptions struct {
	// FrontMatter gives decoded front matter where it can, and keeps what
	// the load decodes; nil for none.
	FrontMatter *FrontMatterCache
	// TemplateParams reports a front matter key (in lower case) that a
	// template of the site reads as a page param: kb does not warn that
	// it does nothing with it. Nil for none.
	TemplateParams func(key string) bool
	// DropBodies leaves each page's Markdown out (Body nil, BodySum its
	// hash): for a caller that reads it again when it renders the page
	// (ReadBodyAgain), and may not need to. Every file is then read into
	// one reused buffer per worker rather than memory of its own.
	DropBodies bool
}

// LoadWith is Load with opts.
func LoadWith(ctx context.Context, fsys fs.FS, langs Languages, diags *diag.List, opts LoadOptions) []*Page {
	fsys = Checked(fsys) // one pass over the content: each folder's links judged once
	files, special := walk(fsys, diags)
	places := classifyAll(files, langs)

	var (
		claimed    = make(map[string]string, len(files)) // lang + "\x00" + path → first file
		unconfig   = map[string][]string{}
		off        = map[offAt][]string{}       // a disabled language's files, by its folder
		pageFiles  = make([]int, 0, len(files)) // the pages' files and places, by index
		duplicates []string                     // claimed twice: parsed for their own errors, then dropped
	)
	stale := map[string]Twin{} // the file of a page written as x.md and x.mdx that is not published
	for _, t := range twinsOf(files, places, langs.Default()) {
		stale[t.Stale] = t
	}
	pageOf := map[string]bool{} // the places a page of a Markdown file claims
	for _, pl := range places {
		if pl.status == page && !pl.category {
			pageOf[pl.lang+"\x00"+pl.path] = true
		}
	}
	for i, file := range files {
		pl := &places[i]
		switch {
		case pl.status == notPage, pl.category && pageOf[pl.lang+"\x00"+pl.path]:
			continue
		case pl.status == unconfigured:
			unconfig[pl.lang] = append(unconfig[pl.lang], file)
			continue
		case pl.status == disabled:
			at := offAt{lang: pl.lang}
			if pl.folder != "" {
				at.folder = "content/" + pl.folder
			}
			off[at] = append(off[at], file)
			continue
		case pl.status == mismatch:
			diags.Errorf(file, 0, 0, "language suffix %q does not match the language folder %q; file skipped", pl.suffix, pl.folder)
			continue
		}
		if t, ok := stale[file]; ok {
			diags.Add(diag.WarnAt(file, 0, 0, "the same page is also written as %s, which kb publishes (%s), as Docusaurus builds only one of them: delete this file",
				t.Kept, t.Why()))
			continue
		}
		id := pl.lang + "\x00" + pl.path
		if first, dup := claimed[id]; dup {
			diags.Errorf(file, 0, 0, "%s (%s) is already defined by %s; file skipped", describe(pl.kind, pl.path), pl.lang, first)
			duplicates = append(duplicates, file)
			continue
		}
		claimed[id] = file
		pageFiles = append(pageFiles, i)
	}
	// The pages are made in one block and filled in where each is read:
	// on every core, rather than allocated one by one before.
	block := make([]Page, len(pageFiles))
	pages := make([]*Page, len(pageFiles))
	for i := range block {
		pages[i] = &block[i]
	}

	for _, code := range sortedKeys(unconfig) {
		skipped := unconfig[code]
		noun, them := "files", "them"
		if len(skipped) == 1 {
			noun, them = "file", "it"
		}
		diags.Add(diag.WarnAt(skipped[0], 0, 0, "language %q is not in %s [languages]; %d %s skipped; add [languages.%s] to publish %s",
			code, configFile(langs), len(skipped), noun, code, them).Of(diag.Language))
	}

	for _, at := range slices.SortedFunc(maps.Keys(off), func(a, b offAt) int {
		return cmp.Or(strings.Compare(a.folder, b.folder), strings.Compare(a.lang, b.lang))
	}) {
		files := off[at]
		where, noun := at.folder, "pages"
		if where == "" {
			where = files[0]
		}
		if len(files) == 1 {
			noun = "page"
		}
		diags.Add(diag.WarnAt(where, 0, 0, "language %q is turned off (disabled = true, or Hugo's disableLanguages): %d %s skipped", at.lang, len(files), noun).Of(diag.Language))
	}

	ok := make([]bool, len(pages))
	var buffers sync.Pool // of *[]byte, with DropBodies
	parallel(len(pages)+len(duplicates), func(i int) {
		if ctx.Err() != nil {
			return
		}
		var buf *[]byte
		if opts.DropBodies {
			if buf, _ = buffers.Get().(*[]byte); buf == nil {
				buf = new([]byte)
			}
			defer buffers.Put(buf)
		}
		if i >= len(pages) {
			if src, ok := readFile(fsys, duplicates[i-len(pages)], buf, diags); ok {
				Parse(duplicates[i-len(pages)], src, diags)
			}
			return
		}
		p := pages[i]
		file := files[pageFiles[i]]
		places[pageFiles[i]].fill(p, file)
		var src []byte
		if src, ok[i] = readFileAs(fsys, p.File, !special[p.File], buf, diags); ok[i] {
			ok[i] = p.parse(src, diags, opts)
		}
		if opts.DropBodies {
			// Nothing kept may share the buffer: the front matter's
			// values are decoded copies, and the body goes.
			if len(p.Body) > 0 {
				p.BodySum = sha256.Sum256(p.Body)
			}
			p.Body = nil
		}
	})

	out := pages[:0]
	for i, p := range pages {
		if ok[i] {
			out = append(out, p)
		}
	}
	checkKeys(out, diags)
	return out
}

// offAt is where pages of a language turned off are: its folder, or ""
// for files named with its suffix.
type offAt struct{ folder, lang string }

// walk lists the Markdown files under content/, sorted (ClassifyFile
// decides; the copier of assets reports the files it refuses), and which
// of them are not regular files (links, mostly).
func walk(fsys fs.FS, diags *diag.List) (files []string, special map[string]bool) {
	fs.WalkDir(fsys, "content", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if name == "content" {
				diags.Errorf("content", 0, 0, "cannot read the content folder: %v", err)
				return fs.SkipAll
			}
			diags.Errorf(name, 0, 0, "cannot read: %v", err)
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if name == "content" {
			if !d.IsDir() {
				diags.Errorf("content", 0, 0, "content is a file; pages go in the content/ folder")
			}
			return nil
		}
		class, _ := ClassifyFile(name)
		if class == Ignored {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			fi, err := fs.Stat(fsys, name)
			if _, refused := linkRefused(err); refused {
				if class == Markdown {
					diags.Errorf(name, 0, 0, "%v", err) // else Assets reports it
				}
				return nil
			}
			if err == nil && fi.IsDir() {
				diags.Warnf(name, 0, 0, "symbolic link to a folder: not followed (its pages are not built)")
				return nil
			}
		}
		if !d.IsDir() && class == Markdown {
			files = append(files, name)
			if !d.Type().IsRegular() {
				if special == nil {
					special = map[string]bool{}
				}
				special[name] = true
			}
		}
		return nil
	})
	slices.Sort(files)
	return files, special
}

// checkKeys reports two pages of one language and kind that share a
// translation key, since translations could not be told apart.
func checkKeys(pages []*Page, diags *diag.List) {
	type id struct {
		lang string
		kind Kind
		key  string
	}
	seen := make(map[id]*Page, len(pages))
	for _, p := range pages {
		id := id{p.Lang, p.Kind, p.Key}
		first, dup := seen[id]
		if !dup {
			seen[id] = p
			continue
		}
		line := p.Meta.Lines.Of("translationKey")
		diags.Errorf(p.File, line, 0, "translation key %q (%s) is also used by %s", p.Key, p.Lang, first.File)
	}
}

// MaxFileBytes bounds a content file: past it a file is an error rather
// than a build that takes minutes (a pasted log or base64 image, most likely).
const MaxFileBytes = 10 << 20

// readFile reads file for Load: into *buf when buf is not nil (keeping the
// bigger buffer a bigger file needed), else into memory of its own.
func readFile(fsys fs.FS, file string, buf *[]byte, diags *diag.List) ([]byte, bool) {
	return readFileAs(fsys, file, false, buf, diags)
}

// readFileAs is readFile for a file the walk found to be a regular file
// (plain), which is then read without a stat of its own first.
func readFileAs(fsys fs.FS, file string, plain bool, buf *[]byte, diags *diag.List) ([]byte, bool) {
	if sfs, ok := fsys.(*siteFS); ok && plain && buf != nil {
		if src, ok := sfs.readPlainInto(file, *buf, MaxFileBytes); ok {
			if cap(src) > cap(*buf) {
				*buf = src
			}
			return src, true
		}
	}
	// Stat first: a symbolic link to a device or a named pipe would
	// otherwise be read forever or block the build.
	fi, err := fs.Stat(fsys, file)
	if _, refused := linkRefused(err); refused {
		diags.Errorf(file, 0, 0, "%v", err)
		return nil, false
	}
	if err == nil && !fi.Mode().IsRegular() {
		diags.Errorf(file, 0, 0, "cannot read: not a regular file (%v)", fi.Mode().Type())
		return nil, false
	}
	if err == nil && fi.Size() > MaxFileBytes {
		diags.Errorf(file, 0, 0, "file is %.1f MiB, over the %d MiB limit for a page: split it, or put data files in static/", float64(fi.Size())/(1<<20), MaxFileBytes>>20)
		return nil, false
	}
	var src []byte
	if sfs, ok := fsys.(*siteFS); ok && buf != nil {
		src, err = sfs.readFileInto(file, *buf)
		if cap(src) > cap(*buf) {
			*buf = src
		}
	} else {
		src, err = fs.ReadFile(fsys, file)
	}
	if err != nil {
		diags.Errorf(file, 0, 0, "cannot read: %v", err)
		return nil, false
	}
	return src, true
}

// ReadPage reads one file the way Load does, for the incremental rebuild in
// kb serve, so that a page read again equals the page a clean build loads.
// ok is false when the file is not a page of a configured language or is not
// usable; checks across files (duplicates, shared translation keys) are Load's.
func ReadPage(fsys fs.FS, file string, langs Languages, diags *diag.List) (*Page, bool) {
	return ReadPageWith(fsys, file, langs, diags, LoadOptions{})
}

// ReadPageWith is ReadPage with opts' TemplateParams (it uses no cache
// and keeps the body).
func ReadPageWith(fsys fs.FS, file string, langs Languages, diags *diag.List, opts LoadOptions) (*Page, bool) {
	pl := classify(file, langs)
	if pl.status != page || pl.category && hasSectionPage(fsys, path.Dir(file)) {
		return nil, false
	}
	src, ok := readFile(fsys, file, nil, diags)
	if !ok {
		return nil, false
	}
	p := pl.page(file)
	if !p.parse(src, diags, LoadOptions{TemplateParams: opts.TemplateParams}) {
		return nil, false
	}
	return p, true
}

// ReadBodyAgain reads the Markdown body of file again and reports whether
// it is the body Load read, whose SHA-256 was sum. A body that was valid
// UTF-8 is checked by its hash alone, not by a pass of utf8.Valid over the
// file first: equal hashes, equal bytes.
func ReadBodyAgain(fsys fs.FS, file string, sum [32]byte) (body []byte, same bool, err error) {
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, false, err
	}
	text := normalizeLines(src)
	if body := split(text).body; sha256.Sum256(body) == sum {
		return body, true, nil
	}
	body = split(normalize(src)).body
	return body, sha256.Sum256(body) == sum, nil
}

func (pl place) page(file string) *Page {
	p := new(Page)
	pl.fill(p, file)
	return p
}

// fill sets what the place of file says of its page.
func (pl place) fill(p *Page, file string) {
	*p = Page{File: file, Lang: pl.lang, Kind: pl.kind, Path: pl.path, Section: section(pl.kind, pl.path)}
}

// parse fills in what the file's bytes say.
// partialNotRendered is why a partial (IsPartial) is not published: it
// is read as a page not rendered, which GetPage and includes find.
const partialNotRendered = `a "_" partial, which pages include`

func (p *Page) parse(src []byte, diags *diag.List, opts LoadOptions) bool {
	var ok bool
	if IsCategoryFile(p.File) {
		p.Meta, ok = parseCategory(p.File, src, diags)
	} else {
		p.Meta, p.Body, p.BodyLine, p.Untranslated, ok = parse(p.File, src, diags, opts)
	}
	if p.Meta.NotRendered == "" && IsPartial(p.File) {
		p.Meta.NotRendered = partialNotRendered
	}
	p.Key = p.Path
	if p.Meta.TranslationKey != "" {
		p.Key = p.Meta.TranslationKey
	}
	if p.Meta.Title == "" {
		p.Heading = FirstHeading(p.Body)
	}
	// A home or section page is often only a title and a description: with a
	// translated title it is a translation, not a stub, unless it says so.
	// One that redirects (Zola's redirect_to) needs neither title nor text.
	if p.Kind != Article && p.Untranslated && (p.Meta.Title != "" || p.Meta.RedirectTo != "") && p.Meta.Lines.Of("untranslated") == 0 {
		p.Untranslated = false
	}
	return ok
}

// parallel runs f(0..n-1) on all CPUs: reading and decoding front matter is
// most of the load time on big sites. There are a few workers per core: a
// file not in memory keeps its reader waiting on the disk, and the others
// use the core meanwhile. Workers take the next index from a
// counter rather than a channel: a hand-off per file would wake a
// goroutine for each of tens of thousands of files.
func parallel(n int, f func(i int)) {
	workers := min(4*runtime.GOMAXPROCS(0), n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i)
			}
		})
	}
	wg.Wait()
}

func section(kind Kind, path string) string {
	if kind == Home {
		return ""
	}
	first, _, nested := strings.Cut(path, "/")
	if kind == Article && !nested {
		return ""
	}
	return first
}

// describe names a page for messages: "home page", "article "faq/x"".
func describe(kind Kind, path string) string {
	if kind == Home {
		return "home page"
	}
	return fmt.Sprintf("%s %q", kind, path)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
