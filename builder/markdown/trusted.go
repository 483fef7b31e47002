package markdown

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html"
	"html/template"
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
	for {
		i := bytes.Index(b, open)
		if i < 0 {
			return append(out, b...)
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
		inner := t.expand(t.outs[idx])
		if inTag(out) {
			out = append(out, html.EscapeString(htmlText(inner))...)
		} else {
			out = append(out, inner...)
		}
		b = b[j+k+len(tokenMark):]
	}
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
			if inTag(out) {
				out = append(out, html.EscapeString(htmlText(x.st.page.trusted.expand(h)))...)
			} else {
				out = append(out, h...)
			}
		}
		b = b[j+k+len(end):]
	}
}
