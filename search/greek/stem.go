package greek

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// Stem reduces a folded Greek word (see Fold: lowercase, no accents, σ for ς)
// to a stem that the other inflected forms of the same word share, so that
// επιστροφή, επιστροφής and επιστροφές are one term in the index.
//
// It is the Snowball Greek stemmer (Ntais 2006, with Saroukos' 2008
// revisions), rule for rule, plus three additions where Snowball splits the
// forms of one word that a help center uses all the time:
//
//   - step 3 also removes -ιας and -ιες, as it removes -ια, -ιου and -ιων, so
//     παραγγελία, παραγγελίας, παραγγελίες and παραγγελιών agree;
//   - step 4 also removes -ικος, -ικοι, -ικους, -ικη, -ικης, -ικες and -ικε,
//     as it removes -ικα, -ικο, -ικου and -ικων, so κωδικός and κωδικού agree;
//   - a word that no rule shortened and that ends in -ον gets the -οντ stem
//     of its other cases, so προϊόν agrees with προϊόντα and προϊόντος;
//
// and where Snowball would strip a word to nothing (ουσα, ιστα), Stem keeps
// the word. A JavaScript port must make the same changes. Words shorter than
// three letters, and words that are not Greek, come back unchanged.
func Stem(word string) string {
	return stem(word, false)
}

// stem is Stem, or with snowball set the Snowball stemmer exactly, which is
// what the conformance test checks the rules against.
func stem(word string, snowball bool) string {
	if utf8.RuneCountInString(word) < 3 {
		return word
	}
	s := stemmer{w: word, test1: true, snowball: snowball}
	for _, step := range steps {
		step(&s)
	}
	if s.w == "" && !snowball {
		return word
	}
	return s.w
}

// stemmer is the state Snowball's Greek rules share: the word being cut and
// test1, which stays true only while no rule has matched, so that the general
// endings of step 6 are stripped only from words no earlier rule recognized.
type stemmer struct {
	w        string
	test1    bool
	snowball bool // no kb additions
}

// steps is the order Snowball runs the rules in (note 5j before 5i).
var steps = []func(*stemmer){
	(*stemmer).step1,
	(*stemmer).stepS1, (*stemmer).stepS2, (*stemmer).stepS3, (*stemmer).stepS4,
	(*stemmer).stepS5, (*stemmer).stepS6, (*stemmer).stepS7, (*stemmer).stepS8,
	(*stemmer).stepS9, (*stemmer).stepS10,
	(*stemmer).step2a, (*stemmer).step2b, (*stemmer).step2c, (*stemmer).step2d,
	(*stemmer).step3, (*stemmer).step4,
	(*stemmer).step5a, (*stemmer).step5b, (*stemmer).step5c, (*stemmer).step5d,
	(*stemmer).step5e, (*stemmer).step5f, (*stemmer).step5g, (*stemmer).step5h,
	(*stemmer).step5j, (*stemmer).step5i, (*stemmer).step5k, (*stemmer).step5l,
	(*stemmer).step5m,
	(*stemmer).step6, (*stemmer).step7,
}

// cut removes the longest suffix of the word found in t, as Snowball's
// "among" does, and returns that suffix's value.
func (s *stemmer) cut(t *table) (value string, ok bool) {
	suffix, value, ok := t.longest(s.w)
	if ok {
		s.w = s.w[:len(s.w)-len(suffix)]
	}
	return value, ok
}

// drop is cut for the rules that, once they match, keep step 6 from running.
func (s *stemmer) drop(t *table) bool {
	_, ok := s.cut(t)
	if ok {
		s.test1 = false
	}
	return ok
}

// restore appends t's value when what is left of the word is exactly one
// of t's stems: the exception lists that give back part of a removed suffix.
func (s *stemmer) restore(t *table) bool {
	v, ok := t.exact(s.w)
	if ok {
		s.w += v
	}
	return ok
}

