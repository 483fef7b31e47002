package search

import (
	"kb/search/greek"
)

// SoundKey returns, for a language whose readers type its words in other letters too, the function that gives a
// normalized word the sound key such a spelling may have, "" for none; nil for other languages. Greek is one: Greeks
// type Greek in Latin letters ("Greeklish", see package greek's Key and LatinKeys).
func SoundKey(lang string) func(word string) string {
	if AnalyzerFor(lang) == greekAnalyzer {
		return greek.Key
	}
	return nil
}
