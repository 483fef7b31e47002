package builder

import (
	"context"
	"slices"
	"strings"

	"kb/search"
)

// buildIndexes builds both search indexes from the rendered pages' documents,
// a language at a time: the server index (into indexDir with the thesauri
// syn, unless it is "-"; swapped in only when commit is called) and the
// static index (written to the output). The two indexes of a language build side by side, the server
// one on its builder and analysis pool, the static one here. With release
// (kb build: nothing renders again), each language's documents are dropped
// from the page states once indexed, so the build never holds the documents
// of the whole site and both indexes of all languages at once.
//
// It returns the static index files by language, the number of search
// documents, and commit, which swaps the server index in. On an error the
// previous server index stays.
func (r *renderer) buildIndexes(ctx context.Context, indexDir string, syn search.Synonyms, release bool) (static map[string][]string, ndocs int, commit func() error, err error) {
	var server *search.IndexBuild
	if indexDir != "-" {
		if server, err = search.NewIndexBuild(indexDir, syn); err != nil {
			return nil, 0, nil, err
		}
	}
	commit = func() error {
		if server == nil {
			return nil
		}
		return server.Commit()
	}
	byLang := r.docsByLang(release)
	static = map[string][]string{}
	for _, lang := range r.site.cfg.Order {
		docs := byLang[lang]
		delete(byLang, lang)
		ndocs += len(docs)
		serverDone := make(chan error, 1)
		if server != nil && len(docs) > 0 {
			go func() { serverDone <- server.AddLanguage(ctx, lang, slices.Clone(docs)) }()
		} else {
			serverDone <- nil
		}
		names, serr := r.writeStaticLang(lang, docs)
		if err := <-serverDone; serr == nil {
			serr = err
		}
		if serr == nil {
			serr = ctx.Err()
		}
		if serr != nil {
			if server != nil {
				server.Abort()
			}
			return nil, 0, nil, serr
		}
		static[lang] = names
	}
	return static, ndocs, commit, nil
}

// docsByLang gathers the pages' search documents by language, each sorted by
// ID; with release, the page states let go of theirs.
func (r *renderer) docsByLang(release bool) map[string][]search.Document {
	byLang := map[string][]search.Document{}
	for _, st := range r.states {
		byLang[st.lang] = append(byLang[st.lang], st.docs...)
		if release {
			st.docs = nil
		}
	}
	for _, docs := range byLang {
		slices.SortFunc(docs, func(a, b search.Document) int { return strings.Compare(a.ID, b.ID) })
	}
	return byLang
}
