package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"kb/builder/config"
)

// initFrom writes the site.toml equivalent to a Hugo, Zola, Starlight or MkDocs
// site's configuration, so the team keeps kb's settings from then on, and
// says which folders to rename where kb reads them.
func initFrom(dir, generator string, stdout io.Writer) error {
	read, none := config.ReadForeign, "no Hugo or Zola configuration"
	switch generator {
	case "starlight":
		read, none = config.ReadStarlight, "no Astro configuration (astro.config.mjs)"
	case "mkdocs":
		read, none = config.ReadMkDocs, "no MkDocs configuration (mkdocs.yml)"
	}
	f, err := read(os.DirFS(dir))
	if err != nil {
		return err
	}
	if f == nil || !strings.EqualFold(f.Generator, generator) {
		found := none
		if f != nil {
			found = "a " + f.Generator + " configuration (" + f.File + ")"
		}
		return usageError{msg: fmt.Sprintf("--from %s: %s has %s", generator, dir, found), hint: "kb init --from hugo|zola|starlight|mkdocs DIR, in the old site's folder"}
	}
	if err := createFile(dir, config.FileName, f.TOML); err != nil {
		return err
	}
	for _, d := range f.Notes {
		fmt.Fprintln(stdout, d.Error())
	}
	fmt.Fprintf(stdout, "wrote %s from %s's %s (%s)\n", config.FileName, f.Generator, f.File, strings.Join(f.Keys, ", "))
	if len(f.Moves) > 0 {
		git := "git"
		if dir != "." {
			where := dir
			if strings.ContainsAny(where, " \t'\"$`\\") {
				where = strconv.Quote(where) // as a shell reads it
			}
			git += " -C " + where
		}
		fmt.Fprintf(stdout, "Next, move %s's folders where kb reads them:\n", f.Generator)
		for _, m := range f.Moves {
			fmt.Fprintf(stdout, "  %s mv %s %s\n", git, m.From, m.To)
		}
	}
	return nil
}
