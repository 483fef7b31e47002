package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // image.DecodeConfig reads GIF, JPEG and PNG sizes
	_ "image/jpeg"
	_ "image/png"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"kb/builder/diag"
	"kb/builder/theme"
)

// Hugo's resources: a template written for Hugo finds the files of its
// page's bundle (.Page.Resources) and of the site's assets/ folder
// (resources.Get) and prints what they are: an address, a size, an SVG
// icon's markup. The builder finds and reads the files (Document.Resources),
// recording each as an input of the page; here they take the shape
// Hugo's templates read. A file that is not found is nil, which Hugo's
// `with` skips. kb processes no image: .Resize, .Fit, .Fill, .Crop,
// .Process and .Filter give the original, with a warning once a page.

// ResourceFile is a file a template may read as a Hugo resource.
type ResourceFile struct {
	Name string // its path in its bundle's folder or in assets/: "images/shot.png"
	File string // its path in the site: "content/en/docs/x/shot.png", "assets/icon.svg"
	// URL is its address under the base path, for a bundle's file, which
	// kb publishes with the pages; "" for an asset, published only when a
	// template asks for its address (ResourceFinder.Publish).
	URL string
	// Markup reports whether its text may reach the page as markup: an
	// asset, which is the site owner's, or an SVG of a bundle, which kb
	// publishes only without script (content.CheckAsset).
	Markup bool
	// Writers reports a file of a bundle, which writers give: its markup
	// reaches a page only as the page reads it (inlineSVG).
	Writers bool
}

// ResourceFinder finds and reads the files of Hugo's resources for one
// page, recording what the page read as its inputs.
type ResourceFinder interface {
	// Bundle is the files of the bundle whose page is file ("content/en/x/index.md"),
	// sorted by name; none for a page that is not a bundle.
	Bundle(file string) []ResourceFile
	// Assets is the files of the site's assets/ folder, then those of its
	// Hugo theme's that the site has not, sorted by name.
	Assets() []ResourceFile
	// Read reads f, at most max bytes; past that an error.
	Read(f ResourceFile, max int64) ([]byte, error)
	// Publish copies the asset f into the output and returns its address.
	Publish(f ResourceFile) string
	// ReadDir lists the folder at dir, a clean path in the site
	// ("content/docs/x.files"), sorted by name.
	ReadDir(dir string) ([]DirEntry, error)
}

// DirEntry is an entry of a folder as Hugo's readDir gives it.
type DirEntry struct {
	Name    string
	Size    int64
	IsDir   bool
	ModTime time.Time
}

// maxResourceText bounds .Content, as the functions bound what they make.
const maxResourceText = 1 << 20

// maxResourceImage bounds the image whose size .Width and .Height read.
const maxResourceImage = 32 << 20

// Resource is a Hugo resource as a template reads it.
type Resource struct {
	ResourceFile
	x *shortcodeContext
}

// Title is the resource's name, as Hugo's without front matter for it.
func (r *Resource) Title() string { return r.Name }

// RelPermalink is the resource's address under the base path: a bundle's
// file is published with the pages, an asset once a template asks.
func (r *Resource) RelPermalink() (string, error) {
	if r == nil {
		return "", errNoResource
	}
	if r.URL == "" && r.x.st.doc.Resources != nil {
		r.URL = r.x.st.doc.Resources.Publish(r.ResourceFile)
	}
	return r.URL, nil
}

// errNoResource is what a template gets that reads a resource it did not find.
var errNoResource = errors.New("no such resource (a Get found nothing): wrap its use in `with`, which skips a missing one")

// Permalink is RelPermalink on the base URL's host.
func (r *Resource) Permalink() (string, error) {
	rel, err := r.RelPermalink()
	if err != nil {
		return "", err
	}
	return r.x.Site().absURL(rel)
}

// MediaType is the resource's media type, by its name's extension.
func (r *Resource) MediaType() MediaType { return mediaTypeOf(r.Name) }

// ResourceType is Hugo's: the main part of its media type ("image").
func (r *Resource) ResourceType() string { return r.MediaType().MainType }

// Params and Data are empty: kb reads no resources front matter.
func (r *Resource) Params() map[string]any { return map[string]any{} }

// Data is empty, as Params.
func (r *Resource) Data() map[string]any { return map[string]any{} }

