package watch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/synctest"
	"time"
)

func TestIgnored(t *testing.T) {
	for path, want := range map[string]bool{
		"content/en/faq/x.md":      false,
		"content/en/faq/.x.md.swp": true,
		"content/en/faq/x.md~":     true,
		"content/en/faq/4913":      true,
		"content/en/faq/.#x.md":    true,
		"content/en/faq/#x.md#":    true,
		"content/.git/index":       true,
		"static/logo.svg":          false,
		"content/x.md___jb_tmp___": true,
		"i18n/el.toml":             false,
	} {
		if got := Ignored(path); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestDebounceCoalescesBursts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		in := make(chan string)
		out := make(chan []string, 4)
		go Debounce(ctx, in, 50*time.Millisecond, out)

		// A burst: three events 10 ms apart, one path twice.
		for _, p := range []string{"b.md", "a.md", "b.md"} {
			in <- p
			time.Sleep(10 * time.Millisecond)
		}
		synctest.Wait()
		if len(out) != 0 {
			t.Fatalf("batch sent before the quiet period ended")
		}
		time.Sleep(50 * time.Millisecond)
		synctest.Wait()
		got := <-out
		if !slices.Equal(got, []string{"a.md", "b.md"}) {
			t.Fatalf("batch = %v, want [a.md b.md]", got)
		}

		// A later change is a batch of its own.
		in <- "c.md"
		time.Sleep(60 * time.Millisecond)
		synctest.Wait()
		if got := <-out; !slices.Equal(got, []string{"c.md"}) {
			t.Fatalf("second batch = %v", got)
		}
	})
}

func TestWatcherSeesEditsInNewFolders(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	if err := os.MkdirAll(filepath.Join(content, "en"), 0o755); err != nil {
		t.Fatal(err)
	}
	w, err := New(content)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	got := make(chan []string, 8)
	go w.Run(ctx, 30*time.Millisecond, func(b []string) { got <- b })

	newDir := filepath.Join(content, "el", "faq")
	if err := os.MkdirAll(newDir, 0o755); err != nil {
		t.Fatal(err)
	}
	// Let the watcher add the new folder, then write into it, plus a swap file.
	time.Sleep(200 * time.Millisecond)
	file := filepath.Join(newDir, "returns.md")
	os.WriteFile(filepath.Join(newDir, ".returns.md.swp"), []byte("x"), 0o644)
	if err := os.WriteFile(file, []byte("+++\ntitle = \"x\"\n+++\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for {
		select {
		case b := <-got:
			if slices.Contains(b, file) {
				for _, p := range b {
					if Ignored(p) {
						t.Fatalf("batch has an ignored file: %v", b)
					}
				}
				return
			}
		case <-ctx.Done():
			t.Fatal("no batch with the file written into a new folder")
		}
	}
}
