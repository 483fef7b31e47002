package builder

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"kb/builder/diag"
	"kb/builder/hugodata"
	"kb/builder/theme"
	"kb/internal/rawfile"
	"kb/search"
)

// The page cache lets a kb build in a fresh checkout (every mtime new, as
// in CI) skip rendering pages whose inputs did not change since the build
// that wrote <site>/.kb/cache. A page's entry is keyed on a digest of
// everything its rendering reads: a global key (the kb binary and
// SiteWideInputs), the page view the layout gets before the Markdown is
// added (navigation, switcher, related and popular lists, dates, notices,
// all hashed as data), and the Markdown with its place in the site. The
// Markdown's only other input is what its links resolve to: the entry
// records every answer the resolvers gave, and a hit asks them again and
// must get the same answers, so a renamed or moved target re-renders the
// page. A hit reuses the page's HTML and its search documents, links,
// anchors and diagnostics.

// pageCacheVersion changes whenever an entry's meaning does.
const pageCacheVersion = "kb-page-cache-8"

const (
	pageCacheIndex = "index"
	packPrefix     = "pack-"
)

// resolveCall is one answer a link resolver gave while a page rendered.
type resolveCall struct {
	Kind byte   // 'l' link, 'a' asset, 'p' site path, 'r' ref, 'v' param shortcode value, 'i' include, callGetPage, callChildren
	Dest string // the destination (a ref's, NUL, its language), the param's key, or a lookup (getPageDest; a section's name)
	URL  string // the answer; for a param, its value with its type (paramString); for an include, its body's includeSum; for a lookup, its digest
	OK   bool
}

// cacheEntry is one page in the cache.
type cacheEntry struct {
	Key      [32]byte
	Calls    []resolveCall
	Off, Len int64
	CRC      uint32 // of the HTML, so a damaged pack is a miss, not wrong output
	Diags    []diag.Diagnostic
	Links    []linkRecord
	Anchors  []string
	// The page's search documents follow its HTML in the pack (DocsLen
	// bytes; see appendDocs), so a build does not hold every page's documents until
	// the cache is committed. Docs is set only between lookup and use.
	// Their head (DocsHead bytes, checksum DocsCRC) comes before their
	// bodies (checksum BodiesCRC), which a hit need not read.
	DocsLen   int64
	DocsHead  int64
	DocsCRC   uint32
	BodiesCRC uint32
	Docs      []search.Document
	rawDocs   []byte // Docs as the old pack holds them, checked (a hit's): stored as they are
	// DocLang and DocIDs name the page's search documents, so the next
	// build knows what the server index it updates holds (serverUpdate).
	DocLang string
	DocIDs  []string
	// Out is the stamp of the page's output file as the build that
	// wrote this entry left it (zero when unknown): a file with this stamp
	// holds this entry's HTML (see fileStamp).
	Out fileStamp
}

type cacheIndex struct {
	Version string
	Global  [32]byte
	Pack    string
	Entries map[string]*cacheEntry // by output path
	// ServerIndex is the build id of the server index committed with
	// these pages' documents ("" for none; see serverUpdate).
	ServerIndex string
	// Gzipped holds the static search index's compressed files, by the
	// SHA-256 of their JSON, in the pack (see static.Gzipped).
	Gzipped map[[32]byte]blobRef
	// Static holds each language's static index analysis, in the pack
	// (see static.States).
	Static map[string]blobRef
	// StaticOut holds the static index's files in the output, by path
	// (see staticReuse).
	StaticOut map[string]staticOutput
}

// staticOutput is a static index file as the build that wrote the cache
// left it in the output: the SHA-256 of its JSON, and the stamp of the
// output's file, which then holds that JSON compressed (see fileStamp).
type staticOutput struct {
	Sum [32]byte
	Out fileStamp
}

// blobRef places a blob in the pack.
type blobRef struct {
	Off, Len int64
	CRC      uint32
}

