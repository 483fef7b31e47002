package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// viewport is a screen the pages are checked on.
type viewport struct {
	name          string
	width, height int64
	mobile        bool
}

var (
	phone    = viewport{"phone", 390, 844, true}
	desktop  = viewport{"desktop", 1280, 800, false}
	screens  = []viewport{phone, desktop}
	waitTime = 10 * time.Second // how long a page gets to show what a test waits for
)

// tab is one browser tab on one viewport, with helpers that fail the test
// with a screenshot.
type tab struct {
	t    *testing.T
	ctx  context.Context // bounded by the test's time limit
	root context.Context // the tab itself, for the screenshot after a timeout
	base string          // origin the paths are relative to
	vp   viewport
	shot int
}

// newTab opens a tab in the shared browser, emulating vp.
func newTab(t *testing.T, base string, vp viewport) *tab {
	t.Helper()
	root, cancel := chromedp.NewContext(browser(t))
	t.Cleanup(cancel)
	ctx, stop := context.WithTimeout(root, 60*time.Second)
	t.Cleanup(stop)
	b := &tab{t: t, ctx: ctx, root: root, base: base, vp: vp}
	// Registered last, so it runs first: the tab is still open.
	t.Cleanup(func() {
		if t.Failed() && b.shot == 0 {
			t.Logf("screenshot at the end of the failed test: %s", b.screenshot("end"))
		}
	})
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
	if vp.mobile {
		opts = []chromedp.EmulateViewportOption{chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(vp.width, vp.height, opts...)); err != nil {
		t.Fatalf("emulating %s: %v", vp.name, err)
	}
	return b
}

// disableScripts turns JavaScript off in the tab, as some readers have it.
func (b *tab) disableScripts() {
	b.t.Helper()
	if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		b.t.Fatalf("disabling JavaScript: %v", err)
	}
}

// open navigates to path (relative to the tab's origin) and waits for the load.
func (b *tab) open(path string) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Navigate(b.base+path)); err != nil {
		b.fatalf("opening %s: %v", path, err)
	}
}

// screenshot saves a PNG of the viewport into the run's screenshot folder
// and returns its path (or why there is none).
func (b *tab) screenshot(label string) string {
	dir, err := suite.shotOnce.get(func() (string, error) { return os.MkdirTemp("", "kb-browser-shots-") })
	if err != nil {
		return "no screenshot: " + err.Error()
	}
	ctx, cancel := context.WithTimeout(b.root, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		return "no screenshot: " + err.Error()
	}
	b.shot++
	name := regexp.MustCompile(`[^\w.-]+`).ReplaceAllString(b.t.Name(), "_")
	path := filepath.Join(dir, fmt.Sprintf("%s-%d-%s.png", name, b.shot, label))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		return "no screenshot: " + err.Error()
	}
	return path
}

// fatalf fails the test with a screenshot of the page.
func (b *tab) fatalf(format string, args ...any) {
	b.t.Helper()
	b.t.Fatalf(format+"\n(%s, page %s)\nscreenshot: %s", append(args, b.vp.name, b.location(), b.screenshot("fail"))...)
}

// errorf records a failure with a screenshot and goes on.
func (b *tab) errorf(format string, args ...any) {
	b.t.Helper()
	b.t.Errorf(format+"\n(%s, page %s)\nscreenshot: %s", append(args, b.vp.name, b.location(), b.screenshot("fail"))...)
}

func (b *tab) location() string {
	ctx, cancel := context.WithTimeout(b.root, 2*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "?"
	}
	return strings.TrimPrefix(loc, b.base)
}

// evalInto evaluates a JavaScript expression in the page and decodes its
// JSON value into out.
func (b *tab) evalInto(expr string, out any) {
	b.t.Helper()
	raw, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]byte]("JSON.stringify(("+expr+"))"))
	if err != nil {
		b.fatalf("evaluating %s: %v", expr, err)
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		b.fatalf("evaluating %s: %v (%s)", expr, err, raw)
	}
	if err := json.Unmarshal([]byte(s), out); err != nil {
		b.fatalf("evaluating %s: %v (%s)", expr, err, s)
	}
}

func (b *tab) str(expr string) string {
	b.t.Helper()
	var s string
	b.evalInto("String("+expr+")", &s)
	return s
}

func (b *tab) boolean(expr string) bool {
	b.t.Helper()
	var v bool
	b.evalInto("!!("+expr+")", &v)
	return v
}

// truthy evaluates expr, treating an exception or a page in the middle of
// a navigation as false.
func (b *tab) truthy(expr string) bool {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("(() => { try { return !!("+expr+") } catch (e) { return false } })()"))
	return err == nil && ok
}

