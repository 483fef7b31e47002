package thesaurus

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestDefaults checks that kb ships a thesaurus for each language the issue names, that each parses and covers the
// topics every shop's help center has, and that no word is listed twice in one group.
func TestDefaults(t *testing.T) {
	for _, lang := range []string{"en", "ar", "el", "fr", "de", "es"} {
		th := Default(lang)
		if len(th.Optional) == 0 || len(th.Groups) < 20 || len(th.Expand) == 0 {
			t.Errorf("%s: %d optional words, %d groups, %d expansions: want all three", lang, len(th.Optional), len(th.Groups), len(th.Expand))
		}
		for i, g := range th.Groups {
			seen := map[string]bool{}
			for _, w := range g {
				if seen[key(w)] {
					t.Errorf("%s group %d: %q twice", lang, i+1, w)
				}
				seen[key(w)] = true
			}
		}
	}
	if th := Default("pt-BR"); len(th.Groups) != 0 {
		t.Errorf("pt-BR: %d groups, want none (no default)", len(th.Groups))
	}
	if th := Default("EN-gb"); len(th.Groups) == 0 {
		t.Error("en-GB: want the English default")
	}
}

func TestLoad(t *testing.T) {
	site := fstest.MapFS{
		"i18n/synonyms/en.toml": {Data: []byte(`# this shop calls its points stars
optional = ["hey"]
groups = [["stars", "lumen points"], ["refund", "store credit"]]

[expand]
"rejected" = ["failed"]
`)},
		"i18n/synonyms/fr.toml": {Data: []byte("replace = true\ngroups = [[\"colis\", \"carton\"]]\n")},
	}
	en, err := Load(site, "en")
	if err != nil {
		t.Fatal(err)
	}
	def := Default("en")
	// The default's ["store credit", "credit note"] loses "store credit" to the site's group: one word is no group.
	if len(en.Groups) != len(def.Groups)-1+2 {
		t.Errorf("en: %d groups, want the %d defaults but one, and the site's 2", len(en.Groups), len(def.Groups))
	}
	// The site's group takes "refund" out of the default's refund group; the rest of that group stays.
	for _, g := range en.Groups {
		if slices.Contains(g, "reimbursement") && slices.Contains(g, "refund") {
			t.Errorf("en: default group %v still has refund", g)
		}
	}
	if got := en.Expand["rejected"]; !slices.Equal(got, []string{"failed"}) {
		t.Errorf("en: expand rejected = %v, want the site's", got)
	}
	if !slices.Contains(en.Optional, "hey") || !slices.Contains(en.Optional, "how") {
		t.Errorf("en: optional words %v: want the default's and the site's", en.Optional)
	}

	fr, err := Load(site, "fr")
	if err != nil {
		t.Fatal(err)
	}
	if len(fr.Groups) != 1 || len(fr.Optional) != 0 {
		t.Errorf("fr with replace = true: %+v, want the site's thesaurus alone", fr)
	}
	if el, err := Load(site, "el"); err != nil || len(el.Groups) != len(Default("el").Groups) {
		t.Errorf("el without a site file: %v, %d groups: want the default", err, len(el.Groups))
	}
}

func TestLoadErrors(t *testing.T) {
	for _, c := range []struct {
		src, want string
	}{
		{"groups = [[\"a\", \"b\"]\n", "i18n/synonyms/en.toml:1:"},
		{"optional = [\"a\"]\nsynonyms = [\"x\"]\n", `i18n/synonyms/en.toml:2:1: unknown key "synonyms"`},
		{"\ngroups = [[\"alone\"]]\n", "i18n/synonyms/en.toml:2:1: group 1 needs two or more"},
		{"[expand]\n\"late\" = []\n", `i18n/synonyms/en.toml:2:1: expand "late" needs one or more`},
	} {
		_, err := Load(fstest.MapFS{"i18n/synonyms/en.toml": {Data: []byte(c.src)}}, "en")
		var te *Error
		if !errors.As(err, &te) || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: error %v, want one starting %q", c.src, err, c.want)
		}
	}
}

