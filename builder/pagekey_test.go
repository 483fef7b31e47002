package builder

import (
	"bytes"
	"crypto/sha256"
	"reflect"
	"strings"
	"testing"
)

// TestAppendValueTellsViewsApart: pageKey's encoding of a page view must
// change with every field the layout can read, at any depth, or a cached
// page would be served after its navigation, notices or dates changed.
func TestAppendValueTellsViewsApart(t *testing.T) {
	base := appendValue(nil, reflect.ValueOf(PageView{}))
	var leaves int
	var visit func(path string, v reflect.Value)
	visit = func(path string, v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.Type() == reflect.TypeFor[*SiteView]() || v.Type() == reflect.TypeFor[*NavView]() || strings.HasSuffix(v.Type().String(), "locale.Locale") {
				return // digested apart (viewDigests), or the language
			}
			v.Set(reflect.New(v.Type().Elem()))
			visit(path, v.Elem())
		case reflect.Slice:
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
			visit(path+"[0]", v.Index(0))
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					visit(path+"."+v.Type().Field(i).Name, v.Field(i))
				}
			}
		default:
			leaves++
			before := appendValue(nil, reflect.ValueOf(*probe))
			switch v.Kind() {
			case reflect.String:
				v.SetString("x")
			case reflect.Bool:
				v.SetBool(true)
			case reflect.Int, reflect.Int64:
				v.SetInt(7)
			default:
				t.Fatalf("%s: a %s in a page view; teach this test and appendValue about it", path, v.Kind())
			}
			after := appendValue(nil, reflect.ValueOf(*probe))
			if bytes.Equal(before, after) {
				t.Errorf("%s: setting it leaves the encoding as it was", path)
			}
		}
	}
	probe = &PageView{}
	visit("PageView", reflect.ValueOf(probe).Elem())
	if leaves < 40 {
		t.Errorf("visited %d fields; want every field of a page view", leaves)
	}
	if bytes.Equal(base, appendValue(nil, reflect.ValueOf(*probe))) {
		t.Error("a filled view encodes as an empty one")
	}
	// A value moving from one string to the next is a different view.
	a := appendValue(nil, reflect.ValueOf(PageView{Title: "ab", Description: ""}))
	b := appendValue(nil, reflect.ValueOf(PageView{Title: "a", Description: "b"}))
	if bytes.Equal(a, b) {
		t.Error("Title+Description \"ab\"+\"\" encodes as \"a\"+\"b\"")
	}
}

var probe *PageView

// A value digested as it is encoded, a flushBytes at a time, has the digest
// of its whole encoding: the keys of a cache written before still match.
func TestValueDigestStreams(t *testing.T) {
	type entry struct {
		Title string
		Tags  []string
	}
	var big []entry
	for i := range 5000 {
		big = append(big, entry{Title: strings.Repeat("word ", i%40), Tags: []string{"a", "b"}})
	}
	if len(appendValue(nil, reflect.ValueOf(big))) < 4*flushBytes {
		t.Fatal("the value is too small to be flushed")
	}
	if got, want := valueDigest(big), sha256.Sum256(appendValue(nil, reflect.ValueOf(big))); got != want {
		t.Errorf("streamed digest %x, want %x", got, want)
	}
}
