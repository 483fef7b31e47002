package server

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

type memorySink struct {
	mu  sync.Mutex
	got []Feedback
	err error
}

func (m *memorySink) RecordFeedback(ctx context.Context, f Feedback) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return m.err
	}
	m.got = append(m.got, f)
	return nil
}

func TestFeedback(t *testing.T) {
	sink := &memorySink{}
	s, _ := newTestServer(t, func(c *Config) { c.Feedback = sink })
	h := s.Handler()

	long := strings.Repeat("é", 1500) // 3000 bytes, under 4 KiB
	tests := []struct {
		name, body string
		code       int
	}{
		{"ok", `{"page":"/ar/policies/returns/","helpful":false,"reason":"unclear","comment":"  too vague "}`, 204},
		{"helpful", `{"page":"/en/faq/","helpful":true}`, 204},
		{"long comment", `{"page":"/en/faq/a/","reason":"other","comment":"` + long + `"}`, 204},
		{"every reason", `{"page":"/en/faq/b/","reason":"missing"}`, 204},
		{"malformed", `{"page":`, 400},
		{"not an object", `[1,2]`, 400},
		{"trailing data", `{"page":"/en/"} {"page":"/en/"}`, 400},
		{"empty", ``, 400},
		{"missing page", `{"helpful":true}`, 400},
		{"page not a path", `{"page":"https://evil.example/"}`, 400},
		{"bad reason", `{"page":"/en/faq/","reason":"spam"}`, 400},
		{"lang not a code", `{"page":"/en/faq/","lang":"en\u001b[2J"}`, 400},
		{"too large", `{"page":"/en/faq/","comment":"` + strings.Repeat("x", 5000) + `"}`, 413},
		{"too large trailing", `{"page":"/en/faq/"}` + strings.Repeat(" ", 5000), 413},
	}
	for _, tt := range tests {
		w := post(t, h, "/api/feedback", tt.body, sameSite...)
		if w.Code != tt.code {
			t.Errorf("%s: %d %s, want %d", tt.name, w.Code, w.Body, tt.code)
			continue
		}
		if tt.code != 204 {
			jsonError(t, w)
		}
	}

	sink.mu.Lock()
	defer sink.mu.Unlock()
	if len(sink.got) != 4 {
		t.Fatalf("sink got %d, want 4: %+v", len(sink.got), sink.got)
	}
	first := sink.got[0]
	want := Feedback{Page: "/ar/policies/returns/", Helpful: false, Reason: "unclear", Comment: "too vague", Lang: "ar"}
	if first != want {
		t.Errorf("recorded %+v, want %+v", first, want)
	}
	if n := utf8.RuneCountInString(sink.got[2].Comment); n != maxCommentRunes {
		t.Errorf("comment kept %d runes, want %d", n, maxCommentRunes)
	}
	if !utf8.ValidString(sink.got[2].Comment) {
		t.Error("truncation split a rune")
	}
	if got := s.metrics.feedback.Load(); got != 4 {
		t.Errorf("kb_feedback_total = %d", got)
	}
}

func TestFeedbackDisabled(t *testing.T) {
	s, _ := newTestServer(t, nil)
	w := post(t, s.Handler(), "/api/feedback", `{"page":"/en/"}`, sameSite...)
	if w.Code != http.StatusNotFound {
		t.Errorf("code = %d", w.Code)
	}
	jsonError(t, w)
}

func TestFeedbackSinkError(t *testing.T) {
	sink := &memorySink{err: errors.New("disk full")}
	s, _ := newTestServer(t, func(c *Config) { c.Feedback = sink })
	w := post(t, s.Handler(), "/api/feedback", `{"page":"/en/"}`, sameSite...)
	if w.Code != http.StatusInternalServerError || strings.Contains(w.Body.String(), "disk") {
		t.Errorf("code = %d %s", w.Code, w.Body)
	}
	// The vote was not kept, so the reader's retry is not a repeat.
	sink.mu.Lock()
	sink.err = nil
	sink.mu.Unlock()
	if w := post(t, s.Handler(), "/api/feedback", `{"page":"/en/"}`, sameSite...); w.Code != 204 || len(sink.got) != 1 {
		t.Errorf("retry after a failure = %d, %d votes kept", w.Code, len(sink.got))
	}
}

func TestTruncateRunes(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"", 3, ""},
		{"abc", 3, "abc"},
		{"abcd", 3, "abc"},
		{"αβγδ", 2, "αβ"},
	} {
		if got := truncateRunes(tt.in, tt.n); got != tt.want {
			t.Errorf("truncateRunes(%q, %d) = %q", tt.in, tt.n, got)
		}
	}
}
