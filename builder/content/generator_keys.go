package content

import "strings"

// generatorKeys are the front matter keys of Hugo, Zola, Starlight,
// Docusaurus, MkDocs, VitePress, GitBook and Jekyll pages that kb does not use: a site moved in keeps
// them (they still mean something to its old generator, or to nobody)
// without a warning on every page. Hugo matches keys in any case.
var generatorKeys = map[string]bool{
	// Hugo
	"audio": true, "cascade": true,
	"images": true, "iscjklanguage": true, "keywords": true, "layout": true, "markup": true,
	"menu": true, "menus": true, "outputs": true, "params": true,
	"resources": true, "summary": true, "videos": true,
	"categories": true, "series": true, "toc": true, "author": true, "authors": true,
	"_comment": true, // the Hugo docs' note to writers in its _common partials
	// Zola
	"template": true, "taxonomies": true, "extra": true, "sort_by": true, "paginate_by": true, "paginate_path": true, "paginate_reversed": true,
	"insert_anchor_links": true, "transparent": true, "page_template": true,
	"generate_feeds": true,
	// Starlight (its template is Zola's key too; sidebar, lastUpdated,
	// pagefind and banner are read, see starlight.go)
	"editurl": true, "head": true, "tableofcontents": true, "prev": true, "next": true,
	// Docusaurus (its keywords are Hugo's key too; sidebar_position,
	// sidebar_label, unlisted and last_update are read, see docusaurus.go)
	"id": true, "hide_title": true, "hide_table_of_contents": true, "pagination_label": true, "pagination_next": true,
	"pagination_prev": true, "displayed_sidebar": true, "toc_min_heading_level": true, "toc_max_heading_level": true,
	"custom_edit_url": true, "image": true, "sidebar_class_name": true, "sidebar_custom_props": true, "parse_number_prefixes": true,
	// Material for MkDocs (its template is Zola's key too, its tags kb's;
	// search is read, see mkdocs.go)
	"hide": true, "icon": true, "status": true, "subtitle": true,
	// GitBook (its icon is Material's key too, its layout Hugo's; hidden
	// is read, see gitbook.go)
	"cover": true, "covery": true, "coverheight": true,
	// VitePress (its layout is Hugo's key, its head and prev/next
	// Starlight's; search, sidebar, lastUpdated, hero and features are
	// read, see vitepress.go): the default theme's page furniture.
	"titletemplate": true, "navbar": true, "aside": true, "outline": true, "editlink": true, "footer": true,
	"pageclass": true, "ishome": true, "markdownstyles": true,
	// Jekyll and Just the Docs (its layout is Hugo's key; nav_order,
	// nav_exclude, search_exclude, permalink and redirect_from are read,
	// see jekyll.go): the theme's navigation by the parent's title, which
	// kb makes from folders, and page furniture; jekyll-polyglot's lang.
	"parent": true, "grand_parent": true, "ancestor": true, "has_children": true, "has_toc": true,
	"nav_fold": true, "child_nav_order": true, "nav_enabled": true, "last_modified_date": true, "lang": true,
	// The Hugo documentation themes' page furniture (their keys with a
	// meaning for kb are read, see hugothemes.go): Hugo Book's, Docsy's,
	// Hextra's (its sidebar.open is read with Starlight's sidebar) and
	// Learn's and Relearn's.
	"bookflatsection": true, "bookcollapsesection": true, "bookicon": true, "booktoc": true, "bookcomments": true,
	"hide_summary": true, "no_list": true, "simple_list": true, "hide_feedback": true, "hide_readingtime": true,
	"math": true, "breadcrumbs": true, "width": true,
	"alwaysopen": true, "collapsiblemenulevel": true, "pre": true, "post": true, "chapter": true, "disabletoc": true,
}

// isGeneratorKey reports a Hugo, Zola, Starlight, Docusaurus, MkDocs,
// VitePress or GitBook front matter key kb leaves alone.
func isGeneratorKey(name string) bool {
	return generatorKeys[strings.ToLower(name)]
}
