package translation

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"kb/builder/content"
	"kb/builder/diag"
)

// ErrNoFrontMatter is returned (wrapped) by SetFrontMatter and Mark for a
// file that does not start with a +++ or --- front-matter block.
var ErrNoFrontMatter = errors.New("the file has no front matter: add a +++ block with the page's title at the top first")

// Mark writes translatedFrom = hash into the front matter of file (a slash
// path inside dir, such as "content/el/policies/returns.md"), leaving every
// other byte of the file as it was. The new file replaces the old one
// atomically (a temporary file in the same folder, renamed); a file that
// already holds hash is not rewritten. Errors name the file.
func Mark(dir, file, hash string) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	name := filepath.FromSlash(file)
	src, err := root.ReadFile(name)
	if err != nil {
		return fmt.Errorf("%s: %w", file, pathless(err))
	}
	out, err := SetFrontMatter(src, "translatedFrom", hash)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if bytes.Equal(out, src) {
		return nil
	}
	info, err := root.Stat(name)
	if err != nil {
		return fmt.Errorf("%s: %w", file, pathless(err))
	}
	if err := replace(root, name, out, info.Mode().Perm()); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

// replace writes data to a temporary file beside name, then renames it over
// name, so readers (kb serve, an editor) never see half a file.
func replace(root *os.Root, name string, data []byte, perm os.FileMode) error {
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	tmp := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+".kb-"+hex.EncodeToString(rnd[:])+".tmp")
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return pathless(err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Rename(tmp, name)
	}
	if err != nil {
		_ = root.Remove(tmp)
		return pathless(err)
	}
	return nil
}

