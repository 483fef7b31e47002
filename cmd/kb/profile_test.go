package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// kb build --cpuprofile and --memprofile write pprof files (gzipped
// protocol buffers) of the build.
func TestBuildProfiles(t *testing.T) {
	site := copySite(t)
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.pprof"), filepath.Join(dir, "mem.pprof")
	code, out, errOut := runKB(t, "build", "-s", site, "--cpuprofile", cpu, "--memprofile", mem)
	if code != 0 {
		t.Fatalf("kb build exit %d\n%s%s", code, out, errOut)
	}
	for _, f := range []string{cpu, mem} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
			t.Errorf("%s is not a pprof profile (%d bytes)", filepath.Base(f), len(data))
		}
	}

	code, _, errOut = runKB(t, "build", "-s", site, "--cpuprofile", filepath.Join(dir, "missing", "cpu.pprof"))
	if code == 0 || !strings.Contains(errOut, "--cpuprofile") {
		t.Errorf("unwritable profile: exit %d, stderr %q; want a failure naming --cpuprofile", code, errOut)
	}
}

// kb build --trace writes a Go execution trace of the build, for go tool
// trace, and fails naming the flag when it cannot.
func TestBuildTrace(t *testing.T) {
	site := copySite(t)
	dir := t.TempDir()
	tr := filepath.Join(dir, "build.trace")
	code, out, errOut := runKB(t, "build", "-s", site, "--trace", tr)
	if code != 0 {
		t.Fatalf("kb build exit %d\n%s%s", code, out, errOut)
	}
	data, err := os.ReadFile(tr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("go 1.")) || !bytes.Contains(data[:16], []byte(" trace")) || len(data) < 10<<10 {
		t.Errorf("build.trace is not an execution trace of the build (%d bytes, starts %q)", len(data), data[:min(len(data), 16)])
	}
	code, _, errOut = runKB(t, "build", "-s", site, "--trace", filepath.Join(dir, "missing", "build.trace"))
	if code == 0 || !strings.Contains(errOut, "--trace") {
		t.Errorf("unwritable trace: exit %d, stderr %q; want a failure naming --trace", code, errOut)
	}
}
