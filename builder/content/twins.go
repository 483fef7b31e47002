package content

import (
	"fmt"
	"strings"
)

// Twin is one page written twice in one folder, as x.md and x.mdx: a
// Docusaurus site moving to MDX leaves the old file behind in some
// translations, and Docusaurus builds one of the two with a warning of a
// duplicate route. Kept is the file kb publishes, Stale the one to
// delete, Default the default language's page whose extension chose
// ("" when none did).
type Twin struct {
	Kept, Stale, Default string
}

// Why says why Kept was kept, as a clause.
func (t Twin) Why() string {
	if t.Default == "" {
		return "MDX is Docusaurus's current format"
	}
	return fmt.Sprintf("the default language's page %s is %s", t.Default, strings.ToLower(markdownExt(t.Default)))
}

// Twins finds the twins among files (paths under the site root,
// "content/ru/x.md"). Of each pair it keeps the file whose extension the
// same page in the default language has, else the .mdx, Docusaurus's
// current format. Two files of one page that are not the same name with
// .md and .mdx (x.md and x/index.md) are no twins: that stays an error.
func Twins(files []string, langs Languages) []Twin {
	return twinsOf(files, classifyAll(files, langs), langs.Default())
}

func twinsOf(files []string, places []place, def string) []Twin {
	byPage := map[string][]string{} // lang + "\x00" + path → its files
	var ids []string                // in the order files come
	for i, pl := range places {
		if pl.status != page || pl.category {
			continue
		}
		id := pl.lang + "\x00" + pl.path
		if byPage[id] == nil {
			ids = append(ids, id)
		}
		byPage[id] = append(byPage[id], files[i])
	}
	var twins []Twin
	for _, id := range ids {
		md, mdx, ok := mdAndMDX(byPage[id])
		if !ok {
			continue
		}
		lang, pagePath, _ := strings.Cut(id, "\x00")
		t := Twin{Kept: mdx, Stale: md}
		if lang != def {
			if inDefault := byPage[def+"\x00"+pagePath]; len(inDefault) == 1 {
				t.Default = inDefault[0]
				if !IsMDX(t.Default) {
					t.Kept, t.Stale = md, mdx
				}
			}
		}
		twins = append(twins, t)
	}
	return twins
}

// mdAndMDX reports whether files are one name written as .md and as
// .mdx, and which is which.
func mdAndMDX(files []string) (md, mdx string, ok bool) {
	if len(files) != 2 {
		return "", "", false
	}
	md, mdx = files[0], files[1]
	if IsMDX(md) {
		md, mdx = mdx, md
	}
	ext := markdownExt(md)
	if !IsMDX(mdx) || !strings.EqualFold(ext, ".md") {
		return "", "", false
	}
	return md, mdx, md[:len(md)-len(ext)] == mdx[:len(mdx)-len(".mdx")]
}
