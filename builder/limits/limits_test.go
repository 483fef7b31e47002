package limits

import (
	"strings"
	"testing"
)

func TestTOML(t *testing.T) {
	deep := func(n int) string { return "a = " + strings.Repeat("{b = ", n) + "1" + strings.Repeat("}", n) + "\n" }
	arrays := func(n int) string { return "a = " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n" }
	for _, tt := range []struct {
		name      string
		src       string
		line, col int // 0: accepted
	}{
		{"site.toml", "title = \"x\"\n[languages.en]\nweight = 1\n[languages.ar]\ndir = \"rtl\"\n[search]\ncors = [\"https://a.example\"]\n", 0, 0},
		{"inline tables at the limit", deep(Depth), 0, 0},
		{"inline tables over the limit", deep(Depth + 1), 1, 5 + 5*Depth},
		{"20,000 inline tables", deep(20000), 1, 5 + 5*Depth},
		{"arrays over the limit", arrays(Depth + 1), 1, 5 + Depth},
		{"dotted key", strings.Repeat("a.", Depth) + "b = 1\n", 1, 2 * Depth},
		{"header", "[" + strings.Repeat("a.", Depth) + "b]\n", 1, 1 + 2*Depth},
		{"header then dotted key", "[" + strings.Repeat("a.", 20) + "b]\n" + strings.Repeat("c.", 20) + "d = 1\n", 2, 2 * (Depth - 21)},
		{"brackets in strings", "a = \"" + strings.Repeat("{[", 100) + "\"\nb = '" + strings.Repeat("[", 100) + "'\nc = \"\"\"\n" + strings.Repeat("{", 100) + "\n\"\"\"\nd = '''" + strings.Repeat("[", 100) + "'''\n", 0, 0},
		{"escaped quote", "a = \"\\\"" + strings.Repeat("[", 100) + "\"\n", 0, 0},
		{"brackets in comments", "# " + strings.Repeat("[{", 100) + "\na = 1 # " + strings.Repeat("{", 100) + "\n", 0, 0},
		{"dots in values and strings", "a = 1.5\nb = \"x.y.z\"\n\"c.d.e\" = 2\nf = 1979-05-27T07:32:00.5Z\n" + "g = \"" + strings.Repeat(".", 100) + "\"\n", 0, 0},
		{"array of tables", "[[items]]\nname = \"a\"\n[[items]]\nname = \"b\"\n", 0, 0},
		{"second line", "x = 1\ny = " + strings.Repeat("[", Depth+1), 2, 5 + Depth},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := TOML([]byte(tt.src))
			switch {
			case tt.line == 0 && err != nil:
				t.Fatalf("want no error, got %v", err)
			case tt.line != 0 && err == nil:
				t.Fatal("want an error, got none")
			case tt.line != 0 && (err.Line != tt.line || err.Col != tt.col):
				t.Fatalf("got %v, want %d:%d", err, tt.line, tt.col)
			}
		})
	}
}

func TestYAML(t *testing.T) {
	indented := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat(" ", i) + "a:\n")
		}
		return b.String()
	}
	for _, tt := range []struct {
		name      string
		src       string
		line, col int
	}{
		{"front matter", "title: Returns\ntags: [a, b]\naliases:\n  - /old/\n  - /older/\nparams:\n  x: {y: 1}\n", 0, 0},
		{"indentation at the limit", indented(Depth), 0, 0},
		{"indentation over the limit", indented(Depth + 1), Depth + 1, Depth + 1},
		{"dashes", strings.Repeat("- ", Depth+1) + "x\n", 1, 2*Depth + 1},
		{"flow", "a: " + strings.Repeat("[", 20000) + "\n", 1, 4 + Depth - 1},
		{"flow mappings", "a: " + strings.Repeat("{b: ", 100) + "\n", 1, 4 + 4*(Depth-1)},
		{"quoted brackets", "a: \"" + strings.Repeat("[", 100) + "\"\nb: '" + strings.Repeat("{", 100) + "'\n", 0, 0},
		{"comment", "# " + strings.Repeat("[", 100) + "\na: 1 # " + strings.Repeat("{", 100) + "\n", 0, 0},
		{"block scalar", "a: |\n  " + strings.ReplaceAll(indented(Depth+5), "\n", "\n  ") + "b: >-\n" + strings.Repeat("  [\n", 50) + "c: 1\n", 0, 0},
		{"apostrophe in plain text", "title: Don't [panic\nb: 1\n", 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := YAML([]byte(tt.src))
			switch {
			case tt.line == 0 && err != nil:
				t.Fatalf("want no error, got %v", err)
			case tt.line != 0 && err == nil:
				t.Fatal("want an error, got none")
			case tt.line != 0 && (err.Line != tt.line || err.Col != tt.col):
				t.Fatalf("got %v, want %d:%d", err, tt.line, tt.col)
			}
		})
	}
}

func TestSize(t *testing.T) {
	text := []byte(strings.Repeat("a = 1\n", 20000))
	if err := Size(text, len(text), "front matter"); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	err := Size(text, FrontMatterBytes, "front matter")
	if err == nil || err.Line != FrontMatterBytes/6+1 || !strings.Contains(err.Msg, "limit of 64 KiB") {
		t.Fatalf("got %v", err)
	}
}

// FuzzLimits checks that the scans never panic and that every error points
// inside the text.
func FuzzLimits(f *testing.F) {
	f.Add("a = {b = [1, {c = 2}]}\n[x.y]\n\"q.r\" = '''\n[[\n'''\n")
	f.Add("a:\n  - b: [1, {c: 2}]\n  - |\n    [[[\n")
	f.Add(strings.Repeat("{", 40) + strings.Repeat("- ", 40))
	f.Fuzz(func(t *testing.T, s string) {
		text := []byte(s)
		lines := strings.Count(s, "\n") + 1
		for _, err := range []*Error{TOML(text), YAML(text), Size(text, 8, "x")} {
			if err == nil {
				continue
			}
			if err.Line < 1 || err.Line > lines || err.Col < 1 {
				t.Fatalf("%v outside the %d lines of %q", err, lines, s)
			}
		}
	})
}
