package browsertest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// hostileHTML is raw HTML a writer could put in a page: the bypasses of a
// blocklist and a part of the OWASP filter evasion cheat sheet. Each would
// open a dialog if any script ran.
var hostileHTML = []string{
	`<div><scr<script></script>ipt>alert(1)</scr<script></script>ipt></div>`,
	`<div><ifr<iframe></iframe>ame srcdoc="<script>parent.alert(2)</script>"></ifr<iframe></iframe>ame></div>`,
	`<div><sty<style></style>le>body{display:none}</sty<style></style>le></div>`,
	`<details open ontoggle="alert(3)"><summary>More</summary>Text.</details>`,
	`<img src="x" onerror="alert(4)">`,
	`<svg onload="alert(5)"><circle r="1"/></svg>`,
	`<a id="js" href="javascript:alert(6)">link</a>`,
	`<base href="https://evil.example/">`,
	`<form action="https://evil.example/"><button formaction="javascript:alert(7)">Go</button></form>`,
	`<IMG SRC="jav&#x09;ascript:alert(8);">`,
	`<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#57;&#41;>`,
	`<IFRAME SRC="javascript:alert(10);"></IFRAME>`,
	`<OBJECT TYPE="text/html" DATA="data:text/html,<script>parent.alert(11)</script>"></OBJECT>`,
	`<EMBED SRC="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEyKSIvPg==">`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(13)>`,
	`<noscript><p title="</noscript><img src=x onerror=alert(14)>">`,
	`<div onmouseover="alert(15)" style="width:100px;height:100px">hover</div>`,
	`<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(16);">`,
	`<a id="data" href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxNyk8L3NjcmlwdD4=">data</a>`,
	`<video><source onerror="alert(18)"></video>`,
	`<input autofocus onfocus="alert(19)">`,
	`<picture><source srcset="javascript:alert(21)" media="all" onerror="alert(22)"><img src="x" srcset="/a.png 1x, javascript:alert(23) 2x" sizes="</picture><script>alert(24)</script>"></picture>`,
}

// siteWriter returns a function that writes a file of the site in dir.
func siteWriter(t *testing.T, dir string) func(name, data string) {
	return func(name, data string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// buildAndServe builds the site in dir and serves its output over HTTP
// until the test ends; it returns the server's URL.
func buildAndServe(t *testing.T, dir string) string {
	pub := filepath.Join(dir, "public")
	if err := runKB("build", "-s", dir, "-o", pub, "--index", "-"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(pub)))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestRawHTMLRunsNoScript builds a site with [markdown] unsafe = true whose
// pages hold hostile raw HTML, serves it with no Content-Security-Policy
// (so the sanitizer is the only defence), and opens it in Chromium: no
// dialog opens while the page loads, its elements are hovered and focused
// and its links clicked, and what writers use (details, kbd, FAQ answers)
// still works.
func TestRawHTMLRunsNoScript(t *testing.T) {
	dir := t.TempDir()
	write := siteWriter(t, dir)
	write("site.toml", "defaultLanguage = \"en\"\n[languages.en]\n[languages.ar]\n[markdown]\nunsafe = true\n")
	body := "Press <kbd>Ctrl</kbd>.\n\n" + strings.Join(hostileHTML, "\n\n") + "\n"
	write("content/en/guide.md", "+++\ntitle = \"Guide\"\n+++\n"+body)
	write("content/en/faq/raw.md", "+++\ntitle = \"Raw FAQ\"\n+++\n## First question?\n\n"+body+"\n## Second question?\n\nInline <img src=x onerror=alert(20)> and <kbd>K</kbd>.\n")
	b := newTab(t, buildAndServe(t, dir), desktop)
	var mu sync.Mutex
	var dialogs []string
	go func() {
		for e, err := range chromedp.Events(b.ctx, page.JavascriptDialogOpening) {
			if err != nil {
				return
			}
			mu.Lock()
			dialogs = append(dialogs, e.Message)
			mu.Unlock()
			chromedp.Call(b.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	// Hover and focus every element, open every details, click every link
	// that stays on the page or would run script.
	const poke = `(() => {
	  for (const e of document.querySelectorAll("body *")) {
	    for (const type of ["mouseover", "mouseenter", "focus", "click"]) {
	      if (type === "click" && (e.tagName === "A" && !/^(javascript|data|vbscript):/i.test(e.getAttribute("href") || "") || e.tagName === "BUTTON")) continue;
	      e.dispatchEvent(new Event(type, {bubbles: true}));
	    }
	    if (e.tagName === "DETAILS") e.open = !e.open;
	  }
	  for (const a of document.querySelectorAll("a[href]")) {
	    if (/^\s*(javascript|data|vbscript):/i.test(a.getAttribute("href"))) a.click();
	  }
	  return true;
	})()`
	for _, path := range []string{"/en/guide/", "/en/faq/raw/", "/ar/faq/raw/"} {
		b.open(path)
		b.waitFor(waitTime, `document.readyState === "complete"`, "%s did not load", path)
		var ok bool
		b.evalInto(poke, &ok)
		time.Sleep(time.Second) // onerror, ontoggle and refreshes fire by now
		var found []string
		b.evalInto(`[...document.querySelectorAll("script:not([src^='/_kb/']):not([type='application/ld+json']), iframe, object, embed, base, meta[http-equiv], svg, math, form:not(.search)")].map(e => e.outerHTML.slice(0, 80))
		  .concat([...document.querySelectorAll("body *")].flatMap(e => [...e.attributes].filter(a => /^on/i.test(a.name) || /^\s*(javascript|vbscript|data:text)/i.test(a.value)).map(a => e.tagName + " " + a.name)))`, &found)
		if len(found) > 0 {
			b.errorf("%s: script-capable markup in the page: %q", path, found)
		}
		if !b.truthy(`document.querySelector("main kbd") && document.querySelector("main details summary")`) {
			b.errorf("%s: the writer's kbd and details are gone", path)
		}
		if !b.truthy(`location.pathname === "` + path + `"`) {
			b.errorf("%s: the page navigated away to %s", path, b.location())
		}
	}
	b.open("/en/faq/raw/")
	if !b.truthy(`[...document.querySelectorAll("main details")].some(d => d.querySelector("summary") && d.textContent.includes("Second question"))`) {
		b.errorf("the FAQ questions are not an accordion any more")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(dialogs) > 0 {
		t.Errorf("script ran in the page: dialogs %q", dialogs)
	}
}
