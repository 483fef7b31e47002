package server

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"kb/search"
)

// TestAppendResultAsEncodingJSON checks appendResult against encoding/json, as newAnswer used it, on random results:
// strings of every kind of character (quotes, backslashes, control characters, <mark>, multilingual text, U+2028 and
// U+2029, broken UTF-8), empty optional fields, and scores and times of every magnitude.
func TestAppendResultAsEncodingJSON(t *testing.T) {
	// A field appendResult does not know about would be left out: fail here first.
	if n := reflect.TypeFor[search.Hit]().NumField(); n != 8 {
		t.Fatalf("search.Hit has %d fields; appendResult writes 8", n)
	}
	if n := reflect.TypeFor[search.Result]().NumField(); n != 3 {
		t.Fatalf("search.Result has %d fields; appendResult writes 3", n)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "Z", " ", `"`, `\`, "/", "<mark>", "</mark>", "&amp;", "<", ">", "&", "\n", "\r", "\t", "\b",
		"\f", "\x00", "\x01", "\x1f", "\x7f", "é", "λόγος", "الشحن", "中文", "🙂", "\u2028", "\u2029", "\u2027", "\u202a",
		"\xff", "\xe2\x80", "\xc3", "…", "'"}
	str := func() string {
		if rng.IntN(4) == 0 {
			return ""
		}
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	floats := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 1e-6, 9.99e-7, 1e-7, 1.5e-9, 1e20, 1e21, 1.234e22, 123456789.125,
		3.14159, 1e-300, math.MaxFloat64, math.SmallestNonzeroFloat64, 1200.0000001}
	num := func() float64 {
		switch rng.IntN(3) {
		case 0:
			return floats[rng.IntN(len(floats))]
		case 1:
			return rng.Float64() * 40 // a score or a time in milliseconds
		}
		return math.Float64frombits(rng.Uint64()) // NaN and infinities now and then
	}
	enc := func(res search.Result) ([]byte, error) {
		var buf bytes.Buffer
		e := json.NewEncoder(&buf)
		e.SetEscapeHTML(false)
		err := e.Encode(res)
		return buf.Bytes(), err
	}
	for n := range 20000 {
		res := search.Result{Total: rng.IntN(100000) - 10, TookMS: num()}
		if n%50 != 0 {
			res.Hits = []search.Hit{}
		}
		for range rng.IntN(4) {
			res.Hits = append(res.Hits, search.Hit{Title: str(), URL: str(), Snippet: str(), Section: str(),
				SectionTitle: str(), Score: num(), Page: str(), Fallback: rng.IntN(2) == 0})
		}
		want, err := enc(res)
		got, ok := appendResult(nil, res)
		if ok != (err == nil) {
			t.Fatalf("%+v: ok %v, encoding/json's error %v", res, ok, err)
		}
		if ok && !bytes.Equal(got, want) {
			t.Fatalf("%+v:\n got %s\nwant %s", res, got, want)
		}
	}
}
