package search

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"kb/atomicdir"
	"kb/search/thesaurus"
)

// Document is one searchable unit: an article, a policy, a FAQ page, or one FAQ question.
type Document struct {
	ID           string   // unique within a language: the URL (with "#anchor" for a FAQ question)
	Lang         string   // canonical code: "en", "ar", "el", "pt-BR", "zh-Hans"
	URL          string   // "/ar/policies/returns/" or "/en/faq/general/#how-do-i-pay"
	Title        string   // the article title, or the question for a FAQ question
	Page         string   // for a question: its FAQ page's title; else ""
	Section      string   // "faq", "" for top-level pages
	SectionTitle string   // localized section title
	Headings     []string // sub-headings
	Body         string   // plain text
	Tags         []string
	Kind         string // "article" | "policy" | "faq" | "question"
	Fallback     bool   // default-language text listed under Lang because the page is not translated
	// Digest is DocDigest of the document when the caller has it already
	// (kb build keeps it in its build cache with the document); zero to
	// have it worked out. A build id is made from its documents' digests.
	Digest [32]byte
}

const (
	manifestName = "manifest.json"
	// indexSchema changes whenever mapping or analysis changes, so a build id never names two different indexes.
	indexSchema = 8
	// batchSize is how many documents make one segment before the builder merges them, and mergeMax how many
	// segments it merges at once. Measured on 30,000 pages (23,000 documents per language): 250 and 200 (one merge)
	// take 11.5 s of CPU and 50-65 MB of live heap besides the documents; 500 and 100, 11.5 s and 85-100 MB; 1000
	// and 10 (two levels of merges), 12.6 s and 130-150 MB. Bigger batches only cost memory.
	batchSize = 250
	mergeMax  = 200
)

// manifest is dir/manifest.json: what Open opens, and the build id the server reports and compares.
type manifest struct {
	Schema    int            `json:"schema"`
	BuildID   string         `json:"build_id"`
	Languages []manifestLang `json:"languages"`
}

type manifestLang struct {
	Lang     string `json:"lang"`
	Docs     int    `json:"docs"`
	Analyzer string `json:"analyzer"`
	// Synonyms is the language's thesaurus, applied at query time; nil in an index built before there was one,
	// which then gets the default.
	Synonyms *thesaurus.Thesaurus `json:"synonyms,omitempty"`
	// ID names the language's index files as Update last wrote them; empty after Build (see langID).
	ID string `json:"id,omitempty"`
}

// langID identifies a language's index files: equal IDs, same files, so a server that reloads may keep that
// language open (Index.Reopen). Build writes every language anew, and its build id names them; Update keeps the ID
// of the languages it does not change and names those it does after its own build id.
func (m manifest) langID(l manifestLang) string {
	return cmp.Or(l.ID, m.BuildID+"/"+l.Lang)
}

// Synonyms holds a thesaurus per language code, for BuildWithSynonyms.
type Synonyms map[string]thesaurus.Thesaurus

// For is the thesaurus of lang: the given one, else kb's default.
func (s Synonyms) For(lang string) thesaurus.Thesaurus {
	if th, ok := s[lang]; ok {
		return th
	}
	return thesaurus.Default(lang)
}

// ThesaurusRules analyzes a thesaurus with a language's analyzer, as the server index applies it to queries: for
// the static index, which applies the same rules in the browser.
func ThesaurusRules(lang string, th thesaurus.Thesaurus) *thesaurus.Rules {
	a, err := analyzerNamed(AnalyzerFor(lang))
	if err != nil {
		panic(err) // every name AnalyzerFor returns is registered in init
	}
	return compileRules(a, th)
}

// Build writes the server index into dir: one bleve index per language at dir/<lang>.bleve (scorch), with that
// language's analyzer, and dir/manifest.json. It builds into a temporary sibling directory and swaps it in (an atomic
// exchange on Linux, two renames elsewhere), so a server reading the old index is never left with a half-written one;
// an Index already open on the old files keeps answering until it is closed. Each language is built offline by
// bleve's Builder (segments of batchSize documents merged into one, which is what queries are fastest on), languages
// in parallel over GOMAXPROCS workers, fed by a shared pool of GOMAXPROCS analysis workers (preanalyze.go). The build id is a hash of the documents, so building the same documents twice
// gives the same id. Build refuses to replace a non-empty dir that has no manifest: it is not an index.
// Callers serialize Build and Update on one dir (kb holds the site lock, kb/builder/sitelock). A caller that has
// its documents a language at a time uses NewIndexBuild instead, which never needs them all at once.
func Build(ctx context.Context, dir string, docs []Document) error {
	return BuildWithSynonyms(ctx, dir, docs, nil)
}

