package builder

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

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

	mu sync.Mutex // guards static and ndocs: two languages may be added at once (renderAll)

	// held, when set, gives what the server index being replaced holds of
	// a language, by document ID (pageCache.serverUpdate): a language whose
	// documents changed little is updated from it rather than indexed again.
	held    func(lang string) map[string]bool
	note    func(string) // told when an update fails and the language is indexed again
	updated atomic.Int32 // languages updated
}

func (r *renderer) newIndexer(indexDir string, syn search.Synonyms) (*indexer, error) {
	ix := &indexer{r: r, static: map[string][]string{}}
	if indexDir != "-" {
		server, err := search.NewIndexBuild(indexDir, syn)
		if err != nil {
			return nil, err
		}
		server.MapsMemory = r.mapsMemory
		server.SoundsGiven = true // by addLanguage, from the static index
		ix.server = server
	}
	return ix, nil
}

// addLanguage indexes one language's documents, sorted by ID. rendered are
// those of the pages rendered rather than taken from the build cache;
// bodies (nil for none) gives back the bodies that cached ones came
// without.
func (ix *indexer) addLanguage(ctx context.Context, lang string, docs, rendered []search.Document, bodies *bodyLoader) error {
	serverDone := make(chan error, 1)
	if ix.server != nil && len(docs) > 0 {
		// Both indexes read docs meanwhile, sorted by ID, and neither
		// writes to them: each fills bodies into a copy of its own.
		go func() { serverDone <- ix.addServer(ctx, lang, docs, rendered, bodies) }()
	} else {
		serverDone <- nil
	}
	var sounds map[string][]string
	names, err := ix.r.writeStaticLang(ctx, lang, docs, bodies, func(t map[string][]string) { sounds = t })
	if serr := <-serverDone; err == nil {
		err = serr
	}
	if err == nil && sounds != nil && ix.server != nil && len(docs) > 0 {
		ix.server.SetSounds(lang, sounds)
	}
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return err
	}
	ix.mu.Lock()
	ix.static[lang] = names
	ix.ndocs += len(docs)
	ix.mu.Unlock()
	return nil
}

// addServer indexes one language into the server index: by updating the
// last build's index with the rendered pages' documents and the removed
// ones when that is known to be possible and the change is small, else by
// indexing every document.
func (ix *indexer) addServer(ctx context.Context, lang string, docs, rendered []search.Document, bodies *bodyLoader) error {
	var held map[string]bool
	if ix.held != nil {
		held = ix.held(lang)
	}
	if held != nil {
		upserts, deletes := serverChange(held, docs, rendered)
		if len(upserts)+len(deletes) <= len(docs)/maxUpdateShare {
			// Documents the index lacks besides the rendered ones.
			err := bodies.fill(upserts[len(rendered):])
			if err == nil {
				err = ix.server.UpdateLanguage(ctx, lang, docs, upserts, deletes)
			}
			if err == nil {
				ix.updated.Add(1)
				return nil
			}
			if ctx.Err() != nil {
				return err
			}
			ix.note(fmt.Sprintf("building the %s search index again: %v", lang, err))
		}
	}
	if bodies != nil {
		docs = slices.Clone(docs)
		if err := bodies.fill(docs); err != nil {
			return err
		}
	}
	return ix.server.AddLanguage(ctx, lang, docs)
}

// maxUpdateShare: a language whose change touches more than one document
// in maxUpdateShare is indexed again rather than updated.
const maxUpdateShare = 4

