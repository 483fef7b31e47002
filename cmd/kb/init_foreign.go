package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"kb/builder/config"
	"kb/builder/content"
	"kb/builder/diag"
)

// initFrom writes the site.toml equivalent to a Hugo, Zola, Starlight,
// Docusaurus, MkDocs, VitePress or Jekyll site's configuration, or a GitBook space's, so the team keeps kb's
// settings from then on, and says which folders to rename where kb reads
// them.
func initFrom(dir, generator string, stdout io.Writer) error {
	read, none := config.ReadForeign, "no Hugo or Zola configuration"
	switch generator {
	case "starlight":
		read, none = config.ReadStarlight, "no Astro configuration (astro.config.mjs)"
	case "docusaurus":
		read, none = config.ReadDocusaurus, "no Docusaurus configuration (docusaurus.config.js)"
	case "mkdocs":
		read, none = config.ReadMkDocs, "no MkDocs configuration (mkdocs.yml)"
	case "gitbook":
		read, none = config.ReadGitBook, "no GitBook space (.gitbook.yaml or SUMMARY.md)"
	case "jekyll":
		read, none = config.ReadJekyll, "no Jekyll configuration (_config.yml)"
	case "vitepress":
		read, none = config.ReadVitePress, "no VitePress configuration (.vitepress/config.ts, nor docs/.vitepress/config.ts)"
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
		return usageError{msg: fmt.Sprintf("--from %s: %s has %s", generator, dir, found), hint: "kb init --from hugo|zola|starlight|docusaurus|mkdocs|vitepress|gitbook|jekyll DIR, in the old site's folder"}
	}
	if f.Folder != "" {
		// The generator's site is a folder of the repository (docs/):
		// kb's goes there too, beside it.
		dir = filepath.Join(dir, f.Folder)
		if err := refuseSite(dir); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "the %s site is %s: kb's site is made there (kb build -s %s)\n", f.Generator, dir, shellWord(dir))
	}
	if err := createFile(dir, config.FileName, f.TOML); err != nil {
		return err
	}
	f.Moves = append(f.Moves, unpublishedToStatic(dir, f)...)
	f.Moves = append(staleTwins(dir, f), f.Moves...)
	for _, d := range f.Notes {
		fmt.Fprintln(stdout, d.Error())
	}
	fmt.Fprintf(stdout, "wrote %s from %s's %s (%s)\n", config.FileName, f.Generator, f.File, strings.Join(f.Keys, ", "))
	// Before the moves, so that they carry the files along.
	for _, file := range f.Files {
		if err := createFile(dir, file.Path, file.Text); err != nil {
			return err
		}
	}
	for _, line := range f.Written {
		fmt.Fprintln(stdout, line)
	}
	if len(f.Moves) > 0 {
		git := "git"
		if dir != "." {
			git += " -C " + shellWord(dir)
		}
		fmt.Fprintf(stdout, "Next, move %s's folders where kb reads them:\n", f.Generator)
		made := map[string]bool{".": true}
		moved := map[string]string{} // folders and files in place after an earlier move: where they were
		// wasThere reports whether folder p is there after the earlier
		// moves: a folder an earlier move carried along, or one that
		// was there and stayed.
		wasThere := func(p string) bool {
			for up := p; up != "."; up = path.Dir(up) {
				if from, ok := moved[up]; ok {
					return isDir(filepath.Join(dir, from, strings.TrimPrefix(p, up)))
				}
			}
			return isDir(filepath.Join(dir, p))
		}
		for _, m := range f.Moves {
			if m.To == "" {
				fmt.Fprintf(stdout, "  %s rm -q %s\n", git, shellWord(m.From))
				continue
			}
			// git mv renames into a folder that is there: make it first.
			if parent := path.Dir(m.To); !made[parent] && !wasThere(parent) {
				fmt.Fprintf(stdout, "  mkdir -p %s\n", shellWord(filepath.Join(dir, parent)))
			}
			for p := m.To; p != "."; p = path.Dir(p) {
				made[p] = true
			}
			moved[m.To] = m.From
			if from, ok := moved[m.From]; ok {
				moved[m.To] = from // moved twice: from where it first was
			}
			fmt.Fprintf(stdout, "  %s mv %s %s\n", git, shellWord(m.From), shellWord(m.To))
		}
	}
	return nil
}

