package builder

import (
	"fmt"
	"io/fs"
	"strings"

	"kb/builder/content"
	"kb/builder/diag"
)

// staticFolder is what a site's static/ folder publishes: its files at
// their path in the output, less what the content classifier ignores
// (dot-named files and folders such as .env, .DS_Store and .git/, editor
// leftovers), which are a tool's rather than the site's; .well-known/ is
// published. A static file wins over a file kb generates at the same
// path (see generated), as in Hugo.
type staticFolder struct {
	files  []string        // output paths, in walk order
	has    map[string]bool // the same, as a set
	hidden []string        // the files and folders left out, as site paths
}

// listStatic lists the static/ folder of siteFS; a site without one has
// an empty listing.
func listStatic(siteFS fs.FS) (*staticFolder, error) {
	st := &staticFolder{has: map[string]bool{}}
	err := fs.WalkDir(siteFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == "static" {
			return nil
		}
		if class, _ := content.ClassifyFile(p); class == content.Ignored {
			st.hidden = append(st.hidden, p)
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		rel := strings.TrimPrefix(p, "static/")
		st.files = append(st.files, rel)
		st.has[rel] = true
		return nil
	})
	if err != nil && !isNotExist(err) {
		return nil, err
	}
	return st, nil
}

// hiddenWarning says once which files of static/ are not published.
func (st *staticFolder) hiddenWarning() []diag.Diagnostic {
	if len(st.hidden) == 0 {
		return nil
	}
	names := st.hidden
	more := ""
	if len(names) > 3 {
		names, more = names[:3], fmt.Sprintf(" and %d more", len(st.hidden)-3)
	}
	noun := "files and folders are"
	if len(st.hidden) == 1 {
		noun = "file or folder is"
	}
	return []diag.Diagnostic{diag.WarnAt("static/", 0, 0,
		"%d dot-named or temporary %s not published (%s%s); of the dot-named, only .well-known/ is: rename one to publish it",
		len(st.hidden), noun, strings.Join(names, ", "), more).Of(diag.Static)}
}
