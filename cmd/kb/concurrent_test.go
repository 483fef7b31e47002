package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kb/builder/sitelock"

	"kb/internal/syncbuf"
)

// TestConcurrentBuilds runs two kb builds of one site at once, round after
// round, each after an edit: both must succeed, and the output must then be
// what a clean build of the same content writes. Without a lock, they
// deleted each other's staging folder: one failed, the other wrote a
// partial tree, and the next build said it was up to date.
func TestConcurrentBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the kb binary and the sample site many times")
	}
	bin := buildBinary(t)
	site := copySite(t)
	kbBuild(t, bin, site)
	page := filepath.Join(site, "content/en/faq/general.md")
	waited := 0
	for round := range 3 {
		appendTo(t, page, "\nA sentence added in round "+string(rune('a'+round))+".\n")
		want := cleanBuild(t, bin, site)
		a := startKB(t, bin, "build", "-s", site)
		time.Sleep(time.Duration(rand.IntN(80)) * time.Millisecond)
		b := startKB(t, bin, "build", "-s", site)
		for _, run := range []*kbRun{a, b} {
			if err := run.wait(); err != nil {
				t.Fatalf("round %d: a kb build failed: %v\n%s", round, err, run.out.String())
			}
			// Whichever finished, the output is whole.
			if got := readTree(t, filepath.Join(site, "public")); !equalTrees(got, want) {
				t.Fatalf("round %d: a kb build exited 0 leaving an output unlike a clean build:\n%s", round, diffTrees(got, want))
			}
			if strings.Contains(run.out.String(), "waiting for kb (pid ") {
				waited++
			}
		}
		// And the next build agrees: up to date, the output unchanged.
		kbBuild(t, bin, site)
		if got := readTree(t, filepath.Join(site, "public")); !equalTrees(got, want) {
			t.Fatalf("round %d: the build after differs from a clean build:\n%s", round, diffTrees(got, want))
		}
	}
	if waited == 0 {
		t.Error("no build ever waited for the other: they did not overlap, or the wait was not shown")
	}
	assertNoStaging(t, site)
}

