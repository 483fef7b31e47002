package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"unicode/utf8"
)

const (
	maxFeedbackBytes = 4 << 10
	maxCommentRunes  = 1000
	maxPageBytes     = 1024
	maxLangBytes     = 35 // the longest language tags in practical use
)

// validReason reports whether r is one of the choices the theme's "No" form
// offers, so `kb report` can group by it.
func validReason(r string) bool {
	switch r {
	case "", "unclear", "incorrect", "missing", "other":
		return true
	}
	return false
}

func (s *Server) handleFeedback(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Feedback == nil {
		writeError(w, http.StatusNotFound, "feedback is not enabled")
		return
	}
	var f Feedback
	if !readJSON(w, r, maxFeedbackBytes, "feedback", &f) {
		s.metrics.votesRefused[refusedInvalid].Add(1)
		return
	}
	if err := f.check(); err != nil {
		s.metrics.votesRefused[refusedInvalid].Add(1)
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if !s.knownPage(w, f.Page, &f.Lang, &s.metrics.votesRefused) {
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	client, network := s.clientKey(r), clientNetwork(r, s.cfg.TrustProxy)
	switch verdict, wait, first := s.votes.record(client, network, f.Page); verdict {
	case voteFirst:
	case voteRepeat:
		// Answered like a vote that counted: the reader sees "thanks"
		// either way, and a flood learns nothing.
		s.metrics.feedbackRepeats.Add(1)
		w.WriteHeader(http.StatusNoContent)
		return
	default:
		reason := ledgerRefusal(verdict)
		s.metrics.votesRefused[reason].Add(1)
		if first {
			s.log.Warn("votes refused until the hour ends", "reason", refusalNames[reason],
				"votes_per_hour", maxVotesPerHour, "per_page", maxVotesPerPage, "per_network", maxVotesPerNetwork)
		}
		tooMany(w, wait)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
	defer cancel()
	// Only the decoded value crosses over: the sink cannot learn the
	// address, headers or anything else about who voted.
	if err := s.cfg.Feedback.RecordFeedback(ctx, f); err != nil {
		s.votes.forget(client, network, f.Page)
		s.log.Error("record feedback", "err", err)
		writeError(w, http.StatusInternalServerError, "could not record feedback")
		return
	}
	s.metrics.feedback.Add(1)
	w.WriteHeader(http.StatusNoContent)
}

// check validates a vote and truncates its comment.
func (f *Feedback) check() error {
	switch {
	case f.Page == "":
		return errors.New("page is required")
	case !isSitePath(f.Page):
		return errors.New(`page must be a site path such as "/en/faq/returns/"`)
	case hasControl(f.Page, ""):
		return errors.New("page must not contain control characters")
	case !validReason(f.Reason):
		return errors.New(`reason must be "", "unclear", "incorrect", "missing" or "other"`)
	case !validLang(f.Lang):
		return errors.New(`lang must be a language code such as "en" or "pt-BR"`)
	case hasControl(f.Comment, "\n\r\t"):
		return errors.New("comment must not contain control characters other than line breaks and tabs")
	}
	f.Comment = truncateRunes(strings.TrimSpace(f.Comment), maxCommentRunes)
	return nil
}

// knownPage checks that page is one of the site's and canonicalises lang
// (see checkPage), filling it from the page's path when nothing else knows
// it. Otherwise it answers 400, counts the refusal and returns false.
func (s *Server) knownPage(w http.ResponseWriter, page string, lang *string, refused *[refusals]atomic.Uint64) bool {
	switch s.checkPage(page, lang) {
	case langUnknown:
		refused[refusedInvalid].Add(1)
		writeError(w, http.StatusBadRequest, fmt.Sprintf("unknown language %q", *lang))
		return false
	case pageUnknown:
		refused[refusedUnknownPage].Add(1)
		writeError(w, http.StatusBadRequest, "page is not a page of this site")
		return false
	}
	if *lang == "" {
		*lang = langOfPath(page)
	}
	return true
}

// readJSON decodes a request body that must be one JSON object of at most
// limit bytes into v. On failure it answers 413 or 400 and returns false.
func readJSON(w http.ResponseWriter, r *http.Request, limit int64, what string, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	err := dec.Decode(v)
	if err == nil {
		if _, err = dec.Token(); err == io.EOF {
			return true
		} else if err == nil {
			err = errors.New("data after the object")
		}
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("%s is larger than %d KiB", what, limit>>10))
		return false
	}
	writeError(w, http.StatusBadRequest, "malformed JSON")
	return false
}

// isSitePath reports whether p is a path on this site ("/en/faq/x/"), not
// another host ("//evil.example/") or an overlong string.
func isSitePath(p string) bool {
	return strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") && len(p) <= maxPageBytes
}

// validLang reports whether l is empty or shaped like a BCP 47 tag: letters,
// digits and hyphens, short. Anything else is not a language the site has.
func validLang(l string) bool {
	if len(l) > maxLangBytes {
		return false
	}
	for _, c := range l {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// langOfPath is the language of a page from its first path segment: pages
// live under /<lang>/, so it is knowable even from an older theme that does
// not send it.
func langOfPath(p string) string {
	lang, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	if !validLang(lang) {
		return ""
	}
	return lang
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for range n {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}
