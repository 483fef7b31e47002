package greek

import (
	"slices"
	"strings"
)

// Greeks often type Greek in Latin letters ("Greeklish"), with no fixed
// spelling: επιστροφή may come as epistrofi, epistrofh or epistrophi. Key and
// LatinKeys give a Greek word and a Latin-typed word a lossy "sound key" in
// which such spellings meet: both indexes map a Greek word's key to its terms,
// and a Latin query word on a Greek search is looked up by its keys.
//
// A key is lowercase ASCII: the letters as a Greek reads them, each sound one
// way (η ι υ ει οι → i, ο ω → o, αι ε → e, ου → u, χ → h, θ → th, ξ → ks, ψ → ps,
// φ → f, β → v, μπ → b, ντ → d, γγ γκ → g, αυ → av, ευ → ev), with doubled letters
// written once. The browser's search.js has the same function (greeklishKeys):
// a test holds the two to the same keys (testdata/greeklish.tsv and every short
// Latin word).

// MaxLatinKeys bounds the keys of one Latin word: each letter that stands for
// more than one Greek sound doubles them.
const MaxLatinKeys = 16

// greekDigraphs are the pairs of Greek letters read as one sound.
var greekDigraphs = map[string]string{
	"ου": "u", "ει": "i", "οι": "i", "υι": "i", "αι": "e", "αυ": "av", "ευ": "ev", "ηυ": "iv",
	"μπ": "b", "ντ": "d", "γγ": "g", "γκ": "g",
}

// greekLetters are the other letters' sounds.
var greekLetters = map[rune]string{
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th", 'ι': "i", 'κ': "k", 'λ': "l",
	'μ': "m", 'ν': "n", 'ξ': "ks", 'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'τ': "t", 'υ': "i", 'φ': "f", 'χ': "h",
	'ψ': "ps", 'ω': "o",
}

// Key is the sound key of a Greek word as Fold leaves it (lowercase, no
// accents, σ for ς), or "" when the word has anything but Greek letters.
func Key(word string) string {
	var b strings.Builder
	rs := []rune(word)
	for i := 0; i < len(rs); i++ {
		if i+1 < len(rs) {
			if k, ok := greekDigraphs[string(rs[i:i+2])]; ok {
				b.WriteString(k)
				i++
				continue
			}
		}
		k, ok := greekLetters[rs[i]]
		if !ok {
			return ""
		}
		b.WriteString(k)
	}
	return single(b.String())
}

// latinPairs are the pairs of Latin letters typed for one Greek sound, with
// the keys they may stand for, likeliest first; and the three letters that
// are not the pair they start with (nth is ν and θ, not ντ and η).
var latinPairs = map[string][]string{
	"nth": {"nth"}, "mph": {"mf"},
	"ch": {"h"}, "ph": {"f"}, "ou": {"u"}, "ei": {"i"}, "oi": {"i"}, "ai": {"e", "ai"},
	"au": {"av", "au"}, "eu": {"ev", "eu"}, "ay": {"av"}, "ey": {"ev"}, "af": {"af", "av"}, "ef": {"ef", "ev"},
	"mp": {"b"}, "nt": {"d"}, "gg": {"g"}, "ng": {"g"}, "gk": {"g"},
}

// latinLetters are the keys the letters that stand for more than one Greek
// sound, or for a sound written with two, and 3 and 8 typed for ξ and θ, may
// stand for, likeliest first; the other letters a-z stand for themselves.
var latinLetters = map[byte][]string{
	'b': {"v", "b"}, 'c': {"k"}, 'h': {"h", "i"}, 'u': {"u", "i"}, 'w': {"o"}, 'x': {"h", "ks"}, 'y': {"i"},
	'3': {"ks"}, '8': {"th"},
}

// LatinKeys returns the sound keys a word typed in Latin letters may have as
// a Greek word, likeliest first, at most MaxLatinKeys: none unless the word
// (as Normalize leaves it) is lowercase a-z, 3 and 8, with a letter.
func LatinKeys(word string) []string {
	if !strings.ContainsFunc(word, func(r rune) bool { return 'a' <= r && r <= 'z' }) {
		return nil
	}
	keys := []string{""}
	for i := 0; i < len(word); {
		opts, n := latinLetters[word[i]], 1
		if opts == nil && 'a' <= word[i] && word[i] <= 'z' {
			opts = []string{word[i : i+1]}
		}
		for _, m := range []int{3, 2} {
			if i+m <= len(word) && latinPairs[word[i:i+m]] != nil {
				opts, n = latinPairs[word[i:i+m]], m
				break
			}
		}
		if opts == nil {
			return nil
		}
		next := make([]string, 0, min(len(keys)*len(opts), MaxLatinKeys))
		for _, k := range keys {
			for _, o := range opts {
				if len(next) < MaxLatinKeys {
					next = append(next, k+o)
				}
			}
		}
		keys = next
		i += n
	}
	out := keys[:0]
	for _, k := range keys {
		if k = single(k); !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// single writes each run of one letter once: doubled letters are typed
// single as often as not.
func single(s string) string {
	out := make([]byte, 0, len(s))
	for i := range len(s) {
		if i == 0 || s[i] != s[i-1] {
			out = append(out, s[i])
		}
	}
	return string(out)
}
