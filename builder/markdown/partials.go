package markdown

import (
	"errors"
	"fmt"
	"html/template"
	"strings"

	"kb/builder/theme"
)

// Hugo's partial and partialCached, bound to a shortcode's page: they run
// a Hugo site's partial (theme.HugoPartial) with the page's functions, and
// return its output as HTML, which html/template escaped for the places
// the partial put each value. A partial may call partials, up to
// maxPartialDepth deep and maxPartialCalls in all for one shortcode, so
// one that calls itself ends with the shortcode's failure, not a hang.
// (partialCached caches nothing: each call runs the partial.)

const (
	maxPartialDepth = 16
	maxPartialCalls = 10000
)

// partialError is why a partial failed; one raised by a nested partial
// passes through the partials around it as it is.
type partialError struct{ msg string }

func (e *partialError) Error() string { return e.msg }

// partial runs the partial called ("note.html", "note") with data as its dot.
func (x *shortcodeContext) partial(called any, data ...any) (template.HTML, error) {
	name, err := theme.Text(called)
	if err != nil {
		return "", err
	}
	p, ok := x.st.r.opts.HugoPartials[theme.PartialName(name)]
	switch {
	case !ok:
		return "", &partialError{fmt.Sprintf("partial %q is in none of %s", name, strings.Join(theme.PartialFolders(), ", "))}
	case p.Template == nil:
		return "", &partialError{fmt.Sprintf("partial %q (%s:%d) %s", name, p.File, p.Line, p.Problem)}
	case x.partialDepth >= maxPartialDepth:
		return "", &partialError{fmt.Sprintf("partial %q (%s): partials call partials more than %d deep (does one call itself without end?)", name, p.File, maxPartialDepth)}
	case x.partialCalls >= maxPartialCalls:
		return "", &partialError{fmt.Sprintf("partial %q (%s): the shortcode calls partials more than %d times", name, p.File, maxPartialCalls)}
	}
	x.partialCalls++
	x.partialDepth++
	defer func() { x.partialDepth-- }()
	var dot any
	if len(data) > 0 {
		dot = data[0]
	}
	var b boundedOutput
	tpl, err := bindPageFuncs(p.Template, x)
	if err == nil {
		err = tpl.Execute(&b, dot)
	}
	if inner, ok := errors.AsType[*partialError](err); ok {
		return "", inner
	}
	if err != nil {
		return "", &partialError{fmt.Sprintf("partial %q fails at %s:%d: %s", name, p.File, execLineOf(err), templateError(err))}
	}
	return template.HTML(b.String()), nil
}
