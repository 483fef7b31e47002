package theme

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"html/template"
	"maps"
	"math"
	"net/url"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"kb/builder/permalink"
)

// Hugo's template functions that need nothing but their arguments, with
// Hugo's semantics (https://gohugo.io/functions/), for shortcode
// templates written for Hugo. None reads a file or the network (getJSON,
// resources.GetRemote, readFile stay undefined: a template warning;
// resources.Get is bound to the page, PageFuncs), and none
// runs without bound: strings they make are at most maxFuncOutput bytes
// and a regular expression at most maxPattern bytes (Go's regexp runs in
// time linear in its input).

// maxFuncOutput bounds a string a function makes (strings.Repeat,
// replace), so a template cannot exhaust the build machine's memory.
const maxFuncOutput = 1 << 20

// maxPattern bounds the regular expressions of replaceRE and findRE.
const maxPattern = 1000

// hugoFuncs are the pure functions, by the names Hugo gives them.
var hugoFuncs = template.FuncMap{
	"default":   hugoDefault,
	"dict":      dict,
	"slice":     func(items ...any) []any { return items },
	"in":        in,
	"cond":      cond,
	"hasPrefix": func(s, prefix any) (bool, error) { return stringsNS{}.HasPrefix(s, prefix) },
	"hasSuffix": func(s, suffix any) (bool, error) { return stringsNS{}.HasSuffix(s, suffix) },
	"replace": func(s, old, repl any, limit ...int) (string, error) {
		return stringsNS{}.Replace(s, old, repl, limit...)
	},
	"replaceRE":  func(p, repl, s any, limit ...int) (string, error) { return stringsNS{}.ReplaceRE(p, repl, s, limit...) },
	"findRE":     func(p, s any, limit ...int) ([]string, error) { return stringsNS{}.FindRE(p, s, limit...) },
	"lower":      func(s any) (string, error) { return stringsNS{}.ToLower(s) },
	"upper":      func(s any) (string, error) { return stringsNS{}.ToUpper(s) },
	"title":      func(s any) (string, error) { return stringsNS{}.Title(s) },
	"trim":       func(s, cutset any) (string, error) { return stringsNS{}.Trim(s, cutset) },
	"split":      func(s, sep any) ([]string, error) { return stringsNS{}.Split(s, sep) },
	"delimit":    delimit,
	"first":      first,
	"last":       last,
	"after":      after,
	"urlize":     urlize,
	"int":        toInt,
	"string":     Text,
	"jsonify":    jsonify,
	"errorf":     func(format string, args ...any) (string, error) { return "", fmt.Errorf(format, args...) },
	"safeCSS":    safeCSS,
	"strings":    func() stringsNS { return stringsNS{} },
	"urls":       func() urlsNS { return urlsNS{} },
	"ref":        func(page, ref any) (string, error) { return pageRef(page, ref) },
	"relref":     func(page, ref any) (string, error) { return pageRef(page, ref) },
	"newScratch": NewScratch,
	"append":     appendTo,
	"seq":        seq,
	"sub":        func(a, b any) (any, error) { return arith('-', a, b) },
	"mul":        func(a, b any) (any, error) { return arith('*', a, b) },
	"div":        func(a, b any) (any, error) { return arith('/', a, b) },
	"mod":        func(a, b any) (any, error) { return arith('%', a, b) },
	"math":       func() mathNS { return mathNS{} },
	"float":      toFloat,
	"where":      where,
	"sort":       sortColl,
	"return":     hugoReturn,
	"substr":     substr,
	"merge":      merge,
	"reflect":    func() reflectNS { return reflectNS{} },
	"transform":  func() Transform { return Transform{} },
	"highlight":  Transform{}.Highlight,
	"humanize":   humanize,
	"path":       func() pathNS { return pathNS{} },
	"inflect":    func() inflectNS { return inflectNS{} },
	"htmlEscape": Transform{}.HTMLEscape,
	"htmlUnescape": func(v any) (string, error) {
		s, err := Text(v)
		return html.UnescapeString(s), err
	},
	"isset":       isset,
	"fmt":         func() fmtNS { return fmtNS{} },
	"union":       union,
	"collections": func() collectionsNS { return collectionsNS{} },
	"try":         hugoTry,
	"intersect":   intersect,
}

// isset is Hugo's isset COLLECTION KEY: whether a map has the key (in
// any letter case, as Hugo's maps of parameters) or a slice the index.
func isset(coll, key any) (bool, error) {
	v := reflect.ValueOf(coll)
	switch v.Kind() {
	case reflect.Map:
		want := fmt.Sprint(key)
		for _, k := range v.MapKeys() {
			if strings.EqualFold(fmt.Sprint(k.Interface()), want) {
				return true, nil
			}
		}
	case reflect.Slice, reflect.Array:
		i, err := strconv.Atoi(fmt.Sprint(key))
		return err == nil && i >= 0 && i < v.Len(), nil
	}
	return false, nil
}

