package static

import (
	"math/rand/v2"
	"testing"
)

// The hand-written encodings give marshal's bytes, escapes and invalid
// UTF-8 included.
func TestJSONEncodingsMatchMarshal(t *testing.T) {
	strs := []string{"", "plain", "Café crème", "ελληνικά", "عربي", "quote \" and \\ backslash", "tab\tnew\nline\r",
		"\x00\x1f", "<script>&amp;</script>", "line\u2028sep\u2029", "bad \xff byte", "cut \xe2\x80", "\xe2\x80\xa8", "…", "emoji 😀"}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "é", "\"", "\\", "\n", "\x01", "\u2028", "\xff", "λ", "ع", " ", "<", "\xe2", "\x80"}
	for range 2000 {
		s := ""
		for range r.IntN(12) {
			s += alphabet[r.IntN(len(alphabet))]
		}
		strs = append(strs, s)
	}
	check := func(what string, got []byte, v any) {
		t.Helper()
		want, err := marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Fatalf("%s: got %q, want %q", what, got, want)
		}
	}
	for _, s := range strs {
		check("string", appendJSONString(nil, s), s)
	}
	check("strings", appendStringsJSON(nil, strs), strs)
	check("no strings", appendStringsJSON(nil, nil), []string(nil))
	var rows [][]any
	for i, s := range strs {
		row := []any{s, strs[(i+1)%len(strs)], "", s}
		if i%3 == 0 {
			row = append(row, 1)
		}
		rows = append(rows, row)
	}
	check("rows", appendRowsJSON(nil, rows), rows)
	vocab := map[string][]int{}
	for i, s := range strs {
		vocab[s] = []int{i, i * 7, 3}
		if i%5 == 0 {
			vocab[s] = []int{}
		}
	}
	check("vocabulary", appendVocabJSON(nil, vocab), vocab)
	check("empty vocabulary", appendVocabJSON(nil, map[string][]int{}), map[string][]int{})
}
