package config

import (
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
	if c.Feeds.Limit < 0 {
		return []diag.Diagnostic{diag.At(FileName, KeyLine(src, toml.Key{"feeds", "limit"}), 0,
			"[feeds] limit = %d: give the most articles a feed lists, like %d", c.Feeds.Limit, DefaultFeedLimit)}
	}
	return nil
}
