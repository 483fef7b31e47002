package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildBinary compiles kb into a temporary folder, once per test.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "kb")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	cmd := exec.Command("go", "build", "-buildvcs=auto", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// treeState is a folder's files and their bytes, and its folders, by slash
// path; symbolic links and other files are recorded by type.
type treeState map[string]string

func readTree(t *testing.T, dir string) treeState {
	t.Helper()
	st := treeState{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir():
			st[rel+"/"] = ""
		case d.Type().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			st[rel] = string(b)
		default:
			st[rel] = "type " + d.Type().String()
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading %s: %v", dir, err)
	}
	return st
}

// diffTrees names up to a few paths where two states differ.
func diffTrees(a, b treeState) string {
	var diff []string
	for p, v := range a {
		if w, ok := b[p]; !ok {
			diff = append(diff, "only in first: "+p)
		} else if v != w {
			diff = append(diff, "differs: "+p)
		}
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			diff = append(diff, "only in second: "+p)
		}
	}
	slices.Sort(diff)
	if len(diff) > 8 {
		diff = append(diff[:8], fmt.Sprintf("… %d more", len(diff)-8))
	}
	return strings.Join(diff, "\n")
}

func equalTrees(a, b treeState) bool { return diffTrees(a, b) == "" }

func kbBuild(t *testing.T, bin, site string) time.Duration {
	t.Helper()
	start := time.Now()
	cmd := exec.Command(bin, "build", "-s", site)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("kb build -s %s: %v\n%s", site, err, out.String())
	}
	return time.Since(start)
}

// TestBuildKilledAtAnyMoment kills kb build with SIGKILL at moments spread
// over a build and checks that the output folder is always either the
// previous build or the new one, whole, and that the next build equals a
// clean build.
func TestBuildKilledAtAnyMoment(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the kb binary and the sample site many times")
	}
	if runtime.GOOS == "windows" {
		t.Skip("no SIGKILL")
	}
	bin := buildBinary(t)
	site := copySite(t)
	kbBuild(t, bin, site)
	before := readTree(t, filepath.Join(site, "public"))

	// The edit: one article changes, one appears, one goes.
	edit := func(dir string) {
		t.Helper()
		p := filepath.Join(dir, "content/en/account/reset-password.md")
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, append(src, "\n\nOne more sentence about passwords.\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
		write := filepath.Join(dir, "content/en/account/new-article.md")
		if err := os.WriteFile(write, []byte("+++\ntitle = \"A new article\"\n+++\nFresh text.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(filepath.Join(dir, "content/en/policies/terms.md")); err != nil {
			t.Fatal(err)
		}
	}
	unedit := func(dir string) {
		t.Helper()
		os.Remove(filepath.Join(dir, "content/en/account/new-article.md"))
		for _, f := range []string{"content/en/account/reset-password.md", "content/en/policies/terms.md"} {
			src, err := os.ReadFile(filepath.Join("../..", f))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, f), src, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}

	// The state after the edit, built in a copy that starts from the same
	// previous output, and how long that build takes.
	other := t.TempDir()
	if err := os.CopyFS(other, os.DirFS(site)); err != nil {
		t.Fatal(err)
	}
	edit(other)
	took := kbBuild(t, bin, other)
	after := readTree(t, filepath.Join(other, "public"))
	if equalTrees(before, after) {
		t.Fatal("the edit changed nothing in the output")
	}
	t.Logf("an edited build takes %v", took)

	edit(site)
	const kills = 8
	swapped := 0
	for i := range kills {
		// Spread over the build, a little past its end, jittered.
		frac := (float64(i) + rand.Float64()) / kills * 1.1
		delay := time.Duration(frac * float64(took))
		cmd := exec.Command(bin, "build", "-s", site)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()

		got := readTree(t, filepath.Join(site, "public"))
		switch {
		case equalTrees(got, before):
			t.Logf("kill %d after %v (%v): previous output intact", i, delay.Round(time.Millisecond), err)
		case equalTrees(got, after):
			t.Logf("kill %d after %v (%v): new output complete", i, delay.Round(time.Millisecond), err)
			swapped++
			// Back to the previous output, so the next kill has a swap
			// to interrupt.
			unedit(site)
			kbBuild(t, bin, site)
			if got := readTree(t, filepath.Join(site, "public")); !equalTrees(got, before) {
				t.Fatalf("rebuilding the previous content does not give the previous output:\n%s", diffTrees(got, before))
			}
			edit(site)
		default:
			t.Fatalf("kill %d after %v: the output is neither the previous build nor the new one:\nvs previous:\n%s\nvs new:\n%s",
				i, delay, diffTrees(got, before), diffTrees(got, after))
		}
	}
	t.Logf("%d kills, %d after the swap", kills, swapped)

	kbBuild(t, bin, site)
	if got := readTree(t, filepath.Join(site, "public")); !equalTrees(got, after) {
		t.Fatalf("the build after the kills differs from a clean build:\n%s", diffTrees(got, after))
	}
	// No staging or temporary folders are left behind by the kills once a
	// build has finished; .kb keeps the output before the last (see
	// spareOutput).
	for dir, want := range map[string][]string{
		site:                        {".kb", "content", "public", "site.toml"},
		filepath.Join(site, ".kb"):  {"cache", "last-build.json", "lock", "previous-output", "search"},
		filepath.Join(other, ".kb"): {"cache", "last-build.json", "lock", "previous-output", "search"},
	} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if !slices.Equal(names, want) {
			t.Errorf("%s holds %v, want %v", dir, names, want)
		}
	}
	// The build cache holds its index, one pack, its front matter and
	// related articles and the records of the output's folders and the
	// spare's: killed builds' packs and files being written went.
	if entries, err := os.ReadDir(filepath.Join(site, ".kb", "cache")); err != nil || len(entries) != 6 ||
		entries[0].Name() != "frontmatter" || entries[1].Name() != "index" || entries[2].Name() != "outfolders" || !strings.HasPrefix(entries[3].Name(), "pack-") || entries[4].Name() != "related" || entries[5].Name() != "sparefolders" {
		t.Errorf("the build cache holds %v (%v), want frontmatter, index, outfolders, one pack, related and sparefolders", entries, err)
	}
	// And the build after that writes nothing.
	out, err := exec.Command(bin, "build", "-s", site).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "(0 files written") {
		t.Errorf("a build after the final one: %v %s", err, out)
	}
}
