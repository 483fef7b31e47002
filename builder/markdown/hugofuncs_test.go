package markdown

import (
	"strings"
	"testing"
	"testing/fstest"

	"kb/builder/diag"
	"kb/builder/theme"
)

// hugoRenderer is a renderer with tpl as the shortcode template "t" of a
// Hugo site (layouts/_shortcodes/t.html), read as kb reads a Hugo site's.
func hugoRenderer(t *testing.T, tpl string, site SiteInfo, unsafe bool) *Renderer {
	t.Helper()
	th, ds := theme.Load(theme.Layer{FS: fstest.MapFS{"layouts/_shortcodes/t.html": {Data: []byte(tpl)}}, Hugo: true})
	if len(ds) > 0 {
		t.Fatalf("the template does not parse: %v", ds)
	}
	return New(Options{Unsafe: unsafe, Shortcodes: th.Shortcodes(), HugoShortcodes: th.HugoShortcodes(), Site: site})
}

// docsSite is Hugo's documentation's example: baseURL
// https://example.org/docs/.
var docsSite = SiteInfo{BaseURL: "https://example.org/docs/", BasePath: "/docs"}

// Hugo's template functions give the results Hugo's documentation shows
// (https://gohugo.io/functions/), in a site's shortcode template.
func TestHugoFunctions(t *testing.T) {
	tests := []struct {
		name, tpl, want string
	}{
		{"default", `{{ default 42 1 }}|{{ default 42 "foo" }}|{{ default 42 false }}|{{ default 42 0 }}|{{ default 42 "" }}|{{ default 42 dict }}|{{ default 42 slice }}|{{ default 42 nil }}|{{ default "x" (.Get "missing") }}`,
			"1|foo|false|42|42|42|42|42|x"},
		{"dict and slice", `{{ $d := dict "k" "v" "n" 2 }}{{ $d.k }} {{ index $d "n" }} {{ slice "a" "b" }}`, "v 2 [a b]"},
		{"in", `{{ $s := slice "a" "b" "c" }}{{ in $s "b" }} {{ in "abc" "b" }} {{ in $s "z" }} {{ in (slice 1 2) 2 }}`, "true true false true"},
		{"cond", `{{ $qty := 42 }}{{ cond (le $qty 3) "few" "many" }} {{ cond "" "set" "unset" }}`, "many unset"},
		{"delimit", `{{ $s := slice "b" "a" "c" }}{{ delimit $s ", " }}|{{ delimit $s ", " " and " }}|{{ $m := dict "b" 2 "a" 1 "c" 3 }}{{ delimit $m ", " " and " }}`,
			"b, a, c|b, a and c|1, 2 and 3"},
		{"first and last", `{{ slice "a" "b" "c" | first 2 }} {{ "abc" | first 2 }} {{ slice "a" "b" "c" | last 1 }} {{ "abc" | last 2 }}`, "[a b] ab [c] bc"},
		{"replace", `{{ replace "Batman and Robin" "Robin" "Catwoman" }}|{{ replace "aabbaabb" "a" "z" 2 }}`, "Batman and Catwoman|zzbbaabb"},
		{"replaceRE", `{{ replaceRE "(-{2,})" "-" "a-b--c---d" }}|{{ replaceRE "(-{2,})" "-" "a-b--c---d" 1 }}|{{ replaceRE "^https?://([^/]+).*" "$1" "http://gohugo.io/docs" }}`,
			"a-b-c-d|a-b-c---d|gohugo.io"},
		{"strings", `{{ strings.TrimLeft "a" "abba" }}|{{ strings.TrimRight "a" "abba" }}|{{ strings.TrimSpace "  x  " }}|{{ strings.HasPrefix "Hugo" "Hu" }}|{{ hasPrefix "Hugo" "go" }}|{{ hasSuffix "Hugo" "go" }}|{{ strings.TrimPrefix "v" "v0.120.0" }}|{{ strings.Contains "Hugo" "ug" }}|{{ strings.Count "a" "banana" }}|{{ strings.FirstUpper "hugo" }}|{{ strings.Repeat 3 "ab" }}`,
			"bba|abb|x|true|false|true|0.120.0|true|3|Hugo|ababab"},
		{"case", `{{ lower "BAT" }} {{ upper "bat" }} {{ title "table of contents (TOC)" }}`, "bat BAT Table of Contents (TOC)"},
		{"trim and split", `{{ trim "++foo++" "+" }} {{ split "tag1,tag2,tag3" "," }}`, "foo [tag1 tag2 tag3]"},
		{"anchorize and urlize", `{{ "A B C" | anchorize }}|{{ "a b   c" | anchorize }}|{{ "a b   c" | urlize }}|{{ "< a, b, & c >" | anchorize }}|{{ "< a, b, & c >" | urlize }}|{{ "main.go" | anchorize }}|{{ "main.go" | urlize }}|{{ "Hugö" | anchorize }}|{{ "Hugö" | urlize }}`,
			"a-b-c|a-b---c|a-b-c|-a-b--c-|a-b-c|maingo|main.go|hugö|hug%C3%B6"},
		{"relURL", `{{ relURL "" }}|{{ relURL "articles" }}|{{ relURL "/articles" }}|{{ relURL "https://example.org/docs/" }}|{{ relURL "https://example.org/docs" }}|{{ relURL "https://www.example.org/" }}`,
			"/docs/|/docs/articles|/articles|/docs|https://example.org/docs|https://www.example.org/"},
		{"absURL", `{{ absURL "" }}|{{ absURL "articles" }}|{{ absURL "/articles" }}|{{ absURL "https://www.example.org/" }}`,
			"https://example.org/docs/|https://example.org/docs/articles|https://example.org/articles|https://www.example.org/"},
		{"int and string", `{{ int "42" }} {{ add (int "4") 1 }} {{ int 3.9 }} {{ string 7 }}`, "42 5 3 7"},
		{"jsonify", `{{ dict "a" "<b>" "n" 1 | jsonify }}`, `{"a":"\u003cb\u003e","n":1}`},
		{"urls.Parse", `{{ (urls.Parse "https://example.org/a?b=c").Host }}`, "example.org"},
		{"newScratch", `{{ $s := newScratch }}{{ $s.Set "a" 1 }}{{ $s.Add "a" 2 }}{{ $s.Get "a" }} {{ $s.SetInMap "m" "b" "B" }}{{ $s.SetInMap "m" "a" "A" }}{{ $s.GetSortedMapValues "m" }}`, "3 [A B]"},
		{"try", `{{ with try (slice 1) }}{{ .Value }}{{ with .Err }} failed{{ end }}{{ end }}`, "[1]"},
		{"the collections namespace", `{{ collections.IsSet (dict "a" 1) "a" }} {{ collections.Where (slice (dict "k" 1) (dict "k" 2)) "k" 2 }} {{ collections.Union (slice 1) (slice 2) }} {{ collections.In (slice 1 2) 2 }} {{ collections.Delimit (collections.Slice "a" "b") "," }}`, "true [map[k:2]] [1 2] true a,b"},
		{"Hugo's add", `{{ add (sub 3 1) 1 }} {{ add 1.5 1 }} {{ add "a" "b" }}`, "3 2.5 ab"},
		{"union and intersect", `{{ union (slice 1 2 2) (slice 3 2) }} {{ intersect (slice 1 2 3) (slice 3 2 4) }} {{ union nil (slice "a") }}`, "[1 2 3] [2 3] [a]"},
		{"DeleteInMap", `{{ $s := newScratch }}{{ $s.SetInMap "m" "b" "B" }}{{ $s.SetInMap "m" "a" "A" }}{{ $s.DeleteInMap "m" "a" }}{{ $s.DeleteInMap "none" "a" }}{{ $s.GetSortedMapValues "m" }}`, "[B]"},
		{"printf", `{{ printf "%s-%d" "x" 2 }}`, "x-2"},
		{"append", `{{ $s := slice "a" "b" }}{{ $s | append "c" "d" }} {{ $s | append (slice "c") }}`, "[a b c d] [a b c]"},
		{"seq", `{{ seq 3 }} {{ seq 1 2 4 }} {{ seq -3 }} {{ seq 1 4 }} {{ seq 1 -2 }} {{ seq 0 }} {{ range seq 2 }}{{ . }}{{ end }} {{ seq "2" }} {{ collections.Seq 2 }}`,
			"[1 2 3] [1 3] [-1 -2 -3] [1 2 3 4] [1 0 -1 -2] [] 12 [1 2] [1 2]"},
		{"range over a number", `{{ range 3 }}{{ . }}{{ end }} {{ range $i, $e := slice "a" "b" }}{{ $i }}{{ $e }}{{ end }} {{ range int "2" }}x{{ end }} {{ range seq 10000 | last 1 }}{{ . }}{{ end }}`,
			"012 0a1b xx 10000"},
		{"math", `{{ add 1 2 }} {{ sub 3 1 }} {{ mul 2 3 }} {{ div 7 2 }} {{ div 7 2. }} {{ mod 7 4 }} {{ math.Ceil 2.1 }} {{ math.Floor 2.9 }} {{ math.Round 2.5 }} {{ math.Max 1 5 }}`,
			"3 2 6 3 3.5 3 3 2 3 5"},
		{"plainify", `{{ "<p>Hello, <b>world</b>!</p>" | plainify }}`, "Hello, world!"},
		{"urls.JoinPath", `{{ urls.JoinPath }}|{{ urls.JoinPath "" }}|{{ urls.JoinPath "a" }}|{{ urls.JoinPath "a" "b" }}|{{ urls.JoinPath "/a" "b" }}|{{ urls.JoinPath "https://example.org" "b" }}|{{ urls.JoinPath (slice "a" "b") }}`,
			"|/|a|a/b|/a/b|https://example.org/b|a/b"},
		{"after", `{{ after 2 (slice "a" "b" "c" "d") }} {{ after 5 (slice "a") }} {{ slice "a" "b" "c" | after 1 | first 1 }}`, "[c d] [] [b]"},
		{"where", `{{ $s := slice (dict "n" "a" "p" 1) (dict "n" "b" "p" 2) (dict "n" "c" "p" 3 "x" true) }}{{ range where $s "p" ">" 1 }}{{ .n }}{{ end }}|{{ range where $s "p" 2 }}{{ .n }}{{ end }}|{{ range where $s "p" "!=" 2 }}{{ .n }}{{ end }}|{{ range where $s "n" "in" (slice "a" "c") }}{{ .n }}{{ end }}|{{ range where $s "n" "not in" (slice "a" "c") }}{{ .n }}{{ end }}|{{ range where $s "n" "like" "^[bc]" }}{{ .n }}{{ end }}|{{ range where $s "x" nil }}{{ .n }}{{ end }}|{{ range where $s "x" "ne" nil }}{{ .n }}{{ end }}|{{ range where $s "p" "le" 2 }}{{ .n }}{{ end }}|{{ range where $s "p" "eq" "2" }}{{ .n }}{{ end }}|{{ range where $s "p" "<" 2.5 }}{{ .n }}{{ end }}`,
			"bc|b|ac|ac|b|bc|ab|c|ab||ab"},
		{"where: Hugo's boolean and undefined comparison", `{{ $p := slice (dict "t" 1 "exclude" false) (dict "t" 2 "exclude" true) (dict "t" 3) }}{{ range where $p "exclude" "eq" false }}{{ .t }}{{ end }}|{{ range where $p "exclude" "eq" true }}{{ .t }}{{ end }}|{{ range where $p "exclude" "ne" false }}{{ .t }}{{ end }}|{{ range where $p "exclude" "ne" true }}{{ .t }}{{ end }}`,
			"1|2|23|13"},
		{"where: intersect and nested keys", `{{ $b := slice (dict "t" "x" "Params" (dict "genres" (slice "suspense" "comedy"))) (dict "t" "y" "Params" (dict "genres" (slice "romance"))) (dict "t" "z" "Params" (dict "genres" (slice "horror"))) }}{{ range where $b "Params.genres" "intersect" (slice "suspense" "romance") }}{{ .t }}{{ end }}|{{ range where $b ".Params.genres" "in" (slice "horror") }}{{ .t }}{{ end }}`,
			"xy|"},
		{"sort", `{{ sort (slice "b" "a" "c") }} {{ sort (slice "b" "a" "c") "value" "asc" }} {{ sort (slice "b" "a" "c") "value" "desc" }} {{ sort (slice 3 1 2.5) }}`,
			"[a b c] [a b c] [c b a] [1 2.5 3]"},
		{"sort a map", `{{ $a := dict "a" (dict "firstName" "Marius") "b" (dict "firstName" "Victor") "c" (dict "firstName" "Jean") }}{{ range sort $a "firstname" }}{{ .firstName }},{{ end }}|{{ range sort $a "firstname" "desc" }}{{ .firstName }},{{ end }}`,
			"Jean,Marius,Victor,|Victor,Marius,Jean,"},
		{"apply", `{{ $s := slice "hello" "world" }}{{ $s = apply $s "strings.FirstUpper" "." }}{{ $s }} {{ apply $s "strings.Replace" "." "l" "_" }} {{ apply (slice " a " "b ") "trim" "." " " }} {{ apply (slice "1.5" "2") "float" "." }} {{ index (apply (slice "*a*") "markdownify" ".") 0 }}`,
			"[Hello World] [He__o Wor_d] [a b] [1.5 2] <em>a</em>"},
		{".Scratch and .Store", `{{ .Scratch.Set "a" 1 }}{{ .Scratch.Add "a" 2 }}{{ .Store.Get "a" }} {{ $.Scratch.SetInMap "m" "k" "v" }}{{ .Scratch.GetSortedMapValues "m" }}`, "3 [v]"},
		{".Page.RenderString", `{{ "*a* [b](https://example.org/)" | .Page.RenderString }}|{{ .Page.RenderString (dict "display" "block") "*c*" }}`,
			"<em>a</em> <a href=\"https://example.org/\">b</a>|<p><em>c</em></p>"},
		{"humanize and path", `{{ humanize "my-first-post" }}|{{ humanize "buildStats" }}|{{ humanize "HTTPCache" }}|{{ humanize 52 }}|{{ humanize "103" }}|{{ humanize 11 }}|{{ path.BaseName "a/b/c.md" }} {{ path.Base "a/b/c.md" }} {{ path.Dir "a/b/c.md" }} {{ path.Ext "a/b/c.md" }} {{ path.Join "a" (slice "b" "c") }} {{ path.Clean "a//b/../c" }}`,
			"My first post|Build stats|Http cache|52nd|103rd|11th|c c.md a/b .md a/b/c a/c"},
		{"substr", `{{ substr "abcdef" 0 }} {{ substr "abcdef" 1 }} {{ substr "abcdef" 0 1 }} {{ substr "abcdef" 1 1 }} {{ substr "abcdef" 0 -1 }} {{ substr "abcdef" 1 -1 }} {{ substr "abcdef" -1 }} {{ substr "abcdef" -2 }} {{ substr "abcdef" -1 1 }} {{ substr "abcdef" -2 1 }} {{ substr "abcdef" -3 -1 }} {{ substr "abcdef" -3 -2 }} {{ substr "ağaç" 1 2 }}`,
			"abcdef bcdef a b abcde bcde f ef f e de d ğa"},
		{"merge", `{{ $m1 := dict "x" "foo" }}{{ $m2 := dict "x" "bar" "y" "wibble" }}{{ $m3 := dict "x" "baz" "y" "wobble" "z" (dict "a" "huey") }}{{ with merge $m1 $m2 $m3 }}{{ .x }} {{ .y }} {{ .z.a }}{{ end }}|{{ with merge $m3 $m2 $m1 }}{{ .x }} {{ .y }} {{ .z.a }}{{ end }}|{{ with merge $m2 $m3 $m1 }}{{ .x }} {{ .y }} {{ .z.a }}{{ end }}|{{ with merge $m1 $m3 $m2 }}{{ .x }} {{ .y }} {{ .z.a }}{{ end }}|{{ with merge (dict "X" 1 "n" (dict "a" 1)) (dict "x" 2 "n" (dict "b" 2)) }}{{ len . }} {{ .x }} {{ .n.a }}{{ .n.b }}{{ end }}|{{ $m1.x }}`,
			"baz wobble huey|foo wibble huey|foo wobble huey|bar wibble huey|2 2 12|foo"},
		{"reflect", `{{ reflect.IsMap (dict "a" 1) }} {{ reflect.IsMap "a" }} {{ reflect.IsSlice (slice 1 2) }} {{ reflect.IsSlice (dict) }}`, "true false true false"},
		{"Hugo's comparisons", `{{ eq 1 1.0 }} {{ eq 2 1 2 }} {{ ne "a" "b" }} {{ lt 1 1.5 }} {{ gt 2.5 2 }} {{ le 3 3.0 }} {{ ge "b" "a" }} {{ lt "9" "10" }} {{ eq nil nil }} {{ eq (slice 1) (slice 1) }}`,
			"true true true true true true true true true true"},
		{"hugo.Version compares as a version", `{{ hugo.Version }} {{ ge hugo.Version "0.146.0" }} {{ ge hugo.Version "0.60.0" }} {{ lt hugo.Version "0.156.1" }} {{ eq hugo.Version "v0.156" }} {{ gt hugo.Version "0.1000.0" }} {{ index (split hugo.Version ".") 1 }}`,
			"0.156.0 true true true true false 156"},
		{"index with a slice of keys", `{{ $m := dict "a" (dict "b" (dict "c" "deep")) }}{{ index $m (slice "a" "b" "c") }} {{ index $m "a" "b" "c" }} {{ index $m (split "a.b" ".") | len }} {{ index $m "none" }} {{ index (slice 5 6) 1 }}`,
			"deep deep 1  6"},
		{"dict with a slice of keys", `{{ $d := dict (slice "a" "b") 1 "c" 2 }}{{ $d.a.b }} {{ $d.c }}`, "1 2"},
		{"templates", `{{ templates.Current.Name }} {{ templates.Exists "_shortcodes/t.html" }} {{ templates.Exists "partials/none.html" }}`, "_shortcodes/t.html true false"},
		{"transform.Remarshal", `{{ $m := dict "a" "Hugo rocks!" "b" (dict "question" "What is 6x7?" "answer" 42) "c" (slice "foo" "bar") }}{{ transform.Remarshal "yaml" $m }}`,
			"a: Hugo rocks!\nb:\n  answer: 42\n  question: What is 6x7?\nc:\n- foo\n- bar"},
		{"transform.Remarshal of a text", "{{ $s := `\n  baseURL = 'https://example.org/'\n  locale = 'en-US'\n  title = 'ABC Widgets'\n` }}{{ transform.Remarshal \"json\" $s }}|{{ transform.Remarshal \"toml\" `{\"a\": 1, \"b\": {\"c\": [1.5, \"x\"]}}` }}|{{ transform.Remarshal \"yaml\" \"list:\\n  - a: 1\\n    b: |\\n      - not a list\\n      - nor this\\n\" }}",
			"{\n   &#34;baseURL&#34;: &#34;https://example.org/&#34;,\n   &#34;locale&#34;: &#34;en-US&#34;,\n   &#34;title&#34;: &#34;ABC Widgets&#34;\n}\n|a = 1\n\n[b]\n  c = [1.5, &#34;x&#34;]\n|list:\n- a: 1\n  b: |-\n    - not a list\n    - nor this"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := hugoRenderer(t, tt.tpl, docsSite, false).Render(Document{Source: []byte("{{< t >}}\n"), File: "content/en/x.md", Line: 1})
			if want := "<p>" + tt.want + "</p>"; !strings.Contains(string(res.HTML), want) {
				t.Errorf("got\n%s\nwant %s", res.HTML, want)
			}
			if len(res.Diagnostics) > 0 {
				t.Errorf("diagnostics: %v", res.Diagnostics)
			}
		})
	}
}