// pageCache is the cache a build reads from (old) and the one it writes
// (the entries for every page of this build only, so the cache holds no
// more than one site's pages). The new entries go into the old pack when
// it has one (appending): a page taken from the cache keeps its place and
// only changed pages are written, at its end, so a CI build that changes
// ten pages does not copy the other 30,000. Once dead entries make up half
// the pack, the build writes a new pack of the live ones.
type pageCache struct {
	dir    string
	global [32]byte

	old     map[string]*cacheEntry
	oldPack *os.File
	oldIdx  *cacheIndex // the old index's other fields; nil without one

	// serverIndex, set before commit, is the build id of the server
	// index this build committed.
	serverIndex string
	// keepBodies, set before the first lookup, makes lookup give a hit's
	// search documents with their bodies even when it appends (kb serve
	// keeps them for its rebuilds).
	keepBodies bool
	// outStamps, set before commit, are the stamps of the output's files
	// (output.takeStamps).
	outStamps map[string]fileStamp

	mu        sync.Mutex
	pack      *os.File // oldPack itself when appending
	packName  string
	packW     packWriter
	off       int64
	appending bool
	oldSize   int64 // the old pack's size: what an aborted append cuts it back to
	entries   map[string]*cacheEntry
	gzipped   map[[32]byte]blobRef
	static    map[string]blobRef
	staticOut map[string][32]byte // the static index's files, by path: the SHA-256 of their JSON
	failed    error
	done      bool // committed or aborted
	// docsBuf is where store encodes a page's search documents, reused
	// under mu: they are copied into the pack at once.
	docsBuf []byte

	hits          atomic.Int64
	staticUpdated atomic.Int64 // languages whose static index state was used
}

// openPageCache reads the cache in dir for a build whose global key is
// global. A missing cache is an empty one; a damaged or foreign one is
// noted on note and ignored. It fails only when the new cache cannot be
// started (then the build goes on without one).
func openPageCache(dir string, global [32]byte, note func(string)) (*pageCache, error) {
	c := &pageCache{dir: dir, global: global, entries: map[string]*cacheEntry{}, gzipped: map[[32]byte]blobRef{}, static: map[string]blobRef{}, staticOut: map[string][32]byte{}}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	idx, err := readCacheIndex(filepath.Join(dir, pageCacheIndex))
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, errForeignIndex):
		// None, or an older kb's: every page renders.
	case err != nil:
		note(fmt.Sprintf("ignoring the build cache %s: %v", dir, err))
	case idx.Version != pageCacheVersion || idx.Global != global:
		// Another kb, theme, site.toml or UI strings: every page renders.
	default:
		path := filepath.Join(dir, filepath.Base(idx.Pack))
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		writable := err == nil
		if !writable {
			f, err = os.Open(path) // then the new pack is a new file
		}
		if err != nil {
			note(fmt.Sprintf("ignoring the build cache %s: %v", dir, err))
			break
		}
		c.old, c.oldPack, c.oldIdx = idx.Entries, f, idx
		// This build's entries are mostly the last one's pages again, and
		// its kept blobs (unchanged documents' words, shards) the last
		// one's.
		c.entries = make(map[string]*cacheEntry, len(idx.Entries))
		c.gzipped = make(map[[32]byte]blobRef, len(idx.Gzipped))
		if writable && c.startAppending(f, idx) {
			return c, nil
		}
	}
	pack, err := os.CreateTemp(dir, packPrefix+"*")
	if err != nil {
		c.closeOld()
		return nil, err
	}
	// A new pack is written past the page cache: the next build to read
	// it is most often in another process, or another machine (CI).
	c.pack, c.packW, c.packName = pack, rawfile.NewDirectWriter(pack), filepath.Base(pack.Name())
	return c, nil
}

// startAppending makes the old pack f the new one, written from its end,
// unless dead entries fill half of it or it cannot be written.
func (c *pageCache) startAppending(f *os.File, idx *cacheIndex) bool {
	st, err := f.Stat()
	if err != nil || st.Size() > 2*idx.liveBytes() {
		return false
	}
	if _, err := f.Seek(st.Size(), io.SeekStart); err != nil {
		return false
	}
	c.pack, c.packW, c.packName = f, bufio.NewWriterSize(rawfile.ChunkWriter{W: f}, 1<<20), filepath.Base(f.Name())
	c.off, c.oldSize, c.appending = st.Size(), st.Size(), true
	return true
}

