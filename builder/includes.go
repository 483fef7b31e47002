package builder

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"kb/builder/config"
	"kb/builder/content"
)

// maxIncludeFile bounds the file an include may read: writers' text
// must not exhaust the build machine.
const maxIncludeFile = 1 << 20

// include reads the file of a page's <!--@include: dest--> or <<< dest
// (VitePress's includes and code snippet imports) or MDX import: a page
// or a passive file of the content folder, or a file of the snippets
// folder, named relative to the file the include is in, or with "@/" from
// VitePress's source folder: the snippets folder for "@/snippets/", else
// the content folder; or with Docusaurus's "@site/docs/" from the content
// folder of the page's language. seen hears of each file looked for, so that a rebuild renders
// the page again when that file changes, appears or goes.
func (r *renderer) include(seen func(file string)) func(from, dest string) (string, []byte, error) {
	return func(from, dest string) (string, []byte, error) {
		target := path.Join(path.Dir(from), dest)
		if rest, ok := strings.CutPrefix(dest, "@/"); ok {
			target = path.Join("content", rest)
			if content.InSnippets(path.Clean(rest)) {
				target = path.Clean(rest)
			}
		}
		if rest, ok := strings.CutPrefix(dest, docusaurusDocs); ok {
			target = path.Join("content", r.languageFolder(from), rest)
		}
		if !strings.HasPrefix(target, "content/") && !content.InSnippets(target) {
			return "", nil, fmt.Errorf("%s is outside the content and %s folders: kb includes files of those only", target, config.SnippetsFolder)
		}
		seen(target)
		class, _ := content.ClassifyFile(target)
		if class == content.Ignored {
			return "", nil, fmt.Errorf("%s is a file kb never reads (a hidden or an editor's file, or one other than Markdown under a \"_\" name): rename it", target)
		}
		readable := class == content.Markdown || class == content.Asset || class == content.Snippet
		// Code is read from the snippets folder: where to put a file
		// named in the content folder, and how to name it there.
		moved := path.Join(config.SnippetsFolder, strings.TrimPrefix(target, "content/"))
		info, err := fs.Stat(r.siteFS, target)
		switch {
		case errors.Is(err, fs.ErrNotExist) && !readable:
			return "", nil, fmt.Errorf("%s does not exist, and kb reads the code pages show from %s/ beside content/ only: put the file at %s and name it @/%s", target, config.SnippetsFolder, moved, moved)
		case errors.Is(err, fs.ErrNotExist):
			return "", nil, fmt.Errorf("%s does not exist", target)
		case err != nil:
			return "", nil, err
		case info.IsDir():
			return "", nil, fmt.Errorf("%s is a folder: include a file", target)
		case !readable:
			return "", nil, fmt.Errorf("%s is neither a page nor a file kb publishes: kb reads the code pages show from %s/ beside content/, which it never publishes; move the file to %s and name it @/%s", target, config.SnippetsFolder, moved, moved)
		case info.Size() > maxIncludeFile:
			return "", nil, fmt.Errorf("%s is larger than %d KiB: include less", target, maxIncludeFile>>10)
		}
		text, err := fs.ReadFile(r.siteFS, target)
		if err == nil && !utf8.Valid(text) {
			return "", nil, fmt.Errorf("%s is not text (UTF-8): include text", target)
		}
		return target, text, err
	}
}

// docusaurusDocs is how a Docusaurus page names a file of its docs
// folder, which is kb's content folder: in an MDX import, "@site/docs/x".
const docusaurusDocs = "@site/docs/"

// languageFolder is the language folder under content/ that file is in
// ("en" for content/en/guide/x.md), "" for none: a translated page's
// "@site/docs/x" is the file of its own language.
func (r *renderer) languageFolder(file string) string {
	first, _, _ := strings.Cut(strings.TrimPrefix(file, "content/"), "/")
	if _, ok := r.site.cfg.Lookup(first); ok && strings.HasPrefix(file, "content/") {
		return first
	}
	return ""
}

// includeDigest is what the page cache keeps of an include's answer: the
// file and a digest of its text, or the error, which a cached page is
// rendered again for when it changes.
func includeDigest(file string, text []byte, err error) (string, bool) {
	if err != nil {
		return err.Error(), false
	}
	sum := sha256.Sum256(text)
	return file + "\x00" + hex.EncodeToString(sum[:]), true
}
