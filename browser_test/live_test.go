package browsertest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestLiveReload is a writer's session with kb serve: an open Arabic
// article follows the edits of its Markdown file, shows a broken front
// matter as an overlay naming the file and line while keeping the last good
// text, and recovers when the file is fixed.
func TestLiveReload(t *testing.T) {
	dir := t.TempDir()
	if err := copySite(suite.root, dir); err != nil {
		t.Fatal(err)
	}
	b := newTab(t, "", desktop) // start the browser before the server: the 5 s below are the server's
	srv, err := startKB("serve", "-s", dir, "-o", filepath.Join(dir, "public"), "--addr", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.stop)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("kb serve output:\n%s", srv.output())
		}
	})
	b.base = srv.url

	const (
		page     = "/ar/payments/payment-methods/"
		file     = "content/ar/payments/payment-methods.md"
		original = "تعتمد طرق الدفع التي تظهر لك عند إتمام الطلب على بلد عنوان التوصيل."
		edited   = "تظهر لك طرق الدفع المتاحة في صفحة الدفع بحسب بلد التوصيل، ومنها Apple Pay."
		fixed    = "نقبل طرق دفع مختلفة بحسب بلد عنوان التوصيل."
	)
	src := filepath.Join(dir, filepath.FromSlash(file))
	good, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(good), original) {
		t.Fatalf("%s no longer has the sentence %q", file, original)
	}
	// write replaces the file as an editor saving atomically does, so the
	// watcher never sees it half written.
	write := func(s string) {
		t.Helper()
		tmp := filepath.Join(dir, "edit.tmp")
		if err := os.WriteFile(tmp, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, src); err != nil {
			t.Fatal(err)
		}
	}
	prose := `document.querySelector("article .prose").textContent`

	// Open the page and wait until its live-reload stream is connected.
	live := chromedp.Events(b.ctx, network.ResponseReceived)
	b.open(page)
	if !b.truthy(prose + `.includes(` + jsString(original) + `)`) {
		b.fatalf("the page does not show %q", original)
	}
	for ev, err := range live {
		if err != nil {
			b.fatalf("waiting for the /_kb/live event stream: %v", err)
		}
		if strings.HasSuffix(ev.Response.URL, "/_kb/live") {
			break
		}
	}

	// 1. An edit shows up without a manual reload.
	start := time.Now()
	write(strings.Replace(string(good), original, edited, 1))
	b.waitFor(5*time.Second, prose+`.includes(`+jsString(edited)+`) && !`+prose+`.includes(`+jsString(original)+`)`,
		"the open page should show the edited sentence %q", edited)
	t.Logf("save → edit shown in the open page: %v", time.Since(start).Round(time.Millisecond))
	checkBidi(b, ".prose p", "بحسب", "Apple Pay")

	// 2. A broken front matter: an overlay with the file and line, and the
	// last good text stays.
	broken := strings.Replace(string(good), original, fixed, 1)
	if i := strings.Index(broken[3:], "+++\n"); i < 0 {
		t.Fatalf("%s has no closing +++", file)
	} else {
		broken = broken[:3+i] + broken[3+i+4:] // drop the closing +++ line
	}
	start = time.Now()
	write(broken)
	b.waitFor(5*time.Second, `document.getElementById("kb-live-error")`, "a broken front matter should show the #kb-live-error overlay")
	t.Logf("save → error overlay: %v", time.Since(start).Round(time.Millisecond))
	var overlay struct {
		Text    string
		Role    string
		Visible bool
	}
	b.evalInto(`(o => ({text: o.textContent, role: o.getAttribute("role"), visible: o.checkVisibility() && o.getBoundingClientRect().height > 0}))(document.getElementById("kb-live-error"))`, &overlay)
	if !strings.Contains(overlay.Text, file+":1") {
		b.errorf("the overlay should name %s and the line (%s:1); it says %q", file, file, overlay.Text)
	}
	if !overlay.Visible || overlay.Role != "alert" {
		b.errorf("the overlay should be visible and announced (role=alert): %+v", overlay)
	}
	if !b.truthy(prose + `.includes(` + jsString(edited) + `)`) {
		b.errorf("while the build is broken the page should keep the last good text %q", edited)
	}
	if body := string(get(t, srv.url+page)); !strings.Contains(body, edited) {
		t.Errorf("while the build is broken kb serve should keep serving the last good page")
	}

	// 3. Fixing the file reloads the page: the overlay goes away.
	start = time.Now()
	write(strings.Replace(string(good), original, fixed, 1))
	b.waitFor(5*time.Second, `!document.getElementById("kb-live-error") && `+prose+`.includes(`+jsString(fixed)+`)`,
		"after the fix the overlay should go away and the page show %q", fixed)
	t.Logf("save of the fix → overlay gone, page reloaded: %v", time.Since(start).Round(time.Millisecond))
}