// packWriter writes the pack: a rawfile.DirectWriter for a new pack, a
// bufio.Writer for one appended to. Flush writes what is buffered (and
// ends a DirectWriter).
type packWriter interface {
	io.Writer
	Flush() error
}

// liveBytes is how much of its pack the index's entries use.
func (idx *cacheIndex) liveBytes() int64 {
	var n int64
	for _, e := range idx.Entries {
		n += e.Len + e.DocsLen
	}
	for _, b := range idx.Gzipped {
		n += b.Len
	}
	for _, b := range idx.Static {
		n += b.Len
	}
	return n
}

func readCacheIndex(path string) (*cacheIndex, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	idx, err := decodeCacheIndex(data)
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	return idx, nil
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// sealGob encodes v with gob and appends a checksum of the encoding, so
// that a cache file damaged on disk or cut short is told from a good one.
func sealGob(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return nil, err
	}
	return binary.LittleEndian.AppendUint32(buf.Bytes(), crc32.Checksum(buf.Bytes(), castagnoli)), nil
}

// openGob checks and decodes into v what sealGob wrote.
func openGob(data []byte, v any) error {
	if len(data) < 4 {
		return errors.New("too short")
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return errors.New("checksum mismatch")
	}
	return gob.NewDecoder(bytes.NewReader(body)).Decode(v)
}

func (c *pageCache) closeOld() {
	if c.oldPack != nil {
		c.oldPack.Close()
		c.oldPack = nil
	}
}

// lookup returns the entry of the page at out when its key matches and
// replay, which asks the resolvers the recorded questions again, reports
// the same answers; else nil. On a hit it appends the page's cached HTML to
// w, unless keep (nil for none), asked for out and the stamp its file had
// when the entry was written, keeps that file as it is (kept): the HTML is
// then not read. (A new pack needs every page's HTML, so keep is asked
// only when this build appends to the pack it reads.) The entry's rawDocs
// are in w's spare capacity: they are good until w is written to again. On
// a miss w is left as it was. The entry's documents may come without their
// bodies (leavesBodiesOut), which are then not read.
func (c *pageCache) lookup(out string, key [32]byte, replay func([]resolveCall) bool, keep func(out string, st fileStamp) bool, w *bytes.Buffer) (e *cacheEntry, kept bool) {
	e = c.old[out]
	if e == nil || e.Key != key || e.Len < 0 || e.Len > 1<<30 {
		return nil, false
	}
	if !replay(e.Calls) {
		return nil, false
	}
	if e.DocsLen < 0 || e.DocsLen > 1<<30 || e.DocsHead < 0 || e.DocsHead > e.DocsLen {
		return nil, false
	}
	// Read straight into the page's buffer: a hit's HTML is not copied.
	// The documents first: the output file is kept only for a hit. A
	// hit that stays where it is in the pack needs no bodies.
	leaveOut := c.leavesBodiesOut()
	docsLen := e.DocsLen
	if leaveOut {
		docsLen = e.DocsHead
	}
	w.Grow(int(e.Len + docsLen))
	buf := w.AvailableBuffer()[:e.Len+docsLen]
	html, docs := buf[:e.Len], buf[e.Len:]
	if _, err := c.oldPack.ReadAt(docs, e.Off+e.Len); err != nil {
		return nil, false
	}
	head, bodies := docs[:e.DocsHead], docs[e.DocsHead:]
	if crc32.Checksum(head, castagnoli) != e.DocsCRC || (!leaveOut && crc32.Checksum(bodies, castagnoli) != e.BodiesCRC) {
		return nil, false
	}
	if leaveOut {
		bodies = nil
	}
	e.Docs, e.rawDocs = nil, nil
	if len(docs) > 0 {
		var err error
		if e.Docs, err = decodeDocs(head, bodies); err != nil {
			return nil, false
		}
	}
	if !c.appending {
		e.rawDocs = docs // copied into the new pack as they are
	}
	if kept = c.appending && keep != nil && keep(out, e.Out); !kept {
		if _, err := c.oldPack.ReadAt(html, e.Off); err != nil || crc32.Checksum(html, castagnoli) != e.CRC {
			return nil, false
		}
		w.Write(html) // html is w's own spare capacity: this only moves its length on
	}
	c.hits.Add(1)
	return e, kept
}

