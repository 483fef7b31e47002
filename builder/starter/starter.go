// Package starter writes a new help center: a site.toml and, per language, a
// home page, an FAQ and a policy that build and serve at once, in the
// team's languages where kb has the words for it.
package starter

import (
	"embed"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"kb/builder/config"
)

//go:embed texts/*.toml
var texts embed.FS

// text is one language's starter content.
type text struct {
	Title             string `toml:"title"`
	Home              string `toml:"home"`
	FAQSection        string `toml:"faq_section"`
	PoliciesSection   string `toml:"policies_section"`
	FAQTitle          string `toml:"faq_title"`
	FAQDescription    string `toml:"faq_description"`
	FAQ               string `toml:"faq"`
	PolicyTitle       string `toml:"policy_title"`
	PolicyDescription string `toml:"policy_description"`
	Policy            string `toml:"policy"`
}

// Site is a new help center's files by path, and what a writer should know
// about them.
type Site struct {
	Files map[string][]byte
	// Untranslated lists the languages kb has no starter text for: their
	// pages fall back to the default language until written.
	Untranslated []string
}

// New returns the files of a help center in the given languages (canonical
// BCP 47 codes as the writer spelled them), the first being the default.
func New(langs []string, today time.Time) (Site, error) {
	if len(langs) == 0 {
		langs = []string{"en"}
	}
	site := Site{Files: map[string][]byte{}}
	var cfg strings.Builder
	def := langs[0]
	fmt.Fprintf(&cfg, "# The help center's settings; see kb's README, \"A site\".\n")
	title := "Help Center"
	if t, ok := load(def); ok {
		title = t.Title
	}
	fmt.Fprintf(&cfg, "title = %s\nbaseURL = \"/\"\ndefaultLanguage = %s\n", strconv.Quote(title), strconv.Quote(def))
	seen := map[string]bool{}
	for i, code := range langs {
		canon, err := config.CanonicalCode(code)
		if err != nil {
			return Site{}, fmt.Errorf("%q is not a language code (like en, ar, pt-BR)", code)
		}
		if seen[canon] {
			return Site{}, fmt.Errorf("language %s is given twice", code)
		}
		seen[canon] = true
		t, ok := load(canon)
		fmt.Fprintf(&cfg, "\n[languages.%s]\nweight = %d\n", code, i+1)
		if !ok {
			site.Untranslated = append(site.Untranslated, code)
			continue
		}
		fmt.Fprintf(&cfg, "title = %s\n", strconv.Quote(t.Title))
		dir := "content/" + code + "/"
		site.Files[dir+"_index.md"] = page(t.Title, "", "", t.Home)
		site.Files[dir+"faq/getting-started.md"] = page(t.FAQTitle, t.FAQDescription, "", t.FAQ)
		site.Files[dir+"policies/privacy.md"] = page(t.PolicyTitle, t.PolicyDescription, "effective = "+today.Format(time.DateOnly)+"\n", t.Policy)
		site.Files[dir+"faq/_index.md"] = page(t.FAQSection, "", "", "")
		policyType := ""
		if i == 0 { // a section's type comes from the default language
			policyType = "type = \"policy\"\n"
		}
		site.Files[dir+"policies/_index.md"] = page(t.PoliciesSection, "", policyType, "")
	}
	if _, ok := load(def); !ok {
		return Site{}, fmt.Errorf("kb has no starter text in %s, the default language: put a language kb knows first (%s)", def, strings.Join(Languages(), ", "))
	}
	site.Files[config.FileName] = []byte(cfg.String())
	return site, nil
}

// Languages lists the languages kb has starter text in.
func Languages() []string {
	entries, _ := texts.ReadDir("texts")
	var codes []string
	for _, e := range entries {
		codes = append(codes, strings.TrimSuffix(e.Name(), ".toml"))
	}
	return codes
}

// load reads a language's starter text, matched by its base language
// (pt-BR has none; fr-CA takes fr).
func load(code string) (text, bool) {
	base, _, _ := strings.Cut(strings.ToLower(code), "-")
	b, err := texts.ReadFile("texts/" + base + ".toml")
	if err != nil {
		return text{}, false
	}
	var t text
	if _, err := toml.Decode(string(b), &t); err != nil {
		panic(fmt.Sprintf("starter text %s: %v", base, err)) // embedded: a bug, caught by the tests
	}
	return t, true
}

func page(title, description, extra, body string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "+++\ntitle = %s\n", strconv.Quote(title))
	if description != "" {
		fmt.Fprintf(&b, "description = %s\n", strconv.Quote(description))
	}
	b.WriteString(extra)
	b.WriteString("+++\n")
	b.WriteString(strings.TrimLeft(body, "\n"))
	if body != "" && !strings.HasSuffix(body, "\n") {
		b.WriteByte('\n')
	}
	return []byte(b.String())
}
