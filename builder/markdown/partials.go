package markdown

import (
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"strings"
	"sync"
	"text/template/parse"

	"kb/builder/theme"
)

// Hugo's partial and partialCached, bound to a shortcode's page: they run
// a Hugo site's partial (theme.HugoPartial) with the page's functions, and
// return its output as HTML, which html/template escaped for the places
// the partial put each value, or the value it returns ({{ return $x }},
// theme.Returned). A partial may call partials, up to maxPartialDepth
// deep and maxPartialCalls in all for one shortcode, so one that calls
// itself ends with the shortcode's failure, not a hang.

const (
	maxPartialDepth = 16
	maxPartialCalls = 10000
)

// partialError is why a partial failed; one raised by a nested partial
// passes through the partials around it as it is.
type partialError struct{ msg string }

func (e *partialError) Error() string { return e.msg }

// partial runs the partial called ("note.html", "note") with data as its dot.
func (x *shortcodeContext) partial(called any, data ...any) (any, error) {
	if x.st.stopped() {
		return "", x.st.doc.Context.Err()
	}
	name, err := theme.Text(called)
	if err != nil {
		return "", err
	}
	// One the running template defines in its own file, else one of the
	// partial folders.
	var tpl *template.Template
	var file string
	if x.running != nil {
		tpl, file = theme.InlinePartial(x.running, name), x.running.Name()
	}
	if tpl == nil {
		p, ok := x.st.r.opts.HugoPartials[theme.PartialName(name)]
		switch {
		case !ok:
			return "", &partialError{fmt.Sprintf("partial %q is in none of %s", name, strings.Join(theme.PartialFolders(), ", "))}
		case p.Template == nil:
			return "", &partialError{fmt.Sprintf("partial %q (%s:%d) %s", name, p.File, p.Line, p.Problem)}
		}
		if tpl, err = bindPageFuncs(p.Template, x); err != nil {
			return "", err
		}
		file = p.File
	}
	switch {
	case x.partialDepth >= maxPartialDepth:
		return "", &partialError{fmt.Sprintf("partial %q (%s): partials call partials more than %d deep (does one call itself without end?)", name, file, maxPartialDepth)}
	case x.partialCalls >= maxPartialCalls:
		return "", &partialError{fmt.Sprintf("partial %q (%s): the shortcode calls partials more than %d times", name, file, maxPartialCalls)}
	}
	x.partialCalls++
	x.partialDepth++
	defer func() { x.partialDepth-- }()
	var dot any
	if len(data) > 0 {
		dot = data[0]
	}
	b := boundedOutput{steps: x.st.page.steps}
	err = tpl.Execute(&b, dot)
	if ret, ok := errors.AsType[*theme.Returned](err); ok {
		return ret.Value, nil
	}
	if inner, ok := errors.AsType[*partialError](err); ok {
		return "", inner
	}
	if errors.Is(err, theme.ErrTooManySteps) {
		return "", err // the page's, not the partial's
	}
	if err != nil {
		return "", &partialError{fmt.Sprintf("partial %q fails at %s:%d: %s", name, file, execLineOf(err), templateError(err))}
	}
	return template.HTML(b.String()), nil
}

// partialCached is Hugo's partialCached NAME CONTEXT [VARIANT...]: the
// partial run once per build for each context and variants, where that
// cannot change what a page shows. So it caches a partial only where its
// output depends on nothing but them (partialCache.cacheable), and keys
// it by the context too, where Hugo keys it by the variants alone: a
// partial cached with the context of one page would show on another.
func (x *shortcodeContext) partialCached(called any, data ...any) (any, error) {
	name, err := theme.Text(called)
	if err != nil {
		return "", err
	}
	cache := x.st.r.partials
	key, ok := cache.key(theme.PartialName(name), data)
	if ok && cache.cacheable(theme.PartialName(name), x.st.r.opts.HugoPartials) {
		if v, hit := cache.get(key); hit {
			return v, nil
		}
		v, err := x.partial(called, data...)
		if err == nil {
			cache.put(key, v)
		}
		return v, err
	}
	return x.partial(called, data...)
}