// waitFor polls expr until it is truthy, and fails after d with what.
// Polling from Go survives navigations and reloads of the page.
func (b *tab) waitFor(d time.Duration, expr, what string, args ...any) {
	b.t.Helper()
	if !b.poll(d, expr) {
		b.fatalf("after %s: "+what, append([]any{d}, args...)...)
	}
}

// poll reports whether expr became truthy within d.
func (b *tab) poll(d time.Duration, expr string) bool {
	deadline := time.Now().Add(d)
	for {
		if b.truthy(expr) {
			return true
		}
		if time.Now().After(deadline) || b.ctx.Err() != nil {
			return false
		}
		time.Sleep(40 * time.Millisecond)
	}
}

// settle waits (up to d) until the string value of expr has stayed the same
// for quiet: search-as-you-type answers may arrive for a prefix of what was
// typed before the answer for the whole of it.
func (b *tab) settle(d, quiet time.Duration, expr string) {
	deadline := time.Now().Add(d)
	last, since := "\x00", time.Now()
	for time.Now().Before(deadline) && b.ctx.Err() == nil {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string]("String("+expr+")"))
		cancel()
		if err != nil || v != last {
			last, since = v, time.Now()
		} else if time.Since(since) >= quiet {
			return
		}
		time.Sleep(40 * time.Millisecond)
	}
}

// keys types into whatever has the focus, as a keyboard would.
func (b *tab) keys(s string) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.KeyEvent(s)); err != nil {
		b.fatalf("typing %q: %v", s, err)
	}
}

// Keys for press.
const (
	keyEnter     = "Enter"
	keySpace     = " "
	keyTab       = "Tab"
	keyArrowDown = "ArrowDown"
	keyArrowUp   = "ArrowUp"
	keyEscape    = "Escape"
)

// press presses and releases one key as a keyboard does: one keyDown that
// carries the key's text, so that a page cancelling the keydown also
// cancels the keypress and its default action (chromedp.KeyEvent sends a
// separate char event, which a cancelled keydown cannot stop: Enter on a
// suggestion would then also submit the form).
func (b *tab) press(key string) {
	b.t.Helper()
	k, ok := map[string]input.DispatchKeyEventParams{
		keyEnter:     {Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13, Text: "\r", UnmodifiedText: "\r"},
		keySpace:     {Key: " ", Code: "Space", WindowsVirtualKeyCode: 32, NativeVirtualKeyCode: 32, Text: " ", UnmodifiedText: " "},
		keyTab:       {Key: "Tab", Code: "Tab", WindowsVirtualKeyCode: 9, NativeVirtualKeyCode: 9},
		keyArrowDown: {Key: "ArrowDown", Code: "ArrowDown", WindowsVirtualKeyCode: 40, NativeVirtualKeyCode: 40},
		keyArrowUp:   {Key: "ArrowUp", Code: "ArrowUp", WindowsVirtualKeyCode: 38, NativeVirtualKeyCode: 38},
		keyEscape:    {Key: "Escape", Code: "Escape", WindowsVirtualKeyCode: 27, NativeVirtualKeyCode: 27},
	}[key]
	if !ok {
		b.t.Fatalf("press: unknown key %q", key)
	}
	down, up := k, k
	down.Type, up.Type = input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp
	if down.Text == "" {
		down.Type = input.DispatchKeyEventTypeRawKeyDown
	}
	up.Text, up.UnmodifiedText = "", ""
	for _, ev := range []input.DispatchKeyEventParams{down, up} {
		if _, err := chromedp.Call(b.ctx, input.DispatchKeyEvent, ev); err != nil {
			b.fatalf("pressing %q: %v", key, err)
		}
	}
}

// tabTo presses Tab until the focused element matches the JavaScript
// predicate el => ..., and fails after max presses.
func (b *tab) tabTo(pred, what string, max int) int {
	b.t.Helper()
	for i := 1; i <= max; i++ {
		b.press(keyTab)
		if b.truthy("(" + pred + ")(document.activeElement)") {
			return i
		}
	}
	b.fatalf("%s not reached with %d presses of Tab (focus on %s)", what, max, b.str("document.activeElement.outerHTML.slice(0, 120)"))
	return 0
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}

// rect is an element's or a text range's box from getBoundingClientRect.
type rect struct{ Left, Right, Top, Bottom, Width, Height float64 }

func (r rect) String() string {
	return fmt.Sprintf("[x %.0f–%.0f, y %.0f–%.0f]", r.Left, r.Right, r.Top, r.Bottom)
}
