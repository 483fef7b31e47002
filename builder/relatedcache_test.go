package builder

import (
	"slices"
	"testing"
)

// TestRelatedCacheRefusesWhatItCannotUse checks that the related articles
// of the last build are used only for the same inputs and when every
// index names another page of the language, and that damaged bytes are
// refused.
func TestRelatedCacheRefusesWhatItCannotUse(t *testing.T) {
	key := [32]byte{1}
	c := newRelatedCache()
	c.put("en", key, [][]int32{{1, 2}, {0}, {}})
	data, err := c.encode()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		top  [][]int32
		key  [32]byte
		n    int
		want bool
	}{
		{"same inputs", nil, key, 3, true},
		{"other inputs", nil, [32]byte{2}, 3, false},
		{"other page count", nil, key, 4, false},
		{"index out of range", [][]int32{{3}, {0}, {}}, key, 3, false},
		{"a page related to itself", [][]int32{{0}, {0}, {}}, key, 3, false},
		{"too many", [][]int32{{1, 2, 1, 2, 1, 2}, {0}, {}}, key, 3, false},
	} {
		d, err := decodeRelatedCache(data)
		if err != nil {
			t.Fatal(err)
		}
		if tc.top != nil {
			d.old["en"] = relatedEntry{Key: key, Top: tc.top}
		}
		if got := d.get("en", tc.key, tc.n) != nil; got != tc.want {
			t.Errorf("%s: used %v, want %v", tc.name, got, tc.want)
		}
	}
	for _, bad := range [][]byte{nil, data[:len(data)-1], append(slices.Clone(data[:5]), data[6:]...)} {
		if _, err := decodeRelatedCache(bad); err == nil {
			t.Errorf("damaged cache of %d bytes accepted", len(bad))
		}
	}
}
