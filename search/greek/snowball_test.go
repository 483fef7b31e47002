package greek

import (
	"bufio"
	"compress/gzip"
	"os"
	"strings"
	"testing"
)

// TestStemMatchesSnowball checks the rules, without kb's additions, against the output of Snowball's own
// Greek stemmer (testdata/snowball.txt.gz: word, then stem). The words
// combine every ending in the algorithm's tables with the stems its
// exception lists name, so each rule and exception runs at least once. A
// browser running Snowball's JavaScript stemmer relies on this agreement.
func TestStemMatchesSnowball(t *testing.T) {
	f, err := os.Open("testdata/snowball.txt.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(z)
	n, bad := 0, 0
	for sc.Scan() {
		word, want, ok := strings.Cut(sc.Text(), " ")
		if !ok || strings.HasPrefix(word, "#") {
			continue
		}
		n++
		if got := stem(word, true); got != want {
			bad++
			if bad <= 40 {
				t.Errorf("Stem(%q) = %q, Snowball says %q", word, got, want)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if bad > 0 {
		t.Errorf("%d of %d words differ", bad, n)
	}
	if n < 1000 {
		t.Errorf("only %d words in testdata/snowball.txt.gz", n)
	}
}
