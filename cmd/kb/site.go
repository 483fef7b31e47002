package main

import (
	"fmt"
	"os"
	"strings"

	"kb/builder/config"
)

// requireSite is a usage error when dir holds no site configuration kb can
// read, with the command that makes one.
func requireSite(dir string) error {
	if _, ok := config.Source(os.DirFS(dir)); ok {
		return nil
	}
	hint := "kb init"
	where := "here"
	if dir != "." && dir != "" {
		hint += " " + dir
		where = "in " + dir
	}
	if astro := config.AstroConfig(os.DirFS(dir)); astro != "" {
		return usageError{
			msg:  fmt.Sprintf("no %s %s, but an Astro configuration (%s): kb init --from starlight writes the %s for a Starlight site", config.FileName, where, astro, config.FileName),
			hint: strings.Replace(hint, "kb init", "kb init --from starlight", 1),
		}
	}
	return usageError{
		msg:  fmt.Sprintf("no %s %s (nor a Hugo or Zola configuration): run kb in a site folder, pass -s DIR, or start a site", config.FileName, where),
		hint: hint,
	}
}