// endsWith reports whether the word ends with one of t's suffixes.
func (s *stemmer) endsWith(t *table) bool {
	_, _, ok := t.longest(s.w)
	return ok
}

// endsInVowel reports whether the word's last letter is one of vowels.
func (s *stemmer) endsInVowel(vowels string) bool {
	r, size := utf8.DecodeLastRuneInString(s.w)
	return size > 0 && strings.ContainsRune(vowels, r)
}

const (
	vowels       = "αεηιουω"
	vowelsNoUpsi = "αεηιοω"
)

// step1 maps a few irregular nouns (φαγητό's plural, κρέας, φως, καθεστώς,
// γεγονός) to their stems.
func (s *stemmer) step1() {
	if suffix, stem, ok := irregular.longest(s.w); ok {
		s.w = s.w[:len(s.w)-len(suffix)] + stem
		s.test1 = false
	}
}

// stepS1 removes -ιζ- verb endings (-ιζα, -ιζουμε, ...).
func (s *stemmer) stepS1() {
	if s.drop(izEndings) {
		s.restore(izStems)
	}
}

// stepS2 removes -ωθηκ- passive past endings.
func (s *stemmer) stepS2() {
	if s.drop(othikEndings) {
		s.restore(othikStems)
	}
}

// stepS3 removes -ισ- past endings (-ισα, -ισαμε, ...).
func (s *stemmer) stepS3() {
	if s.w == "ισα" {
		s.w = "ισ"
		return
	}
	if s.drop(isPastEndings) {
		s.restore(isPastStems)
	}
}

// stepS4 removes -ισ- future and subjunctive endings (-ισω, -ισουμε, ...).
func (s *stemmer) stepS4() {
	if s.drop(isFutureEndings) {
		s.restore(isFutureStems)
	}
}

// stepS5 removes -ιστ- endings (-ιστης, -ιστα, ...).
func (s *stemmer) stepS5() {
	if s.drop(istEndings) {
		s.restore(istStems)
	}
}

// stepS6 removes -ισμ- endings (-ισμος, -ισμου, ...).
func (s *stemmer) stepS6() {
	if !s.drop(ismEndings) || s.restore(ismStems) {
		return
	}
	if suffix, stem, ok := ismAdjectives.longest(s.w); ok {
		s.w = s.w[:len(s.w)-len(suffix)] + stem
	}
}

// stepS7 removes the diminutives -αρακι and -ουδακι.
func (s *stemmer) stepS7() {
	if s.drop(arakiEndings) {
		s.restore(arakiStems)
	}
}

// stepS8 removes the diminutives -ακι and -ιτσα.
func (s *stemmer) stepS8() {
	if !s.drop(akiEndings) || s.restore(akiStems) {
		return
	}
	if strings.HasSuffix(s.w, "κορ") {
		s.w += "ιτσ"
	}
}

// stepS9 removes -ιδιο, -ιδια, -ιδιων.
func (s *stemmer) stepS9() {
	if !s.drop(idioEndings) || s.restore(idioStems) {
		return
	}
	if s.endsWith(idioTails) {
		s.w += "ιδ"
	}
}

// stepS10 removes -ισκ- endings (-ισκος, -ισκου, ...).
func (s *stemmer) stepS10() {
	if s.drop(iskEndings) {
		s.restore(iskStems)
	}
}

// step2a removes -αδες, -αδων, keeping -αδ- where it belongs to the stem.
func (s *stemmer) step2a() {
	if _, ok := s.cut(adEndings); ok && !s.endsWith(adTails) {
		s.w += "αδ"
	}
}

// step2b removes -εδες, -εδων.
func (s *stemmer) step2b() {
	if _, ok := s.cut(edEndings); ok && s.endsWith(edTails) {
		s.w += "εδ"
	}
}

// step2c removes -ουδες, -ουδων.
func (s *stemmer) step2c() {
	if _, ok := s.cut(oudEndings); ok && s.endsWith(oudTails) {
		s.w += "ουδ"
	}
}

