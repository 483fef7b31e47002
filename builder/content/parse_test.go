package content

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"kb/builder/diag"
)

// TestParseDiagnostics checks that every problem points at the right line
// and column of the file, through BOMs, CRLF and both front-matter formats.
func TestParseDiagnostics(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
		ok   bool
	}{
		{
			name: "toml inline tables 20,000 deep",
			src:  "+++\ntitle = \"x\"\na = " + strings.Repeat("{b=", 20000) + strings.Repeat("}", 20000) + "\n+++\nBody\n",
			want: []string{`x.md:3:101: front matter: nested more than 32 levels deep: flatten the structure`},
		},
		{
			name: "toml arrays 100,000 deep",
			src:  "+++\na = " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n+++\n",
			want: []string{`x.md:2:37: front matter: nested more than 32 levels deep: flatten the structure`},
		},
		{
			name: "yaml flow 20,000 deep",
			src:  "---\ntitle: x\na: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n---\n",
			want: []string{`x.md:3:35: front matter: nested more than 32 levels deep: flatten the structure`},
		},
		{
			name: "front matter over 64 KiB",
			src:  "+++\ntitle = \"x\"\ndescription = \"" + strings.Repeat("word ", 14000) + "\"\n+++\nBody\n",
			want: []string{`x.md:3:65525: front matter: front matter is 70029 bytes, more than the limit of 64 KiB: move long text into the body`},
		},
		// Columns count characters as editors do: a Greek letter is two
		// bytes but one column.
		{
			name: "toml syntax error after Greek",
			src:  "+++\ntitle = \"Τίτλος\" x\n+++\nBody\n",
			want: []string{`x.md:2:17: front matter: expected a top-level item to end with a newline, comment, or EOF, but got 'x' instead`},
		},
		{
			name: "toml string never closed after a Greek key",
			src:  "+++\ntitle = \"x\"\n\"τίτλος\" = \"Ανοιχτό\n+++\nBody\n",
			want: []string{`x.md:3:12: front matter: this " is never closed: close the value with " on this line`},
		},
		{
			name: "toml nested too deep after Greek",
			src:  "+++\ntitle = \"x\"\nα = [\"Ωμέγα\", " + strings.Repeat("[", 40) + strings.Repeat("]", 41) + "\n+++\nBody\n",
			want: []string{`x.md:3:46: front matter: nested more than 32 levels deep: flatten the structure`},
		},
		{
			name: "yaml quote never closed after a Greek key",
			src:  "---\ntitle: x\nτίτλος: \"Ανοιχτό\n---\nBody\n",
			want: []string{`x.md:3:9: front matter: this " is never closed: close the value with " on this line`},
		},
		{
			name: "json syntax error after Greek",
			src:  "{\n  \"title\": \"Τίτλος\" x\n}\nBody\n",
			want: []string{`x.md:2:21: front matter: invalid character 'x' after object key:value pair (JSON front matter)`},
		},
		{
			name: "yaml unknown keys; Hugo's own are known",
			src:  "---\ntitle: Hi\nmenu:\n  main: {}\nshow_lastmod: true\ntitel: x\n---\nBody\n",
			want: []string{`x.md:5:1: warning: front matter: unknown keys "show_lastmod", "titel": kept as page params for templates and {{< param >}}, but no template of the site reads them and kb itself does nothing with them (a typo?)`},
			ok:   true,
		},
		{
			name: "yaml list never closed, on the first line",
			src:  "---\ntags: [a, b\n---\nBody\n",
			want: []string{`x.md:2: front matter: did not find expected ',' or ']'`},
		},
		{
			name: "yaml list never closed, after other keys",
			src:  "---\ntitle: Bad\nweight: 3\ntags: [a, b\n---\nBody\n",
			want: []string{`x.md:4: front matter: did not find expected ',' or ']'`},
		},
		{
			name: "json object never closed",
			src:  "{\n  \"title\": \"x\",\n",
			want: []string{`x.md:1:1: front matter: the opening { of the JSON front matter has no closing }`},
		},
		{
			name: "json duplicate key and unknown key",
			src:  "{\n  \"title\": \"x\",\n  \"Title\": \"y\",\n  \"colour\": 1\n}\n",
			want: []string{`x.md:3:3: front matter: "Title" repeats the key on line 2`, `x.md:4:3: warning: front matter: unknown key "colour": kept as a page param for templates and {{< param >}}, but no template of the site reads it and kb itself does nothing with it (a typo?)`},
			ok:   true,
		},
		{
			name: "build with a value hugo does not know",
			src:  "---\ntitle: x\nbuild:\n  render: sometimes\n---\n",
			want: []string{`x.md:3:1: front matter: "build" render = "sometimes": use always or never`},
			ok:   true,
		},
		{
			name: "yaml syntax error with BOM and CRLF",
			src:  "\uFEFF---\r\ntitle: Hi\r\n\r\n  titel: Hi\r\n---\r\nBody\r\n",
			want: []string{`x.md:4: front matter: mapping values are not allowed in this context`},
		},
		{
			name: "yaml unknown key with BOM and CRLF",
			src:  "\uFEFF---\r\ntitle: Hi\r\n\r\ntitel: Hi\r\n---\r\nBody\r\n",
			want: []string{`x.md:4:1: warning: front matter: unknown key "titel": kept as a page param for templates and {{< param >}}, but no template of the site reads it and kb itself does nothing with it (a typo?)`},
			ok:   true,
		},
		{
			name: "yaml lone CR",
			src:  "---\rtitle: Hi\rweight: x\r---\rBody\r",
			want: []string{`x.md:3:1: front matter: "weight" must be a whole number, not the text "x"`},
			ok:   true,
		},
		{
			name: "yaml type errors",
			src:  "---\ntitle: [a]\ndraft: yes\ntags: tag\naliases: [/a/, 2]\ntype: howto\nweight: 2.5\n---\n",
			want: []string{
				`x.md:2:1: front matter: "title" must be text, not a list`,
				`x.md:3:1: front matter: "draft" must be true or false, not the text "yes"`,
				`x.md:4:1: front matter: "tags" must be a list of text, not the text "tag"`,
				`x.md:5:1: front matter: "aliases" must be a list of text, but has the number 2 (put it in quotes)`,
				`x.md:6:1: warning: front matter: "type" is "howto", not a kind of page kb has: read as an article; use faq, policy or article`,
				`x.md:7:1: front matter: "weight" must be a whole number, not the number 2.5`,
			},
			ok: true,
		},
		{
			name: "yaml syntax error",
			src:  "---\ntitle: a\nslug: b\n  bad: c\n---\nBody\n",
			want: []string{`x.md:4: front matter: mapping values are not allowed in this context`},
		},
		{
			name: "yaml syntax error after BOM and CRLF",
			src:  "\uFEFF---\r\ntitle: a\r\nslug: \"b\r\n---\r\nBody\r\n",
			want: []string{`x.md:3:7: front matter: this " is never closed: close the value with " on this line`},
		},
		{
			name: "yaml tab in the indentation",
			src:  "---\ntitle: a\nmenu:\n  main:\n  \tweight: 3\n---\nBody\n",
			want: []string{`x.md:5:3: front matter: a tab cannot indent YAML; use spaces`},
		},
		{
			name: "yaml quote closed on a later line is fine; one never closed is not",
			src:  "---\ntitle: 'It''s\n  long'\ndescription: \"a \\\" b\nslug: x\n---\nBody\n",
			want: []string{`x.md:4:14: front matter: this " is never closed: close the value with " on this line`},
		},
		{
			name: "yaml duplicate key",
			src:  "---\ntitle: a\nTitle: b\n---\n",
			want: []string{`x.md:3:1: front matter: "Title" repeats the key on line 2`},
			ok:   true,
		},
		{
			name: "yaml duplicate key inside a value",
			src:  "---\ntitle: x\nmenu:\n  a: 1\n  a: 2\n---\n",
			want: []string{`x.md:5: front matter: "menu": mapping key "a" already defined at line 4`},
			ok:   true,
		},
		{
			name: "yaml list at top",
			src:  "---\n- a\n---\n",
			want: []string{`x.md:2:1: front matter: expected "key: value" lines`},
		},
		{
			name: "yaml key left empty, children not indented",
			src:  "---\ntitle: a\ntaxonomies:\nfaq: [x]\n\nextra:\norder: 30\n---\nBody\n",
			want: []string{
				`x.md:4:1: front matter: "faq" is not indented under "taxonomies", which is left empty (indent the lines that belong to it)`,
				`x.md:7:1: front matter: "order" is not indented under "extra", which is left empty (indent the lines that belong to it)`,
			},
			ok: true,
		},
		{
			name: "yaml empty known key is absent",
			src:  "---\ntitle: a\ndescription:\nslug: b\n---\nBody\n",
			ok:   true,
		},
		{
			name: "unclosed yaml",
			src:  "---\ntitle: a\n\nBody\n",
			want: []string{`x.md:1:1: front matter: the opening --- has no closing --- line`},
		},
		{
			name: "unclosed toml",
			src:  "+++\ntitle = 'a'\n---\nBody\n",
			want: []string{`x.md:1:1: front matter: the opening +++ has no closing +++ line`},
		},
		{
			name: "toml quote never closed",
			src:  "+++\ntitle = \"Unclosed\nslug = \"x\"\n+++\nBody\n",
			want: []string{`x.md:2:9: front matter: this " is never closed: close the value with " on this line`},
		},
		{
			name: "toml unknown keys and type errors",
			src:  "+++\ntitle = \"Hi\"\n  weight = \"x\"\nparams.a = 1\nsummry = 'a'\n[menu.main]\nweight = 3\n+++\nBody\n",
			want: []string{
				`x.md:3:3: front matter: "weight" must be a whole number, not the text "x"`,
				`x.md:5:1: warning: front matter: unknown key "summry": kept as a page param for templates and {{< param >}}, but no template of the site reads it and kb itself does nothing with it (a typo?)`,
			},
			ok: true,
		},
		{
			name: "toml key in a multi-line string is no key",
			src:  "+++\ndescription = \"\"\"\nmenux = 1\n\"\"\"\nmenux = 2\n+++\n",
			want: []string{`x.md:5:1: warning: front matter: unknown key "menux": kept as a page param for templates and {{< param >}}, but no template of the site reads it and kb itself does nothing with it (a typo?)`},
			ok:   true,
		},
		{
			name: "toml quoted key",
			src:  "+++\n\"title\" = 1\n+++\n",
			want: []string{`x.md:2:1: warning: front matter: "title" is not text; read as "1" (put it in quotes)`},
			ok:   true,
		},
		{
			name: "yaml numbers and booleans as text",
			src:  "---\ntitle: true\ndescription: 2024-01-02\nlinkTitle: 0x1F\n---\n",
			want: []string{
				`x.md:2:1: warning: front matter: "title" is not text; read as "true" (put it in quotes)`,
				`x.md:3:1: warning: front matter: "description" is not text; read as "2024-01-02" (put it in quotes)`,
				`x.md:4:1: warning: front matter: "linkTitle" is not text; read as "0x1F" (put it in quotes)`,
			},
			ok: true,
		},
		{
			name: "toml syntax error with BOM and CRLF",
			src:  "\uFEFF+++\r\ntitle = \"Hi\"\r\nweight = \r\n+++\r\nBody\r\n",
			want: []string{`x.md:3:10: front matter: expected value but found '\n' instead`},
		},
		{
			name: "toml duplicate key",
			src:  "+++\ntitle = \"a\"\n\ntitle = \"b\"\n+++\n",
			want: []string{`x.md:4:2: front matter: Key 'title' has already been defined.`},
		},
		{
			name: "toml time of day is no date",
			src:  "+++\ndate = 10:30:00\n+++\n",
			want: []string{`x.md:2:1: front matter: "date" must be a date like 2006-01-02, not the time of day 10:30:00`},
			ok:   true,
		},
		{
			name: "bad date text",
			src:  "---\nupdated: 05/10/2024\nlastmod: soon\n---\n",
			want: []string{
				`x.md:2:1: front matter: "updated" is "05/10/2024": write a date as 2006-01-02, 2006-01-02 15:04:05 or 2006-01-02T15:04:05Z07:00`,
				`x.md:3:1: front matter: "lastmod" is "soon": write a date as 2006-01-02, 2006-01-02 15:04:05 or 2006-01-02T15:04:05Z07:00`,
			},
			ok: true,
		},
		{
			name: "no front matter",
			src:  "# Title\n\nBody\n",
			ok:   true,
		},
		{
			name: "a thematic break later is not front matter",
			src:  "Intro\n---\ntitle: x\n---\n",
			ok:   true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.List
			_, _, _, _, ok := Parse("x.md", []byte(tt.src), &diags)
			if ok != tt.ok {
				t.Errorf("ok = %t, want %t", ok, tt.ok)
			}
			equalMessages(t, &diags, tt.want)
		})
	}
}

