package analytics

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"kb/search"
	"kb/search/server"
)

// Store is where the search server records searches, result clicks and
// article votes, and what kb report reads: the embedded file (FileStore) on
// one machine, PostgreSQL (package postgres) for replicas. Recording never
// blocks a search; what a store keeps is already stripped of anything
// identifying by the Recorder in front of it.
type Store interface {
	RecordSearch(q search.Query, r search.Result)
	RecordClick(lang, query, url string)
	RecordFeedback(ctx context.Context, f server.Feedback) error
	// Report reads what was recorded since since (to the hour) in lang, or
	// in every language when lang is "".
	Report(ctx context.Context, since time.Time, lang string) (Report, error)
	// Dropped is how many events were not stored because the store was
	// behind or unreachable.
	Dropped() uint64
	// Close writes the events still queued and releases the store.
	Close() error
}

// Backend is what a Recorder writes batches into.
type Backend interface {
	// Write stores one batch, all of it or none. An error wrapped by
	// Rejected means the batch can never be stored and is dropped; any
	// other error is retried.
	Write(ctx context.Context, b Batch) error
	// Maintain applies retention. The writer calls it when it is idle,
	// about once a second; it decides itself whether work is due and does
	// a bounded amount of it per call.
	Maintain(ctx context.Context) error
}

// Batch is a Backend's unit of writing: searches counted per hour, language
// and normalized query (with how customers spelled it), and votes, all
// cleaned of personal data.
type Batch struct {
	// ID is random and the same on every attempt at writing the batch,
	// which holds the same events each time: a backend that keeps it can
	// tell a retry of a batch it stored, though its answer was lost, and
	// not count the batch twice.
	ID       string
	Searches []SearchCount // sorted by hour, language and query; one per key
	Votes    []Vote        // in the order they were cast
}

// SearchCount is the searches of one normalized query in one language in one
// hour, how many of them found nothing, and the results they led to.
type SearchCount struct {
	Hour      time.Time // UTC, on the hour
	Lang      string
	Query     string
	Searches  int
	NoResults int
	Clicks    map[string]int // result path → times opened
	// Spellings are how customers wrote Query, other than as Query itself:
	// spelling → searches, at most MaxSpellings of them, and under ""
	// the searches spelled in ways past those (see addSpellings).
	Spellings map[string]int
}

// Vote is one "Was this helpful?" answer, timed to the hour, its comment
// redacted.
type Vote struct {
	Hour    time.Time // UTC, on the hour
	Page    string
	Lang    string
	Helpful bool
	Reason  string
	Comment string
}

// Rejected marks err as a batch the backend will never accept (bad data, not
// a lost connection), so the Recorder drops it instead of retrying it.
func Rejected(err error) error { return rejectedError{err} }

type rejectedError struct{ err error }

func (e rejectedError) Error() string { return e.err.Error() }
func (e rejectedError) Unwrap() error { return e.err }

// Writer settings.
const (
	defaultQueueSize = 4096             // events waiting for the writer
	voteShare        = 8                // 1/voteShare of the queue is kept for votes
	defaultBatchSize = 500              // events per write, at most
	flushEvery       = time.Second      // how long an event waits for its batch, at most
	writeTimeout     = 5 * time.Second  // one write or maintenance step
	closeTimeout     = 5 * time.Second  // the final flush, all of it
	maxRetryDelay    = 10 * time.Second // between attempts at a failing write
	dropLogEvery     = time.Minute      // how often drops are logged, at most
)

// Recorder is the bounded queue in front of a Backend and the goroutine that
// empties it: callers hand it raw events without waiting, it cleans and
// counts them into batches of BatchSize events or one second, whichever
// comes first, and writes each batch in one call. While a write fails the
// batch is kept and retried with backoff; the queue fills meanwhile, and
// events beyond it are dropped and counted. Its methods are safe for
// concurrent use.
type Recorder struct {
	backend   Backend
	now       func() time.Time
	log       *slog.Logger
	batchSize int

	events    chan event
	otherRoom int // how full the queue may get with searches and clicks
	quit      chan struct{}
	done      chan struct{}
	closed    atomic.Bool
	dropped   atomic.Uint64

	closeErr error // the final flush's error
}

// kind is what an event records.
type kind uint8

const (
	kindSearch kind = iota
	kindClick
	kindVote
)