// leavesBodiesOut reports whether lookup gives a hit's documents without
// their bodies: when this build appends to the pack, which keeps them for
// an index built again (bodyLoader), and keeps no page's documents beyond
// its indexing (keepBodies). A new pack copies each hit's documents as
// they are encoded.
func (c *pageCache) leavesBodiesOut() bool { return c.appending && !c.keepBodies }

// docsAgain reads the search documents of e, a hit of this build, again,
// with their bodies (bodyLoader). It fails only when the pack changed or
// went under the build.
func (c *pageCache) docsAgain(e *cacheEntry) ([]search.Document, error) {
	data := make([]byte, e.DocsLen)
	_, err := c.oldPack.ReadAt(data, e.Off+e.Len)
	if err == nil && (e.DocsHead < 0 || e.DocsHead > e.DocsLen) {
		err = errors.New("its index is damaged")
	}
	if err == nil && (crc32.Checksum(data[:e.DocsHead], castagnoli) != e.DocsCRC || crc32.Checksum(data[e.DocsHead:], castagnoli) != e.BodiesCRC) {
		err = errors.New("its bytes changed")
	}
	var docs []search.Document
	if err == nil {
		docs, err = decodeDocs(data[:e.DocsHead], data[e.DocsHead:])
	}
	if err != nil {
		return nil, fmt.Errorf("reading the build cache %s again during the build: %w; if another program writes that folder, stop it, or remove the folder and build again", c.dir, err)
	}
	return docs, nil
}

// store adds a page to the new cache.
func (c *pageCache) store(out string, e *cacheEntry, html []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failed != nil {
		return
	}
	if c.appending && c.old[out] == e {
		// A hit, read from this very pack: it stays where it is.
		e.rawDocs, e.Docs = nil, nil
		c.entries[out] = e
		return
	}
	docs, head := e.rawDocs, int(e.DocsHead)
	if docs == nil && len(e.Docs) > 0 {
		c.docsBuf, head = appendDocs(c.docsBuf[:0], e.Docs)
		docs = c.docsBuf
	}
	if _, err := c.packW.Write(html); err != nil {
		c.failed = err
		return
	}
	if _, err := c.packW.Write(docs); err != nil {
		c.failed = err
		return
	}
	if e.rawDocs == nil {
		e.CRC = crc32.Checksum(html, castagnoli)
		e.DocsCRC, e.BodiesCRC = crc32.Checksum(docs[:head], castagnoli), crc32.Checksum(docs[head:], castagnoli)
	}
	e.Off, e.Len, e.DocsLen, e.DocsHead = c.off, int64(len(html)), int64(len(docs)), int64(head)
	e.rawDocs = nil
	if e.DocIDs == nil && len(e.Docs) > 0 {
		e.DocLang = e.Docs[0].Lang
		e.DocIDs = make([]string, len(e.Docs))
		for i, d := range e.Docs {
			e.DocIDs[i] = d.ID
		}
	}
	e.Docs = nil // in the pack now; the caller keeps its own reference
	c.off += e.Len + e.DocsLen
	c.entries[out] = e
}