// appendTo is Hugo's append: the elements, then the collection, last;
// one slice given as the element is appended element by element. The
// list made is at most maxListLen long.
func appendTo(args ...any) ([]any, error) {
	if len(args) < 2 {
		return nil, errors.New("append needs elements and a collection: append ELEMENT... COLLECTION")
	}
	coll, elems := args[len(args)-1], args[:len(args)-1]
	var list reflect.Value
	if coll != nil {
		list = reflect.ValueOf(coll)
		if list.Kind() != reflect.Slice && list.Kind() != reflect.Array {
			return nil, fmt.Errorf("append appends to a slice, not %T", coll)
		}
	}
	added := reflect.ValueOf(elems)
	if v := reflect.ValueOf(elems[0]); len(elems) == 1 && (v.Kind() == reflect.Slice || v.Kind() == reflect.Array) {
		added = v
	}
	size := added.Len()
	if list.IsValid() {
		size += list.Len()
	}
	if size > maxListLen {
		return nil, fmt.Errorf("a list of more than %d elements; where a loop appends, a writer's argument may set its count: check it first", maxListLen)
	}
	out := make([]any, 0, size)
	for _, from := range []reflect.Value{list, added} {
		if s, ok := sliceOfAny(from); ok {
			out = append(out, s...)
			continue
		}
		for i := range from.Len() {
			out = append(out, from.Index(i).Interface())
		}
	}
	return out, nil
}

// sliceOfAny is v's []any, to copy at once; ok is false for another
// list, whose elements are copied one by one, and for none.
func sliceOfAny(v reflect.Value) (s []any, ok bool) {
	if !v.IsValid() {
		return nil, true
	}
	s, ok = v.Interface().([]any)
	return s, ok
}

// arith is Hugo's arithmetic: integers give an integer, a float a float.
func arith(op byte, a, b any) (any, error) {
	x, ok := number(a)
	y, ok2 := number(b)
	if !ok || !ok2 {
		return nil, fmt.Errorf("cannot compute with %T and %T: numbers only", a, b)
	}
	if (op == '/' || op == '%') && y == 0 {
		return nil, errors.New("division by zero")
	}
	_, fa := a.(float64)
	_, fb := b.(float64)
	if !fa && !fb {
		i, j := int64(x), int64(y)
		switch op {
		case '+':
			return i + j, nil
		case '-':
			return i - j, nil
		case '*':
			return i * j, nil
		case '/':
			return i / j, nil
		}
		return i % j, nil
	}
	switch op {
	case '+':
		return x + y, nil
	case '-':
		return x - y, nil
	case '*':
		return x * y, nil
	case '/':
		return x / y, nil
	}
	return math.Mod(x, y), nil
}

// mathNS is Hugo's math namespace.
type mathNS struct{}

func (mathNS) Add(a, b any) (any, error)    { return arith('+', a, b) }
func (mathNS) Sub(a, b any) (any, error)    { return arith('-', a, b) }
func (mathNS) Mul(a, b any) (any, error)    { return arith('*', a, b) }
func (mathNS) Div(a, b any) (any, error)    { return arith('/', a, b) }
func (mathNS) Mod(a, b any) (any, error)    { return arith('%', a, b) }
func (mathNS) Ceil(a any) (float64, error)  { return round(a, math.Ceil) }
func (mathNS) Floor(a any) (float64, error) { return round(a, math.Floor) }
func (mathNS) Round(a any) (float64, error) { return round(a, math.Round) }

func (mathNS) Max(a, b any) (float64, error) {
	x, y, err := twoNumbers(a, b)
	return max(x, y), err
}

func (mathNS) Min(a, b any) (float64, error) {
	x, y, err := twoNumbers(a, b)
	return min(x, y), err
}

func round(a any, f func(float64) float64) (float64, error) {
	x, ok := number(a)
	if !ok {
		return 0, fmt.Errorf("%v is not a number", a)
	}
	return f(x), nil
}

func twoNumbers(a, b any) (float64, float64, error) {
	x, ok := number(a)
	y, ok2 := number(b)
	if !ok || !ok2 {
		return 0, 0, fmt.Errorf("cannot compare %T and %T: numbers only", a, b)
	}
	return x, y, nil
}

