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

// TestParamKeysInLowerCase: the keys a template writes where it reads
// params are lowercased, through with, range and variables; a
// shortcode's own .Params (its arguments), and fields of other values,
// are not.
func TestParamKeysInLowerCase(t *testing.T) {
	cases := []struct {
		src       string
		shortcode bool
		want      string
	}{
		{`{{ .Site.Params.BookSection }}{{ .Page.Params.ShowToc.Depth }}{{ site.Params.Links.Repo }}`, false,
			`{{.Site.Params.booksection}}{{.Page.Params.showtoc.depth}}{{site.Params.links.repo}}`},
		{`{{ with .Site.Params.Links }}{{ .Repo }}{{ else with .Page }}{{ .Title }}{{ end }}`, false,
			`{{with .Site.Params.links}}{{.repo}}{{else}}{{with .Page}}{{.Title}}{{end}}{{end}}`},
		{`{{ $p := .Site.Params }}{{ $p.Menu.Main }}{{ range $p.Menu }}{{ .Name }}{{ end }}{{ $q := .Page }}{{ $q.Title }}`, false,
			`{{$p := .Site.Params}}{{$p.menu.main}}{{range $p.menu}}{{.name}}{{end}}{{$q := .Page}}{{$q.Title}}`},
		{`{{ .Params.Color }}{{ $.Params.Size }}{{ .Page.Params.Color }}`, true,
			`{{.Params.Color}}{{$.Params.Size}}{{.Page.Params.color}}`},
		{`{{ .Params.Color }}{{ $.Params.Size }}`, false,
			`{{.Params.color}}{{$.Params.size}}`},
	}
	for _, c := range cases {
		tpl := template.Must(template.New("t").Funcs(template.FuncMap{"site": func() any { return nil }}).Parse(c.src))
		paramKeysInLowerCase(tpl, c.shortcode)
		if got := tpl.Tree.Root.String(); got != c.want {
			t.Errorf("%s (shortcode %v):\n got %s\nwant %s", c.src, c.shortcode, got, c.want)
		}
	}
}
