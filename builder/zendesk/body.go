package zendesk

import (
	"cmp"
	"context"
	"fmt"
	"mime"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"kb/builder/content"
	"kb/builder/markdown"
)

// hcObject matches the path of a help center page: /hc/en-us/articles/
// 360001234-How-to-return (the locale is optional, the title after the id
// too): 1 locale, 2 kind, 3 id, 4 the title after the id.
var hcObject = regexp.MustCompile(`^/hc/(?:([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)/)?(articles|sections|categories)/([0-9]+)(-[^/]*)?/?$`)

// attachment matches the path of a file an article shows or offers:
// /hc/article_attachments/123/shot.png or /hc/article_attachments/123,
// with or without a locale.
var attachment = regexp.MustCompile(`^/hc/(?:[A-Za-z-]+/)?article_attachments/[0-9]+(?:/|$)`)

// writer writes one locale's pages.
type writer struct {
	ctx   context.Context
	c     *client
	lc    *localeContent
	paths sitePaths
	write func(name string, data []byte) error
	res   *Result
	conv  *converter.Converter
	// files are the attachments written in this language, by URL, as
	// their paths under the language's folder.
	files map[string]string
	taken map[string]bool
	made  []string // the URLs rewrite made in the article being converted
	// translation is whether the locale is not the default one; outdated
	// the translations Zendesk marked outdated.
	translation bool
	outdated    map[translationID]bool
}

// locale writes the language's home, sections and articles.
func (w *writer) locale(title string) error {
	w.conv = newConverter()
	w.files, w.taken = map[string]string{}, map[string]bool{}
	if err := w.page("_index.md", frontMatter{Title: title}, ""); err != nil {
		return err
	}
	for _, cat := range w.lc.categories {
		fm := frontMatter{Title: cat.Name, Description: markdown.HTMLText(cat.Description), Weight: cat.Position + 1, Aliases: oldAddresses(w.c, cat.HTMLURL)}
		if err := w.page(w.paths.category[cat.ID]+"/_index.md", fm, ""); err != nil {
			return err
		}
	}
	for _, s := range w.lc.sections {
		fm := frontMatter{Title: s.Name, Description: markdown.HTMLText(s.Description), Weight: s.Position + 1, Aliases: oldAddresses(w.c, s.HTMLURL)}
		if err := w.page(w.paths.section[s.ID]+"/_index.md", fm, ""); err != nil {
			return err
		}
	}
	for _, a := range w.lc.articles {
		file := w.paths.article[a.ID]
		body, err := w.markdown(a.Body, file)
		if err != nil {
			return fmt.Errorf("article %d (%s): %w", a.ID, a.HTMLURL, err)
		}
		fm := frontMatter{
			Title: a.Title, Weight: a.Position + 1, Tags: a.Labels, Featured: a.Promoted, Draft: a.Draft,
			Updated: date(cmp.Or(a.EditedAt, a.UpdatedAt)), Aliases: oldAddresses(w.c, a.HTMLURL),
		}
		// An article only some signed-in readers saw (an agents' note, a
		// plan's guide), which an agent's token reads, is not published
		// to everyone: it comes as a draft, for its team to decide.
		if w.translation && w.outdated[translationID{strings.ToLower(w.lc.locale), a.ID}] {
			fm.TranslatedFrom = OutdatedSource
			w.res.Outdated++
		}
		if a.UserSegment != 0 && !a.Draft {
			fm.Draft = true
			w.note("content/%s/%s: only signed-in readers of a user segment could read it in Zendesk: written as a draft, which kb does not publish; remove draft = true to publish it to everyone", w.lc.lang, file)
		}
		if err := w.page(file, fm, body); err != nil {
			return err
		}
	}
	return nil
}

// page writes one page of the language.
func (w *writer) page(file string, fm frontMatter, body string) error {
	return w.write("content/"+w.lc.lang+"/"+file, fm.page(body))
}

// newConverter turns an article's HTML into Markdown: CommonMark, GitHub's
// tables and strikethrough; a video player's iframe is kept as HTML, which
// kb shows as a link to the video.
func newConverter() *converter.Converter {
	conv := converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(),
		table.NewTablePlugin(),
		strikethrough.NewStrikethroughPlugin(),
	))
	conv.Register.RendererFor("iframe", converter.TagTypeBlock, base.RenderAsHTML, converter.PriorityEarly)
	return conv
}

// markdown converts an article's HTML body, written at file (a path under
// the language's folder): links to the help center's articles, sections
// and categories become links to their Markdown files, which kb checks;
// the pictures and files it shows from the help center are downloaded
// beside it.
func (w *writer) markdown(body, file string) (string, error) {
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(body), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return "", err
	}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		alt := ""
		for _, a := range n.Attr {
			if a.Key == "alt" || a.Key == "title" && alt == "" {
				alt = a.Val
			}
		}
		for i, a := range n.Attr {
			if (n.DataAtom == atom.A && a.Key == "href") || ((n.DataAtom == atom.Img || n.DataAtom == atom.Source) && a.Key == "src") {
				n.Attr[i].Val = w.rewrite(a.Val, alt, file)
			}
		}
	}
	md, err := w.conv.ConvertNode(root)
	if err != nil {
		return "", err
	}
	out := string(md)
	// The converter writes every URL percent-encoded; the paths kb made
	// (of Greek or Arabic titles) read better as their letters, which
	// Markdown allows in a link with no space or parenthesis.
	for _, rel := range w.made {
		if u, err := url.Parse(rel); err == nil && !strings.ContainsAny(rel, " <>()[]") {
			out = strings.ReplaceAll(out, "("+u.String()+")", "("+rel+")")
		}
	}
	w.made = w.made[:0]
	return strings.TrimSpace(out) + "\n", nil
}

