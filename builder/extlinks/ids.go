package extlinks

import (
	"errors"
	"io"

	"golang.org/x/net/html"
)

// maxPageBytes is as much of a page as a fragment check reads: ids are
// in the HTML a server sends, and a help article's target rarely passes
// a few hundred KiB.
const maxPageBytes = 4 << 20

// findIDs reads an HTML page until it has found every wanted id (an
// element's id, or an <a name>), or up to maxPageBytes; partial says it
// stopped there with some still missing.
func findIDs(body io.Reader, want []string) (found map[string]bool, partial bool, err error) {
	wanted := map[string]bool{}
	for _, id := range want {
		wanted[id] = true
		wanted["user-content-"+id] = true // GitHub prefixes the ids of rendered Markdown
	}
	found = map[string]bool{}
	limited := &io.LimitedReader{R: body, N: maxPageBytes}
	z := html.NewTokenizer(limited)
	for {
		switch z.Next() {
		case html.ErrorToken:
			if errors.Is(z.Err(), io.EOF) {
				return found, limited.N == 0, nil
			}
			return found, false, z.Err()
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			for hasAttr {
				var key, val []byte
				key, val, hasAttr = z.TagAttr()
				if string(key) == "id" || string(key) == "name" && string(name) == "a" {
					if wanted[string(val)] {
						found[string(val)] = true
					}
				}
			}
			if allFound(found, want) {
				return found, false, nil
			}
		}
	}
}

func allFound(found map[string]bool, want []string) bool {
	for _, id := range want {
		if !found[id] && !found["user-content-"+id] {
			return false
		}
	}
	return true
}
