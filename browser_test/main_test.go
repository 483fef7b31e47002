// Package browsertest drives the built help center in a real Chromium, the
// way readers and writers meet it: the kb binary runs as a subprocess (kb
// build, kb search, kb serve) on loopback ports, and chromedp opens pages on
// a phone and a desktop viewport.
//
// The tests skip when no browser is installed, unless KB_BROWSER=required.
package browsertest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// suite holds what the tests share: one kb binary, one browser, and the
// sites built from the sample content. Each piece is made on first use, so
// `go test -run TestPageWeight` starts no browser.
var suite struct {
	tmp      string            // removed after the run
	root     string            // the repository: the sample site
	alloc    context.Context   // the exec allocator, nil without a browser
	noBrowse string            // why there is no browser
	cleanups []func()          // processes and servers, stopped after m.Run
	mu       sync.Mutex        // guards cleanups
	binOnce  onceValue[string] // path of the kb binary
	brOnce   onceValue[context.Context]
	static   onceValue[*site]  // sample site on a plain file server
	api      onceValue[*site]  // sample site with [search] endpoint, on kb search --site
	axe      onceValue[string] // axe.min.js source
	shotOnce onceValue[string] // folder for failure screenshots
}

// onceValue computes a value once and hands the same value or error to every
// caller. The function must not call t.Fatal (sync.Once would record a zero
// value): it returns an error, which each caller reports.
type onceValue[T any] struct {
	once sync.Once
	v    T
	err  error
}

func (o *onceValue[T]) get(f func() (T, error)) (T, error) {
	o.once.Do(func() { o.v, o.err = f() })
	return o.v, o.err
}

func TestMain(m *testing.M) { os.Exit(runTests(m)) }

func runTests(m *testing.M) int {
	tmp, err := os.MkdirTemp("", "kb-browser-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	suite.tmp = tmp
	if suite.root, err = repoRoot(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}

	if exe := findBrowser(); exe == "" {
		suite.noBrowse = "no Chromium found (/usr/bin/chromium, chromium or chromium-browser on PATH)"
	} else {
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(exe),
			chromedp.Headless,
			chromedp.NoSandbox, // the tests may run as root
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("lang", "en-US"),
			chromedp.UserDataDir(filepath.Join(tmp, "chromium")),
		)
		var cancel context.CancelFunc
		suite.alloc, cancel = chromedp.NewExecAllocator(context.Background(), opts...)
		defer cancel()
	}

	code := m.Run()
	suite.mu.Lock()
	for i := len(suite.cleanups) - 1; i >= 0; i-- {
		suite.cleanups[i]()
	}
	suite.mu.Unlock()
	return code
}

// atExit runs f after every test has finished.
func atExit(f func()) {
	suite.mu.Lock()
	defer suite.mu.Unlock()
	suite.cleanups = append(suite.cleanups, f)
}

func repoRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if mod := strings.TrimSpace(string(out)); err == nil && mod != "" && mod != os.DevNull {
		return filepath.Dir(mod), nil
	}
	abs, err := filepath.Abs("..")
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(abs, "go.mod")); err != nil {
		return "", fmt.Errorf("cannot find the repository root: %v", err)
	}
	return abs, nil
}

func findBrowser() string {
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browserRequired is whether a missing browser or axe-core fails the run.
func browserRequired() bool { return os.Getenv("KB_BROWSER") == "required" }

// skipOrFail skips the test, or fails it when KB_BROWSER=required.
func skipOrFail(t *testing.T, format string, args ...any) {
	t.Helper()
	if browserRequired() {
		t.Fatalf(format+" (KB_BROWSER=required)", args...)
	}
	t.Skipf(format, args...)
}

// kbBinary builds ./cmd/kb once per run and returns its path.
func kbBinary() (string, error) {
	return suite.binOnce.get(func() (string, error) {
		bin := filepath.Join(suite.tmp, "kb")
		cmd := exec.Command("go", "build", "-o", bin, "./cmd/kb")
		cmd.Dir = suite.root
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("go build ./cmd/kb: %v\n%s", err, out)
		}
		return bin, nil
	})
}

