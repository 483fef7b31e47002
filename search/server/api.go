package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"kb/search"
)

// statusClientClosedRequest is what the metrics and the access log record
// for a request whose client hung up before the answer (nginx's 499).
const statusClientClosedRequest = 499

// errQueryTooLong is the cause of the 414 for a long q, which the search
// page words in its reader's language.
var errQueryTooLong = errors.New("query too long")

// statusError is an error with the status code to answer it with.
type statusError struct {
	code int
	msg  string
	err  error // the cause, for errors.Is
}

func (e *statusError) Error() string { return e.msg }
func (e *statusError) Unwrap() error { return e.err }

// parseQuery turns the request's parameters into a bounded search.Query.
// Lang is checked by the caller, which knows whether it came from the path.
func (s *Server) parseQuery(r *http.Request) (search.Query, error) {
	v := r.URL.Query()
	q := search.Query{
		Text:    v.Get("q"),
		Lang:    v.Get("lang"),
		Section: v.Get("section"),
		Limit:   min(defaultLimit, s.cfg.MaxLimit),
	}
	ls := s.settings()
	if ls.queryTooLong(q.Text) {
		return q, &statusError{http.StatusRequestURITooLong, fmt.Sprintf("q is longer than %d characters", ls.maxQueryRunes), errQueryTooLong}
	}
	if len(q.Section) > ls.maxQueryBytes || len(q.Lang) > ls.maxQueryBytes {
		return q, &statusError{http.StatusRequestURITooLong, "parameter too long", nil}
	}
	// The analyzers expect text; reject garbage here rather than in bleve.
	if !utf8.ValidString(q.Text) || !utf8.ValidString(q.Section) {
		return q, &statusError{http.StatusBadRequest, "parameters must be UTF-8", nil}
	}
	if l := v.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil {
			return q, &statusError{http.StatusBadRequest, "limit must be an integer", nil}
		}
		q.Limit = min(max(n, 1), s.cfg.MaxLimit)
	}
	return q, nil
}

// runSearch runs q on the current index within RequestTimeout, and returns
// the result with its JSON encoding. Empty text searches nothing: a box being
// cleared is not an error.
func (s *Server) runSearch(parent context.Context, q search.Query) (answer, error) {
	if q.Text == "" {
		return newAnswer(search.Result{Hits: []search.Hit{}})
	}
	ref := s.acquire()
	if ref == nil {
		return answer{}, &statusError{http.StatusServiceUnavailable, "no index loaded", nil}
	}
	defer ref.release()
	key := cacheKey(ref.id, q)
	if ans, ok := s.cache.get(key); ok {
		s.metrics.cacheHits.Add(1)
		return ans, nil
	}
	ctx, cancel := context.WithTimeout(parent, s.cfg.RequestTimeout)
	defer cancel()
	res, err := s.searchInTurn(ctx, ref.s, q)
	switch {
	case err == nil:
	case errors.Is(err, search.ErrUnknownLanguage):
		return answer{}, &statusError{http.StatusBadRequest, fmt.Sprintf("unknown language %q", q.Lang), err}
	case parent.Err() != nil:
		// The client went away; nobody reads the answer and it is not
		// the server's fault: nginx's 499, not a 5xx that would page
		// someone.
		return answer{}, &statusError{statusClientClosedRequest, "client closed request", nil}
	case ctx.Err() != nil:
		s.metrics.errors.Add(1)
		return answer{}, &statusError{http.StatusServiceUnavailable, "search timed out", nil}
	default:
		s.metrics.errors.Add(1)
		return answer{}, err
	}
	if res.Hits == nil {
		res.Hits = []search.Hit{}
	}
	ans, err := newAnswer(res)
	if err != nil {
		return ans, err
	}
	s.cache.put(key, ans)
	return ans, nil
}

// searchInTurn runs q once the gate gives it a turn.
func (s *Server) searchInTurn(ctx context.Context, ix Searcher, q search.Query) (search.Result, error) {
	if err := s.gate.enter(ctx); err != nil {
		return search.Result{}, err
	}
	defer s.gate.leave()
	return ix.Search(ctx, q)
}

