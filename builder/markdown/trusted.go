package markdown

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html"
	"html/template"
	"net/url"
	"strconv"
)

// The output of the site owner's shortcode templates is trusted (the theme
// is theirs): it reaches the page as written, while what writers give it
// (arguments, escaped by html/template; inner content and markdownify,
// rendered under the raw-HTML rules) is made safe before it goes in. The
// raw-HTML allowlist of a page runs over the page's HTML, so a template's
// output stands in it as a token, put back once the page is cleaned. A
// token carries a random key, so no writer can forge one.

// tokenMark opens and closes a token (private use: never in real text).
const tokenMark = "\uE001"

// trustedOutput holds the trusted output of a page's shortcodes.
type trustedOutput struct {
	key  string // random, per page
	outs [][]byte
}

// protect returns a token that expand turns back into b.
func (t *trustedOutput) protect(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	if t.key == "" {
		t.key = randomKey()
	}
	t.outs = append(t.outs, b)
	tok := make([]byte, 0, 2*len(tokenMark)+len(t.key)+4)
	tok = append(tok, tokenMark...)
	tok = append(tok, t.key...)
	tok = strconv.AppendInt(tok, int64(len(t.outs)-1), 10)
	return append(tok, tokenMark...)
}

// expand replaces the tokens in b by the output they stand for. A token
// inside a tag (an owner put .Inner in an attribute) becomes the output's
// text, escaped, so it cannot end the attribute.
func (t *trustedOutput) expand(b []byte) []byte {
	if t.key == "" || !bytes.Contains(b, []byte(tokenMark)) {
		return b
	}
	open := []byte(tokenMark + t.key)
	var out []byte
	var raw rawText
	for {
		i := bytes.Index(b, open)
		if i < 0 {
			return t.expandEncoded(append(out, b...))
		}
		j := i + len(open)
		k := bytes.Index(b[j:], []byte(tokenMark))
		idx, err := strconv.Atoi(string(b[j : j+max(k, 0)]))
		if k < 0 || err != nil || idx < 0 || idx >= len(t.outs) {
			out = append(out, b[:j]...)
			b = b[j:]
			continue
		}
		out = append(out, b[:i]...)
		// Tokens in an output stand for outputs made before it.
		out = placed(out, t.expand(t.outs[idx]), &raw)
		b = b[j+k+len(tokenMark):]
	}
}

// encodedMark is tokenMark as html/template percent-encodes it in an
// address (href="/s/?q={{ .Inner }}").
const encodedMark = "%ee%80%81"

// expandEncoded replaces the percent-encoded tokens in b by the text of
// the output they stand for, percent-encoded (a scheme's colon too, so it
// stays an address of the site): left alone, the page's random key would
// reach the page.
func (t *trustedOutput) expandEncoded(b []byte) []byte {
	if !bytes.Contains(b, []byte(t.key)) {
		return b
	}
	var out []byte
	for {
		i := bytes.Index(b, []byte(t.key))
		if i < 0 {
			return append(out, b...)
		}
		start, j := i-len(encodedMark), i+len(t.key)
		k := j
		for k < len(b) && b[k] >= '0' && b[k] <= '9' {
			k++
		}
		idx, err := strconv.Atoi(string(b[j:k]))
		if start < 0 || !bytes.EqualFold(b[start:i], []byte(encodedMark)) || err != nil || idx >= len(t.outs) ||
			len(b) < k+len(encodedMark) || !bytes.EqualFold(b[k:k+len(encodedMark)], []byte(encodedMark)) {
			out = append(out, b[:j]...)
			b = b[j:]
			continue
		}
		out = append(out, b[:start]...)
		out = append(out, url.QueryEscape(htmlText(t.expand(t.outs[idx])))...)
		b = b[k+len(encodedMark):]
	}
}

// placed appends h, HTML a template's output holds in place of a token or
// a markdownify, to out, the HTML before it. In a tag (an owner put .Inner
// in an attribute) h becomes its text, escaped, so it cannot end the
// attribute; in a script or style element (html/template escaped the token
// for a script's string, not what it stands for) its text escaped for a
// script's string. raw follows out from one call to the next.
func placed(out, h []byte, raw *rawText) []byte {
	switch {
	case raw.in(out):
		return append(out, template.JSEscapeString(htmlText(h))...)
	case inTag(out):
		return append(out, html.EscapeString(htmlText(h))...)
	}
	return append(out, h...)
}

// rawText follows HTML as it grows, to tell whether its end is inside a
// script or style element, where text is not HTML.
type rawText struct {
	seen int    // bytes of the HTML read
	end  string // "</script" or "</style" while inside one
}

// in reports whether b, which extends the HTML read so far, ends inside a
// script or style element.
func (r *rawText) in(b []byte) bool {
	for r.seen < len(b) {
		i := bytes.IndexByte(b[r.seen:], '<')
		if i < 0 {
			r.seen = len(b)
			break
		}
		at := b[r.seen+i:]
		r.seen += i + 1
		switch {
		case r.end != "":
			if hasPrefixFold(at, r.end) {
				r.end = ""
			}
		case hasPrefixFold(at, "<script"):
			r.end = "</script"
		case hasPrefixFold(at, "<style"):
			r.end = "</style"
		}
	}
	return r.end != ""
}

// inTag reports whether HTML that ends with b is inside a start tag.
func inTag(b []byte) bool {
	return bytes.LastIndexByte(b, '<') > bytes.LastIndexByte(b, '>')
}

// Hugo's markdownify in a shortcode template renders a writer's text with
// the page's links, headings and findings, which a template function,
// shared by every page, cannot reach: it leaves the text hex-encoded
// between marks, and execute renders it in place (markdownified). The
// opening mark carries a key drawn when kb starts, so a writer's argument
// cannot pass for markdownify's output (which goes in unescaped: a forged
// one put a writer's quote into a template's script).
const markdownifyMark = "\uE002"

var markdownifyOpen = markdownifyMark + randomKey()

func randomKey() string {
	var k [8]byte
	_, _ = rand.Read(k[:])
	return hex.EncodeToString(k[:])
}

// markdownify is the template function: HTML (.Inner) stays as it is.
func markdownify(v any) template.HTML {
	switch v := v.(type) {
	case template.HTML:
		return v
	case nil:
		return ""
	}
	return template.HTML(markdownifyOpen + hex.EncodeToString([]byte(fmt.Sprint(v))) + markdownifyMark)
}

// markdownified replaces what markdownify left in a template's output by
// the text rendered; inside a tag, by its text, escaped.
func (x *shortcodeContext) markdownified(b []byte) []byte {
	open, end := []byte(markdownifyOpen), []byte(markdownifyMark)
	if !bytes.Contains(b, open) {
		return b
	}
	var out []byte
	var raw rawText
	for {
		i := bytes.Index(b, open)
		if i < 0 {
			return append(out, b...)
		}
		j := i + len(open)
		k := bytes.Index(b[j:], end)
		if k < 0 {
			return append(out, b...)
		}
		out = append(out, b[:i]...)
		if src, err := hex.DecodeString(string(b[j : j+k])); err == nil {
			h := []byte(x.Markdownify(string(src)))
			if raw.in(out) || inTag(out) {
				h = x.st.page.trusted.expand(h)
			}
			out = placed(out, h, &raw)
		}
		b = b[j+k+len(end):]
	}
}
