package jsobject

import (
	"testing"
)

const config = `// @ts-check
import { defineConfig } from 'astro/config';
import sl from "@astrojs/starlight";

/* locales, shared with the tests */
export const locales = {
	root: { label: 'English', lang: 'en' },
	'zh-cn': { label: "简体中文", lang: ` + "`zh-CN`" + ` },
	fa: { label: 'فارسی', lang: 'fa', dir: 'rtl', }, // trailing commas
};
const site = process.env.URL || 'https://example.org/'
const weight = -2.5e1

export default defineConfig({
	site,
	integrations: [
		sl({
			title: 'It\'s \u00e9t\u{e9}',
			locales,
			social: [...more, { icon: 'github' }],
			head: ` + "`<meta ${x}>`" + `,
			hooks: { setup() { return { a: 1 } }, after: true },
			logo: new URL('./logo.svg', import.meta.url),
			weight,
			pagination: false,
			favicon: null,
		}),
	],
});
`

func TestRead(t *testing.T) {
	f := Parse([]byte(config))
	if got := f.ImportName("@astrojs/starlight"); got != "sl" {
		t.Fatalf("import name %q", got)
	}
	sl, ok := f.Call("sl")
	if !ok || sl.Kind != Object || sl.Line != 17 {
		t.Fatalf("sl(...) = %+v", sl)
	}
	get := func(v Value, key string) Value {
		t.Helper()
		got, ok := v.Get(key)
		if !ok {
			t.Fatalf("no %s in %+v", key, v)
		}
		return got
	}
	if title := get(sl, "title"); title.Kind != String || title.Text != "It's été" || title.Line != 18 {
		t.Errorf("title = %+v", title)
	}
	locales := f.Resolve(get(sl, "locales"))
	if locales.Kind != Object || len(locales.Fields) != 3 || locales.Line != 6 {
		t.Fatalf("locales = %+v", locales)
	}
	zh := locales.Fields[1]
	if zh.Key != "zh-cn" || zh.Line != 8 || get(zh.Value, "lang").Text != "zh-CN" || get(zh.Value, "label").Text != "简体中文" {
		t.Errorf("zh-cn = %+v", zh)
	}
	if fa := locales.Fields[2]; get(fa.Value, "dir").Text != "rtl" || fa.Line != 9 {
		t.Errorf("fa = %+v", fa)
	}
	social := get(sl, "social")
	if social.Kind != Array || len(social.Items) != 2 || social.Items[0].Kind != Expr || get(social.Items[1], "icon").Text != "github" {
		t.Errorf("social = %+v", social)
	}
	if head := get(sl, "head"); head.Kind != Expr || head.Text != "a template with ${…}" {
		t.Errorf("head = %+v", head)
	}
	if hooks := get(sl, "hooks"); hooks.Kind != Object || len(hooks.Fields) != 2 || hooks.Fields[0].Value.Kind != Expr || !get(hooks, "after").Bool {
		t.Errorf("hooks = %+v", hooks)
	}
	if logo := get(sl, "logo"); logo.Kind != Expr || logo.Text != "new URL('./logo.svg', import.meta.url)" || logo.Line != 23 {
		t.Errorf("logo = %+v", logo)
	}
	if w := f.Resolve(get(sl, "weight")); w.Kind != Number || w.Num != -25 {
		t.Errorf("weight = %+v", w)
	}
	if p := get(sl, "pagination"); p.Kind != Bool || p.Bool {
		t.Errorf("pagination = %+v", p)
	}
	if n := get(sl, "favicon"); n.Kind != Null {
		t.Errorf("favicon = %+v", n)
	}
	astro, _ := f.Call("defineConfig")
	if site := f.Resolve(get(astro, "site")); site.Kind != Expr || site.Text != "process.env.URL || 'https://example.org/'" || site.Line != 11 {
		t.Errorf("site = %+v", site)
	}
}

// A broken file reads as far as it can and says where it stopped.
func TestBroken(t *testing.T) {
	for _, tc := range []struct {
		src  string
		line int
		text string
	}{
		{"starlight({\n  title: 'x',\n  locales: {\n", 1, "an object ({) never closed"},
		{"starlight({\n  title: 'x\n})", 0, ""},
		{"starlight([1, 2", 1, "a list ([) never closed"},
		{"starlight(", 1, "nothing (the file ends)"},
	} {
		v, ok := Parse([]byte(tc.src)).Call("starlight")
		if !ok {
			t.Errorf("%q: no call", tc.src)
			continue
		}
		if tc.line == 0 {
			title, _ := v.Get("title")
			if title.Kind != Expr || title.Text != "a string never closed" || title.Line != 2 {
				t.Errorf("%q: title %+v", tc.src, title)
			}
			continue
		}
		if v.Kind != Expr || v.Line != tc.line || v.Text != tc.text {
			t.Errorf("%q: %+v, want %q at line %d", tc.src, v, tc.text, tc.line)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(config)
	f.Add("starlight({a: [1, {b: `x${y}`}], ...c, d() {}, [e]: 1})")
	f.Fuzz(func(t *testing.T, src string) {
		p := Parse([]byte(src))
		for _, name := range []string{"starlight", "defineConfig", "sl"} {
			if v, ok := p.Call(name); ok {
				p.Resolve(v)
			}
		}
		p.Const("locales")
		p.DefaultExport()
	})
}

// What a file exports is read in each way a configuration exports it:
// ES modules' export default and CommonJS's module.exports, a value or the
// name of a constant.
func TestDefaultExport(t *testing.T) {
	for _, src := range []string{
		"module.exports = {\n  title: 'Docs',\n};",
		"/** @type {Config} */\nconst config = {\n  title: 'Docs',\n};\n\nmodule.exports = config;\n",
		"import type {Config} from '@docusaurus/types';\nconst config: Config = {\n  title: 'Docs',\n};\nexport default config;\n",
		"export default {\n  title: 'Docs' }",
	} {
		f := Parse([]byte(src))
		v, ok := f.DefaultExport()
		v = f.Resolve(v)
		title, _ := v.Get("title")
		if !ok || v.Kind != Object || title.Text != "Docs" || v.Line > 2 {
			t.Errorf("%q: export %+v", src, v)
		}
	}
	if v, ok := Parse([]byte("exports.module = {};\nmodule.exports.x = 1")).DefaultExport(); ok {
		t.Errorf("no export: %+v", v)
	}
}
