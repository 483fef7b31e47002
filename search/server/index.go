package server

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"kb/search"
)

// indexRef counts the users of one opened index: the server's own reference
// plus one per in-flight search. Whoever drops the count to zero closes it, so
// an index swapped out by Reload closes only after its last search returns.
type indexRef struct {
	s    Searcher
	id   string
	refs atomic.Int64
	log  *slog.Logger
}

func newIndexRef(s Searcher, log *slog.Logger) *indexRef {
	r := &indexRef{s: s, id: s.BuildID(), log: log}
	r.refs.Store(1)
	return r
}

// tryAcquire takes a reference unless the count already reached zero (the
// index is closing), which a plain Add could not refuse.
func (r *indexRef) tryAcquire() bool {
	for {
		n := r.refs.Load()
		if n <= 0 {
			return false
		}
		if r.refs.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// release drops a reference and closes the index if it was the last one.
func (r *indexRef) release() error {
	if r.refs.Add(-1) != 0 {
		return nil
	}
	if err := r.s.Close(); err != nil {
		r.log.Error("close index", "build_id", r.id, "err", err)
		return fmt.Errorf("close index %s: %w", r.id, err)
	}
	r.log.Debug("index closed", "build_id", r.id)
	return nil
}

// acquire returns the current index with a reference held, or nil when none
// is loaded. If a Reload swaps the pointer between the load and the
// increment, the loop retries on the new index.
func (s *Server) acquire() *indexRef {
	for {
		ref := s.cur.Load()
		if ref == nil {
			return nil
		}
		if ref.tryAcquire() {
			return ref
		}
	}
}

var errClosed = errors.New("search server: closed")

// Reload opens the index directory again and, if its build id differs from the
// one being served, swaps it in. It takes in the folder's settings too (see
// Config.IndexSettings). Searches already running finish on the old
// index, which is closed after the last of them. On error the old index keeps
// serving.
func (s *Server) Reload() error {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	if s.closed {
		return errClosed
	}
	// Hash before opening: if the manifest changes while we open, the next
	// check sees a difference and compares build ids again.
	sum, _ := readManifestHash(s.cfg.IndexDir)
	old := s.cur.Load()
	next, err := s.openNext(old)
	if err != nil {
		return fmt.Errorf("reload index %s: %w", s.cfg.IndexDir, err)
	}
	s.reloadSettings()
	if old != nil && next.BuildID() == old.id {
		s.manifest = sum
		if err := next.Close(); err != nil {
			return fmt.Errorf("reload index %s: close duplicate: %w", s.cfg.IndexDir, err)
		}
		return nil
	}
	ref := newIndexRef(next, s.log)
	s.cur.Store(ref)
	s.manifest = sum
	s.metrics.reloads.Add(1)
	oldID := ""
	if old != nil {
		oldID = old.id
		old.release()
	}
	s.log.Info("index reloaded", "old_build_id", oldID, "build_id", ref.id)
	return nil
}

// Apply changes the served index in memory (search.Index.Apply): kb serve
// makes an edit searchable with it before the index on disk is updated,
// and Reloads once it is. Answers cached before are not served after: the
// changed index has its own build id.
func (s *Server) Apply(upserts []search.Document, deletes map[string][]string) error {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	if s.closed {
		return errClosed
	}
	old := s.cur.Load()
	ix, ok := searcherIndex(old)
	if !ok {
		return errors.New("search server: no index to change in memory")
	}
	next, err := ix.Apply(upserts, deletes)
	if err != nil {
		return err
	}
	s.cur.Store(newIndexRef(next, s.log))
	s.metrics.reloads.Add(1)
	old.release()
	return nil
}

// openNext opens the index directory for Reload. The languages an update
// left as they were are shared with old, which the caller keeps open
// meanwhile (it holds reloadMu, and old's own reference until the swap):
// after an edit in kb serve only the edited language is read again.
func (s *Server) openNext(old *indexRef) (Searcher, error) {
	if ix, ok := searcherIndex(old); ok && s.reopen {
		next, err := ix.Reopen(s.cfg.IndexDir)
		if err != nil {
			return nil, err
		}
		return next, nil
	}
	return s.open(s.cfg.IndexDir)
}

func searcherIndex(r *indexRef) (*search.Index, bool) {
	if r == nil {
		return nil, false
	}
	ix, ok := r.s.(*search.Index)
	return ix, ok
}

// watch reloads whenever manifest.json's or server.json's bytes change. Reading a small file
// every second is cheaper and more portable than fsnotify, and it survives the
// directory renames a rebuild uses.
func (s *Server) watch(ctx context.Context) {
	t := time.NewTicker(s.cfg.ReloadEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		sum, err := readManifestHash(s.cfg.IndexDir)
		if err != nil {
			continue // mid-swap, or an index without a manifest
		}
		s.reloadMu.Lock()
		same, failedBefore := sum == s.manifest, sum == s.failedReload
		s.reloadMu.Unlock()
		if same {
			continue
		}
		if err := s.Reload(); err != nil {
			// A half-swapped directory fails and is retried on the next
			// tick; say so once per manifest, not once a second.
			level := slog.LevelWarn
			if failedBefore {
				level = slog.LevelDebug
			}
			s.log.Log(ctx, level, "index reload failed; still serving the previous index", "err", err)
			s.reloadMu.Lock()
			s.failedReload = sum
			s.reloadMu.Unlock()
		}
	}
}

// readManifestHash hashes manifest.json and, when there is one, the
// settings file, which kb build writes after the index: a change to either
// is a reload.
func readManifestHash(dir string) ([32]byte, error) {
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return [32]byte{}, err
	}
	h := sha256.New()
	h.Write(b)
	if settings, err := os.ReadFile(filepath.Join(dir, settingsFile)); err == nil {
		h.Write([]byte{0})
		h.Write(settings)
	}
	return [32]byte(h.Sum(nil)), nil
}
