package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
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

// kb build --timings prints each step of the build, in order, with when
// it ended; without the flag the output is the one summary line.
func TestBuildTimings(t *testing.T) {
	site := copySite(t)
	code, out, errOut := runKB(t, "build", "-s", site, "--timings")
	if code != 0 {
		t.Fatalf("kb build exit %d\n%s%s", code, out, errOut)
	}
	want := []string{"setup", "load", "model", "render", "extras", "indexes", "precompress", "commit"}
	var got []string
	var last time.Duration
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) != 6 || f[1] != "ended" || f[4] != "took" {
			continue
		}
		ended, err1 := time.ParseDuration(f[3])
		took, err2 := time.ParseDuration(f[5])
		if err1 != nil || err2 != nil || ended < last || took < 0 || took > ended {
			t.Errorf("step line %q: times out of order or unreadable", line)
		}
		last = ended
		got = append(got, f[0])
	}
	if !slices.Equal(got, want) {
		t.Errorf("steps %q, want %q\n%s", got, want, out)
	}

	code, out, _ = runKB(t, "build", "-s", copySite(t))
	if code != 0 || !strings.HasPrefix(out, "built ") || strings.Contains(out, "ended at") {
		t.Errorf("without --timings: exit %d, output %q; want no steps", code, out)
	}
}
