package greek

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
)

// GreeklishCase is one line of testdata/greeklish.tsv.
type greeklishCase struct {
	line         int
	latin, greek string
	meet         bool
}

func readGreeklish(t *testing.T) []greeklishCase {
	t.Helper()
	f, err := os.Open("testdata/greeklish.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []greeklishCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 || (cols[2] != "0" && cols[2] != "1") {
			t.Fatalf("testdata/greeklish.tsv:%d: want latin<TAB>greek<TAB>0 or 1, got %q", n, line)
		}
		cases = append(cases, greeklishCase{n, cols[0], cols[1], cols[2] == "1"})
	}
	return cases
}

// TestGreeklish: each Latin spelling in testdata/greeklish.tsv has the key
// of the Greek word it stands for among its keys, and none of a word it does
// not stand for.
func TestGreeklish(t *testing.T) {
	for _, c := range readGreeklish(t) {
		key := Key(Fold(c.greek))
		if key == "" {
			t.Errorf("testdata/greeklish.tsv:%d: %s has no key", c.line, c.greek)
			continue
		}
		keys := LatinKeys(c.latin)
		if slices.Contains(keys, key) != c.meet {
			t.Errorf("testdata/greeklish.tsv:%d: %s has keys %q, %s has key %q: meet = %v, want %v",
				c.line, c.latin, keys, c.greek, key, !c.meet, c.meet)
		}
	}
}

func TestGreeklishBounds(t *testing.T) {
	if k := Key("paypal"); k != "" {
		t.Errorf("Key of a Latin word = %q, want none", k)
	}
	if k := Key("κωδικόσ"); k != "" {
		t.Errorf("Key of an unfolded word = %q, want none", k)
	}
	for _, w := range []string{"", "123", "παραγγελια", "order2", "e-mail"} {
		if ks := LatinKeys(w); ks != nil {
			t.Errorf("LatinKeys(%q) = %q, want none", w, ks)
		}
	}
	if ks := LatinKeys("xhxhxhxhxhxhxhxhxh"); len(ks) > MaxLatinKeys || len(ks) == 0 {
		t.Errorf("LatinKeys of a word of 18 ambiguous letters gives %d keys, want 1 to %d", len(ks), MaxLatinKeys)
	}
}
