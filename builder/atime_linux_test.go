package builder_test

import (
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// accessTime is the access time of the file at path, not following a link.
func accessTime(t *testing.T, path string) time.Time {
	t.Helper()
	var st unix.Stat_t
	if err := unix.Lstat(path, &st); err != nil {
		t.Fatal(err)
	}
	return time.Unix(st.Atim.Unix())
}
