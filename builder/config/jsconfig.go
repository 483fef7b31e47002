package config

import (
	"errors"
	"io/fs"

	"kb/builder/diag"
	"kb/internal/jsobject"
)

// firstFile names the first of names that fsys has, "" for none: a
// generator's configuration, which it looks for in that order.
func firstFile(fsys fs.FS, names []string) string {
	for _, name := range names {
		if _, err := fs.Stat(fsys, name); err == nil {
			return name
		}
	}
	return ""
}

// parseJSConfig parses the first of names that fsys has; file is "" when
// it has none.
func parseJSConfig(fsys fs.FS, names []string) (file string, js *jsobject.File, err error) {
	file = firstFile(fsys, names)
	if file == "" {
		return "", nil, nil
	}
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		return "", nil, err
	}
	return file, jsobject.Parse(src), nil
}

// Move is a folder of another generator's site to rename to kb's; one
// with no To is a file to remove (a page that only redirected, now an
// entry of [redirects]).
type Move struct{ From, To string }

// possibleMoves keeps the moves whose folder fsys has, and says why one
// cannot be made as it is: its destination, or the folder it goes into,
// is already there with files of its own.
func possibleMoves(fsys fs.FS, file string, moves []Move, notes *[]diag.Diagnostic) []Move {
	var kept []Move
	for _, m := range moves {
		if _, err := fs.Stat(fsys, m.From); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if _, err := fs.Stat(fsys, m.To); err == nil {
			*notes = append(*notes, diag.WarnAt(file, 0, 0, "%s/ already exists: move the files of %s/ into it by hand (kb reads %s/, not %s/)", m.To, m.From, m.To, m.From).Of(diag.Imported))
			continue
		}
		kept = append(kept, m)
	}
	return kept
}

// jsReader reads a JavaScript configuration (Astro's, Docusaurus's) into
// a Foreign, noting at its line what it cannot read.
type jsReader struct {
	js *jsobject.File
	f  *Foreign
}

func (r jsReader) note(line int, format string, args ...any) {
	r.f.Notes = append(r.f.Notes, diag.WarnAt(r.f.File, line, 0, format, args...).Of(diag.Imported))
}

func (r jsReader) used(key string) { r.f.Keys = append(r.f.Keys, key) }

// text reads a string, or notes that the value is not one.
func (r jsReader) text(v jsobject.Value, key, instead string) (string, bool) {
	v = r.js.Resolve(v)
	if v.Kind == jsobject.String {
		return v.Text, true
	}
	r.note(v.Line, "%s: %s is not text kb can read; %s", key, v.Describe(), instead)
	return "", false
}

// notCarriedOver notes an option kb has no use for at its line, with
// what a kb site does instead when advice says; prefix names the object
// it is in ("themeConfig."). A spread (...shared) is not read at all.
func (r jsReader) notCarriedOver(prefix string, field jsobject.Field, advice map[string]string) {
	switch {
	case field.Spread:
		r.note(field.Line, "%s...%s: not read; copy what it holds into %s by hand", prefix, field.Value.Describe(), FileName)
	case advice[field.Key] != "":
		r.note(field.Line, "%s%s: not carried over: %s", prefix, field.Key, advice[field.Key])
	default:
		r.note(field.Line, "%s%s: not carried over", prefix, field.Key)
	}
}

// objectNotes notes each part of an object option (themeConfig) at its
// line, with partAdvice; an option that is no object with parts is one
// note, with advice.
func (r jsReader) objectNotes(field jsobject.Field, advice, partAdvice map[string]string) {
	v := r.js.Resolve(field.Value)
	if field.Spread || v.Kind != jsobject.Object || len(v.Fields) == 0 {
		r.notCarriedOver("", field, advice)
		return
	}
	for _, f := range v.Fields {
		r.notCarriedOver(field.Key+".", f, partAdvice)
	}
}
