package markdown

import (
	"path"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Writers put short screen recordings and sounds beside their pages and
// write them as images ("![Returning an item](return.mp4)"), as GitLab's
// Markdown reads them; a browser shows no <img> of a video. Such an image
// is a player instead: <video> or <audio> with the browser's controls,
// loading only the first frame and the length until the reader starts it
// (a phone on a metered connection does not fetch the whole file), named
// by its alt text. Beside a video, its captions (return.<lang>.vtt for
// the page's language, else return.vtt) and its poster (return.jpg,
// .png or .webp: a phone shows a video's first frame only once it plays)
// are found by their names, so writers add them without markup.

// mediaElements are the file types played in the page, by the element
// that plays them: those content/ publishes (content.assets).
var mediaElements = map[string]string{
	".mp4": "video", ".m4v": "video", ".webm": "video", ".ogv": "video", ".mov": "video",
	".mp3": "audio", ".m4a": "audio", ".aac": "audio", ".oga": "audio", ".ogg": "audio",
	".opus": "audio", ".wav": "audio", ".flac": "audio", ".weba": "audio",
}

// posterTypes are the images tried, in order, as a video's poster.
var posterTypes = [...]string{".jpg", ".png", ".webp"}

// MediaElement is "video" or "audio" when dest (a URL or a file name, with
// or without a query or fragment) names a file a page plays, else "".
func MediaElement(dest string) string {
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		dest = dest[:i]
	}
	return mediaElements[strings.ToLower(path.Ext(dest))]
}

var kindMedia = ast.NewNodeKind("Media")

// media is a video or a sound written as an image; its children are the
// image's alt text, which also says what the player holds where the
// browser cannot play it.
type media struct {
	ast.BaseInline
	element    string // "video" or "audio"
	src        []byte
	title      []byte
	label      string // the alt text as plain text
	poster     string
	captions   string
	lang, name string // the captions' language and its name
}

func (n *media) Kind() ast.NodeKind { return kindMedia }
func (n *media) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Element": n.element, "Src": string(n.src)}, nil)
}

// playMedia replaces img, whose destination (already resolved, written as
// dest) names a video or a sound, with its player.
func (st *state) playMedia(img *ast.Image, dest string, src []byte) {
	m := &media{element: MediaElement(string(img.Destination)), src: img.Destination, title: img.Title}
	var alt plainWriter
	alt.inlines(img, src)
	m.label = string(alt.buf)
	if m.element == "video" && isRelativeAsset([]byte(dest)) && st.doc.ResolveAsset != nil {
		m.captions, m.lang = st.besideMedia(dest, ".vtt")
		if m.captions != "" {
			m.name = st.doc.LangName
		}
		for _, ext := range posterTypes {
			if m.poster, _ = st.besideMedia(dest, ext); m.poster != "" {
				break
			}
		}
	}
	for c := img.FirstChild(); c != nil; {
		next := c.NextSibling()
		m.AppendChild(m, c)
		c = next
	}
	img.Parent().ReplaceChild(img.Parent(), img, m)
}

// besideMedia finds the file of type ext with the name of the media file
// dest, in the page's language first (return.ar.vtt, then return.vtt),
// and returns its URL and the language it is in, or "".
func (st *state) besideMedia(dest, ext string) (url, lang string) {
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		dest = dest[:i]
	}
	base := strings.TrimSuffix(dest, path.Ext(dest))
	if l := st.doc.Lang; l != "" && ext == ".vtt" {
		if u, ok := st.doc.ResolveAsset(base + "." + l + ext); ok {
			return u, l
		}
	}
	if u, ok := st.doc.ResolveAsset(base + ext); ok {
		return u, st.doc.Lang
	}
	return "", ""
}

type mediaRenderer struct{}

func (mediaRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindMedia, renderMedia)
}

// renderMedia writes the player: the file, the browser's controls, its
// poster and captions, and a link to the file inside, which a browser
// that cannot play it shows.
func renderMedia(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	m := n.(*media)
	src := util.EscapeHTML(util.URLEscape(m.src, true))
	if !entering {
		w.WriteString("</a></" + m.element + ">")
		return ast.WalkContinue, nil
	}
	w.WriteString("<" + m.element + ` class="media" src="`)
	w.Write(src)
	w.WriteString(`" controls preload="metadata"`)
	if m.poster != "" {
		w.WriteString(` poster="`)
		w.Write(util.EscapeHTML(util.URLEscape([]byte(m.poster), true)))
		w.WriteByte('"')
	}
	if len(m.title) > 0 {
		w.WriteString(` title="`)
		w.Write(util.EscapeHTML(m.title))
		w.WriteByte('"')
	}
	if m.label != "" {
		w.WriteString(` aria-label="`)
		w.Write(util.EscapeHTML([]byte(m.label)))
		w.WriteByte('"')
	}
	w.WriteByte('>')
	if m.captions != "" {
		w.WriteString(`<track kind="captions" src="`)
		w.Write(util.EscapeHTML(util.URLEscape([]byte(m.captions), true)))
		w.WriteByte('"')
		if m.lang != "" {
			w.WriteString(` srclang="`)
			w.Write(util.EscapeHTML([]byte(m.lang)))
			w.WriteByte('"')
		}
		if m.name != "" {
			w.WriteString(` label="`)
			w.Write(util.EscapeHTML([]byte(m.name)))
			w.WriteByte('"')
		}
		w.WriteString(" default>")
	}
	// What a browser that cannot play the file shows: a link to it.
	w.WriteString(`<a href="`)
	w.Write(src)
	w.WriteString(`">`)
	if m.FirstChild() == nil {
		file := string(m.src)
		if i := strings.IndexAny(file, "?#"); i >= 0 {
			file = file[:i]
		}
		w.Write(util.EscapeHTML([]byte(path.Base(file))))
	}
	return ast.WalkContinue, nil
}