// PageFuncs are the Hugo functions whose meaning depends on the page or
// the site a template runs for, or on HTML as the Markdown renderer reads
// it (markdownify renders a writer's text with the page's links; relURL
// needs the site's base path; safeHTML the raw-HTML allowlist; plainify
// reads HTML's text; relLangURL and absLangURL the page's language's
// folder; transform.Remarshal .Inner the inner content as written;
// partial runs under the page's funcs and bounds; T
// reads the site's strings in the page's language; site and hugo give the
// site's data files, and site finds the language's pages with GetPage;
// apply calls any of them by name; readDir lists a folder of the site;
// images' Filter warns once a page):
// the Markdown renderer binds them, here
// they only let a template parse.
func PageFuncs() []string {
	return append([]string{"markdownify", "plainify", "safeHTML", "safeHTMLAttr", "safeURL", "safeJS", "minify", "fingerprint", "anchorize", "relURL", "absURL", "relLangURL", "absLangURL", "warnf", "T", "i18n", "site", "hugo", "apply", "transform", "resources", "readDir", "images"}, PartialCalls...)
}

// NamespaceFields are the fields kb gives of what Hugo's site, hugo,
// resources and images functions return (site.Data, site.GetPage,
// site.Params, hugo.Data, resources.Get, images.Grayscale; PageFuncs
// binds them): a template that reads
// another (site.Title, resources.ExecuteAsTemplate) is one kb cannot run, said
// when it is read, as of a function kb lacks.
var NamespaceFields = map[string][]string{"site": {"Data", "BaseURL", "GetPage", "Home", "Language", "Pages", "Params"}, "hugo": {"Data", "Version", "GoVersion"},
	"resources": {"Get", "GetMatch", "Match", "ByType", "Minify", "Fingerprint", "GetRemote"},
	"images":    append([]string{"Filter", "Config"}, ImageFilters...)}

// hugoDefault is Hugo's default: given when it is set, else dflt. false
// is set; 0, "", nil and empty collections are not.
func hugoDefault(dflt any, given ...any) any {
	if len(given) == 0 || given[0] == nil {
		return dflt
	}
	v := reflect.ValueOf(given[0])
	switch v.Kind() {
	case reflect.Bool:
		return given[0]
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return dflt
		}
		return given[0]
	case reflect.Array, reflect.Slice, reflect.Map, reflect.String:
		if v.Len() == 0 {
			return dflt
		}
		return given[0]
	}
	if v.IsZero() {
		return dflt
	}
	return given[0]
}

// cond is a when c is truthy, else b (both are evaluated).
func cond(c, a, b any) any {
	if truth, _ := template.IsTrue(c); truth {
		return a
	}
	return b
}

// dict is a map of its key-value pairs; a key that is a slice of keys
// is a path of nested maps (dict (slice "a" "b") 1 is a.b = 1).
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("dict needs an even number of arguments: key, value, …")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		path, err := keyPath(kv[i])
		if err != nil {
			return nil, err
		}
		at := m
		for _, k := range path[:len(path)-1] {
			next, ok := at[k].(map[string]any)
			if !ok {
				next = map[string]any{}
				at[k] = next
			}
			at = next
		}
		at[path[len(path)-1]] = kv[i+1]
	}
	return m, nil
}

// keyPath is dict's key: a text, or a slice of texts.
func keyPath(k any) ([]string, error) {
	if s, ok := stringOf(k); ok {
		return []string{s}, nil
	}
	v := reflect.ValueOf(k)
	if !isList(v) || v.Len() == 0 {
		return nil, fmt.Errorf("dict's keys are texts or slices of texts, not %T", k)
	}
	path := make([]string, v.Len())
	for i := range v.Len() {
		s, ok := stringOf(v.Index(i).Interface())
		if !ok {
			return nil, fmt.Errorf("dict's keys are texts or slices of texts, not %T", v.Index(i).Interface())
		}
		path[i] = s
	}
	return path, nil
}

// hugoIndex is Hugo's index COLLECTION KEY...: the keys may be one slice
// of keys (index site.Data (split "docs.config" ".")); a key a map lacks
// gives the zero value, as Go's.
func hugoIndex(coll any, keys ...any) (any, error) {
	if len(keys) == 1 {
		if v := reflect.ValueOf(keys[0]); isList(v) {
			keys = make([]any, v.Len())
			for i := range v.Len() {
				keys[i] = v.Index(i).Interface()
			}
		}
	}
	v := coll
	for _, k := range keys {
		r := reflect.ValueOf(v)
		for r.Kind() == reflect.Interface || r.Kind() == reflect.Pointer {
			r = r.Elem()
		}
		switch r.Kind() {
		case reflect.Invalid:
			return nil, nil
		case reflect.Map:
			kv := reflect.ValueOf(k)
			if !kv.IsValid() || !kv.Type().ConvertibleTo(r.Type().Key()) {
				return nil, fmt.Errorf("cannot index a map of %s keys with %T", r.Type().Key(), k)
			}
			e := r.MapIndex(kv.Convert(r.Type().Key()))
			if key, ok := k.(string); ok && !e.IsValid() && r.Type().Key().Kind() == reflect.String {
				// Params' keys are in lower case (paramKeysInLowerCase).
				e = r.MapIndex(reflect.ValueOf(strings.ToLower(key)).Convert(r.Type().Key()))
			}
			if !e.IsValid() {
				e = reflect.Zero(r.Type().Elem())
			}
			v = e.Interface()
		case reflect.Slice, reflect.Array, reflect.String:
			i, err := toInt(k)
			if err != nil || i < 0 || i >= r.Len() {
				return nil, fmt.Errorf("index %v is out of range (%d elements)", k, r.Len())
			}
			v = r.Index(i).Interface()
		default:
			return nil, fmt.Errorf("cannot index %T", v)
		}
	}
	return v, nil
}

