package config

import (
	"slices"

	"github.com/BurntSushi/toml"

	"kb/builder/diag"
)

// Shortcodes maps a shortcode name to what becomes of it when the site
// means to keep it without a template ([shortcodes] def = "inner",
// toc = "drop"): "inner" keeps its inner content, "drop" removes it with
// its inner content. Either silences the warning for that name, and wins
// over a theme template of the same name.
type Shortcodes map[string]string

// Params are site parameters ([params]), read by the param shortcode.
type Params map[string]any

func (s Shortcodes) validate(src []byte) []diag.Diagnostic {
	var ds []diag.Diagnostic
	names := make([]string, 0, len(s))
	for n := range s {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		switch s[n] {
		case "inner", "drop":
		default:
			ds = append(ds, diag.At(FileName, KeyLine(src, toml.Key{"shortcodes", n}), 0,
				"[shortcodes] %s = %q: use \"inner\" (keep its inner text) or \"drop\" (remove it)", n, s[n]))
		}
	}
	return ds
}
