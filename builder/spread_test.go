package builder

import (
	"path"
	"slices"
	"strings"
	"testing"
)

// Workers that take a section's pages in turn wait for each other to add
// their folders to it: the order given to them spreads each section's
// pages over the whole, keeps them in order and leaves out none.
func TestSpreadOverFolders(t *testing.T) {
	var pages []string
	for _, sec := range []string{"en/account", "en/payments", "en/returns"} {
		n := map[string]int{"en/account": 6, "en/payments": 3, "en/returns": 3}[sec]
		for i := range n {
			pages = append(pages, sec+"/page-"+string(rune('a'+i))+"/index.html")
		}
	}
	pages = append(pages, "en/index.html")
	folderOf := func(p string) string { return path.Dir(path.Dir(p)) }
	got := spreadOverFolders(slices.Clone(pages), folderOf)

	if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(pages))) {
		t.Fatalf("not the same pages:\n%s", strings.Join(got, "\n"))
	}
	for _, sec := range []string{"en/account", "en/payments", "en/returns"} {
		var in, out []string
		for _, p := range pages {
			if folderOf(p) == sec {
				in = append(in, p)
			}
		}
		for _, p := range got {
			if folderOf(p) == sec {
				out = append(out, p)
			}
		}
		if !slices.Equal(in, out) {
			t.Errorf("%s's pages in another order: %v", sec, out)
		}
	}
	// Each section's pages are spread over the whole: the first half of
	// the order has about half of each section's.
	for sec, n := range map[string]int{"en/account": 6, "en/payments": 3, "en/returns": 3} {
		first := 0
		for _, p := range got[:len(got)/2] {
			if folderOf(p) == sec {
				first++
			}
		}
		if first < n/2-1 || first > (n+1)/2+1 {
			t.Errorf("%d of %s's %d pages in the first half:\n%s", first, sec, n, strings.Join(got, "\n"))
		}
	}
	if again := spreadOverFolders(slices.Clone(pages), folderOf); !slices.Equal(again, got) {
		t.Errorf("another order the second time")
	}
}
