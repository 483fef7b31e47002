package analytics

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// TestPopular: clicks per language, fragments folded into their page, most
// opened first, and only the 30 days up to the newest recorded day.
func TestPopular(t *testing.T) {
	clk := &clock{t: t0.Add(-40 * 24 * time.Hour)}
	path := filepath.Join(t.TempDir(), "a.db")
	s := open(t, path, Options{Now: clk.Now})
	for range 5 {
		s.RecordClick("en", "old", "/en/old/") // outside the window
	}
	clk.Set(t0.Add(-10 * 24 * time.Hour))
	s.RecordClick("en", "refund", "/en/payments/refund-timing/")
	s.RecordClick("en", "track", "/en/orders/track/")
	clk.Set(t0)
	s.RecordClick("en", "refund", "/en/payments/refund-timing/#card")
	s.RecordClick("en", "refund?", "/en/payments/refund-timing/")
	s.RecordClick("ar", "استرداد", "/ar/payments/refund-timing/")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := Popular(path, 30*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if s := fmt.Sprint(got["en"]); s != "[{/en/payments/refund-timing/ 3} {/en/orders/track/ 1}]" {
		t.Errorf("en: %s", s)
	}
	if s := fmt.Sprint(got["ar"]); s != "[{/ar/payments/refund-timing/ 1}]" {
		t.Errorf("ar: %s", s)
	}
}
