package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"kb/builder/sitelock"
)

// TestSecondInterruptExits runs interruptContext in a child process that,
// once cancelled, keeps working without looking at its context (as a
// decoder deep in a hostile file would): the first SIGINT cancels, the
// second ends the process.
func TestSecondInterruptExits(t *testing.T) {
	if os.Getenv("KB_SIGNAL_CHILD") == "1" {
		ctx, stop := interruptContext()
		defer stop()
		fmt.Println("ready")
		<-ctx.Done()
		fmt.Println("cancelled")
		select {} // busy elsewhere, never checking ctx again
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSecondInterruptExits$")
	cmd.Env = append(os.Environ(), "KB_SIGNAL_CHILD=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	expect := func(want string) {
		t.Helper()
		select {
		case got := <-lines:
			if got != want {
				t.Fatalf("child printed %q, want %q", got, want)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("child did not print %q", want)
		}
	}
	expect("ready")
	cmd.Process.Signal(syscall.SIGINT)
	expect("cancelled")
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		t.Fatalf("the first SIGINT ended the process (%v); it should only cancel", err)
	case <-time.After(200 * time.Millisecond):
	}
	cmd.Process.Signal(syscall.SIGINT)
	select {
	case err := <-done:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGINT {
			t.Fatalf("child ended with %v, want killed by SIGINT", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the second SIGINT did not end the process")
	}
}

// TestInterruptedBuildKeepsOutput interrupts kb build on a large site: it
// stops with "interrupted", exit status 1, and the output folder holds the
// previous good build, untouched.
func TestInterruptedBuildKeepsOutput(t *testing.T) {
	bin, site, out, write := builtOnce(t, "defaultLanguage = \"en\"\n[languages.en]\n[languages.el]\n")
	before := readTree(t, out)

	body := strings.Repeat("Returns are free within thirty days of delivery for most items. ", 40)
	for i := range 3000 {
		for _, lang := range []string{"en", "el"} {
			write(fmt.Sprintf("content/%s/s%02d/p%04d.md", lang, i%50, i), fmt.Sprintf("+++\ntitle = \"Page %d\"\n+++\n## Question %d?\n\n%s\n", i, i, body))
		}
	}
	cmd, stderr := startLockedBuild(t, bin, site, out)
	cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	if err == nil {
		t.Skip("the build finished before the interrupt; nothing to check")
	}
	if cmd.ProcessState.ExitCode() != exitErrors || !strings.Contains(stderr.String(), "kb build: interrupted") {
		t.Fatalf("exit %v, stderr:\n%s", err, stderr.String())
	}
	if d := diffTrees(before, readTree(t, out)); d != "" {
		t.Errorf("the interrupted build changed the output: %s", d)
	}
}

// builtOnce builds kb and, with it, a site of one page and config
// (site.toml) into out: the good output an interrupted build must keep.
// write adds a file to the site.
func builtOnce(t *testing.T, config string) (bin, site, out string, write func(name, data string)) {
	t.Helper()
	bin, site = buildBinary(t), t.TempDir()
	write = func(name, data string) {
		p := filepath.Join(site, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("site.toml", config)
	write("content/en/faq/first.md", "+++\ntitle = \"First\"\n+++\nThe first build.\n")
	out = filepath.Join(t.TempDir(), "public")
	if b, err := exec.Command(bin, "build", "-s", site, "-o", out, "--index", "-").CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, b)
	}
	return bin, site, out, write
}

// startLockedBuild starts kb build of site into out and returns once it
// holds the site lock: the lock file then names its pid, its signal
// handling is set up (before any command runs) and it has begun writing,
// however slow the machine. The process is killed when the test ends.
func startLockedBuild(t *testing.T, bin, site, out string) (*exec.Cmd, *strings.Builder) {
	t.Helper()
	cmd := exec.Command(bin, "build", "-s", site, "-o", out, "--index", "-")
	stderr := &strings.Builder{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	lock := filepath.Join(site, filepath.FromSlash(sitelock.FileName))
	want := strconv.Itoa(cmd.Process.Pid)
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(5 * time.Millisecond) {
		if b, _ := os.ReadFile(lock); strings.TrimSpace(string(b)) == want {
			return cmd, stderr
		}
		if time.Now().After(deadline) {
			t.Fatalf("kb build did not take the site lock within a minute:\n%s", stderr.String())
		}
	}
}

// TestInterruptStopsStuckPage interrupts kb build while it renders a page
// whose shortcode template works for long at each of thousands of calls
// (minutes of work, within the page's budget of loop steps): the build
// stops soon after SIGINT, as interrupted, and leaves the previous good
// output. Only a build that keeps rendering the page misses the generous
// deadline.
func TestInterruptStopsStuckPage(t *testing.T) {
	bin, site, out, write := builtOnce(t, "defaultLanguage = \"en\"\n[languages.en]\n")
	before := readTree(t, out)

	// A thousand lists of 10,000 numbers a run, which write nothing,
	// 9000 runs: 9 million loop steps in all.
	write("layouts/shortcodes/stall.html", "{{ $x := 0 }}{{ range 1000 }}{{ $x = seq 10000 }}{{ end }}{{ len $x }}")
	write("content/en/faq/stuck.md", "+++\ntitle = \"Stuck\"\n+++\n"+strings.Repeat("{{< stall >}}\n\n", 9000))
	cmd, stderr := startLockedBuild(t, bin, site, out)
	time.Sleep(2 * time.Second) // into the page, which takes minutes
	cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if cmd.ProcessState.ExitCode() != exitErrors || !strings.Contains(stderr.String(), "kb build: interrupted") {
			t.Fatalf("exit %v, stderr:\n%s", err, stderr.String())
		}
	case <-time.After(time.Minute):
		t.Fatalf("kb build still renders the page a minute after SIGINT:\n%s", stderr.String())
	}
	if d := diffTrees(before, readTree(t, out)); d != "" {
		t.Errorf("the interrupted build changed the output: %s", d)
	}
}
