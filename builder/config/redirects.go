package config

import (
	"path"
	"strings"

	"github.com/BurntSushi/toml"

	"kb/builder/diag"
)

// validateRedirects checks each [redirects] entry's form and records its
// line: an old address is a path of the site from its root, and a page is
// named by its Markdown file or its address. Whether the page exists is
// the build's to say (builder's siteRedirects).
func (c *Config) validateRedirects(src []byte) []diag.Diagnostic {
	if len(c.Redirects) == 0 {
		return nil
	}
	var ds []diag.Diagnostic
	c.RedirectLines = make(map[string]int, len(c.Redirects))
	for from, to := range c.Redirects {
		line := KeyLine(src, toml.Key{"redirects", from})
		c.RedirectLines[from] = line
		switch {
		case !strings.HasPrefix(from, "/") || strings.Contains(from, "..") || strings.ContainsAny(from, "\\?#") || path.Clean(from) == "/":
			ds = append(ds, diag.At(c.ConfigFile(), line, 0, "[redirects] %q: an old address is a path of the site from its root, like \"/old/page/\" = \"guides/page.md\"", from))
			delete(c.Redirects, from)
		case strings.Contains(to, "://") || strings.HasPrefix(to, "//"):
			ds = append(ds, diag.At(c.ConfigFile(), line, 0, "[redirects] %q = %q: kb redirects to the site's own pages; send an address to another site with your host's redirect rules (static/_redirects)", from, to))
			delete(c.Redirects, from)
		case to == "" || strings.Contains(to, ".."):
			ds = append(ds, diag.At(c.ConfigFile(), line, 0, "[redirects] %q = %q: name the page by its Markdown file under content/ (\"guides/page.md\") or by its address (\"/guides/page/\")", from, to))
			delete(c.Redirects, from)
		}
	}
	return ds
}
