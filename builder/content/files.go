package content

import (
	"cmp"
	"path"
	"strings"

	"kb/builder/config"
)

// FileClass is what kb does with a file of the site. Every part that meets
// a file (the loader, the copier of files beside pages, the watcher, the
// rebuild in kb serve, kb check) asks ClassifyFile, so they cannot disagree.
type FileClass int

const (
	// Ignored files are editor and version-control leftovers ("x.md~",
	// "#x.md#", ".#x.md", "x.md.bak", ".x.md.swp", vim's "4913"), hidden
	// files and folders, and, under content/, files of a type other than
	// Markdown or a passive one with a "_"-prefixed name or folder: never
	// read, never published, never a reason to rebuild.
	Ignored FileClass = iota
	// Markdown is a page: ".md" or ".markdown" under content/, or ".mdx",
	// the Markdown with components that Starlight and Docusaurus write;
	// or a Docusaurus folder's _category_.json, its section's front matter.
	// A Markdown file with a "_"-prefixed name or folder (other than
	// _index) is a partial (IsPartial): read, never published.
	Markdown
	// Asset is a passive file under content/, published as is at its path:
	// images (SVG only without scripts, see CheckSVG), PDF, audio, video,
	// captions, plain text, CSV and fonts.
	Asset
	// Refused is any other file under content/: HTML, JavaScript and XML
	// would run on the help center's origin, and an unknown type might.
	// The build fails, naming the file and what to do.
	Refused
	// SiteFile is a file outside content/ (site.toml, i18n/, static/, the
	// theme): the site owner's, read or copied as is.
	SiteFile
	// Snippet is a file of the site's snippets/ folder (config.SnippetsFolder):
	// code that pages show as text (VitePress's "<<< @/snippets/x.js"
	// imports, includes), which kb reads through the includes' checks and
	// never publishes, so a script there runs nowhere.
	Snippet
	// Shown is a passive file under content/ with a "_"-prefixed name or
	// folder (an image beside a partial in _common/): published at its
	// path only while a published page shows or links to it, so a
	// writer's _notes.txt or a draft's screenshots stay unpublished.
	Shown
)

// InSnippets reports whether a slash path from the site root is the
// snippets folder or inside it.
func InSnippets(file string) bool {
	rest, ok := strings.CutPrefix(file, config.SnippetsFolder)
	return ok && (rest == "" || rest[0] == '/')
}

// String names the class for messages and tests.
func (c FileClass) String() string {
	switch c {
	case Ignored:
		return "ignored"
	case Markdown:
		return "page"
	case Asset:
		return "asset"
	case Refused:
		return "refused"
	case SiteFile:
		return "site file"
	case Snippet:
		return "snippet"
	case Shown:
		return "asset when shown"
	}
	return "FileClass(?)"
}

// assets is the allowlist of passive types published from content/: a
// browser shows them, it does not run them.
var assets = map[string]bool{
	// images (SVG is checked for scripts before it is published)
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".avif": true,
	".apng": true, ".bmp": true, ".ico": true, ".tif": true, ".tiff": true, ".jxl": true, ".svg": true,
	// documents
	".pdf": true, ".txt": true, ".csv": true, ".tsv": true,
	// audio, video and their captions
	".mp3": true, ".m4a": true, ".aac": true, ".oga": true, ".ogg": true, ".opus": true, ".wav": true, ".flac": true, ".weba": true,
	".mp4": true, ".m4v": true, ".webm": true, ".ogv": true, ".mov": true, ".vtt": true,
	// fonts
	".woff": true, ".woff2": true, ".ttf": true, ".otf": true,
}

// moveToStatic is the advice every refusal ends with.
const moveToStatic = "move trusted files to static/, which is the site owner's and copied as is"

// codeToSnippets is the advice a refused script or program ends with:
// pages that show it import it from the snippets folder.
const codeToSnippets = "; code that pages show (<<< imports, includes) goes in " + config.SnippetsFolder + "/ beside content/, which kb reads and never publishes"