func TestParseValues(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	tests := []struct {
		name         string
		src          string
		want         Meta
		body         string
		bodyLine     int
		untranslated bool
	}{
		{
			name: "yaml all keys",
			src: "---\ntitle: Returns\ndescription: How to return\nlinkTitle: Returns\nweight: \"3\"\ntags: [a, b]\n" +
				"type: policy\ndraft: true\nslug: retours\naliases:\n  - /old/\ntranslationKey: returns\n" +
				"date: 2024-01-02\nupdated: \"2024-02-03 10:20:00\"\neffective: 2024-03-04T05:06:00Z\ntranslatedFrom: \"1234567\"\n---\n\n# Body\n",
			want: Meta{
				Title: "Returns", Description: "How to return", LinkTitle: "Returns", Weight: 3, Tags: []string{"a", "b"},
				Type: "policy", Draft: true, Slug: "retours", Aliases: []string{"/old/"}, TranslationKey: "returns",
				Date: utc(2024, 1, 2, 0, 0), Updated: utc(2024, 2, 3, 10, 20), Effective: utc(2024, 3, 4, 5, 6), TranslatedFrom: "1234567",
				Lines: linesOf(t, map[string]int{"title": 2, "description": 3, "linkTitle": 4, "weight": 5, "tags": 6, "type": 7, "draft": 8,
					"slug": 9, "aliases": 10, "translationKey": 12, "date": 13, "updated": 14, "effective": 15, "translatedFrom": 16}),
			},
			body:     "\n# Body\n",
			bodyLine: 18,
		},
		{
			name: "toml all keys",
			src: "+++\ntitle = 'Returns'\nlinktitle = 'R'\nweight = 3\ntags = ['a']\ndraft = false\nslug = 7\n" +
				"date = 2024-01-02\nlastmod = 2024-02-03T10:20:00\neffective = 2024-03-04T05:06:00Z\ntranslatedFrom = '1234567'\n+++\nBody",
			want: Meta{
				Title: "Returns", LinkTitle: "R", Weight: 3, Tags: []string{"a"}, Slug: "7",
				Date: utc(2024, 1, 2, 0, 0), Updated: utc(2024, 2, 3, 10, 20), Effective: utc(2024, 3, 4, 5, 6), TranslatedFrom: "1234567",
				Lines: linesOf(t, map[string]int{"title": 2, "linkTitle": 3, "weight": 4, "tags": 5, "draft": 6, "slug": 7,
					"date": 8, "lastmod": 9, "updated": 9, "effective": 10, "translatedFrom": 11}),
			},
			body:     "Body",
			bodyLine: 13,
		},
		{
			name:         "hugo stub",
			src:          "---\nslug: faq\nuntranslated: 1\n---\n",
			want:         Meta{Slug: "faq", Lines: linesOf(t, map[string]int{"slug": 2, "untranslated": 3})},
			bodyLine:     5,
			untranslated: true,
		},
		{
			name:         "empty body",
			src:          "\uFEFF+++\r\ntitle = \"x\"\r\n+++\r\n \r\n\t\r\n",
			want:         Meta{Title: "x", Lines: linesOf(t, map[string]int{"title": 2})},
			body:         " \n\t\n",
			bodyLine:     4,
			untranslated: true,
		},
		{
			name:     "no front matter",
			src:      "\uFEFF# Hi\r\n",
			body:     "# Hi\n",
			bodyLine: 1,
		},
		{
			name:         "untranslated false",
			src:          "---\nuntranslated: false\n---\nText\n",
			want:         Meta{Lines: linesOf(t, map[string]int{"untranslated": 2})},
			body:         "Text\n",
			bodyLine:     4,
			untranslated: false,
		},
		{
			name: "json",
			src:  "{\n  \"title\": \"Returns\",\n  \"weight\": 3,\n  \"tags\": [\"a\"],\n  \"publishDate\": \"2024-01-02\",\n  \"url\": \"/old/\"\n}\n# Body\n",
			want: Meta{Title: "Returns", Weight: 3, Tags: []string{"a"}, PublishDate: utc(2024, 1, 2, 0, 0), URL: "/old/",
				Lines: linesOf(t, map[string]int{"title": 2, "weight": 3, "tags": 4, "publishDate": 5, "url": 6})},
			body:     "# Body\n",
			bodyLine: 8,
		},
		{
			name:     "json on one line, the body after it",
			src:      "{\"title\": \"x\", \"build\": {\"render\": \"never\", \"list\": false}} Body",
			want:     Meta{Title: "x", NotRendered: "build render = never", Unlisted: true, Lines: linesOf(t, map[string]int{"title": 1, "build": 1})},
			body:     " Body",
			bodyLine: 1,
		},
		{
			name:     "a shortcode first is no JSON",
			src:      "{{< note >}}\nHi\n{{< /note >}}\n",
			body:     "{{< note >}}\nHi\n{{< /note >}}\n",
			bodyLine: 1,
		},
		{
			name:         "updated wins over lastmod",
			src:          "---\nlastmod: 2020-01-01\nupdated: 2021-01-01\n---\n",
			want:         Meta{Updated: utc(2021, 1, 1, 0, 0), Lines: linesOf(t, map[string]int{"lastmod": 2, "updated": 3})},
			bodyLine:     5,
			untranslated: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.List
			meta, body, bodyLine, untranslated, ok := Parse("x.md", []byte(tt.src), &diags)
			if !ok {
				t.Fatalf("not ok: %v", messages(&diags))
			}
			if errs, _ := diags.Count(); errs > 0 {
				t.Errorf("errors: %v", messages(&diags))
			}
			if got, want := dump(meta), dump(tt.want); got != want {
				t.Errorf("meta:\n%s\nwant:\n%s", got, want)
			}
			if string(body) != tt.body || bodyLine != tt.bodyLine || untranslated != tt.untranslated {
				t.Errorf("body %q at line %d, untranslated %t; want %q at %d, %t", body, bodyLine, untranslated, tt.body, tt.bodyLine, tt.untranslated)
			}
		})
	}
}