// BuildWithSynonyms is Build with a thesaurus per language (see package thesaurus), stored with the index and applied
// to its queries; a language missing from syn gets kb's default thesaurus.
func BuildWithSynonyms(ctx context.Context, dir string, docs []Document, syn Synonyms) error {
	byLang, err := groupByLang(docs)
	if err != nil {
		return err
	}
	b, err := NewIndexBuild(dir, syn)
	if err != nil {
		return err
	}
	langs := sortedKeys(byLang)
	err = parallel(ctx, len(langs), func(i int) error {
		return b.AddLanguage(ctx, langs[i], byLang[langs[i]])
	})
	if err != nil {
		b.Abort()
		return err
	}
	return b.Commit()
}

// IndexBuild is a server index being built a language at a time, so that a caller holds the documents of one
// language only: NewIndexBuild, AddLanguage for each language (concurrently if it likes), then Commit, which swaps
// the new index in as Build does, or Abort, which leaves dir as it was.
type IndexBuild struct {
	dir, tmp string
	syn      Synonyms
	pool     *analysisPool

	mu    sync.Mutex
	langs map[string]langBuilt

	// finishing is held while a language's builder merges its segments and
	// writes them: AddLanguage returns before that, so the caller can go on
	// (kb build renders the next language), and Commit or Abort waits. One
	// language finishes at a time, which bounds the memory merging takes.
	finishing  sync.Mutex
	finishErrs []error // guarded by mu

	committedID string

	// MapsMemory, when set, is told how many bytes of segment files a
	// language's merge is about to map into memory, and calls release when
	// it has let them go: a process that bounds its memory (kb build) can
	// make room for them, which its runtime does not count.
	MapsMemory func(bytes int64) (release func())

	// SoundsGiven says the caller gives the sound table of each language that has sound keys (SoundKey) with
	// SetSounds, before Commit: kb build takes it from the static index, which has every word's terms at hand, so
	// that AddLanguage need not read the documents' text once more for it.
	SoundsGiven bool
	sounds      map[string]soundTable // guarded by mu: SetSounds's
}

// SetSounds gives a language's sound table (see SoundsGiven): each sound key with the terms of the words that have
// it, sorted. Commit writes it into the language's index, in place of the one an update carried over.
func (b *IndexBuild) SetSounds(lang string, table map[string][]string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.sounds == nil {
		b.sounds = map[string]soundTable{}
	}
	b.sounds[lang] = table
}

// BuildID is the build id of the committed index; "" before Commit.
func (b *IndexBuild) BuildID() string { return b.committedID }

// langBuilt is what the manifest and the build id need of a built language.
type langBuilt struct {
	docs   int
	digest []byte // hash of the language's documents, in ID order
}

// NewIndexBuild starts a build of the server index into dir, with a thesaurus per language as BuildWithSynonyms.
// It refuses to replace a non-empty dir that has no manifest.
func NewIndexBuild(dir string, syn Synonyms) (*IndexBuild, error) {
	if err := checkReplaceable(dir); err != nil {
		return nil, err
	}
	tmp, err := tempSibling(dir)
	if err != nil {
		return nil, err
	}
	return &IndexBuild{dir: dir, tmp: tmp, syn: syn, pool: newAnalysisPool(), langs: map[string]langBuilt{}}, nil
}

