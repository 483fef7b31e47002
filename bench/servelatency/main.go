// Command servelatency measures kb serve's edit-to-served latency: it starts
// kb serve on a site, then, edit after edit, appends a unique sentence to one
// article and polls over HTTP until the page shows the sentence and
// /api/search finds the page by its unique word. The time from the write to
// both being true is one sample. The two are polled concurrently, every
// -poll and at once on kb serve's live-reload event, so the measurement adds
// little of its own. bench/run runs it on the 10k corpus.
//
//	go run ./bench/servelatency -kb ./kb -site /tmp/kb-bench/c10k -out DIR -data DIR
//
// kb serve keeps its server index in <site>/.kb/search.
//
// It restores the article when it ends. It prints one line per edit and a
// summary line "edit_ms median=… p90=… min=… max=…" for bench/run.
//
// Given several binaries (-kb old,new -site copy1,copy2), it runs a kb serve
// of each on its own copy of the site and edits them in turn, so that both
// are measured under the same load; the summary lines then carry the
// binary's index and name ("edit_ms[0 kb-old] median=…").
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"kb/bench/corpus"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	kb := flag.String("kb", "kb", "the kb binary; several, comma-separated, are measured edit by edit in turn (each needs its own -site)")
	site := flag.String("site", "", "the site folder (site.toml and content/); comma-separated, one per -kb")
	out := flag.String("out", "", "kb serve's output folder (default a temporary folder); with several -kb, a parent folder")
	data := flag.String("data", "", "kb serve's analytics folder (default a temporary folder); with several -kb, a parent folder")
	edits := flag.Int("n", 15, "number of edits (per binary)")
	section := flag.String("section", "policies", "the section of content/en/ whose first article is edited")
	poll := flag.Duration("poll", 2*time.Millisecond, "polling interval (the page and the search are polled each on its own, and at once on a live-reload event)")
	editTimeout := flag.Duration("edit-timeout", 60*time.Second, "give up on an edit after this long")
	startTimeout := flag.Duration("start-timeout", 15*time.Minute, "give up if kb serve is not serving after this long")
	settle := flag.Duration("settle", time.Second, "pause between edits, after kb serve reported the rebuild")
	flag.Parse()
	kbs, sites := strings.Split(*kb, ","), strings.Split(*site, ",")
	if *site == "" || len(sites) != len(kbs) {
		fail(errors.New("-site is required, one per -kb"))
	}
	tmp, err := os.MkdirTemp("", "servelatency")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(tmp)
	var targets []*target
	for i := range kbs {
		t := &target{kb: kbs[i], site: sites[i], out: *out, data: *data}
		for name, p := range map[string]*string{"public": &t.out, "data": &t.data} {
			switch {
			case *p == "":
				*p = filepath.Join(tmp, fmt.Sprint(i), name)
			case len(kbs) > 1:
				*p = filepath.Join(*p, fmt.Sprint(i))
			}
		}
		if len(kbs) > 1 {
			t.label = fmt.Sprintf("[%d %s]", i, filepath.Base(t.kb))
		}
		targets = append(targets, t)
	}
	if err := run(targets, *section, *edits, *poll, *editTimeout, *startTimeout, *settle); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "servelatency:", err)
	os.Exit(1)
}

// target is one kb serve under measurement.
type target struct {
	kb, site, out, data string
	label               string // "" with one target, else "[i binary]"

	file, pageURL string
	orig          []byte
	base          string
	lines         chan string
	reloads       *reloadFeed
	total         []float64
	pageOnly      []float64
	searchOnly    []float64
}