// event is one raw record on its way to the writer. Cleaning happens in the
// writer, so recording costs the caller one channel send.
type event struct {
	kind  kind
	at    time.Time
	lang  string
	query string
	zero  bool   // the search found nothing
	url   string // the clicked result
	vote  server.Feedback
}

// NewRecorder starts a writer for b. Close it to flush.
func NewRecorder(b Backend, opts Options) *Recorder {
	opts.setDefaults()
	r := &Recorder{
		backend:   b,
		now:       opts.Now,
		log:       opts.Logger,
		batchSize: opts.BatchSize,
		events:    make(chan event, opts.QueueSize),
		otherRoom: opts.QueueSize - opts.QueueSize/voteShare,
		quit:      make(chan struct{}),
		done:      make(chan struct{}),
	}
	go r.run()
	return r
}

// RecordSearch records one search. It never blocks: when the writer is behind,
// the event is dropped and counted (see Dropped). Its signature fits
// server.Config.OnSearch. The language recorded is the one searched, so that
// "en-US" and "EN" count as en.
func (r *Recorder) RecordSearch(q search.Query, res search.Result) {
	r.enqueue(event{kind: kindSearch, lang: cmp.Or(res.Lang, q.Lang), query: q.Text, zero: res.Total == 0 && len(res.Hits) == 0})
}

// RecordClick records that a search for query led to the result at url. It
// never blocks.
func (r *Recorder) RecordClick(lang, query, url string) {
	r.enqueue(event{kind: kindClick, lang: lang, query: query, url: url})
}

// RecordFeedback records one vote. Votes are rarer and worth more than
// searches: they have a share of the queue to themselves, and when even
// that is full it waits for room until ctx is done rather than dropping
// the vote. The vote is written within about a second.
func (r *Recorder) RecordFeedback(ctx context.Context, f server.Feedback) error {
	if r.closed.Load() {
		return errors.New("analytics: store is closed")
	}
	ev := event{kind: kindVote, at: r.now(), vote: f}
	select {
	case r.events <- ev:
		return nil
	case <-ctx.Done():
		r.dropped.Add(1)
		return fmt.Errorf("analytics: queue full: %w", context.Cause(ctx))
	}
}

func (r *Recorder) enqueue(ev event) {
	if r.closed.Load() {
		return
	}
	ev.at = r.now()
	// Searches and clicks leave the end of the queue to votes, rarer and
	// worth more: when an outage fills the queue with searches, votes
	// cast meanwhile are still kept (a few more searches than otherRoom
	// may slip in between the check and the send: it is only a share).
	if len(r.events) >= r.otherRoom {
		r.dropped.Add(1)
		return
	}
	select {
	case r.events <- ev:
	default:
		r.dropped.Add(1)
	}
}

// Dropped is how many events were dropped since the start because the
// writer was behind or the backend refused them.
func (r *Recorder) Dropped() uint64 { return r.dropped.Load() }

// Close writes the events still queued, giving up after closeTimeout, and
// stops the writer. Events recorded after Close are ignored.
func (r *Recorder) Close() error {
	if r.closed.Swap(true) {
		return nil
	}
	close(r.quit)
	<-r.done
	return r.closeErr
}

// run is the writer goroutine.
func (r *Recorder) run() {
	defer close(r.done)
	tick := time.NewTicker(flushEvery)
	defer tick.Stop()
	batch := make([]event, 0, r.batchSize)
	var (
		batchID    string    // batch's Batch.ID, "" while it is empty
		failures   int       // consecutive failed writes of batch
		retryAt    time.Time // no attempt before (wall clock, not Options.Now)
		reported   uint64    // dropped count last logged
		reportedAt time.Time
		lastFailed error
	)
	write := func() {
		if len(batch) == 0 || time.Now().Before(retryAt) {
			return
		}
		b := batchOf(batch)
		b.ID = batchID
		ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
		err := r.backend.Write(ctx, b)
		cancel()
		var rejected rejectedError
		switch {
		case err == nil:
			if failures > 0 {
				r.log.Info("analytics: writing again", "failed_attempts", failures)
			}
			failures, retryAt = 0, time.Time{}
		case errors.As(err, &rejected):
			r.dropped.Add(uint64(len(batch)))
			r.log.Error("analytics: batch refused, dropped", "events", len(batch), "err", err)
			failures, retryAt = 0, time.Time{}
		default:
			if failures == 0 || err.Error() != lastFailed.Error() {
				r.log.Error("analytics: write failed, will retry", "events", len(batch), "err", err)
			}
			failures++
			lastFailed = err
			retryAt = time.Now().Add(min(flushEvery<<min(failures-1, 5), maxRetryDelay))
			return // keep the batch
		}
		batch, batchID = batch[:0], ""
	}
	for {
		// A full batch, or one whose write failed, takes no more events
		// until it is written: the queue, not the batch, absorbs an outage,
		// and a retry writes what the failed attempt may have stored.
		events := r.events
		if len(batch) == r.batchSize || failures > 0 {
			events = nil
		}
		select {
		case ev := <-events:
			if len(batch) == 0 {
				batchID = newBatchID()
			}
			batch = append(batch, ev)
			if len(batch) == r.batchSize {
				write()
			}
		case <-tick.C:
			if d := r.dropped.Load(); d != reported && time.Since(reportedAt) >= dropLogEvery {
				r.log.Warn("analytics: events dropped, the store is behind or unreachable", "dropped", d-reported)
				reported, reportedAt = d, time.Now()
			}
			write()
			if len(batch) > 0 {
				continue // behind or failing: retention can wait
			}
			ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
			if err := r.backend.Maintain(ctx); err != nil {
				r.log.Error("analytics: retention", "err", err)
			}
			cancel()
		case <-r.quit:
			r.closeErr = r.drain(batch, batchID)
			return
		}
	}
}