// Content is the text of a text file (an SVG, CSS, JSON), at most
// maxResourceText bytes. An asset's, and a bundle's SVG, pass safeHTML as
// they are; other text goes through the page's raw-HTML allowlist there.
func (r *Resource) Content() (any, error) {
	if r == nil {
		return nil, errNoResource
	}
	if !r.MediaType().text() {
		return nil, fmt.Errorf("%s is %s, not text: .Content reads text files only; use .RelPermalink to link it", r.File, r.MediaType().Type)
	}
	data, err := r.read(maxResourceText)
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return nil, fmt.Errorf("%s is not text (UTF-8): .Content reads text files only", r.File)
	}
	switch {
	case r.Markup && r.Writers:
		if svg, left, ok := inlineSVG(r.File, data); ok {
			if len(left) > 0 {
				r.x.warnf("%s: left out %s, which inside a page would style or fetch outside the SVG; give it presentation attributes (fill=, stroke=) and references to its own elements (url(#id)) only, or show it as an image, which keeps its styles to itself", r.File, strings.Join(left, "; "))
			}
			return resourceMarkup(svg), nil
		}
		r.x.warnf("%s reads otherwise inside a page (as HTML) than as a file: it goes in as text; take comments, processing instructions, CDATA and HTML elements out of it", r.File)
	case r.Markup:
		return resourceMarkup(data), nil
	}
	return string(data), nil
}

// resourceMarkup is the text of a resource whose markup safeHTML keeps.
type resourceMarkup string

// Width is an image's width in pixels (GIF, JPEG, PNG).
func (r *Resource) Width() (int, error) {
	c, err := r.imageConfig()
	return c.Width, err
}

// Height is an image's height in pixels.
func (r *Resource) Height() (int, error) {
	c, err := r.imageConfig()
	return c.Height, err
}

func (r *Resource) imageConfig() (image.Config, error) {
	if r == nil {
		return image.Config{}, errNoResource
	}
	switch r.MediaType().SubType {
	case "gif", "jpeg", "png":
	default:
		return image.Config{}, fmt.Errorf("%s: kb reads the size of GIF, JPEG and PNG images only, not of %s", r.File, r.MediaType().Type)
	}
	data, err := r.read(maxResourceImage)
	if err != nil {
		return image.Config{}, err
	}
	c, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return image.Config{}, fmt.Errorf("%s is not a readable image: %v", r.File, err)
	}
	return c, nil
}

func (r *Resource) read(max int64) ([]byte, error) {
	if r.x.st.doc.Resources == nil {
		return nil, errors.New("no resources to read")
	}
	return r.x.st.doc.Resources.Read(r.ResourceFile, max)
}

// Resize, Fit, Fill, Crop, Process and Filter give the original image:
// kb processes no image, and shows it as it is, with a warning.
func (r *Resource) Resize(spec any) *Resource { return r.unprocessed("Resize") }

// Fit gives the original image (Resize).
func (r *Resource) Fit(spec any) *Resource { return r.unprocessed("Fit") }

// Fill gives the original image (Resize).
func (r *Resource) Fill(spec any) *Resource { return r.unprocessed("Fill") }

// Crop gives the original image (Resize).
func (r *Resource) Crop(spec any) *Resource { return r.unprocessed("Crop") }

// Process gives the original image (Resize).
func (r *Resource) Process(spec any) *Resource { return r.unprocessed("Process") }

// Filter gives the original image (Resize).
func (r *Resource) Filter(filters ...any) *Resource { return r.unprocessed("Filter") }

// unprocessed is r, said once a page.
func (r *Resource) unprocessed(method string) *Resource {
	if r == nil {
		return nil
	}
	if shared := r.x.st.page; !shared.imagesWarned {
		shared.imagesWarned = true
		line, col := r.x.st.lines.pos(r.x.c.start)
		r.x.st.diags = append(r.x.st.diags, diag.WarnAt(r.x.st.doc.File, line, col,
			"shortcode %q: .%s: kb processes no images and shows %s as it is: make the image the size the page needs", r.x.Name, method, r.File).Of(diag.Shortcode))
	}
	return r
}

// String prints the resource as its address, as a template that prints
// one expects.
func (r *Resource) String() string {
	rel, _ := r.RelPermalink()
	return rel
}

// MediaType is Hugo's media type of a resource.
type MediaType struct {
	Type, MainType, SubType string
}

func (m MediaType) String() string { return m.Type }

// text reports whether the type is one .Content reads.
func (m MediaType) text() bool {
	switch {
	case m.MainType == "text", m.SubType == "svg":
		return true
	}
	switch m.Type {
	case "application/json", "application/xml", "application/yaml", "application/toml", "application/x-asciicast", "application/octet-stream":
		return true // an unknown type is read if it is text
	}
	return false
}