// partialCache holds partialCached's results for a Renderer, which lives
// as long as the templates and data files it read do.
type partialCache struct {
	mu     sync.Mutex
	values map[string]any
	bytes  int             // of the texts in values
	pure   map[string]bool // by partial name, once known
}

const (
	// maxCachedPartials, maxCachedBytes and maxPartialKey bound the
	// cache: a partial past them runs every time, as partial does.
	maxCachedPartials = 10000
	maxCachedBytes    = 32 << 20
	maxPartialKey     = 4 << 10
)

// key is name with the context and variants, written out; false when
// one of them is no plain value (a shortcode's context, a page), which
// holds more than its text says.
func (c *partialCache) key(name string, data []any) (string, bool) {
	var b strings.Builder
	b.WriteString(name)
	for _, d := range data {
		b.WriteByte(0)
		if !writePlain(&b, reflect.ValueOf(d)) || b.Len() > maxPartialKey {
			return "", false
		}
	}
	return b.String(), true
}

// writePlain writes v, a string, number, bool, nil, or a slice or map of
// them, as a key (maps in key order); false for anything else.
func writePlain(b *strings.Builder, v reflect.Value) bool {
	if b.Len() > maxPartialKey {
		return false
	}
	for v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Invalid:
		b.WriteString("nil")
	case reflect.String:
		fmt.Fprintf(b, "%s%q", v.Type(), v.String())
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		fmt.Fprintf(b, "%s(%v)", v.Type(), v.Interface())
	case reflect.Slice, reflect.Array:
		b.WriteByte('[')
		for i := range v.Len() {
			if !writePlain(b, v.Index(i)) {
				return false
			}
			b.WriteByte(',')
		}
		b.WriteByte(']')
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return false
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		b.WriteByte('{')
		for _, k := range keys {
			fmt.Fprintf(b, "%q:", k.String())
			if !writePlain(b, v.MapIndex(k)) {
				return false
			}
			b.WriteByte(',')
		}
		b.WriteByte('}')
	default:
		return false
	}
	return true
}

// cacheable reports whether partial name's output depends on its context
// and the site's data alone: it calls none of the page's functions
// (theme.PageFuncs) but partials that are cacheable too, each by its
// literal name.
func (c *partialCache) cacheable(name string, partials map[string]theme.HugoPartial) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pureLocked(name, partials)
}

func (c *partialCache) pureLocked(name string, partials map[string]theme.HugoPartial) bool {
	if pure, known := c.pure[name]; known {
		return pure
	}
	p, ok := partials[name]
	if !ok || p.Template == nil {
		return false
	}
	c.pure[name] = true // while its calls are looked at: a partial that calls itself
	pageFree := slices.DeleteFunc(theme.PageFuncs(), func(f string) bool {
		return slices.Contains(theme.PartialCalls, f) || f == "site" || f == "hugo"
	})
	pure := !callsAny(p.Template, pageFree)
	for _, t := range p.Template.Templates() {
		for cmd := range theme.Commands(t.Tree) {
			if !pure {
				break
			}
			called, literal := theme.LiteralPartialCall(cmd)
			switch {
			case literal:
				pure = c.pureLocked(theme.PartialName(called), partials)
			case isPartialCall(cmd):
				pure = false // a name computed as the template runs
			}
		}
	}
	c.pure[name] = pure
	return pure
}

// isPartialCall reports whether cmd calls partial or partialCached.
func isPartialCall(cmd *parse.CommandNode) bool {
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	return ok && slices.Contains(theme.PartialCalls, id.Ident)
}

func (c *partialCache) get(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.values[key]
	return v, ok
}

// put keeps v, when it is HTML or text or a number: a map or slice a
// partial returns could be changed by one page and read by another.
func (c *partialCache) put(key string, v any) {
	size := len(key)
	switch r := reflect.ValueOf(v); r.Kind() {
	case reflect.String:
		size += r.Len()
	case reflect.Bool, reflect.Int, reflect.Int64, reflect.Float64:
	default:
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, had := c.values[key]; !had && len(c.values) < maxCachedPartials && c.bytes+size <= maxCachedBytes {
		c.values[key] = v
		c.bytes += size
	}
}