// Get returns the static index file compressed from JSON whose SHA-256 is
// sum by the last build, and keeps it for the next (static.Gzipped).
func (c *pageCache) Get(sum [32]byte) ([]byte, bool) {
	if c.oldIdx == nil {
		return nil, false
	}
	ref, ok := c.oldIdx.Gzipped[sum]
	if !ok || ref.Len <= 0 || ref.Len > 1<<30 {
		return nil, false
	}
	gz := make([]byte, ref.Len)
	if _, err := c.oldPack.ReadAt(gz, ref.Off); err != nil || crc32.Checksum(gz, castagnoli) != ref.CRC {
		return nil, false
	}
	if c.appending {
		c.mu.Lock()
		if _, dup := c.gzipped[sum]; !dup {
			c.gzipped[sum] = ref // it stays where it is
		}
		c.mu.Unlock()
		return gz, true
	}
	c.Put(sum, gz)
	return gz, true
}

// Put keeps a compressed static index file for the next build.
func (c *pageCache) Put(sum [32]byte, gz []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, dup := c.gzipped[sum]; dup || c.failed != nil {
		return
	}
	if _, err := c.packW.Write(gz); err != nil {
		c.failed = err
		return
	}
	c.gzipped[sum] = blobRef{Off: c.off, Len: int64(len(gz)), CRC: crc32.Checksum(gz, castagnoli)}
	c.off += int64(len(gz))
}

// State returns the static index analysis of lang the last build kept
// (static.States).
func (c *pageCache) State(lang string) ([]byte, bool) {
	if c.oldIdx == nil {
		return nil, false
	}
	ref, ok := c.oldIdx.Static[lang]
	if !ok || ref.Len <= 0 || ref.Len > 1<<31 {
		return nil, false
	}
	data := make([]byte, ref.Len)
	if _, err := c.oldPack.ReadAt(data, ref.Off); err != nil || crc32.Checksum(data, castagnoli) != ref.CRC {
		return nil, false
	}
	return data, true
}

// Updated counts a language whose state was used (static.States).
func (c *pageCache) Updated(string) { c.staticUpdated.Add(1) }

// PutState keeps lang's static index analysis for the next build,
// streamed into the pack: it is as big as the language's postings.
func (c *pageCache) PutState(lang string, write func(io.Writer) error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failed != nil {
		return
	}
	w := &crcWriter{w: c.packW}
	if err := write(w); err != nil {
		if w.n > 0 {
			c.failed = err // the pack holds part of it
		}
		return
	}
	c.static[lang] = blobRef{Off: c.off, Len: w.n, CRC: w.crc}
	c.off += w.n
}

// crcWriter counts and checksums what it writes on.
type crcWriter struct {
	w   io.Writer
	n   int64
	crc uint32
}

func (w *crcWriter) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	w.crc = crc32.Update(w.crc, castagnoli, p[:n])
	w.n += int64(n)
	return n, err
}

// staticReuse is the build cache as the static index reuses it
// (static.Gzipped and static.States), with what spares the build reading
// and comparing the static index's files that the output holds as the last
// build left them (static.OutputKeeper): keep, the output's keep.
type staticReuse struct {
	*pageCache
	keep func(rel string, want fileStamp) bool
}

// KeepOutput records that the output's file name is to hold the JSON whose
// SHA-256 is sum, and keeps it as it is when the last build recorded that
// very JSON for it and the file still has the stamp it left.
func (r staticReuse) KeepOutput(name string, sum [32]byte) bool {
	c := r.pageCache
	c.mu.Lock()
	c.staticOut[name] = sum
	c.mu.Unlock()
	if c.oldIdx == nil || r.keep == nil {
		return false
	}
	if prev, ok := c.oldIdx.StaticOut[name]; !ok || prev.Sum != sum || !r.keep(name, prev.Out) {
		return false
	}
	c.Keep(sum) // for a later build whose output lacks the file
	return true
}

// Keep keeps for the next build the blob Get(sum) would give, reading it
// only when it has to be copied into a new pack.
func (c *pageCache) Keep(sum [32]byte) {
	if c.oldIdx == nil {
		return
	}
	if !c.appending {
		c.Get(sum)
		return
	}
	ref, ok := c.oldIdx.Gzipped[sum]
	if !ok {
		return
	}
	c.mu.Lock()
	if _, dup := c.gzipped[sum]; !dup {
		c.gzipped[sum] = ref
	}
	c.mu.Unlock()
}

