package content

import "strings"

// generatorKeys are the front matter keys of Hugo, Zola, Starlight and MkDocs pages that kb
// does not use: a site moved in keeps them (they still mean something to
// its old generator, or to nobody) without a warning on every page. Hugo
// matches keys in any case.
var generatorKeys = map[string]bool{
	// Hugo
	"audio": true, "cascade": true,
	"images": true, "iscjklanguage": true, "keywords": true, "layout": true, "markup": true,
	"menu": true, "menus": true, "outputs": true, "params": true,
	"resources": true, "sitemap": true, "summary": true, "videos": true,
	"categories": true, "series": true, "toc": true, "author": true, "authors": true,
	// Zola
	"template": true, "taxonomies": true, "extra": true, "sort_by": true, "paginate_by": true, "paginate_path": true, "paginate_reversed": true,
	"insert_anchor_links": true, "transparent": true, "page_template": true,
	"generate_feeds": true,
	// Starlight (its template is Zola's key too; sidebar, lastUpdated and
	// pagefind are read, see starlight.go)
	"editurl": true, "head": true, "tableofcontents": true, "hero": true, "banner": true, "prev": true, "next": true,
	// Material for MkDocs (its template is Zola's key too, its tags kb's;
	// search is read, see mkdocs.go)
	"hide": true, "icon": true, "status": true, "subtitle": true,
}

// isGeneratorKey reports a Hugo, Zola, Starlight or MkDocs front matter key kb leaves alone.
func isGeneratorKey(name string) bool {
	return generatorKeys[strings.ToLower(name)]
}