// newAnswer encodes res.
func newAnswer(res search.Result) (answer, error) {
	e := encoders.Get().(*encoder)
	defer encoders.Put(e)
	e.buf.Reset()
	if err := e.enc.Encode(res); err != nil {
		return answer{}, fmt.Errorf("encoding search result: %w", err)
	}
	return answer{res: res, body: bytes.Clone(e.buf.Bytes())}, nil
}

// searched reports a successful search to the OnSearch hook, after the
// answer is written so a slow hook never delays the reader. A HEAD request
// is an uptime monitor's, not a reader's search: it is not reported.
func (s *Server) searched(r *http.Request, q search.Query, res search.Result) {
	if s.cfg.OnSearch != nil && q.Text != "" && r.Method == http.MethodGet {
		s.cfg.OnSearch(q, res)
	}
}

func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	q, err := s.parseQuery(r)
	if err == nil && q.Lang == "" {
		err = &statusError{http.StatusBadRequest, "lang is required", nil}
	}
	if err == nil {
		var ans answer
		ans, err = s.runSearch(r.Context(), q)
		if err == nil {
			s.setSearchCaching(w)
			if other := s.searchElsewhere(r.Context(), q, ans.res); other != nil {
				writeJSON(w, http.StatusOK, struct {
					search.Result
					Other *otherAnswer `json:"other"`
				}{ans.res, other})
			} else {
				writeJSONBytes(w, http.StatusOK, ans.body)
			}
			// Analytics count the search as one that found nothing in its
			// language: that is the article to write next.
			s.searched(r, q, ans.res)
			return
		}
	}
	s.writeSearchError(w, r, err)
}

// otherAnswer is what a search that found nothing in its language found in
// the site's other language that its text picked (search.PickOther).
type otherAnswer struct {
	Lang  string       `json:"lang"`
	Dir   string       `json:"dir"`
	Total int          `json:"total"`
	Hits  []search.Hit `json:"hits"`
}

// searchElsewhere runs q again in the other language that its text picks
// when res, q's answer, found nothing. It returns nil when res found
// something, when the site has no other language for q, and when that one
// finds nothing either or fails: the answer stands without it.
func (s *Server) searchElsewhere(ctx context.Context, q search.Query, res search.Result) *otherAnswer {
	if len(res.Hits) > 0 || q.Text == "" {
		return nil
	}
	o, ok := search.PickOther(q.Text, s.settings().OtherLanguages[res.Lang])
	if !ok {
		return nil
	}
	q.Lang = o.Lang
	ans, err := s.runSearch(ctx, q)
	if err != nil || len(ans.res.Hits) == 0 {
		return nil
	}
	return &otherAnswer{Lang: o.Lang, Dir: o.Dir, Total: ans.res.Total, Hits: ans.res.Hits}
}

func (s *Server) writeSearchError(w http.ResponseWriter, r *http.Request, err error) {
	var se *statusError
	if errors.As(err, &se) {
		if se.code == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", "1")
		}
		writeError(w, se.code, se.msg)
		return
	}
	s.log.Error("search failed", "path", r.URL.Path, "err", err)
	writeError(w, http.StatusInternalServerError, "search failed")
}

// setSearchCaching lets CDNs and browsers keep a result for a short while.
// Results depend only on the URL and the index build (no cookies, no
// personalization), and search-as-you-type sends the same popular prefixes
// from many readers, so even 60 s takes most of that load off the replicas.
// The cost: a rebuild shows up to SearchMaxAge late, and cached repeats do
// not reach OnSearch analytics.
func (s *Server) setSearchCaching(w http.ResponseWriter) {
	if s.cfg.SearchMaxAge < 0 {
		w.Header().Set("Cache-Control", "no-store")
		return
	}
	w.Header().Set("Cache-Control", "public, max-age="+strconv.Itoa(int(s.cfg.SearchMaxAge/time.Second)))
}

// encoder is a JSON encoder with its buffer, reused across requests.
type encoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

