package content

import (
	"path"
	"runtime"
	"strings"
	"sync"

	"kb/builder/config"
)

// status says whether a file under content/ is a page, and if not, why.
type status int

const (
	page         status = iota
	notPage             // not a Markdown file under content/ (see ClassifyFile)
	unconfigured        // a language the site does not configure (lang holds its code)
	disabled            // a language the site turned off (lang holds its code, folder the folder when it is one)
	mismatch            // a language suffix that differs from the language folder
)

// place is where a file sits in the site: what Classify returns, plus the
// reason a file is not a page, so that Load can say so.
type place struct {
	status         status
	lang           string
	kind           Kind
	path           string
	folder, suffix string // for mismatch
	// category is a Docusaurus _category_ file: the section's page when
	// no _index.md (nor index.md) of the folder claims it.
	category bool
}

// Classify maps a path under the site root ("content/ar/faq/x.md", "content/faq/x.ar.md", "content/faq/x/index.ar.md")
// to its language, kind and logical path. ok is false for non-Markdown files and for files of languages the
// site does not configure (Load warns once per such language folder/suffix, not per file).
func Classify(file string, langs Languages) (lang string, kind Kind, path string, ok bool) {
	p := classify(file, langs)
	if p.status != page {
		return "", 0, "", false
	}
	return p.lang, p.kind, p.path, true
}

func classify(file string, langs Languages) place {
	if class, _ := ClassifyFile(file); class != Markdown || IsGitBookInclude(file) {
		return place{status: notPage}
	}
	// dir is the folders under content/, "a/b", less a language folder.
	dir, last := "", strings.TrimPrefix(file, "content/")
	if i := strings.LastIndexByte(last, '/'); i >= 0 {
		dir, last = last[:i], last[i+1:]
	}
	name := last[:len(last)-len(markdownExt(last))]
	category := IsCategoryFile(last)
	if category {
		name = "_index"
	}
	if name == "" {
		return place{status: notPage}
	}

	var folder, folderRaw string
	if dir != "" {
		first, rest, _ := strings.Cut(dir, "/")
		if code, ok := langs.Lookup(first); ok {
			folder, folderRaw = code, first
			dir = rest
		} else if code, ok := disabledLanguage(langs, first); ok {
			return place{status: disabled, lang: code, folder: first}
		} else if code, ok := languageLike(first); ok {
			return place{status: unconfigured, lang: code}
		}
	}

	var suffix, suffixRaw string
	if base, s, dotted := cut(name); dotted {
		if code, ok := langs.Lookup(s); ok {
			suffix, suffixRaw, name = code, s, base
		} else if code, ok := disabledLanguage(langs, s); ok {
			return place{status: disabled, lang: code}
		} else if code, ok := languageLike(s); ok {
			return place{status: unconfigured, lang: code}
		}
	}

	lang := langs.Default()
	switch {
	case folder != "" && suffix != "" && folder != suffix:
		return place{status: mismatch, folder: folderRaw, suffix: suffixRaw}
	case folder != "":
		lang = folder
	case suffix != "":
		lang = suffix
	}

	switch {
	case category && dir == "":
		return place{status: notPage} // the docs' root is no folder of the sidebar
	case name == "SUMMARY" && dir == "":
		return place{status: notPage} // GitBook's table of contents: see IsSummaryFile
	case (name == "_index" || name == "index") && dir == "":
		return place{lang: lang, kind: Home}
	case name == "_index":
		return place{lang: lang, kind: Section, path: dir, category: category}
	case name == "index":
		return place{lang: lang, kind: Article, path: dir}
	}
	return place{lang: lang, kind: Article, path: path.Join(dir, name)}
}

// classifyAll classifies files on every core: a run of files each, with
// lookups of its own.
func classifyAll(files []string, langs Languages) []place {
	places := make([]place, len(files))
	runs := max(1, min(runtime.GOMAXPROCS(0), len(files)/1024))
	var wg sync.WaitGroup
	for r := range runs {
		wg.Go(func() {
			known := rememberLookups(langs)
			for i := r * len(files) / runs; i < (r+1)*len(files)/runs; i++ {
				places[i] = classify(files[i], known)
			}
		})
	}
	wg.Wait()
	return places
}

// DisabledLanguages is what a Languages may also tell: the languages the
// site turned off, whose pages are skipped.
type DisabledLanguages interface {
	// Disabled maps a folder name (a code or a contentDir) or file-name
	// suffix, in any letter case, to a language turned off.
	Disabled(s string) (code string, ok bool)
}

func disabledLanguage(langs Languages, s string) (string, bool) {
	if r, ok := langs.(*rememberedLookups); ok {
		langs = r.Languages
	}
	if d, ok := langs.(DisabledLanguages); ok {
		return d.Disabled(s)
	}
	return "", false
}

// cut splits "x.ar" into "x" and "ar" at the last dot.
func cut(name string) (base, suffix string, ok bool) {
	i := strings.LastIndexByte(name, '.')
	if i <= 0 || i == len(name)-1 {
		return name, "", false
	}
	return name[:i], name[i+1:], true
}

// LanguageSuffix splits a page file's name less its extension, "x.ar" or
// "notes.v2", into its page's name and a language suffix when the last
// dot is followed by one: "x" and "ar", but "notes.v2" and "" (as
// classify reads them, less the site's own three-letter codes).
func LanguageSuffix(name string) (base, suffix string) {
	if b, s, dotted := cut(name); dotted {
		if _, ok := languageLike(s); ok {
			return b, s
		}
	}
	return name, ""
}

// languageLike returns the canonical code when s reads as a language code
// that a site could mean: a two-letter language ("fa"), or any code with a
// script or region ("fil-PH", "zh-Hant"). Bare three-letter codes are left
// out on purpose: "app", "api", "new" and "map" are valid BCP 47 codes but far
// more often section or file names.
func languageLike(s string) (string, bool) {
	code, err := config.CanonicalCode(s)
	if err != nil {
		return "", false
	}
	primary, rest, _ := strings.Cut(strings.ReplaceAll(s, "_", "-"), "-")
	if len(primary) != 2 && rest == "" {
		return "", false
	}
	return code, true
}

// rememberedLookups is a Languages that asks langs about each name once:
// a site's files name a few language folders and suffixes, each thousands
// of times, and a lookup parses the name as a BCP 47 tag. Not for
// concurrent use.
type rememberedLookups struct {
	Languages
	answers map[string]lookupAnswer
}

type lookupAnswer struct {
	code string
	ok   bool
}

func rememberLookups(langs Languages) *rememberedLookups {
	return &rememberedLookups{Languages: langs, answers: map[string]lookupAnswer{}}
}

func (r *rememberedLookups) Lookup(s string) (string, bool) {
	a, seen := r.answers[s]
	if !seen {
		a.code, a.ok = r.Languages.Lookup(s)
		r.answers[s] = a
	}
	return a.code, a.ok
}
