package builder

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"

	"github.com/andybalholm/brotli"
)

// minCompressSize is the size a file must exceed to get compressed copies:
// below it the saving is smaller than a packet.
const minCompressSize = 512

// compressedTypes are the extensions of text outputs worth precompressing.
// The static search index's .json.gz files are gzip already and not listed.
var compressedTypes = []string{".html", ".css", ".js", ".xml", ".json", ".txt", ".svg"}

// encoding is one precompressed sibling: file extension and encoder.
type encoding struct {
	ext    string // ".gz"
	encode func([]byte) ([]byte, error)
	decode func(io.Reader) (io.Reader, error)
}

var encodings = []encoding{
	{".gz", gzipBest, func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
	{".br", brotliBest, func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }},
}

func gzipBest(data []byte) ([]byte, error) {
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	// No name and a zero mtime in the header: same input, same bytes.
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	err = zw.Close()
	return b.Bytes(), err
}

func brotliBest(data []byte) ([]byte, error) {
	var b bytes.Buffer
	// A window just large enough for the input, as the reference encoder
	// picks when it knows the size: the same bytes out, and a fraction of
	// the memory and time of the default 4 MiB window for a small page.
	lgwin := 10
	for lgwin < 24 && 1<<lgwin-16 < len(data) {
		lgwin++
	}
	bw := brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: lgwin})
	if _, err := bw.Write(data); err != nil {
		return nil, err
	}
	err := bw.Close()
	return b.Bytes(), err
}

func compressible(rel string) bool {
	return slices.Contains(compressedTypes, path.Ext(rel))
}

// precompress writes a .gz (gzip, best compression) and a .br (brotli,
// quality 11) copy beside every text output of this build larger than
// minCompressSize, for hosts that serve precompressed files (nginx
// gzip_static, a CDN with Content-Encoding set on upload, kb search). A copy
// the site provides itself (static/app.js.gz) is left alone.
//
// Compressing is only done for files whose bytes changed: the copies of an
// unchanged file are kept from the previous output, like the file itself,
// after checking that they still decode to its bytes. So a build that
// changes nothing still writes nothing.
func (o *output) precompress(ctx context.Context) error {
	if o.dryRun {
		return nil
	}
	o.mu.Lock()
	var files []string
	for rel := range o.written {
		if compressible(rel) {
			files = append(files, rel)
		}
	}
	o.mu.Unlock()
	slices.Sort(files)
	return forEach(ctx, files, o.compress)
}

// compress writes or keeps the compressed copies of one output file.
func (o *output) compress(rel string) error {
	o.mu.Lock()
	changed := o.written[rel]
	root := o.old // an unchanged file is the previous output's
	if changed {
		root = o.stageRoot
	}
	h, held := o.held[rel]
	o.mu.Unlock()
	data := h.data
	if !held {
		name := filepath.FromSlash(rel)
		if st, err := root.Stat(name); err != nil || st.Size() <= minCompressSize {
			return err
		}
		var err error
		if data, err = root.ReadFile(name); err != nil {
			return err
		}
	}
	if len(data) <= minCompressSize {
		return nil
	}
	for _, enc := range encodings {
		sib := rel + enc.ext
		o.mu.Lock()
		_, provided := o.written[sib]
		o.mu.Unlock()
		if provided {
			continue
		}
		if !changed && o.keepSibling(sib, data, enc) {
			continue
		}
		z, err := enc.encode(data)
		if err != nil {
			return err
		}
		if err := o.Write(sib, z); err != nil {
			return err
		}
	}
	return nil
}

// keepSibling records the previous output's compressed copy sib as
// unchanged when it decodes to data.
func (o *output) keepSibling(sib string, data []byte, enc encoding) bool {
	if o.old == nil {
		return false
	}
	f, err := o.old.Open(filepath.FromSlash(sib))
	if err != nil {
		return false
	}
	defer f.Close()
	r, err := enc.decode(f)
	if err != nil {
		return false
	}
	got, err := io.ReadAll(io.LimitReader(r, int64(len(data))+1))
	if err != nil || !bytes.Equal(got, data) {
		return false
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if _, dup := o.written[sib]; dup {
		return false
	}
	o.written[sib] = false
	return true
}

// dropSiblings removes the compressed copies of a file that an incremental
// rebuild (kb serve) rewrote or removed in place, so that no host serves a
// stale copy; the next full build writes them again. Copies the site
// provides itself are among the known outputs and stay.
func dropSiblings(root *os.Root, rel string, known map[string][32]byte) {
	if !compressible(rel) {
		return
	}
	for _, enc := range encodings {
		if _, ok := known[rel+enc.ext]; !ok {
			root.Remove(filepath.FromSlash(rel + enc.ext))
		}
	}
}
