package hugodata

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"kb/builder/diag"
	"kb/builder/limits"
)

func files(kv ...string) fstest.MapFS {
	m := fstest.MapFS{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = &fstest.MapFile{Data: []byte(kv[i+1])}
	}
	return m
}

// Data files are keyed as Hugo keys them, the site's over its theme's,
// maps merged, every format read into the same types.
func TestLoad(t *testing.T) {
	theme := files(
		"data/labels.toml", "[en]\nsave = 'Theme save'\ncancel = 'Cancel'\n",
		"data/links.yaml", "- a\n- b\n",
	)
	site := files(
		"data/labels.toml", "[en]\nsave = 'Save'\n[[en.steps]]\nn = 1\n",
		"data/docs/config.yaml", "version: 1.2\nflags: {1: one}\n",
		"data/people.json", `[{"name": "Ann"}]`,
		"data/notes.txt", "not data",
	)
	got, ds := Load(Layer{FS: theme, Prefix: "themes/t"}, Layer{FS: site})
	if len(ds) > 0 {
		t.Fatalf("diagnostics: %v", ds)
	}
	want := map[string]any{
		"labels": map[string]any{"en": map[string]any{"save": "Save", "cancel": "Cancel", "steps": []any{map[string]any{"n": int64(1)}}}},
		"links":  []any{"a", "b"},
		"docs":   map[string]any{"config": map[string]any{"version": 1.2, "flags": map[string]any{"1": "one"}}},
		"people": []any{map[string]any{"name": "Ann"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
}

// A file that does not parse is a warning at its file and line, and its
// key is absent; the others are read.
func TestLoadBrokenFile(t *testing.T) {
	for _, tt := range []struct{ file, text, at string }{
		{"data/a.toml", "x = 1\ny = \n", "data/a.toml:2:"},
		{"data/a.json", "{\n  \"x\": 1,\n  \"y\": }\n", "data/a.json:3:"},
		{"data/a.yaml", "x: 1\ny: [1, 2\nz: 3\n", "data/a.yaml:2:"},
		{"data/a.yaml", strings.Repeat("[", limits.Depth+1), "data/a.yaml:1:"},
	} {
		got, ds := Load(Layer{FS: files(tt.file, tt.text, "data/b.yaml", "ok: true\n")})
		if len(ds) != 1 || !strings.HasPrefix(ds[0].Error(), tt.at) || ds[0].Severity != diag.Warning {
			t.Errorf("%s: diagnostics %v, want one warning at %s", tt.file, ds, tt.at)
		}
		if _, ok := got["a"]; ok || got["b"] == nil {
			t.Errorf("%s: got %v, want b alone", tt.file, got)
		}
	}
}

// Past limits.DataFiles files, the rest are not read, with a warning.
func TestLoadBounded(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := range limits.DataFiles + 2 {
		fsys[fmt.Sprintf("data/f%05d.json", i)] = &fstest.MapFile{Data: []byte("1")}
	}
	got, ds := Load(Layer{FS: fsys})
	if len(got) != limits.DataFiles || len(ds) != 1 || !strings.Contains(ds[0].Msg, "not read") {
		t.Errorf("read %d files with diagnostics %v, want %d and one warning", len(got), ds, limits.DataFiles)
	}
}