// start starts kb serve on the target's site and waits until it serves.
func (t *target) start(ctx context.Context, section string, startTimeout time.Duration, client *http.Client) (stop func(), err error) {
	t.file, t.pageURL, err = pickArticle(t.site, section)
	if err != nil {
		return nil, err
	}
	if t.orig, err = os.ReadFile(t.file); err != nil {
		return nil, err
	}
	addr, err := freeLoopback()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(t.kb, "serve", "-s", t.site, "-o", t.out, "--data", t.data, "--addr", addr)
	errTail := &tail{max: 4 << 10} // kb serve's stderr: warnings about the corpus's links
	cmd.Stderr = errTail
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	started := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	stop = func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		// Restore the article last, after kb serve stopped, so the corpus
		// is left as it was generated.
		os.WriteFile(t.file, t.orig, 0o644)
	}
	t.lines = make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			t.lines <- sc.Text()
		}
		close(t.lines)
	}()
	if _, err := waitLine(ctx, t.lines, "serving on ", startTimeout); err != nil {
		stop()
		return nil, fmt.Errorf("kb serve%s did not start: %w\n%s", t.label, err, errTail)
	}
	t.base = "http://" + addr
	fmt.Printf("kb serve%s up in %s; editing %s (%s)\n", t.label, time.Since(started).Round(time.Millisecond), t.file, t.pageURL)
	if _, err := fetch(ctx, client, t.base+t.pageURL); err != nil {
		stop()
		return nil, fmt.Errorf("page not served before the first edit: %w", err)
	}
	t.reloads = &reloadFeed{}
	go t.reloads.follow(ctx, client, t.base+"/_kb/live")
	return stop, nil
}

func run(targets []*target, section string, edits int, poll, editTimeout, startTimeout, settle time.Duration) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	for _, t := range targets {
		stopServe, err := t.start(ctx, section, startTimeout, client)
		if err != nil {
			return err
		}
		defer stopServe()
	}

	for i := range edits {
		for _, t := range targets {
			if err := t.edit(ctx, client, i, poll, editTimeout); err != nil {
				return err
			}
			time.Sleep(settle)
		}
	}
	for _, t := range targets {
		fmt.Printf("edit_ms%s %s\n", t.label, summary(t.total))
		fmt.Printf("page_ms%s %s\n", t.label, summary(t.pageOnly))
		fmt.Printf("search_ms%s %s\n", t.label, summary(t.searchOnly))
	}
	return nil
}

// edit appends a unique sentence to the target's article and measures the
// time until the page shows it and the search finds the page by it.
func (t *target) edit(ctx context.Context, client *http.Client, i int, poll, editTimeout time.Duration) error {
	// A fresh random word each time: words one typo apart would let the
	// typo-tolerant search find the previous edit's text.
	word := "zq" + letters(rand.Uint64())
	content := fmt.Appendf(slices.Clip(t.orig), "\nLatency probe sentence %s number %d.\n", word, i+1)
	drain(t.lines)
	t0 := time.Now()
	if err := os.WriteFile(t.file, content, 0o644); err != nil {
		return err
	}
	// The page and the search are polled each on its own, and again at
	// once when kb serve announces a reload, so that neither waits for
	// the other's request or for a whole polling interval.
	editCtx, cancel := context.WithTimeout(ctx, editTimeout)
	var pageAt, searchAt time.Duration
	var wg sync.WaitGroup
	wg.Go(func() {
		pageAt = pollUntil(editCtx, t0, poll, t.reloads.subscribe(), func() bool {
			body, err := fetch(editCtx, client, t.base+t.pageURL)
			return err == nil && strings.Contains(body, word)
		})
	})
	wg.Go(func() {
		searchAt = pollUntil(editCtx, t0, poll, t.reloads.subscribe(), func() bool {
			ok, _ := found(editCtx, client, t.base, word, t.pageURL)
			return ok
		})
	})
	wg.Wait()
	cancel()
	t.reloads.reset()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if pageAt == 0 || searchAt == 0 {
		return fmt.Errorf("edit %d%s: not served after %s (page %v, search %v)", i+1, t.label, editTimeout, pageAt > 0, searchAt > 0)
	}
	both := max(pageAt, searchAt)
	t.total = append(t.total, ms(both))
	t.pageOnly = append(t.pageOnly, ms(pageAt))
	t.searchOnly = append(t.searchOnly, ms(searchAt))
	// kb serve's own report of the rebuild, for the log.
	line, err := waitLine(ctx, t.lines, " changed: ", 30*time.Second)
	if err != nil {
		line = err.Error()
	}
	fmt.Printf("edit %2d%s: served and searchable %7.1f ms (page %7.1f ms, search %7.1f ms)  kb: %s\n", i+1, t.label, ms(both), ms(pageAt), ms(searchAt), line)
	return nil
}

// pollUntil runs check until it reports true, every interval and whenever
// kick fires, and returns the time since t0 at which it did; 0 when ctx
// ended first.
func pollUntil(ctx context.Context, t0 time.Time, interval time.Duration, kick <-chan struct{}, check func() bool) time.Duration {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if check() {
			return time.Since(t0)
		}
		select {
		case <-ctx.Done():
			return 0
		case <-t.C:
		case <-kick:
		}
	}
}

