package markdown

import (
	"errors"
	"fmt"
	"html/template"
	"strings"
	"testing"

	"kb/builder/theme"
)

// hook makes a render hook of text, with Hugo's errorf.
func hook(name, text string) theme.RenderHook {
	funcs := template.FuncMap{"errorf": func(format string, args ...any) (string, error) {
		return "", fmt.Errorf(format, args...)
	}}
	return theme.RenderHook{File: "layouts/_markup/render-" + name + ".html",
		Template: template.Must(template.New("render-" + name + ".html").Funcs(funcs).Parse(text))}
}

// A writer's raw HTML in a link's text reaches a link hook through the
// page's allowlist, and the hook's own markup as written: no script runs.
func TestLinkHookRunsNoScript(t *testing.T) {
	r := New(Options{Unsafe: true, RenderHooks: map[string]theme.RenderHook{
		"link": hook("link", `<a class="hooked" href="{{ .Destination }}" title="{{ .PlainText }}">{{ .Text }}</a>`),
	}})
	res := r.Render(Document{File: "content/en/a.md", Source: []byte(
		"[<img src=x onerror=alert(1)><script>alert(2)</script>**go**](/b/ \"t\")\n\n[x](javascript:alert(3))\n")})
	html := string(res.HTML)
	if !strings.Contains(html, `<a class="hooked" href="/b/"`) || !strings.Contains(html, "<strong>go</strong></a>") {
		t.Errorf("the hook's output is missing:\n%s", html)
	}
	if bad := scriptCapable(res.HTML); bad != "" {
		t.Errorf("the page can run script (%s):\n%s", bad, html)
	}
}

// A heading hook writes the heading with kb's id, which the table of
// contents takes; one that fails leaves kb's heading, with a warning at
// its line naming the hook and what it says.
func TestHeadingHookKeepsIDs(t *testing.T) {
	r := New(Options{RenderHooks: map[string]theme.RenderHook{
		"heading": hook("heading", `{{ if eq .PlainText "Broken" }}{{ errorf "no %s" .PlainText }}{{ end }}<h{{ .Level }} id="{{ .Anchor }}" class="hooked">{{ .Text }}</h{{ .Level }}>`),
	}})
	res := r.Render(Document{File: "content/ar/a.md", Source: []byte("## الشحن *السريع*\n\ntext\n\n## Broken\n")})
	html := string(res.HTML)
	if len(res.Headings) != 2 || res.Headings[0].ID != "الشحن-السريع" {
		t.Fatalf("headings = %+v", res.Headings)
	}
	if !strings.Contains(html, `<h2 id="الشحن-السريع" class="hooked">الشحن <em>السريع</em></h2>`) {
		t.Errorf("the hook's heading is missing:\n%s", html)
	}
	if !strings.Contains(html, `<h2 id="broken">Broken</h2>`) {
		t.Errorf("the heading the hook failed on is not kb's:\n%s", html)
	}
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Line != 5 ||
		!strings.Contains(res.Diagnostics[0].Msg, "layouts/_markup/render-heading.html fails: it says: no Broken") {
		t.Errorf("diagnostics = %v", errors.Join(diagErrors(res)...))
	}
}

func diagErrors(res Result) []error {
	var errs []error
	for _, d := range res.Diagnostics {
		errs = append(errs, d)
	}
	return errs
}
