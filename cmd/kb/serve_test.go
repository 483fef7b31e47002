package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"kb/internal/syncbuf"
)

// TestServeContentFiles drives kb serve over HTTP as a writer would: a
// .markdown page is a page and is rebuilt when edited, an HTML file under
// content/ is announced as an error at its line and never served, and an
// editor's leftovers do not rebuild anything.
func TestServeContentFiles(t *testing.T) {
	site, base, out, events := serveSample(t)

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
	waitOutput(t, out, regexp.MustCompile(`help\.html changed: `))

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

// TestServeEditorSaves saves a page the ways editors do, each a burst of
// events: truncate and write in two writes a few milliseconds apart (the
// first cut inside the front matter), write a temporary file and rename it
// over the page, and vim's rename to a backup, write anew, remove the
// backup. Each save must end up served, and searchable, with its final
// content, the last event being a reload.
func TestServeEditorSaves(t *testing.T) {
	site, base, out, events := serveSample(t)
	page := filepath.Join(site, "content/en/orders/saves.md")
	os.WriteFile(page, []byte("+++\ntitle = \"Saves\"\n+++\nFirst version.\n"), 0o644)
	expectEvent(t, events, "reload")
	waitFor(t, base+"/en/orders/saves/", func(b string) bool { return strings.Contains(b, "First version.") })

	text := func(word string) []byte {
		return []byte("+++\ntitle = \"Saves\"\ndescription = \"How saving works.\"\n+++\nThe " + word + " version, saved by an editor.\n")
	}
	saves := []struct {
		name, word string
		save       func(t *testing.T, data []byte)
	}{
		{"two writes 3 ms apart", "quokka", func(t *testing.T, data []byte) {
			f, err := os.OpenFile(page, os.O_WRONLY|os.O_TRUNC, 0o644)
			if err != nil {
				t.Fatal(err)
			}
			f.Write(data[:10]) // "+++\ntitle " : no valid front matter yet
			time.Sleep(3 * time.Millisecond)
			f.Write(data[10:])
			f.Close()
		}},
		{"rename over", "narwhal", func(t *testing.T, data []byte) {
			tmp := filepath.Join(filepath.Dir(page), ".saves.md.tmp")
			os.WriteFile(tmp, data, 0o644)
			if err := os.Rename(tmp, page); err != nil {
				t.Fatal(err)
			}
		}},
		{"vim backup and rename", "axolotl", func(t *testing.T, data []byte) {
			backup := page + "~"
			if err := os.Rename(page, backup); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(page, data, 0o644)
			os.Remove(backup)
		}},
	}
	for _, s := range saves {
		before := strings.Count(out.String(), " changed: ")
		drainEvents(events)
		s.save(t, text(s.word))
		waitFor(t, base+"/en/orders/saves/", func(b string) bool { return strings.Contains(b, "The "+s.word+" version") })
		waitFor(t, base+"/api/search?lang=en&q="+s.word, func(b string) bool { return strings.Contains(b, "/en/orders/saves/") })
		time.Sleep(300 * time.Millisecond) // any rebuild still due
		var names []string
		for _, ev := range drainEvents(events) {
			names = append(names, ev.name)
		}
		if len(names) == 0 || names[len(names)-1] != "reload" {
			t.Errorf("%s: events %v, want a reload last", s.name, names)
		}
		// Under load a burst can take two rebuilds; the last one counts.
		t.Logf("%s: %d rebuilds, events %v", s.name, strings.Count(out.String(), " changed: ")-before, names)
	}
}

// TestServeSnippets: a code snippet a page imports from snippets/ (beside
// content/, VitePress's <<< @/snippets/x.js) is shown on the page, never
// served itself, and a save of it reloads the page with its new text.
func TestServeSnippets(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	site := copySite(t)
	snippet := filepath.Join(site, "snippets", "track.js")
	os.MkdirAll(filepath.Dir(snippet), 0o755)
	os.WriteFile(snippet, []byte("// #region call\nfetch('/api/orders/first')\n// #endregion call\n"), 0o644)
	os.WriteFile(filepath.Join(site, "content/en/orders/api.md"), []byte("+++\ntitle = \"Orders API\"\n+++\nCall it so:\n\n<<< @/snippets/track.js#call\n"), 0o644)
	base, _ := startServe(t, site)
	waitFor(t, base+"/en/orders/api/", func(b string) bool { return strings.Contains(b, "/api/orders/first") })
	events := openEvents(t, base+"/_kb/live")
	if b := get(t, base+"/snippets/track.js"); strings.Contains(b, "fetch(") {
		t.Error("the snippet is served as a file")
	}
	// Saved by a rename, as many editors save: one event, one rebuild,
	// none left running when the test's folder goes.
	saved := filepath.Join(site, "snippets", ".track.js.tmp")
	os.WriteFile(saved, []byte("// #region call\nfetch('/api/orders/second')\n// #endregion call\n"), 0o644)
	if err := os.Rename(saved, snippet); err != nil {
		t.Fatal(err)
	}
	expectEvent(t, events, "reload")
	waitFor(t, base+"/en/orders/api/", func(b string) bool { return strings.Contains(b, "/api/orders/second") })
}

// drainEvents returns the events received so far.
func drainEvents(ch <-chan sse) []sse {
	var evs []sse
	for {
		select {
		case ev := <-ch:
			evs = append(evs, ev)
		default:
			return evs
		}
	}
}

// TestServeSearchableAtReload: when the reload event of a save arrives, the
// page and the search already show the save: the new word is found, the
// word it replaced is not, an answer cached before the save is not served
// after it, and each rebuild reloads the open pages once.
func TestServeSearchableAtReload(t *testing.T) {
	site, base, out, events := serveSample(t)
	page := filepath.Join(site, "content/en/orders/change-or-cancel-an-order.md")
	orig, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	const url = "/en/orders/change-or-cancel-an-order/"
	finds := func(word string) bool {
		return strings.Contains(get(t, base+"/api/search?lang=en&q="+word), url)
	}
	reloads := 0
	count := func(evs []sse) {
		for _, ev := range evs {
			if ev.name == "reload" {
				reloads++
			}
		}
	}
	settle := func() { // the rebuild's end, and any reload still due
		time.Sleep(500 * time.Millisecond)
		count(drainEvents(events))
	}
	if finds("pangolin") || finds("okapi") {
		t.Fatal("the probe words are found before any save")
	}
	for i, step := range []struct{ word, gone string }{{"pangolin", ""}, {"okapi", "pangolin"}} {
		// Written and renamed over the page: one save, one rebuild.
		tmp := filepath.Join(filepath.Dir(page), ".probe.tmp")
		os.WriteFile(tmp, append(slices.Clip(orig), "\nAsk our "+step.word+" team.\n"...), 0o644)
		if err := os.Rename(tmp, page); err != nil {
			t.Fatal(err)
		}
		expectEvent(t, events, "reload")
		reloads++
		if !strings.Contains(get(t, base+url), "Ask our "+step.word+" team.") {
			t.Errorf("save %d: the page lacks %q at the reload event", i+1, step.word)
		}
		if !finds(step.word) {
			t.Errorf("save %d: the search does not find %q at the reload event", i+1, step.word)
		}
		if step.gone != "" && finds(step.gone) {
			t.Errorf("save %d: the search still finds %q, which the save removed", i+1, step.gone)
		}
		settle()
	}
	if rebuilds := strings.Count(out.String(), " changed: "); reloads != rebuilds {
		t.Errorf("%d reload events for %d rebuilds", reloads, rebuilds)
	}
}

// TestServeStartsFromBuildCache: kb serve started after kb build takes the
// pages that did not change from the build cache and says so in its
// first "built" line, as kb build does; a save after that is served and
// found by the search.
func TestServeStartsFromBuildCache(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	site := builtSampleSite(t)
	page := filepath.Join(site, "content/en/orders/track-your-order.md")
	orig, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, append(slices.Clip(orig), "\nAsk our aardvark team.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	base, out := startServe(t, site)
	m := waitOutput(t, out, regexp.MustCompile(`built (\d+) pages in \d+ languages in \S+ \((\d+) of (\d+) pages from the build cache\)`))
	// The edited page and its fallback copies in the languages that lack
	// it render; the others come from the cache.
	if pages, hits := m[1], m[2]; m[3] != pages || hits == "0" || hits == pages {
		t.Errorf("the first build says %s", m[0])
	}
	const url = "/en/orders/track-your-order/"
	waitFor(t, base+url, func(b string) bool { return strings.Contains(b, "Ask our aardvark team.") })
	if !strings.Contains(get(t, base+"/api/search?lang=en&q=aardvark"), url) {
		t.Error("the search does not find the page edited before the start")
	}
	events := openEvents(t, base+"/_kb/live")
	if err := os.WriteFile(page, append(slices.Clip(orig), "\nAsk our pangolin team.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	expectEvent(t, events, "reload")
	if !strings.Contains(get(t, base+url), "Ask our pangolin team.") {
		t.Error("the save is not served at the reload event")
	}
	if !strings.Contains(get(t, base+"/api/search?lang=en&q=pangolin"), url) {
		t.Error("the search does not find the save at the reload event")
	}
	if strings.Contains(get(t, base+"/api/search?lang=en&q=aardvark"), url) {
		t.Error("the search still finds the word the save removed")
	}
}

// serveSample starts kb serve on a copy of the sample site, once its
// home page is served, and listens to its live-reload events. It skips
// the test under -short.
func serveSample(t *testing.T) (site, base string, out *syncbuf.Buffer, events <-chan sse) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a server")
	}
	site = copySite(t)
	base, out = startServe(t, site)
	waitFor(t, base+"/en/", func(b string) bool { return strings.Contains(b, "</html>") })
	return site, base, out, openEvents(t, base+"/_kb/live")
}

// englishSite is the site.toml of a site in English alone, as a txtar
// file.
const englishSite = `-- site.toml --
title = "Help"
baseURL = "https://help.example/"
defaultLanguage = "en"
[languages.en]
name = "English"`

// TestServeScheduledPages: kb serve publishes a page when its publishDate
// comes and takes one down when its expiryDate passes, with no file
// edited meanwhile, and renders only what that changes, as a save of the
// pages would (not the six pages of orders/), saying why.
func TestServeScheduledPages(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	soon := time.Now().Add(3 * time.Second).Truncate(time.Second)
	var orders []string
	for _, slug := range []string{"track", "cancel", "change", "pay", "invoice", "gift"} {
		orders = append(orders, "content/en/orders/"+slug+".md", "+++\ntitle = \"Orders: "+slug+"\"\n+++\nAbout "+slug+".\n")
	}
	site := writeSite(t, englishSite+`
-- content/en/_index.md --
+++
title = "Help"
+++
-- content/en/news/_index.md --
+++
title = "News"
+++
-- content/en/news/launch.md --
+++
title = "Launch"
publishDate = `+soon.UTC().Format(time.RFC3339)+`
+++
The launch is today.
-- content/en/news/offer.md --
+++
title = "Offer"
expiryDate = `+soon.UTC().Format(time.RFC3339)+`
+++
The offer ends soon.
-- content/en/orders/_index.md --
+++
title = "Orders"
+++
`, orders...)
	base, out := startServe(t, site)
	waitFor(t, base+"/en/", func(b string) bool { return strings.Contains(b, "</html>") })
	launched := strings.Contains(get(t, base+"/en/news/launch/"), "The launch is today.")
	offered := strings.Contains(get(t, base+"/en/news/offer/"), "The offer ends soon.")
	if !time.Now().Before(soon) {
		t.Skip("the first build ended after the dates: nothing left to schedule")
	}
	if launched || !offered {
		t.Fatalf("before the dates: launch served %v, offer served %v; want only the offer", launched, offered)
	}
	waitFor(t, base+"/en/news/launch/", func(b string) bool { return strings.Contains(b, "The launch is today.") })
	waitFor(t, base+"/en/news/offer/", func(b string) bool { return !strings.Contains(b, "The offer ends soon.") })
	m := waitOutput(t, out, regexp.MustCompile(`a publishDate or expiryDate passed: content/en/news/launch\.md, content/en/news/offer\.md: (\d+) pages rendered`))
	// The launch, the news section's page, which lists it and no longer
	// the offer, and the home page, which lists the sections' pages.
	if m[1] != "3" {
		t.Errorf("%s pages rendered when the dates passed, want 3:\n%s", m[1], out.String())
	}
}

// TestServeReportsOutputClashes: a writer who, while kb serve runs, gives
// a page an alias that differs from another page's address only in letter
// case is warned, naming the file and line, as kb build warns; an alias
// that needs a folder where kb writes a file fails the rebuild with kb
// build's error at the page's line, and the last good site stays served.
func TestServeReportsOutputClashes(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	site := writeSite(t, englishSite+`
-- content/en/faq/returns.md --
---
title: Returns
---
Send it back.
-- content/en/a.md --
---
title: A
---
a
`)
	base, out := startServe(t, site)
	waitFor(t, base+"/en/", func(b string) bool { return strings.Contains(b, "</html>") })
	events := openEvents(t, base+"/_kb/live")
	page := filepath.Join(site, "content/en/a.md")

	os.WriteFile(page, []byte("---\ntitle: A\naliases: [/EN/FAQ/Returns/]\n---\na\n"), 0o644)
	expectEvent(t, events, "reload")
	waitOutput(t, out, regexp.MustCompile(`a\.md changed: `))
	const warning = `content/en/a.md:3: warning: EN/FAQ/Returns/index.html (the alias "/EN/FAQ/Returns/" of content/en/a.md) and en/faq/returns/index.html (from content/en/faq/returns.md) differ only in letter case`
	if !strings.Contains(out.String(), warning) {
		t.Errorf("kb serve does not warn of the letter case clash (%s):\n%s", warning, out.String())
	}

	notFound := get(t, base+"/404.html")
	os.WriteFile(page, []byte("---\ntitle: A\naliases: [/404.html/]\n---\na\n"), 0o644)
	const failure = `content/en/a.md:3: alias "/404.html/": two outputs claim 404.html, one as a file and one as the folder of 404.html/index.html`
	var shown string // the overlay's text, a JSON string
	if data := expectEvent(t, events, "error"); json.Unmarshal([]byte(data), &shown) != nil || !strings.Contains(shown, failure) {
		t.Errorf("the error event does not say what kb build says (%s): %s", failure, data)
	}
	waitOutput(t, out, regexp.MustCompile(`build failed; still serving the last good site`))
	if !strings.Contains(out.String(), failure) {
		t.Errorf("kb serve does not print kb build's error (%s):\n%s", failure, out.String())
	}
	if now := get(t, base+"/404.html"); now != notFound {
		t.Errorf("the failed rebuild changed /404.html:\n%.300s", now)
	}
}
