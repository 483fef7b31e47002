package analytics

import (
	"maps"
	"slices"
)

// Searches are counted by their normalized query, so that "محفظة" and
// "محفظه", or "επιστροφή" and "επιστροφη", are one query; the report names
// each by the spelling customers typed most. Stores keep, next to a query's
// count, the spellings that differ from the query itself, a few per hour,
// and how many searches were spelled in ways past those few (under the key
// otherSpellings). The rest of its searches were spelled as the query, or
// recorded before spellings were.

// MaxSpellings is how many spellings a store keeps of one query in one
// language and hour, at most: enough for the ways customers write a word,
// not for a flood of made-up accents to grow the store.
const MaxSpellings = 4

// otherSpellings is the key of SearchCount.Spellings that counts the
// searches whose spelling found no room: never a query's name, and no
// spelling (a spelling has letters).
const otherSpellings = ""

// addSpellings adds the counts of from to into, keeping at most
// MaxSpellings spellings in it (those into holds, then from's in byte
// order) and counting the others under otherSpellings, and returns into,
// made when it was nil.
func addSpellings(into, from map[string]int) map[string]int {
	for _, s := range slices.Sorted(maps.Keys(from)) {
		if into == nil {
			into = make(map[string]int, len(from))
		}
		n := from[s]
		if _, ok := into[s]; !ok && s != otherSpellings && spellingsIn(into) >= MaxSpellings {
			s = otherSpellings
		}
		into[s] += n
	}
	return into
}

// spellingsIn is how many spellings m holds.
func spellingsIn(m map[string]int) int {
	if _, ok := m[otherSpellings]; ok {
		return len(m) - 1
	}
	return len(m)
}

// spellingTally counts the spellings of one query over the hours a report
// covers.
type spellingTally struct {
	asQuery   int            // searches spelled as the query itself
	spellings map[string]int // the other spellings' searches, otherSpellings excluded
}

// add counts one row: its spellings, and the rest of its searches as
// spelled as the query.
func (t *spellingTally) add(row SearchCount) {
	spelled := 0
	for s, n := range row.Spellings {
		spelled += n
		if s == otherSpellings {
			continue
		}
		if t.spellings == nil {
			t.spellings = make(map[string]int)
		}
		t.spellings[s] += n
	}
	t.asQuery += max(row.Searches-spelled, 0)
}

// most is the spelling of query searched most, the first in byte order of
// those searched as often.
func (t *spellingTally) most(query string) string {
	best, bestN := query, t.asQuery
	for s, n := range t.spellings {
		if n > bestN || n == bestN && s < best {
			best, bestN = s, n
		}
	}
	return best
}
