package theme

import (
	"html/template"
	"maps"
	"slices"
	"testing"
)

// TestParamsRead: the page params a template reads by a name written in
// it, in each way Hugo's templates read them, in lower case; a name made
// at run time, or a shortcode's own argument, is none.
func TestParamsRead(t *testing.T) {
	src := `{{ .Page.Params.Reference }}{{ with site.GetPage "x" }}{{ .Params.icon }}{{ end }}
{{ $.Page.Params.team.lead }}{{ (.Page.GetPage "y").Params.since }}{{ if .Param "Color" }}{{ end }}
{{ param "support.email" }}{{ index .Page.Params "level" }}{{ .Param (.Get 0) }}{{ .Get "notaparam" }}
{{ define "inner" }}{{ .Params.inner }}{{ end }}`
	tpl := template.Must(template.New("t").Funcs(template.FuncMap{"site": func() any { return nil }, "param": func(string) any { return nil }}).Parse(src))
	got := slices.Sorted(maps.Keys(paramsRead([]*template.Template{tpl, nil})))
	want := []string{"color", "icon", "inner", "level", "reference", "since", "support", "team"}
	if !slices.Equal(got, want) {
		t.Errorf("params read %v, want %v", got, want)
	}
}
