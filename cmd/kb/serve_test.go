package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeContentFiles drives kb serve over HTTP as a writer would: a
// .markdown page is a page and is rebuilt when edited, an HTML file under
// content/ is announced as an error at its line and never served, and an
// editor's leftovers do not rebuild anything.
func TestServeContentFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	site := copySite(t)
	base, out := startServe(t, site)
	waitFor(t, base+"/en/", func(b string) bool { return strings.Contains(b, "</html>") })
	events := openEvents(t, base+"/_kb/live")

	guide := filepath.Join(site, "content/el/orders/guide.markdown")
	os.WriteFile(guide, []byte("+++\ntitle = \"Οδηγός\"\n+++\nΠρώτη έκδοση.\n"), 0o644)
	expectEvent(t, events, "reload")
	waitFor(t, base+"/el/orders/guide/", func(b string) bool { return strings.Contains(b, "Πρώτη έκδοση.") })
	os.WriteFile(guide, []byte("+++\ntitle = \"Οδηγός\"\n+++\nΔεύτερη έκδοση.\n"), 0o644)
	expectEvent(t, events, "reload")
	waitFor(t, base+"/el/orders/guide/", func(b string) bool { return strings.Contains(b, "Δεύτερη έκδοση.") })
	if b := get(t, base+"/el/orders/guide.markdown"); strings.Contains(b, "έκδοση") {
		t.Error("the .markdown source is served raw")
	}

	help := filepath.Join(site, "content/en/orders/help.html")
	os.WriteFile(help, []byte("<script>alert(document.cookie)</script>\n"), 0o644)
	data := expectEvent(t, events, "error")
	if !strings.Contains(data, "content/en/orders/help.html:1: not published") || !strings.Contains(data, "static/") {
		t.Errorf("the error event does not name the file, its line and what to do: %s", data)
	}
	if b := get(t, base+"/en/orders/help.html"); strings.Contains(b, "document.cookie") {
		t.Error("the HTML file under content/ is served")
	}
	os.Remove(help)
	expectEvent(t, events, "reload")

	before := out.String()
	for _, name := range []string{"guide.markdown~", "#guide.markdown#", ".guide.markdown.swp", "4913"} {
		os.WriteFile(filepath.Join(site, "content/el/orders", name), []byte("x"), 0o644)
	}
	time.Sleep(500 * time.Millisecond)
	if after := out.String(); after != before {
		t.Errorf("editor leftovers started a rebuild:\n%s", strings.TrimPrefix(after, before))
	}
	for _, name := range []string{"guide.markdown~", "4913"} {
		if b := get(t, base+"/el/orders/"+name); b == "x" {
			t.Errorf("the leftover %s is served", name)
		}
	}
}