// substr is Hugo's substr STRING [START [LENGTH]], counted in characters:
// a negative START counts from the end, a negative LENGTH leaves that
// many off the end.
func substr(s any, args ...any) (string, error) {
	text, err := Text(s)
	if err != nil || len(args) > 2 {
		return "", cmp.Or(err, errors.New("substr takes a text, a start and a length"))
	}
	rs := []rune(text)
	start, end := 0, len(rs)
	if len(args) > 0 {
		if start, err = toInt(args[0]); err != nil {
			return "", err
		}
		if start < 0 {
			start = max(0, len(rs)+start)
		}
		start = min(start, len(rs))
	}
	if len(args) > 1 {
		n, err := toInt(args[1])
		if err != nil {
			return "", err
		}
		if n < 0 {
			end = len(rs) + n
		} else {
			end = start + n
		}
		end = min(max(end, start), len(rs))
	}
	return string(rs[start:end]), nil
}

// merge is Hugo's merge MAP MAP...: the maps' keys, the last map's value
// winning, maps within merged the same way; keys match in any letter
// case, as Hugo's. The maps given are left as they are.
func merge(maps ...any) (map[string]any, error) {
	if len(maps) < 2 {
		return nil, errors.New("merge needs two maps or more")
	}
	var out map[string]any
	for i := len(maps) - 1; i >= 0; i-- {
		m, ok := maps[i].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("merge merges maps, not %T", maps[i])
		}
		out = mergeUnder(out, m)
	}
	return out, nil
}

// mergeUnder is top with the keys of under it lacks, a map that both
// have merged the same way; neither is changed.
func mergeUnder(top, under map[string]any) map[string]any {
	out := make(map[string]any, len(top)+len(under))
	maps.Copy(out, top)
	for k, v := range under {
		key := k
		for tk := range top {
			if strings.EqualFold(tk, k) {
				key = tk
				break
			}
		}
		have, ok := out[key]
		if !ok {
			out[key] = v
			continue
		}
		a, aMap := have.(map[string]any)
		b, bMap := v.(map[string]any)
		if aMap && bMap {
			out[key] = mergeUnder(a, b)
		}
	}
	return out
}

// humanize is Hugo's humanize: a number as an ordinal ("52nd"), a name
// as words, the first capitalized ("buildStats", "my-first-post": "Build
// stats", "My first post").
func humanize(v any) (string, error) {
	if n, err := strconv.Atoi(fmt.Sprint(v)); err == nil {
		suffix := "th"
		if n%100 < 11 || n%100 > 13 {
			suffix = map[int]string{1: "st", 2: "nd", 3: "rd"}[n%10]
		}
		return strconv.Itoa(n) + cmp.Or(suffix, "th"), nil
	}
	s, err := Text(v)
	if err != nil {
		return "", err
	}
	var words []string
	var word []rune
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r == '-' || r == '_' || unicode.IsSpace(r):
			words, word = append(words, string(word)), nil
			continue
		case unicode.IsUpper(r) && len(word) > 0 && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1])):
			words, word = append(words, string(word)), nil
		}
		word = append(word, unicode.ToLower(r))
	}
	words = slices.DeleteFunc(append(words, string(word)), func(w string) bool { return w == "" })
	out := strings.Join(words, " ")
	r, n := utf8.DecodeRuneInString(out)
	return string(unicode.ToUpper(r)) + out[n:], nil
}

// pathNS is Hugo's path namespace: slash-separated paths.
type pathNS struct{}

func (pathNS) Base(p any) (string, error) { s, err := Text(p); return path.Base(s), err }
func (pathNS) Dir(p any) (string, error)  { s, err := Text(p); return path.Dir(s), err }
func (pathNS) Ext(p any) (string, error)  { s, err := Text(p); return path.Ext(s), err }

func (pathNS) Clean(p any) (string, error) {
	s, err := Text(p)
	return path.Clean(strings.ReplaceAll(s, "\\", "/")), err
}

// BaseName is the last element of p without its extension.
func (pathNS) BaseName(p any) (string, error) {
	s, err := Text(p)
	b := path.Base(s)
	return strings.TrimSuffix(b, path.Ext(b)), err
}

// Join joins elements, or slices of them, with slashes.
func (pathNS) Join(elements ...any) (string, error) {
	parts, err := texts(elements)
	return path.Join(parts...), err
}

