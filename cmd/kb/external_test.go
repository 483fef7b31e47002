package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"kb/builder/config"
	"kb/builder/extlinks"
)

// otherSite is a test server standing for the sites a help center links
// to, recording the paths it was asked for.
type otherSite struct {
	*httptest.Server
	mu    sync.Mutex
	asked []string
}

func newOtherSite(t *testing.T) *otherSite {
	t.Helper()
	s := &otherSite{}
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/logo.png", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/ok", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/linkedin", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(999) })
	mux.HandleFunc("/rights", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><h2 id="refunds">Refunds</h2>`)
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.asked = append(s.asked, r.URL.Path)
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *otherSite) times(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, p := range s.asked {
		if p == path {
			n++
		}
	}
	return n
}

// linkingSite is the shop site with an English and an Arabic page that
// link to the other site.
func linkingSite(t *testing.T, other string) string {
	t.Helper()
	return writeSite(t, shopSite,
		"content/en/faq/tracking.md", `+++
title = "Tracking"
+++
## Where is my parcel?

Use the [carrier's tracking page](`+other+`/track) or our [old page](`+other+`/old).

![Carrier](`+other+`/logo.png)

Consumer rights: [refunds](`+other+`/rights#refunds), [returns](`+other+`/rights#returns).

    curl `+other+`/in-code

{{< linkbutton href="`+other+`/app" >}}Get the app{{< /linkbutton >}}
`,
		"content/ar/faq/tracking.md", `+++
title = "تتبع الشحنة"
+++
## أين طردي؟

استخدم [صفحة التتبع](`+other+`/track).
`)
}

func TestCheckExternalReportsEachBrokenLinkOnceAtEveryPlace(t *testing.T) {
	other := newOtherSite(t)
	site := linkingSite(t, other.URL)
	code, out, errOut := runKB(t, "check", "-v", "--external", "--external-private", "-s", site)
	if code != 1 {
		t.Errorf("exit %d, want 1: broken links to other sites are reader-facing\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"content/en/faq/tracking.md:6:9: warning: link to " + other.URL + "/track: 404 Not Found; fix the address or remove the link",
		"content/ar/faq/tracking.md:6:8: warning: link to " + other.URL + "/track: 404 Not Found; fix the address or remove the link",
		"content/en/faq/tracking.md:6:72: warning: link to " + other.URL + "/old: moved permanently to " + other.URL + "/ok; link to the new address",
		`content/en/faq/tracking.md:10:68: warning: link to ` + other.URL + `/rights#returns: the page has no id "returns"`,
		"content/en/faq/tracking.md:14:1: warning: link to " + other.URL + "/app: 404 Not Found",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "/rights#refunds") || strings.Contains(out, "logo.png") {
		t.Errorf("working links reported:\n%s", out)
	}
	if n := other.times("/track"); n != 1 {
		t.Errorf("/track asked %d times, want once for both pages", n)
	}
	if n := other.times("/rights"); n != 1 {
		t.Errorf("/rights asked %d times, want once for both fragments", n)
	}
	if n := other.times("/in-code"); n != 0 {
		t.Error("a URL in a code block was asked for")
	}
	if n := other.times("/logo.png"); n != 1 {
		t.Errorf("the image asked %d times, want once", n)
	}
}

func TestCheckExternalFormats(t *testing.T) {
	other := newOtherSite(t)
	site := linkingSite(t, other.URL)
	_, out, _ := runKB(t, "check", "--format", "json", "--external", "--external-private", "-s", site)
	var findings []struct{ File, Kind, Message string }
	if err := json.Unmarshal([]byte(out), &findings); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var broken []string
	for _, f := range findings {
		if f.Kind == "external-link" {
			broken = append(broken, f.File)
		}
	}
	if want := []string{"content/ar/faq/tracking.md", "content/en/faq/tracking.md", "content/en/faq/tracking.md"}; !slices.Equal(broken, want) {
		t.Errorf("external-link findings at %q, want %q\n%s", broken, want, out)
	}
	_, out, _ = runKB(t, "check", "--format", "github", "--external", "--external-private", "-s", site)
	if want := "::warning file=content/ar/faq/tracking.md,line=6,col=8,title=kb external-link::link to " + other.URL + "/track: 404 Not Found"; !strings.Contains(out, want) {
		t.Errorf("no %q in:\n%s", want, out)
	}
}

func TestCheckWithoutExternalAsksNoOtherSite(t *testing.T) {
	other := newOtherSite(t)
	site := linkingSite(t, other.URL)
	if code, out, errOut := runKB(t, "check", "-s", site); code != 0 {
		t.Errorf("exit %d, want 0\n%s%s", code, out, errOut)
	}
	if len(other.asked) != 0 {
		t.Errorf("kb check without --external asked %q", other.asked)
	}
	if _, err := os.Stat(filepath.Join(site, ".kb")); err == nil {
		t.Error("kb check without --external wrote .kb/")
	}
}

// A site that refuses link checkers is not the writer's to fix: reported,
// but the check passes, even with --strict.
func TestCheckExternalUncheckedNeverFails(t *testing.T) {
	other := newOtherSite(t)
	site := writeSite(t, shopSite, "content/en/faq/company.md", "+++\ntitle = \"Company\"\n+++\nFind us on [LinkedIn]("+other.URL+"/linkedin).\n")
	code, out, errOut := runKB(t, "check", "--strict", "--external", "--external-private", "-s", site)
	if code != 0 {
		t.Errorf("exit %d, want 0\n%s%s", code, out, errOut)
	}
	if want := "content/en/faq/company.md:4:12: warning: link to " + other.URL + "/linkedin: could not check: 999: the site refuses link checkers"; !strings.Contains(out, want) {
		t.Errorf("no %q in:\n%s", want, out)
	}
}

// Links to this machine are not asked for unless --external-private: they
// mean another machine to each reader.
func TestCheckExternalLeavesLocalAddressesUnlessAsked(t *testing.T) {
	other := newOtherSite(t)
	site := writeSite(t, shopSite, "content/en/faq/router.md", "+++\ntitle = \"Router\"\n+++\nOpen [your router]("+other.URL+"/track).\n")
	code, out, errOut := runKB(t, "check", "--external", "-s", site)
	if code != 0 {
		t.Errorf("exit %d, want 0\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "could not check: 127.0.0.1 is a private or local address") {
		t.Errorf("output:\n%s", out)
	}
	if len(other.asked) != 0 {
		t.Errorf("asked %q", other.asked)
	}
}

func TestCheckExternalCachesWorkingLinks(t *testing.T) {
	other := newOtherSite(t)
	site := linkingSite(t, other.URL)
	runKB(t, "check", "--external", "--external-private", "-s", site)
	if _, err := os.Stat(filepath.Join(site, ".kb", "external-links.json")); err != nil {
		t.Fatal(err)
	}
	runKB(t, "check", "--external", "--external-private", "-s", site)
	if n := other.times("/logo.png"); n != 1 {
		t.Errorf("a working link asked %d times in two runs, want once", n)
	}
	if n := other.times("/track"); n != 2 {
		t.Errorf("a broken link asked %d times in two runs, want twice", n)
	}
	runKB(t, "check", "--external", "--external-private", "--external-max-age", "0", "-s", site)
	if n := other.times("/logo.png"); n != 2 {
		t.Errorf("with --external-max-age 0 a working link asked %d times, want again", n)
	}
}

func TestCheckExternalIgnore(t *testing.T) {
	other := newOtherSite(t)
	site := linkingSite(t, other.URL)
	appendTo(t, filepath.Join(site, "site.toml"), fmt.Sprintf("[check]\nexternalIgnore = [%q, \"linkedin.com/*\"]\n", other.URL+"/tr*"))
	_, out, _ := runKB(t, "check", "--external", "--external-private", "-s", site)
	if n := other.times("/track"); n != 0 {
		t.Errorf("an ignored address asked %d times", n)
	}
	if strings.Contains(out, other.URL+"/track:") {
		t.Errorf("an ignored address reported:\n%s", out)
	}
	if want := `site.toml:10: warning: [check] externalIgnore: "linkedin.com/*" matches no address`; !strings.Contains(out, want) {
		t.Errorf("no %q in:\n%s", want, out)
	}
}

// Raw HTML that [markdown] unsafe keeps is checked as Markdown links are.
func TestCheckExternalRawHTMLLinks(t *testing.T) {
	other := newOtherSite(t)
	site := writeSite(t, shopSite, "content/en/faq/app.md", "+++\ntitle = \"App\"\n+++\nGet the app:\n\n<p><a href=\""+other.URL+"/store\">App Store</a></p>\n")
	appendTo(t, filepath.Join(site, "site.toml"), "[markdown]\nunsafe = true\n")
	code, out, _ := runKB(t, "check", "--external", "--external-private", "-s", site)
	if want := "content/en/faq/app.md:6:"; code != 1 || !strings.Contains(out, want) || !strings.Contains(out, other.URL+"/store: 404 Not Found") {
		t.Errorf("exit %d, want 1 and the raw HTML link at %s:\n%s", code, want, out)
	}
}

// Links to the site's own pages by their full address are kb's to check
// as pages, and the newest are not deployed yet: not asked for.
func TestExternalFindingsLeaveTheSiteItself(t *testing.T) {
	other := newOtherSite(t)
	cfg := &config.Config{BaseURL: other.URL + "/help/"}
	uses := []extlinks.Use{{URL: other.URL + "/help/en/faq/new/", File: "content/en/a.md", Line: 1}, {URL: other.URL + "/track", File: "content/en/a.md", Line: 2}}
	ds, err := externalFindings(context.Background(), t.TempDir(), cfg, uses, externalCheck{maxAge: time.Hour, private: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Line != 2 {
		t.Errorf("findings %v, want only the other site's /track", ds)
	}
	if n := other.times("/help/en/faq/new/"); n != 0 {
		t.Errorf("the site's own page asked %d times", n)
	}
}

// On a terminal, kb check --external shows how far it is on one line,
// written over after each address (checked of total, failures so far),
// and clears it at the end; elsewhere (CI logs, a pipe) it prints
// nothing of the kind.
func TestExternalProgress(t *testing.T) {
	other := newOtherSite(t)
	uses := []extlinks.Use{{URL: other.URL + "/ok", File: "content/en/a.md", Line: 1}, {URL: other.URL + "/gone", File: "content/en/a.md", Line: 2}}
	var terminal bytes.Buffer
	if _, err := externalFindings(context.Background(), t.TempDir(), &config.Config{}, uses, externalCheck{maxAge: time.Hour, private: true, progress: &terminal}); err != nil {
		t.Fatal(err)
	}
	got := terminal.String()
	for _, want := range []string{"\rchecking links to other sites: 1/2", "\rchecking links to other sites: 2/2, 1 failed\x1b[K"} {
		if !strings.Contains(got, want) {
			t.Errorf("the progress line %q lacks %q", got, want)
		}
	}
	if !strings.HasSuffix(got, "\r\x1b[K") || strings.Contains(got, "\n") {
		t.Errorf("the progress line %q is not one line cleared at the end", got)
	}

	site := writeSite(t, shopSite, "content/en/faq/app.md", "+++\ntitle = \"App\"\n+++\n[Track]("+other.URL+"/ok)\n")
	if _, _, errOut := runKB(t, "check", "--external", "--external-private", "-s", site); strings.Contains(errOut, "checking links") || strings.Contains(errOut, "\r") {
		t.Errorf("not on a terminal, kb check --external printed progress:\n%q", errOut)
	}
}
