package builder

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestGoBuildIDNamesTheBinary builds two small programs that differ in one
// string and reads their build IDs as the go command gives them; a binary
// without the go command's build ID, or with one of its own, has none, and
// is hashed whole.
func TestGoBuildIDNamesTheBinary(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("build IDs are read from ELF binaries")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	build := func(name, text string, flags ...string) string {
		t.Helper()
		src := filepath.Join(dir, name)
		os.MkdirAll(src, 0o755)
		os.WriteFile(filepath.Join(src, "go.mod"), []byte("module "+name+"\n\ngo 1.22\n"), 0o644)
		os.WriteFile(filepath.Join(src, "main.go"), []byte("package main\n\nfunc main() { println(\""+text+"\") }\n"), 0o644)
		bin := filepath.Join(dir, name+".bin")
		cmd := exec.Command(goBin, append(append([]string{"build", "-o", bin}, flags...), ".")...)
		cmd.Dir = src
		cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		return bin
	}
	toolID := func(bin string) string {
		t.Helper()
		out, err := exec.Command(goBin, "tool", "buildid", bin).Output()
		if err != nil {
			t.Fatalf("go tool buildid: %v", err)
		}
		return strings.TrimSpace(string(out))
	}
	one, other := build("one", "one"), build("other", "two")
	idOne, idOther := goBuildID(one), goBuildID(other)
	if idOne == "" || idOne != toolID(one) {
		t.Fatalf("goBuildID = %q, go tool buildid says %q", idOne, toolID(one))
	}
	if idOther == "" || idOther == idOne {
		t.Fatalf("two programs that differ share a build ID %q (other %q)", idOne, idOther)
	}
	if id := goBuildID(build("none", "one", "-ldflags=-buildid=")); id != "" {
		t.Errorf("a binary linked with -buildid= has build ID %q: it must be hashed", id)
	}
	if id := goBuildID(build("own", "one", "-ldflags=-buildid=fixed")); id != "" {
		t.Errorf("a binary with a build ID of its own has %q: it must be hashed", id)
	}
	notELF := filepath.Join(dir, "script")
	os.WriteFile(notELF, []byte("#!/bin/sh\necho hi\n"), 0o755)
	if id := goBuildID(notELF); id != "" {
		t.Errorf("a script has build ID %q", id)
	}
}
