package config

import "testing"

func TestNumberPrefix(t *testing.T) {
	for _, c := range []struct {
		name, rest string
		n          int
		ok         bool
	}{
		{"01-intro", "intro", 1, true},
		{"2. Guides", "Guides", 2, true},
		{"10_faq", "faq", 10, true},
		{"3 - install", "install", 3, true},
		{"00-start", "start", 0, true},
		{"intro", "intro", 0, false},
		{"404", "404", 0, false},
		{"2021-03-04-release", "2021-03-04-release", 0, false},
		{"1.5-notes", "1.5-notes", 0, false},
		{"01-", "01-", 0, false},
		{"01--", "01--", 0, false},
		{"01 intro", "01 intro", 0, false},
		{"7zip", "7zip", 0, false},
	} {
		rest, n, ok := NumberPrefix(c.name)
		if rest != c.rest || n != c.n || ok != c.ok {
			t.Errorf("NumberPrefix(%q) = %q, %d, %t; want %q, %d, %t", c.name, rest, n, ok, c.rest, c.n, c.ok)
		}
	}
}