// rewrite is the URL an article at file links to instead of u: a page of
// the help center is its Markdown file, a file of it a downloaded copy
// beside the article, any other address of it absolute; an address on
// another host stays as it is.
func (w *writer) rewrite(u, alt, file string) string {
	abs, ok := w.c.sameHost(u)
	if !ok {
		return u
	}
	if m := hcObject.FindStringSubmatch(abs.Path); m != nil {
		id, _ := strconv.ParseInt(m[3], 10, 64)
		var target string
		switch m[2] {
		case "articles":
			target = w.paths.article[id]
		case "sections":
			if dir, ok := w.paths.section[id]; ok {
				target = dir + "/_index.md"
			}
		case "categories":
			if dir, ok := w.paths.category[id]; ok {
				target = dir + "/_index.md"
			}
		}
		if target == "" {
			w.note("content/%s/%s: a link to %s, which the help center does not show its readers, still leads there", w.lc.lang, file, abs.Path)
			return abs.String()
		}
		rel := relativePath(path.Dir(file), target)
		if abs.Fragment != "" {
			rel += "#" + abs.Fragment
		}
		w.made = append(w.made, rel)
		return rel
	}
	if attachment.MatchString(abs.Path) {
		if name, ok := w.download(abs.String(), alt, file); ok {
			rel := relativePath(path.Dir(file), name)
			w.made = append(w.made, rel)
			return rel
		}
	}
	// Anything else of the help center's (its request form, a search)
	// stays where it is: the address is written whole, as the new site
	// is on another host or has no such page.
	return abs.String()
}

// download fetches a file an article shows into the article's folder,
// once per language, and returns its path under the language's folder.
// Only files kb publishes from content/ are kept (pictures but SVG, which
// can hold script, PDFs, text, audio and video), by the type the URL's
// name says or, for an address with no name (Zendesk's newer
// /hc/article_attachments/9731499773338), the type the server answers
// with; such a file is named after what the article calls it (alt).
func (w *writer) download(u, alt, file string) (string, bool) {
	if name, ok := w.files[u]; ok {
		return name, true
	}
	p, _ := w.c.sameHost(u)
	base := path.Base(p.Path)
	ext := strings.ToLower(path.Ext(base))
	stem := strings.TrimSuffix(base, path.Ext(base))
	if !publishable(ext) {
		ext, stem = "", cmp.Or(alt, base)
	}
	data, mediaType, err := w.c.fetch(w.ctx, u)
	if err != nil {
		w.note("content/%s/%s: %v; the article links to it where it is", w.lc.lang, file, err)
		return "", false
	}
	if ext == "" {
		ext = extensionOf(mediaType)
	}
	if !publishable(ext) {
		w.note("content/%s/%s: %s (%s) is not a file kb publishes beside pages; the article links to it where it is", w.lc.lang, file, p.Path, cmp.Or(mediaType, "no type"))
		return "", false
	}
	stem = cmp.Or(fileName(stem), "file")
	name := path.Join(path.Dir(file), stem+ext)
	for n := 2; w.taken[name]; n++ {
		name = path.Join(path.Dir(file), stem+"-"+strconv.Itoa(n)+ext)
	}
	if err := w.write("content/"+w.lc.lang+"/"+name, data); err != nil {
		w.note("content/%s/%s: %v", w.lc.lang, name, err)
		return "", false
	}
	w.taken[name] = true
	w.files[u] = name
	w.res.Files++
	return name, true
}

// publishable reports whether kb publishes a file of type ext (".png")
// from content/, SVG left out.
func publishable(ext string) bool {
	class, _ := content.ClassifyFile("content/x" + ext)
	return ext != "" && ext != ".svg" && class == content.Asset
}

// extensionOf is the usual extension of a media type, or "".
func extensionOf(mediaType string) string {
	switch mediaType {
	case "image/jpeg":
		return ".jpg"
	case "text/plain":
		return ".txt"
	}
	exts, _ := mime.ExtensionsByType(mediaType)
	for _, e := range exts {
		if publishable(e) {
			return e
		}
	}
	return ""
}

// note records what did not carry over, for kb init to print.
func (w *writer) note(format string, args ...any) {
	w.res.Notes = append(w.res.Notes, fmt.Sprintf(format, args...))
}

// relativePath is the slash path from the folder dir to the file target,
// both under the same root.
func relativePath(dir, target string) string {
	from := strings.Split(dir, "/")
	if dir == "." || dir == "" {
		from = nil
	}
	to := strings.Split(target, "/")
	i := 0
	for i < len(from) && i < len(to)-1 && from[i] == to[i] {
		i++
	}
	return strings.Repeat("../", len(from)-i) + strings.Join(to[i:], "/")
}