// dump prints a Meta with its times in UTC, so that equal instants compare equal.
func dump(m Meta) string {
	for _, t := range []*time.Time{&m.Date, &m.Updated, &m.Effective} {
		*t = t.UTC()
	}
	return strings.ReplaceAll(fmtMeta(m), ", ", ",\n")
}

func TestSlug(t *testing.T) {
	tests := []struct {
		src  string
		slug string
		want []string
	}{
		{"slug: retours", "retours", nil},
		{"slug: приватність", "приватність", nil},
		{"slug: 1", "1", []string{`x.md:2:1: warning: front matter: "slug" is not text; read as "1" (put it in quotes)`}},
		{"slug: 1.50", "1.50", []string{`x.md:2:1: warning: front matter: "slug" is not text; read as "1.50" (put it in quotes)`}},
		// A path is where the old site (Starlight) served the page: an
		// old address (SlugPath), not kb's slug.
		{"slug: a/b", "", nil},
		{"slug: a/../b", "", []string{`x.md:2:1: front matter: "slug" "a/../b" leaves the site (..): use a path of this site like /old-page/`}},
		{`slug: 'a\b'`, "", []string{`x.md:2:1: front matter: "slug" "a\\b" has a slash: a slug is one URL segment (use aliases for old URLs)`}},
		{"slug: ..", "", []string{`x.md:2:1: front matter: "slug" ".." has ".." or is "."`}},
		{"slug: a..b", "", []string{`x.md:2:1: front matter: "slug" "a..b" has ".." or is "."`}},
		{"slug: .", "", []string{`x.md:2:1: front matter: "slug" "." has ".." or is "."`}},
		{`slug: "a\tb"`, "", []string{`x.md:2:1: front matter: "slug" "a\tb" has a control character`}},
		{`slug: " "`, "", []string{`x.md:2:1: front matter: "slug" is empty`}},
		{"slug: [a]", "", []string{`x.md:2:1: front matter: "slug" must be text, not a list`}},
		{`slug: "%2e%2e"`, "", []string{`x.md:2:1: front matter: "slug" "%2e%2e" has ".." or is "."`}},
		{`slug: "%2E"`, "", []string{`x.md:2:1: front matter: "slug" "%2E" has ".." or is "."`}},
		{`slug: "a%2fb"`, "", []string{`x.md:2:1: front matter: "slug" "a%2fb" has a slash: a slug is one URL segment (use aliases for old URLs)`}},
		{`slug: "100%"`, "100%", nil},
	}
	for _, tt := range tests {
		var diags diag.List
		meta, _, _, _, _ := Parse("x.md", []byte("---\n"+tt.src+"\n---\nBody\n"), &diags)
		if meta.Slug != tt.slug {
			t.Errorf("%s: slug %q, want %q", tt.src, meta.Slug, tt.slug)
		}
		equalMessages(t, &diags, tt.want)
	}
}