// refusals explain, by type, why a file under content/ is not published.
var refusals = map[string]string{
	".html":  "HTML under content/ would be served as a page of the help center, scripts included: write it as Markdown, or " + moveToStatic,
	".htm":   "HTML under content/ would be served as a page of the help center, scripts included: write it as Markdown, or " + moveToStatic,
	".xhtml": "XHTML under content/ would be served as a page of the help center, scripts included: write it as Markdown, or " + moveToStatic,
	".shtml": "HTML under content/ would be served as a page of the help center, scripts included: write it as Markdown, or " + moveToStatic,
	".js":    "JavaScript under content/ would run on the help center's origin: " + moveToStatic + codeToSnippets,
	".mjs":   "JavaScript under content/ would run on the help center's origin: " + moveToStatic + codeToSnippets,
	".cjs":   "JavaScript under content/ would run on the help center's origin: " + moveToStatic + codeToSnippets,
	".xml":   "XML under content/ can name a stylesheet that turns it into a page with scripts: " + moveToStatic,
	".xsl":   "an XSL stylesheet under content/ can turn XML into a page with scripts: " + moveToStatic,
	".xslt":  "an XSL stylesheet under content/ can turn XML into a page with scripts: " + moveToStatic,
}

// wellKnown is the one hidden folder a site publishes, from static/: hosts
// and protocols look for security.txt, ACME challenges and app links there.
const wellKnown = ".well-known"

// GitBook's Git Sync keeps a space's images and files in .gitbook/assets,
// which its pages link to: a hidden folder whose files publish as the
// files beside pages do, Markdown files too ({% file %} offers them for
// download), which are no pages there. .gitbook/includes holds the
// reusable content {% include %} reads: Markdown that is no page and is
// not published, but that kb serve watches. The rest of .gitbook stays
// hidden.
const (
	gitbookAssets   = ".gitbook/assets"
	gitbookIncludes = ".gitbook/includes"
)

// gitbookFolder reports a path that starts with .gitbook/assets or
// .gitbook/includes (which it returns), or is the .gitbook folder that
// holds them ("").
func gitbookFolder(p string) (folder string, ok bool) {
	if p == ".gitbook" {
		return "", true
	}
	for _, f := range []string{gitbookAssets, gitbookIncludes} {
		if rest, ok := strings.CutPrefix(p, f); ok && (rest == "" || rest[0] == '/') {
			return f, true
		}
	}
	return "", false
}

// IsGitBookInclude reports a file of GitBook's reusable content.
func IsGitBookInclude(file string) bool {
	rest, inContent := strings.CutPrefix(file, "content/")
	i := strings.Index("/"+rest, "/"+gitbookIncludes+"/")
	return inContent && i >= 0
}

// ClassifyFile says what kb does with file, a slash path from the site root
// ("content/en/faq/chart.png"). When the answer is Refused, why says what
// is wrong and what to do.
func ClassifyFile(file string) (class FileClass, why string) {
	rest, inContent := strings.CutPrefix(file, "content/")
	if !inContent {
		rest = file
	}
	name := rest
	gitbook := "" // the GitBook folder the file is in: see gitbookAssets
	for i, s := 0, ""; i < len(rest); i += len(s) + 1 {
		s, _, _ = strings.Cut(rest[i:], "/")
		if s == wellKnown && !inContent {
			continue // see wellKnown
		}
		if folder, ok := gitbookFolder(rest[i:]); inContent && ok {
			gitbook = cmp.Or(gitbook, folder)
			continue
		}
		if s == "" || IgnoredName(s) {
			return Ignored, ""
		}
		name = s
	}
	// Under a "_" name only Markdown (partials), passive files that pages
	// may show (an image beside a partial) and folders, whose names have
	// no type, are read.
	if inContent && underscored(rest) && markdownExt(name) == "" && path.Ext(name) != "" {
		if assets[strings.ToLower(path.Ext(name))] {
			return Shown, ""
		}
		return Ignored, ""
	}
	if InSnippets(file) {
		return Snippet, ""
	}
	if !inContent {
		return SiteFile, ""
	}
	ext := strings.ToLower(path.Ext(name))
	switch {
	case gitbook == gitbookAssets && markdownExt(name) != "":
		return Asset, ""
	case markdownExt(name) != "", IsCategoryFile(name):
		return Markdown, ""
	case assets[ext]:
		return Asset, ""
	case refusals[ext] != "":
		return Refused, refusals[ext]
	case ext == "":
		return Refused, "a file without a type is not published from content/ (only images, PDF, audio, video, plain text, CSV and fonts are): " + moveToStatic
	}
	return Refused, ext + " files are not published from content/ (only images, PDF, audio, video, plain text, CSV and fonts are): " + moveToStatic + codeToSnippets
}

