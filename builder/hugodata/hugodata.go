// Package hugodata reads a Hugo site's data files, data/**/*.yaml, .yml,
// .toml and .json, into the tree its templates read as .Site.Data,
// site.Data and hugo.Data.
package hugodata

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"kb/builder/content"
	"kb/builder/diag"
	"kb/builder/limits"
	"kb/internal/textpos"
)

// Folder is the folder of a site, and of its Hugo theme, that holds data
// files. It is read, never published.
const Folder = "data"

// Layer is a file system whose data/ folder is read, with the prefix its
// files are reported under ("" for the site, "themes/hextra").
type Layer struct {
	FS     fs.FS
	Prefix string
}

// Load reads the data files of layers, each over the ones before it, as
// Hugo puts a site's data over its theme's: a file's key is its path
// under data/ without the extension (data/docs/config.yaml is
// docs.config), and maps of the same key merge, the later layer's values
// winning. A file that does not parse is a warning at its line, and its
// key is absent. Past limits.DataFiles files or limits.DataBytes bytes,
// the rest are left unread, with a warning.
func Load(layers ...Layer) (map[string]any, []diag.Diagnostic) {
	data := map[string]any{}
	var ds []diag.Diagnostic
	files, size := 0, 0
	for _, l := range layers {
		if l.FS == nil {
			continue
		}
		err := fs.WalkDir(l.FS, Folder, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == Folder {
					return fs.SkipAll // no data/ folder
				}
				return err
			}
			ext := path.Ext(p)
			if !d.Type().IsRegular() || !isDataFile(ext) {
				return nil
			}
			file := path.Join(l.Prefix, p)
			info, err := d.Info()
			if err != nil {
				return err
			}
			files, size = files+1, size+int(info.Size())
			if files > limits.DataFiles || size > limits.DataBytes {
				ds = append(ds, diag.WarnAt(file, 0, 0, "data: the data folders hold more than %d files or %d MiB: this file and those after it are not read; move what templates do not read out of data/", limits.DataFiles, limits.DataBytes>>20))
				return fs.SkipAll
			}
			src, err := fs.ReadFile(l.FS, p)
			if err != nil {
				return err
			}
			v, d2, ok := decode(file, ext, src)
			if !ok {
				ds = append(ds, d2)
				return nil
			}
			put(data, strings.Split(strings.TrimSuffix(strings.TrimPrefix(p, Folder+"/"), ext), "/"), v)
			return nil
		})
		if err != nil {
			ds = append(ds, diag.WarnAt(path.Join(l.Prefix, Folder), 0, 0, "data: %v", err))
		}
	}
	return data, ds
}

// isDataFile reports whether a file of that extension is a data file.
func isDataFile(ext string) bool {
	switch ext {
	case ".yaml", ".yml", ".toml", ".json":
		return true
	}
	return false
}

// put sets the value at keys, merging maps with those already there.
func put(data map[string]any, keys []string, v any) {
	for _, k := range keys[:len(keys)-1] {
		sub, ok := data[k].(map[string]any)
		if !ok {
			sub = map[string]any{}
			data[k] = sub
		}
		data = sub
	}
	last := keys[len(keys)-1]
	data[last] = merged(data[last], v)
}

// merged is v over old: maps merge key by key, anything else replaces.
func merged(old, v any) any {
	om, ok := old.(map[string]any)
	vm, ok2 := v.(map[string]any)
	if !ok || !ok2 {
		return v
	}
	for k, x := range vm {
		om[k] = merged(om[k], x)
	}
	return om
}

// decode reads one data file as YAML, TOML or JSON, into maps with string
// keys and slices of any, or says where it does not parse.
func decode(file, ext string, src []byte) (any, diag.Diagnostic, bool) {
	fail := func(line, col int, format string, args ...any) (any, diag.Diagnostic, bool) {
		d := diag.WarnAt(file, line, col, "data: "+format+": the file is left out of .Site.Data until it is fixed", args...)
		return nil, d, false
	}
	var v any
	switch ext {
	case ".toml":
		if err := limits.TOML(src); err != nil {
			return fail(err.Line, err.Col, "%s", err.Msg)
		}
		var m map[string]any
		if _, err := toml.Decode(string(src), &m); err != nil {
			var perr toml.ParseError
			if errors.As(err, &perr) {
				return fail(perr.Position.Line, textpos.FromByteColumn(src, perr.Position.Line, perr.Position.Col), "%s", perr.Message)
			}
			return fail(0, 0, "%v", err)
		}
		v = m
	case ".json":
		if err := json.Unmarshal(src, &v); err != nil {
			var serr *json.SyntaxError
			if errors.As(err, &serr) {
				line, col := textpos.Position(src, int(min(max(serr.Offset-1, 0), int64(len(src)))))
				return fail(line, col, "%s", strings.TrimPrefix(err.Error(), "json: "))
			}
			return fail(0, 0, "%s", strings.TrimPrefix(err.Error(), "json: "))
		}
	default:
		if err := limits.YAML(src); err != nil {
			return fail(err.Line, err.Col, "%s", err.Msg)
		}
		if err := yaml.Unmarshal(src, &v); err != nil {
			line, msg := content.YAMLSyntaxError(src, err)
			return fail(line, 0, "%s", msg)
		}
	}
	return plain(v), diag.Diagnostic{}, true
}

// plain makes decoded values the types templates range and index alike:
// map[string]any for YAML's maps with other keys and TOML's arrays of
// tables, []any for every list.
func plain(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = plain(x)
		}
		return v
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[fmt.Sprint(k)] = plain(x)
		}
		return m
	case []any:
		for i, x := range v {
			v[i] = plain(x)
		}
		return v
	case []map[string]any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = plain(x)
		}
		return out
	}
	return v
}