// ref and relref take the shortcode's context or its page first, as in Hugo, and
// check the page as .Ref does: a missing one is a broken link.
func TestHugoRefFunctions(t *testing.T) {
	r := hugoRenderer(t, `<a href="{{ relref . (.Get 0) }}">{{ .Get 0 }}</a>{{ with ref .Page (.Get 0) }}<a class="page" href="{{ . }}"></a>{{ end }}`, docsSite, false)
	res := r.Render(Document{Source: []byte("{{< t \"faq/returns\" >}} and {{< t \"gone\" >}}\n"), File: "content/en/x.md", Line: 1,
		ResolveRef: func(ref, lang string) (string, bool) {
			if ref == "faq/returns" {
				return "/docs/en/faq/returns/", true
			}
			return "", false
		}})
	if !strings.Contains(string(res.HTML), `<a href="/docs/en/faq/returns/">faq/returns</a><a class="page" href="/docs/en/faq/returns/"></a>`) {
		t.Errorf("relref gave\n%s", res.HTML)
	}
	var broken []string
	for _, l := range res.Links {
		if l.Broken {
			broken = append(broken, l.Dest)
		}
	}
	if strings.Join(broken, ",") != "gone,gone" { // relref's and ref's
		t.Errorf("broken links %v, want [gone gone]", broken)
	}
}

