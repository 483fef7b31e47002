package main

import "testing"

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"returns":            "returns",
		"الإرجاع والاسترداد": "الإرجاع والاسترداد",
		"επιστροφές":         "επιστροφές",
		"\x1b[2Jgone":        `\x1b[2Jgone`,
		"\x1b]0;pwned\x07":   `\x1b]0;pwned\x07`,
		"a\u202eevil\u202c":  `a\u202eevil\u202c`,
		"\u2066iso\u2069":    `\u2066iso\u2069`,
		"\u009b2J":           `\u009b2J`,
		"tab\there\nline":    `tab\x09here\x0aline`,
		"bad \xff byte":      `bad \xff byte`,
		"ok\u200fmark":       "ok\u200fmark",
	} {
		if got := printable(in); got != want {
			t.Errorf("printable(%q) = %q, want %q", in, got, want)
		}
	}
	if got := printableLines("a\tb\nc\x1b[2J"); got != "a\tb\nc\\x1b[2J" {
		t.Errorf("printableLines kept or escaped the wrong things: %q", got)
	}
}

func TestVisible(t *testing.T) {
	for in, want := range map[string]string{
		"الإرجاع":           "الإرجاع",
		"re\u200bfund":      `re\u200bfund`,
		"\u200erefund":      `\u200erefund`,
		"\ufeffre\u00adf":   `\ufeffre\u00adf`,
		"a\U000e0001b":      `a\U000e0001b`,
		"\x1b[2J\u202eevil": `\x1b[2J\u202eevil`,
	} {
		if got := visible(in); got != want {
			t.Errorf("visible(%q) = %q, want %q", in, got, want)
		}
	}
}