// AddLanguage indexes all the documents of one language. They are sorted by ID in place. The caller may drop them
// once it returns: the index keeps what it needs.
func (b *IndexBuild) AddLanguage(ctx context.Context, lang string, docs []Document) error {
	if err := checkDocs(lang, docs); err != nil {
		return err
	}
	if err := b.claim(lang); err != nil {
		return err
	}
	var sounds soundTable
	if key := SoundKey(lang); key != nil && !b.SoundsGiven {
		a, err := analyzerNamed(AnalyzerFor(lang))
		if err != nil {
			return err
		}
		sounds = soundTable{}
		sounds.add(a, key, docs)
	}
	lb, err := feedLang(ctx, b.tmp, lang, docs, b.pool)
	if err != nil {
		return err
	}
	b.mu.Lock()
	b.langs[lang] = langBuilt{docs: len(docs), digest: digestOf(docs)}
	b.mu.Unlock()
	// The merge into one segment and its fsyncs take a while and need no
	// documents: they go on while the caller does other work.
	b.finishing.Lock()
	go func() {
		defer b.finishing.Unlock()
		if b.MapsMemory != nil {
			// The merge maps every segment it reads, then the merged one.
			defer b.MapsMemory(dirBytes(segmentsPath(b.tmp, lang)))()
		}
		err := lb.Close()
		os.Remove(segmentsPath(b.tmp, lang)) // emptied by Close
		scratchFolders.Delete(segmentsPath(b.tmp, lang))
		if err == nil && sounds != nil {
			err = sounds.write(langPath(b.tmp, lang))
		}
		if err != nil {
			b.mu.Lock()
			b.finishErrs = append(b.finishErrs, fmt.Errorf("search: %s: %w", lang, err))
			b.mu.Unlock()
		}
	}()
	return nil
}

// waitFinished waits for the languages still finishing and returns their
// errors.
func (b *IndexBuild) waitFinished() error {
	b.finishing.Lock()
	defer b.finishing.Unlock()
	b.mu.Lock()
	defer b.mu.Unlock()
	return errors.Join(b.finishErrs...)
}

// claim reserves lang for one AddLanguage or UpdateLanguage.
func (b *IndexBuild) claim(lang string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, dup := b.langs[lang]; dup {
		return fmt.Errorf("search: language %s added twice", lang)
	}
	b.langs[lang] = langBuilt{}
	return nil
}

// UpdateLanguage puts one language into the build by updating the index of it that dir holds now, instead of
// indexing every document: the old index is cloned (its segments hard-linked, see cloneIndex), deletes are removed
// from the clone and upserts indexed into it. docs are all the language's documents after the change, as AddLanguage
// would get them: they count and identify the index (the build id is the one AddLanguage would give), and the updated
// index must hold exactly as many, or UpdateLanguage fails. The caller vouches that the old index holds the documents
// it had before the change (see IndexBuildID). On failure the language can still be added with AddLanguage. Queries answer alike on an updated index and on one built from docs:
// scores count live documents only, and equal scores are ordered by ID.
func (b *IndexBuild) UpdateLanguage(ctx context.Context, lang string, docs, upserts []Document, deletes []string) error {
	if err := checkDocs(lang, docs); err != nil {
		return err
	}
	if err := checkDocs(lang, upserts); err != nil {
		return err
	}
	old, err := readManifest(b.dir)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(old.Languages, func(l manifestLang) bool { return l.Lang == lang }) {
		return fmt.Errorf("search: %s has no %s index to update", b.dir, lang)
	}
	if err := b.claim(lang); err != nil {
		return err
	}
	// On failure the language is left unbuilt, for AddLanguage.
	fail := func(err error) error {
		os.RemoveAll(langPath(b.tmp, lang))
		b.mu.Lock()
		delete(b.langs, lang)
		b.mu.Unlock()
		return err
	}
	if err := cloneIndex(langPath(b.dir, lang), langPath(b.tmp, lang)); err != nil {
		return fail(fmt.Errorf("search: %s: %w", lang, err))
	}
	n, err := updateLang(ctx, b.tmp, lang, true, true, !b.SoundsGiven, upserts, deletes)
	if err != nil {
		return fail(err)
	}
	if n != len(docs) {
		return fail(fmt.Errorf("search: %s: the updated index has %d documents, not %d", lang, n, len(docs)))
	}
	b.mu.Lock()
	b.langs[lang] = langBuilt{docs: len(docs), digest: digestOf(docs)}
	b.mu.Unlock()
	return nil
}

// IndexBuildID is the build id of the index in dir, as its manifest says.
func IndexBuildID(dir string) (string, error) {
	m, err := readManifest(dir)
	return m.BuildID, err
}