// reflectNS is Hugo's reflect namespace.
type reflectNS struct{}

func (reflectNS) IsMap(v any) bool   { return reflect.ValueOf(v).Kind() == reflect.Map }
func (reflectNS) IsSlice(v any) bool { return reflect.ValueOf(v).Kind() == reflect.Slice }

// in reports whether a slice holds v, or a string holds v's text.
func in(set, v any) (bool, error) {
	if s, ok := stringOf(set); ok {
		sub, err := Text(v)
		return err == nil && strings.Contains(s, sub), nil
	}
	l := reflect.ValueOf(set)
	if l.Kind() != reflect.Slice && l.Kind() != reflect.Array {
		return false, nil
	}
	for i := range l.Len() {
		if looselyEqual(l.Index(i).Interface(), v) {
			return true, nil
		}
	}
	return false, nil
}

// looselyEqual compares as Hugo's eq does: numbers by value whatever
// their type, strings by their text.
func looselyEqual(a, b any) bool {
	if x, ok := number(a); ok {
		y, ok := number(b)
		return ok && x == y
	}
	if x, ok := stringOf(a); ok {
		y, ok := stringOf(b)
		return ok && x == y
	}
	return reflect.DeepEqual(a, b)
}

func number(v any) (float64, bool) {
	r := reflect.ValueOf(v)
	switch r.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(r.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(r.Uint()), true
	case reflect.Float32, reflect.Float64:
		return r.Float(), true
	}
	return 0, false
}

// delimit joins a slice's values, or a map's sorted by key, with sep, and
// the last two with last when given.
func delimit(seq any, sep any, last ...any) (string, error) {
	var items []string
	v := reflect.ValueOf(seq)
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			s, err := Text(v.Index(i).Interface())
			if err != nil {
				return "", err
			}
			items = append(items, s)
		}
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		for _, k := range keys {
			s, err := Text(v.MapIndex(k).Interface())
			if err != nil {
				return "", err
			}
			items = append(items, s)
		}
	default:
		return "", fmt.Errorf("delimit joins a slice or a map, not %T", seq)
	}
	d, err := Text(sep)
	if err != nil {
		return "", err
	}
	if len(last) == 0 || len(items) < 2 {
		return strings.Join(items, d), nil
	}
	l, err := Text(last[0])
	if err != nil {
		return "", err
	}
	return strings.Join(items[:len(items)-1], d) + l + items[len(items)-1], nil
}

// first is the first n elements of a slice, or bytes of a string.
func first(n any, seq any) (any, error) { return ends(n, seq, true) }

// last is the last n elements of a slice, or bytes of a string.
func last(n any, seq any) (any, error) { return ends(n, seq, false) }

// after is the elements of a slice after the first n.
func after(n any, seq any) (any, error) {
	k, err := toInt(n)
	v := reflect.ValueOf(seq)
	switch {
	case err != nil || k < 0:
		return nil, fmt.Errorf("the count must be a number 0 or more, not %v", n)
	case v.Kind() != reflect.Slice && v.Kind() != reflect.Array:
		return nil, fmt.Errorf("after takes elements of a slice, not %T", seq)
	}
	return v.Slice(min(k, v.Len()), v.Len()).Interface(), nil
}

func ends(n any, seq any, head bool) (any, error) {
	k, err := toInt(n)
	if err != nil || k < 0 {
		return nil, fmt.Errorf("the count must be a number 0 or more, not %v", n)
	}
	if s, ok := stringOf(seq); ok {
		k = min(k, len(s))
		if head {
			return s[:k], nil
		}
		return s[len(s)-k:], nil
	}
	v := reflect.ValueOf(seq)
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return nil, fmt.Errorf("can take elements of a slice or a string, not %T", seq)
	}
	k = min(k, v.Len())
	if head {
		return v.Slice(0, k).Interface(), nil
	}
	return v.Slice(v.Len()-k, v.Len()).Interface(), nil
}

// urlize is Hugo's urlize: a URL path of s made as page addresses are
// made of titles (permalink.Urlize), segment by segment, lowercased and
// percent-encoded.
func urlize(v any) (string, error) {
	s, err := Text(v)
	if err != nil {
		return "", err
	}
	segs := strings.Split(s, "/")
	for i, seg := range segs {
		segs[i] = strings.ToLower(permalink.Urlize(strings.TrimSpace(seg)))
	}
	u := url.URL{Path: strings.Join(segs, "/")}
	return u.EscapedPath(), nil
}

