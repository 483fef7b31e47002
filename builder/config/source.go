package config

import (
	"errors"
	"io/fs"
	"strings"

	"kb/builder/diag"
)

// Source names the configuration file a site folder is read from: its
// site.toml, or a Hugo or Zola configuration when it has none. ok is false
// when there is neither.
func Source(fsys fs.FS) (name string, ok bool) {
	if _, err := fs.Stat(fsys, FileName); err == nil || !errors.Is(err, fs.ErrNotExist) {
		return FileName, true
	}
	if f, err := ReadForeign(fsys); err != nil || f != nil {
		if f != nil {
			return f.File, true
		}
		return FileName, true // its error is Load's to report
	}
	return "", false
}

// loadForeign reads a site that has no site.toml from its Hugo or Zola
// configuration, and says once which keys it used.
func loadForeign(fsys fs.FS) (*Config, []diag.Diagnostic) {
	f, err := ReadForeign(fsys)
	if err != nil {
		return nil, []diag.Diagnostic{diag.At(FileName, 0, 0, "no %s, and the Hugo or Zola configuration cannot be read: %v", FileName, err)}
	}
	if f == nil {
		if src, ok := InitFrom(fsys); ok {
			return nil, []diag.Diagnostic{diag.At(src.File, 0, 0, "no %s: for %s, run kb init --from %s to write one", FileName, src.Site, src.From)}
		}
		return nil, []diag.Diagnostic{diag.At(FileName, 0, 0, "no %s here: run kb in a site folder or pass -s DIR", FileName)}
	}
	cfg, ds := Parse(f.TOML)
	if cfg != nil {
		cfg.file = f.File
	}
	for i := range ds { // the site.toml is the one made from f.File
		ds[i].File, ds[i].Line, ds[i].Col = f.File, 0, 0
	}
	generator := strings.ToLower(f.Generator)
	ds = append(ds, f.Notes...)
	ds = append(ds, diag.WarnAt(f.File, 0, 0, "no %s: read the %s configuration (%s); kb init --from %s writes it as a %s to keep",
		FileName, f.Generator, strings.Join(f.Keys, ", "), generator, FileName).Of(diag.Imported))
	return cfg, ds
}

// byContentDir maps a folder under content/ to the language whose
// contentDir it is.
func (c *Config) byContentDir(folder string) (string, bool) {
	for code, l := range c.Languages {
		if l.ContentDir != "" && strings.EqualFold(l.ContentDir, folder) {
			return code, true
		}
	}
	return "", false
}

// InitSource is the configuration of a site that kb does not build as it
// is but kb init --from can read.
type InitSource struct {
	File string // "astro.config.mjs", "mkdocs.yml"
	From string // the --from that reads it: "starlight", "mkdocs"
	Site string // "a Starlight site"
	Kind string // "an Astro configuration"
}

// InitFrom finds the configuration of a Starlight (Astro), Docusaurus,
// MkDocs, VitePress or Jekyll site, or a GitBook space, in fsys; ok is false when
// there is none.
func InitFrom(fsys fs.FS) (src InitSource, ok bool) {
	if astro := AstroConfig(fsys); astro != "" {
		return InitSource{astro, "starlight", "a Starlight site", "an Astro configuration"}, true
	}
	if docusaurus := DocusaurusConfig(fsys); docusaurus != "" {
		return InitSource{docusaurus, "docusaurus", "a Docusaurus site", "a Docusaurus configuration"}, true
	}
	if mkdocs := MkDocsConfig(fsys); mkdocs != "" {
		return InitSource{mkdocs, "mkdocs", "an MkDocs site", "an MkDocs configuration"}, true
	}
	if vitepress := VitePressConfig(fsys); vitepress != "" {
		return InitSource{vitepress, "vitepress", "a VitePress site", "a VitePress configuration"}, true
	}
	if jekyll := JekyllConfig(fsys); jekyll != "" {
		return InitSource{jekyll, "jekyll", "a Jekyll site", "a Jekyll configuration"}, true
	}
	switch GitBookConfig(fsys) {
	case GitBookFile:
		return InitSource{GitBookFile, "gitbook", "a GitBook space", "a GitBook configuration"}, true
	case "SUMMARY.md":
		return InitSource{"SUMMARY.md", "gitbook", "a GitBook space", "a GitBook table of contents"}, true
	}
	return InitSource{}, false
}
