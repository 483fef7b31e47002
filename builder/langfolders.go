package builder

import (
	"io/fs"
	"strings"

	"kb/builder/config"
	"kb/builder/diag"
)

// languageLookalikes warns about folders under content/ that are no
// language but look like a mistyped one ("ra" for ar): the loader takes them
// for a section of the default language, which publishes the pages under
// the wrong language with no other sign.
func languageLookalikes(fsys fs.FS, cfg *config.Config) []diag.Diagnostic {
	entries, err := fs.ReadDir(fsys, "content")
	if err != nil {
		return nil
	}
	var ds []diag.Diagnostic
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || len(name) < 2 || len(name) > 3 {
			continue
		}
		if _, ok := cfg.Lookup(name); ok {
			continue
		}
		if _, err := config.CanonicalCode(name); err == nil {
			continue // a language, unconfigured: the loader says so
		}
		for _, code := range cfg.Order {
			seg := cfg.Languages[code].Segment
			if swapsTo(strings.ToLower(name), strings.ToLower(seg)) {
				ds = append(ds, diag.WarnAt("content/"+name, 0, 0,
					"folder %q is not in [languages]; did you mean %q? Its pages are published as a section of the %s pages",
					name, seg, cfg.DefaultLanguage).Of(diag.Language))
				break
			}
		}
	}
	return ds
}

// swapsTo reports whether a becomes b by swapping two neighbouring letters.
func swapsTo(a, b string) bool {
	if len(a) != len(b) || a == b {
		return false
	}
	for i := 0; i+1 < len(a); i++ {
		if a[i] != b[i] {
			return a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
		}
	}
	return false
}
