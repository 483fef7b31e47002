package main

import (
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// hebrewSite is a small Hebrew help center whose pages write their words as Hebrew does: with ה, ל, ב, ו joined to
// the front of a word, geresh and gershayim.
const hebrewSite = `
-- site.toml --
title = "מרכז עזרה"
defaultLanguage = "he"
[languages.he]
weight = 1
-- content/he/_index.md --
+++
title = "מרכז עזרה"
+++
ברוכים הבאים.
-- content/he/certificates/renew.md --
+++
title = "חידוש האישור"
+++
לפני שתוקף האישור מסתיים, שלחו בקשה לאישור חדש. והאישורים הישנים נמחקים.
-- content/he/certificates/what.md --
+++
title = "מה זה אישור"
+++
אישור הוא קובץ שמוכיח בעלות על הדומיין.
-- content/he/account/messages.md --
+++
title = "הודעות"
+++
המערכת שולחת ללקוח הודעה כשהחשבון נפתח, ודו״ח חודשי.
`

// TestSearchHebrew: on a Hebrew site built with kb build, kb search finds a word whatever one-letter words are
// joined to its front, on the page or in the query, the page with the word as typed first, and the word marked in
// the snippet; gershayim typed as ", or not at all, finds the word written with ״, which the snippet marks whole.
func TestSearchHebrew(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site and starts a server")
	}
	site := writeSite(t, hebrewSite)
	index := filepath.Join(t.TempDir(), "index")
	if code, _, errOut := runKB(t, "build", "-s", site, "-o", filepath.Join(t.TempDir(), "public"), "--index", index); code != 0 {
		t.Fatalf("kb build: exit %d\n%s", code, errOut)
	}
	base := startSearchInProcess(t, "--index", index)

	type hit struct{ URL, Snippet string }
	checks := []struct {
		q    string
		urls []string // the hits, in order
		mark string   // in the first hit's snippet
	}{
		{"אישור", []string{"/he/certificates/what/", "/he/certificates/renew/"}, "<mark>אישור</mark>"},
		{"לאישורים", []string{"/he/certificates/renew/"}, "<mark>והאישורים</mark>"},
		{"הלקוח", []string{"/he/account/messages/"}, "<mark>ללקוח</mark>"},
		{`דו"ח`, []string{"/he/account/messages/"}, "<mark>ודו״ח</mark>"},
		{"דוח", []string{"/he/account/messages/"}, "<mark>ודו״ח</mark>"},
	}
	for _, c := range checks {
		var res struct{ Hits []hit }
		body := get(t, base+"/api/search?"+url.Values{"q": {c.q}, "lang": {"he"}}.Encode())
		if err := json.Unmarshal([]byte(body), &res); err != nil {
			t.Fatalf("%q: %v\n%s", c.q, err, body)
		}
		var urls []string
		for _, h := range res.Hits {
			urls = append(urls, h.URL)
		}
		if strings.Join(urls, " ") != strings.Join(c.urls, " ") {
			t.Errorf("%q: hits %v, want %v", c.q, urls, c.urls)
			continue
		}
		if !strings.Contains(res.Hits[0].Snippet, c.mark) {
			t.Errorf("%q: %s not in %q", c.q, c.mark, res.Hits[0].Snippet)
		}
	}
}
