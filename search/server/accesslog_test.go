package server

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"kb/internal/syncbuf"
)

func TestAccessLogSamplesUnlessAskedForEveryRequest(t *testing.T) {
	for _, full := range []bool{false, true} {
		t.Run(fmt.Sprint("AccessLog=", full), func(t *testing.T) {
			var out syncbuf.Buffer
			srv, _ := newTestServer(t, func(c *Config) {
				c.Logger = slog.New(slog.NewJSONHandler(&out, nil))
				c.AccessLog = full
			})
			const requests = 50
			for i := range requests {
				get(t, srv.Handler(), fmt.Sprintf("/api/search?q=returns%d&lang=en", i))
			}
			get(t, srv.Handler(), "/api/search?q=returns") // no lang: a 400, not an error of the server
			lines := strings.Count(out.String(), `"msg":"http request"`)
			want := 1 // the first request, as a sign of life
			if full {
				want = requests + 1
			}
			if lines != want {
				t.Errorf("%d access log lines for %d requests, want %d:\n%s", lines, requests+1, want, out.String())
			}
		})
	}
}

func TestLogWriterWritesEverythingInOrder(t *testing.T) {
	var out syncbuf.Buffer
	w := NewLogWriter(&out, time.Hour) // only size and Close flush
	var want strings.Builder
	for i := range 5000 {
		line := fmt.Sprintf("line %d %s\n", i, strings.Repeat("x", 40))
		want.WriteString(line)
		w.Write([]byte(line))
	}
	if got := out.String(); got == "" || len(got) >= want.Len() {
		t.Errorf("wrote %d of %d bytes before Close; want some, in batches", len(got), want.Len())
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if out.String() != want.String() {
		t.Error("the log lost, added or reordered lines")
	}
}
