// Package analytics records what customers searched for, which results they
// opened and how they voted on articles, holding nothing that identifies
// them, and reports on it. The Recorder cleans and batches events for a
// store: FileStore, a size-bounded bbolt file for one machine, or the
// PostgreSQL store of package postgres for replicas.
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
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"kb/search/server"
)

// Interface guards: the search server hands votes and clicks to a Recorder,
// and kb uses either store through Store.
var (
	_ server.FeedbackSink = (*Recorder)(nil)
	_ server.ClickSink    = (*Recorder)(nil)
	_ Store               = (*FileStore)(nil)
	_ Backend             = (*boltFile)(nil)
)

// Options configures a store. Zero values mean the defaults.
type Options struct {
	Retention time.Duration // default 90 days
	// MaxBytes bounds a FileStore's file: default 64 MiB, at least 1 MiB. It
	// is checked after every write; past it, the busiest hours are cut down
	// (see shrink) and the file compacted. bbolt grows a file by doubling (by 16 MiB past
	// 16 MiB), so one write can take it past MaxBytes until that check.
	MaxBytes int64
	// QueueSize is how many events wait for the writer before new ones are
	// dropped (default 4096); BatchSize how many it writes at once, at most
	// (default 500).
	QueueSize int
	BatchSize int
	Now       func() time.Time
	Logger    *slog.Logger // write errors and dropped events; default: discard
}

// Defaults and limits.
const (
	DefaultRetention = 90 * 24 * time.Hour
	DefaultMaxBytes  = 64 << 20
	minMaxBytes      = 1 << 20 // a smaller cap would compact on every write

	pruneEvery    = time.Hour        // retention is applied on open and this often
	lockTimeout   = 10 * time.Second // how long to wait for another process's write
	maxQueryBytes = 200
	maxLangBytes  = 35
	maxURLBytes   = 1024
	schema        = "1"
)

// Validate reports options that cannot be right.
func (o Options) Validate() error {
	if o.Retention < 0 || o.MaxBytes < 0 || o.QueueSize < 0 || o.BatchSize < 0 {
		return errors.New("analytics: Retention, MaxBytes, QueueSize and BatchSize must not be negative")
	}
	return nil
}

