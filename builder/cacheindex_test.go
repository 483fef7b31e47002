package builder

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"
)

// fillValue sets every exported field of v, a settable value, to something
// other than its zero value, different for each seed.
func fillValue(t *testing.T, v reflect.Value, seed int) {
	t.Helper()
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d\x00é", seed))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(-seed - 3))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(seed + 200))
	case reflect.Array:
		for i := range v.Len() {
			fillValue(t, v.Index(i), seed+i)
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fillValue(t, s.Index(i), seed+i+1)
		}
		v.Set(s)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillValue(t, v.Field(i), seed+i)
			}
		}
	default:
		t.Fatalf("no filler for %s", v.Type())
	}
}

// The cache index reads back as it was written, every field of an entry
// included (but Docs, which is never kept in the index), and a damaged
// one is refused.
func TestCacheIndexEncoding(t *testing.T) {
	idx := &cacheIndex{Version: pageCacheVersion, Pack: "pack-1", ServerIndex: "abc", Entries: map[string]*cacheEntry{},
		Gzipped: map[[32]byte]blobRef{{1}: {Off: 1, Len: 2, CRC: 3}, {2}: {Off: 10, Len: 20, CRC: 30}},
		Static:  map[string]blobRef{"en": {Off: 5, Len: 6, CRC: 7}},
		StaticOut: map[string]staticOutput{"_kb/search/en/d/0.json.gz": {Sum: [32]byte{4}, Out: fileStamp{Size: 12, ModTime: 1 << 60}},
			"_kb/search/en/p/0.json.gz": {Sum: [32]byte{5, 6}, Out: fileStamp{Size: 1, ModTime: 2}}}}
	idx.Global[3] = 9
	// Enough entries to be encoded in runs on every core.
	for i := range 3000 {
		e := &cacheEntry{}
		v := reflect.ValueOf(e).Elem()
		for f := range v.NumField() {
			if name := v.Type().Field(f).Name; v.Type().Field(f).IsExported() && name != "Docs" {
				fillValue(t, v.Field(f), i*100+f)
			}
		}
		idx.Entries[fmt.Sprintf("en/p%d/index.html", i)] = e
	}
	idx.Entries["empty"] = &cacheEntry{}
	data := bytes.Join(encodeCacheIndex(idx), nil)
	got, err := decodeCacheIndex(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, idx) {
		t.Fatalf("read back\n%+v\nwrote\n%+v", got, idx)
	}
	for _, i := range []int{len(cacheIndexMagic) + 2, len(data) / 2, len(data) - 1} {
		bad := append([]byte(nil), data...)
		bad[i] ^= 0x10
		if _, err := decodeCacheIndex(bad); err == nil {
			t.Errorf("an index damaged at byte %d was read", i)
		}
	}
	if _, err := decodeCacheIndex(data[:len(data)-7]); err == nil {
		t.Error("a cut index was read")
	}
}