// Commit writes the manifest and swaps the new index in for dir.
func (b *IndexBuild) Commit() error {
	b.pool.close()
	defer os.RemoveAll(b.tmp) // after a successful swap it holds the old index
	if err := b.waitFinished(); err != nil {
		return err
	}
	for lang, t := range b.sounds {
		if _, built := b.langs[lang]; built {
			if err := t.write(langPath(b.tmp, lang)); err != nil {
				return fmt.Errorf("search: %s: %w", lang, err)
			}
		}
	}
	m := manifest{Schema: indexSchema}
	for _, lang := range sortedKeys(b.langs) {
		m.Languages = append(m.Languages, manifestLang{Lang: lang, Docs: b.langs[lang].docs, Analyzer: AnalyzerFor(lang), Synonyms: new(b.syn.For(lang))})
	}
	m.BuildID = b.buildID(m.Languages)
	b.committedID = m.BuildID
	if err := writeManifest(b.tmp, m); err != nil {
		return err
	}
	return atomicdir.Replace(b.tmp, b.dir)
}

// Abort removes what was built; dir stays as it was.
func (b *IndexBuild) Abort() {
	b.pool.close()
	b.waitFinished() // its error does not matter: nothing is kept
	os.RemoveAll(b.tmp)
}

// buildID hashes the schema, each language's documents, in order, and the thesauri.
func (b *IndexBuild) buildID(langs []manifestLang) string {
	h := sha256.New()
	binary.Write(h, binary.LittleEndian, int64(indexSchema))
	for _, lang := range sortedKeys(b.langs) {
		writeString(h, lang)
		h.Write(b.langs[lang].digest)
	}
	// The thesaurus changes results as documents do: a server's result cache is keyed by the build id.
	for _, l := range langs {
		syn, _ := json.Marshal(l.Synonyms)
		writeString(h, l.Lang)
		h.Write(syn)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// feedLang writes one language's documents into segments under tmp/<lang>.bleve and returns the builder, whose Close
// merges them into the index. The builder only assembles segments: documents reach it already analyzed by the pool,
// in order, a chunk at a time.
func feedLang(ctx context.Context, tmp, lang string, docs []Document, pool *analysisPool) (bleve.Builder, error) {
	im := newMapping(lang)
	segments := segmentsPath(tmp, lang)
	if err := os.Mkdir(segments, 0o755); err != nil {
		return nil, fmt.Errorf("search: %s: %w", lang, err)
	}
	scratchFolders.Store(segments, true) // until the builder's Close has merged them (AddLanguage)
	b, err := bleve.NewBuilder(langPath(tmp, lang), preMapping{im}, map[string]any{
		"batchSize": batchSize,
		"mergeMax":  mergeMax,
		// Segments are built here and renamed into place: they must be on the index's file system.
		"buildPathPrefix": segments,
	})
	if err != nil {
		scratchFolders.Delete(segments)
		return nil, fmt.Errorf("search: %s: %w", lang, err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := pool.analyze(ctx, im, docs)
	// The builder writes a segment once its batch holds batchSize documents, by ID as its batch counts them, and is
	// then done with their fields: their frequency buffers go back to the pool for the documents still to analyze.
	batch := make(map[string]struct{}, batchSize)
	var unwritten []*preDoc
	for c := range chunks {
		<-c.done
		if c.err == nil {
			c.err = ctx.Err()
		}
		for i := range c.out {
			if c.err == nil {
				if err := b.Index(c.docs[i].ID, c.out[i]); err != nil {
					c.err = fmt.Errorf("%s: %w", c.docs[i].ID, err)
				} else {
					batch[c.docs[i].ID] = struct{}{}
					unwritten = append(unwritten, c.out[i])
				}
				if len(batch) >= batchSize { // written
					for _, d := range unwritten {
						d.release()
					}
					clear(batch)
					clear(unwritten)
					unwritten = unwritten[:0]
				}
			}
			c.out[i] = nil // the builder's batch holds the fields until it writes a segment
		}
		if c.err != nil {
			cancel()
			for range chunks { // let the feeder stop
			}
			// No b.Close: it would merge what there is (and panics when there is nothing); Build removes tmp.
			scratchFolders.Delete(segments)
			return nil, fmt.Errorf("search: %s: %w", lang, c.err)
		}
	}
	return b, nil
}

// segmentsPath is where a language's builder writes its segments before it merges them: a folder of tmp's, so
// that their size is known (dirBytes), which Close empties and AddLanguage removes.
func segmentsPath(tmp, lang string) string { return filepath.Join(tmp, lang+".segments") }

// dirBytes is the size of the files below dir (0 for what cannot be read).
func dirBytes(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// Update applies an incremental change to an existing index directory (after one file changes in `kb serve`):
// upserts documents and deletes IDs, per language, and writes a new build id. Published index files are never
// modified (a server has them open, and bolt's file lock would block a writer): Update clones dir into a temporary
// sibling, hard-linking the immutable segment files and copying the rest, applies the change there, and swaps it in
// like Build. A language that ends up with no documents keeps an empty index.
func Update(ctx context.Context, dir string, upserts []Document, deletes map[string][]string) error {
	old, err := readManifest(dir)
	if err != nil {
		return err
	}
	byLang, touched, err := changedLangs(upserts, deletes)
	if err != nil {
		return err
	}
	known := map[string]manifestLang{}
	for _, l := range old.Languages {
		known[l.Lang] = l
	}
	for lang := range touched {
		if _, ok := known[lang]; !ok {
			if len(byLang[lang]) == 0 {
				delete(touched, lang) // deleting from a language the index does not have: nothing to do
				continue
			}
			known[lang] = manifestLang{Lang: lang, Analyzer: AnalyzerFor(lang)}
		}
	}

	tmp, err := tempSibling(dir)
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	langs := sortedKeys(known)
	counts := make([]int, len(langs))
	err = parallel(ctx, len(langs), func(i int) error {
		lang := langs[i]
		counts[i] = known[lang].Docs
		exists := slices.ContainsFunc(old.Languages, func(l manifestLang) bool { return l.Lang == lang })
		if exists {
			if err := cloneIndex(langPath(dir, lang), langPath(tmp, lang)); err != nil {
				return fmt.Errorf("search: %s: %w", lang, err)
			}
		}
		if !touched[lang] {
			return nil
		}
		n, err := updateLang(ctx, tmp, lang, exists, false, true, byLang[lang], deletes[lang])
		counts[i] = n
		return err
	})
	if err != nil {
		return err
	}

	h := sha256.New()
	var buf []byte
	writeString(h, old.BuildID)
	for _, lang := range sortedKeys(touched) {
		writeString(h, lang)
		for i := range byLang[lang] {
			sum := docDigest(&byLang[lang][i], &buf)
			h.Write(sum[:])
		}
		ids := slices.Clone(deletes[lang])
		slices.Sort(ids)
		for _, id := range ids {
			writeString(h, id)
		}
	}
	m := manifest{Schema: indexSchema, BuildID: hex.EncodeToString(h.Sum(nil))[:16]}
	for i, lang := range langs {
		id := m.BuildID + "/" + lang
		if l := known[lang]; !touched[lang] {
			id = old.langID(l)
		}
		m.Languages = append(m.Languages, manifestLang{Lang: lang, Docs: counts[i], Analyzer: AnalyzerFor(lang), Synonyms: known[lang].Synonyms, ID: id})
	}
	if err := writeManifest(tmp, m); err != nil {
		return err
	}
	return atomicdir.Replace(tmp, dir)
}

// updateLang applies one language's change to its index under tmp and returns its document count. With exact, the
// updated index answers every query as one built from its documents does: it is merged into one segment without the
// replaced documents, as a build lays it out, unless mergeNeeded finds that it already answers alike. With sounds, the
// upserts' words go into the language's sound table (a caller that gives the whole table leaves it).
func updateLang(ctx context.Context, tmp, lang string, exists, exact, sounds bool, upserts []Document, deletes []string) (int, error) {
	path := langPath(tmp, lang)
	var idx bleve.Index
	var err error
	if exists {
		idx, err = openForUpdate(path)
	} else {
		idx, err = bleve.New(path, newMapping(lang))
	}
	if err != nil {
		return 0, fmt.Errorf("search: %s: %w", lang, err)
	}
	b := idx.NewBatch()
	for _, id := range deletes {
		b.Delete(id)
	}
	for i := range upserts {
		if err := b.Index(upserts[i].ID, upserts[i].fields()); err != nil {
			idx.Close()
			return 0, fmt.Errorf("search: %s: %s: %w", lang, upserts[i].ID, err)
		}
	}
	if err := ctx.Err(); err != nil {
		idx.Close()
		return 0, err
	}
	if err := idx.Batch(b); err != nil {
		idx.Close()
		return 0, fmt.Errorf("search: %s: %w", lang, err)
	}
	if exact {
		merge, err := mergeNeeded(ctx, idx)
		if err == nil && merge {
			err = forceMerge(ctx, idx)
		}
		if err != nil {
			idx.Close()
			return 0, fmt.Errorf("search: %s: %w", lang, err)
		}
	} else if err := mergeSmallSegments(ctx, idx); err != nil {
		idx.Close()
		return 0, fmt.Errorf("search: %s: %w", lang, err)
	}
	n, err := idx.DocCount()
	var live map[string]bool
	if err == nil {
		live, err = segmentFiles(idx)
	}
	if cerr := idx.Close(); err == nil {
		err = cerr
	}
	if err == nil && live != nil {
		err = removeSegmentFilesBut(path, live)
	}
	if err == nil && sounds {
		err = updateSounds(path, lang, upserts)
	}
	if err != nil {
		return 0, fmt.Errorf("search: %s: %w", lang, err)
	}
	return int(n), nil
}

// segmentFiles names the files of the segments an open index answers from, or is nil when one of them is not on
// disk (then nothing may be removed).
func segmentFiles(idx bleve.Index) (map[string]bool, error) {
	var files map[string]bool
	_, err := inspect(idx, func(_ *scorch.Scorch, segs []*scorch.SegmentSnapshot) {
		files = map[string]bool{}
		for _, s := range segs {
			p, ok := s.Segment().(segment.PersistedSegment)
			if !ok {
				files = nil
				return
			}
			files[filepath.Base(p.Path())] = true
		}
	})
	return files, err
}

// inspect calls f with idx's scorch index and the segments it answers from now, which stay open until f returns;
// it reports false, without calling f, when idx is not a scorch index.
func inspect(idx bleve.Index, f func(sc *scorch.Scorch, segs []*scorch.SegmentSnapshot)) (bool, error) {
	adv, err := idx.Advanced()
	if err != nil {
		return false, err
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return false, nil
	}
	r, err := sc.Reader()
	if err != nil {
		return false, err
	}
	f(sc, r.(*scorch.IndexSnapshot).Segments())
	return true, r.Close()
}

// removeSegmentFilesBut removes a closed index's segment files that its last snapshot does not use. scorch removes
// them itself, in the background, but Update closes the index at once: on a busy machine the files of merged and
// emptied segments stayed, and every later update's clone linked them again. Only the last snapshot is ever opened.
func removeSegmentFilesBut(path string, live map[string]bool) error {
	zaps, err := filepath.Glob(filepath.Join(path, "store", "*.zap"))
	if err != nil {
		return err
	}
	for _, z := range zaps {
		if !live[filepath.Base(z)] {
			if err := os.Remove(z); err != nil {
				return err
			}
		}
	}
	return nil
}

// mergePlaceholder is the ID of forceMerge's placeholder document: documents' IDs are paths, which start with "/".
const mergePlaceholder = "kb:merge"

// openForUpdate opens the index at path to update it, with scorch's merge planner told that no segment is small
// enough to merge: it would merge in the background, and whether a merge is on disk when the index closes depends on
// timing. The merges an update needs are asked for and waited on: forceMerge and mergeSmallSegments plan their own.
func openForUpdate(path string) (bleve.Index, error) {
	return bleve.OpenUsing(path, map[string]any{"scorchMergePlanOptions": map[string]any{"MaxSegmentSize": 1}})
}

// forceMerge merges an open index into one segment, dropping deleted documents.
func forceMerge(ctx context.Context, idx bleve.Index) error {
	// The planner leaves a lone segment as it is, deleted documents and all (an update that only deleted): a
	// placeholder document of no field gives it a second segment to merge with, and is deleted from the merged one.
	// Deleted, it is one more _id term and nothing else: no query scores _id.
	var sc *scorch.Scorch
	lone := false
	ok, err := inspect(idx, func(s *scorch.Scorch, segs []*scorch.SegmentSnapshot) { sc, lone = s, len(segs) == 1 })
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("not a scorch index")
	}
	if lone {
		if err := idx.Index(mergePlaceholder, map[string]any{}); err != nil {
			return err
		}
	}
	if err := sc.ForceMerge(ctx, &mergeplan.SingleSegmentMergePlanOptions); err != nil {
		return err
	}
	if lone {
		return idx.Delete(mergePlaceholder) // and the batch persists the merged segment
	}
	return persistMerge(idx)
}

// persistMerge waits until a merge's segment is on disk: it replaces the others there only when the persister next
// writes the root, which Close does not wait for; a batch (one that changes nothing) returns once its root is
// persisted.
func persistMerge(idx bleve.Index) error {
	return idx.DeleteInternal([]byte("kb-persist"))
}

// mergeSmallSegments bounds the segments of an index that Update changes again and again (each change adds one):
// past maxUpdatedSegments it merges all but the largest into one, which costs as much as the edits' documents, not
// the whole index. scorch's own merger would do it too, in the background, but Update closes the index at once, so
// on a busy machine its merges rarely finished and a long editing session piled up segments.
func mergeSmallSegments(ctx context.Context, idx bleve.Index) error {
	var sc *scorch.Scorch
	var largest uint64 // live documents
	many, ties := 0, 0
	ok, err := inspect(idx, func(s *scorch.Scorch, segs []*scorch.SegmentSnapshot) {
		sc, many = s, len(segs)
		for _, seg := range segs {
			switch n := seg.Count(); {
			case n > largest:
				largest, ties = n, 1
			case n == largest:
				ties++
			}
		}
	})
	if err != nil || !ok || many <= maxUpdatedSegments {
		return err
	}
	// The planner takes only segments of fewer live documents than half MaxSegmentSize, and with single-segment tiers
	// merges all it takes into one. When no segment is the largest alone (a language that updates made, a document
	// each), all are merged.
	opts := mergeplan.SingleSegmentMergePlanOptions
	if ties == 1 {
		opts.MaxSegmentSize = int64(2 * largest)
	}
	if err := sc.ForceMerge(ctx, &opts); err != nil {
		return err
	}
	return persistMerge(idx)
}

// groupByLang checks documents and groups them by language, sorted by ID so that builds are deterministic.
func groupByLang(docs []Document) (map[string][]Document, error) {
	byLang := map[string][]Document{}
	for _, d := range docs {
		byLang[d.Lang] = append(byLang[d.Lang], d)
	}
	for lang, ds := range byLang {
		if err := checkDocs(lang, ds); err != nil {
			return nil, err
		}
	}
	return byLang, nil
}

// checkDocs checks the documents of one language and sorts them by ID.
func checkDocs(lang string, docs []Document) error {
	for _, d := range docs {
		if d.Lang == "" || d.ID == "" {
			return fmt.Errorf("search: document %q (lang %q) needs an ID and a language", d.ID, d.Lang)
		}
		if d.Lang != lang {
			return fmt.Errorf("search: document %q is in %s, not %s", d.ID, d.Lang, lang)
		}
		if strings.ContainsAny(d.Lang, `/\.`) {
			return fmt.Errorf("search: document %q: bad language code %q", d.ID, d.Lang)
		}
	}
	// Sorted only when they are not: a caller that hands them sorted may
	// read them meanwhile (kb build's static index does).
	byID := func(a, b Document) int { return cmp.Compare(a.ID, b.ID) }
	if !slices.IsSortedFunc(docs, byID) {
		slices.SortStableFunc(docs, byID)
	}
	for i := 1; i < len(docs); i++ {
		if docs[i].ID == docs[i-1].ID {
			return fmt.Errorf("search: duplicate document ID %q in %s", docs[i].ID, lang)
		}
	}
	return nil
}

// DocDigest is a digest of every field of d but Digest itself: equal
// digests, equal documents.
func DocDigest(d *Document) [32]byte {
	bp := digestBufs.Get().(*[]byte)
	defer digestBufs.Put(bp)
	return digestFields(d, bp)
}

// digestBufs holds DocDigest's encodings, a document's text each: the
// builder digests every document it renders.
var digestBufs = sync.Pool{New: func() any { return new([]byte) }}

// docDigest is d.Digest, or DocDigest worked out through *buf (kept for
// the next call, so that digesting every document of a build allocates
// once).
func docDigest(d *Document, buf *[]byte) [32]byte {
	if d.Digest != ([32]byte{}) {
		return d.Digest
	}
	return digestFields(d, buf)
}

// digestFields digests d's fields, each length-prefixed, encoded in *buf.
func digestFields(d *Document, buf *[]byte) [32]byte {
	b := (*buf)[:0]
	str := func(s string) {
		b = binary.LittleEndian.AppendUint64(b, uint64(len(s)))
		b = append(b, s...)
	}
	for _, s := range [...]string{d.ID, d.Lang, d.URL, d.Title, d.Page, d.Section, d.SectionTitle, d.Body, d.Kind} {
		str(s)
	}
	for _, ss := range [...][]string{d.Headings, d.Tags} {
		b = binary.LittleEndian.AppendUint64(b, uint64(len(ss)))
		for _, s := range ss {
			str(s)
		}
	}
	if d.Fallback {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	*buf = b
	return sha256.Sum256(b)
}

// digestOf digests a language's documents, in order: part of a build id.
func digestOf(docs []Document) []byte {
	h := sha256.New()
	var buf []byte
	for i := range docs {
		sum := docDigest(&docs[i], &buf)
		h.Write(sum[:])
	}
	return h.Sum(nil)
}

// writeString writes a length-prefixed string, so that field boundaries cannot collide.
func writeString(h hash.Hash, s string) {
	binary.Write(h, binary.LittleEndian, int64(len(s)))
	io.WriteString(h, s)
}

func langPath(dir, lang string) string { return filepath.Join(dir, lang+".bleve") }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// parallel runs f(0..n-1) over GOMAXPROCS workers and returns the first error; after one, the rest are skipped.
func parallel(ctx context.Context, n int, f func(i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := range jobs {
				if ctx.Err() != nil {
					continue
				}
				if err := f(i); err != nil {
					cancel(err)
				}
			}
		})
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return err
	}
	return nil
}

func readManifest(dir string) (manifest, error) {
	var m manifest
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return m, fmt.Errorf("search: %w", err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("search: %s: %w", filepath.Join(dir, manifestName), err)
	}
	if m.Schema != indexSchema {
		return m, fmt.Errorf("search: %s: index schema %d, this kb reads %d: rebuild the index", dir, m.Schema, indexSchema)
	}
	return m, nil
}

func writeManifest(dir string, m manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, manifestName), append(data, '\n'), 0o644)
}

// checkReplaceable guards against Build replacing a directory that is not an index (a typo in a flag).
func checkReplaceable(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, manifestName)); err != nil {
		return fmt.Errorf("search: %s is not empty and has no %s: refusing to replace it", dir, manifestName)
	}
	return nil
}

