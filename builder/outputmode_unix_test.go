//go:build unix

package builder_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// The output folder is made as the folders in it are: readable by a web
// server that runs as another user (a staging folder is made private).
func TestOutputFolderIsReadableByOthers(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	site := sampleSite(t)
	out := filepath.Join(t.TempDir(), "public")
	for round := range 3 {
		mustBuild(t, site, out)
		for _, rel := range []string{".", "en"} {
			st, err := os.Stat(filepath.Join(out, rel))
			if err != nil {
				t.Fatal(err)
			}
			if got := st.Mode().Perm(); got != 0o755 {
				t.Errorf("round %d: %s of the output has mode %v, want rwxr-xr-x", round, rel, st.Mode().Perm())
			}
		}
		write(t, filepath.Join(site, "content/en/account/sign-in.md"), "+++\ntitle = \"Sign in\"\n+++\nRound "+string(rune('a'+round))+".\n")
	}
}
