package content

import (
	"bytes"
	"testing"

	"kb/builder/diag"
)

// FuzzParse checks that Parse never panics and that every diagnostic points
// inside the file (line 0 meaning "no line").
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"",
		"---",
		"---\n---\n",
		"+++\n+++",
		"---\ntitle: Hi\nmenu:\n  main: {}\n---\nBody\n",
		"\uFEFF---\r\ntitle: a\r\nslug: \"b\r\n---\r\n",
		"---\rtitle: Hi\rweight: x\r---\rBody\r",
		"---\ntitle: a\ntaxonomies:\nfaq: [x]\n---\n",
		"---\nslug: 1\nuntranslated: 1\ndate: 2024-01-02\n---\n",
		"---\na: &x [*x]\n---\n",
		"+++\ntitle = \"Hi\"\nweight = \"x\"\n[menu.main]\nweight = 3\n+++\nBody\n",
		"+++\ndescription = \"\"\"\nmenu = 1\n\"\"\"\ndate = 10:30:00\n+++\n",
		"+++\r\ntitle = \r\n+++\r\n",
		"{\n\"title\": \"Hi\", \"aliases\": [\"/a/\"], \"draft\": false\n}\nBody\n",
		"{\"title\": \"a\", \"title\": 1, \"weight\": 1e999}\n",
		"{\"x\": [[{\"y\": \"\\ud800\"}]]\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		var diags diag.List
		_, body, bodyLine, _, ok := Parse("x.md", src, &diags)
		text := normalize(src)
		lines := bytes.Count(text, []byte("\n")) + 1
		for _, d := range diags.All() {
			if d.File != "x.md" || d.Line < 0 || d.Line > lines+1 {
				t.Errorf("%v: outside the file's %d lines", d, lines)
			}
		}
		if ok && (!bytes.HasSuffix(text, body) || bodyLine < 1 || bodyLine > lines+1) {
			t.Errorf("body %q at line %d does not end the file (%d lines)", body, bodyLine, lines)
		}
		if ok && len(body) > 0 && bodyLine-1+bytes.Count(body, []byte("\n")) != lines-1 {
			t.Errorf("body at line %d with %d line breaks, file has %d lines", bodyLine, bytes.Count(body, []byte("\n")), lines)
		}
	})
}