func (o *Options) setDefaults() {
	if o.Retention == 0 {
		o.Retention = DefaultRetention
	}
	if o.MaxBytes == 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	o.MaxBytes = max(o.MaxBytes, minMaxBytes)
	if o.QueueSize == 0 {
		o.QueueSize = defaultQueueSize
	}
	if o.BatchSize == 0 {
		o.BatchSize = defaultBatchSize
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Bucket names. Both event buckets hold one sub-bucket per UTC day
// ("2006-01-02"), whose keys start with the two-digit UTC hour, so retention
// and the size cap delete whole hours and days without decoding a value.
var (
	bucketMeta     = []byte("meta")
	bucketSearches = []byte("searches") // key: hour, lang, 0, normalized query → counts
	bucketVotes    = []byte("votes")    // key: hour, 8-byte sequence → vote
	keySchema      = []byte("schema")
)

// FileStore records into a bbolt file on this machine. It holds the file
// (and bbolt's lock on it) only while writing a batch or reading a report,
// so kb report can read the data of a running server.
type FileStore struct {
	*Recorder
	file *boltFile
}

// boltFile is a FileStore's Backend.
type boltFile struct {
	path string
	opts Options
	log  *slog.Logger

	mu        sync.Mutex // serializes this process's use of the file
	lastPrune time.Time  // guarded by mu
}

// counts is the value of a search key: searches of one query in one
// language in one hour, how many found nothing, and the results opened.
type counts struct {
	N      int            `json:"n"`
	Zero   int            `json:"z,omitempty"`
	Clicks map[string]int `json:"c,omitempty"`
	// Spellings are SearchCount.Spellings: absent from what kb wrote
	// before it kept them, and from what it writes for queries typed as
	// they are stored.
	Spellings map[string]int `json:"s,omitempty"`
}

// vote is the stored form of one "Was this helpful?" answer.
type vote struct {
	Page    string `json:"page"`
	Lang    string `json:"lang"`
	Helpful bool   `json:"helpful"`
	Reason  string `json:"reason,omitempty"`
	Comment string `json:"comment,omitempty"`
}

// FileName is the store's file inside a data folder (kb search --data DIR,
// <site>/.kb/data).
const FileName = "analytics.db"

// OpenFile opens or creates the store's file at path, applies retention and
// the size cap, and starts its writer. Close it to flush.
func OpenFile(path string, opts Options) (*FileStore, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	opts.setDefaults()
	f := &boltFile{path: path, opts: opts, log: opts.Logger}
	f.mu.Lock()
	err := f.update(func(tx *bolt.Tx) error {
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
		err = f.maintain(true)
	}
	f.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("analytics: %s: %w", path, err)
	}
	return &FileStore{Recorder: NewRecorder(f, opts), file: f}, nil
}

// Maintain applies retention and the size cap when they are due.
func (f *boltFile) Maintain(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.maintain(false)
}

// Write stores one batch in one transaction, then applies retention and the
// size cap when they are due. Only another process holding the file for
// too long is worth retrying.
func (f *boltFile) Write(_ context.Context, b Batch) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	err := f.update(func(tx *bolt.Tx) error {
		root := tx.Bucket(bucketSearches)
		for _, add := range b.Searches {
			day, hour := dayHour(add.Hour)
			bucket, err := root.CreateBucketIfNotExists([]byte(day))
			if err != nil {
				return err
			}
			key := []byte(hour + add.Lang + "\x00" + add.Query)
			var c counts
			if v := bucket.Get(key); v != nil {
				if err := json.Unmarshal(v, &c); err != nil {
					return fmt.Errorf("day %s: %w", day, err)
				}
			}
			c.N += add.Searches
			c.Zero += add.NoResults
			for u, n := range add.Clicks {
				if c.Clicks == nil {
					c.Clicks = make(map[string]int)
				}
				c.Clicks[u] += n
			}
			c.Spellings = addSpellings(c.Spellings, add.Spellings)
			v, err := json.Marshal(c)
			if err != nil {
				return err
			}
			if err := bucket.Put(key, v); err != nil {
				return err
			}
		}
		root = tx.Bucket(bucketVotes)
		for _, vt := range b.Votes {
			day, hour := dayHour(vt.Hour)
			bucket, err := root.CreateBucketIfNotExists([]byte(day))
			if err != nil {
				return err
			}
			seq, err := bucket.NextSequence()
			if err != nil {
				return err
			}
			v, err := json.Marshal(vote{Page: vt.Page, Lang: vt.Lang, Helpful: vt.Helpful, Reason: vt.Reason, Comment: vt.Comment})
			if err != nil {
				return err
			}
			if err := bucket.Put(binary.BigEndian.AppendUint64([]byte(hour), seq), v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		if !errors.Is(err, errLocked) {
			err = Rejected(err)
		}
		return fmt.Errorf("%s: %w", f.path, err)
	}
	// The batch is stored: a failure here must not have it written twice.
	if err := f.maintain(false); err != nil {
		f.log.Error("analytics: retention", "path", f.path, "err", err)
	}
	return nil
}

// Report reads what was recorded since since (to the hour) in lang, or in
// every language when lang is "". Events still queued are not included.
func (s *FileStore) Report(_ context.Context, since time.Time, lang string) (Report, error) {
	r := NewReportBuilder(since, lang)
	f := s.file
	f.mu.Lock()
	defer f.mu.Unlock()
	err := f.view(func(tx *bolt.Tx) error {
		if err := readSearches(tx.Bucket(bucketSearches), r); err != nil {
			return err
		}
		return readVotes(tx.Bucket(bucketVotes), r)
	})
	if err != nil {
		return Report{}, fmt.Errorf("analytics: %s: %w", f.path, err)
	}
	return r.Report(), nil
}

// readSearches hands r the stored search counts from its first day on, one
// hour at a time.
func readSearches(root *bolt.Bucket, r *ReportBuilder) error {
	var hourKey []byte
	var group []SearchCount
	return forEachSince(root, r.Since(), func(day []byte, hour time.Time, k, v []byte) error {
		if k == nil { // the day's end
			r.AddHour(group)
			group, hourKey = group[:0], nil
			return nil
		}
		if !bytes.Equal(k[:2], hourKey) {
			r.AddHour(group)
			group = group[:0]
			hourKey = bytes.Clone(k[:2])
		}
		lang, query, ok := strings.Cut(string(k[2:]), "\x00")
		if !ok {
			return nil
		}
		var cs counts
		if err := json.Unmarshal(v, &cs); err != nil {
			return fmt.Errorf("searches %s: %w", day, err)
		}
		group = append(group, SearchCount{Hour: hour, Lang: lang, Query: query, Searches: cs.N, NoResults: cs.Zero, Clicks: cs.Clicks, Spellings: cs.Spellings})
		return nil
	})
}

// readVotes hands r the stored votes from its first day on, oldest first.
func readVotes(root *bolt.Bucket, r *ReportBuilder) error {
	return forEachSince(root, r.Since(), func(day []byte, hour time.Time, k, v []byte) error {
		if k == nil {
			return nil
		}
		var vt vote
		if err := json.Unmarshal(v, &vt); err != nil {
			return fmt.Errorf("votes %s: %w", day, err)
		}
		r.AddVote(Vote{Hour: hour, Page: vt.Page, Lang: vt.Lang, Helpful: vt.Helpful, Reason: vt.Reason, Comment: vt.Comment})
		return nil
	})
}

// forEachSince calls fn with each key of root's day buckets whose hour
// (the key's two-digit prefix) is since or later, oldest first, and with a
// nil key at the end of each day.
func forEachSince(root *bolt.Bucket, since time.Time, fn func(day []byte, hour time.Time, k, v []byte) error) error {
	sinceDay, _ := dayHour(since)
	c := root.Cursor()
	for day, _ := c.Seek([]byte(sinceDay)); day != nil; day, _ = c.Next() {
		b := root.Bucket(day)
		if b == nil {
			continue
		}
		err := b.ForEach(func(k, v []byte) error {
			if len(k) < 2 {
				return nil
			}
			hour, ok := parseHour(day, k[:2])
			if !ok || hour.Before(since) {
				return nil
			}
			return fn(day, hour, k, v)
		})
		if err == nil {
			err = fn(day, time.Time{}, nil, nil)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// parseHour reads a day bucket's name and a key's two-digit hour prefix.
func parseHour(day, hour []byte) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly+"T15", string(day)+"T"+string(hour))
	return t, err == nil
}

// errLocked is a write that waited lockTimeout for another process (kb
// report reading a large file): worth retrying.
var errLocked = errors.New("the file stayed locked by another process")

// update runs fn in a write transaction on the file, opened for the purpose.
// The caller holds f.mu.
func (f *boltFile) update(fn func(*bolt.Tx) error) error {
	db, err := f.open(false)
	if err != nil {
		return err
	}
	return errors.Join(db.Update(fn), db.Close())
}

// view runs fn in a read transaction. The caller holds f.mu.
func (f *boltFile) view(fn func(*bolt.Tx) error) error {
	db, err := f.open(true)
	if err != nil {
		return err
	}
	return errors.Join(db.View(fn), db.Close())
}

func (f *boltFile) open(readOnly bool) (*bolt.DB, error) {
	db, err := bolt.Open(f.path, 0o600, &bolt.Options{Timeout: lockTimeout, ReadOnly: readOnly})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, errLocked
	}
	return db, err
}

// maintain deletes what is older than Retention (when forced or an hour
// after the last time) and enforces MaxBytes. The caller holds f.mu.
func (f *boltFile) maintain(force bool) error {
	now := f.opts.Now()
	if force || now.Sub(f.lastPrune) >= pruneEvery {
		if err := f.update(func(tx *bolt.Tx) error { return deleteBefore(tx, now.Add(-f.opts.Retention)) }); err != nil {
			return err
		}
		f.lastPrune = now
	}
	fi, err := os.Stat(f.path)
	if err != nil {
		return err
	}
	// A bbolt file grows to the next power of two (in 16 MiB steps past
	// 16 MiB), so a compacted file can be up to twice its data: halve the
	// target until the file fits.
	for target := f.opts.MaxBytes / 2; fi.Size() > f.opts.MaxBytes && target > 0; target /= 2 {
		if err := f.shrink(target); err != nil {
			return err
		}
		if fi, err = os.Stat(f.path); err != nil {
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
func (f *boltFile) shrink(target int64) error {
	var units []*hourData
	var total int64
	err := f.view(func(tx *bolt.Tx) error {
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
		f.log.Warn("analytics: file reached its size cap, cutting the busiest hours down",
			"max_bytes", f.opts.MaxBytes, "hours", len(cut), "ceiling_bytes", ceiling,
			"busiest", busiest.day+"T"+busiest.hour, "busiest_dropped", len(busiest.drop))
	}
	err = f.update(func(tx *bolt.Tx) error {
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
	return f.compact()
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
func (f *boltFile) compact() error {
	src, err := f.open(false)
	if err != nil {
		return err
	}
	defer src.Close()
	tmp := f.path + ".compact"
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
	return os.Rename(tmp, f.path)
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
