package search

import (
	"github.com/blevesearch/bleve/v2"
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
	// fieldTitleX holds the unstemmed, folded words (plainAnalyzer) of title, headings and tags, for fuzzy and prefix
	// queries on the word as typed. The body has no such field: analyzing every body twice made builds a third
	// slower and the index bigger, and fuzzy and prefix queries on the body's stems find nearly the same pages.
	fieldTitleX = "title_x"
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
		return []*mapping.FieldMapping{fm, text(x, plainAnalyzer, false)}
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
	dm.AddFieldMappingsAt(fieldBody, text(fieldBody, analyzer, true))
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
	m := map[string]any{
		fieldTitle: d.Title,
		fieldBody:  d.Body,
		fieldKind:  d.Kind,
		fieldURL:   d.URL,
	}
	if d.Page != "" {
		m[fieldPage] = d.Page
	}
	if len(d.Headings) > 0 {
		m[fieldHeadings] = d.Headings
	}
	if len(d.Tags) > 0 {
		m[fieldTags] = d.Tags
	}
	if d.Section != "" {
		m[fieldSection] = d.Section
	}
	if d.SectionTitle != "" {
		m[fieldSectionTitle] = d.SectionTitle
	}
	if d.Fallback {
		m[fieldFallback] = true
	}
	return m
}
