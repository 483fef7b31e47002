package builder

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSameBytes checks the comparison that keeps an output file: equal
// bytes only, not a prefix, not a longer file, not a folder.
func TestSameBytes(t *testing.T) {
	dir := t.TempDir()
	big := strings.Repeat("0123456789", 20000) // longer than the pooled buffer
	for name, data := range map[string]string{"a": "hello", "empty": "", "big": big} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Mkdir(filepath.Join(dir, "d"), 0o755)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, tc := range []struct {
		rel, data string
		want      bool
	}{
		{"a", "hello", true},
		{"a", "hell", false},
		{"a", "hello!", false},
		{"a", "hellO", false},
		{"a", "", false},
		{"empty", "", true},
		{"empty", "x", false},
		{"big", big, true},
		{"big", big[:len(big)-1] + "x", false},
		{"a", "hello", true}, // after a big one: the pooled buffer is longer than the file
		{"missing", "", false},
		{"d", "", false},
	} {
		if got := sameBytes(root, tc.rel, []byte(tc.data)); got != tc.want {
			t.Errorf("sameBytes(%s, %d bytes) = %v, want %v", tc.rel, len(tc.data), got, tc.want)
		}
	}
}