// mediaTypes are the media types by extension, Hugo's names for them;
// a table rather than the system's, so every machine builds alike.
var mediaTypes = map[string]string{
	".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
	".svg": "image/svg+xml", ".avif": "image/avif", ".bmp": "image/bmp", ".ico": "image/x-icon", ".tif": "image/tiff", ".tiff": "image/tiff",
	".css": "text/css", ".js": "text/javascript", ".mjs": "text/javascript", ".txt": "text/plain", ".csv": "text/csv",
	".md": "text/markdown", ".html": "text/html", ".htm": "text/html", ".scss": "text/x-scss", ".sass": "text/x-sass",
	".json": "application/json", ".xml": "application/xml", ".yaml": "application/yaml", ".yml": "application/yaml",
	".toml": "application/toml", ".pdf": "application/pdf", ".zip": "application/zip", ".cast": "application/x-asciicast",
	".ipynb": "application/json", ".wasm": "application/wasm",
	".mp4": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg", ".mov": "video/quicktime",
	".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".wav": "audio/wav", ".m4a": "audio/mp4", ".flac": "audio/flac",
	".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf",
}

func mediaTypeOf(name string) MediaType {
	t, ok := mediaTypes[strings.ToLower(path.Ext(name))]
	if !ok {
		t = "application/octet-stream"
	}
	main, sub, _ := strings.Cut(t, "/")
	sub, _, _ = strings.Cut(sub, "+") // svg+xml is "svg", as Hugo's SubType
	return MediaType{Type: t, MainType: main, SubType: sub}
}

// Resources are a page's bundle files or the site's assets, as Hugo's
// .Resources: nil for a resource that is not there.
type Resources []*Resource

// Get is the resource at name, in any letter case; nil when none.
func (rs Resources) Get(name any) (*Resource, error) {
	n, err := theme.Text(name)
	if err != nil {
		return nil, err
	}
	n = resourceName(n)
	for _, r := range rs {
		if strings.EqualFold(r.Name, n) {
			return r, nil
		}
	}
	return nil, nil
}

// GetMatch is the first resource whose name matches the glob pattern
// ("images/*.png", "**.svg", "{*cover*,*thumbnail*}"); nil when none.
func (rs Resources) GetMatch(pattern any) (*Resource, error) {
	m, err := rs.Match(pattern)
	if len(m) == 0 {
		return nil, err
	}
	return m[0], nil
}

// Match is the resources whose names match the glob pattern.
func (rs Resources) Match(pattern any) (Resources, error) {
	p, err := theme.Text(pattern)
	if err != nil {
		return nil, err
	}
	re, err := globPattern(resourceName(p))
	if err != nil {
		return nil, err
	}
	var out Resources
	for _, r := range rs {
		if re.MatchString(r.Name) {
			out = append(out, r)
		}
	}
	return out, nil
}

// ByType is the resources of a resource type ("image", "text").
func (rs Resources) ByType(typ any) (Resources, error) {
	t, err := theme.Text(typ)
	var out Resources
	for _, r := range rs {
		if r.ResourceType() == t {
			out = append(out, r)
		}
	}
	return out, err
}

// resourceName is a name as templates write it ("./x.png", "/x.png") as
// resources are named. A name that climbs out ("../x") stays as it is,
// and no resource has it.
func resourceName(n string) string {
	n = strings.TrimPrefix(strings.TrimSpace(n), "./")
	return strings.TrimPrefix(n, "/")
}

