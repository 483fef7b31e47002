package config

import (
	"bytes"
	"cmp"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"kb/builder/diag"
)

// GitBook's Git Sync writes a space as Markdown: .gitbook.yaml at the
// repository's root (optional) says where the space is (root), the names
// of its home page and table of contents (structure.readme,
// structure.summary) and old addresses (redirects); SUMMARY.md orders and
// titles the pages; a folder's README.md is that folder's page; images and
// files are in .gitbook/assets.

// GitBookFile is GitBook's configuration file.
const GitBookFile = ".gitbook.yaml"

// GitBookConfig names what makes fsys a GitBook space: .gitbook.yaml, or
// else its table of contents, SUMMARY.md; "" for neither.
func GitBookConfig(fsys fs.FS) string {
	for _, name := range []string{GitBookFile, "SUMMARY.md"} {
		if _, err := fs.Stat(fsys, name); err == nil {
			return name
		}
	}
	return ""
}

// gitbookSpace is what .gitbook.yaml says, with GitBook's defaults.
type gitbookSpace struct {
	root, readme, summary string
	redirects             []gitbookRedirect
}

type gitbookRedirect struct {
	from, to string
	line     int
}

// ReadGitBook reads a GitBook space for kb init --from gitbook: the site's
// title from SUMMARY.md's entry for the home page, raw HTML kept (GitBook
// writes images as <figure>), the space's pages moved to content/ with
// each README.md its folder's page (_index.md), and what does not carry
// over as notes at its line (SUMMARY.md entries whose file is missing);
// redirects become [redirects]. It returns nil when
// fsys is no GitBook space.
func ReadGitBook(fsys fs.FS) (*Foreign, error) {
	file := GitBookConfig(fsys)
	if file == "" {
		return nil, nil
	}
	f := &Foreign{Generator: "GitBook", File: file}
	space := gitbookSpace{readme: "README.md", summary: "SUMMARY.md"}
	if file == GitBookFile {
		if err := readGitBookYAML(fsys, f, &space); err != nil {
			return nil, err
		}
	}
	s := siteTOML{header: "# From GitBook's " + file + ".\n", defaultLanguage: "en", unsafe: true}
	summary := path.Join(space.root, space.summary)
	if src, err := fs.ReadFile(fsys, summary); err == nil {
		entries := ReadSummary(src)
		f.Keys = append(f.Keys, summary)
		for _, e := range entries {
			switch {
			case e.Page == "":
			case !pageExists(fsys, path.Join(space.root, e.Page)):
				f.Notes = append(f.Notes, diag.WarnAt(summary, e.Line, 0, "%q: no such page in the space: fix or remove the entry", e.Page).Of(diag.Imported))
			case e.Page == space.readme && s.title == "":
				s.title = e.Title
			}
		}
	}
	f.Moves = gitbookMoves(fsys, file, space, &f.Notes)
	for _, r := range space.redirects {
		s.redirects = append(s.redirects, redirect{"/" + strings.Trim(r.from, "/"), contentPath(space, r.to)})
	}
	f.TOML = s.bytes()
	return f, nil
}

// readGitBookYAML reads .gitbook.yaml's root, structure and redirects into
// space, and notes the keys kb does not read.
func readGitBookYAML(fsys fs.FS, f *Foreign, space *gitbookSpace) error {
	root, err := readYAMLRoot(fsys, GitBookFile)
	if err != nil {
		return err
	}
	if root.Kind == 0 || root.Kind == yaml.DocumentNode {
		return nil // empty: GitBook's defaults
	}
	if root.Kind != yaml.MappingNode {
		return fmt.Errorf("%s:%d: not a mapping of settings: kb reads .gitbook.yaml as GitBook writes it (root: ./, structure: ...)", GitBookFile, root.Line)
	}
	note := func(n *yaml.Node, format string, args ...any) {
		f.Notes = append(f.Notes, diag.WarnAt(GitBookFile, n.Line, 0, format, args...).Of(diag.Imported))
	}
	text := func(key string, n *yaml.Node) string {
		if n.Kind != yaml.ScalarNode {
			note(n, "%s: not text kb can read (ignored)", key)
			return ""
		}
		f.Keys = append(f.Keys, key)
		return n.Value
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		switch key.Value {
		case "root":
			space.root = path.Clean(strings.Trim(text("root", val), "/"))
			if space.root == "." || strings.HasPrefix(space.root, "..") {
				space.root = ""
			}
		case "structure":
			eachPair(val, func(k, v *yaml.Node) {
				switch k.Value {
				case "readme":
					space.readme = text("structure.readme", v)
				case "summary":
					space.summary = text("structure.summary", v)
				default:
					note(k, "structure.%s: not carried over", k.Value)
				}
			})
		case "redirects":
			eachPair(val, func(k, v *yaml.Node) {
				space.redirects = append(space.redirects, gitbookRedirect{from: k.Value, to: v.Value, line: k.Line})
			})
		default:
			note(key, "%s: not carried over", key.Value)
		}
	}
	return nil
}

// eachPair calls do with each key and value of a mapping.
func eachPair(n *yaml.Node, do func(k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		do(n.Content[i], n.Content[i+1])
	}
}

