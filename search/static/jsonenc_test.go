package static

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestJSONEncodersMatchMarshal holds the hand-written encoders to what
// encoding/json writes (marshal), on strings with every kind of character
// it escapes: an index encoded either way reads the same in a browser, and
// a build is the same bytes as before.
func TestJSONEncodersMatchMarshal(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	pieces := []string{"a", "Ω", "ع", "é", "\"", "\\", "/", "<", ">", "&", "\x00", "\x01", "\b", "\f", "\n", "\r", "\t", "\x1f", "\x7f",
		"\u2028", "\u2029", "\ufffd", "\xff", "\xe2\x80", "\xf0\x9f\x98\x80", "😀", " ", "\u00a0", "\u200f"}
	randString := func() string {
		var sb strings.Builder
		for range r.IntN(12) {
			sb.WriteString(pieces[r.IntN(len(pieces))])
		}
		return sb.String()
	}
	same := func(what string, got []byte, v any) {
		t.Helper()
		want, err := marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %q\nwant %q", what, got, want)
		}
	}
	for range 2000 {
		s := randString()
		same("string", appendJSONString(nil, s), s)
	}
	for range 200 {
		shard := map[string][]int{}
		for range r.IntN(20) {
			e := []int{}
			for range r.IntN(4) {
				e = append(e, r.IntN(100000))
			}
			shard[randString()] = e
		}
		same("vocabulary shard", encodeVocabShard(shard, nil), shard)
		delete(shard, "") // no word is ""
		syn := &shardSynonyms{W: map[string]string{}}
		for range r.IntN(4) {
			syn.T = append(syn.T, r.IntN(100000))
		}
		for range r.IntN(4) {
			syn.W[randString()] = randString()
		}
		says := map[string]any{}
		slices.Sort(syn.T)
		if len(syn.T) > 0 {
			says["t"] = differences(syn.T)
		}
		if len(syn.W) > 0 {
			says["w"] = syn.W
		}
		withSyn := map[string]any{"": says}
		for w, e := range shard {
			withSyn[w] = e
		}
		same("vocabulary shard with the thesaurus", encodeVocabShard(shard, syn), withSyn)

		var rows []docRow
		var asAny [][]any
		var strs []string
		for range 1 + r.IntN(16) {
			d := docRow{randString(), randString(), randString(), randString(), r.IntN(2) == 0}
			rows = append(rows, d)
			row := []any{d.url, d.title, d.sectionTitle, d.page}
			if d.fallback {
				row = append(row, 1)
			}
			asAny = append(asAny, row)
			strs = append(strs, randString())
		}
		same("doc rows", encodeDocRows(rows), asAny)
		same("strings", encodeStrings(strs), strs)
	}
	same("no strings", encodeStrings(nil), []string(nil))
	same("empty strings", encodeStrings([]string{}), []string{})
}
