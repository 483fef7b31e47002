package theme

import (
	"cmp"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Hugo's comparison functions (https://gohugo.io/functions/compare/),
// which replace Go's eq, ne, lt, le, gt and ge in templates written for
// Hugo (hugoOverrides): numbers compare by value whatever their type (1
// and 1.0 are equal, where Go's fail), a text that writes a number as
// that number (lt "9" "10"), and hugo.Version as a version, so that
// ge hugo.Version "0.146.0" is true where, as text, "0.156.0" would be
// less than "0.60.0". kb's own templates keep Go's.

// hugoOverrides are the functions of Hugo's that replace Go's of the same
// name in templates written for Hugo: the comparisons, and index, which
// takes a slice of keys too.
var hugoOverrides = map[string]any{
	"index": hugoIndex,
	"eq":    hugoEq,
	"ne": func(first any, others ...any) (bool, error) {
		eq, err := hugoEq(first, others...)
		return !eq, err
	},
	"lt": func(a, b any) (bool, error) { c, err := hugoCompare(a, b); return c < 0, err },
	"le": func(a, b any) (bool, error) { c, err := hugoCompare(a, b); return c <= 0, err },
	"gt": func(a, b any) (bool, error) { c, err := hugoCompare(a, b); return c > 0, err },
	"ge": func(a, b any) (bool, error) { c, err := hugoCompare(a, b); return c >= 0, err },
	// add is Hugo's: numbers of any kind (sub's int64 too), or strings
	// joined; kb's own templates' add takes ints.
	"add": hugoAdd,
}

func hugoAdd(a, b any) (any, error) {
	if s, ok := a.(string); ok {
		t, err := Text(b)
		return s + t, err
	}
	return arith('+', a, b)
}

// HugoVersion is the Hugo version kb answers to hugo.Version: "0.156.0",
// the first Hugo whose templates read hugo.Data, which kb gives (as it
// gives site.Data, which Hugo 0.156 still has). A template that picks
// between Hugo's APIs by version (Hextra's hugo-compat partials) so picks
// the one kb has; newer APIs (0.158's Language.Label) stay Hugo's.
const HugoVersion = "0.156.0"

// Version is hugo.Version: a text that compares as a version.
type Version string

func (v Version) String() string { return string(v) }

// hugoEq reports whether first equals one of others.
func hugoEq(first any, others ...any) (bool, error) {
	if len(others) == 0 {
		return false, errors.New("eq needs two values or more to compare")
	}
	for _, o := range others {
		if hugoEqual(first, o) {
			return true, nil
		}
	}
	return false, nil
}

func hugoEqual(a, b any) bool {
	if isNil(a) || isNil(b) {
		return isNil(a) && isNil(b)
	}
	if c, ok := versionOrder(a, b); ok {
		return c == 0
	}
	if x, ok := a.(time.Time); ok {
		y, ok := b.(time.Time)
		return ok && x.Equal(y)
	}
	return looselyEqual(a, b)
}

// hugoCompare orders a and b as Hugo's lt and gt do: versions, numbers
// (and texts that write one) by value, times, other texts by their
// bytes, a slice or map by its length, false before true.
func hugoCompare(a, b any) (int, error) {
	if c, ok := versionOrder(a, b); ok {
		return c, nil
	}
	if x, ok := a.(time.Time); ok {
		if y, ok := b.(time.Time); ok {
			return x.Compare(y), nil
		}
	}
	x, xs, okA := comparable(a)
	y, ys, okB := comparable(b)
	switch {
	case !okA || !okB:
		return 0, fmt.Errorf("cannot compare %T with %T", a, b)
	case xs != nil && ys != nil:
		return strings.Compare(*xs, *ys), nil
	}
	return cmp.Compare(x, y), nil
}

// comparable is v as Hugo compares it: a number, else a text.
func comparable(v any) (float64, *string, bool) {
	if f, ok := number(v); ok {
		return f, nil, true
	}
	r := reflect.ValueOf(v)
	switch r.Kind() {
	case reflect.Invalid:
		return 0, nil, true
	case reflect.Bool:
		return float64(btoi(r.Bool())), nil, true
	case reflect.String:
		s := r.String()
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f, nil, true
		}
		return 0, &s, true
	case reflect.Slice, reflect.Array, reflect.Map:
		return float64(r.Len()), nil, true
	}
	return 0, nil, false
}

// versionOrder compares a and b as versions when one of them is a
// Version and the other a text: "0.156.0" is after "0.60.0" and equal to
// "v0.156".
func versionOrder(a, b any) (int, bool) {
	_, va := a.(Version)
	_, vb := b.(Version)
	if !va && !vb {
		return 0, false
	}
	x, ok := stringOf(a)
	y, ok2 := stringOf(b)
	if !ok || !ok2 {
		return 0, false
	}
	xs, ys := versionParts(x), versionParts(y)
	for i := range max(len(xs), len(ys)) {
		var p, q int
		if i < len(xs) {
			p = xs[i]
		}
		if i < len(ys) {
			q = ys[i]
		}
		if c := cmp.Compare(p, q); c != 0 {
			return c, true
		}
	}
	return 0, true
}

// versionParts are the numbers of "v0.146.0", "0.146.0-DEV": 0, 146, 0.
func versionParts(s string) []int {
	s = strings.TrimPrefix(strings.TrimSpace(s), "v")
	s, _, _ = strings.Cut(s, "-")
	var out []int
	for _, p := range strings.Split(s, ".") {
		n, _ := strconv.Atoi(p)
		out = append(out, n)
	}
	return out
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	r := reflect.ValueOf(v)
	switch r.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface, reflect.Func, reflect.Chan:
		return r.IsNil()
	}
	return false
}
