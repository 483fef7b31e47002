package content

import (
	"reflect"
	"testing"
	"time"
)

// TestMetaEncodingKeepsEveryField fills every field of Meta, found by
// reflection, and checks that the front matter cache's encoding gives it
// back: a field added to Meta without its line in encodeMeta would
// otherwise come back zero from a cached build, on every unchanged page.
func TestMetaEncodingKeepsEveryField(t *testing.T) {
	var m Meta
	v := reflect.ValueOf(&m).Elem()
	for i := range v.NumField() {
		f, name := v.Field(i), v.Type().Field(i).Name
		switch f.Interface().(type) {
		case string:
			f.SetString(name + " value")
		case int:
			f.SetInt(int64(-7 - i))
		case bool:
			f.SetBool(true)
		case []string:
			f.Set(reflect.ValueOf([]string{name, "two"}))
		case time.Time:
			f.Set(reflect.ValueOf(time.Date(2024, 3, 1+i, 10, 11, 12, 13, time.UTC)))
		case Lines:
			var l Lines
			for k, key := range frontMatterKeys {
				if k%3 != 1 { // a few keys absent
					l.set(key, 100+k)
				}
			}
			f.Set(reflect.ValueOf(l))
		case map[string]any:
			// Params: a page with them is not kept (TestMetaWithParamsIsNotCached).
		default:
			t.Fatalf("Meta.%s is a %s, which this test cannot fill: teach it, and encodeMeta, that type", name, f.Type())
		}
	}
	for _, untranslated := range []bool{false, true} {
		enc, ok := encodeMeta(m, untranslated)
		if !ok {
			t.Fatal("encodeMeta refused a Meta whose times are all UTC")
		}
		got, gotUntranslated, ok := decodeMeta(enc)
		if !ok || gotUntranslated != untranslated || !reflect.DeepEqual(got, m) {
			t.Errorf("round trip (untranslated %v):\n got %+v, %v, %v\nwant %+v", untranslated, got, gotUntranslated, ok, m)
		}
	}
}

// TestMetaWithParamsIsNotCached: params are values of any type, and
// whether they warn depends on the site's templates, so the front matter
// cache keeps no page that has them (it is decoded again each build).
func TestMetaWithParamsIsNotCached(t *testing.T) {
	if _, ok := encodeMeta(Meta{Title: "T", Params: map[string]any{"reference": "x"}}, false); ok {
		t.Error("encodeMeta kept a Meta with params")
	}
}