// step2d removes -εως, -εων.
func (s *stemmer) step2d() {
	if s.drop(eosEndings) {
		s.restore(eosStems)
	}
}

// step3 removes -ια, -ιου, -ιων (and -ιας, -ιες), keeping the ι after a
// vowel.
func (s *stemmer) step3() {
	endings := iaEndingsKB
	if s.snowball {
		endings = iaEndings
	}
	if s.drop(endings) && s.endsInVowel(vowels) {
		s.w += "ι"
	}
}

// step4 removes the adjective endings -ικα, -ικο, -ικου, -ικων (and the
// rest of the paradigm, -ικος, -ικη, ...).
func (s *stemmer) step4() {
	endings := ikEndingsKB
	if s.snowball {
		endings = ikEndings
	}
	if !s.drop(endings) {
		return
	}
	if s.endsInVowel(vowels) {
		s.w += "ικ"
		return
	}
	s.restore(ikStems)
}

// step5a removes first person plural past endings (-αμε, -ησαμε, ...).
func (s *stemmer) step5a() {
	if s.w == "αγαμε" {
		s.w = "αγαμ"
	}
	s.drop(ameLongEndings)
	if s.drop(ameEnding) {
		s.restore(ameStems)
	}
}

// step5b removes third person plural past endings (-ανε, -ησανε, ...).
func (s *stemmer) step5b() {
	if s.drop(aneLongEndings) {
		s.restore(aneLongStems)
	}
	if !s.drop(aneEnding) {
		return
	}
	if s.endsInVowel(vowelsNoUpsi) {
		s.w += "αν"
		return
	}
	s.restore(aneStems)
}

// step5c removes second person plural endings (-ετε, -ησετε).
func (s *stemmer) step5c() {
	s.drop(eteLongEndings)
	if !s.drop(eteEnding) {
		return
	}
	if s.endsInVowel(vowelsNoUpsi) || s.endsWith(eteTails) {
		s.w += "ετ"
		return
	}
	s.restore(eteStems)
}

// step5d removes the participle endings -οντας, -ωντας.
func (s *stemmer) step5d() {
	if !s.drop(ontasEndings) {
		return
	}
	switch {
	case s.w == "αρχ":
		s.w += "οντ"
	case strings.HasSuffix(s.w, "κρε"):
		s.w += "ωντ"
	}
}

// step5e removes -ομαστε, -ιομαστε.
func (s *stemmer) step5e() {
	if s.drop(omasteEndings) && s.w == "ον" {
		s.w += "ομαστ"
	}
}

// step5f removes -ιεστε and -εστε.
func (s *stemmer) step5f() {
	if s.drop(iesteEnding) {
		s.restore(iesteStems)
	}
	if s.drop(esteEnding) {
		s.restore(esteStems)
	}
}

// step5g removes past endings in -ηκ- (-ηκα, -ηθηκα, ...).
func (s *stemmer) step5g() {
	s.drop(ithikEndings)
	if !s.drop(ikaEndings) {
		return
	}
	if s.endsWith(ikaTails) {
		s.w += "ηκ"
		return
	}
	s.restore(ikaStems)
}

// step5h removes the participle endings -ουσα, -ουσες, -ουσε.
func (s *stemmer) step5h() {
	if !s.drop(ousaEndings) {
		return
	}
	if s.endsWith(ousaTails) {
		s.w += "ουσ"
		return
	}
	s.restore(ousaStems)
}

// step5i removes -αγα, -αγες, -αγε.
func (s *stemmer) step5i() {
	if !s.drop(agaEndings) {
		return
	}
	if strings.HasSuffix(s.w, "κολλ") {
		s.w += "αγ"
		return
	}
	if _, add, ok := agaTails.longest(s.w); ok {
		s.w += add
		return
	}
	s.restore(agaStems)
}