// globPattern is Hugo's glob of resource names, in any letter case: * and
// ? within a folder, ** across folders, {a,b} either, [...] a class.
func globPattern(glob string) (*regexp.Regexp, error) {
	if len(glob) > maxPattern {
		return nil, fmt.Errorf("glob pattern longer than %d bytes", maxPattern)
	}
	var b strings.Builder
	b.WriteString("(?i)^")
	depth := 0
	for i := 0; i < len(glob); i++ {
		switch c := glob[i]; {
		case c == '*' && i+1 < len(glob) && glob[i+1] == '*':
			b.WriteString(".*")
			i++
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		case c == '{':
			b.WriteString("(?:")
			depth++
		case c == '}' && depth > 0:
			b.WriteString(")")
			depth--
		case c == ',' && depth > 0:
			b.WriteString("|")
		case c == '[':
			end := strings.IndexByte(glob[i:], ']')
			if end < 0 {
				return nil, fmt.Errorf("glob %q: [ without ]", glob)
			}
			class := strings.Replace(glob[i+1:i+end], "!", "^", 1)
			b.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i += end
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	if depth > 0 {
		return nil, fmt.Errorf("glob %q: { without }", glob)
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}

// maxPattern bounds a glob, as theme's regular expressions are.
const maxPattern = 1000

// Resources is Hugo's .Page.Resources: the files of the page's bundle
// (beside its index.md or _index.md).
func (p *HugoPage) Resources() Resources {
	if p.x == nil || p.x.st.doc.Resources == nil || p.SourceFile == "" {
		return nil
	}
	return p.x.resources(p.x.st.doc.Resources.Bundle(p.SourceFile))
}

func (x *shortcodeContext) resources(files []ResourceFile) Resources {
	out := make(Resources, len(files))
	for i, f := range files {
		out[i] = &Resource{ResourceFile: f, x: x}
	}
	return out
}

// resourcesNS is Hugo's resources namespace: the site's assets.
type resourcesNS struct{ x *shortcodeContext }

func (ns resourcesNS) assets() Resources {
	if ns.x.st.doc.Resources == nil {
		return nil
	}
	return ns.x.resources(ns.x.st.doc.Resources.Assets())
}

// Get is the asset at p ("icons/x.svg"); nil when none.
func (ns resourcesNS) Get(p any) (*Resource, error) { return ns.assets().Get(p) }

// GetMatch is the first asset whose path matches the glob pattern.
func (ns resourcesNS) GetMatch(pattern any) (*Resource, error) { return ns.assets().GetMatch(pattern) }

// Match is the assets whose paths match the glob pattern.
func (ns resourcesNS) Match(pattern any) (Resources, error) { return ns.assets().Match(pattern) }

// ByType is the assets of a resource type.
func (ns resourcesNS) ByType(typ any) (Resources, error) { return ns.assets().ByType(typ) }

// Minify is Hugo's resources.Minify (and minify): the resource as it
// is, since kb publishes assets unminified.
func (ns resourcesNS) Minify(r *Resource) *Resource { return r }

// Fingerprint is Hugo's resources.Fingerprint (and fingerprint): the
// resource at its own address, as kb names no file by its digest.
func (ns resourcesNS) Fingerprint(r *Resource, _ ...any) *Resource { return r }

// readDir is Hugo's readDir (os.ReadDir): the entries of a folder of the
// site, at a path from the site's folder ("content/docs/x.files").
func (x *shortcodeContext) readDir(p any) ([]DirEntry, error) {
	dir, err := sitePath("readDir", p)
	if err != nil {
		return nil, err
	}
	if x.st.doc.Resources == nil {
		return nil, errors.New("readDir: no site folder to read")
	}
	entries, err := x.st.doc.Resources.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("readDir %q: the site has no folder %s: paths start at the site's folder, as in \"content/docs/x.files\"", p, dir)
	case err != nil:
		return nil, fmt.Errorf("readDir %q: %v", p, err)
	}
	return entries, nil
}

// sitePath is the clean path in the site that fn was given, from the
// site's folder (a leading slash starts there too, as Hugo's working
// folder does); an error for a path that climbs out of the site.
func sitePath(fn string, p any) (string, error) {
	s, err := theme.Text(p)
	if err != nil {
		return "", err
	}
	clean := path.Clean(strings.TrimPrefix(strings.ReplaceAll(s, `\`, "/"), "/"))
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return "", fmt.Errorf("%s %q: the path climbs out of the site's folder: kb reads files inside the site only", fn, s)
	}
	return clean, nil
}

// imagesNS is Hugo's images namespace: filters kb accepts and does not
// apply (theme.Images), and images.Filter, which gives the image as it is
// with the warning of .Filter.
type imagesNS struct {
	theme.Images
	x *shortcodeContext
}

// Filter is Hugo's images.Filter FILTERS... IMAGE: the image as it is.
func (ns imagesNS) Filter(args ...any) (*Resource, error) {
	if len(args) < 2 {
		return nil, errors.New("images.Filter takes filters and an image: images.Filter images.Grayscale $img")
	}
	r, ok := args[len(args)-1].(*Resource)
	if !ok {
		return nil, fmt.Errorf("images.Filter's last argument is an image resource, not %T", args[len(args)-1])
	}
	return r.Filter(args[:len(args)-1]...), nil
}

// Config is Hugo's images.Config PATH: the width and height of an image
// of the site (GIF, JPEG, PNG), at a path from the site's folder.
func (ns imagesNS) Config(p any) (image.Config, error) {
	file, err := sitePath("images.Config", p)
	if err != nil {
		return image.Config{}, err
	}
	r := &Resource{ResourceFile: ResourceFile{Name: path.Base(file), File: file}, x: ns.x}
	return r.imageConfig()
}

// GetRemote is Hugo's resources.GetRemote: kb reads nothing from the
// network while it builds, so a template that asks for another site's
// file fails on that page (the shortcode's warning names the address),
// while its other uses, of the site's own files, run.
func (ns resourcesNS) GetRemote(url any, _ ...any) (*Resource, error) {
	return nil, fmt.Errorf("resources.GetRemote %v: kb reads nothing from the network while it builds; save the file in assets/ and use resources.Get", url)
}
