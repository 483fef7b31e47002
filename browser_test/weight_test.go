package browsertest

import (
	"bytes"
	"compress/gzip"
	"regexp"
	"testing"
)

// maxArticleWeight is the theme's budget for an article page, HTML + CSS +
// JS, compressed: under DESIGN.md §10's 15 KB by more than search.js weighs
// (about 6 KB), which an article loads only when the reader searches, so
// related articles, feedback and site chrome keep pages as light as
// readers found them.
const maxArticleWeight = 12 << 10

var assetRef = regexp.MustCompile(`<(?:link rel="stylesheet" href|script src)="(/[^"]+)"`)

// TestPageWeight fetches article pages with their stylesheets and scripts
// over HTTP and reports their gzip-compressed size (each response on its
// own, at the default level, as a server would send it).
func TestPageWeight(t *testing.T) {
	s := staticSite(t)
	for _, path := range []string{
		"/en/payments/payment-methods/",
		"/ar/payments/payment-methods/",
		"/el/payments/payment-methods/",
		"/en/policies/returns-and-refunds/",
	} {
		html := get(t, s.url+path)
		total, raw := gzipSize(t, html), len(html)
		line := []any{path, len(html), gzipSize(t, html)}
		format := "%s: HTML %d B (%d gz)"
		refs := assetRef.FindAllSubmatch(html, -1)
		if len(refs) < 2 {
			t.Fatalf("%s: expected a stylesheet and scripts, found %q", path, refs)
		}
		for _, m := range refs {
			if searchScript.Match(m[1]) {
				t.Errorf("%s loads %s with the page; it should load when the reader uses the search box", path, m[1])
			}
			body := get(t, s.url+string(m[1]))
			gz := gzipSize(t, body)
			total += gz
			raw += len(body)
			format += " + %s %d B (%d gz)"
			line = append(line, string(m[1]), len(body), gz)
		}
		t.Logf(format, line...)
		t.Logf("%s: page weight %d bytes compressed (%.1f KB; %d bytes raw), budget %d", path, total, float64(total)/1024, raw, maxArticleWeight)
		if total > maxArticleWeight {
			t.Errorf("%s weighs %d bytes compressed, over the %d-byte budget", path, total, maxArticleWeight)
		}
	}
}

func gzipSize(t *testing.T, b []byte) int {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}
