package builder

import (
	"context"
	"slices"
	"strings"

	"kb/search"
)

// indexer builds both search indexes a language at a time: the server index
// (into indexDir with the thesauri, unless it is "-"; swapped in only on
// commit) and the static index (written to the output). The two indexes of
// a language build side by side, the server one on its builder and analysis
// pool, the static one here.
type indexer struct {
	r      *renderer
	server *search.IndexBuild  // nil without a server index
	static map[string][]string // static index files by language
	ndocs  int                 // search documents indexed
}

func (r *renderer) newIndexer(indexDir string, syn search.Synonyms) (*indexer, error) {
	ix := &indexer{r: r, static: map[string][]string{}}
	if indexDir != "-" {
		server, err := search.NewIndexBuild(indexDir, syn)
		if err != nil {
			return nil, err
		}
		ix.server = server
	}
	return ix, nil
}

// addLanguage indexes one language's documents, sorted by ID.
func (ix *indexer) addLanguage(ctx context.Context, lang string, docs []search.Document) error {
	ix.ndocs += len(docs)
	serverDone := make(chan error, 1)
	if ix.server != nil && len(docs) > 0 {
		go func() { serverDone <- ix.server.AddLanguage(ctx, lang, slices.Clone(docs)) }()
	} else {
		serverDone <- nil
	}
	names, err := ix.r.writeStaticLang(ctx, lang, docs)
	if serr := <-serverDone; err == nil {
		err = serr
	}
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return err
	}
	ix.static[lang] = names
	return nil
}

// commit swaps the server index in.
func (ix *indexer) commit() error {
	if ix.server == nil {
		return nil
	}
	return ix.server.Commit()
}

// abort leaves the previous server index in place.
func (ix *indexer) abort() {
	if ix.server != nil {
		ix.server.Abort()
	}
}

// buildIndexes builds both search indexes from the rendered pages'
// documents, a language at a time (see indexer), after every page has
// rendered: kb serve keeps the documents in the page states for its
// rebuilds. (kb build indexes each language as it renders: see langDocs.)
//
// It returns the indexer, whose commit swaps the server index in. On an
// error the previous server index stays.
func (r *renderer) buildIndexes(ctx context.Context, indexDir string, syn search.Synonyms) (*indexer, error) {
	ix, err := r.newIndexer(indexDir, syn)
	if err != nil {
		return nil, err
	}
	byLang := r.docsByLang()
	for _, lang := range r.site.cfg.Order {
		docs := byLang[lang]
		delete(byLang, lang)
		if err := ix.addLanguage(ctx, lang, docs); err != nil {
			ix.abort()
			return nil, err
		}
	}
	return ix, nil
}

// docsByLang gathers the pages' search documents by language, each sorted by
// ID.
func (r *renderer) docsByLang() map[string][]search.Document {
	byLang := map[string][]search.Document{}
	for _, st := range r.states {
		byLang[st.lang] = append(byLang[st.lang], st.docs...)
	}
	for _, docs := range byLang {
		sortDocs(docs)
	}
	return byLang
}

// langDocs takes one language's search documents from the page states,
// sorted by ID: the states let go of them.
func (r *renderer) langDocs(lang string) []search.Document {
	var docs []search.Document
	for _, st := range r.states {
		if st.lang == lang {
			docs = append(docs, st.docs...)
			st.docs = nil
		}
	}
	sortDocs(docs)
	return docs
}

func sortDocs(docs []search.Document) {
	slices.SortFunc(docs, func(a, b search.Document) int { return strings.Compare(a.ID, b.ID) })
}