// serverUpdate returns what the server index in dir held when it was
// committed with the old cache, as a function that gives a language's
// document IDs, so this build can update it with the changed documents
// instead of indexing them all; nil when dir holds another index (its
// build id is not the one the cache recorded). Each language's IDs are
// gathered when it is indexed, beside the rendering of the next, rather
// than all before the first renders. An updated index is compacted as a
// built one is (IndexBuild.UpdateLanguage), so updates do not pile up.
func (c *pageCache) serverUpdate(dir string) func(lang string) map[string]bool {
	if c.oldIdx == nil || c.oldIdx.ServerIndex == "" {
		return nil
	}
	if id, err := search.IndexBuildID(dir); err != nil || id != c.oldIdx.ServerIndex {
		return nil
	}
	// One pass sorts the entries by language; each language's IDs are
	// then gathered from its own entries alone.
	byLang := map[string][]*cacheEntry{}
	for _, e := range c.old {
		if len(e.DocIDs) > 0 {
			byLang[e.DocLang] = append(byLang[e.DocLang], e)
		}
	}
	return func(lang string) map[string]bool {
		entries := byLang[lang]
		if len(entries) == 0 {
			return nil
		}
		n := 0
		for _, e := range entries {
			n += len(e.DocIDs)
		}
		ids := make(map[string]bool, n)
		for _, e := range entries {
			for _, id := range e.DocIDs {
				ids[id] = true
			}
		}
		return ids
	}
}

// commit writes the new cache in place of the old one: the index is
// renamed into place last, so a reader sees the old cache or the new one.
func (c *pageCache) commit() error {
	defer c.closeOld()
	if c.done {
		return errors.New("build cache already closed")
	}
	c.done = true
	if c.failed != nil {
		c.drop()
		return c.failed
	}
	if err := c.packW.Flush(); err != nil {
		c.drop()
		return err
	}
	if c.appending {
		c.oldPack = nil // the same file as c.pack
	}
	if err := c.pack.Close(); err != nil {
		c.pack = nil
		c.drop()
		return err
	}
	c.pack = nil
	for out, e := range c.entries {
		e.Out = c.outStamps[out]
	}
	staticOut := make(map[string]staticOutput, len(c.staticOut))
	for name, sum := range c.staticOut {
		if st := c.outStamps[name]; st != (fileStamp{}) {
			staticOut[name] = staticOutput{Sum: sum, Out: st}
		}
	}
	idx := cacheIndex{Version: pageCacheVersion, Global: c.global, Pack: c.packName, Entries: c.entries, ServerIndex: c.serverIndex, Gzipped: c.gzipped, Static: c.static, StaticOut: staticOut}
	if err := replaceFile(c.dir, pageCacheIndex, "index-", encodeCacheIndex(&idx)...); err != nil {
		c.drop()
		return err
	}
	// Old packs (and leftovers of interrupted builds: index and side
	// files being written) go.
	ents, _ := os.ReadDir(c.dir)
	for _, e := range ents {
		n := e.Name()
		if (strings.HasPrefix(n, packPrefix) && n != idx.Pack) || strings.HasPrefix(n, "index-") || strings.HasPrefix(n, sideCacheTemp) {
			os.Remove(filepath.Join(c.dir, n))
		}
	}
	return nil
}

// abort drops the new cache unless it was committed; the old one stays.
func (c *pageCache) abort() {
	if !c.done {
		c.done = true
		c.drop()
	}
	c.closeOld()
}

// drop removes the new pack, or cuts the old one back to what the old
// index knows when appending.
func (c *pageCache) drop() {
	if c.appending {
		c.oldPack = nil // the same file as c.pack
		if c.pack != nil {
			c.pack.Truncate(c.oldSize)
			c.pack.Close()
		} else {
			os.Truncate(filepath.Join(c.dir, c.packName), c.oldSize)
		}
		c.pack = nil
		return
	}
	c.closeOld()
	if c.pack != nil {
		c.packW.Flush() // ends a DirectWriter's goroutine
		c.pack.Close()
		os.Remove(c.pack.Name())
		c.pack = nil
	} else if c.packName != "" {
		os.Remove(filepath.Join(c.dir, c.packName))
	}
}