func TestAliases(t *testing.T) {
	var diags diag.List
	src := "+++\ntitle = \"x\"\naliases = [\"/en/old/\", \"old-name\", \"/etc/x\", \"//evil.example/x\", \"https://evil.example/\", \"javascript:alert(1)\", \"../../outside\", \"/a/%2e%2e/%2e%2e/b\", \"%2f%2fevil.example\", \"/a?b\", \"\\\\evil\"]\n+++\nBody\n"
	meta, _, _, _, _ := Parse("x.md", []byte(src), &diags)
	if got, want := strings.Join(meta.Aliases, " "), "/en/old/ old-name /etc/x"; got != want {
		t.Errorf("aliases %q, want %q", got, want)
	}
	const use = ": use a path of this site like /en/old-page/"
	equalMessages(t, &diags, []string{
		`x.md:3:1: front matter: "aliases" alias "%2f%2fevil.example" points at another host` + use,
		`x.md:3:1: front matter: "aliases" alias "../../outside" leaves the site (..)` + use,
		`x.md:3:1: front matter: "aliases" alias "//evil.example/x" points at another host` + use,
		`x.md:3:1: front matter: "aliases" alias "/a/%2e%2e/%2e%2e/b" leaves the site (..)` + use,
		`x.md:3:1: front matter: "aliases" alias "/a?b" has a query or fragment` + use,
		`x.md:3:1: front matter: "aliases" alias "\\evil" has a backslash` + use,
		`x.md:3:1: front matter: "aliases" alias "https://evil.example/" has a scheme` + use,
		`x.md:3:1: front matter: "aliases" alias "javascript:alert(1)" has a scheme` + use,
	})
}