// toInt is Hugo's int: a number, or the number a string writes.
func toInt(v any) (int, error) {
	switch v := v.(type) {
	case bool:
		if v {
			return 1, nil
		}
		return 0, nil
	case nil:
		return 0, nil
	}
	if f, ok := number(v); ok {
		return int(f), nil
	}
	s, ok := stringOf(v)
	if !ok {
		return 0, fmt.Errorf("%q is not a number", fmt.Sprint(v))
	}
	s = strings.TrimSpace(s)
	f, err := strconv.ParseFloat(s, 64)
	switch {
	case s == "":
		return 0, nil
	case err != nil || math.IsNaN(f):
		return 0, fmt.Errorf("%q is not a number", s)
	case math.Abs(f) > maxNumberFromText:
		return 0, fmt.Errorf("%q is more than int takes from a text (%d)", s, maxNumberFromText)
	}
	return int(f), nil
}

// maxNumberFromText bounds the number int reads from a text, which may be
// a writer's argument: a loop it counts ends.
const maxNumberFromText = 1 << 20

// Text is the text of a template value as Hugo's functions take it (its
// string function): of a string, HTML, number or bool.
func Text(v any) (string, error) {
	if s, ok := stringOf(v); ok {
		return s, nil
	}
	switch v := v.(type) {
	case nil:
		return "", nil
	case bool:
		return strconv.FormatBool(v), nil
	case fmt.Stringer:
		return v.String(), nil
	}
	if _, ok := number(v); ok {
		return fmt.Sprint(v), nil
	}
	return "", fmt.Errorf("cannot make text of %T", v)
}

// stringOf is the text of a string or of a typed string (template.HTML).
func stringOf(v any) (string, bool) {
	r := reflect.ValueOf(v)
	if r.Kind() == reflect.String {
		return r.String(), true
	}
	return "", false
}

// jsonify is Hugo's jsonify: v as JSON, with <, > and & escaped, so that
// it stays text wherever a template puts it.
func jsonify(args ...any) (template.HTML, error) {
	if len(args) == 0 {
		return "", errors.New("jsonify needs a value")
	}
	b, err := json.Marshal(args[len(args)-1])
	if err != nil {
		return "", err
	}
	return template.HTML(b), nil
}

// IsInertJSON reports whether s is JSON as jsonify writes it: a value
// with no <, > or & (escaped as \u003c…) nor a line separator, which in
// a script is data that cannot end the script element nor run.
func IsInertJSON(s string) bool {
	return json.Valid([]byte(s)) && !strings.ContainsAny(s, "<>&\u2028\u2029")
}

// safeCSS marks a style as the template's, when it can neither load
// anything nor leave its attribute (url(), @import, expression(),
// escapes, quotes, brackets): a writer's style argument in a site's
// template styles its element and does no more. Anything else stays
// text, which html/template checks (ZgotmplZ).
func safeCSS(v any) (any, error) {
	s, err := Text(v)
	if err != nil {
		return nil, err
	}
	if unsafeCSS.MatchString(s) {
		return s, nil
	}
	return template.CSS(s), nil
}

var unsafeCSS = regexp.MustCompile(`(?i)url\s*\(|image-set|expression|@|\\|/\*|[<>{}"'&\x00-\x1f]`)

// stringsNS is Hugo's strings namespace (strings.TrimLeft CUTSET S), with
// Hugo's order of arguments.
type stringsNS struct{}

func (stringsNS) HasPrefix(s, prefix any) (bool, error) {
	a, b, err := twoStrings(s, prefix)
	return strings.HasPrefix(a, b), err
}

func (stringsNS) HasSuffix(s, suffix any) (bool, error) {
	a, b, err := twoStrings(s, suffix)
	return strings.HasSuffix(a, b), err
}

func (stringsNS) Contains(s, sub any) (bool, error) {
	a, b, err := twoStrings(s, sub)
	return strings.Contains(a, b), err
}

func (stringsNS) ContainsAny(s, chars any) (bool, error) {
	a, b, err := twoStrings(s, chars)
	return strings.ContainsAny(a, b), err
}

func (stringsNS) Count(sub, s any) (int, error) {
	a, b, err := twoStrings(sub, s)
	return strings.Count(b, a), err
}

func (stringsNS) TrimLeft(cutset, s any) (string, error) {
	a, b, err := twoStrings(cutset, s)
	return strings.TrimLeft(b, a), err
}

func (stringsNS) TrimRight(cutset, s any) (string, error) {
	a, b, err := twoStrings(cutset, s)
	return strings.TrimRight(b, a), err
}

func (stringsNS) TrimPrefix(prefix, s any) (string, error) {
	a, b, err := twoStrings(prefix, s)
	return strings.TrimPrefix(b, a), err
}

func (stringsNS) TrimSuffix(suffix, s any) (string, error) {
	a, b, err := twoStrings(suffix, s)
	return strings.TrimSuffix(b, a), err
}

func (stringsNS) Trim(s, cutset any) (string, error) {
	a, b, err := twoStrings(s, cutset)
	return strings.Trim(a, b), err
}

