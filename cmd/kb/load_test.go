package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"kb/internal/syncbuf"
	"kb/search/server"
)

// searchProcess is a running kb search.
type searchProcess struct {
	base   string // "http://127.0.0.1:port"
	stderr *syncbuf.Buffer
	cmd    *exec.Cmd
}

// startSearch runs kb search on a loopback port and waits until it listens.
// The process is stopped with SIGTERM when the test ends.
func startSearch(t *testing.T, bin string, args ...string) *searchProcess {
	t.Helper()
	p := &searchProcess{stderr: &syncbuf.Buffer{}}
	p.cmd = exec.Command(bin, append([]string{"search", "--addr", "127.0.0.1:0"}, args...)...)
	p.cmd.Stderr = p.stderr
	// Tests stop it at once unless they ask for a drain.
	p.cmd.Env = append(os.Environ(), "KB_DRAIN=0")
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		p.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- p.cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			p.cmd.Process.Kill()
			t.Errorf("kb search did not stop within 15 s of SIGTERM")
		}
	})
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if _, a, ok := strings.Cut(sc.Text(), "listening on "); ok {
				addr <- a
			}
		}
	}()
	select {
	case a := <-addr:
		p.base = a
	case <-time.After(30 * time.Second):
		t.Fatalf("kb search did not start:\n%s", p.stderr.String())
	}
	return p
}

// judgedQueries reads the sample site's judged queries in some languages.
func judgedQueries(t *testing.T, langs ...string) [][2]string {
	t.Helper()
	var judged struct {
		Query []struct{ Lang, Q string }
	}
	if _, err := toml.DecodeFile("../../search/testdata/judged.toml", &judged); err != nil {
		t.Fatal(err)
	}
	var qs [][2]string
	for _, q := range judged.Query {
		if slices.Contains(langs, q.Lang) {
			qs = append(qs, [2]string{q.Lang, q.Q})
		}
	}
	if len(qs) == 0 {
		t.Fatal("no judged queries")
	}
	return qs
}

var buildIDRe = regexp.MustCompile(`kb_index_build_info\{build_id="([^"]+)"\}`)