var encoders = sync.Pool{New: func() any {
	e := &encoder{}
	e.enc = json.NewEncoder(&e.buf)
	// Snippets carry <mark>; escaping it as \u003c only costs bytes, since
	// the response is never sniffed as HTML (nosniff).
	e.enc.SetEscapeHTML(false)
	return e
}}

func writeJSON(w http.ResponseWriter, code int, v any) {
	e := encoders.Get().(*encoder)
	defer encoders.Put(e)
	e.buf.Reset()
	if err := e.enc.Encode(v); err != nil {
		code = http.StatusInternalServerError
		e.buf.Reset()
		e.buf.WriteString(`{"error":"encoding response"}` + "\n")
	}
	writeJSONBytes(w, code, e.buf.Bytes())
}

// writeJSONBytes answers with body, already encoded.
func writeJSONBytes(w http.ResponseWriter, code int, body []byte) {
	h := w.Header()
	h["Content-Type"] = jsonContentType
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	w.WriteHeader(code)
	w.Write(body)
}

// jsonContentType is shared by every answer; net/http does not modify it.
var jsonContentType = []string{"application/json; charset=utf-8"}

// writeError answers with {"error": msg}; errors are never cached.
func writeError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, code, struct {
		Error string `json:"error"`
	}{msg})
}

// corsPolicy holds the origins allowed to call the API from a browser.
type corsPolicy struct {
	any     bool
	origins []string
}

func newCORSPolicy(origins []string) corsPolicy {
	p := corsPolicy{origins: slices.Clone(origins)}
	p.any = slices.Contains(origins, "*")
	return p
}

func (p corsPolicy) enabled() bool { return p.any || len(p.origins) > 0 }

func (p corsPolicy) allows(origin string) bool {
	return origin != "" && (p.any || slices.Contains(p.origins, origin))
}

// setHeaders adds the CORS headers for an allowed origin. With a list of
// origins the answer depends on Origin, so caches must key on it even when the
// request had none.
func (p corsPolicy) setHeaders(h http.Header, origin string) bool {
	if !p.enabled() {
		return false
	}
	if !p.any {
		h.Add("Vary", "Origin")
	}
	if !p.allows(origin) {
		return false
	}
	if p.any {
		h.Set("Access-Control-Allow-Origin", "*")
	} else {
		h.Set("Access-Control-Allow-Origin", origin)
	}
	return true
}

// withCORS adds CORS headers to the API's actual responses.
func (s *Server) withCORS(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.setCORSHeaders(w.Header(), r.Header.Get("Origin"), r.Host)
		h.ServeHTTP(w, r)
	})
}

// setCORSHeaders adds the CORS headers for origin when the API takes
// requests from it: a CORS origin, or the site itself (its baseURL's origin
// when [search] endpoint is on another one). It reports whether it did.
func (s *Server) setCORSHeaders(h http.Header, origin, host string) bool {
	ls := s.settings()
	if ls.cors.setHeaders(h, origin) {
		return true
	}
	own := s.ownOrigin(origin, host)
	if (own || ls.siteOrigin != "") && !slices.Contains(h.Values("Vary"), "Origin") {
		h.Add("Vary", "Origin")
	}
	if own {
		h.Set("Access-Control-Allow-Origin", origin)
	}
	return own
}

// preflight answers a browser's OPTIONS request: 204 with the permissions for
// an origin the actual request would be taken from, 403 for any other.
func (s *Server) preflight(method string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Allow", method+", OPTIONS")
		origin := r.Header.Get("Origin")
		if origin == "" {
			w.WriteHeader(http.StatusNoContent) // not a CORS request
			return
		}
		if !s.setCORSHeaders(h, origin, r.Host) {
			writeError(w, http.StatusForbidden, "origin not allowed")
			return
		}
		h.Set("Access-Control-Allow-Methods", method+", OPTIONS")
		h.Set("Access-Control-Allow-Headers", "Content-Type")
		h.Set("Access-Control-Max-Age", "7200") // Chromium's ceiling
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusNoContent)
	})
}