// drain writes the batch in hand and everything queued, within closeTimeout
// in all. What cannot be written by then is dropped and counted, and the
// error says how many events that is: the last word of a stopping server.
func (r *Recorder) drain(batch []event, batchID string) error {
	ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
	defer cancel()
	var (
		lost     int
		firstErr error
	)
	flush := func() {
		if len(batch) == 0 {
			return
		}
		var err error
		if ctx.Err() == nil {
			b := batchOf(batch)
			b.ID = cmp.Or(batchID, newBatchID())
			err = r.backend.Write(ctx, b)
		} else {
			err = ctx.Err()
		}
		if err != nil {
			r.dropped.Add(uint64(len(batch)))
			lost += len(batch)
			firstErr = cmp.Or(firstErr, err)
		}
		batch, batchID = batch[:0], ""
	}
	flush() // the batch in hand as it was, in case an attempt stored it
	for {
		select {
		case ev := <-r.events:
			batch = append(batch, ev)
			if len(batch) >= r.batchSize {
				flush()
			}
			continue
		default:
		}
		break
	}
	flush()
	if lost == 0 {
		return nil
	}
	return fmt.Errorf("analytics: final write failed, %d events (searches, clicks, votes) not stored are lost: %w", lost, firstErr)
}

// newBatchID is a random Batch.ID.
func newBatchID() string {
	return rand.Text()
}

// batchOf cleans and counts events into a Batch: the one place where what
// the visitor sent becomes what is kept.
func batchOf(events []event) Batch {
	type key struct {
		hour        time.Time
		lang, query string
	}
	counts := make(map[key]*SearchCount)
	var b Batch
	for _, ev := range events {
		hour := ev.at.UTC().Truncate(time.Hour)
		if ev.kind == kindVote {
			b.Votes = append(b.Votes, Vote{
				Hour:    hour,
				Page:    cleanText(truncate(ev.vote.Page, maxURLBytes)),
				Lang:    cleanLang(ev.vote.Lang),
				Helpful: ev.vote.Helpful,
				Reason:  cleanText(truncate(ev.vote.Reason, 20)),
				Comment: cleanText(redact(ev.vote.Comment)),
			})
			continue
		}
		query, lang := NormalizeQuery(ev.query), cleanLang(ev.lang)
		if query == "" {
			continue
		}
		k := key{hour, lang, query}
		c := counts[k]
		if c == nil {
			c = &SearchCount{Hour: hour, Lang: lang, Query: query}
			counts[k] = c
		}
		switch ev.kind {
		case kindSearch:
			c.Searches++
			if ev.zero {
				c.NoResults++
			}
			if s := querySpelling(ev.query, query); s != query {
				c.Spellings = addSpellings(c.Spellings, map[string]int{s: 1})
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
	for _, c := range counts {
		if c.Searches > 0 || len(c.Clicks) > 0 {
			b.Searches = append(b.Searches, *c)
		}
	}
	slices.SortFunc(b.Searches, func(x, y SearchCount) int {
		return cmp.Or(x.Hour.Compare(y.Hour), strings.Compare(x.Lang, y.Lang), strings.Compare(x.Query, y.Query))
	})
	return b
}
