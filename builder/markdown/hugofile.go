package markdown

import (
	"crypto/md5"
	"encoding/hex"
	"path"
	"strings"

	"kb/builder/content"
)

// HugoFile is Hugo's .Page.File: the page's source file as Hugo names it,
// relative to the content folder (to the language's, in a site whose
// languages are folders), which themes' "edit this page" links and
// Learn's attachments shortcode read. Filename is the path in the site
// ("content/en/docs/start.md"), not on the build machine, so that every
// machine builds alike.
type HugoFile struct {
	Path, Dir, Filename, LogicalName    string
	BaseFileName, TranslationBaseName   string
	ContentBaseName, Ext, Lang, Section string
	UniqueID                            string
	IsContentAdapter                    bool
}

// File is the page's file; nil for a page with none (a section kb made),
// which Hugo's `with .File` skips.
func (p *HugoPage) File() *HugoFile {
	if p.SourceFile == "" {
		return nil
	}
	dir := p.ContentDir
	if dir == "" {
		dir = "content"
	}
	rel := strings.TrimPrefix(p.SourceFile, dir+"/")
	logical := path.Base(rel)
	ext := path.Ext(logical)
	base := strings.TrimSuffix(logical, ext)
	translationBase, _ := content.LanguageSuffix(base)
	f := &HugoFile{
		Path: rel, Filename: p.SourceFile, LogicalName: logical,
		BaseFileName: base, TranslationBaseName: translationBase, ContentBaseName: translationBase,
		Ext: strings.TrimPrefix(ext, "."), Lang: p.Lang,
	}
	if d := path.Dir(rel); d != "." {
		f.Dir = d + "/"
		f.Section, _, _ = strings.Cut(d, "/")
		if translationBase == "index" || translationBase == "_index" {
			f.ContentBaseName = path.Base(d) // a bundle is named by its folder
		}
	}
	sum := md5.Sum([]byte(rel))
	f.UniqueID = hex.EncodeToString(sum[:])
	return f
}