// IsMarkdownName reports whether a file name or link path names a page:
// it ends in ".md", ".markdown" or ".mdx", in any letter case. Links to pages are
// told from links to files by it.
func IsMarkdownName(name string) bool { return markdownExt(name) != "" }

// markdownExt returns the Markdown extension name ends with (".md",
// ".markdown", ".mdx", in any letter case), or "".
func markdownExt(name string) string {
	for _, ext := range []string{".md", ".markdown", ".mdx"} {
		if len(name) > len(ext) && strings.EqualFold(name[len(name)-len(ext):], ext) {
			return name[len(name)-len(ext):]
		}
	}
	return ""
}

// IgnoredName reports a file or folder name that is never part of a site,
// wherever it is: hidden names (.git, .DS_Store, emacs' ".#x.md" locks,
// vim's ".x.md.swp"), editor backups and temporary files ("x.md~",
// "#x.md#", "x.md.bak", "x.md.orig", vim's "4913", JetBrains' "___jb_"
// files, a browser editor's ".crswap", Byword's ".sb-…"), files still being downloaded or copied (".part",
// ".crdownload") and the desktop's Thumbs.db and desktop.ini. Any of them
// may sit in content/ for a moment or an editing session, and none is a
// page or a file to publish.
func IgnoredName(name string) bool {
	lower := strings.ToLower(name)
	switch {
	case strings.HasPrefix(name, "."),
		strings.HasSuffix(name, "~"),
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		name == "4913",
		strings.Contains(name, "___jb_"),
		strings.HasPrefix(strings.ToLower(path.Ext(name)), ".sb-"),
		lower == "thumbs.db", lower == "desktop.ini":
		return true
	}
	for _, ext := range []string{".swp", ".swo", ".swx", ".tmp", ".bak", ".orig", ".rej", ".crswap", ".part", ".crdownload"} {
		if strings.HasSuffix(lower, ext) {
			return true
		}
	}
	return false
}

// IsPartial reports a Markdown file under content/ that pages include
// and that is never a page of its own: one whose name or folder starts
// with "_" (Docusaurus's "_shipping.mdx" that a page imports, Hugo docs'
// "_common/" pages that the include shortcode finds with GetPage), other
// than _index pages and _category_ files. It is read as a page not
// rendered, so GetPage finds it; a draft kept in "_drafts/" is one too,
// published nowhere unless a page includes it.
func IsPartial(file string) bool {
	rest, inContent := strings.CutPrefix(file, "content/")
	class, _ := ClassifyFile(file)
	return inContent && class == Markdown && underscored(rest)
}

// underscored reports a path under content/ with a "_"-prefixed file or
// folder name, _index pages and Docusaurus's _category_ files aside.
func underscored(rest string) bool {
	for _, s := range strings.Split(rest, "/") {
		if strings.HasPrefix(s, "_") && s != "_index" && !strings.HasPrefix(s, "_index.") && !IsCategoryFile(s) {
			return true
		}
	}
	return false
}

// IsMDX reports whether a page's file is MDX ("x.mdx", in any letter
// case): Markdown whose import and export lines, {/* comments */} and
// <Component> tags are read as MDX reads them rather than shown as text.
func IsMDX(file string) bool {
	const ext = ".mdx"
	return len(file) > len(ext) && strings.EqualFold(file[len(file)-len(ext):], ext)
}
