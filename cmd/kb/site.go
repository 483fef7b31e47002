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
	if src, ok := config.InitFrom(os.DirFS(dir)); ok {
		return usageError{
			msg:  fmt.Sprintf("no %s %s, but %s (%s): kb init --from %s writes the %s for %s", config.FileName, where, src.Kind, src.File, src.From, config.FileName, src.Site),
			hint: strings.Replace(hint, "kb init", "kb init --from "+src.From, 1),
		}
	}
	return usageError{
		msg:  fmt.Sprintf("no %s %s (nor a Hugo or Zola configuration): run kb in a site folder, pass -s DIR, or start a site", config.FileName, where),
		hint: hint,
	}
}