// reloadFeed follows kb serve's live-reload event stream and kicks its
// subscribers at every reload event.
type reloadFeed struct {
	mu   sync.Mutex
	subs []chan struct{}
}

func (f *reloadFeed) subscribe() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := make(chan struct{}, 1)
	f.subs = append(f.subs, c)
	return c
}

func (f *reloadFeed) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.subs = nil
}

func (f *reloadFeed) kick() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.subs {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

// follow reads the event stream at u until ctx ends; without it the pollers
// only poll.
func (f *reloadFeed) follow(ctx context.Context, c *http.Client, u string) {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return
	}
	stream := *c
	stream.Timeout = 0 // the stream stays open
	resp, err := stream.Do(req)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if sc.Text() == "event: reload" {
			f.kick()
		}
	}
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = slices.Clone(t.buf[len(t.buf)-t.max:])
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

// waitLine reads kb serve's output until a line containing s, and returns it.
func waitLine(ctx context.Context, lines <-chan string, s string, timeout time.Duration) (string, error) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				return "", errors.New("kb serve exited")
			}
			if strings.Contains(l, s) {
				return l, nil
			}
			if strings.HasPrefix(l, "build failed") {
				return "", errors.New(l)
			}
		case <-t.C:
			return "", fmt.Errorf("no %q after %s", strings.TrimSpace(s), timeout)
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
}

func drain(lines <-chan string) {
	for {
		select {
		case <-lines:
		default:
			return
		}
	}
}

func fetch(ctx context.Context, c *http.Client, u string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Cache-Control", "no-cache")
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return string(body), nil
}

// found says whether /api/search finds pageURL (or one of its FAQ anchors)
// for word.
func found(ctx context.Context, c *http.Client, base, word, pageURL string) (bool, error) {
	body, err := fetch(ctx, c, base+"/api/search?"+url.Values{"q": {word}, "lang": {"en"}}.Encode())
	if err != nil {
		return false, err
	}
	var res struct {
		Hits []struct {
			URL string `json:"url"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		return false, err
	}
	if !strings.Contains(strings.ToLower(body), word) {
		return false, nil // not the word itself: a fuzzy match of another
	}
	for _, h := range res.Hits {
		if u, err := url.Parse(h.URL); err == nil && u.Path == pageURL {
			return true, nil
		}
	}
	return false, nil
}

// pickArticle returns the first article (in path order) of content/en/section
// and its URL.
func pickArticle(site, section string) (string, string, error) {
	dir := filepath.Join(site, "content", "en", section)
	names, err := corpus.Articles(dir)
	if err != nil {
		return "", "", err
	}
	if len(names) == 0 {
		return "", "", fmt.Errorf("no article in %s", dir)
	}
	file := names[0]
	data, err := os.ReadFile(file)
	if err != nil {
		return "", "", err
	}
	slug := strings.TrimSuffix(filepath.Base(file), ".md")
	if m := slugRe.FindSubmatch(data); m != nil {
		slug = string(m[1])
	}
	return file, "/en/" + section + "/" + slug + "/", nil
}

var slugRe = regexp.MustCompile(`(?m)^slug\s*=\s*"([^"]+)"`)

// freeLoopback returns a free port on 127.0.0.1.
func freeLoopback() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// letters spells n in the letters a-z, so the word is one search term.
func letters(n uint64) string {
	var b []byte
	for {
		b = append(b, byte('a'+n%26))
		n /= 26
		if n == 0 {
			return string(b)
		}
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// summary is "median=… p90=… min=… max=… n=…" in milliseconds.
func summary(xs []float64) string {
	s := slices.Clone(xs)
	slices.Sort(s)
	return fmt.Sprintf("median=%.1f p90=%.1f min=%.1f max=%.1f n=%d", quantile(s, 0.5), quantile(s, 0.9), s[0], s[len(s)-1], len(s))
}

// quantile of sorted s, by linear interpolation between closest ranks.
func quantile(s []float64, q float64) float64 {
	pos := q * float64(len(s)-1)
	i := int(pos)
	if i+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[i] + (pos-float64(i))*(s[i+1]-s[i])
}
