package devserver

import (
	"path/filepath"
	"strings"
	"testing"

	"kb/search/analytics"
)

// TestFeedbackAPIInPages: when the server records votes, pages learn where
// "Was this helpful?" posts: this server's API under the site's base path.
func TestFeedbackAPIInPages(t *testing.T) {
	store, err := analytics.OpenFile(filepath.Join(t.TempDir(), "analytics.db"), analytics.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	out := writeOut(t, map[string]string{"ar/index.html": page})
	dev := New(Config{Out: out, Index: filepath.Join(t.TempDir(), "no-index"), Data: store})
	dev.Built("/help/")
	w := get(t, dev, "/help/ar/")
	want := `<script src="/_kb/live.js" data-kb-feedback-api="/help/api/feedback"></script></body>`
	if !strings.Contains(w.Body.String(), want) {
		t.Errorf("GET /help/ar/ = %d %q, want %q", w.Code, w.Body, want)
	}
}