// tempSibling makes a staging directory beside dir, on the same file system, so it can be swapped with dir. A build
// killed before its swap leaves its staging directory behind: the caller holds the site lock, so any such directory is
// a dead run's and goes.
func tempSibling(dir string) (string, error) {
	if err := atomicdir.RemoveStale(dir); err != nil {
		return "", fmt.Errorf("search: %w", err)
	}
	tmp, err := atomicdir.Stage(dir)
	if err != nil {
		return "", fmt.Errorf("search: %w", err)
	}
	return tmp, nil
}

// cloneIndex copies an index directory, hard-linking scorch's segment files (written once, never modified) and
// copying everything else (root.bolt and the metadata, which a writer modifies).
func cloneIndex(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if strings.HasSuffix(path, ".zap") && os.Link(path, target) == nil {
			return nil
		}
		return copyFile(path, target)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// changedLangs groups a change's upserts by language, and names the
// languages it touches: those with an upsert or a delete.
func changedLangs(upserts []Document, deletes map[string][]string) (byLang map[string][]Document, touched map[string]bool, err error) {
	if byLang, err = groupByLang(upserts); err != nil {
		return nil, nil, err
	}
	touched = map[string]bool{}
	for lang := range byLang {
		touched[lang] = true
	}
	for lang, ids := range deletes {
		if len(ids) > 0 {
			touched[lang] = true
		}
	}
	return byLang, touched, nil
}