// TestBuildBesideServe runs kb build in one terminal while kb serve
// rebuilds in another after each edit: the build succeeds and the served
// output then equals a clean build.
func TestBuildBesideServe(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the kb binary and runs kb serve")
	}
	bin := buildBinary(t)
	site := copySite(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	// How long a full build takes, to place edits inside one.
	took := kbBuild(t, bin, cleanSite(t, site))
	serve := startKB(t, bin, "serve", "-s", site, "--addr", addr)
	defer serve.stop(t)
	serve.waitForLine(t, "serving on")

	page := filepath.Join(site, "content/en/faq/general.md")
	for round := range 4 {
		// An edit kb serve rebuilds for while kb build runs: its search
		// index update and its in-place writes meet the build's.
		build := startKB(t, bin, "build", "-s", site)
		time.Sleep(time.Duration(rand.Float64() * float64(took)))
		appendTo(t, page, "\nA sentence added beside kb build in round "+string(rune('a'+round))+".\n")
		if err := build.wait(); err != nil {
			t.Fatalf("round %d: kb build beside kb serve failed: %v\n%s", round, err, build.out.String())
		}
		want := cleanBuild(t, bin, site)
		// kb serve may still be rebuilding for the edit: it must settle on
		// the clean output.
		deadline := time.Now().Add(30 * time.Second)
		for {
			got := readTree(t, filepath.Join(site, "public"))
			if equalTrees(got, want) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("round %d: the output beside kb serve never equalled a clean build:\n%s\nkb serve said:\n%s",
					round, diffTrees(got, want), serve.out.String())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	if strings.Contains(serve.out.String(), "build failed") {
		t.Errorf("kb serve failed a rebuild beside kb build:\n%s", serve.out.String())
	}
}

// cleanBuild builds a copy of the site's sources into a new folder and
// returns its output.
func cleanBuild(t *testing.T, bin, site string) treeState {
	t.Helper()
	dir := cleanSite(t, site)
	kbBuild(t, bin, dir)
	return readTree(t, filepath.Join(dir, "public"))
}

// cleanSite copies a site's sources, and nothing it built, to a new folder.
func cleanSite(t *testing.T, site string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(filepath.Join(site, "content"))); err != nil {
		t.Fatal(err)
	}
	toml, err := os.ReadFile(filepath.Join(site, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), toml, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// assertNoStaging checks that no staging or temporary folder is left
// beside the output or the index.
func assertNoStaging(t *testing.T, site string) {
	t.Helper()
	for _, dir := range []string{site, filepath.Join(site, ".kb")} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if strings.Contains(e.Name(), "kb-stag") || strings.Contains(e.Name(), ".tmp") {
				t.Errorf("%s left behind in %s", e.Name(), dir)
			}
		}
	}
}

func appendTo(t *testing.T, file, text string) {
	t.Helper()
	f, err := os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// kbRun is a kb process started by a test, its output collected.
type kbRun struct {
	cmd  *exec.Cmd
	out  syncbuf.Buffer
	done chan error
}

func startKB(t *testing.T, bin string, args ...string) *kbRun {
	t.Helper()
	r := &kbRun{cmd: exec.Command(bin, args...), done: make(chan error, 1)}
	r.cmd.Stdout, r.cmd.Stderr = &r.out, &r.out
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { r.done <- r.cmd.Wait() }()
	return r
}

func (r *kbRun) wait() error {
	select {
	case err := <-r.done:
		return err
	case <-time.After(2 * time.Minute):
		r.cmd.Process.Kill()
		return context.DeadlineExceeded
	}
}

func (r *kbRun) stop(t *testing.T) {
	r.cmd.Process.Signal(os.Interrupt)
	select {
	case <-r.done:
	case <-time.After(10 * time.Second):
		r.cmd.Process.Kill()
		t.Error("kb serve did not stop on interrupt")
	}
}

// waitForLine waits until the process has printed a line containing s.
func (r *kbRun) waitForLine(t *testing.T, s string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if strings.Contains(r.out.String(), s) {
			return
		}
		select {
		case err := <-r.done:
			t.Fatalf("kb exited (%v) before printing %q:\n%s", err, s, r.out.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("kb never printed %q:\n%s", s, r.out.String())
}

// TestBuildWaitsForTheLock: a kb build finding the site locked says once
// for whom it waits and builds when the holder is done; with --no-wait it
// exits 2 at once, writing nothing.
func TestBuildWaitsForTheLock(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the kb binary")
	}
	bin := buildBinary(t)
	site := copySite(t)
	held, err := sitelock.Acquire(context.Background(), site, sitelock.Options{})
	if err != nil {
		t.Fatal(err)
	}
	noWait := exec.Command(bin, "build", "-s", site, "--no-wait")
	out, err := noWait.CombinedOutput()
	if code := noWait.ProcessState.ExitCode(); code != 2 || !strings.Contains(string(out), fmt.Sprintf("pid %d", os.Getpid())) {
		t.Errorf("--no-wait on a locked site: exit %d (%v), %q; want 2 naming pid %d", code, err, out, os.Getpid())
	}
	if _, err := os.Stat(filepath.Join(site, "public")); err == nil {
		t.Error("--no-wait wrote an output while the site was locked")
	}

	waiting := startKB(t, bin, "build", "-s", site)
	waiting.waitForLine(t, fmt.Sprintf("waiting for kb (pid %d) building this site…", os.Getpid()))
	time.Sleep(300 * time.Millisecond)
	if _, err := os.Stat(filepath.Join(site, "public")); err == nil {
		t.Error("a waiting build wrote its output while the site was locked")
	}
	held.Release()
	if err := waiting.wait(); err != nil {
		t.Fatalf("the waiting build failed: %v\n%s", err, waiting.out.String())
	}
	if n := strings.Count(waiting.out.String(), "waiting for kb"); n != 1 {
		t.Errorf("the wait was announced %d times, want once:\n%s", n, waiting.out.String())
	}
	if _, err := os.Stat(filepath.Join(site, "public/en/faq/general/index.html")); err != nil {
		t.Error("the build after the wait wrote no site")
	}
}
