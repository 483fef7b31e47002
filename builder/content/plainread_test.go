//go:build unix

package content

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"kb/builder/diag"
)

// A load that drops bodies reads the files the walk found regular without
// a stat of each first. What is not a plain page file must still be told
// apart, in the same words as Load says it, and without the build waiting
// on a named pipe: a link inside the site is read, one leaving it is
// refused, a pipe and an oversized file are reported and skipped.
func TestLoadDroppingBodiesRefusesWhatLoadRefuses(t *testing.T) {
	site, outside := t.TempDir(), t.TempDir()
	write := func(path, text string) {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	help := filepath.Join(site, "content", "en", "help")
	write(filepath.Join(help, "returns.md"), "+++\ntitle = \"Returns\"\n+++\nSend it back within 30 days.\n")
	write(filepath.Join(site, "notes", "shipping.md"), "+++\ntitle = \"Shipping\"\n+++\nWe ship in two days.\n")
	write(filepath.Join(outside, "secret.md"), "+++\ntitle = \"Secret\"\n+++\nThe safe's code.\n")
	write(filepath.Join(help, "huge.md"), "+++\ntitle = \"Huge\"\n+++\n"+strings.Repeat("x", MaxFileBytes))
	if err := os.Symlink(filepath.Join(site, "notes", "shipping.md"), filepath.Join(help, "shipping.md")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(help, "secret.md")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(help, "pipe.md"), 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	langs := siteLangs{"en"}
	titles := func(pages []*Page) (ts []string) {
		for _, p := range pages {
			ts = append(ts, p.Meta.Title)
		}
		return ts
	}
	var want diag.List
	wantPages := Load(context.Background(), OpenSite(site), langs, &want)
	if got := titles(wantPages); !slices.Equal(got, []string{"Returns", "Shipping"}) {
		t.Fatalf("Load read %q, want Returns and Shipping", got)
	}
	done := make(chan []*Page)
	var got diag.List
	go func() {
		done <- LoadWith(context.Background(), OpenSite(site), langs, &got, LoadOptions{DropBodies: true})
	}()
	select {
	case pages := <-done:
		if ts := titles(pages); !slices.Equal(ts, titles(wantPages)) {
			t.Errorf("read %q, Load reads %q", ts, titles(wantPages))
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the load waited on a named pipe")
	}
	equalMessages(t, &got, messages(&want))
	for _, part := range []string{"huge.md: file is 10.0 MiB", "pipe.md: cannot read: not a regular file", "secret.md: symbolic link"} {
		if !strings.Contains(lines(messages(&got)), part) {
			t.Errorf("no diagnostic says %q:\n%s", part, lines(messages(&got)))
		}
	}
}
