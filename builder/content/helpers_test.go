package content

import (
	"testing"

	"kb/builder/config"
	"kb/builder/diag"
)

// siteLangs is a Languages for tests: the configured codes, the first one
// the default.
type siteLangs []string

func (l siteLangs) Lookup(s string) (string, bool) {
	code, err := config.CanonicalCode(s)
	if err != nil {
		return "", false
	}
	for _, c := range l {
		if c == code {
			return code, true
		}
	}
	return "", false
}

func (l siteLangs) Default() string { return l[0] }

var _ Languages = siteLangs(nil)

// messages returns the diagnostics as printed, sorted.
func messages(diags *diag.List) []string {
	var out []string
	for _, d := range diags.All() {
		out = append(out, d.Error())
	}
	return out
}

func equalMessages(t *testing.T, diags *diag.List, want []string) {
	t.Helper()
	got := messages(diags)
	if len(got) != len(want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", lines(got), lines(want))
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("diagnostics:\n%s\nwant:\n%s", lines(got), lines(want))
			return
		}
	}
}

func lines(s []string) string {
	out := ""
	for _, l := range s {
		out += "\t" + l + "\n"
	}
	if out == "" {
		return "\t(none)\n"
	}
	return out
}