func (stringsNS) TrimSpace(s any) (string, error) {
	a, err := Text(s)
	return strings.TrimSpace(a), err
}

func (stringsNS) ToLower(s any) (string, error) {
	a, err := Text(s)
	return strings.ToLower(a), err
}

func (stringsNS) ToUpper(s any) (string, error) {
	a, err := Text(s)
	return strings.ToUpper(a), err
}

func (stringsNS) FirstUpper(s any) (string, error) {
	a, err := Text(s)
	r, n := utf8.DecodeRuneInString(a)
	return string(unicode.ToUpper(r)) + a[n:], err
}

func (stringsNS) RuneCount(s any) (int, error) {
	a, err := Text(s)
	return utf8.RuneCountInString(a), err
}

func (stringsNS) Split(s, sep any) ([]string, error) {
	a, b, err := twoStrings(s, sep)
	return strings.Split(a, b), err
}

// Repeat is at most maxFuncOutput bytes long.
func (stringsNS) Repeat(n, s any) (string, error) {
	k, err := toInt(n)
	if err != nil {
		return "", err
	}
	a, err := Text(s)
	if err != nil || k < 0 || len(a)*k > maxFuncOutput {
		return "", cmp.Or(err, fmt.Errorf("repeating %d times makes a text longer than %d bytes", k, maxFuncOutput))
	}
	return strings.Repeat(a, k), nil
}

func (stringsNS) Replace(s, old, repl any, limit ...int) (string, error) {
	in, err := Text(s)
	o, err2 := Text(old)
	r, err3 := Text(repl)
	if err := cmp.Or(err, err2, err3); err != nil {
		return "", err
	}
	n := -1
	if len(limit) > 0 {
		n = limit[0]
	}
	if o != "" && len(r) > len(o) && len(in)+strings.Count(in, o)*(len(r)-len(o)) > maxFuncOutput {
		return "", fmt.Errorf("replacing makes a text longer than %d bytes", maxFuncOutput)
	}
	return strings.Replace(in, o, r, n), nil
}

// ReplaceRE replaces the matches of pattern, $1 in repl being a group.
func (stringsNS) ReplaceRE(pattern, repl, s any, limit ...int) (string, error) {
	re, err := boundedRegexp(pattern)
	if err != nil {
		return "", err
	}
	in, err := Text(s)
	r, err2 := Text(repl)
	if err := cmp.Or(err, err2); err != nil {
		return "", err
	}
	n := -1
	if len(limit) > 0 {
		n = limit[0]
	}
	var out []byte
	from := 0
	for _, m := range re.FindAllStringSubmatchIndex(in, n) {
		out = append(out, in[from:m[0]]...)
		out = re.ExpandString(out, r, in, m)
		from = m[1]
		if len(out) > maxFuncOutput {
			return "", fmt.Errorf("replacing makes a text longer than %d bytes", maxFuncOutput)
		}
	}
	return string(append(out, in[from:]...)), nil
}

// FindRE is the matches of pattern in s, at most limit of them.
func (stringsNS) FindRE(pattern, s any, limit ...int) ([]string, error) {
	re, err := boundedRegexp(pattern)
	if err != nil {
		return nil, err
	}
	in, err := Text(s)
	n := -1
	if len(limit) > 0 {
		n = limit[0]
	}
	return re.FindAllString(in, n), err
}

func boundedRegexp(pattern any) (*regexp.Regexp, error) {
	p, err := Text(pattern)
	if err != nil {
		return nil, err
	}
	if len(p) > maxPattern {
		return nil, fmt.Errorf("a regular expression may be at most %d bytes long", maxPattern)
	}
	return regexp.Compile(p)
}

// Title capitalizes words as Hugo's default (the Associated Press
// style) does: every word but articles, conjunctions and prepositions of
// three letters or fewer, which keep their case unless first or last;
// the rest of each word keeps its case ("(TOC)").
func (stringsNS) Title(s any) (string, error) {
	a, err := Text(s)
	words := strings.Split(a, " ")
	for i, w := range words {
		bare := strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }))
		if i > 0 && i < len(words)-1 && apSmallWords[bare] {
			continue
		}
		if j := strings.IndexFunc(w, unicode.IsLetter); j >= 0 {
			r, n := utf8.DecodeRuneInString(w[j:])
			words[i] = w[:j] + string(unicode.ToUpper(r)) + w[j+n:]
		}
	}
	return strings.Join(words, " "), err
}

var apSmallWords = map[string]bool{"a": true, "an": true, "and": true, "as": true, "at": true, "but": true, "by": true,
	"for": true, "if": true, "in": true, "nor": true, "of": true, "off": true, "on": true, "or": true, "per": true,
	"so": true, "the": true, "to": true, "up": true, "via": true, "vs": true, "yet": true}

