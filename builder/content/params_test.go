package content

import (
	"maps"
	"reflect"
	"strings"
	"testing"
	"time"

	"kb/builder/diag"
)

// TestParams: a page's params are the params table's keys and the
// top-level keys kb does not read, lowercased as Hugo does (tables'
// keys too), their values as decoded, in TOML, YAML and JSON alike.
func TestParams(t *testing.T) {
	want := map[string]any{
		"reference": "https://example.org/ref",
		"level":     int64(3),
		"beta":      true,
		"since":     time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
		"platforms": []any{"linux", "mac"},
		"links":     map[string]any{"repo": "https://git.example.org", "chat": "#help"},
	}
	tests := []struct{ name, src string }{
		{"yaml", `---
title: T
Reference: https://example.org/ref
level: 3
author: Ana
params:
  beta: true
  since: 2024-05-01
  platforms: [linux, mac]
  Links: {Repo: "https://git.example.org", chat: "#help"}
---
`},
		{"toml", `+++
title = "T"
Reference = "https://example.org/ref"
level = 3
author = "Ana"
[params]
beta = true
since = 2024-05-01
platforms = ["linux", "mac"]
[params.Links]
Repo = "https://git.example.org"
chat = "#help"
+++
`},
		{"json", `{
  "title": "T",
  "Reference": "https://example.org/ref",
  "level": 3,
  "author": "Ana",
  "params": {"beta": true, "platforms": ["linux", "mac"], "Links": {"Repo": "https://git.example.org", "chat": "#help"}},
  "since": "2024-05-01"
}
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ds diag.List
			m, _, _, _, ok := Parse("x.md", []byte(tt.src+"Body\n"), &ds)
			if !ok {
				t.Fatalf("not parsed: %v", ds.All())
			}
			got := m.Params
			w := want
			if tt.name == "yaml" { // YAML's whole numbers are int
				w = maps.Clone(want)
				w["level"] = 3
			}
			if tt.name == "json" { // JSON has no dates
				w = maps.Clone(want)
				w["since"] = "2024-05-01"
			}
			if !reflect.DeepEqual(got, w) {
				t.Errorf("params:\n got %#v\nwant %#v", got, w)
			}
			if m.Title != "T" {
				t.Errorf("title %q", m.Title)
			}
			if _, isParam := got["title"]; isParam {
				t.Error("title, which kb reads, is also a param")
			}
			if len(ds.All()) != 1 || !strings.Contains(ds.All()[0].Msg, `unknown keys "Reference", "level"`) {
				t.Errorf("diagnostics: %v, want one warning for Reference and level (author is Hugo's, params a table)", ds.All())
			}
		})
	}
}

// TestParamsTableWinsAndGeneratorKeysStayOut: the params table's key
// wins over a top-level key of the same name, in any letter case; the
// generators' keys kb leaves alone (cascade, menu, author) are no params.
func TestParamsTableWinsAndGeneratorKeysStayOut(t *testing.T) {
	src := "---\ntitle: T\nColor: top\nparams:\n  color: table\ncascade: {type: docs}\nmenu: main\nauthor: Ana\n---\n"
	m, _, _, _, _ := Parse("x.md", []byte(src), &diag.List{})
	if want := map[string]any{"color": "table"}; !reflect.DeepEqual(m.Params, want) {
		t.Errorf("params %#v, want %#v", m.Params, want)
	}
}

// TestUnknownKeyReadByTemplates: a key that a template reads is not
// warned about; a typo beside it still is, worded as a param kept.
func TestUnknownKeyReadByTemplates(t *testing.T) {
	src := []byte("---\ntitle: T\nreference: x\ntitel: Oops\n---\nBody\n")
	var ds diag.List
	p := &Page{File: "content/en/x.md"}
	reads := func(key string) bool { return key == "reference" }
	if !p.parse(src, &ds, LoadOptions{TemplateParams: reads}) {
		t.Fatal("not parsed")
	}
	want := `content/en/x.md:4:1: warning: front matter: unknown key "titel": kept as a page param for templates and {{< param >}}, but no template of the site reads it and kb itself does nothing with it (a typo?)`
	if got := ds.All(); len(got) != 1 || got[0].Error() != want {
		t.Errorf("diagnostics:\n%v\nwant\n%s", got, want)
	}
	if p.Meta.Params["reference"] != "x" || p.Meta.Params["titel"] != "Oops" {
		t.Errorf("params %#v: both keys are kept", p.Meta.Params)
	}
}

// TestLookupParam: Hugo's .Param keys, in any letter case, dotted into
// tables.
func TestLookupParam(t *testing.T) {
	params := map[string]any{"links": map[string]any{"repo": "r"}, "Color": "c"}
	for key, want := range map[string]any{"links.repo": "r", "LINKS.Repo": "r", "color": "c", "links.none": nil, "color.x": nil, "none": nil} {
		got, ok := LookupParam(params, key)
		if got != want || ok != (want != nil) {
			t.Errorf("LookupParam(%q) = %v, %v; want %v", key, got, ok, want)
		}
	}
}
