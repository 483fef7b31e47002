package content

import (
	"slices"
	"strings"
)

// Lines holds the 1-based line in File of each front-matter key that was present ("title", "slug", ...), 0 for a key
// that was not, for diagnostics. Keys are frontMatterKeys, the canonical spellings ("linkTitle", "translationKey");
// `lastmod` is also recorded as "updated". It is an array, not a map: every page keeps it through the build, and an
// array holds no pointer for the collector to follow (a map a page was some 6 MB of the 30k-page build's live heap).
type Lines [len(frontMatterKeys)]int32

// Of is the line of key, 0 when it was not there (or kb does not know it).
func (l *Lines) Of(key string) int {
	if i := slices.Index(frontMatterKeys[:], key); i >= 0 {
		return int(l[i])
	}
	return 0
}

// set records key's line; it reports false for a key kb does not know.
func (l *Lines) set(key string, line int) bool {
	i := slices.Index(frontMatterKeys[:], key)
	if i < 0 {
		return false
	}
	l[i] = int32(min(line, 1<<31-1))
	return true
}

// each calls f with every key present and its line, in key order.
func (l *Lines) each(f func(key string, line int)) {
	for _, i := range linesByKey {
		if l[i] != 0 {
			f(frontMatterKeys[i], int(l[i]))
		}
	}
}

// count is how many keys are present.
func (l *Lines) count() int {
	n := 0
	for _, v := range l {
		if v != 0 {
			n++
		}
	}
	return n
}

// linesByKey is the indexes of frontMatterKeys in the keys' order.
var linesByKey = func() []int {
	idx := make([]int, len(frontMatterKeys))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return strings.Compare(frontMatterKeys[a], frontMatterKeys[b]) })
	return idx
}()
