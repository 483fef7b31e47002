package search

import (
	"bytes"
	"context"
	"reflect"
	"runtime"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// Build analyzes documents outside bleve's offline Builder, which analyzes a batch on the goroutine that indexes it:
// one core per language, and the filter chain run on every word of every text. Here a pool of GOMAXPROCS workers,
// shared by the languages being built, analyzes chunks of documents with per-worker memoAnalyzers, and each
// language's builder indexes the analyzed chunks in order.

// chunkDocs is how many documents one pool job analyzes.
const chunkDocs = 64

// chunk is one pool job: docs in, analyzed documents out.
type chunk struct {
	im   *mapping.IndexMappingImpl
	dm   *docMapper // im's
	docs []Document
	out  []*preDoc
	err  error
	done chan struct{} // closed when out or err is set
}

type analysisPool struct {
	jobs chan *chunk
}

func newAnalysisPool() *analysisPool {
	p := &analysisPool{jobs: make(chan *chunk)}
	for range runtime.GOMAXPROCS(0) {
		go p.work()
	}
	return p
}

func (p *analysisPool) close() { close(p.jobs) }

func (p *analysisPool) work() {
	memos := map[analysis.Analyzer]*memoAnalyzer{} // this worker's, by the mapping's analyzer
	for c := range p.jobs {
		c.out = make([]*preDoc, len(c.docs))
		for i := range c.docs {
			c.out[i], c.err = analyzeDoc(c.im, c.dm, &c.docs[i], memos)
			if c.err != nil {
				break
			}
		}
		close(c.done)
	}
}

// analyze queues docs on the pool a chunk at a time and returns the chunks in order, a few ahead of the caller.
// The caller drains the channel, waiting on each chunk's done.
func (p *analysisPool) analyze(ctx context.Context, im *mapping.IndexMappingImpl, docs []Document) <-chan *chunk {
	ahead := 2 * runtime.GOMAXPROCS(0)
	order := make(chan *chunk, ahead)
	dm := newDocMapper(im)
	go func() {
		defer close(order)
		for s := 0; s < len(docs); s += chunkDocs {
			c := &chunk{im: im, dm: dm, docs: docs[s:min(s+chunkDocs, len(docs))], done: make(chan struct{})}
			if err := ctx.Err(); err != nil {
				c.err = err
				close(c.done)
				order <- c
				return
			}
			order <- c // before the job, so that the caller's wait is bounded by ahead chunks
			p.jobs <- c
		}
	}()
	return order
}

// preDoc is a document whose indexed fields are analyzed: what preMapping hands the builder. Its text fields are
// preFields in one slab, and feedLang hands the whole of it back (release) once the builder has written its
// segment, for another document: a full build would otherwise allocate a TextField, a wrapper and a map of
// frequencies for every field of every document.
type preDoc struct {
	fields []document.Field // for the builder: the analyzed fields, pointing into slab
	slab   []preField       // the text fields, as mapped
	other  []document.Field // the fields of other types (a boolean), as mapped
	texts  [][]byte         // analyzeDoc's scratch: the texts of one name counted together
	same   []int            // and the slab indexes of those after the first
}

var preDocs = sync.Pool{New: func() any { return new(preDoc) }}

// release gives d and its frequency buffers back. Nothing may use d or its fields after it.
func (d *preDoc) release() {
	for i := range d.slab {
		if b := d.slab[i].buf; b != nil {
			b.release()
		}
	}
	clear(d.fields)
	clear(d.slab)
	clear(d.other)
	clear(d.texts)
	d.fields, d.slab, d.other, d.texts, d.same = d.fields[:0], d.slab[:0], d.other[:0], d.texts[:0], d.same[:0]
	preDocs.Put(d)
}

// analyzedField is a field analyzed already: the builder's Analyze is a no-op.
type analyzedField struct{ document.Field }

func (analyzedField) Analyze() {}

// preField is a text field as docMapper maps it and analyzeDoc analyzes it. Once analyzed by
// memoAnalyzer.frequenciesOf, it is one text, or the texts of several fields of one name counted together (plain is
// then their bytes), and the builder's Analyze is a no-op.
type preField struct {
	name     string
	pos      []uint64
	value    []byte
	options  index.FieldIndexingOptions
	analyzer analysis.Analyzer
	merged   bool     // counted with an earlier field of its name
	length   int      // analyzed
	buf      *freqBuf // analyzed
	plain    uint64   // analyzed
}

var sizeOfPreField = int(reflect.TypeFor[preField]().Size())

func (f *preField) Name() string                        { return f.name }
func (f *preField) ArrayPositions() []uint64            { return f.pos }
func (f *preField) Options() index.FieldIndexingOptions { return f.options }
func (f *preField) Analyze()                            {}
func (f *preField) Value() []byte                       { return f.value }
func (f *preField) EncodedFieldType() byte              { return 't' } // a text field's, as document.TextField
func (f *preField) AnalyzedLength() int                 { return f.length }
func (f *preField) NumPlainTextBytes() uint64           { return f.plain }
func (f *preField) Size() int                           { return sizeOfPreField + len(f.name) + 8*len(f.pos) + len(f.value) }

func (f *preField) AnalyzedTokenFrequencies() index.TokenFrequencies {
	if f.buf == nil {
		return nil
	}
	return f.buf.freqs
}

// analyzeDoc maps a document as newMapping does and analyzes its indexed fields, as the builder would. Indexed
// text fields of one name that are not stored (the items of headings and tags, and the title_x field that title,
// headings and tags all feed) become one field: the segment builder adds up the lengths of such fields and merges
// their frequencies into the first one's, so one field counted over all their texts indexes the same, without a
// map of frequencies per text and the merges, a third of the fields of a document.
func analyzeDoc(im *mapping.IndexMappingImpl, dm *docMapper, d *Document, memos map[analysis.Analyzer]*memoAnalyzer) (*preDoc, error) {
	p := preDocs.Get().(*preDoc)
	if dm == nil || !dm.mapDoc(p, d) {
		doc := document.NewDocument(d.ID)
		if err := im.MapDocument(doc, d.fields()); err != nil {
			return nil, err
		}
		if doc.HasComposite() { // an _all field composes the others as the builder analyzes them: leave it all to it
			p.fields = append(p.fields, doc.Fields...)
			return p, nil
		}
		for _, f := range doc.Fields {
			if tf, ok := f.(*document.TextField); ok {
				p.slab = append(p.slab, preField{name: tf.Name(), pos: tf.ArrayPositions(), value: tf.Value(), options: tf.Options(), analyzer: tf.Analyzer()})
			} else {
				p.other = append(p.other, f)
			}
		}
	}
	slab := p.slab
	for i := range slab {
		f := &slab[i]
		if f.merged {
			continue
		}
		if !f.options.IsIndexed() {
			f.plain = uint64(len(f.value))
			p.fields = append(p.fields, f)
			continue
		}
		a := f.analyzer
		if a != nil {
			m, ok := memos[a]
			if !ok {
				m = memoFor(im, a)
				memos[a] = m
			}
			if m != nil && !f.options.IncludeTermVectors() {
				p.texts = append(p.texts[:0], f.value)
				plain := uint64(len(f.value))
				p.same = p.same[:0]
				if mergeable(f.options) {
					for j := i + 1; j < len(slab); j++ {
						if g := &slab[j]; !g.merged && g.name == f.name && g.analyzer == a && g.options == f.options {
							p.texts = append(p.texts, g.value)
							plain += uint64(len(g.value))
							p.same = append(p.same, j)
						}
					}
				}
				if n, buf, ok := m.frequenciesOf(p.texts, f.options.SkipFreqNorm()); ok {
					for _, j := range p.same {
						slab[j].merged = true
					}
					f.length, f.buf, f.plain = n, buf, plain
					p.fields = append(p.fields, f)
					continue
				}
			}
			if m != nil {
				a = m
			}
		}
		// Filters may rewrite a term in the bytes it was cut from, which docMapper borrowed from the document's
		// strings: a copy.
		tf := document.NewTextFieldCustom(f.name, f.pos, bytes.Clone(f.value), f.options, a)
		tf.Analyze()
		p.fields = append(p.fields, analyzedField{tf})
	}
	for _, f := range p.other {
		if f.Options().IsIndexed() {
			f.Analyze()
			f = analyzedField{f}
		}
		p.fields = append(p.fields, f)
	}
	if dm != nil {
		p.fields = dm.withEveryField(p.fields)
	}
	return p, nil
}

// mergeable reports whether the builder only indexes a field with options o: it neither stores it nor keeps its
// doc values or term vectors, which are per field rather than per name.
func mergeable(o index.FieldIndexingOptions) bool {
	return o.IsIndexed() && !o.IsStored() && !o.IncludeDocValues() && !o.IncludeTermVectors()
}

// memoFor returns a memoAnalyzer for a, one of im's analyzers, or nil if a's filters are not per-token.
func memoFor(im *mapping.IndexMappingImpl, a analysis.Analyzer) *memoAnalyzer {
	da, ok := a.(*analysis.DefaultAnalyzer)
	if !ok {
		return nil
	}
	for _, name := range []string{im.DefaultAnalyzer, exactAnalyzer(im.DefaultAnalyzer)} { // the language's analyzer and the *_x fields'
		if perToken(name) && im.AnalyzerNamed(name) == a {
			return newMemoAnalyzer(da)
		}
	}
	return nil
}

// preMapping is the mapping the builder is given: newMapping's, except that it takes preDocs as they are. It
// marshals as the mapping it embeds, so the index stores, and Open reads, newMapping's mapping.
type preMapping struct {
	*mapping.IndexMappingImpl
}

func (m preMapping) MapDocument(doc *document.Document, data any) error {
	if p, ok := data.(*preDoc); ok {
		doc.Fields = append(doc.Fields, p.fields...)
		return nil
	}
	return m.IndexMappingImpl.MapDocument(doc, data)
}
