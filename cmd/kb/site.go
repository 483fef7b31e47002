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
	if file, generator := config.NeedsInit(os.DirFS(dir)); file != "" {
		from := "kb init --from " + strings.ToLower(generator)
		return usageError{
			msg:  fmt.Sprintf("no %s %s, but a %s configuration (%s): %s writes the %s for a %s site", config.FileName, where, generator, file, from, config.FileName, generator),
			hint: strings.Replace(hint, "kb init", from, 1),
		}
	}
	return usageError{
		msg:  fmt.Sprintf("no %s %s (nor a Hugo or Zola configuration): run kb in a site folder, pass -s DIR, or start a site", config.FileName, where),
		hint: hint,
	}
}
