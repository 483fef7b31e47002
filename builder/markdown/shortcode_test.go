package markdown

import "testing"

// TestScanBalanced checks where Zola's argument lists and MDX's
// expressions end: quoted brackets and escaped quotes do not end them, a
// blank line does.
func TestScanBalanced(t *testing.T) {
	tests := []struct {
		src         string
		open, close byte
		want        int
	}{
		{`(a="say \"hi)\"", b=2) rest`, '(', ')', 22},
		{`{() => { go("}") }} rest`, '{', '}', 19},
		{"{`a ${b}`} x", '{', '}', 10},
		{"(a=1,\n\nb=2)", '(', ')', -1},
		{"{unclosed", '{', '}', -1},
	}
	for _, tt := range tests {
		if got := scanBalanced([]byte(tt.src), 0, tt.open, tt.close); got != tt.want {
			t.Errorf("scanBalanced(%q) = %d, want %d", tt.src, got, tt.want)
		}
	}
}

// A video's start time is read in seconds however its address writes it.
func TestStartSeconds(t *testing.T) {
	for in, want := range map[string]string{
		"90": "90", "1m30s": "90", "90s": "90", "1h": "3600", "1h2m3s": "3723", "2m": "120",
		"": "", "x": "", "1m30": "", "-5": "", "1.5": "", "1m 30s": "",
	} {
		if got := startSeconds(in); got != want {
			t.Errorf("startSeconds(%q) = %q, want %q", in, got, want)
		}
	}
}