// TestCompile checks rules in terms: a trigger found in any form the analyzer gives the same terms, phrases matched
// as a whole, stop words ignored, one-way expansions one way.
func TestCompile(t *testing.T) {
	// A toy analysis: lowercase words, "the" a stop word, a trailing "s" stripped.
	an := Analysis{
		Terms: func(text string) []string {
			var ts []string
			for _, w := range strings.FieldsFunc(strings.ToLower(text), notWord) {
				if w != "the" {
					ts = append(ts, strings.TrimSuffix(w, "s"))
				}
			}
			return ts
		},
		Normalize: strings.ToLower,
	}
	r := Compile(Thesaurus{
		Optional: []string{"How", "the"},
		Groups:   [][]string{{"refund", "money back"}},
		Expand:   map[string][]string{"parcel": {"tracking"}},
	}, an)
	if n, alts := r.Match([]string{"money", "back", "now"}); n != 2 || !slices.EqualFunc(alts, [][]string{{"refund"}}, slices.Equal) {
		t.Errorf("money back: %d, %v", n, alts)
	}
	if n, alts := r.Match([]string{"refund"}); n != 1 || len(alts) != 1 || !slices.Equal(alts[0], []string{"money", "back"}) {
		t.Errorf("refund: %d, %v", n, alts)
	}
	if n, _ := r.Match([]string{"money"}); n != 0 {
		t.Errorf("money alone matched %d terms, want none", n)
	}
	if n, _ := r.Match([]string{"tracking"}); n != 0 {
		t.Error("tracking matched: an expansion is one way")
	}
	if !r.Optional["how"] || len(r.Optional) != 1 {
		t.Errorf("optional %v: want how (the is a stop word)", r.Optional)
	}
	if r.Surfaces["parcel"] != "parcel" || r.Surfaces["refund"] != "refund" {
		t.Errorf("surfaces %v", r.Surfaces)
	}
	// A phrase that is one word once its stop words are gone is left out.
	r3 := Compile(Thesaurus{Groups: [][]string{{"faulty item", "the thing"}}}, an)
	if n, _ := r3.Match([]string{"thing"}); n != 0 {
		t.Error(`"the thing" stands for "thing"`)
	}
	// An alternative holding the trigger finds nothing more than the trigger.
	r2 := Compile(Thesaurus{Groups: [][]string{{"return", "return the item", "send back"}}}, an)
	if _, alts := r2.Match([]string{"return"}); len(alts) != 1 || !slices.Equal(alts[0], []string{"send", "back"}) {
		t.Errorf("return: %v, want only send back", alts)
	}
	// Pruned to an index that has no "refund": money back keeps nothing and goes; refund keeps money back.
	r.Prune(func(term string) bool { return term != "refund" })
	if n, _ := r.Match([]string{"money", "back"}); n != 0 {
		t.Error("money back still matches after its only synonym was pruned")
	}
	if n, _ := r.Match([]string{"refund"}); n != 1 {
		t.Error("refund lost its synonym")
	}
	var nilRules *Rules
	if n, _ := nilRules.Match([]string{"refund"}); n != 0 {
		t.Error("nil rules matched")
	}
}

// FuzzParse: any file parses or fails with an error inside it, and compiling what parses never panics.
func FuzzParse(f *testing.F) {
	for _, lang := range []string{"en", "ar", "el"} {
		src, _ := defaults.ReadFile("default/" + lang + ".toml")
		f.Add(src)
	}
	f.Add([]byte("groups = [[\"a\"]]\n[expand]\n\"\" = [\"x\"]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		file, err := parse("x.toml", src)
		if err != nil {
			var te *Error
			if !errors.As(err, &te) || te.Line > strings.Count(string(src), "\n")+1 {
				t.Fatalf("error %v outside the file", err)
			}
			return
		}
		an := Analysis{Terms: strings.Fields, Normalize: strings.ToLower}
		r := Compile(file.Thesaurus, an)
		r.Match(strings.Fields(string(src)))
	})
}
