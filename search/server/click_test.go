package server

import (
	"net/http"
	"strings"
	"sync"
	"testing"
)

type memoryClicks struct {
	mu  sync.Mutex
	got []Click
}

func (m *memoryClicks) RecordClick(lang, query, url string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.got = append(m.got, Click{Query: query, Lang: lang, URL: url})
}

func TestClick(t *testing.T) {
	sink := &memoryClicks{}
	s, _ := newTestServer(t, func(c *Config) { c.Clicks = sink })
	h := s.Handler()

	tests := []struct {
		name, body string
		code       int
	}{
		{"ok", `{"q":" returns ","lang":"en","url":"/en/policies/returns/#refunds"}`, 204},
		{"lang from url", `{"q":"استرجاع","url":"/ar/policies/returns/"}`, 204},
		{"malformed", `{"q":`, 400},
		{"trailing data", `{"q":"a","url":"/en/"} 1`, 400},
		{"no query", `{"q":"  ","url":"/en/"}`, 400},
		{"query too long", `{"q":"` + strings.Repeat("a", 300) + `","url":"/en/"}`, 400},
		{"url not a path", `{"q":"a","url":"https://evil.example/"}`, 400},
		{"url protocol-relative", `{"q":"a","url":"//evil.example/"}`, 400},
		{"too large", `{"q":"a","url":"/` + strings.Repeat("x", 3000) + `"}`, 413},
	}
	for _, tt := range tests {
		w := post(t, h, "/api/click", tt.body, sameSite...)
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
	want := []Click{
		{Query: "returns", Lang: "en", URL: "/en/policies/returns/#refunds"},
		{Query: "استرجاع", Lang: "ar", URL: "/ar/policies/returns/"},
	}
	if len(sink.got) != len(want) {
		t.Fatalf("sink got %+v, want %+v", sink.got, want)
	}
	for i := range want {
		if sink.got[i] != want[i] {
			t.Errorf("click %d = %+v, want %+v", i, sink.got[i], want[i])
		}
	}
}

func TestClickDisabled(t *testing.T) {
	s, _ := newTestServer(t, nil)
	w := post(t, s.Handler(), "/api/click", `{"q":"a","url":"/en/"}`, sameSite...)
	if w.Code != http.StatusNotFound {
		t.Errorf("code = %d", w.Code)
	}
	jsonError(t, w)
}
