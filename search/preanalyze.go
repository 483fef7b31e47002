package search

import (
	"bytes"
	"context"
	"runtime"

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

// preDoc is a document whose indexed fields are analyzed: what preMapping hands the builder.
type preDoc struct {
	fields []document.Field
}

// release gives back the frequency buffers of d's fields, once the builder has written d's segment.
func (d *preDoc) release() {
	for _, f := range d.fields {
		if t, ok := f.(*analyzedText); ok {
			t.buf.release()
			t.buf = nil
		}
	}
}

// analyzedField is a field analyzed already: the builder's Analyze is a no-op.
type analyzedField struct{ document.Field }

func (analyzedField) Analyze() {}

// analyzedText is a text field analyzed by memoAnalyzer.frequenciesOf: one text, or the texts of several fields of
// one name counted together (plain is then their bytes).
type analyzedText struct {
	*document.TextField
	length int
	buf    *freqBuf
	plain  uint64
}

func (*analyzedText) Analyze()                                           {}
func (f *analyzedText) AnalyzedLength() int                              { return f.length }
func (f *analyzedText) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.buf.freqs }
func (f *analyzedText) NumPlainTextBytes() uint64                        { return f.plain }

// analyzeDoc maps a document as newMapping does and analyzes its indexed fields, as the builder would. Indexed
// text fields of one name that are not stored (the items of headings and tags, and the title_x field that title,
// headings and tags all feed) become one field: the segment builder adds up the lengths of such fields and merges
// their frequencies into the first one's, so one field counted over all their texts indexes the same, without a
// map of frequencies per text and the merges, a third of the fields of a document.
func analyzeDoc(im *mapping.IndexMappingImpl, dm *docMapper, d *Document, memos map[analysis.Analyzer]*memoAnalyzer) (*preDoc, error) {
	doc := document.NewDocument(d.ID)
	if dm == nil || !dm.mapDoc(doc, d) {
		if err := im.MapDocument(doc, d.fields()); err != nil {
			return nil, err
		}
	}
	if doc.HasComposite() { // an _all field composes the others as the builder analyzes them: leave it all to it
		return &preDoc{fields: doc.Fields}, nil
	}
	fields := doc.Fields
	kept := fields[:0] // in place: kept never passes the field being read
	var texts [][]byte
	for i, f := range fields {
		if f == nil { // counted with an earlier field of its name
			continue
		}
		if !f.Options().IsIndexed() {
			kept = append(kept, f)
			continue
		}
		if tf, ok := f.(*document.TextField); ok && tf.Analyzer() != nil {
			a := tf.Analyzer()
			m, ok := memos[a]
			if !ok {
				m = memoFor(im, a)
				memos[a] = m
			}
			if m != nil && !tf.Options().IncludeTermVectors() {
				texts = append(texts[:0], tf.Value())
				plain := uint64(len(tf.Value()))
				var same []int
				if mergeable(tf) {
					for j := i + 1; j < len(fields); j++ {
						if g, ok := fields[j].(*document.TextField); ok && g.Name() == tf.Name() && g.Analyzer() == a && g.Options() == tf.Options() {
							texts = append(texts, g.Value())
							plain += uint64(len(g.Value()))
							same = append(same, j)
						}
					}
				}
				if n, buf, ok := m.frequenciesOf(texts, tf.Options().SkipFreqNorm()); ok {
					for _, j := range same {
						fields[j] = nil
					}
					kept = append(kept, &analyzedText{TextField: tf, length: n, buf: buf, plain: plain})
					continue
				}
			}
			// Filters may rewrite a term in the bytes it was cut from, which
			// docMapper borrowed from the document's strings: a copy.
			if m != nil {
				a = m
			}
			f = document.NewTextFieldCustom(tf.Name(), tf.ArrayPositions(), bytes.Clone(tf.Value()), tf.Options(), a)
		}
		f.Analyze()
		kept = append(kept, analyzedField{f})
	}
	clear(fields[len(kept):])
	if dm != nil {
		kept = dm.withEveryField(kept)
	}
	return &preDoc{fields: kept}, nil
}

// mergeable reports whether the builder only indexes f: it neither stores it nor keeps its doc values or term
// vectors, which are per field rather than per name.
func mergeable(f *document.TextField) bool {
	o := f.Options()
	return o.IsIndexed() && !o.IsStored() && !o.IncludeDocValues() && !o.IncludeTermVectors()
}

// memoFor returns a memoAnalyzer for a, one of im's analyzers, or nil if a's filters are not per-token.
func memoFor(im *mapping.IndexMappingImpl, a analysis.Analyzer) *memoAnalyzer {
	da, ok := a.(*analysis.DefaultAnalyzer)
	if !ok {
		return nil
	}
	for _, name := range []string{im.DefaultAnalyzer, plainAnalyzer} { // the language's analyzer and the *_x fields'
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
