package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"kb/builder/config"
)

// initFrom writes the site.toml equivalent to a Hugo or Zola site's
// configuration, so the team keeps kb's settings from then on.
func initFrom(dir, generator string, stdout io.Writer) error {
	f, err := config.ReadForeign(os.DirFS(dir))
	if err != nil {
		return err
	}
	if f == nil || !strings.EqualFold(f.Generator, generator) {
		found := "no Hugo or Zola configuration"
		if f != nil {
			found = "a " + f.Generator + " configuration (" + f.File + ")"
		}
		return usageError{msg: fmt.Sprintf("--from %s: %s has %s", generator, dir, found), hint: "kb init --from hugo|zola DIR, in the old site's folder"}
	}
	if err := createFile(dir, config.FileName, f.TOML); err != nil {
		return err
	}
	for _, d := range f.Notes {
		fmt.Fprintln(stdout, d.Error())
	}
	fmt.Fprintf(stdout, "wrote %s from %s's %s (%s)\n", config.FileName, f.Generator, f.File, strings.Join(f.Keys, ", "))
	return nil
}
