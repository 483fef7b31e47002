package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"
)

// ClickSink stores which result a search led to. Like FeedbackSink it sees
// only the decoded values, never the request, and it must not block.
type ClickSink interface {
	RecordClick(lang, query, url string)
}

// Click is one opened search result, as the theme's search box reports it.
type Click struct {
	Query string `json:"q"`
	Lang  string `json:"lang"`
	URL   string `json:"url"`
}

const maxClickBytes = 2 << 10

// handleClick records a result click. The theme sends it with
// navigator.sendBeacon as text/plain, which needs no CORS preflight and whose
// answer nobody reads, so the content type is not checked.
func (s *Server) handleClick(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Clicks == nil {
		writeError(w, http.StatusNotFound, "click recording is not enabled")
		return
	}
	c, err := decodeClick(http.MaxBytesReader(w, r.Body, maxClickBytes), s.cfg.MaxQueryBytes)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, "click is larger than 2 KiB")
			return
		}
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.cfg.Clicks.RecordClick(c.Lang, c.Query, c.URL)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

// decodeClick reads and validates one Click.
func decodeClick(body io.Reader, maxQuery int) (Click, error) {
	var c Click
	dec := json.NewDecoder(body)
	err := dec.Decode(&c)
	if err == nil {
		if _, err = dec.Token(); err == io.EOF {
			err = nil
		} else if err == nil {
			err = errors.New("data after the object")
		}
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return c, err
		}
		return c, errors.New("malformed JSON")
	}
	c.Query = strings.TrimSpace(c.Query)
	switch {
	case c.Query == "":
		return c, errors.New("q is required")
	case len(c.Query) > maxQuery || !utf8.ValidString(c.Query):
		return c, errors.New("q is too long")
	case !strings.HasPrefix(c.URL, "/") || strings.HasPrefix(c.URL, "//") || len(c.URL) > maxPageBytes:
		return c, errors.New(`url must be a site path such as "/en/faq/returns/"`)
	case len(c.Lang) > maxLangBytes:
		return c, errors.New("lang is too long")
	}
	if c.Lang == "" {
		c.Lang, _, _ = strings.Cut(strings.TrimPrefix(c.URL, "/"), "/")
		if len(c.Lang) > maxLangBytes {
			c.Lang = ""
		}
	}
	return c, nil
}
