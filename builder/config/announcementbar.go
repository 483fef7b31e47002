package config

import (
	"slices"
	"strings"

	"golang.org/x/net/html"

	"kb/internal/jsobject"
)

// announcementBar reads Docusaurus's themeConfig.announcementBar into s:
// its content, HTML, as the Markdown of [announcement] text (links, bold
// and italics kept, other tags left out with a note), isCloseable as
// dismissible; its colours and id are noted as not carried over. It
// returns themeConfig without it, for the notes about the rest.
func (r jsReader) announcementBar(themeConfig jsobject.Field, s *siteTOML) jsobject.Field {
	tc := r.js.Resolve(themeConfig.Value)
	bar, ok := tc.Get("announcementBar")
	if !ok || tc.Kind != jsobject.Object {
		return themeConfig
	}
	bar = r.js.Resolve(bar)
	if bar.Kind != jsobject.Object {
		return themeConfig
	}
	a := &foreignAnnouncement{dismissible: true}
	for _, f := range bar.Fields {
		switch f.Key {
		case "content":
			if text, ok := r.text(f.Value, "themeConfig.announcementBar.content", "set [announcement] text in "+FileName); ok {
				var dropped []string
				a.text, dropped = htmlToInlineMarkdown(text)
				if len(dropped) > 0 {
					r.note(f.Line, "themeConfig.announcementBar.content: the HTML elements %s are left out of [announcement] text: it is Markdown, with links, bold and italics", strings.Join(dropped, ", "))
				}
			}
		case "isCloseable":
			if v := r.js.Resolve(f.Value); v.Kind == jsobject.Bool {
				a.dismissible = v.Bool
			}
		case "id":
			// kb tells one announcement from the next by its text.
		default:
			r.notCarriedOver("themeConfig.announcementBar.", f, map[string]string{
				"backgroundColor": "kb's theme colours an announcement by its kind (info, warning, caution)",
				"textColor":       "kb's theme colours an announcement by its kind (info, warning, caution)",
			})
		}
	}
	if a.text == "" {
		return themeConfig
	}
	s.announcement = a
	r.used("themeConfig.announcementBar")
	rest := tc
	rest.Fields = slices.DeleteFunc(slices.Clone(tc.Fields), func(f jsobject.Field) bool { return !f.Spread && f.Key == "announcementBar" })
	themeConfig.Value = rest
	return themeConfig
}

// htmlToInlineMarkdown turns a line of HTML into inline Markdown: links,
// bold and italics are kept, the text of other elements too, and the
// names of those elements are returned, sorted, once each.
func htmlToInlineMarkdown(s string) (md string, dropped []string) {
	var b strings.Builder
	var hrefs []string // of the open links; "" for one without href
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		switch tt {
		case html.TextToken:
			b.WriteString(markdownEscaper.Replace(tok.Data))
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			start := tt != html.EndTagToken
			switch tok.Data {
			case "a":
				if start {
					href := ""
					for _, at := range tok.Attr {
						if at.Key == "href" {
							href = at.Val
						}
					}
					hrefs = append(hrefs, href)
					if href != "" {
						b.WriteString("[")
					}
				} else if n := len(hrefs); n > 0 {
					if href := hrefs[n-1]; href != "" {
						b.WriteString("](" + strings.ReplaceAll(href, " ", "%20") + ")")
					}
					hrefs = hrefs[:n-1]
				}
			case "b", "strong":
				b.WriteString("**")
			case "i", "em":
				b.WriteString("*")
			case "br":
				b.WriteString(" ")
			default:
				if !slices.Contains(dropped, tok.Data) {
					dropped = append(dropped, tok.Data)
				}
			}
		}
	}
	slices.Sort(dropped)
	return strings.Join(strings.Fields(b.String()), " "), dropped
}

// markdownEscaper escapes what would read as Markdown in HTML's text.
var markdownEscaper = strings.NewReplacer(`\`, `\\`, `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, "`", "\\`", `<`, `\<`)