// TestSearchServerUnderLoadWithRebuilds runs the kb search binary over the
// sample site's index while 32 clients send 2,000 searches in English,
// Arabic and Greek and kb build rebuilds the site 4 times, swapping the
// index folder under the server: every request must answer 200 (a search
// that timed out on starved CPUs is retried, as its Retry-After asks). The
// test waits on the server's build id, not on fixed delays.
func TestSearchServerUnderLoadWithRebuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds kb and runs a server under load")
	}
	const (
		clients  = 32
		requests = 2000
		rebuilds = 4
	)
	bin := buildBinary(t)
	site := copySite(t)
	took := kbBuild(t, bin, site)
	srv := startSearch(t, bin, "--index", filepath.Join(site, ".kb", "search"), "--rate-limit", "0", "--access-log")
	// The clients pace themselves so that the searches span the rebuilds
	// (each a build plus the server's one-second check for a new index).
	window := time.Duration(rebuilds) * (took + 1200*time.Millisecond)
	pace := window * clients / requests
	queries := judgedQueries(t, "en", "ar", "el")

	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}

	buildIDs := map[string]bool{}
	var idsMu sync.Mutex
	scrape := func() string {
		resp, err := client.Get(srv.base + "/metrics")
		if err != nil {
			return ""
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		m := buildIDRe.FindSubmatch(b)
		if m == nil {
			return ""
		}
		idsMu.Lock()
		buildIDs[string(m[1])] = true
		idsMu.Unlock()
		return string(m[1])
	}
	served := scrape()

	// Rebuilds, each with an edited article, while the clients search.
	rebuilt := make(chan error, 1)
	var swapped atomic.Int64 // rebuilds the server has swapped in
	var rebuildsOver atomic.Bool
	var building atomic.Bool // a kb build is running (and taking the CPUs)
	go func() {
		defer rebuildsOver.Store(true)
		article := filepath.Join(site, "content/en/account/reset-password.md")
		for i := range rebuilds {
			f, err := os.OpenFile(article, os.O_APPEND|os.O_WRONLY, 0)
			if err == nil {
				_, err = fmt.Fprintf(f, "\n\nRebuild number %d mentions zanzibarword%d.\n", i, i)
				f.Close()
			}
			if err == nil {
				building.Store(true)
				out, berr := exec.Command(bin, "build", "-s", site).CombinedOutput()
				building.Store(false)
				if berr != nil {
					err = fmt.Errorf("kb build: %v\n%s", berr, out)
				}
			}
			if err != nil {
				rebuilt <- err
				return
			}
			// The server checks for a new index every second; wait until
			// it serves this one, however long a starved machine takes.
			prev := served
			for deadline := time.Now().Add(time.Minute); served == prev || served == ""; time.Sleep(100 * time.Millisecond) {
				if time.Now().After(deadline) {
					rebuilt <- fmt.Errorf("rebuild %d: the server still serves build %s a minute later", i, prev)
					return
				}
				served = scrape()
			}
			swapped.Add(1)
		}
		rebuilt <- nil
	}()

	type sample struct {
		d        time.Duration
		status   int
		err      error
		msg      string // the error message of a non-200 answer
		timeouts int    // 503 "search timed out" answers retried
		building bool
	}
	var timeouts atomic.Int64
	var samplesMu sync.Mutex
	samples := make([]sample, 0, requests)
	var next atomic.Int64
	deadline := time.Now().Add(5 * time.Minute)
	var wg sync.WaitGroup
	start := time.Now()
	for range clients {
		wg.Go(func() {
			for {
				// The searches go on until the rebuilds are over, however
				// much longer than the first build those take.
				i := int(next.Add(1)) - 1
				if i >= requests && rebuildsOver.Load() || time.Now().After(deadline) {
					return
				}
				q := queries[i%len(queries)]
				u := srv.base + "/api/search?lang=" + q[0] + "&q=" + url.QueryEscape(q[1])
				t0 := time.Now()
				b0 := building.Load()
				var s sample
				for {
					s = sample{}
					resp, err := client.Get(u)
					s.err = err
					if err == nil {
						var body struct {
							Hits  []json.RawMessage `json:"hits"`
							Error string            `json:"error"`
						}
						err = json.NewDecoder(resp.Body).Decode(&body)
						resp.Body.Close()
						s.status, s.err, s.msg = resp.StatusCode, err, body.Error
					}
					// A search the starved CPUs could not finish within the
					// server's 2 s bound is answered 503 "search timed out"
					// with Retry-After, which a client honours. That is load
					// shedding, not a request dropped by an index swap ("no
					// index loaded"), which stays a failure.
					if s.status != http.StatusServiceUnavailable || s.msg != "search timed out" || s.timeouts >= 5 {
						break
					}
					timeouts.Add(1)
					s.timeouts++
					time.Sleep(time.Second)
				}
				s.d = time.Since(t0)
				s.building = b0 || building.Load()
				samplesMu.Lock()
				samples = append(samples, s)
				samplesMu.Unlock()
				time.Sleep(pace - min(pace, s.d))
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	during := swapped.Load()
	if err := <-rebuilt; err != nil {
		t.Fatal(err)
	}
	if during < 3 {
		t.Errorf("only %d of %d rebuilds were swapped in while the clients searched", during, rebuilds)
	}

	var lat, quiet, busy []time.Duration
	failed, transport := 0, 0
	if len(samples) < requests {
		t.Fatalf("only %d of %d requests ran: the load hit its time bound", len(samples), requests)
	}
	for i, s := range samples {
		switch {
		case s.err != nil:
			transport++
			if transport <= 5 {
				t.Errorf("request %d: %v", i, s.err)
			}
		case s.status != http.StatusOK:
			failed++
			if failed <= 5 {
				t.Errorf("request %d: status %d (%q, %v into it, a kb build running: %v)", i, s.status, s.msg, s.d.Round(time.Millisecond), s.building)
			}
		}
		lat = append(lat, s.d)
		if s.building {
			busy = append(busy, s.d)
		} else {
			quiet = append(quiet, s.d)
		}
	}
	slices.Sort(lat)
	slices.Sort(quiet)
	slices.Sort(busy)
	pctOf := func(lat []time.Duration, p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))].Round(time.Microsecond)
	}
	pct := func(p float64) time.Duration { return pctOf(lat, p) }
	t.Logf("%d requests from %d clients (paced at one per %v each) in %v across %d index swaps: %.0f requests/s, p50 %v, p99 %v, max %v; %d non-200, %d transport errors",
		len(samples), clients, pace.Round(time.Millisecond), elapsed.Round(time.Millisecond), during, float64(len(samples))/elapsed.Seconds(),
		pct(0.50), pct(0.99), lat[len(lat)-1].Round(time.Microsecond), failed, transport)
	if n := timeouts.Load(); n > 0 {
		t.Logf("%d searches timed out on the starved CPUs and were retried after Retry-After", n)
	}
	t.Logf("while no kb build ran: %d requests, p50 %v, p99 %v; while kb build ran beside the server: %d requests, p50 %v, p99 %v",
		len(quiet), pctOf(quiet, 0.5), pctOf(quiet, 0.99), len(busy), pctOf(busy, 0.5), pctOf(busy, 0.99))

	// The server swapped in each rebuilt index, and serves the last one.
	t.Logf("build ids served during the test: %d", len(buildIDs))
	if len(buildIDs) < 1+rebuilds {
		t.Errorf("the server never swapped in a rebuilt index (build ids seen: %v)", buildIDs)
	}
	resp, err := client.Get(srv.base + "/api/search?lang=en&q=zanzibarword0")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "/en/account/reset-password/") {
		t.Errorf("the rebuilt index is not served: %s", b)
	}
	// The access log names neither the client nor what it searched for.
	// A request's line is written once its answer has gone out, so the
	// last few may come a moment after their clients have them.
	logged := 0
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		logged = 0
		for line := range strings.Lines(srv.stderr.String()) {
			if strings.Contains(line, `"msg":"http request"`) {
				logged++
			}
		}
		if logged >= requests || time.Now().After(deadline) {
			break
		}
	}
	for line := range strings.Lines(srv.stderr.String()) {
		if !strings.Contains(line, `"msg":"http request"`) {
			continue
		}
		for _, leak := range []string{"127.0.0.1", "zanzibarword", "q=", "Go-http-client"} {
			if strings.Contains(line, leak) {
				t.Errorf("an access log line holds %q: %s", leak, line)
				break
			}
		}
	}
	if logged < requests {
		t.Errorf("%d access log lines for %d requests", logged, requests)
	}
}

