package markdown

import (
	"cmp"
	"slices"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// HugoPages is a list of pages as a template written for Hugo reads it
// (a section's .Pages): kb's order (by weight, then title), which Hugo's
// sorting methods reorder. Each returns a new list.
type HugoPages []*HugoPage

// ByTitle sorts the pages by title in the order of their language's
// alphabet (Hugo's .ByTitle): Greek and Arabic titles sort as readers of
// those languages expect, not by code point.
func (ps HugoPages) ByTitle() HugoPages {
	return ps.sorted(func(p *HugoPage) string { return p.Title })
}

// ByLinkTitle sorts the pages by their short title, else their title.
func (ps HugoPages) ByLinkTitle() HugoPages {
	return ps.sorted(func(p *HugoPage) string { return cmp.Or(p.LinkTitle, p.Title) })
}

// ByWeight is kb's order, which is Hugo's by weight, then title.
func (ps HugoPages) ByWeight() HugoPages { return slices.Clone(ps) }

// Reverse is the list from its end.
func (ps HugoPages) Reverse() HugoPages {
	out := slices.Clone(ps)
	slices.Reverse(out)
	return out
}

// Len is the number of pages.
func (ps HugoPages) Len() int { return len(ps) }

func (ps HugoPages) sorted(key func(*HugoPage) string) HugoPages {
	out := slices.Clone(ps)
	if len(out) == 0 {
		return out
	}
	tag, err := language.Parse(out[0].Lang)
	if err != nil {
		tag = language.Und
	}
	c := collate.New(tag)
	slices.SortStableFunc(out, func(a, b *HugoPage) int { return c.CompareString(key(a), key(b)) })
	return out
}