// pathless drops the path from a *PathError: callers name the file already.
func pathless(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// SetFrontMatter returns src with the top-level front-matter key set to the
// string value: the line of an existing key (in any letter case, as Hugo
// allows) is replaced, else a line is added, in the file's own format and
// line endings (`key = "value"` in TOML before any [table], `key: "value"`
// at the end of YAML). Everything else is kept byte for byte. It refuses a
// file without front matter, and checks that the result still reads.
func SetFrontMatter(src []byte, key, value string) ([]byte, error) {
	ls := splitLines(src)
	if len(ls) == 0 {
		return nil, ErrNoFrontMatter
	}
	// The opening line may follow blank lines, as kb build reads it.
	open := 0
	for open < len(ls)-1 && strings.Trim(strings.TrimPrefix(ls[open].text(src), "\uFEFF"), " \t") == "" {
		open++
	}
	delim := strings.TrimRight(strings.TrimPrefix(ls[open].text(src), "\uFEFF"), " \t")
	if delim != "+++" && delim != "---" {
		return nil, ErrNoFrontMatter
	}
	closing := -1
	for i := open + 1; i < len(ls); i++ {
		if strings.TrimRight(ls[i].text(src), " \t") == delim {
			closing = i
			break
		}
	}
	if closing < 0 {
		return nil, fmt.Errorf("front matter: the opening %s has no closing %s line", delim, delim)
	}

	var (
		at     = closing // the line to insert before, or to replace
		end    = -1      // when replacing: the line after the old value
		newTxt string
	)
	if delim == "+++" {
		newTxt = key + " = " + quote(value)
		inString := ""
		for i := open + 1; i < closing; i++ {
			t := ls[i].text(src)
			if inString != "" {
				if strings.Count(t, inString)%2 == 1 {
					inString = ""
				}
				continue
			}
			trimmed := strings.TrimLeft(t, " \t")
			if strings.HasPrefix(trimmed, "[") {
				at = i // top-level keys must come before the first table
				break
			}
			if trimmed == "" || trimmed[0] == '#' {
				continue
			}
			if name, rest := tomlKey(trimmed); strings.EqualFold(name, key) && strings.HasPrefix(strings.TrimLeft(rest, " \t"), "=") {
				indent := t[:len(t)-len(trimmed)]
				newTxt = indent + trimmed[:len(trimmed)-len(rest)] + " = " + quote(value)
				at, end = i, i+1
				break
			}
			for _, q := range []string{`"""`, `'''`} {
				if strings.Count(t, q)%2 == 1 {
					inString = q
				}
			}
		}
	} else {
		newTxt = key + ": " + quote(value)
		for i := open + 1; i < closing; i++ {
			t := ls[i].text(src)
			name, rest := yamlKey(t)
			if name == "" || !strings.EqualFold(name, key) {
				continue
			}
			newTxt = t[:len(t)-len(rest)] + ": " + quote(value)
			at, end = i, i+1
			// A folded or indented value continues on indented lines.
			for end < closing && (strings.HasPrefix(ls[end].text(src), " ") || strings.HasPrefix(ls[end].text(src), "\t")) {
				end++
			}
			break
		}
	}

	var out []byte
	if end < 0 {
		eol := ls[at-1].eol(src)
		out = append(out, src[:ls[at].start]...)
		out = append(out, newTxt...)
		out = append(out, eol...)
		out = append(out, src[ls[at].start:]...)
	} else {
		out = append(out, src[:ls[at].start]...)
		out = append(out, newTxt...)
		out = append(out, src[ls[end-1].end:]...)
	}
	return out, verify(src, out, key, value)
}

// verify checks that the edited front matter reads as before plus the key,
// so a layout this editor does not understand is an error, not a broken page.
func verify(before, after []byte, key, value string) error {
	var d0, d1 diag.List
	_, _, _, _, ok0 := content.Parse("", before, &d0)
	if !ok0 {
		return errors.New("front matter cannot be read: fix the errors kb build reports first")
	}
	meta, _, _, _, ok1 := content.Parse("", after, &d1)
	e0, _ := d0.Count()
	e1, _ := d1.Count()
	got, checked := value, false
	switch key {
	case "translatedFrom":
		got, checked = meta.TranslatedFrom, true
	case "translationKey":
		got, checked = meta.TranslationKey, true
	}
	if !ok1 || e1 > e0 || got != value || checked && meta.Lines.Of(key) == 0 {
		return fmt.Errorf("could not add %s to this front matter automatically: add the line %s = %s by hand", key, key, quote(value))
	}
	return nil
}

// line is one line of a file: its text is src[start:end], its line ending
// src[end:next] ("\n", "\r\n", "\r", or "" at the end of the file).
type line struct{ start, end, next int }

func (l line) text(src []byte) string { return string(src[l.start:l.end]) }
func (l line) eol(src []byte) []byte  { return src[l.end:l.next] }

func splitLines(src []byte) []line {
	var ls []line
	for i := 0; i < len(src); {
		j := bytes.IndexAny(src[i:], "\r\n")
		if j < 0 {
			ls = append(ls, line{i, len(src), len(src)})
			break
		}
		end := i + j
		next := end + 1
		if src[end] == '\r' && next < len(src) && src[next] == '\n' {
			next++
		}
		ls = append(ls, line{i, end, next})
		i = next
	}
	return ls
}

// quote writes a string both TOML and YAML read back as is.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// tomlKey reads a bare, "quoted" or 'literal' key at the start of s and
// returns it with what follows it.
func tomlKey(s string) (name, rest string) {
	if s == "" {
		return "", s
	}
	if q := s[0]; q == '"' || q == '\'' {
		end := strings.IndexByte(s[1:], q)
		if end < 0 {
			return "", s
		}
		return s[1 : end+1], s[end+2:]
	}
	end := strings.IndexFunc(s, func(r rune) bool {
		return !(r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	})
	if end < 0 {
		end = len(s)
	}
	return s[:end], s[end:]
}

// yamlKey reads a top-level "key:" (plain or quoted, not indented) at the
// start of a line and returns the key and what follows the colon's left.
func yamlKey(t string) (name, rest string) {
	if t == "" || t[0] == ' ' || t[0] == '\t' || t[0] == '#' || t[0] == '-' {
		return "", t
	}
	if q := t[0]; q == '"' || q == '\'' {
		end := strings.IndexByte(t[1:], q)
		if end < 0 {
			return "", t
		}
		name, rest = t[1:end+1], t[end+2:]
	} else {
		i := strings.IndexByte(t, ':')
		if i < 0 {
			return "", t
		}
		name = strings.TrimRight(t[:i], " \t")
		rest = t[len(name):]
	}
	after := strings.TrimLeft(rest, " \t")
	if !strings.HasPrefix(after, ":") || len(after) > 1 && after[1] != ' ' && after[1] != '\t' {
		return "", t
	}
	return name, rest
}