// TestSearchSettingsFromSiteToml checks that kb build copies [search]
// corsOrigins and rateLimit and [server] maxQueryLength into the index
// folder's server.json, and that kb search enforces them.
func TestSearchSettingsFromSiteToml(t *testing.T) {
	if testing.Short() {
		t.Skip("builds kb and runs a server")
	}
	bin := buildBinary(t)
	site := copySite(t)
	cfgPath := filepath.Join(site, "site.toml")
	cfg, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	cfg = bytes.Replace(cfg, []byte("[search]\n"), []byte("[search]\nrateLimit = 2\n"), 1)
	cfg = append(cfg, "\n[server]\nmaxQueryLength = 20\n"...)
	if err := os.WriteFile(cfgPath, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	kbBuild(t, bin, site)
	index := filepath.Join(site, ".kb", "search")
	data, err := os.ReadFile(filepath.Join(index, "server.json"))
	if err != nil {
		t.Fatalf("kb build wrote no server.json: %v", err)
	}
	var settings server.Settings
	if err := json.Unmarshal(data, &settings); err != nil {
		t.Fatal(err)
	}
	if settings.RateLimit != 2 || settings.MaxQueryLength != 20 || !slices.Equal(settings.CORSOrigins, []string{"https://lumenloom.example"}) {
		t.Errorf("server.json = %s", data)
	}

	srv := startSearch(t, bin, "--index", index)
	get := func(q string, origin string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.base+"/api/search?lang=en&q="+url.QueryEscape(q), nil)
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	if resp := get("refund", "https://lumenloom.example"); resp.StatusCode != 200 || resp.Header.Get("Access-Control-Allow-Origin") != "https://lumenloom.example" {
		t.Errorf("allowed origin: %d, Access-Control-Allow-Origin %q", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
	}
	if resp := get("refund", "https://evil.example"); resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("other origin allowed: %q", resp.Header.Get("Access-Control-Allow-Origin"))
	}
	time.Sleep(1100 * time.Millisecond) // refill the bucket
	if resp := get(strings.Repeat("a", 21), ""); resp.StatusCode != http.StatusRequestURITooLong {
		t.Errorf("21-byte query: %d, want 414", resp.StatusCode)
	}
	codes := map[int]int{}
	for range 20 { // enough to outrun the refill even on a slow machine
		codes[get("refund", "").StatusCode]++
	}
	if codes[http.StatusTooManyRequests] == 0 {
		t.Errorf("20 quick requests at rateLimit 2: %v, want some 429", codes)
	}
}

// TestSearchServerCutsOffSlowloris opens a connection to kb search and sends
// a request's headers one byte a second: the server must close it long
// before the headers are complete, and keep serving others meanwhile.
func TestSearchServerCutsOffSlowloris(t *testing.T) {
	if testing.Short() {
		t.Skip("builds kb and runs a server")
	}
	bin := buildBinary(t)
	site := copySite(t)
	kbBuild(t, bin, site)
	srv := startSearch(t, bin, "--index", filepath.Join(site, ".kb", "search"))

	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	header := "GET /api/search?lang=en&q=refund HTTP/1.1\r\nHost: x\r\nUser-Agent: slow\r\nX-Padding: " + strings.Repeat("p", 40) + "\r\n\r\n"
	start := time.Now()
	cut := time.Duration(0)
	for i := 0; i < len(header); i++ {
		if _, err := conn.Write([]byte{header[i]}); err != nil {
			cut = time.Since(start)
			break
		}
		if i == 2 {
			// Meanwhile, other clients are served.
			resp, err := http.Get(srv.base + "/healthz")
			if err != nil || resp.StatusCode != 200 {
				t.Errorf("healthz during the slow client: %v", err)
			} else {
				resp.Body.Close()
			}
		}
		time.Sleep(time.Second)
		if time.Since(start) > 30*time.Second {
			break
		}
	}
	if cut == 0 {
		// Writes can succeed into the socket buffer after the server
		// closed; a read tells for sure.
		conn.SetReadDeadline(time.Now().Add(2 * time.Second))
		b, err := io.ReadAll(conn)
		var ne net.Error
		if timedOut := errors.As(err, &ne) && ne.Timeout(); !timedOut || len(b) > 0 {
			cut = time.Since(start)
			if strings.Contains(string(b), "200 OK") {
				t.Fatalf("the slow request was served after %v", cut)
			}
		} else {
			t.Fatalf("after %v of headers at one byte a second the connection is still open", time.Since(start).Round(time.Second))
		}
	}
	t.Logf("slow client cut off after %v (%d of %d header bytes would take %ds)", cut.Round(time.Millisecond), int(cut.Seconds()), len(header), len(header))
	if cut > 15*time.Second {
		t.Errorf("slow client cut off only after %v", cut)
	}
}