// step5j removes -ησε, -ησου, -ησα.
func (s *stemmer) step5j() {
	if s.drop(isaEndings) {
		s.restore(isaStems)
	}
}

// step5k removes -ηστε.
func (s *stemmer) step5k() {
	if s.drop(isteEnding) {
		s.restore(isteStems)
	}
}

// step5l removes -ουνε, -ησουνε, -ηθουνε.
func (s *stemmer) step5l() {
	if s.drop(ouneEndings) {
		s.restore(ouneStems)
	}
}

// step5m removes -ουμε, -ησουμε, -ηθουμε.
func (s *stemmer) step5m() {
	if s.drop(oumeEndings) {
		s.restore(oumeStems)
	}
}

// step6 turns -ματα, -ματων, -ματος into -μα, then, if no rule so far has
// matched, removes the general noun, adjective and verb endings, or turns a
// final -ον into -οντ.
func (s *stemmer) step6() {
	if suffix, stem, ok := mataEndings.longest(s.w); ok {
		s.w = s.w[:len(s.w)-len(suffix)] + stem
	}
	if !s.test1 {
		return
	}
	if _, ok := s.cut(generalEndings); !ok && !s.snowball && strings.HasSuffix(s.w, "ον") {
		s.w += "τ"
	}
}

// step7 removes comparative and superlative endings (-οτερ, -εστατ, ...).
func (s *stemmer) step7() {
	s.cut(degreeEndings)
}

// table maps suffixes to values, indexed by the suffix's last letter, α to
// ω. Entries are kept longest first, so the first suffix that matches is the
// longest one, which is how Snowball chooses among several.
type table [1 + 'ω' - 'α'][]entry

type entry struct{ suffix, value string }

// newTable builds a table from space-separated suffixes grouped by value.
func newTable(byValue map[string]string) *table {
	t := new(table)
	for value, list := range byValue {
		for _, suffix := range strings.Fields(list) {
			last, _ := utf8.DecodeLastRuneInString(suffix)
			t[last-'α'] = append(t[last-'α'], entry{suffix, value})
		}
	}
	for _, entries := range t {
		sort.Slice(entries, func(i, j int) bool {
			return len(entries[i].suffix) > len(entries[j].suffix)
		})
	}
	return t
}

// list is a table whose suffixes all have the same value.
func list(value, suffixes string) *table {
	return newTable(map[string]string{value: suffixes})
}

// candidates returns the entries that may end w. It decodes the last letter
// by hand, as every letter α to ω is two bytes starting 0xCE or 0xCF; the
// callers compare whole suffixes, so a wrong guess on broken UTF-8 is harmless.
func (t *table) candidates(w string) []entry {
	n := len(w)
	if n < 2 || w[n-2]&^1 != 0xCE {
		return nil
	}
	last := rune(w[n-2]&0x1F)<<6 | rune(w[n-1]&0x3F)
	if last < 'α' || last > 'ω' {
		return nil
	}
	return t[last-'α']
}

// longest returns the longest suffix of w in t, with its value.
func (t *table) longest(w string) (suffix, value string, ok bool) {
	for _, e := range t.candidates(w) {
		if strings.HasSuffix(w, e.suffix) {
			return e.suffix, e.value, true
		}
	}
	return "", "", false
}

// exact returns the value of w if w itself is in t.
func (t *table) exact(w string) (value string, ok bool) {
	for _, e := range t.candidates(w) {
		if e.suffix == w {
			return e.value, true
		}
	}
	return "", false
}

// StemName is the name of the Stem token filter in bleve's registry.
const StemName = "greek_stem"

// StemFilter is a bleve token filter that applies Stem to every term not
// marked as a keyword. It expects terms already folded by FoldFilter.
type StemFilter struct{}

// Filter stems each token's term in place.
func (StemFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if tok.KeyWord {
			continue
		}
		if st := Stem(string(tok.Term)); st != string(tok.Term) {
			tok.Term = []byte(st)
		}
	}
	return input
}
