// Package analytics records what customers searched for, which results they
// opened and how they voted on articles, in a size-bounded bbolt file that
// holds nothing identifying them, and reports on it.
package analytics

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"kb/search"
	"kb/search/server"
)

// Interface guards: the search server hands votes and clicks to a Store.
var (
	_ server.FeedbackSink = (*Store)(nil)
	_ server.ClickSink    = (*Store)(nil)
)

// Options configures a Store. Zero values mean the defaults.
type Options struct {
	Retention time.Duration // default 90 days
	// MaxBytes bounds the file: default 64 MiB, at least 1 MiB. It is
	// checked after every write; past it, the busiest hours are cut down
	// (see shrink) and the file compacted. bbolt grows a file by doubling (by 16 MiB past
	// 16 MiB), so one write can take it past MaxBytes until that check.
	MaxBytes int64
	Now      func() time.Time
	Logger   *slog.Logger // write errors and dropped events; default: discard
}

// Defaults and limits.
const (
	DefaultRetention = 90 * 24 * time.Hour
	DefaultMaxBytes  = 64 << 20
	minMaxBytes      = 1 << 20 // a smaller cap would compact on every write

	queueSize     = 4096             // events waiting for the writer
	batchSize     = 256              // events per write transaction, at most
	flushEvery    = time.Second      // how long an event waits for its batch, at most
	pruneEvery    = time.Hour        // retention is applied on open and this often
	lockTimeout   = 10 * time.Second // how long to wait for another process's write
	maxQueryBytes = 200
	maxLangBytes  = 35
	maxURLBytes   = 1024
	schema        = "1"
)

// Bucket names. Both event buckets hold one sub-bucket per UTC day
// ("2006-01-02"), whose keys start with the two-digit UTC hour, so retention
// and the size cap delete whole hours and days without decoding a value.
var (
	bucketMeta     = []byte("meta")
	bucketSearches = []byte("searches") // key: hour, lang, 0, query → counts
	bucketVotes    = []byte("votes")    // key: hour, 8-byte sequence → vote
	keySchema      = []byte("schema")
)

// Store records searches, clicks and votes. Its methods are safe for
// concurrent use. It holds the file (and bbolt's lock on it) only while
// writing a batch or reading a report, so kb report can read the data of a
// running server.
type Store struct {
	path string
	opts Options
	log  *slog.Logger

	events  chan event
	quit    chan struct{}
	done    chan struct{}
	closed  atomic.Bool
	dropped atomic.Uint64

	mu        sync.Mutex // serializes this process's use of the file
	lastPrune time.Time  // guarded by mu
	closeErr  error      // the final flush's error
}

// kind is what an event records.
type kind uint8

const (
	kindSearch kind = iota
	kindClick
	kindVote
)

// event is one raw record on its way to the writer. Normalization happens in
// the writer, so recording costs the caller one channel send.
type event struct {
	kind  kind
	at    time.Time
	lang  string
	query string
	zero  bool   // the search found nothing
	url   string // the clicked result
	vote  server.Feedback
}

// counts is the value of a search key: searches of one query in one
// language in one hour, how many found nothing, and the results opened.
type counts struct {
	N      int            `json:"n"`
	Zero   int            `json:"z,omitempty"`
	Clicks map[string]int `json:"c,omitempty"`
}

// vote is the stored form of one "Was this helpful?" answer.
type vote struct {
	Page    string `json:"page"`
	Lang    string `json:"lang"`
	Helpful bool   `json:"helpful"`
	Reason  string `json:"reason,omitempty"`
	Comment string `json:"comment,omitempty"`
}

