package browsertest

import (
	"fmt"
	"testing"
)

// mdxPage is a Starlight page with the components kb has templates for.
const mdxPage = `import { Tabs, TabItem, Card, CardGrid, LinkCard, LinkButton, Badge, Steps } from '@astrojs/starlight/components';

## %s <Badge text="%s" />

<Tabs>
  <TabItem label="%s">
    %s
  </TabItem>
  <TabItem label="macOS">
    ` + "`brew install acme`" + `
  </TabItem>
</Tabs>

<CardGrid>
  <Card title="%s" icon="rocket">%s</Card>
  <Card title="Two">Second.</Card>
</CardGrid>

<LinkCard title="%s" href="/%s/setup/" description="%s" />

<LinkButton href="/%s/setup/">%s</LinkButton>
`

// TestMDXComponentsRead opens a Starlight page in English and in Persian:
// every tab shows, each under its label; cards sit side by side on a wide
// screen, the first at the start of the line (the right in Persian); and
// axe-core finds no serious or critical violation.
func TestMDXComponentsRead(t *testing.T) {
	src := axeSource(t)
	dir := t.TempDir()
	write := siteWriter(t, dir)
	write("site.toml", "defaultLanguage = \"en\"\n[languages.en]\n[languages.fa]\n")
	write("content/en/start.mdx", "---\ntitle: Start\n---\n"+fmt.Sprintf(mdxPage, "Install", "New", "Windows", "Run the installer.",
		"Fast", "Pages load at once.", "Set up", "The first steps.", "en", "en", "Get started"))
	write("content/fa/start.mdx", "---\ntitle: شروع\n---\n"+fmt.Sprintf(mdxPage, "نصب", "جدید", "ویندوز", "برنامه را نصب کنید.",
		"سریع", "صفحه‌ها زود باز می‌شوند.", "راه‌اندازی", "نخستین گام‌ها.", "fa", "fa", "شروع کنید"))
	write("content/en/setup.md", "---\ntitle: Setup\n---\nSteps.\n")
	write("content/fa/setup.md", "---\ntitle: راه‌اندازی\n---\nگام‌ها.\n")
	b := newTab(t, buildAndServe(t, dir), desktop)
	for _, lang := range []string{"en", "fa"} {
		path := "/" + lang + "/start/"
		b.open(path)
		if n := b.str(`String([...document.querySelectorAll("main .tab")].filter(s => s.offsetHeight > 0 && s.querySelector(".tab-label").offsetHeight > 0).length)`); n != "2" {
			b.errorf("%s: %s tabs shown with their labels, want both", path, n)
		}
		// The first card starts the line: at the left in English, at the right in Persian.
		const edges = `(() => { const g = document.querySelector(".card-grid"), [a, c] = g.querySelectorAll(".card"), gr = g.getBoundingClientRect(), ar = a.getBoundingClientRect(), cr = c.getBoundingClientRect();
		  return JSON.stringify({sameRow: Math.abs(ar.top - cr.top) < 2, startGap: getComputedStyle(g).direction === "rtl" ? gr.right - ar.right : ar.left - gr.left, firstBefore: getComputedStyle(g).direction === "rtl" ? ar.left > cr.left : ar.left < cr.left}) })()`
		if got := b.str(edges); got != `{"sameRow":true,"startGap":0,"firstBefore":true}` {
			b.errorf("%s: cards %s, want the first at the start of the row beside the second", path, got)
		}
		if !b.truthy(`document.querySelector("main a.link-button[href='/` + lang + `/setup/']").offsetHeight > 0`) {
			b.errorf("%s: the link button is missing or hidden", path)
		}
		for _, v := range runAxe(b, src) {
			b.errorf("%s: axe-core %s (%s): %s", path, v.ID, v.Impact, v.Help)
		}
	}
}
