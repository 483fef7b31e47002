package theme

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"reflect"
	"text/template/parse"
)

// A writer's argument may set how long a template loops: seq (.Get 0),
// range (int (.Get "n")), append in such a loop. Each is bounded, so a
// page cannot make the build hang or take the machine's memory; past a
// bound the template fails, which is reported at the shortcode's line.

// maxSteps bounds a seq and a range over a number (Hugo's seq stops at
// 2000; Hugo's range over a number does not stop).
const maxSteps = 10000

// maxListLen bounds the list append makes: appending a list to itself
// doubles it at each step of a loop.
const maxListLen = 100000

// RangeSteps is the name of the function boundRanges puts at the end of
// every range's pipeline, which a template's error names.
const RangeSteps = "_kbRangeSteps"

// seq is Hugo's seq (collections.Seq): LAST (1…LAST, or -1…LAST), FIRST
// LAST, or FIRST INCREMENT LAST; at most maxSteps numbers.
func seq(args ...any) ([]int, error) {
	if len(args) < 1 || len(args) > 3 {
		return nil, errors.New("seq takes one to three numbers: seq LAST, seq FIRST LAST or seq FIRST INCREMENT LAST")
	}
	n := make([]int, len(args))
	for i, a := range args {
		v, err := toInt(a)
		if err != nil {
			return nil, err
		}
		n[i] = v
	}
	first, inc, last := 1, 1, n[0]
	switch len(n) {
	case 1:
		if last == 0 {
			return []int{}, nil
		}
		if last < 0 {
			first, inc = -1, -1
		}
	case 2:
		first, last = n[0], n[1]
		if last < first {
			inc = -1
		}
	case 3:
		first, inc, last = n[0], n[1], n[2]
		switch {
		case inc == 0:
			return nil, errors.New("the increment must not be 0")
		case first < last && inc < 0:
			return nil, errors.New("the increment must be more than 0")
		case first > last && inc > 0:
			return nil, errors.New("the increment must be less than 0")
		}
	}
	// In floating point: last-first may overflow an int.
	steps := math.Floor((float64(last)-float64(first))/float64(inc)) + 1
	if steps > maxSteps {
		return nil, fmt.Errorf("%.0f numbers: more than %d; where a writer's argument gives the count, check it first (if le (int (.Get 0)) 100)", steps, maxSteps)
	}
	out := make([]int, 0, int(steps))
	for i := range int(steps) {
		out = append(out, first+i*inc)
	}
	return out, nil
}

// rangeSteps lets a range run over v unless v is a number past maxSteps.
// It gives back a reflect.Value, which the template unwraps, so that a
// range over nothing stays one over nothing.
func rangeSteps(v any) (reflect.Value, error) {
	r := reflect.ValueOf(v)
	count := int64(0)
	switch r.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		count = r.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		count = int64(min(r.Uint(), math.MaxInt64))
	}
	if count > maxSteps {
		return reflect.Value{}, fmt.Errorf("range over %d: more than %d steps; where a writer's argument gives the count (int (.Get \"n\")), check it first (if le (int (.Get \"n\")) 100)", count, maxSteps)
	}
	return r, nil
}

// Each bound above holds for one loop, but loops inside loops multiply
// them: two ranges over a writer's count of 10000 run 10^8 steps. So the
// templates that run for one page share one budget of range steps, which
// also stops them once the build is cancelled (Steps).

// maxPageSteps bounds the range steps of one page's templates in all.
// The heaviest listing a real theme makes, every page of a 30,000-page
// site with its ten translations and ten tags under each (a taxonomy or
// sitemap listing), is about 630,000 steps; the budget is 30 times that,
// and the simplest loop takes about 1.5 s to spend it.
const maxPageSteps = 20_000_000

// checkEvery is how many writes pass between two looks at the build's
// context: often enough that Ctrl-C stops a loop at once, seldom enough
// to cost nothing.
const checkEvery = 256

// ErrTooManySteps is the failure of a template run past its page's budget.
var ErrTooManySteps = fmt.Errorf("the page's templates run more than %d loop steps in all (ranges inside ranges multiply their counts): where a writer's argument gives a count, check it first (if le (int (.Get 0)) 100)", maxPageSteps)

// Steps counts the range steps of the templates run for one page and
// stops them once the build is cancelled. text/template tells a function
// nothing of the run that called it, but a run writes to the writer it
// was given: so boundRanges starts every range's body with an empty text,
// which text/template writes at each step, and a template run for the
// page writes through Steps, which counts those empty writes (an action
// that prints nothing counts as a step too). A nil Steps counts nothing.
type Steps struct {
	ctx    context.Context // the build's; nil never stops
	taken  int
	writes int
}

// NewSteps is the budget of one page's templates, in the build ctx.
func NewSteps(ctx context.Context) *Steps { return &Steps{ctx: ctx} }

// Take counts p, written by a template run for the page: it fails past
// the page's budget, or once the build is cancelled.
func (s *Steps) Take(p []byte) error {
	if s == nil {
		return nil
	}
	if len(p) == 0 {
		if s.taken++; s.taken > maxPageSteps {
			return ErrTooManySteps
		}
	}
	if s.writes++; s.writes%checkEvery == 0 && s.ctx != nil {
		return s.ctx.Err()
	}
	return nil
}

// Writer is w for a template run for the page, which counts its steps.
func (s *Steps) Writer(w io.Writer) io.Writer { return stepsWriter{w, s} }

type stepsWriter struct {
	w     io.Writer
	steps *Steps
}

func (sw stepsWriter) Write(p []byte) (int, error) {
	if err := sw.steps.Take(p); err != nil {
		return 0, err
	}
	return sw.w.Write(p)
}

// boundRanges makes every range of tpl's templates run through
// rangeSteps, as text/template counts a range over a number out without
// calling any function, so nothing else could stop it; and starts its
// body with the empty text that Steps counts.
func boundRanges(tpl *template.Template) {
	for _, t := range tpl.Templates() {
		if t.Tree == nil {
			continue
		}
		for n := range Statements(t.Tree.Root) {
			r, ok := n.(*parse.RangeNode)
			if !ok || r.Pipe == nil {
				continue
			}
			id := parse.NewIdentifier(RangeSteps).SetTree(t.Tree).SetPos(r.Pipe.Pos)
			r.Pipe.Cmds = append(r.Pipe.Cmds, &parse.CommandNode{NodeType: parse.NodeCommand, Pos: r.Pipe.Pos, Args: []parse.Node{id}})
			if r.List != nil {
				step := &parse.TextNode{NodeType: parse.NodeText, Pos: r.Pos}
				r.List.Nodes = append([]parse.Node{step}, r.List.Nodes...)
			}
		}
	}
}