// Open opens or creates the store's file at path, applies retention and the
// size cap, and starts its writer. Close it to flush.
func Open(path string, opts Options) (*Store, error) {
	if opts.Retention < 0 || opts.MaxBytes < 0 {
		return nil, errors.New("analytics: Retention and MaxBytes must not be negative")
	}
	if opts.Retention == 0 {
		opts.Retention = DefaultRetention
	}
	if opts.MaxBytes == 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	opts.MaxBytes = max(opts.MaxBytes, minMaxBytes)
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Store{
		path:   path,
		opts:   opts,
		log:    opts.Logger,
		events: make(chan event, queueSize),
		quit:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	s.mu.Lock()
	err := s.update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		switch v := meta.Get(keySchema); {
		case v == nil:
			if err := meta.Put(keySchema, []byte(schema)); err != nil {
				return err
			}
		case string(v) != schema:
			return fmt.Errorf("schema %q, this kb reads %q", v, schema)
		}
		for _, b := range [][]byte{bucketSearches, bucketVotes} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = s.maintain(true)
	}
	s.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("analytics: %s: %w", path, err)
	}
	go s.write()
	return s, nil
}

// RecordSearch records one search. It never blocks: when the writer is behind,
// the event is dropped and counted (see Dropped). Its signature fits
// server.Config.OnSearch.
func (s *Store) RecordSearch(q search.Query, r search.Result) {
	s.enqueue(event{kind: kindSearch, lang: q.Lang, query: q.Text, zero: r.Total == 0 && len(r.Hits) == 0})
}

// RecordClick records that a search for query led to the result at url. It
// never blocks.
func (s *Store) RecordClick(lang, query, url string) {
	s.enqueue(event{kind: kindClick, lang: lang, query: query, url: url})
}

// RecordFeedback records one vote. Votes are rarer and worth more than
// searches: it waits for room in the queue until ctx is done rather than
// dropping the vote. The vote is written within about a second.
func (s *Store) RecordFeedback(ctx context.Context, f server.Feedback) error {
	if s.closed.Load() {
		return errors.New("analytics: store is closed")
	}
	ev := event{kind: kindVote, at: s.opts.Now(), vote: f}
	select {
	case s.events <- ev:
		return nil
	case <-ctx.Done():
		s.dropped.Add(1)
		return fmt.Errorf("analytics: queue full: %w", context.Cause(ctx))
	}
}

func (s *Store) enqueue(ev event) {
	if s.closed.Load() {
		return
	}
	ev.at = s.opts.Now()
	select {
	case s.events <- ev:
	default:
		s.dropped.Add(1)
	}
}

// Dropped is how many events were dropped since Open because the writer was
// behind.
func (s *Store) Dropped() uint64 { return s.dropped.Load() }

// Close writes the events still queued and stops the writer. Events recorded
// after Close are ignored.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	close(s.quit)
	<-s.done
	return s.closeErr
}

// write is the writer goroutine: it batches events into one transaction per
// batchSize events or per flushEvery, whichever comes first, and applies
// retention every pruneEvery.
func (s *Store) write() {
	defer close(s.done)
	tick := time.NewTicker(flushEvery)
	defer tick.Stop()
	batch := make([]event, 0, batchSize)
	var reported uint64
	flush := func() error {
		if d := s.dropped.Load(); d != reported {
			s.log.Warn("analytics: events dropped, the writer is behind", "dropped", d-reported)
			reported = d
		}
		if len(batch) == 0 {
			s.mu.Lock()
			defer s.mu.Unlock()
			return s.maintain(false)
		}
		err := s.flush(batch)
		batch = batch[:0]
		return err
	}
	for {
		select {
		case ev := <-s.events:
			batch = append(batch, ev)
			if len(batch) == batchSize {
				if err := flush(); err != nil {
					s.log.Error("analytics: write", "err", err)
				}
			}
		case <-tick.C:
			if err := flush(); err != nil {
				s.log.Error("analytics: write", "err", err)
			}
		case <-s.quit:
			var errs []error
			for {
				select {
				case ev := <-s.events:
					batch = append(batch, ev)
					if len(batch) == batchSize {
						errs = append(errs, flush())
					}
					continue
				default:
				}
				break
			}
			errs = append(errs, flush())
			s.closeErr = errors.Join(errs...)
			return
		}
	}
}