// A template's warnf is a warning at the shortcode's line; its errorf, or
// a function past its bounds, makes the template fail there, the inner
// text kept, as any template written for Hugo that fails on a page.
func TestHugoFunctionsReportAtTheShortcode(t *testing.T) {
	tests := []struct{ name, tpl, output, warning string }{
		{"warnf", `{{ warnf "%q is deprecated" .Name }}ok`, "<p>ok</p>", `content/en/x.md:3:1: warning: shortcode "t": "t" is deprecated`},
		{"errorf", `{{ errorf "%s needs a title" .Name }}`, "<p>Inner text.</p>", "t needs a title"},
		{"repeat past its bound", `{{ strings.Repeat 100000000 "ab" }}`, "<p>Inner text.</p>", "longer than 1048576 bytes"},
		{"a writer's count past int's bound", `{{ range int "100000000000" }}x{{ end }}`, "<p>Inner text.</p>", "more than int takes"},
		{"a writer's count past range's bound", `{{ range int "1000000" }}{{ end }}`, "<p>Inner text.</p>", "range over 1000000: more than 10000 steps"},
		{"nested ranges past range's bound", `{{ range 100 }}{{ range int "100000" }}{{ end }}{{ end }}`, "<p>Inner text.</p>", "range over 100000: more than 10000 steps"},
		{"seq past its bound", `{{ range seq 1 1000000000 }}x{{ end }}`, "<p>Inner text.</p>", "error calling seq: 1000000000 numbers: more than 10000"},
		{"seq of a huge step count", `{{ seq -1000000000000 1000000000000 }}`, "<p>Inner text.</p>", "more than 10000"},
		{"append doubling past its bound", `{{ $s := slice 1 }}{{ range 40 }}{{ $s = $s | append $s }}{{ end }}{{ len $s }}`, "<p>Inner text.</p>", "error calling append: a list of more than 100000 elements"},
		{"output past its bound", `{{ range 1000 }}{{ range 1000 }}{{ strings.Repeat 100 "x" }}{{ end }}{{ end }}`, "<p>Inner text.</p>", "writes more than 16 MiB"},
		{"long regular expression", `{{ replaceRE (strings.Repeat 1001 "a") "" "a" }}`, "<p>Inner text.</p>", "at most 1000 bytes"},
		{"where with an operator Hugo lacks", `{{ where (slice 1 2) "value" "~" 1 }}`, "<p>Inner text.</p>", `where: operator "~" is none of`},
		{"long like pattern", `{{ where (slice (dict "a" "x")) "a" "like" (strings.Repeat 1001 "a") }}`, "<p>Inner text.</p>", "at most 1000 bytes"},
		{"apply of a function kb lacks", `{{ apply (slice 1) "resources.ExecuteAsTemplate" "." }}`, "<p>Inner text.</p>", `apply: no function "resources.ExecuteAsTemplate"`},
		{"resources.GetRemote", `{{ with try (resources.GetRemote "https://example.org/x.png") }}{{ .Value }}{{ end }}`, "<p>Inner text.</p>", "kb reads nothing from the network"},
		{"return outside a partial", `{{ return 1 }}`, "<p>Inner text.</p>", "return ends partials"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := hugoRenderer(t, tt.tpl, docsSite, false).Render(Document{Source: []byte("Intro.\n\n{{< t >}}Inner text.{{< /t >}}\n"), File: "content/en/x.md", Line: 1})
			if !strings.Contains(string(res.HTML), tt.output) {
				t.Errorf("got\n%s\nwant %s", res.HTML, tt.output)
			}
			if !hasDiag(res.Diagnostics, tt.warning) {
				t.Errorf("diagnostics %v, want one with %q", res.Diagnostics, tt.warning)
			}
		})
	}
}

