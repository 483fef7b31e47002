package markdown

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"kb/builder/theme"
	"kb/themes"
)

var (
	spacesLine = regexp.MustCompile(`(?m)^ +(\r?)$`)
	innerRun   = regexp.MustCompile(`(\S)  +(\S)`)
)

// TestMDXSource checks what an MDX page looks like to the Markdown parser:
// module lines and comments blanked, Starlight's Aside as a ::: callout,
// children dedented, and always as many lines as the writer wrote.
func TestMDXSource(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"imports",
			"import { Aside } from '@astrojs/starlight/components';\nimport Preview from '~/p.astro';\n\nText.\n",
			"\n\n\nText.\n"},
		{"multi-line import",
			"import {\n\tTabs,\n\tTabItem,\n} from '@astrojs/starlight/components';\n\nText.\n",
			"\n\n\n\n\nText.\n"},
		{"export blocks",
			"export const components = {\n  a: 1,\n};\n\nexport default function Layout() {}\n\n# Title\n",
			"\n\n\n\n\n\n# Title\n"},
		{"exports inside a component",
			"<Preview>\n\nexport const code = `x`\nexport const name = 'a.js';\n\nText.\n</Preview>\n",
			"<Preview>\n\n\n\n\nText.\n</Preview>\n"},
		{"import in code kept",
			"```js\nimport { defineConfig } from 'astro/config';\n```\n",
			"```js\nimport { defineConfig } from 'astro/config';\n```\n"},
		{"import in a paragraph kept",
			"We\nimport goods.\n",
			"We\nimport goods.\n"},
		{"comments",
			"A {/* note to translators */} b.\n{/*\n  several\n  lines\n*/}\nC.\n",
			"A b.\n\n\n\n\nC.\n"},
		{"comment in a code span kept",
			"Write `{/* x */}` for comments.\n",
			"Write `{/* x */}` for comments.\n"},
		{"aside",
			"<Aside type=\"tip\" title=\"See it\">\nTry it.\n</Aside>\n",
			":::tip[See it]\nTry it.\n:::\n"},
		{"aside without type",
			"  <Aside>\n  Kept.\n  </Aside>\n",
			":::note\nKept.\n:::\n"},
		{"aside title in braces",
			"<Aside type=\"caution\" title={\"Mind [this]\"}>\nx\n</Aside>\n",
			":::caution[Mind [this\\]]\nx\n:::\n"},
		{"aside on one line",
			"Text.\n\n<Aside type=\"danger\">Do not share your **password**.</Aside>\n\nMore.\n",
			"Text.\n:::danger\nDo not share your **password**.\n:::\nMore.\n"},
		{"aside closed in a paragraph left as a component",
			"<Aside>\nText.</Aside>\n",
			"<Aside>\nText.</Aside>\n"},
		{"aside in an aside, and in code",
			"<Aside type=\"tip\">\n```mdx\n</Aside>\n```\n<Aside>\nx\n</Aside>\n</Aside>\n",
			":::tip\n```mdx\n</Aside>\n```\n:::note\nx\n:::\n:::\n"},
		{"children dedented",
			"<Tabs>\n  <TabItem label=\"npm\">\n\n    ```sh\n    npm i\n      indented\n    ```\n\n    - a\n      - b\n  </TabItem>\n</Tabs>\n",
			"<Tabs>\n<TabItem label=\"npm\">\n\n```sh\nnpm i\n  indented\n```\n\n- a\n  - b\n</TabItem>\n</Tabs>\n"},
		{"a paragraph indented as code in a component",
			"<Testimonial>\n    Starlight is great.\n\nWe love it.\n\n1. item\n\n    ```js\n    x\n    ```\n\n        continued item\n</Testimonial>\n",
			"<Testimonial>\nStarlight is great.\n\nWe love it.\n\n1. item\n\n    ```js\n    x\n    ```\n\n   continued item\n</Testimonial>\n"},
		{"attributes across lines",
			"<LinkCard\n  title=\"Docs\"\n  href=\"/docs/\"\n/>\n\n    code\n",
			"<LinkCard\n  title=\"Docs\"\n  href=\"/docs/\"\n/>\n\n    code\n"},
		{"CRLF",
			"import X from 'x';\r\n\r\n<Aside>\r\nA\r\n</Aside>\r\n",
			"\r\n\r\n:::note\r\nA\r\n:::\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _ := mdxSource([]byte(tt.in))
			got := string(out)
			// What is blanked out is spaces: compare with lines of spaces
			// empty and a run of them between words as one.
			normalized := innerRun.ReplaceAllString(spacesLine.ReplaceAllString(got, "$1"), "$1 $2")
			if normalized != tt.want {
				t.Errorf("mdxSource(%q) =\n%q\nwant\n%q", tt.in, got, tt.want)
			}
			if strings.Count(got, "\n") != strings.Count(tt.in, "\n") {
				t.Errorf("lines: got %d, wrote %d", strings.Count(got, "\n"), strings.Count(tt.in, "\n"))
			}
		})
	}
}

// TestJSXAttrs checks which attribute values kb takes from a component:
// strings, numbers and booleans, in quotes or braces; the rest is dropped
// by name.
func TestJSXAttrs(t *testing.T) {
	named, dropped := jsxAttrs([]byte(`label="npm" title='Tip' a={"x \"y\""} b={'it\'s'} n={3} on={true} flag ` +
		"t={`tpl`} expr={icons.pnpm} fn={() => { go(\"}\") }} {...props} data-x=\"1\""))
	want := map[string]string{"label": "npm", "title": "Tip", "a": `x "y"`, "b": "it's", "n": "3", "on": "true",
		"flag": "true", "t": "tpl", "data-x": "1"}
	for k, v := range want {
		if named[k] != v {
			t.Errorf("%s = %q, want %q", k, named[k], v)
		}
	}
	if got := strings.Join(dropped, ","); got != "expr,fn,...props" {
		t.Errorf("dropped %q, want expr,fn,...props", got)
	}
}

// FuzzMDX renders arbitrary MDX pages with the default theme's component
// templates: never a panic, every position inside the page, no script.
func FuzzMDX(f *testing.F) {
	for _, tc := range mdxCases {
		f.Add([]byte(tc.src), false)
	}
	f.Add([]byte("import {\n  A,\n} from 'x';\n\n<Tabs>\n  <TabItem label={'a'}>\n\n    ```sh\n    x\n    ```\n\n  </TabItem>\n</Tabs>\n{/* c\n*/}\n<Aside>A</Aside>\n"), false)
	f.Add([]byte("<Aside type=\"tip\">\n<Aside>\n## Q?\n</Aside>\n</Aside>\n\n<Card\n  title=\"x\"\n\n/>\n</Card>"), true)
	th, _ := theme.Load(theme.Layer{FS: themes.Default(), Prefix: "themes/default"})
	r := New(Options{Unsafe: true, Shortcodes: th.Shortcodes()})
	f.Fuzz(func(t *testing.T, src []byte, faq bool) {
		checkRender(t, r, src, "content/en/x.mdx", faq)
		if res := r.Render(Document{Source: src, File: "content/en/x.mdx", FAQ: faq}); scriptCapable(bytes.ReplaceAll(res.HTML, []byte("<!-- raw HTML omitted -->"), nil)) != "" {
			t.Errorf("script-capable markup in %s", res.HTML)
		}
	})
}