// TestRedirectTo: Zola's redirect_to keeps a site path or an http(s) URL,
// and refuses what a redirect page must not send a reader to.
func TestRedirectTo(t *testing.T) {
	const use = ": use a path of this site like docs/start, or an https:// URL"
	tests := []struct {
		value, want, diag string
	}{
		{"docs/start", "docs/start", ""},
		{"/docs/start/", "/docs/start/", ""},
		{"https://old.example.org/docs/", "https://old.example.org/docs/", ""},
		{"javascript:alert(1)", "", `x.md:2:1: front matter: "redirect_to" "javascript:alert(1)" has a scheme` + use},
		{"../../outside", "", `x.md:2:1: front matter: "redirect_to" "../../outside" leaves the site (..)` + use},
		{"//evil.example/x", "", `x.md:2:1: front matter: "redirect_to" "//evil.example/x" points at another host` + use},
	}
	for _, tt := range tests {
		var diags diag.List
		meta, _, _, _, _ := Parse("x.md", []byte("+++\nredirect_to = \""+tt.value+"\"\n+++\n"), &diags)
		if meta.RedirectTo != tt.want {
			t.Errorf("%s: RedirectTo %q, want %q", tt.value, meta.RedirectTo, tt.want)
		}
		var want []string
		if tt.diag != "" {
			want = []string{tt.diag}
		}
		equalMessages(t, &diags, want)
	}
}

