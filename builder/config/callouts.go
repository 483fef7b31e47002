package config

import (
	"maps"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"kb/builder/diag"
)

// Callouts name the callouts a site moved in used by names of its own,
// [callouts.<name>] kind = "warning", title = "Careful": kramdown's
// {: .<name> } (Just the Docs' callouts in _config.yml) then shows as a
// callout of that kind, with that title in the site's default language
// (a page in another language shows the kind's title in its own).
type Callouts map[string]Callout

// Callout is one entry of [callouts].
type Callout struct {
	Kind  string `toml:"kind"`
	Title string `toml:"title"` // "" for none: the callout shows no title line
}

// CalloutKinds are the kinds of kb's callouts.
var CalloutKinds = []string{"note", "tip", "important", "warning", "caution"}

func (c Callouts) validate(src []byte) []diag.Diagnostic {
	var ds []diag.Diagnostic
	for _, name := range slices.Sorted(maps.Keys(c)) {
		if !slices.Contains(CalloutKinds, c[name].Kind) {
			ds = append(ds, diag.At(FileName, KeyLine(src, toml.Key{"callouts", name}), 0,
				"[callouts.%s] kind = %q: use one of %s", name, c[name].Kind, strings.Join(CalloutKinds, ", ")))
			delete(c, name)
		}
	}
	return ds
}