// serverChange is what turns an index holding the documents held into one
// holding docs: the rendered pages' documents and any other document it
// lacks (upserts), and those it holds that are gone (deletes). A cached
// page's documents are the ones the last build indexed.
func serverChange(held map[string]bool, docs, rendered []search.Document) (upserts []search.Document, deletes []string) {
	upserts = slices.Clone(rendered)
	isRendered := make(map[string]bool, len(rendered))
	for _, d := range rendered {
		isRendered[d.ID] = true
	}
	now := make(map[string]bool, len(docs))
	for _, d := range docs {
		now[d.ID] = true
		if !held[d.ID] && !isRendered[d.ID] {
			upserts = append(upserts, d)
		}
	}
	for id := range held {
		if !now[id] {
			deletes = append(deletes, id)
		}
	}
	slices.Sort(deletes)
	return upserts, deletes
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
// With the build cache (kb serve's first build), a language whose pages
// mostly came from it updates the server index the cache was committed
// with; note is told when an update fails.
//
// It returns the indexer, whose commit swaps the server index in. On an
// error the previous server index stays.
func (r *renderer) buildIndexes(ctx context.Context, indexDir string, syn search.Synonyms, note func(string)) (*indexer, error) {
	ix, err := r.newIndexer(indexDir, syn)
	if err != nil {
		return nil, err
	}
	if r.cache != nil && ix.server != nil {
		ix.held, ix.note = r.cache.serverUpdate(indexDir), note
	}
	byLang, rendered := r.docsByLang()
	for _, lang := range r.site.cfg.Order {
		docs := byLang[lang]
		delete(byLang, lang)
		if err := ix.addLanguage(ctx, lang, docs, rendered[lang], nil); err != nil {
			ix.abort()
			return nil, err
		}
	}
	return ix, nil
}

// docsByLang gathers the pages' search documents by language, each sorted by
// ID, and those of the pages rendered rather than taken from the build
// cache.
func (r *renderer) docsByLang() (all, rendered map[string][]search.Document) {
	all, rendered = map[string][]search.Document{}, map[string][]search.Document{}
	for _, st := range r.states {
		all[st.lang] = append(all[st.lang], st.docs...)
		if !st.cached {
			rendered[st.lang] = append(rendered[st.lang], st.docs...)
		}
	}
	for _, docs := range all {
		sortDocs(docs)
	}
	return all, rendered
}

// langDocs takes one language's search documents from the page states,
// sorted by ID: the states let go of them. rendered are those of the pages
// not taken from the build cache; bodies gives back the bodies of those
// taken without them (nil when there are none).
func (r *renderer) langDocs(lang string) (docs, rendered []search.Document, bodies *bodyLoader) {
	// The language's pages are rendered: only their states are taken
	// under the lock, which the next language's rendering takes for
	// every page it stores.
	var states []*pageState
	n, nRendered := 0, 0
	r.statesMu.Lock()
	for _, st := range r.states {
		if st.lang == lang {
			states = append(states, st)
			n += len(st.docs)
			if !st.cached {
				nRendered += len(st.docs)
			}
		}
	}
	r.statesMu.Unlock()
	// In their documents' order, so that sorting the documents, which are
	// big to move, finds them sorted but for a few.
	slices.SortFunc(states, func(a, b *pageState) int { return strings.Compare(firstDocID(a), firstDocID(b)) })
	docs = make([]search.Document, 0, n)
	if nRendered > 0 {
		rendered = make([]search.Document, 0, nRendered) // documents are big to copy as a slice grows
	}
	for _, st := range states {
		docs = append(docs, st.docs...)
		if !st.cached {
			rendered = append(rendered, st.docs...)
		}
		if st.leftOut != nil {
			if bodies == nil {
				bodies = &bodyLoader{cache: r.cache, entries: make(map[string]*cacheEntry, n)}
			}
			for _, d := range st.docs {
				bodies.entries[d.ID] = st.leftOut
			}
			st.leftOut = nil
		}
		st.docs = nil
	}
	sortDocs(docs)
	return docs, rendered, bodies
}

// bodyLoader gives back the bodies of the search documents of pages taken
// from the build cache, which lookup decodes without them: an index update
// needs only the documents' digests and other fields, and an index built
// again reads the bodies (fill).
type bodyLoader struct {
	cache   *pageCache
	entries map[string]*cacheEntry // by document ID
}

// leftOut reports whether the document id came without its body.
func (l *bodyLoader) leftOut(id string) bool { return l != nil && l.entries[id] != nil }

// fill sets the body of each document of docs that came without it, read
// again from the cache's pack.
func (l *bodyLoader) fill(docs []search.Document) error {
	if l == nil {
		return nil
	}
	var need []*cacheEntry
	at := map[*cacheEntry][]int{}
	for i := range docs {
		if e := l.entries[docs[i].ID]; e != nil {
			if at[e] == nil {
				need = append(need, e)
			}
			at[e] = append(at[e], i)
		}
	}
	return forEach(context.Background(), need, func(e *cacheEntry) error {
		full, err := l.cache.docsAgain(e)
		if err != nil {
			return err
		}
		for _, i := range at[e] {
			id := docs[i].ID
			j := slices.IndexFunc(full, func(d search.Document) bool { return d.ID == id })
			if j < 0 { // the checksum matched: the entry names other documents
				return fmt.Errorf("the build cache %s has no search document %s for a page it gave: remove the folder and build again", l.cache.dir, id)
			}
			docs[i].Body = full[j].Body
		}
		return nil
	})
}

func firstDocID(st *pageState) string {
	if len(st.docs) == 0 {
		return ""
	}
	return st.docs[0].ID
}

func sortDocs(docs []search.Document) {
	slices.SortFunc(docs, func(a, b search.Document) int { return strings.Compare(a.ID, b.ID) })
}