func fmtMeta(m Meta) string { return fmt.Sprintf("%+v", m) }

// TestDateZone checks that a date keeps its written offset and never takes
// the machine's zone name, so builds match across machines.
func TestDateZone(t *testing.T) {
	for _, src := range []string{
		"---\ndate: 2024-06-02T10:00:00+03:00\n---\n",
		"---\ndate: \"2024-06-02T10:00:00+03:00\"\n---\n",
		"+++\ndate = 2024-06-02T10:00:00+03:00\n+++\n",
	} {
		var diags diag.List
		meta, _, _, _, _ := Parse("x.md", []byte(src), &diags)
		name, offset := meta.Date.Zone()
		if name != "" || offset != 3*3600 || meta.Date.Hour() != 10 {
			t.Errorf("%q: %v (zone %q %d)", src, meta.Date, name, offset)
		}
	}
}

// TestReadBodyAgain: a body read again is the body Parse gave, for a file
// with CRLF line ends and bytes that are not UTF-8 as for a clean one, and
// a file that changed since is told apart.
func TestReadBodyAgain(t *testing.T) {
	files := map[string]string{
		"clean.md":    "+++\ntitle = \"A\"\n+++\nSome *text*.\n",
		"crlf.md":     "\uFEFF+++\r\ntitle = \"B\"\r\n+++\r\nLine one\r\nline \xff two\r",
		"nomatter.md": "Just text, \xc3 broken.\n",
	}
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	for name, src := range files {
		var diags diag.List
		_, body, _, _, ok := Parse(name, []byte(src), &diags)
		if !ok {
			t.Fatalf("%s: %v", name, diags.All())
		}
		got, same, err := ReadBodyAgain(fsys, name, sha256.Sum256(body))
		if err != nil || !same || !bytes.Equal(got, body) {
			t.Errorf("%s: got %q, same %v, %v; want %q", name, got, same, err, body)
		}
		if _, same, _ := ReadBodyAgain(fsys, name, sha256.Sum256(append(body, 'x'))); same {
			t.Errorf("%s: a changed body reads as the same", name)
		}
	}
	if _, _, err := ReadBodyAgain(fsys, "gone.md", [32]byte{}); err == nil {
		t.Error("a missing file reads without error")
	}
}

