package theme

import (
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"text/template/parse"
	"time"
)

// Hugo's functions over collections (where, sort, apply) and partials'
// return, with Hugo's semantics (https://gohugo.io/functions/collections/).
// They never change the collection they are given, which may be the
// site's data files, shared by every page.

// where is Hugo's where COLLECTION KEY [OPERATOR] VALUE: the elements
// (of a slice, or the entries of a map) whose value at KEY compares to
// VALUE; KEY is a path of keys or fields ("Params.color").
func where(coll, key any, args ...any) (any, error) {
	op, value := "=", any(nil)
	switch len(args) {
	case 1:
		value = args[0]
	case 2:
		s, err := Text(args[0])
		if err != nil {
			return nil, err
		}
		op, value = s, args[1]
	default:
		return nil, errors.New("where takes a collection, a key, an optional operator and a value")
	}
	k, err := Text(key)
	if err != nil {
		return nil, err
	}
	test, err := comparison(op, value)
	if err != nil {
		return nil, err
	}
	path := strings.Split(strings.TrimPrefix(k, "."), ".")
	v := reflect.ValueOf(coll)
	switch v.Kind() {
	case reflect.Invalid:
		return []any{}, nil
	case reflect.Map:
		out := map[string]any{}
		for _, mk := range v.MapKeys() {
			if e := v.MapIndex(mk).Interface(); test(at(e, path)) {
				out[fmt.Sprint(mk.Interface())] = e
			}
		}
		return out, nil
	case reflect.Slice, reflect.Array:
		out := []any{}
		for i := range v.Len() {
			if e := v.Index(i).Interface(); test(at(e, path)) {
				out = append(out, e)
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("where filters a slice or a map, not %T", coll)
}

// comparison is the test where applies to an element's value for op and
// VALUE. An absent value is nil: equal to nil only, unequal to the rest.
func comparison(op string, value any) (func(any) bool, error) {
	switch op {
	case "=", "==", "eq":
		return func(v any) bool { return sameValue(v, value) }, nil
	case "!=", "<>", "ne":
		return func(v any) bool { return !sameValue(v, value) }, nil
	case ">", "gt", ">=", "ge", "<", "lt", "<=", "le":
		return func(v any) bool {
			c, ok := order(v, value)
			switch op {
			case ">", "gt":
				return ok && c > 0
			case ">=", "ge":
				return ok && c >= 0
			case "<", "lt":
				return ok && c < 0
			}
			return ok && c <= 0
		}, nil
	case "in", "not in":
		return func(v any) bool {
			found, _ := in(value, v)
			return v != nil && found == (op == "in")
		}, nil
	case "intersect":
		return func(v any) bool { return intersects(v, value) }, nil
	case "like":
		re, err := boundedRegexp(value)
		if err != nil {
			return nil, err
		}
		return func(v any) bool {
			s, ok := stringOf(v)
			return ok && re.MatchString(s)
		}, nil
	}
	return nil, fmt.Errorf("where: operator %q is none of Hugo's (=, !=, >, >=, <, <=, in, not in, intersect, like)", op)
}

// sameValue is Hugo's equality of where: numbers by value, strings by
// text ("123" is not 123), nil only to nil.
func sameValue(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return looselyEqual(a, b)
}

// intersects reports whether two slices share an element.
func intersects(a, b any) bool {
	x, y := reflect.ValueOf(a), reflect.ValueOf(b)
	if !isList(x) || !isList(y) {
		return false
	}
	for i := range x.Len() {
		if found, _ := in(b, x.Index(i).Interface()); found {
			return true
		}
	}
	return false
}

func isList(v reflect.Value) bool { return v.Kind() == reflect.Slice || v.Kind() == reflect.Array }

// order compares numbers by value, strings by text and times, and says
// whether a and b compare at all.
func order(a, b any) (int, bool) {
	if x, ok := number(a); ok {
		y, ok := number(b)
		return cmp.Compare(x, y), ok
	}
	if x, ok := stringOf(a); ok {
		y, ok := stringOf(b)
		return strings.Compare(x, y), ok
	}
	if x, ok := a.(time.Time); ok {
		y, ok := b.(time.Time)
		return x.Compare(y), ok
	}
	return 0, false
}

// at is the value at path in v: map keys (the exact key, else one that
// differs in letter case only, as Hugo's lowercased params are read),
// exported fields and methods without arguments; nil when absent.
func at(v any, path []string) any {
	for _, k := range path {
		if k == "" {
			continue
		}
		r := reflect.ValueOf(v)
		for r.Kind() == reflect.Interface || r.Kind() == reflect.Pointer {
			if m := r.MethodByName(k); m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() >= 1 {
				break
			}
			r = r.Elem()
		}
		switch {
		case !r.IsValid():
			return nil
		case r.Kind() == reflect.Map && r.Type().Key().Kind() == reflect.String:
			e := r.MapIndex(reflect.ValueOf(k).Convert(r.Type().Key()))
			if !e.IsValid() {
				for _, mk := range r.MapKeys() {
					if strings.EqualFold(mk.String(), k) {
						e = r.MapIndex(mk)
						break
					}
				}
			}
			if !e.IsValid() {
				return nil
			}
			v = e.Interface()
		case r.MethodByName(k).IsValid() && r.MethodByName(k).Type().NumIn() == 0 && r.MethodByName(k).Type().NumOut() >= 1:
			v = r.MethodByName(k).Call(nil)[0].Interface()
		case r.Kind() == reflect.Struct && r.FieldByName(k).IsValid() && r.FieldByName(k).CanInterface():
			v = r.FieldByName(k).Interface()
		default:
			return nil
		}
	}
	return v
}

// sortColl is Hugo's sort COLLECTION [KEY] [ORDER]: a new slice of the
// elements of a slice, or the values of a map, ordered by their value at
// KEY ("value": the element itself), ascending unless ORDER is "desc".
// Equal elements keep their order (a map's by key).
func sortColl(coll any, args ...any) ([]any, error) {
	key, desc := "value", false
	if len(args) > 2 {
		return nil, errors.New("sort takes a collection, an optional key and an optional order (asc or desc)")
	}
	for i, a := range args {
		s, err := Text(a)
		if err != nil {
			return nil, err
		}
		switch {
		case i == 0:
			key = s
		case s == "desc":
			desc = true
		case s != "asc":
			return nil, fmt.Errorf("sort: the order is asc or desc, not %q", s)
		}
	}
	var items []any
	v := reflect.ValueOf(coll)
	switch v.Kind() {
	case reflect.Invalid:
		return []any{}, nil
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			items = append(items, v.Index(i).Interface())
		}
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		for _, k := range keys {
			items = append(items, v.MapIndex(k).Interface())
		}
	default:
		return nil, fmt.Errorf("sort orders a slice or a map, not %T", coll)
	}
	sortKey := func(e any) any {
		if key == "value" {
			return e
		}
		return at(e, strings.Split(strings.TrimPrefix(key, "."), "."))
	}
	slices.SortStableFunc(items, func(a, b any) int {
		c := sortOrder(sortKey(a), sortKey(b))
		if desc {
			return -c
		}
		return c
	})
	return items, nil
}

// sortOrder orders any two values: nil first, then those order compares,
// then by their text.
func sortOrder(a, b any) int {
	if a == nil || b == nil {
		return cmp.Compare(btoi(a != nil), btoi(b != nil))
	}
	if c, ok := order(a, b); ok {
		return c
	}
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Apply is Hugo's apply COLLECTION FUNCTION ARG...: FUNCTION, by its
// name in funcs ("trim", "strings.FirstUpper": a namespace's method),
// called on each element, which "." among ARG stands for.
func Apply(funcs template.FuncMap) func(coll, name any, args ...any) ([]any, error) {
	return func(coll, name any, args ...any) ([]any, error) {
		n, err := Text(name)
		if err != nil {
			return nil, err
		}
		fn, err := funcByName(funcs, n)
		if err != nil {
			return nil, err
		}
		v := reflect.ValueOf(coll)
		if v.Kind() == reflect.Invalid {
			return []any{}, nil
		}
		if !isList(v) {
			return nil, fmt.Errorf("apply maps a slice, not %T", coll)
		}
		out := make([]any, 0, v.Len())
		for i := range v.Len() {
			in := make([]any, len(args))
			for j, a := range args {
				if a == "." {
					a = v.Index(i).Interface()
				}
				in[j] = a
			}
			r, err := call(fn, in)
			if err != nil {
				return nil, fmt.Errorf("apply %s: %w", n, err)
			}
			out = append(out, r)
		}
		return out, nil
	}
}

// funcByName is the function name calls: one of given, Hugo's pure
// functions, printf and print, or a method of a namespace of theirs
// ("strings.Title").
func funcByName(given template.FuncMap, name string) (reflect.Value, error) {
	all := template.FuncMap{"printf": fmt.Sprintf, "print": fmt.Sprint}
	for _, m := range []template.FuncMap{funcs, hugoFuncs, given} {
		maps.Copy(all, m)
	}
	ns, method, dotted := strings.Cut(name, ".")
	if f, ok := all[ns]; ok {
		fn := reflect.ValueOf(f)
		if !dotted {
			return fn, nil
		}
		if fn.Type().NumIn() == 0 {
			if m := fn.Call(nil)[0].MethodByName(method); m.IsValid() {
				return m, nil
			}
		}
	}
	return reflect.Value{}, fmt.Errorf("apply: no function %q kb has", name)
}

// call calls fn with args converted to its parameters' types, and
// returns its result, or its error.
func call(fn reflect.Value, args []any) (any, error) {
	t := fn.Type()
	if n := t.NumIn(); len(args) < n-btoi(t.IsVariadic()) || !t.IsVariadic() && len(args) > n {
		return nil, fmt.Errorf("takes %d arguments, not %d", n, len(args))
	}
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		pt := t.In(min(i, t.NumIn()-1))
		if t.IsVariadic() && i >= t.NumIn()-1 {
			pt = pt.Elem()
		}
		v, err := argOfType(a, pt)
		if err != nil {
			return nil, err
		}
		in[i] = v
	}
	out := fn.Call(in)
	if len(out) == 2 && !out[1].IsNil() {
		return nil, out[1].Interface().(error)
	}
	return out[0].Interface(), nil
}

// argOfType is a as a value of type t: as it is, converted (an int64 to
// an int), or as text for a string.
func argOfType(a any, t reflect.Type) (reflect.Value, error) {
	if a == nil {
		return reflect.Zero(t), nil
	}
	v := reflect.ValueOf(a)
	switch {
	case v.Type().AssignableTo(t):
		return v, nil
	case t.Kind() == reflect.String:
		s, err := Text(a)
		return reflect.ValueOf(s).Convert(t), err
	case v.CanConvert(t) && v.Kind() != reflect.String:
		return v.Convert(t), nil
	}
	return reflect.Value{}, fmt.Errorf("cannot take %T where %s goes", a, t)
}

// toFloat is Hugo's float: a number, or the number a string writes.
func toFloat(v any) (float64, error) {
	if f, ok := number(v); ok {
		return f, nil
	}
	switch v := v.(type) {
	case nil:
		return 0, nil
	case bool:
		return float64(btoi(v)), nil
	}
	s, err := Text(v)
	if err != nil {
		return 0, err
	}
	if s = strings.TrimSpace(s); s == "" {
		return 0, nil
	}
	return strconv.ParseFloat(s, 64)
}

// Returned is how Hugo's return ends a partial with its value: the
// error that stops the template, which the partial's caller takes the
// value of (markdown's partial). Elsewhere the template fails with it.
type Returned struct{ Value any }

func (*Returned) Error() string {
	return "return ends partials only (layouts/_partials/), not shortcode templates"
}

// hugoReturn is Hugo's return [VALUE]: without one, empty HTML.
func hugoReturn(v ...any) (any, error) {
	if len(v) == 0 {
		return nil, &Returned{Value: template.HTML("")}
	}
	return nil, &Returned{Value: v[0]}
}

// returnTakesItsAction makes each {{ return A B … | f }} of a template
// written for Hugo return the value of "A B … | f", as Hugo's own
// template parser does (return is a statement there; to Go's templates
// it is a function, whose arguments A and B would be evaluated alone:
// Book's "return .Page.Store.Get $key" calls Get with none).
func returnTakesItsAction(tpl *template.Template) {
	for _, t := range tpl.Templates() {
		if t.Tree == nil {
			continue
		}
		for n := range Statements(t.Tree.Root) {
			if action, ok := n.(*parse.ActionNode); ok {
				returnWholeAction(action.Pipe)
			}
		}
	}
}

// returnWholeAction makes pipe, {{ return A B … | f }}, return "A B … | f".
func returnWholeAction(pipe *parse.PipeNode) {
	if pipe == nil || len(pipe.Decl) > 0 || len(pipe.Cmds) == 0 {
		return
	}
	first := pipe.Cmds[0]
	if id, ok := first.Args[0].(*parse.IdentifierNode); !ok || id.Ident != "return" ||
		len(first.Args) <= 2 && len(pipe.Cmds) == 1 {
		return
	}
	value := pipe.CopyPipe() // a copy keeps its tree, for error messages
	value.Cmds[0].Args = value.Cmds[0].Args[1:]
	first.Args = []parse.Node{first.Args[0], value}
	pipe.Cmds = pipe.Cmds[:1]
}

// union is Hugo's union SET1 SET2: SET1's elements and then SET2's, each
// once, in a slice of their own type when both are of one, so that
// pages stay pages (Learn's children: .Page.Pages | union .Page.Sections,
// then .ByWeight).
func union(a, b any) (any, error) { return setOf("union", a, b, false) }

// intersect is Hugo's intersect SET1 SET2: SET1's elements that SET2
// has too, each once.
func intersect(a, b any) (any, error) { return setOf("intersect", a, b, true) }

func setOf(name string, a, b any, common bool) (any, error) {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for _, v := range []reflect.Value{va, vb} {
		if v.IsValid() && !isList(v) {
			return nil, fmt.Errorf("%s takes two slices, not %s", name, v.Type())
		}
	}
	var out reflect.Value
	switch {
	case va.IsValid() && vb.IsValid() && va.Type() == vb.Type() && va.Kind() == reflect.Slice:
		out = reflect.MakeSlice(va.Type(), 0, va.Len())
	case !vb.IsValid() && va.IsValid() && va.Kind() == reflect.Slice && !common:
		out = reflect.MakeSlice(va.Type(), 0, va.Len())
	case !va.IsValid() && vb.IsValid() && vb.Kind() == reflect.Slice && !common:
		out = reflect.MakeSlice(vb.Type(), 0, vb.Len())
	default:
		out = reflect.ValueOf([]any{})
	}
	inB := map[any]bool{}
	if vb.IsValid() {
		for i := range vb.Len() {
			inB[setKey(vb.Index(i))] = true
		}
	}
	seen := map[any]bool{}
	add := func(v reflect.Value) {
		if k := setKey(v); !seen[k] {
			seen[k] = true
			if out.Type().Elem().Kind() == reflect.Interface || v.Type().AssignableTo(out.Type().Elem()) {
				out = reflect.Append(out, v)
			}
		}
	}
	if va.IsValid() {
		for i := range va.Len() {
			if v := va.Index(i); !common || inB[setKey(v)] {
				add(v)
			}
		}
	}
	if vb.IsValid() && !common {
		for i := range vb.Len() {
			add(vb.Index(i))
		}
	}
	return out.Interface(), nil
}

// setKey is what makes two elements the same one: a page's path (pages
// are copies, each bound to the template that asked for it), a
// comparable value itself, else what it prints.
func setKey(v reflect.Value) any {
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	x := v.Interface()
	if s, ok := x.(fmt.Stringer); ok && v.Kind() == reflect.Pointer {
		return fmt.Sprintf("%T %s", x, s)
	}
	if v.Comparable() {
		return x
	}
	return fmt.Sprintf("%T %#v", x, x)
}

// collectionsNS is Hugo's collections namespace: the functions above by
// their long names (collections.IsSet is isset, collections.Where where),
// as Hugo's documentation's own templates write them.
type collectionsNS struct{}

func (collectionsNS) IsSet(c, key any) (bool, error)             { return isset(c, key) }
func (collectionsNS) Where(c, key any, args ...any) (any, error) { return where(c, key, args...) }
func (collectionsNS) Sort(c any, args ...any) ([]any, error)     { return sortColl(c, args...) }
func (collectionsNS) Union(a, b any) (any, error)                { return union(a, b) }
func (collectionsNS) Intersect(a, b any) (any, error)            { return intersect(a, b) }
func (collectionsNS) In(set, v any) (bool, error)                { return in(set, v) }
func (collectionsNS) First(n, seq any) (any, error)              { return first(n, seq) }
func (collectionsNS) Last(n, seq any) (any, error)               { return last(n, seq) }
func (collectionsNS) After(n, seq any) (any, error)              { return after(n, seq) }
func (collectionsNS) Dictionary(kv ...any) (map[string]any, error) {
	return dict(kv...)
}
func (collectionsNS) Slice(items ...any) []any                  { return items }
func (collectionsNS) Append(args ...any) ([]any, error)         { return appendTo(args...) }
func (collectionsNS) Seq(args ...any) ([]int, error)            { return seq(args...) }
func (collectionsNS) Merge(maps ...any) (map[string]any, error) { return merge(maps...) }
func (collectionsNS) Delimit(seq, sep any, last ...any) (string, error) {
	return delimit(seq, sep, last...)
}
func (collectionsNS) Index(c any, keys ...any) (any, error) { return hugoIndex(c, keys...) }

// Tried is what Hugo's try gives: .Value, and .Err. kb's try cannot
// catch the error of what it is given (Go's templates stop at an
// argument's error before try runs), so .Err is always nil and such an
// error fails the template on that page, as it would without try.
type Tried struct {
	Value any
	Err   error
}

func hugoTry(v any) Tried { return Tried{Value: v} }
