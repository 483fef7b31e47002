package config

import (
	"path"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"kb/builder/diag"
)

// DefaultFeedLimit is how many articles a feed lists when [feeds] limit
// is not set.
const DefaultFeedLimit = 20

// Feeds configures the Atom feeds of recently updated articles that kb
// writes per language and per section, at the addresses Hugo gave its
// feeds (/index.xml, /ar/index.xml, /policies/index.xml).
type Feeds struct {
	// Enabled turns the feeds off when false; on when unset.
	Enabled *bool `toml:"enabled"`
	// Limit is the most entries a feed lists; 0 means DefaultFeedLimit.
	Limit int `toml:"limit"`
	// Filenames are the names each feed is written under, beside its
	// home or section page (Zola's atom.xml); none means DefaultFeedFile.
	// The feed is Atom whatever the name: feed readers read the document,
	// not its name.
	Filenames []string `toml:"filenames"`
}

// DefaultFeedFile is the name of a feed beside its page when [feeds]
// filenames is not set: where Hugo published its RSS feeds.
const DefaultFeedFile = "index.xml"

// Files are the names each feed is written under, the first the one pages
// link to.
func (f Feeds) Files() []string {
	if len(f.Filenames) == 0 {
		return []string{DefaultFeedFile}
	}
	return f.Filenames
}

// On reports whether kb writes feeds.
func (f Feeds) On() bool { return f.Enabled == nil || *f.Enabled }

// Entries is the most entries a feed lists.
func (f Feeds) Entries() int {
	if f.Limit <= 0 {
		return DefaultFeedLimit
	}
	return f.Limit
}

// validateFeeds checks [feeds].
func (c *Config) validateFeeds(src []byte) []diag.Diagnostic {
	var ds []diag.Diagnostic
	if c.Feeds.Limit < 0 {
		ds = append(ds, diag.At(FileName, KeyLine(src, toml.Key{"feeds", "limit"}), 0,
			"[feeds] limit = %d: give the most articles a feed lists, like %d", c.Feeds.Limit, DefaultFeedLimit))
	}
	for i, name := range c.Feeds.Filenames {
		if !feedFileName(name) || slices.Contains(c.Feeds.Filenames[:i], name) {
			ds = append(ds, diag.At(FileName, KeyLine(src, toml.Key{"feeds", "filenames"}), 0,
				"[feeds] filenames: %q is not a file name of its own ending in .xml; give names such as \"atom.xml\", written beside each home and section page", name))
			break
		}
	}
	return ds
}

// feedFileName reports whether name can be a feed's file beside a page:
// one path segment, not hidden, ending in .xml.
func feedFileName(name string) bool {
	return path.Ext(name) == ".xml" && !strings.ContainsAny(name, "/\\") && !strings.HasPrefix(name, ".")
}