// linesOf is the Lines of a map of keys to lines.
func linesOf(t *testing.T, m map[string]int) Lines {
	t.Helper()
	var l Lines
	for k, line := range m {
		if !l.set(k, line) {
			t.Fatalf("Lines has no %q", k)
		}
	}
	return l
}

// TestFrontMatterAfterBlankLines: front matter after blank lines is read,
// as Hugo and Zola read it (the Zola docs' themes/serene/index.md starts
// with one, and was a page with no title), with its lines numbered where
// they are in the file; a body that only starts with blank lines is left
// alone.
func TestFrontMatterAfterBlankLines(t *testing.T) {
	for _, tt := range []struct {
		src, title string
		bodyLine   int
		body       string
		diag       string
	}{
		{src: "\n+++\ntitle = \"serene\"\n+++\nText.\n", title: "serene", bodyLine: 5, body: "Text.\n"},
		{src: "\r\n  \n---\ntitle: Twice\n---\nText.\n", title: "Twice", bodyLine: 6, body: "Text.\n"},
		{src: "\n\n{\"title\": \"JSON\"}\nText.\n", title: "JSON", bodyLine: 4, body: "Text.\n"},
		{src: "\n+++\ntitle = 1\n+++\n", diag: `x.md:3:1: warning: front matter: "title" is not text; read as "1" (put it in quotes)`},
		{src: "\nJust text.\n", bodyLine: 1, body: "\nJust text.\n"},
	} {
		var diags diag.List
		meta, body, bodyLine, _, ok := Parse("x.md", []byte(tt.src), &diags)
		if !ok {
			t.Fatalf("%q: %v", tt.src, diags.All())
		}
		if tt.diag != "" {
			equalMessages(t, &diags, []string{tt.diag})
			continue
		}
		equalMessages(t, &diags, nil)
		if meta.Title != tt.title || bodyLine != tt.bodyLine || string(body) != tt.body {
			t.Errorf("%q: title %q, body %q at line %d; want %q, %q at %d", tt.src, meta.Title, body, bodyLine, tt.title, tt.body, tt.bodyLine)
		}
	}
}
