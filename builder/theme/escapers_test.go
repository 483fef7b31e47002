package theme

import (
	"bytes"
	"errors"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"
	"text/template/parse"

	"kb/themes"
)

// escaperValues are values of every kind a layout prints: text with each
// character html/template escapes in some context, URLs of safe and unsafe
// schemes, escapes valid and not, bytes that are not UTF-8, html/template's
// typed strings, numbers, nil, pointers, a Stringer and an error.
func escaperValues() []any {
	text := "café \"quoted\" 'single' <b>&amp;</b> a+b\x00 \xff\xfe ﷐ 𝄞 %41 %zz %4 ! # $ * , / : ; = ? @ [ ] ( ) ~ -._ `"
	s := "pointed <at>"
	return []any{
		"", "plain", text, "/en/account/addresses-1069/", "#who-to-contact",
		"https://example.com/a b?q=1&r=é#frag", "HTTPS://EXAMPLE.COM", "mailto:help@example.com", "tel:+302105550142",
		"javascript:alert(1)", " javascript:x", "data:text/html,<b>", "//host/path:x", "a/b:c", "?x=javascript:y", ":",
		0, 7, -12, 1 << 40, 3.5, true, int64(9), uint8(200),
		template.HTML("<p title=\"x\">a &amp; b</p>"), template.HTMLAttr(`title="x"`), template.URL("javascript:ok()"),
		template.URL("/a b"), template.JS("a<b"), template.CSS("color:red"), template.JSStr("it's"), template.Srcset("a.png 1x"),
		nil, &s, (*string)(nil), []string{"a", "<b>"}, map[string]int{"k": 1}, stringer{}, errors.New("<err>"),
	}
}

type stringer struct{}

func (stringer) String() string { return "<stringer & co>" }

// TestFusedEscapersAreTheirChains: each fused escaper writes every value as
// html/template writes it where its chain escapes it.
func TestFusedEscapersAreTheirChains(t *testing.T) {
	for _, f := range fusedEscapers {
		want := template.Must(template.New("").Parse(f.prefix + "{{.V}}" + f.suffix))
		for _, v := range escaperValues() {
			var b bytes.Buffer
			if err := want.Execute(&b, struct{ V any }{v}); err != nil {
				t.Fatal(err)
			}
			if got, want := f.prefix+f.escape(v)+f.suffix, b.String(); got != want {
				t.Errorf("%s(%#v) wrote %q, html/template %q", f.name, v, got, want)
			}
		}
	}
}

// TestFusedEscapersStandForTheirChains: where html/template escapes the
// action of a fused escaper's template, it runs the escapers the fused
// one stands for, no more and no fewer. Were html/template to change
// them, kb would keep writing what it did.
func TestFusedEscapersStandForTheirChains(t *testing.T) {
	for _, f := range fusedEscapers {
		tpl := template.Must(template.New("").Parse(f.prefix + "{{.V}}" + f.suffix))
		if !escapeNow(tpl) {
			t.Fatalf("%s: template did not escape", f.name)
		}
		var got []string
		for n := range Statements(tpl.Tree.Root) {
			if a, ok := n.(*parse.ActionNode); ok {
				for _, c := range a.Pipe.Cmds[1:] {
					got = append(got, c.String())
				}
			}
		}
		if strings.Join(got, " ") != strings.Join(f.chain, " ") {
			t.Errorf("%s: html/template escapes %q with %v, the fused escaper stands for %v", f.name, f.prefix+"{{.}}"+f.suffix, got, f.chain)
		}
	}
}

// FuzzFusedEscapers: for any text, each fused escaper writes what
// html/template does.
func FuzzFusedEscapers(f *testing.F) {
	for _, v := range escaperValues() {
		if s, ok := v.(string); ok {
			f.Add(s)
		}
	}
	refs := map[string]*template.Template{}
	for _, e := range fusedEscapers {
		refs[e.name] = template.Must(template.New("").Parse(e.prefix + "{{.}}" + e.suffix))
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, e := range fusedEscapers {
			var b bytes.Buffer
			if err := refs[e.name].Execute(&b, s); err != nil {
				t.Fatal(err)
			}
			if got := e.prefix + e.escape(s) + e.suffix; got != b.String() {
				t.Errorf("%s(%q) wrote %q, html/template %q", e.name, s, got, b.String())
			}
		}
	})
}

