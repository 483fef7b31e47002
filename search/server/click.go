package server

import (
	"errors"
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

// handleClick records a result click (guardPost has checked the content
// type, the origin and the rate).
func (s *Server) handleClick(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Clicks == nil {
		writeError(w, http.StatusNotFound, "click recording is not enabled")
		return
	}
	var c Click
	if !readJSON(w, r, maxClickBytes, "click", &c) {
		s.metrics.clicksRefused[refusedInvalid].Add(1)
		return
	}
	if err := c.check(s.settings()); err != nil {
		s.metrics.clicksRefused[refusedInvalid].Add(1)
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if !s.knownPage(w, c.URL, &c.Lang, &s.metrics.clicksRefused) {
		return
	}
	s.cfg.Clicks.RecordClick(c.Lang, c.Query, c.URL)
	s.metrics.clicks.Add(1)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

// check validates a click.
func (c *Click) check(ls *liveSettings) error {
	c.Query = strings.TrimSpace(c.Query)
	switch {
	case c.Query == "":
		return errors.New("q is required")
	case ls.queryTooLong(c.Query) || !utf8.ValidString(c.Query):
		return errors.New("q is too long")
	case hasControl(c.Query, ""):
		return errors.New("q must not contain control characters")
	case !isSitePath(c.URL):
		return errors.New(`url must be a site path such as "/en/faq/returns/"`)
	case hasControl(c.URL, ""):
		return errors.New("url must not contain control characters")
	case !validLang(c.Lang):
		return errors.New(`lang must be a language code such as "en" or "pt-BR"`)
	}
	return nil
}
