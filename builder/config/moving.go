package config

import (
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"kb/builder/diag"
)

// DefaultInSubdir reports whether the default language's pages live under
// its code (/en/faq/) rather than at the site root (/faq/).
func (c *Config) DefaultInSubdir() bool {
	return c.DefaultLanguageInSubdir == nil || *c.DefaultLanguageInSubdir
}

// Ignores reports whether the site silences warnings of a kind.
func (c *Config) Ignores(k diag.Kind) bool {
	return k != "" && slices.Contains(c.Build.Ignore, string(k))
}

// ignorableKinds are the warning kinds [build] ignore accepts.
var ignorableKinds = []diag.Kind{
	diag.UnknownKey, diag.Shortcode, diag.BrokenLink, diag.BrokenAnchor, diag.MissingFile,
	diag.CrossLanguage, diag.RawHTML, diag.FrontMatter, diag.Language, diag.UIString, diag.Outdated, diag.Imported, diag.Static, diag.LetterCase, diag.Icon, diag.Template,
	diag.ExternalLink, diag.ExternalAnchor, diag.ExternalMoved, diag.ExternalUnchecked,
}

// validateIgnore checks that [build] ignore names kinds of warnings.
func (c *Config) validateIgnore(src []byte) []diag.Diagnostic {
	var ds []diag.Diagnostic
	for _, k := range c.Build.Ignore {
		if !slices.Contains(ignorableKinds, diag.Kind(k)) {
			names := make([]string, len(ignorableKinds))
			for i, k := range ignorableKinds {
				names[i] = string(k)
			}
			ds = append(ds, diag.WarnAt(FileName, KeyLine(src, toml.Key{"build", "ignore"}), 0,
				"[build] ignore: %q is not a kind of warning (use %s)", k, joinQuoted(names)).Of(diag.UnknownKey))
		}
	}
	return ds
}

// validateExternalIgnore checks that [check] externalIgnore's patterns
// can match a web address, which is all kb check --external looks at.
func (c *Config) validateExternalIgnore(src []byte) []diag.Diagnostic {
	var ds []diag.Diagnostic
	for _, p := range c.Check.ExternalIgnore {
		lower := strings.ToLower(p)
		if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") && !strings.HasPrefix(lower, "*") {
			ds = append(ds, diag.WarnAt(FileName, KeyLine(src, toml.Key{"check", "externalIgnore"}), 0,
				"[check] externalIgnore: %q matches no address: write whole URLs, with * for any characters, like \"https://www.linkedin.com/*\"", p).Of(diag.UnknownKey))
		}
	}
	return ds
}

func joinQuoted(names []string) string {
	s := ""
	for i, n := range names {
		if i > 0 {
			s += ", "
		}
		s += `"` + n + `"`
	}
	return s
}
