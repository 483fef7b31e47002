package search

import (
	"slices"
	"unsafe"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// Index field names.
const (
	fieldTitle        = "title"
	fieldPage         = "page"
	fieldHeadings     = "headings"
	fieldTags         = "tags"
	fieldBody         = "body"
	fieldSection      = "section"
	fieldSectionTitle = "section_title"
	fieldKind         = "kind"
	fieldURL          = "url"
	fieldFallback     = "fallback"
	// fieldTitleX holds the unstemmed, folded words (exactAnalyzer) of title, headings and tags, for fuzzy and prefix
	// queries on the word as typed. The body has no such field: analyzing every body twice made builds a third
	// slower and the index bigger, and fuzzy and prefix queries on the body's stems find nearly the same pages.
	fieldTitleX = "title_x"
	// fieldBodyX is the body's fieldTitleX, in the languages whose analyzer also indexes a word without the
	// one-letter words joined to its front (see Proclitics): it holds the words as written only, so that a page with
	// the word as typed ranks above one that has it only after them.
	fieldBodyX = "body_x"
)

// storedFields are the fields a hit is made from.
var storedFields = []string{fieldTitle, fieldURL, fieldSection, fieldSectionTitle, fieldPage, fieldBody, fieldFallback}

// newMapping returns the index mapping for one language. Nothing has term vectors or doc values: snippets are
// computed from the stored body (see snippet.go), and results are only sorted by score. There is no _all field.
func newMapping(lang string) *mapping.IndexMappingImpl {
	analyzer := AnalyzerFor(lang)
	exact := !isCJK(analyzer)

	text := func(name, analyzer string, store bool) *mapping.FieldMapping {
		fm := mapping.NewTextFieldMapping()
		fm.Name = name
		fm.Analyzer = analyzer
		fm.Store = store
		fm.IncludeTermVectors = false
		fm.IncludeInAll = false
		fm.DocValues = false
		return fm
	}
	withExact := func(fm *mapping.FieldMapping, x string) []*mapping.FieldMapping {
		if !exact {
			return []*mapping.FieldMapping{fm}
		}
		return []*mapping.FieldMapping{fm, text(x, exactAnalyzer(analyzer), false)}
	}
	keyword := func(name string, store, indexed bool) *mapping.FieldMapping {
		fm := mapping.NewKeywordFieldMapping()
		fm.Name = name
		fm.Store = store
		fm.Index = indexed
		fm.IncludeTermVectors = false
		fm.IncludeInAll = false
		fm.DocValues = false
		return fm
	}

	dm := bleve.NewDocumentStaticMapping()
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	dm.AddFieldMappingsAt(fieldTitle, withExact(text(fieldTitle, analyzer, true), fieldTitleX)...)
	dm.AddFieldMappingsAt(fieldPage, text(fieldPage, analyzer, true))
	dm.AddFieldMappingsAt(fieldHeadings, withExact(text(fieldHeadings, analyzer, false), fieldTitleX)...)
	dm.AddFieldMappingsAt(fieldTags, withExact(text(fieldTags, analyzer, false), fieldTitleX)...)
	body := []*mapping.FieldMapping{text(fieldBody, analyzer, true)}
	if chains[analyzer].proclitics != nil {
		body = withExact(body[0], fieldBodyX)
	}
	dm.AddFieldMappingsAt(fieldBody, body...)
	dm.AddFieldMappingsAt(fieldSection, keyword(fieldSection, true, true))
	dm.AddFieldMappingsAt(fieldSectionTitle, keyword(fieldSectionTitle, true, false))
	dm.AddFieldMappingsAt(fieldKind, keyword(fieldKind, false, true))
	dm.AddFieldMappingsAt(fieldURL, keyword(fieldURL, true, false))
	fallback := mapping.NewBooleanFieldMapping()
	fallback.Store, fallback.Index, fallback.IncludeInAll, fallback.DocValues = true, false, false, false
	dm.AddFieldMappingsAt(fieldFallback, fallback)

	im := bleve.NewIndexMapping()
	im.DefaultMapping = dm
	im.DefaultAnalyzer = analyzer
	im.ScoringModel = index.BM25Scoring
	im.StoreDynamic, im.IndexDynamic, im.DocValuesDynamic = false, false, false
	return im
}

// fields maps a document to what newMapping indexes.
func (d *Document) fields() map[string]any {
	m := map[string]any{}
	d.eachField(func(name string, v any) { m[name] = v })
	return m
}

// eachField calls f with each property fields gives the document, in a fixed order.
func (d *Document) eachField(f func(name string, v any)) {
	f(fieldTitle, d.Title)
	f(fieldBody, d.Body)
	f(fieldKind, d.Kind)
	f(fieldURL, d.URL)
	if d.Page != "" {
		f(fieldPage, d.Page)
	}
	if len(d.Headings) > 0 {
		f(fieldHeadings, d.Headings)
	}
	if len(d.Tags) > 0 {
		f(fieldTags, d.Tags)
	}
	if d.Section != "" {
		f(fieldSection, d.Section)
	}
	if d.SectionTitle != "" {
		f(fieldSectionTitle, d.SectionTitle)
	}
	if d.Fallback {
		f(fieldFallback, true)
	}
}

// docMapper maps a document's fields as the mapping's MapDocument does for what eachField gives (strings, string
// lists, a boolean, each property with explicit field mappings), without its reflection, which cost a quarter of
// the analysis of a document.
type docMapper struct {
	props     map[string][]*mapping.FieldMapping
	analyzers map[*mapping.FieldMapping]analysis.Analyzer
	// absent holds a field of no content and no options for each field name the mapping gives (see withEveryField).
	absent []document.Field
}

func newDocMapper(im *mapping.IndexMappingImpl) *docMapper {
	m := &docMapper{props: map[string][]*mapping.FieldMapping{}, analyzers: map[*mapping.FieldMapping]analysis.Analyzer{}}
	for name, dm := range im.DefaultMapping.Properties {
		if !dm.Enabled || len(dm.Properties) > 0 {
			continue // MapDocument decides
		}
		m.props[name] = dm.Fields
		for _, fm := range dm.Fields {
			if n := fieldName(fm, name); !slices.ContainsFunc(m.absent, func(f document.Field) bool { return f.Name() == n }) {
				m.absent = append(m.absent, analyzedField{document.NewTextFieldWithIndexingOptions(n, nil, nil, 0)})
			}
			if fm.Type == "text" {
				a := fm.Analyzer
				if a == "" {
					a = im.DefaultAnalyzer
				}
				m.analyzers[fm] = im.AnalyzerNamed(a)
			}
		}
	}
	return m
}

// withEveryField appends to a document's fields, for each field name the mapping gives that they lack, a field that
// is neither indexed nor stored and adds nothing to the index. A segment then has every field, whatever documents it
// holds, and the builder's merge of the language's segments copies their postings and stored fields as they are
// encoded: it decodes and encodes them again when one segment lacks a field another has (as when no document of
// its batch is a FAQ question, and so none has a page field).
func (m *docMapper) withEveryField(fields []document.Field) []document.Field {
	for _, a := range m.absent {
		if !slices.ContainsFunc(fields, func(f document.Field) bool { return f.Name() == a.Name() }) {
			fields = append(fields, a)
		}
	}
	return fields
}

// mapDoc adds d's fields to p (text fields to its slab, others to other); false if it met something it leaves to
// MapDocument (p is then as it was).
func (m *docMapper) mapDoc(p *preDoc, d *Document) bool {
	texts, others, ok := len(p.slab), len(p.other), true
	d.eachField(func(name string, v any) {
		fms, known := m.props[name]
		switch v := v.(type) {
		case string:
			ok = ok && known && m.add(p, name, fms, v, nil)
		case []string:
			for i, s := range v {
				ok = ok && known && m.add(p, name, fms, s, itemPosition(i))
			}
		case bool:
			for _, fm := range fms {
				if fm.Type != "boolean" {
					ok = false
				} else if ok {
					p.other = append(p.other, document.NewBooleanFieldWithIndexingOptions(fieldName(fm, name), []uint64{}, v, fm.Options()))
				}
			}
			ok = ok && known
		default:
			ok = false
		}
	})
	if !ok {
		clear(p.slab[texts:])
		clear(p.other[others:])
		p.slab, p.other = p.slab[:texts], p.other[:others]
	}
	return ok
}

func (m *docMapper) add(p *preDoc, name string, fms []*mapping.FieldMapping, v string, pos []uint64) bool {
	for _, fm := range fms {
		a := m.analyzers[fm]
		if fm.Type != "text" || a == nil {
			return false
		}
		p.slab = append(p.slab, preField{name: fieldName(fm, name), pos: pos, value: borrow(v), options: fm.Options(), analyzer: a})
	}
	return true
}

// itemPositions are the array positions of a list's first items: a field's ArrayPositions are only read.
var itemPositions = func() [][]uint64 {
	ps := make([][]uint64, 64)
	for i := range ps {
		ps[i] = []uint64{uint64(i)}
	}
	return ps
}()

// itemPosition is the array positions of a list's item i.
func itemPosition(i int) []uint64 {
	if i < len(itemPositions) {
		return itemPositions[i]
	}
	return []uint64{uint64(i)}
}

// borrow is v's bytes, not copied: a document's fields only read them (its body alone is a tenth of what a build
// allocates). Analysis that may rewrite a term in place, in the bytes it was cut from, runs on a copy (analyzeDoc).
func borrow(v string) []byte {
	return unsafe.Slice(unsafe.StringData(v), len(v))
}

// fieldName is a top-level field mapping's field name, as bleve names it.
func fieldName(fm *mapping.FieldMapping, property string) string {
	if fm.Name != "" {
		return fm.Name
	}
	return property
}