func hasDiag(ds []diag.Diagnostic, s string) bool {
	for _, d := range ds {
		if strings.Contains(d.Error(), s) {
			return true
		}
	}
	return false
}

// The safe* functions of a site's template never lift a writer's
// argument past the raw-HTML rules: safeHTML runs it through the
// allowlist (kb's own HTML, .Inner, stays as it is), safeURL, safeCSS and
// safeHTMLAttr keep only what can run no script, else html/template
// escapes the text or replaces it by ZgotmplZ. Raw HTML off and on.
func TestHugoSafeFunctionsKeepWritersEscaped(t *testing.T) {
	tests := []struct {
		name, tpl, src string
		want, absent   []string
	}{
		{"safeHTML argument", `<div class="t">{{ .Get "x" | safeHTML }}</div>`,
			`{{< t x="<b>bold</b><img src=x onerror=alert(1)><script>alert(1)</script>" >}}`,
			[]string{"<b>bold</b>"}, []string{"onerror", "<script"}},
		{"safeHTML of inner", `<div class="t">{{ .Inner | safeHTML }}</div>`,
			"{{< t >}}**bold** <img src=x onerror=alert(1)>{{< /t >}}",
			[]string{"<strong>bold</strong>"}, []string{"onerror"}},
		{"safeHTML in an attribute", `<div title="{{ .Get "x" | safeHTML }}">x</div>`,
			`{{< t x="\"><script>alert(1)</script>" >}}`,
			nil, []string{"<script"}},
		{"safeURL", `<a href="{{ .Get "u" | safeURL }}">a</a> <a href="{{ .Get "t" | safeURL }}">t</a>`,
			`{{< t u="javascript:alert(1)" t="tel:+301234" >}}`,
			[]string{`href="#ZgotmplZ"`, `href="tel:&#43;301234"`}, []string{"javascript"}},
		{"safeCSS", `<p style="{{ .Get "s" | safeCSS }}">a</p><p style="{{ .Get "bad" | safeCSS }}">b</p>`,
			`{{< t s="color: red; max-width: 40rem" bad="background: url(https://evil.example/x)" >}}`,
			[]string{`style="color: red; max-width: 40rem"`, `style="ZgotmplZ"`}, []string{"evil.example"}},
		{"safeHTMLAttr", `<a {{ printf "href=%q" (.Get "u") | safeHTMLAttr }}>a</a><a {{ .Get "on" | safeHTMLAttr }}>b</a><a {{ printf "href=%q" (.Get "ok") | safeHTMLAttr }}>c</a>`,
			`{{< t u="javascript:alert(1)" on="onclick=alert(1)" ok="https://example.org/?a=1&b=2" >}}`,
			[]string{`href="https://example.org/?a=1&amp;b=2"`, "ZgotmplZ"}, []string{"javascript", "onclick"}},
		{"safeHTML applied", `<div class="t">{{ index (apply (slice (.Get "x")) "safeHTML" ".") 0 }}</div>`,
			`{{< t x="<b>bold</b><img src=x onerror=alert(1)><script>alert(1)</script>" >}}`,
			[]string{"<b>bold</b>"}, []string{"onerror", "<script"}},
		{"RenderString of an argument", `<div class="t">{{ .Get "x" | .Page.RenderString }}</div>`,
			`{{< t x="<b>bold</b><img src=x onerror=alert(1)><script>alert(1)</script>" >}}`,
			nil, []string{"onerror", "<script"}},
		{"RenderString of inner content", `<div class="t">{{ printf "*New* %s" (strings.TrimSpace .Inner) | .Page.RenderString (dict "display" "block") }}</div>`,
			"{{< t >}}**bold** <img src=x onerror=alert(1)>{{< /t >}}",
			[]string{"<em>New</em> <strong>bold</strong>"}, []string{"onerror"}},
		{"sort of a writer's arguments", `<div class="t">{{ range sort (slice (.Get "x") "b") "value" "desc" }}{{ . }}{{ end }}</div>`,
			`{{< t x="<script>alert(1)</script>" >}}`,
			[]string{"&lt;script&gt;"}, []string{"<script"}},
	}
	for _, unsafe := range []bool{false, true} {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				out := string(rendersNoScript(t, hugoRenderer(t, tt.tpl, docsSite, unsafe), "Intro.\n\n"+tt.src+"\n\nAfter.\n", "content/en/x.md"))
				for _, w := range tt.want {
					if !strings.Contains(out, w) {
						t.Errorf("unsafe=%v: no %s in\n%s", unsafe, w, out)
					}
				}
				for _, a := range tt.absent {
					if strings.Contains(out, a) {
						t.Errorf("unsafe=%v: %s in\n%s", unsafe, a, out)
					}
				}
			})
		}
	}
}
