package markdown

import (
	"strings"
	"testing"
)

// An inlined SVG's styles go onto its own elements in CSS's order of
// precedence, and whatever could reach outside it is left out and named.
func TestInlineSVGKeepsItsStylesToItself(t *testing.T) {
	tests := []struct {
		name, svg string
		want      []string // in the inlined SVG
		left      string   // in what was left out ("" for nothing)
	}{
		{"an id's rule beats a class's, whatever their order",
			`<style>#d{fill:red} .c{fill:blue}</style><rect id="d" class="c"/>`, []string{`<rect id="d" class="c" fill="red">`}, ""},
		{"a later rule of the same weight wins; !important is read as a value's end",
			`<style>.c{fill:blue} .c{fill:red !important}</style><rect class="c"/>`, []string{`<rect class="c" fill="red">`}, ""},
		{"a style attribute beats the rules",
			`<style>rect{fill:blue}</style><rect style="fill:red"/>`, []string{`<rect fill="red">`}, ""},
		{"braces and semicolons in a quoted font name",
			`<style>text{font-family:"A;}B";fill:red}</style><text>x</text>`, []string{`<text font-family="&#34;A;}B&#34;" fill="red">`}, ""},
		{"rules in @media are left out, those after kept",
			`<style>@media screen{rect{fill:blue}} rect{stroke:red}</style><rect/>`, []string{`<rect stroke="red">`}, "@media"},
		{"an escaped url( in a style attribute",
			`<rect style="fill:u\72l(https://evil.example/x)"/>`, []string{`<rect>`}, "evil.example"},
		{"an escaped url( in a presentation attribute",
			`<rect fill="u\72l(https://evil.example/x)"/>`, []string{`<rect>`}, "evil.example"},
		{"a tool's own properties go silently",
			`<text style="-inkscape-font-specification:Sans;fill:red">x</text>`, []string{`<text fill="red">`}, ""},
		{"an image in the file stays, one elsewhere goes",
			`<image href="data:image/png;base64,AAAA"/><image href="pixel.png"/>`, []string{`<image href="data:image/png;base64,AAAA">`, `<image>`}, "pixel.png"},
		{"an animation of the outer svg's transform or overflow goes, one of its drawing stays",
			`<set attributeName="transform" to="translate(0,-400)"/><animate attributeName="overflow" values="visible"/><rect><animate attributeName="opacity" values="0;1" dur="1s"/></rect>`,
			[]string{`<rect><animate attributeName="opacity" values="0;1" dur="1s"></animate></rect>`}, "<set attributeName=transform> of the outer <svg>"},
		{"an animation that names the outer svg by its id goes",
			`<g id="in"><animateTransform href="#out" attributeName="transform" type="translate" to="0 -400"/><animateTransform href="#in" attributeName="transform" type="rotate" to="90"/></g>`,
			[]string{`<animateTransform href="#in"`}, "<animateTransform attributeName=transform> of the outer <svg>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg, left, ok := inlineSVG("x.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" id="out">`+tt.svg+`</svg>`))
			if !ok {
				t.Fatal("not inlined")
			}
			for _, w := range tt.want {
				if !strings.Contains(string(svg), w) {
					t.Errorf("got %s, want %s in it", svg, w)
				}
			}
			if said := strings.Join(left, "; "); (tt.left == "") != (said == "") || !strings.Contains(said, tt.left) {
				t.Errorf("left out %q, want a mention of %q", said, tt.left)
			}
		})
	}
}
