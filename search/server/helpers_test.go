package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"kb/search"
)

// fakeIndex is a Searcher that answers from a function and notices being used
// after Close, which is the bug reference counting exists to prevent.
type fakeIndex struct {
	id       string
	search   func(ctx context.Context, q search.Query) (search.Result, error)
	closed   atomic.Bool
	misuse   atomic.Int64 // searches that ran on a closed index
	inflight atomic.Int64
	calls    atomic.Int64 // searches that reached this index
}

func (f *fakeIndex) Search(ctx context.Context, q search.Query) (search.Result, error) {
	f.calls.Add(1)
	if f.closed.Load() {
		f.misuse.Add(1)
		return search.Result{}, errors.New("search on a closed index")
	}
	f.inflight.Add(1)
	defer f.inflight.Add(-1)
	var res search.Result
	var err error
	if f.search != nil {
		res, err = f.search(ctx, q)
	} else {
		res, err = defaultSearch(ctx, q)
	}
	if f.closed.Load() {
		f.misuse.Add(1)
		return search.Result{}, errors.New("index closed during a search")
	}
	return res, err
}

func (f *fakeIndex) BuildID() string { return f.id }

func (f *fakeIndex) Close() error {
	if f.inflight.Load() != 0 {
		f.misuse.Add(1)
	}
	if f.closed.Swap(true) {
		return errors.New("closed twice")
	}
	return nil
}

// defaultSearch knows the languages en and ar and returns one hit that
// echoes the query.
func defaultSearch(ctx context.Context, q search.Query) (search.Result, error) {
	if q.Lang != "en" && q.Lang != "ar" {
		return search.Result{}, fmt.Errorf("lang %q: %w", q.Lang, search.ErrUnknownLanguage)
	}
	return search.Result{
		Hits: []search.Hit{{
			Title:   "Returns",
			URL:     "/" + q.Lang + "/policies/returns/",
			Snippet: "how to <mark>" + q.Text + "</mark>",
			Section: "Policies",
			Score:   1.5,
		}},
		Total:  1,
		TookMS: 0.5,
	}, nil
}

// opener hands out fake indexes, a new build each time next is changed.
type opener struct {
	mu     sync.Mutex
	nextID string
	search func(ctx context.Context, q search.Query) (search.Result, error)
	err    error
	opened []*fakeIndex
}

func (o *opener) open(dir string) (Searcher, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.err != nil {
		return nil, o.err
	}
	f := &fakeIndex{id: o.nextID, search: o.search}
	o.opened = append(o.opened, f)
	return f, nil
}

func (o *opener) setNext(id string) {
	o.mu.Lock()
	o.nextID = id
	o.mu.Unlock()
}

func (o *opener) all() []*fakeIndex {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]*fakeIndex(nil), o.opened...)
}

// newTestServer builds a Server over fake indexes; edit adjusts the config.
func newTestServer(t *testing.T, edit func(*Config)) (*Server, *opener) {
	t.Helper()
	o := &opener{nextID: "build-1"}
	cfg := Config{IndexDir: t.TempDir(), Open: o.open}
	if edit != nil {
		edit(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, o
}

// do sends one request through the handler.
func do(t *testing.T, h http.Handler, method, target string, body io.Reader, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func get(t *testing.T, h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	return do(t, h, http.MethodGet, target, nil, header...)
}

func post(t *testing.T, h http.Handler, target, body string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	return do(t, h, http.MethodPost, target, strings.NewReader(body), header...)
}

// sameSite are the headers a browser sends with the theme's POST from a page
// of the site itself (httptest's requests go to Host example.com).
var sameSite = []string{"Content-Type", "application/json", "Origin", "http://example.com"}

// jsonError returns the "error" field of a JSON error answer, failing the
// test if the answer is not one.
func jsonError(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q, want JSON", ct)
	}
	var e struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error == "" {
		t.Errorf("body %q is not a JSON error: %v", w.Body, err)
	}
	return e.Error
}

// untilStopped runs search over and over on n goroutines until the
// returned stop is called, which waits for them.
func untilStopped(n int, search func()) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				search()
			}
		})
	}
	return func() {
		close(done)
		wg.Wait()
	}
}