func twoStrings(a, b any) (string, string, error) {
	x, err := Text(a)
	y, err2 := Text(b)
	return x, y, cmp.Or(err, err2)
}

// urlsNS is Hugo's urls namespace, its functions that need no site.
type urlsNS struct{}

func (urlsNS) Parse(s any) (*url.URL, error) {
	a, err := Text(s)
	if err != nil {
		return nil, err
	}
	return url.Parse(a)
}

func (urlsNS) URLize(s any) (string, error) { return urlize(s) }

// JoinPath joins a URL or path and path elements (or a slice of them)
// with slashes, as url.JoinPath does.
func (urlsNS) JoinPath(elements ...any) (string, error) {
	parts, err := texts(elements)
	if err != nil {
		return "", err
	}
	if len(parts) == 0 {
		return "", nil
	}
	return url.JoinPath(parts[0], parts[1:]...)
}

// texts are the texts of elements, a slice among them giving its
// elements' (path.Join "a" (slice "b" "c")).
func texts(elements []any) ([]string, error) {
	var parts []string
	for _, e := range elements {
		if v := reflect.ValueOf(e); isList(v) {
			for i := range v.Len() {
				s, err := Text(v.Index(i).Interface())
				if err != nil {
					return nil, err
				}
				parts = append(parts, s)
			}
			continue
		}
		s, err := Text(e)
		if err != nil {
			return nil, err
		}
		parts = append(parts, s)
	}
	return parts, nil
}

// referrer is a shortcode's context, which resolves and checks refs.
type referrer interface {
	RefLang(p, lang string) string
}

// pageRef is Hugo's ref and relref: ref . "faq/returns", or with a map
// (dict "path" "x" "lang" "de").
func pageRef(page, ref any) (string, error) {
	r, ok := page.(referrer)
	if !ok {
		return "", fmt.Errorf("ref and relref take the shortcode's context or its page first (ref . %q, relref .Page %q)", fmt.Sprint(ref), fmt.Sprint(ref))
	}
	if m, ok := ref.(map[string]any); ok {
		p, _ := m["path"].(string)
		lang, _ := m["lang"].(string)
		return r.RefLang(p, lang), nil
	}
	p, err := Text(ref)
	return r.RefLang(p, ""), err
}

// NewScratch is Hugo's newScratch, and a shortcode's .Scratch and
// .Store: values by key, in memory, for one run of a template.
func NewScratch() any { return &scratch{values: map[string]any{}} }

// scratch is what NewScratch makes.
type scratch struct {
	values map[string]any
	// owned marks the maps SetInMap made or copied: one set from
	// elsewhere (site.Data, shared by every page) is copied before it
	// changes.
	owned map[string]bool
}

func (s *scratch) Set(key string, v any) string { s.values[key] = v; delete(s.owned, key); return "" }
func (s *scratch) Get(key string) any           { return s.values[key] }
func (s *scratch) Delete(key string) string     { delete(s.values, key); delete(s.owned, key); return "" }
func (s *scratch) Values() map[string]any       { return s.values }

// Add adds v to the value of key: numbers are summed, strings and slices
// appended.
func (s *scratch) Add(key string, v any) (string, error) {
	old, ok := s.values[key]
	if !ok {
		s.values[key] = v
		return "", nil
	}
	if a, ok := number(old); ok {
		b, ok := number(v)
		if !ok {
			return "", fmt.Errorf("cannot add %T to a number", v)
		}
		if _, isInt := old.(int); isInt && b == float64(int(b)) {
			s.values[key] = int(a + b)
		} else {
			s.values[key] = a + b
		}
		return "", nil
	}
	if a, ok := old.(string); ok {
		b, err := Text(v)
		s.values[key] = a + b
		return "", err
	}
	if a, ok := old.([]any); ok {
		s.values[key] = append(slices.Clip(a), v)
		return "", nil
	}
	return "", fmt.Errorf("cannot add to a %T", old)
}

// SetInMap sets key in the map held at name.
func (s *scratch) SetInMap(name, key string, v any) string {
	m, _ := s.values[name].(map[string]any)
	if !s.owned[name] {
		m = maps.Clone(m)
		if m == nil {
			m = map[string]any{}
		}
		s.values[name] = m
		if s.owned == nil {
			s.owned = map[string]bool{}
		}
		s.owned[name] = true
	}
	m[key] = v
	return ""
}

// DeleteInMap removes key from the map held at name.
func (s *scratch) DeleteInMap(name, key string) string {
	if _, ok := s.values[name].(map[string]any); ok {
		s.SetInMap(name, key, nil) // owned from here on
		delete(s.values[name].(map[string]any), key)
	}
	return ""
}

// GetSortedMapValues is the values of the map held at name, sorted by key.
func (s *scratch) GetSortedMapValues(name string) []any {
	m, _ := s.values[name].(map[string]any)
	var out []any
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[k])
	}
	return out
}
