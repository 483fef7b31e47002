package markdown

import (
	"context"
	"testing"
)

// A template loop that neither writes nor calls anything stops soon after
// the build is cancelled, not when it ends: here the build is cancelled
// as the template first asks for its page, and a loop of 16,000,000
// steps (within a page's budget) follows; the template asks for its page
// again only should the loop run to its end.
func TestCancelStopsALoopThatWritesNothing(t *testing.T) {
	r := hugoRenderer(t, `{{ $p := .Page }}{{ range seq 4000 }}{{ range seq 4000 }}{{ end }}{{ end }}{{ $p = .Page }}`, docsSite, false)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	asked := 0
	r.Render(Document{Source: []byte("{{< t >}}\n"), File: "content/en/x.md", Line: 1, Context: ctx,
		Page: func() *HugoPage {
			asked++
			cancel()
			return &HugoPage{Title: "X"}
		}})
	if asked != 1 {
		t.Errorf("the loop ran on after the build was cancelled: the template asked for its page %d times", asked)
	}
}