// TestLayoutsWriteWhatHTMLTemplateDoes: a layout whose escapers are
// fused writes what html/template writes from the same text, in every
// context, partials called in other contexts than text included, for
// values of every kind; and the default theme's layouts keep no chain of
// escapers that has a fused one.
func TestLayoutsWriteWhatHTMLTemplateDoes(t *testing.T) {
	const partial = `{{define "partials/attr.html"}}{{.}}{{end}}`
	const layout = `<!doctype html><title>{{.V}} · {{.V}}</title>
<p title="{{.V}}" data-x={{.V}}>{{.V}}</p>
<a href="{{.V}}">x</a><a href="/p/{{.V}}?q={{.V}}#{{.V}}">x</a><img srcset="{{.V}}" alt="{{template "partials/attr.html" .V}}">
<a href="{{printf "%v" .V}}" class="{{if .V}}on{{end}} {{template "partials/attr.html" .V}}">{{template "partials/attr.html" .V}}</a>
{{range $i, $v := .List}}<b id="i-{{$i}}">{{$v}}</b>{{end}}{{with $x := .V}}{{$x}}{{end}}
<style>p { color: {{.V}} }</style><script>var v = {{.V}}; var s = "{{.V}}";</script>
<!-- {{.V}} --><textarea>{{.V}}</textarea>
`
	th, ds := Load(Layer{FS: fstest.MapFS{
		"layouts/page.html":          {Data: []byte(layout)},
		"layouts/partials/attr.html": {Data: []byte(partial)},
	}})
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	want := template.Must(template.New("").Option("missingkey=error").Funcs(funcs).Parse(partial))
	want = template.Must(want.New("page").Parse(layout))
	for _, v := range escaperValues() {
		data := struct {
			V    any
			List []any
		}{v, []any{v, 1, template.HTML("<i>x</i>")}}
		var got, exp bytes.Buffer
		if err := th.Execute(&got, "page", data); err != nil {
			t.Fatal(err)
		}
		if err := want.Execute(&exp, data); err != nil {
			t.Fatal(err)
		}
		if got.String() != exp.String() {
			t.Errorf("%#v: the layout wrote\n%s\nhtml/template\n%s", v, got.String(), exp.String())
		}
	}

	def, ds := Load(Layer{FS: themes.Default(), Prefix: "themes/default"})
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	for name, page := range def.pages {
		escapeNow(page) // as its first page would
		for _, tpl := range page.Templates() {
			if tpl.Tree == nil {
				continue
			}
			for n := range Statements(tpl.Tree.Root) {
				a, ok := n.(*parse.ActionNode)
				if !ok {
					continue
				}
				for _, f := range fusedEscapers {
					if k := len(a.Pipe.Cmds) - len(f.chain); k >= 1 && endsWith(a.Pipe.Cmds[k:], f.chain) {
						t.Errorf("layout %s, %s: %s runs html/template's escapers, not %s", name, tpl.Name(), a, f.name)
					}
				}
			}
		}
	}
}

// TestPartialRunsOnItsOwn: a partial rendered on its own (a language part)
// writes what html/template does, whether the page layouts, whose
// escapers are fused, call it or not.
func TestPartialRunsOnItsOwn(t *testing.T) {
	const part = `<a href="{{.}}" title="{{.}}">{{.}}</a>{{template "partials/inner.html" .}}`
	th, ds := Load(Layer{FS: fstest.MapFS{
		"layouts/page.html":                   {Data: []byte(`<p class="{{template "partials/inner.html" .}}">{{template "partials/language/part.html" .}}</p>`)},
		"layouts/partials/language/part.html": {Data: []byte(part)},
		"layouts/partials/inner.html":         {Data: []byte(`{{.}}`)},
	}})
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	if err := th.Execute(&bytes.Buffer{}, "page", "x"); err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{"a <b> & \"c\"", template.HTML("<b>x</b>"), 12} {
		got, err := th.Partial("partials/language/part.html", v)
		if err != nil {
			t.Fatal(err)
		}
		want := template.Must(template.New("partials/inner.html").Parse(`{{.}}`))
		template.Must(want.New("part").Parse(part))
		var b bytes.Buffer
		if err := want.ExecuteTemplate(&b, "part", v); err != nil {
			t.Fatal(err)
		}
		if string(got) != b.String() {
			t.Errorf("%#v: the partial wrote %q, html/template %q", v, got, b.String())
		}
	}
}