// gitbookMoves are the renames that put a space where kb reads it: its
// root folder to content/ (or, at the repository's root, each of its
// pages and folders and .gitbook), then each README.md to _index.md, the
// page of its folder (the space's home at the top). A file already where
// one would go stays where it is, with a note.
func gitbookMoves(fsys fs.FS, file string, space gitbookSpace, notes *[]diag.Diagnostic) []Move {
	var moves []Move
	if space.root != "" {
		moves = []Move{{space.root, "content"}}
	} else {
		entries, _ := fs.ReadDir(fsys, ".")
		for _, e := range entries {
			name := e.Name()
			if name == GitBookFile || name == FileName || name == "content" || name == space.readme {
				continue
			}
			if name == ".gitbook" && e.IsDir() || !strings.HasPrefix(name, ".") && name != "node_modules" &&
				(e.IsDir() && hasMarkdown(fsys, name) || !e.IsDir() && strings.EqualFold(path.Ext(name), ".md")) {
				moves = append(moves, Move{name, path.Join("content", name)})
			}
		}
	}
	moves = possibleMoves(fsys, file, moves, notes)
	_ = fs.WalkDir(fsys, cmp.Or(space.root, "."), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && p != "." || d.Name() == "node_modules") {
			return fs.SkipDir
		}
		if d.IsDir() || d.Name() != "README.md" && p != path.Join(space.root, space.readme) {
			return nil
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, space.root), "/")
		from := path.Join("content", rel)
		if space.root == "" && path.Dir(rel) == "." {
			from = rel // moved on its own, straight to the home page
		}
		to := path.Join("content", path.Dir(rel), "_index.md")
		if _, err := fs.Stat(fsys, path.Join(space.root, path.Dir(rel), "_index.md")); err == nil {
			*notes = append(*notes, diag.WarnAt(file, 0, 0, "%s: its folder has an _index.md already: merge the two by hand (kb reads _index.md as the folder's page)", p).Of(diag.Imported))
			return nil
		}
		moves = append(moves, Move{from, to})
		return nil
	})
	return moves
}

// contentPath is where a file of the space, named as .gitbook.yaml names
// it (from the space's root), is under content/ after the moves.
func contentPath(space gitbookSpace, p string) string {
	p = strings.TrimPrefix(path.Clean("/"+p), "/")
	if path.Base(p) == "README.md" || p == space.readme {
		return path.Join(path.Dir(p), "_index.md")
	}
	return p
}

// hasMarkdown reports whether a folder holds a Markdown file, at any depth.
func hasMarkdown(fsys fs.FS, dir string) bool {
	found := false
	_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.EqualFold(path.Ext(p), ".md") {
			found = true
			return fs.SkipAll
		}
		return nil
	})
	return found
}

func pageExists(fsys fs.FS, p string) bool {
	st, err := fs.Stat(fsys, p)
	return err == nil && !st.IsDir()
}

// SummaryEntry is one link of a GitBook SUMMARY.md: a page, in the order
// and with the title the table of contents gives it, or a group heading
// ("## Get started").
type SummaryEntry struct {
	Title string
	Page  string // the linked file, from SUMMARY.md's folder; "" for a group heading or an outside link
	Depth int    // 0 for the top level of the list
	Line  int
	Group bool
}

// ReadSummary reads the entries of a SUMMARY.md: its list items that link
// to a page ("* [Quickstart](getting-started/quickstart.md)", nested by
// indentation) and its "## Group" headings, in order.
func ReadSummary(src []byte) []SummaryEntry {
	var entries []SummaryEntry
	for i, line := range bytes.Split(src, []byte("\n")) {
		trimmed := bytes.TrimLeft(line, " \t")
		indent := len(line) - len(trimmed)
		trimmed = bytes.TrimRight(trimmed, " \t\r")
		switch {
		case bytes.HasPrefix(trimmed, []byte("## ")) || bytes.HasPrefix(trimmed, []byte("# ")) && i > 0:
			title := string(bytes.TrimSpace(bytes.TrimLeft(trimmed, "#")))
			if k := strings.Index(title, " <a "); k >= 0 { // GitBook's anchor: <a href="#x" id="x"></a>
				title = strings.TrimSpace(title[:k])
			}
			entries = append(entries, SummaryEntry{Title: title, Line: i + 1, Group: true})
		case len(trimmed) > 2 && (trimmed[0] == '*' || trimmed[0] == '-' || trimmed[0] == '+') && trimmed[1] == ' ':
			item := bytes.TrimSpace(trimmed[2:])
			open := bytes.IndexByte(item, '[')
			mid := bytes.Index(item, []byte("]("))
			end := bytes.LastIndexByte(item, ')')
			if open != 0 || mid < 0 || end < mid {
				continue
			}
			dest := string(item[mid+2 : end])
			if sp := strings.IndexAny(dest, " \t"); sp >= 0 && !strings.HasPrefix(dest, "<") {
				dest = dest[:sp] // [Title](page.md "Tooltip")
			}
			dest = strings.Trim(dest, "<>")
			e := SummaryEntry{Title: string(item[1:mid]), Depth: indent / 2, Line: i + 1}
			if dest, _, _ = strings.Cut(dest, "#"); !strings.Contains(dest, "://") && dest != "" {
				e.Page = path.Clean(dest)
			}
			entries = append(entries, e)
		}
	}
	return slices.Clip(entries)
}
