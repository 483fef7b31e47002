package atomicdir

import (
	"os"
	"path/filepath"
	"testing"
)

func TestReplaceSwapsAndKeepsTheOld(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "public")
	for round, want := range []string{"first", "second"} {
		staged, err := Stage(dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(staged, "index.html"), []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := Replace(staged, dir); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, "index.html"))
		if err != nil || string(got) != want {
			t.Fatalf("round %d: dir holds %q (%v), want %q", round, got, err, want)
		}
		old, err := os.ReadFile(filepath.Join(staged, "index.html"))
		switch {
		case round == 0 && err == nil:
			t.Errorf("first swap: staged folder still holds %q, want it gone", old)
		case round == 1 && string(old) != "first":
			t.Errorf("second swap: staged folder holds %q (%v), want the previous output", old, err)
		}
		os.RemoveAll(staged)
	}
}

func TestStageNamesAreUniqueAndStaleOnesGo(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "public")
	a, err := Stage(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Stage(dir)
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatalf("two runs stage into the same folder %s", a)
	}
	os.Mkdir(filepath.Join(parent, ".public.kb-staging"), 0o755)
	other := filepath.Join(parent, ".other.kb-stage-1")
	os.Mkdir(other, 0o755)
	if err := RemoveStale(dir); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 || entries[0].Name() != ".other.kb-stage-1" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("after RemoveStale: %v, want only another folder's staging", names)
	}
}

// TestIgnoresCaseLeavesNothing: the probe tells a case-sensitive file
// system (the tests' temporary folders on Linux) from one that ignores
// case, and leaves no folder behind.
func TestIgnoresCaseLeavesNothing(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "public")
	got := IgnoresCase(dir)
	if want := sameUnderOtherCase(t, parent); got != want {
		t.Errorf("IgnoresCase = %v, want %v", got, want)
	}
	if left, _ := os.ReadDir(parent); len(left) != 0 {
		t.Errorf("the probe left %v", left)
	}
}

// sameUnderOtherCase finds out the other way whether parent's file system
// ignores case: with a file of its own.
func sameUnderOtherCase(t *testing.T, parent string) bool {
	if err := os.WriteFile(filepath.Join(parent, "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(filepath.Join(parent, "x"))
	_, err := os.Lstat(filepath.Join(parent, "X"))
	return err == nil
}
