package search

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
)

// Apply returns an index that answers as ix would after Update(dir, upserts, deletes), without waiting for the disk:
// kb serve makes a save searchable with it while Update writes the change (bleve writes and fsyncs a segment and its
// root, which takes tens to hundreds of milliseconds on a busy disk), and then reopens what Update wrote.
//
// The change goes into memory only, in the languages it touches, and is seen by every Index sharing them, ix too:
// an index opened from disk is a snapshot, and these languages now run ahead of it. Reopen therefore reads them from
// disk again rather than share them. Apply is not safe to call concurrently with itself or Reopen on indexes that
// share languages; searches may run meanwhile. A change to a language ix does not have is an error (Reopen the
// updated directory instead).
func (ix *Index) Apply(upserts []Document, deletes map[string][]string) (*Index, error) {
	byLang, touched, err := changedLangs(upserts, deletes)
	if err != nil {
		return nil, err
	}
	for lang := range touched {
		if ix.langs[lang] == nil {
			return nil, fmt.Errorf("search: %s: not in the index yet", lang)
		}
	}

	h := sha256.New()
	var buf []byte
	writeString(h, ix.buildID)
	next := &Index{langs: make(map[string]*langIndex, len(ix.langs)), order: slices.Clone(ix.order), matcher: ix.matcher}
	defer func() {
		if next != nil {
			next.Close()
		}
	}()
	for _, lang := range ix.order {
		l := ix.langs[lang]
		if !l.share() {
			return nil, fmt.Errorf("search: %s: index closed", lang)
		}
		next.langs[lang] = l
	}
	for _, lang := range sortedKeys(touched) {
		l := next.langs[lang]
		b := l.idx.NewBatch()
		ids := slices.Clone(deletes[lang])
		slices.Sort(ids)
		for _, id := range ids {
			b.Delete(id)
			writeString(h, id)
		}
		for i := range byLang[lang] {
			d := &byLang[lang][i]
			if err := b.Index(d.ID, d.fields()); err != nil {
				return nil, fmt.Errorf("search: %s: %s: %w", lang, d.ID, err)
			}
			sum := docDigest(d, &buf)
			h.Write(sum[:])
		}
		// The index was opened with unsafe_batch: the batch is searchable once it returns, and never written.
		if err := l.idx.Batch(b); err != nil {
			return nil, fmt.Errorf("search: %s: %w", lang, err)
		}
		l.impacts.Store(newImpactCache()) // the body terms' best documents may have changed
		if key := SoundKey(lang); key != nil {
			var old soundTable
			if t := l.sounds.Load(); t != nil {
				old = *t
			}
			next := old.withDocs(l.analyzer, key, byLang[lang])
			l.sounds.Store(&next)
		}
		l.id = "" // no longer what the manifest names: never shared by Reopen
	}
	next.buildID = ix.buildID + "+" + hex.EncodeToString(h.Sum(nil))[:8]
	done := next
	next = nil
	return done, nil
}