// flush writes one batch in one transaction, then applies retention and the
// size cap when they are due.
func (s *Store) flush(batch []event) error {
	type searchKey struct{ day, key string }
	searches := make(map[searchKey]*counts)
	var votes []event
	for _, ev := range batch {
		if ev.kind == kindVote {
			votes = append(votes, ev)
			continue
		}
		query, lang := NormalizeQuery(ev.query), cleanLang(ev.lang)
		if query == "" {
			continue
		}
		day, hour := dayHour(ev.at)
		k := searchKey{day, hour + lang + "\x00" + query}
		c := searches[k]
		if c == nil {
			c = &counts{}
			searches[k] = c
		}
		switch ev.kind {
		case kindSearch:
			c.N++
			if ev.zero {
				c.Zero++
			}
		case kindClick:
			url := cleanURL(ev.url)
			if url == "" {
				continue
			}
			if c.Clicks == nil {
				c.Clicks = make(map[string]int)
			}
			c.Clicks[url]++
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.update(func(tx *bolt.Tx) error {
		root := tx.Bucket(bucketSearches)
		for k, add := range searches {
			b, err := root.CreateBucketIfNotExists([]byte(k.day))
			if err != nil {
				return err
			}
			var c counts
			if v := b.Get([]byte(k.key)); v != nil {
				if err := json.Unmarshal(v, &c); err != nil {
					return fmt.Errorf("day %s: %w", k.day, err)
				}
			}
			c.N += add.N
			c.Zero += add.Zero
			for u, n := range add.Clicks {
				if c.Clicks == nil {
					c.Clicks = make(map[string]int)
				}
				c.Clicks[u] += n
			}
			v, err := json.Marshal(c)
			if err != nil {
				return err
			}
			if err := b.Put([]byte(k.key), v); err != nil {
				return err
			}
		}
		root = tx.Bucket(bucketVotes)
		for _, ev := range votes {
			day, hour := dayHour(ev.at)
			b, err := root.CreateBucketIfNotExists([]byte(day))
			if err != nil {
				return err
			}
			seq, err := b.NextSequence()
			if err != nil {
				return err
			}
			v, err := json.Marshal(vote{
				Page:    truncate(ev.vote.Page, maxURLBytes),
				Lang:    cleanLang(ev.vote.Lang),
				Helpful: ev.vote.Helpful,
				Reason:  truncate(ev.vote.Reason, 20),
				Comment: redact(ev.vote.Comment),
			})
			if err != nil {
				return err
			}
			if err := b.Put(binary.BigEndian.AppendUint64([]byte(hour), seq), v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.maintain(false)
}

// update runs fn in a write transaction on the file, opened for the purpose.
// The caller holds s.mu.
func (s *Store) update(fn func(*bolt.Tx) error) error {
	db, err := s.open(false)
	if err != nil {
		return err
	}
	return errors.Join(db.Update(fn), db.Close())
}

// view runs fn in a read transaction. The caller holds s.mu.
func (s *Store) view(fn func(*bolt.Tx) error) error {
	db, err := s.open(true)
	if err != nil {
		return err
	}
	return errors.Join(db.View(fn), db.Close())
}

func (s *Store) open(readOnly bool) (*bolt.DB, error) {
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: lockTimeout, ReadOnly: readOnly})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, errors.New("the file stayed locked by another process")
	}
	return db, err
}

// maintain deletes what is older than Retention (when forced or an hour
// after the last time) and enforces MaxBytes. The caller holds s.mu.
func (s *Store) maintain(force bool) error {
	now := s.opts.Now()
	if force || now.Sub(s.lastPrune) >= pruneEvery {
		if err := s.update(func(tx *bolt.Tx) error { return deleteBefore(tx, now.Add(-s.opts.Retention)) }); err != nil {
			return err
		}
		s.lastPrune = now
	}
	fi, err := os.Stat(s.path)
	if err != nil {
		return err
	}
	// A bbolt file grows to the next power of two (in 16 MiB steps past
	// 16 MiB), so a compacted file can be up to twice its data: halve the
	// target until the file fits.
	for target := s.opts.MaxBytes / 2; fi.Size() > s.opts.MaxBytes && target > 0; target /= 2 {
		if err := s.shrink(target); err != nil {
			return err
		}
		if fi, err = os.Stat(s.path); err != nil {
			return err
		}
	}
	return nil
}

// deleteBefore deletes every hour before t: whole days, and the hours of t's
// own day that precede it.
func deleteBefore(tx *bolt.Tx, t time.Time) error {
	cutDay, cutHour := dayHour(t)
	for _, name := range [][]byte{bucketSearches, bucketVotes} {
		root := tx.Bucket(name)
		var days [][]byte
		c := root.Cursor()
		for k, _ := c.First(); k != nil && string(k) <= cutDay; k, _ = c.Next() {
			days = append(days, k)
		}
		for _, day := range days {
			if string(day) < cutDay {
				if err := root.DeleteBucket(day); err != nil {
					return err
				}
				continue
			}
			if err := deleteKeys(root.Bucket(day), func(k []byte) bool { return string(k[:2]) < cutHour }); err != nil {
				return err
			}
		}
	}
	return nil
}

// deleteKeys deletes the keys of b for which del is true.
func deleteKeys(b *bolt.Bucket, del func(k []byte) bool) error {
	var keys [][]byte
	b.ForEach(func(k, _ []byte) error {
		if del(k) {
			keys = append(keys, bytes.Clone(k))
		}
		return nil
	})
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// shrink deletes data until about target bytes are left, then compacts into
// a new file and renames it over the old one, because a bbolt file never
// gets smaller by itself (freed pages are only reused). A target of half
// MaxBytes leaves room to grow before the next, costly, compaction.
//
// What goes is chosen so that a flood cannot erase history: the hours that
// hold the most data are cut down to a common ceiling, set as high as the
// target allows, and hours under it are kept whole. A flood fills its own
// hours, so those are what shrink; within an hour cut down, the first votes
// and the most frequent queries stay (the excess a flood added is the
// latest votes and the one-off queries). Whole hours are deleted only by
// retention. Searches and votes are cut separately, so a flood of one does
// not cost the other.
func (s *Store) shrink(target int64) error {
	var units []*hourData
	var total int64
	err := s.view(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketSearches, bucketVotes} {
			root := tx.Bucket(name)
			err := root.ForEachBucket(func(day []byte) error {
				var u *hourData
				return root.Bucket(day).ForEach(func(k, v []byte) error {
					if len(k) < 2 {
						return nil
					}
					if u == nil || u.hour != string(k[:2]) {
						u = &hourData{bucket: name, day: string(day), hour: string(k[:2])}
						units = append(units, u)
					}
					e := entry{key: bytes.Clone(k), size: int64(len(k) + len(v) + 16)} // 16: a leaf element's header
					if bytes.Equal(name, bucketSearches) {
						var c counts
						if json.Unmarshal(v, &c) == nil {
							e.weight = c.N
							for _, n := range c.Clicks {
								e.weight += n
							}
						}
					}
					u.entries = append(u.entries, e)
					u.size += e.size
					total += e.size
					return nil
				})
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	ceiling := waterLevel(units, target)
	var cut []*hourData
	for _, u := range units {
		if u.size > ceiling {
			u.keepUpTo(ceiling)
			cut = append(cut, u)
		}
	}
	if len(cut) > 0 {
		busiest := slices.MaxFunc(cut, func(a, b *hourData) int { return cmp.Compare(len(a.drop), len(b.drop)) })
		s.log.Warn("analytics: file reached its size cap, cutting the busiest hours down",
			"max_bytes", s.opts.MaxBytes, "hours", len(cut), "ceiling_bytes", ceiling,
			"busiest", busiest.day+"T"+busiest.hour, "busiest_dropped", len(busiest.drop))
	}
	err = s.update(func(tx *bolt.Tx) error {
		for _, u := range cut {
			root := tx.Bucket(u.bucket)
			b := root.Bucket([]byte(u.day))
			if b == nil {
				continue
			}
			for _, k := range u.drop {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
			if k, _ := b.Cursor().First(); k == nil {
				if err := root.DeleteBucket([]byte(u.day)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.compact()
}

// hourData is what one hour holds in one event bucket, as shrink sees it.
type hourData struct {
	bucket    []byte
	day, hour string
	entries   []entry // in key order: votes oldest first
	size      int64
	drop      [][]byte // keys keepUpTo chose to delete
}

type entry struct {
	key    []byte
	size   int64
	weight int // searches and clicks of a query; 0 for a vote
}

// keepUpTo chooses the entries to delete so that at most ceiling bytes stay:
// the first votes and the most searched queries are kept.
func (u *hourData) keepUpTo(ceiling int64) {
	order := slices.Clone(u.entries)
	// Stable, so equal weights (every vote) keep their key order: oldest first.
	slices.SortStableFunc(order, func(a, b entry) int { return cmp.Compare(b.weight, a.weight) })
	var kept int64
	for _, e := range order {
		if kept+e.size <= ceiling {
			kept += e.size
			continue
		}
		u.drop = append(u.drop, e.key)
	}
}

// waterLevel is the largest per-hour ceiling at which the hours, each cut
// down to it, hold at most target bytes together.
func waterLevel(units []*hourData, target int64) int64 {
	sizes := make([]int64, len(units))
	for i, u := range units {
		sizes[i] = u.size
	}
	slices.Sort(sizes)
	left := target
	for i, size := range sizes {
		rest := int64(len(sizes) - i)
		if size*rest > left {
			return left / rest
		}
		left -= size
	}
	return math.MaxInt64 // everything fits
}

// compact rewrites the file into a new one, holding the old file's lock
// throughout, and renames the new one into place.
func (s *Store) compact() error {
	src, err := s.open(false)
	if err != nil {
		return err
	}
	defer src.Close()
	tmp := s.path + ".compact"
	os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, nil)
	if err != nil {
		return err
	}
	if err := bolt.Compact(dst, src, 4<<20); err != nil {
		dst.Close()
		os.Remove(tmp)
		return fmt.Errorf("compact: %w", err)
	}
	if err := dst.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, s.path)
}

// NormalizeQuery is the form a query is stored and reported in: search's
// normalization (case, accents, Arabic letter forms), spaces trimmed and
// collapsed, e-mail addresses and long numbers (order, phone and card numbers)
// replaced by placeholders, at most 200 bytes.
func NormalizeQuery(q string) string {
	q = redact(search.Normalize(q))
	return truncate(strings.Join(strings.Fields(q), " "), maxQueryBytes)
}

var (
	emailPattern  = regexp.MustCompile(`[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+`)
	numberPattern = regexp.MustCompile(`\+?\d(?:[\d .\-/]*\d){5,}`)
)

// redact replaces what could identify a customer in free text they typed:
// e-mail addresses and numbers of six digits or more.
func redact(s string) string {
	if strings.ContainsRune(s, '@') {
		s = emailPattern.ReplaceAllString(s, "[email]")
	}
	return numberPattern.ReplaceAllString(s, "[number]")
}

// truncate cuts s to at most n bytes without splitting a rune.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func cleanLang(l string) string {
	l = strings.TrimSpace(l)
	if len(l) > maxLangBytes || strings.ContainsRune(l, 0) {
		return ""
	}
	return l
}

// cleanURL keeps a site path and its fragment, never a query string.
func cleanURL(u string) string {
	if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
		return ""
	}
	if i := strings.IndexByte(u, '?'); i >= 0 {
		frag := ""
		if j := strings.IndexByte(u[i:], '#'); j >= 0 {
			frag = u[i+j:]
		}
		u = u[:i] + frag
	}
	return truncate(u, maxURLBytes)
}

// dayHour is t's UTC day bucket and two-digit hour key prefix.
func dayHour(t time.Time) (day, hour string) {
	t = t.UTC()
	h := strconv.Itoa(t.Hour())
	if len(h) == 1 {
		h = "0" + h
	}
	return t.Format(time.DateOnly), h
}
