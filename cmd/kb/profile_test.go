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