// shellWord quotes s as a shell reads it when it has a space or a
// character the shell would read otherwise.
func shellWord(s string) string {
	if strings.ContainsAny(s, " \t'\"$`\\") {
		return strconv.Quote(s)
	}
	return s
}

func isDir(name string) bool {
	info, err := os.Stat(name)
	return err == nil && info.IsDir()
}

// unpublishedToStatic returns the moves that put in static/, at the same
// path, the files of f.FilesAtTheirPath that kb does not publish from
// content/ (JSON schemas, HTML, scripts): the old generator published
// them at their path, and static/ keeps that path. A folder that holds
// only such files moves whole. It notes what it moved, and what it could
// not because static/ has a file there.
func unpublishedToStatic(dir string, f *config.Foreign) []config.Move {
	from := f.FilesAtTheirPath
	var into string // where the moves put from
	for _, m := range f.Moves {
		if m.From == from {
			into = m.To
		}
	}
	if from == "" || into == "" {
		return nil
	}
	var refused []string      // the files to move, from into
	only := map[string]bool{} // folders whose files are all to move
	_ = fs.WalkDir(os.DirFS(dir), from, func(name string, d fs.DirEntry, err error) error {
		rel := strings.TrimPrefix(strings.TrimPrefix(name, from), "/")
		switch {
		case err != nil || rel == "":
		case d.IsDir():
			only[rel] = true
		default:
			switch class, _ := content.ClassifyFile(path.Join(into, rel)); class {
			case content.Ignored:
			case content.Refused:
				refused = append(refused, rel)
			default:
				for up := path.Dir(rel); up != "."; up = path.Dir(up) {
					only[up] = false
				}
			}
		}
		return nil
	})
	var moves []config.Move
	var moved, taken []string
	for _, rel := range refused {
		unit := rel // the file, or the outermost folder of such files only
		for up := path.Dir(rel); up != "."; up = path.Dir(up) {
			if only[up] {
				unit = up
			}
		}
		switch {
		case slices.Contains(moved, unit) || slices.Contains(taken, unit):
		case exists(filepath.Join(dir, "static", unit)):
			taken = append(taken, unit)
		default:
			moves = append(moves, config.Move{From: path.Join(into, unit), To: path.Join("static", unit)})
			moved = append(moved, unit)
		}
	}
	if len(moved) > 0 {
		f.Notes = append(f.Notes, diag.WarnAt(from+"/", 0, 0, "%s: not pages nor passive assets, which is all kb publishes from content/; %s published them at their path, so the moves put them in static/ at the same path, and their addresses stay",
			strings.Join(moved, ", "), f.Generator).Of(diag.Imported))
	}
	if len(taken) > 0 {
		f.Notes = append(f.Notes, diag.WarnAt(from+"/", 0, 0, "%s: not published from content/, and static/ already has a file of that name: move them into static/ by hand",
			strings.Join(taken, ", ")).Of(diag.Imported))
	}
	return moves
}

func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// staleTwins returns the removals of the pages that the moves would put
// in content/ twice, as x.md and x.mdx (content.Twins: Docusaurus builds
// one of them, kb warns about the other), and notes each.
func staleTwins(dir string, f *config.Foreign) []config.Move {
	cfg, _ := config.Parse(f.TOML)
	if cfg == nil {
		return nil
	}
	was := map[string]string{} // a file's path after the moves → before
	var files []string
	for _, m := range f.Moves {
		if m.To == "" || !strings.HasPrefix(m.To, "content/") {
			continue
		}
		_ = fs.WalkDir(os.DirFS(dir), m.From, func(name string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				to := path.Join(m.To, strings.TrimPrefix(name, m.From))
				was[to] = name
				files = append(files, to)
			}
			return nil
		})
	}
	slices.Sort(files)
	var removals []config.Move
	for _, t := range content.Twins(files, cfg) {
		t.Kept, t.Stale = was[t.Kept], was[t.Stale]
		if t.Default != "" {
			t.Default = was[t.Default]
		}
		f.Notes = append(f.Notes, diag.WarnAt(t.Stale, 0, 0, "the same page is also written as %s, which kb publishes (%s): the git rm below deletes this one",
			t.Kept, t.Why()))
		removals = append(removals, config.Move{From: t.Stale})
	}
	return removals
}
