// Package themes embeds kb's default theme so the binary works anywhere; a
// site's themes/<name>/ overrides it file by file.
package themes

import (
	"embed"
	"io/fs"
)

//go:embed default
var embedded embed.FS

// Default returns the default theme as a file system rooted at the theme
// folder (layouts/, assets/, i18n/).
func Default() fs.FS {
	sub, err := fs.Sub(embedded, "default")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder exists
	}
	return sub
}