// SiteWideInputs are the files and folders of a site that every page's
// rendering reads besides its own inputs: site.toml, i18n/, themes/, the
// shortcode and partial templates of a Hugo site
// (theme.HugoTemplateFolders) and its data files (hugodata.Folder). The
// build cache's key, the "up to date" check and kb serve's watcher all
// start from this one list.
func SiteWideInputs() []string {
	return slices.Concat([]string{"site.toml", "i18n", "themes", hugodata.Folder}, theme.HugoTemplateFolders())
}

// cacheGlobalKey fingerprints what every page's rendering reads besides
// its own inputs: the kb binary (its built-in theme, templates and
// Markdown renderer), SiteWideInputs and the base URL override.
func cacheGlobalKey(siteFS fs.FS, baseURL string) ([32]byte, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", pageCacheVersion, baseURL)
	exe, err := executableDigest()
	if err != nil {
		return [32]byte{}, err
	}
	h.Write(exe[:])
	for _, root := range SiteWideInputs() {
		err := fs.WalkDir(siteFS, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == root {
					return nil
				}
				return err
			}
			if !d.Type().IsRegular() {
				fmt.Fprintf(h, "d\x00%s\x00", p)
				return nil
			}
			data, err := fs.ReadFile(siteFS, p)
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "f\x00%s\x00%d\x00", p, len(data))
			h.Write(data)
			return nil
		})
		if err != nil {
			return [32]byte{}, err
		}
	}
	return [32]byte(h.Sum(nil)), nil
}

// viewDigests are the digests of what pages share, computed once per
// build: each language's SiteView and each section's NavView.
type viewDigests struct {
	site map[string][32]byte
	nav  map[*section][32]byte
}

// valueDigest digests v as pageKey encodes a page's view (appendValue).
// A language's SiteView encodes to megabytes: it is digested as it is
// encoded, never held whole.
func valueDigest(v any) [32]byte {
	k := keyScratches.Get().(*keyScratch)
	defer keyScratches.Put(k)
	k.h.Reset()
	k.b = encodeValue(k.b[:0], reflect.ValueOf(v), k.h)
	return k.sum()
}

// computeViewDigests digests the views on all cores: a section's
// navigation lists every article of it.
func (r *renderer) computeViewDigests() *viewDigests {
	d := &viewDigests{site: map[string][32]byte{}, nav: map[*section][32]byte{}}
	var mu sync.Mutex
	var work []func()
	for code, v := range r.views {
		work = append(work, func() {
			sum := valueDigest(v)
			mu.Lock()
			d.site[code] = sum
			mu.Unlock()
		})
	}
	for sec, nav := range r.navs {
		work = append(work, func() {
			sum := valueDigest(nav)
			mu.Lock()
			d.nav[sec] = sum
			mu.Unlock()
		})
	}
	forEach(context.Background(), work, func(f func()) error { f(); return nil })
	return d
}

