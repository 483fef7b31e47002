package builder_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"kb/builder"
	"kb/builder/watch"
	"kb/themes"
)

// TestWatchedBurstEqualsCleanBuild does what a branch switch does to kb
// serve: thousands of files appear in new folders while a rebuild runs.
// Wired as kb serve wires them (the watcher feeding a session), the output
// must then equal a clean build: no change lost.
func TestWatchedBurstEqualsCleanBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 5,000 pages")
	}
	site := t.TempDir()
	write(t, filepath.Join(site, "site.toml"), "defaultLanguage = \"en\"\n[languages.en]\n")
	write(t, filepath.Join(site, "content/en/faq/returns.md"), "+++\ntitle = \"Returns\"\n+++\nYes.\n")
	for i := range 50 {
		write(t, filepath.Join(site, fmt.Sprintf("content/en/topic%02d/_index.md", i)), fmt.Sprintf("+++\ntitle = \"Topic %d\"\n+++\n", i))
	}
	out := filepath.Join(t.TempDir(), "public")
	s := builder.NewSession(builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default()})
	if _, err := s.Build(t.Context()); err != nil {
		t.Fatal(err)
	}

	w, err := watch.New(site, nil, "content", "i18n", "static", "themes", "site.toml")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var (
		mu        sync.Mutex
		running   bool
		lastEnd   time.Time
		batches   int
		started   = make(chan struct{})
		burstDone = make(chan struct{})
	)
	rebuild := func(changed []string) {
		mu.Lock()
		running, batches = true, batches+1
		first := batches == 1
		mu.Unlock()
		if first {
			close(started)
			<-burstDone // the burst happens while this rebuild runs
		}
		t0 := time.Now()
		var res builder.Result
		if changed == nil {
			res, _ = s.Build(ctx)
		} else {
			res, _ = s.Rebuild(ctx, changed)
		}
		s.Wait()
		t.Logf("batch of %d paths: %d pages in %v (%v)", len(changed), res.Pages, time.Since(t0), res.Phases)
		mu.Lock()
		running, lastEnd = false, time.Now()
		mu.Unlock()
	}
	go w.Run(ctx, 30*time.Millisecond, rebuild)

	write(t, filepath.Join(site, "content/en/faq/returns.md"), "+++\ntitle = \"Returns\"\n+++\nYes, within 30 days.\n")
	select {
	case <-started:
	case <-time.After(time.Minute):
		t.Fatal("no rebuild after an edit")
	}
	// Files in the folders there are and in new ones, written in pieces by
	// parallel writers as git checks files out: more events than the kernel
	// queues (16,384 by default; it merges only repeats of the last one), so
	// the queue overflows unless it is read while the rebuild runs.
	for start := 0; start < 5000; start += 100 {
		files := make([]*os.File, 0, 100)
		for i := start; i < start+100; i++ {
			dir := filepath.Join(site, fmt.Sprintf("content/en/topic%02d", i%60))
			os.MkdirAll(dir, 0o755)
			f, err := os.Create(filepath.Join(dir, fmt.Sprintf("page%04d.md", i)))
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
		for _, piece := range []string{"+++\n", "title = \"Page %d\"\n", "+++\n", "Text of page %d.\n"} {
			for j, f := range files {
				if _, err := f.WriteString(strings.ReplaceAll(piece, "%d", fmt.Sprint(start+j))); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, f := range files {
			f.Close()
		}
	}
	close(burstDone)

	// Settled: no rebuild running and none for a while.
	deadline := time.Now().Add(3 * time.Minute)
	for {
		time.Sleep(200 * time.Millisecond)
		mu.Lock()
		settled := !running && batches > 1 && time.Since(lastEnd) > 2*time.Second
		mu.Unlock()
		if settled {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the rebuilds did not settle")
		}
	}
	cancel()

	cleanOut := filepath.Join(t.TempDir(), "public")
	if _, err := builder.Build(context.Background(), builder.Options{SiteDir: site, Out: cleanOut, IndexDir: "-", Theme: themes.Default()}); err != nil {
		t.Fatal(err)
	}
	compareTrees(t, "after the burst", out, cleanOut)
}
