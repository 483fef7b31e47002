package builder

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"kb/builder/content"
)

// maxIncludeFile bounds the file an include may read: writers' text
// must not exhaust the build machine.
const maxIncludeFile = 1 << 20

// include reads the file of a page's <!--@include: dest--> (VitePress's
// includes): a page or a passive file of the content folder, named
// relative to the file the include is in, or from the content folder
// with "@/" (VitePress's source folder). seen hears of each file looked
// for, so that a rebuild renders the page again when that file changes,
// appears or goes.
func (r *renderer) include(seen func(file string)) func(from, dest string) (string, []byte, error) {
	return func(from, dest string) (string, []byte, error) {
		target := path.Join(path.Dir(from), dest)
		if rest, ok := strings.CutPrefix(dest, "@/"); ok {
			target = path.Join("content", rest)
		}
		if !strings.HasPrefix(target, "content/") {
			return "", nil, fmt.Errorf("%s is outside the content folder: kb includes files of content/ only", target)
		}
		seen(target)
		switch class, _ := content.ClassifyFile(target); class {
		case content.Markdown, content.Asset:
		case content.Ignored:
			return "", nil, fmt.Errorf("%s is a file kb never reads (a draft, a hidden or an editor's file): rename it", target)
		default:
			return "", nil, fmt.Errorf("%s is neither a page nor a file kb publishes: include Markdown or text (code to include is saved as a .txt file under content/)", target)
		}
		info, err := fs.Stat(r.siteFS, target)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return "", nil, fmt.Errorf("%s does not exist", target)
		case err != nil:
			return "", nil, err
		case info.IsDir():
			return "", nil, fmt.Errorf("%s is a folder: include a file", target)
		case info.Size() > maxIncludeFile:
			return "", nil, fmt.Errorf("%s is larger than %d KiB: include less", target, maxIncludeFile>>10)
		}
		text, err := fs.ReadFile(r.siteFS, target)
		return target, text, err
	}
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