// pageKey digests a page's inputs, given its view before the Markdown is
// added.
func (r *renderer) pageKey(p *page, v *PageView, layout string) [32]byte {
	k := keyScratches.Get().(*keyScratch)
	defer keyScratches.Put(k)
	k.h.Reset()
	b := append(k.b[:0], r.cache.global[:]...)
	s := r.digests.site[p.lang.lang.Code]
	b = append(b, s[:]...)
	if sec := p.navSection(); sec != nil {
		n := r.digests.nav[sec]
		b = append(b, n[:]...)
	}
	// The view's own fields: the site, locale and section are in the
	// digests above. They are set aside in v itself, which is this page's
	// alone, rather than in a copy, which reflect would move to the heap.
	site, loc, section := v.Site, v.L, v.Section
	v.Site, v.L, v.Section = nil, nil, nil
	b = encodeValue(b, reflect.ValueOf(v).Elem(), k.h)
	v.Site, v.L, v.Section = site, loc, section
	secTitle := ""
	if p.section != nil && p.section.page != nil {
		secTitle = p.section.page.title
	}
	for _, f := range []string{p.lang.lang.Code, p.out, p.url, p.src.File, string(p.typ), layout, p.src.Section, secTitle, p.src.Meta.RedirectTo, p.src.Meta.Intro, p.src.Meta.Banner} {
		b = appendString(b, f)
	}
	b = binary.AppendVarint(b, int64(p.src.BodyLine))
	b = appendBool(b, p.fallback)
	b = appendBool(b, p.src.Meta.NoSearch || p.src.Meta.Unlisted) // no search documents
	body := r.bodyDigest(p.src)
	b = append(b, body[:]...)
	k.b = b
	return k.sum()
}

// keyScratch is what pageKey and valueDigest reuse from one page to the
// next: a buffer, which they hand to the hash a flushBytes at a time.
type keyScratch struct {
	b []byte
	h hash.Hash
}

// sum hands the rest of the buffer to the hash and returns its digest.
func (k *keyScratch) sum() (d [32]byte) {
	k.h.Write(k.b)
	k.h.Sum(d[:0])
	return d
}

var keyScratches = sync.Pool{New: func() any { return &keyScratch{b: make([]byte, 0, 2*flushBytes), h: sha256.New()} }}

// flushBytes is how much of a value's encoding encodeValue holds before it
// hands it on.
const flushBytes = 16 << 10

// appendValue appends an encoding of v that no other value of its type
// shares: strings and slices carry their length, pointers whether they are
// nil, structs every exported field in order. It is pageKey's encoding of
// a page view: all of the view, as JSON would give it, at a fraction of
// JSON's cost (no escaping, no allocation). A kind views do not use (a
// map, an interface) is written as JSON.
func appendValue(b []byte, v reflect.Value) []byte { return encodeValue(b, v, nil) }

// encodeValue is appendValue that, when sink is not nil, writes what it
// has appended to sink, and starts b over, whenever b passes flushBytes
// after an element of a slice: sink and b then hold the encoding.
func encodeValue(b []byte, v reflect.Value, sink io.Writer) []byte {
	switch v.Kind() {
	case reflect.String:
		return appendString(b, v.String())
	case reflect.Bool:
		return appendBool(b, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return binary.AppendVarint(b, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return binary.AppendUvarint(b, v.Uint())
	case reflect.Slice:
		n := v.Len()
		b = binary.AppendUvarint(b, uint64(n))
		for i := range n {
			b = encodeValue(b, v.Index(i), sink)
			if sink != nil && len(b) >= flushBytes {
				sink.Write(b)
				b = b[:0]
			}
		}
		return b
	case reflect.Pointer:
		if v.IsNil() {
			return append(b, 0)
		}
		return encodeValue(append(b, 1), v.Elem(), sink)
	case reflect.Struct:
		for _, i := range exportedFields(v.Type()) {
			b = encodeValue(b, v.Field(i), sink)
		}
		return b
	}
	data, err := json.Marshal(v.Interface())
	if err != nil {
		data = fmt.Appendf(nil, "%#v", v.Interface())
	}
	return appendString(b, string(data))
}

// exportedFields lists the indexes of a struct type's exported fields,
// found once per type: reflect's Field builds a StructField each call.
func exportedFields(t reflect.Type) []int {
	if f, ok := structFields.Load(t); ok {
		return f.([]int)
	}
	var idx []int
	for i := range t.NumField() {
		if t.Field(i).IsExported() {
			idx = append(idx, i)
		}
	}
	structFields.Store(t, idx)
	return idx
}

var structFields sync.Map // reflect.Type → []int

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// paramString spells a param value with its type, so two values that
// could render differently never compare equal.
func paramString(v any) string { return fmt.Sprintf("%T\x00%#v", v, v) }
