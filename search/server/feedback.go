package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
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
	f, err := decodeFeedback(http.MaxBytesReader(w, r.Body, maxFeedbackBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, "feedback is larger than 4 KiB")
			return
		}
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
	defer cancel()
	// Only the decoded value crosses over: the sink cannot learn the
	// address, headers or anything else about who voted.
	if err := s.cfg.Feedback.RecordFeedback(ctx, f); err != nil {
		s.log.Error("record feedback", "err", err)
		writeError(w, http.StatusInternalServerError, "could not record feedback")
		return
	}
	s.metrics.feedback.Add(1)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

// decodeFeedback reads and validates one Feedback, truncating the comment.
func decodeFeedback(body io.Reader) (Feedback, error) {
	var f Feedback
	dec := json.NewDecoder(body)
	if err := dec.Decode(&f); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return f, err
		}
		return f, errors.New("malformed JSON")
	}
	if _, err := dec.Token(); err != io.EOF {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return f, err
		}
		return f, errors.New("malformed JSON: data after the object")
	}
	switch {
	case f.Page == "":
		return f, errors.New("page is required")
	case !strings.HasPrefix(f.Page, "/") || strings.HasPrefix(f.Page, "//") || len(f.Page) > maxPageBytes:
		return f, errors.New(`page must be a site path such as "/en/faq/returns/"`)
	case !validReason(f.Reason):
		return f, errors.New(`reason must be "", "unclear", "incorrect", "missing" or "other"`)
	case len(f.Lang) > maxLangBytes:
		return f, errors.New("lang is too long")
	}
	if f.Lang == "" {
		// Pages live under /<lang>/, so the vote's language is knowable
		// even from an older theme that does not send it.
		f.Lang, _, _ = strings.Cut(strings.TrimPrefix(f.Page, "/"), "/")
		if len(f.Lang) > maxLangBytes {
			f.Lang = ""
		}
	}
	f.Comment = truncateRunes(strings.TrimSpace(f.Comment), maxCommentRunes)
	return f, nil
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
