package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeSource returns axe.min.js: $KB_AXE, or axe-core@4 installed from the
// npm registry into the user's cache folder (once; later runs reuse it).
func axeSource(t *testing.T) string {
	t.Helper()
	src, err := suite.axe.get(func() (string, error) {
		path := os.Getenv("KB_AXE")
		if path == "" {
			cache, err := os.UserCacheDir()
			if err != nil {
				cache = suite.tmp
			}
			dir := filepath.Join(cache, "kb-browser-test", "axe-core4")
			path = filepath.Join(dir, "node_modules", "axe-core", "axe.min.js")
			if _, err := os.Stat(path); err != nil {
				npm, err := exec.LookPath("npm")
				if err != nil {
					return "", fmt.Errorf("axe-core: KB_AXE is not set and npm is not installed")
				}
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
				defer cancel()
				cmd := exec.CommandContext(ctx, npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", dir, "axe-core@4")
				if out, err := cmd.CombinedOutput(); err != nil {
					return "", fmt.Errorf("axe-core: npm install: %v\n%s", err, out)
				}
			}
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("axe-core: %v", err)
		}
		return string(b), nil
	})
	if err != nil {
		skipOrFail(t, "%v", err)
	}
	return src
}

// axeViolation is the part of an axe-core result that a fix needs.
type axeViolation struct {
	ID, Impact, Help, HelpURL string
	Nodes                     []struct {
		Target         []any
		HTML           string
		FailureSummary string
	}
}

// runAxe injects axe-core into the page and returns the violations of
// serious or critical impact.
func runAxe(b *tab, src string) []axeViolation {
	b.t.Helper()
	if !b.boolean(`window.axe`) {
		if err := chromedp.Do(b.ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
			b.fatalf("injecting axe-core: %v", err)
		}
	}
	raw, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(
		r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => ({
			id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
			nodes: v.nodes.map(n => ({target: n.target, html: n.html, failureSummary: n.failureSummary}))}))))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		b.fatalf("axe.run: %v", err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		b.fatalf("axe.run result: %v", err)
	}
	return vs
}

// TestAccessibility runs axe-core on each kind of page in English, Arabic
// and Greek, on both viewports, and fails on serious or critical
// violations (DESIGN.md §6: WCAG 2.2 AA).
func TestAccessibility(t *testing.T) {
	src := axeSource(t)
	s := staticSite(t)
	pages := map[string][]string{
		"en": {"/en/", "/en/payments/", "/en/payments/payment-methods/", "/en/faq/general/", "/en/search/?q=" + url.QueryEscape("payment")},
		"ar": {"/ar/", "/ar/payments/", "/ar/payments/payment-methods/", "/ar/faq/general/", "/ar/search/?q=" + url.QueryEscape("الدفع"),
			// Nothing in Arabic: the English results, labelled.
			"/ar/search/?q=refund"},
		"el": {"/el/", "/el/payments/", "/el/payments/payment-methods/", "/el/faq/general/", "/el/search/?q=" + url.QueryEscape("πληρωμη")},
	}
	for _, vp := range screens {
		for _, lang := range []string{"en", "ar", "el"} {
			t.Run(vp.name+"/"+lang, func(t *testing.T) {
				t.Parallel()
				b := newTab(t, s.url, vp)
				for _, path := range pages[lang] {
					b.open(path)
					if strings.Contains(path, "/search/") {
						b.waitFor(waitTime, `document.querySelector("#kb-results li") && !document.getElementById("kb-results").hasAttribute("aria-busy")`,
							"the results page for %s shows no results", path)
					}
					if strings.Contains(path, "/faq/") {
						// Open the answers too: closed ones are not checked.
						b.evalInto(`document.querySelectorAll(".faq details").forEach(d => d.open = true), true`, new(bool))
					}
					vs := runAxe(b, src)
					if len(vs) == 0 {
						continue
					}
					var msg strings.Builder
					for _, v := range vs {
						fmt.Fprintf(&msg, "\n  %s (%s): %s\n    %s", v.ID, v.Impact, v.Help, v.HelpURL)
						for _, n := range v.Nodes {
							fmt.Fprintf(&msg, "\n    - %v %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.FailureSummary, "\n", "\n      "))
						}
					}
					b.errorf("%s: %d serious or critical axe-core violations:%s", path, len(vs), msg.String())
				}
			})
		}
	}
}
