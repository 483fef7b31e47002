package builder

import (
	"fmt"
	"path"
)

// claims are the paths a build's files take in the output folder, kept
// to find those that cannot sit together there: a path taken twice, a
// file where another output needs a folder (an alias /404.html/ needs
// one where kb writes its 404.html), and paths that differ only in
// letter case. Both writers ask it: the staged one of a full build and
// kb serve's in-place one, so a rebuild reports what a full build does.
// Its owner guards it.
type claims struct {
	// written is every path claimed; the value is the owner's (output:
	// whether the file changed).
	written map[string]bool
	// parents are the folders of the paths claimed.
	parents map[string]bool
	// folded maps each claimed path's case folding (foldCase) to the
	// first path claimed with it; caseClashes are the later paths that
	// folded to one already there.
	folded      map[string]string
	caseClashes []caseClash
}

func newClaims() claims {
	return claims{written: map[string]bool{}, folded: map[string]string{}}
}

// clash says why rel cannot be written beside the files claimed so far:
// it is one of them, or their folder, or a folder above it is one.
func (c *claims) clash(rel string) error {
	if _, dup := c.written[rel]; dup {
		return fmt.Errorf("two outputs claim %s", rel)
	}
	if c.parents[rel] {
		return fmt.Errorf("two outputs claim %s, one as a file and others as their folder", rel)
	}
	for at := path.Dir(rel); at != "."; at = path.Dir(at) {
		if _, file := c.written[at]; file {
			return fmt.Errorf("two outputs claim %s, one as a file and one as the folder of %s", at, rel)
		}
	}
	return nil
}

// claim records rel, and its folders, as taken, and reports whether its
// path differs only in letter case from one claimed before (recorded in
// caseClashes).
func (c *claims) claim(rel string) (clashes bool) {
	c.written[rel] = false
	key := foldCase(rel)
	if first, ok := c.folded[key]; ok {
		c.caseClashes = append(c.caseClashes, caseClash{first: first, later: rel})
		clashes = true
	} else {
		c.folded[key] = rel
	}
	if c.parents == nil {
		c.parents = map[string]bool{}
	}
	for at := path.Dir(rel); at != "." && !c.parents[at]; at = path.Dir(at) {
		c.parents[at] = true
	}
	return clashes
}

// takeCaseClashes returns the pairs of paths claimed that differ only in
// letter case, once every file has been claimed.
func (c *claims) takeCaseClashes() []caseClash {
	cc := c.caseClashes
	c.caseClashes = nil
	return cc
}