// browser returns the shared browser's context, starting it on first use.
func browser(t *testing.T) context.Context {
	t.Helper()
	if suite.alloc == nil {
		skipOrFail(t, "%s", suite.noBrowse)
	}
	ctx, err := suite.brOnce.get(func() (context.Context, error) {
		ctx, cancel := chromedp.NewContext(suite.alloc)
		atExit(cancel)
		// The first Run starts the browser, for the lifetime of ctx (not
		// of a context derived from it, so no timeout here).
		if err := chromedp.Do(ctx); err != nil {
			return nil, fmt.Errorf("starting Chromium: %v", err)
		}
		return ctx, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ctx
}

// runKB runs the kb binary to completion.
func runKB(args ...string) error {
	bin, err := kbBinary()
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("kb %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// process is a long-running kb subprocess (kb search, kb serve).
type process struct {
	cmd  *exec.Cmd
	url  string // http://host:port, from the line the command prints
	mu   sync.Mutex
	out  strings.Builder // stdout and stderr, for failure messages
	done chan struct{}
}

var listening = regexp.MustCompile(`http://[0-9.]+:[0-9]+`)

// startKB starts kb with args and waits until it prints the address it
// listens on.
func startKB(args ...string) (*process, error) {
	bin, err := kbBinary()
	if err != nil {
		return nil, err
	}
	p := &process{cmd: exec.Command(bin, args...), done: make(chan struct{})}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	p.cmd.Stderr = writerFunc(func(b []byte) (int, error) {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.out.Write(b)
	})
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			p.mu.Lock()
			p.out.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
			if u := listening.FindString(sc.Text()); u != "" {
				select {
				case addr <- u:
				default:
				}
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	go func() { p.cmd.Wait(); close(p.done) }()
	select {
	case p.url = <-addr:
		return p, nil
	case <-p.done:
		return nil, fmt.Errorf("kb %s exited before listening:\n%s", strings.Join(args, " "), p.output())
	case <-time.After(60 * time.Second):
		p.stop()
		return nil, fmt.Errorf("kb %s did not print its address within 60 s:\n%s", strings.Join(args, " "), p.output())
	}
}

func (p *process) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// stop interrupts the process, as Ctrl+C would, and kills it if it has not
// exited within 5 s.
func (p *process) stop() {
	p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

// site is a build of the sample site and the origin serving it.
type site struct {
	url string
}

// staticSite builds the sample site and serves public/ from a plain file
// server: no search endpoint, the browser uses the static index.
func staticSite(t *testing.T) *site {
	t.Helper()
	s, err := suite.static.get(func() (*site, error) {
		dir := filepath.Join(suite.tmp, "static")
		if err := runKB("build", "-s", suite.root, "-o", filepath.Join(dir, "public"), "--index", filepath.Join(dir, "idx")); err != nil {
			return nil, err
		}
		srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Join(dir, "public"))))
		atExit(srv.Close)
		return &site{url: srv.URL}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// apiSite builds a copy of the sample site with [search] endpoint set and
// serves it with kb search --site, as a team would deploy it.
func apiSite(t *testing.T) *site {
	t.Helper()
	s, err := suite.api.get(func() (*site, error) {
		dir, err := copySiteWith("api", func(conf string) (string, error) {
			if n := strings.Count(conf, "\n[search]\n"); n != 1 {
				return "", fmt.Errorf("want one [search] table, found %d", n)
			}
			return regexp.MustCompile(`(?m)^\[search\]\n`).ReplaceAllString(conf, "[search]\nendpoint = \"/api/search\"\n"), nil
		})
		if err != nil {
			return nil, err
		}
		pub, idx := filepath.Join(dir, "public"), filepath.Join(dir, "idx")
		if err := runKB("build", "-s", dir, "-o", pub, "--index", idx); err != nil {
			return nil, err
		}
		p, err := startKB("search", "--index", idx, "--site", pub, "--addr", "127.0.0.1:0", "--rate-limit", "0")
		if err != nil {
			return nil, err
		}
		atExit(p.stop)
		// A query per language opens the indexes, as in a server that has
		// been up for a while: search.js gives up on a server that takes
		// 1.5 s to answer.
		for _, lang := range []string{"en", "ar", "el"} {
			resp, err := http.Get(p.url + "/api/search?lang=" + lang + "&q=warm")
			if err != nil {
				return nil, err
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				return nil, fmt.Errorf("kb search: GET /api/search?lang=%s: %s", lang, resp.Status)
			}
		}
		return &site{url: p.url}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// copySite copies site.toml, content/ and static/ of the site at from into to.
// copySiteWith copies the sample site to suite.tmp/name and rewrites its
// site.toml with edit, which fails when the text it expects is not there.
func copySiteWith(name string, edit func(conf string) (string, error)) (string, error) {
	dir := filepath.Join(suite.tmp, name)
	if err := copySite(suite.root, dir); err != nil {
		return "", err
	}
	toml := filepath.Join(dir, "site.toml")
	b, err := os.ReadFile(toml)
	if err != nil {
		return "", err
	}
	conf, err := edit(string(b))
	if err != nil {
		return "", fmt.Errorf("site.toml: %w", err)
	}
	return dir, os.WriteFile(toml, []byte(conf), 0o644)
}

func copySite(from, to string) error {
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	b, err := os.ReadFile(filepath.Join(from, "site.toml"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(to, "site.toml"), b, 0o644); err != nil {
		return err
	}
	for _, sub := range []string{"content", "static"} {
		if err := os.CopyFS(filepath.Join(to, sub), os.DirFS(filepath.Join(from, sub))); err != nil {
			return err
		}
	}
	return nil
}

// get fetches url and returns its body, failing the test on any error or a
// status other than 200.
func get(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	return body
}
