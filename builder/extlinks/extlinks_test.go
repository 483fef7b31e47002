package extlinks

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// site is a test server that records what it was asked.
type site struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string // "METHOD /path"
	agents   []string
	accepts  []string
}

func newSite(t *testing.T, routes map[string]http.HandlerFunc) *site {
	t.Helper()
	s := &site{}
	mux := http.NewServeMux()
	for pattern, h := range routes {
		mux.HandleFunc(pattern, h)
	}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			// Asked once per host by every check; TestRobotsTxt counts it.
			mux.ServeHTTP(w, r)
			return
		}
		s.mu.Lock()
		s.requests = append(s.requests, r.Method+" "+r.URL.Path)
		s.agents = append(s.agents, r.UserAgent())
		s.accepts = append(s.accepts, r.Header.Get("Accept"))
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) asked() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// checker is a Checker for test servers, which listen on loopback: it
// records its waits instead of waiting.
func checker(waits *[]time.Duration) *Checker {
	var mu sync.Mutex
	return &Checker{AllowPrivate: true, UserAgent: "kb-test", Timeout: 2 * time.Second, Sleep: func(_ context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		if waits != nil {
			*waits = append(*waits, d)
		}
		return nil
	}}
}

func status(code int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(code) }
}

func redirect(to string, code int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, code) }
}

func check(t *testing.T, c *Checker, urls ...string) map[string]Finding {
	t.Helper()
	var uses []Use
	for i, u := range urls {
		uses = append(uses, Use{URL: u, File: "content/en/a.md", Line: i + 1, Col: 1})
	}
	out := map[string]Finding{}
	for _, f := range c.Check(context.Background(), uses) {
		out[f.URL] = f
	}
	return out
}

func TestBrokenStatuses(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/ok":   status(200),
		"/gone": status(410),
		"/boom": status(500),
	})
	var waits []time.Duration
	got := check(t, checker(&waits), s.URL+"/ok", s.URL+"/missing", s.URL+"/gone", s.URL+"/boom")
	for path, want := range map[string]string{"/missing": "404 Not Found", "/gone": "410 Gone", "/boom": "500 Internal Server Error (3 tries)"} {
		if f := got[s.URL+path]; f.Verdict != Broken || f.Why != want {
			t.Errorf("%s: %+v, want broken: %s", path, f, want)
		}
	}
	if f := got[s.URL+"/ok"]; f.Verdict != OK {
		t.Errorf("/ok: %+v", f)
	}
	if len(waits) != 2 {
		t.Errorf("waits before the retries of a 500: %v, want two", waits)
	}
	for i, a := range s.agents {
		if a != "kb-test" || !strings.HasPrefix(s.accepts[i], "text/html") {
			t.Errorf("request %s came with User-Agent %q, Accept %q", s.requests[i], a, s.accepts[i])
		}
	}
	if n := strings.Count(strings.Join(s.asked(), "\n"), "HEAD /missing"); n != 1 {
		t.Errorf("a 404 asked %d times: %q", n, s.asked())
	}
}

func TestPermanentRedirectChainIsMovedToItsEnd(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/old":       redirect("/older", http.StatusMovedPermanently),
		"/older":     redirect("/new", http.StatusPermanentRedirect),
		"/new":       status(200),
		"/temporary": redirect("/new", http.StatusFound),
		"/mixed":     redirect("/temporary", http.StatusMovedPermanently),
		"/dead":      redirect("/nothing", http.StatusMovedPermanently),
	})
	got := check(t, checker(nil), s.URL+"/old", s.URL+"/temporary", s.URL+"/mixed", s.URL+"/dead")
	if f := got[s.URL+"/old"]; f.Verdict != Moved || f.NewURL != s.URL+"/new" {
		t.Errorf("/old: %+v, want moved to /new", f)
	}
	if f := got[s.URL+"/temporary"]; f.Verdict != OK {
		t.Errorf("a temporary redirect: %+v, want OK", f)
	}
	// Moved for good to an address that itself redirects for now: link
	// to that address, not to where it leads today.
	if f := got[s.URL+"/mixed"]; f.Verdict != Moved || f.NewURL != s.URL+"/temporary" {
		t.Errorf("/mixed: %+v, want moved to /temporary", f)
	}
	if f := got[s.URL+"/dead"]; f.Verdict != Broken || !strings.Contains(f.Why, "404") || !strings.Contains(f.Why, "/nothing") {
		t.Errorf("/dead: %+v, want broken with where it led", f)
	}
}

func TestRedirectLoop(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/a": redirect("/b", http.StatusFound),
		"/b": redirect("/a", http.StatusFound),
	})
	got := check(t, checker(nil), s.URL+"/a")
	if f := got[s.URL+"/a"]; f.Verdict != Broken || !strings.Contains(f.Why, "redirect loop") {
		t.Errorf("%+v, want a redirect loop", f)
	}
}

func TestHeadRefusedThenGet(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/app": func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusMethodNotAllowed)
			}
		},
	})
	got := check(t, checker(nil), s.URL+"/app")
	if f := got[s.URL+"/app"]; f.Verdict != OK {
		t.Errorf("%+v, want OK", f)
	}
	if want := []string{"HEAD /app", "GET /app"}; !slices.Equal(s.asked(), want) {
		t.Errorf("asked %q, want %q", s.asked(), want)
	}
}

func TestTooManyRequestsWaitsAsAsked(t *testing.T) {
	var calls atomic.Int32
	s := newSite(t, map[string]http.HandlerFunc{
		"/busy": func(w http.ResponseWriter, r *http.Request) {
			if calls.Add(1) == 1 {
				w.Header().Set("Retry-After", "7")
				w.WriteHeader(http.StatusTooManyRequests)
			}
		},
		"/later": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusTooManyRequests)
		},
	})
	var waits []time.Duration
	got := check(t, checker(&waits), s.URL+"/busy")
	if f := got[s.URL+"/busy"]; f.Verdict != OK {
		t.Errorf("/busy: %+v, want OK on the second try", f)
	}
	if !slices.Equal(waits, []time.Duration{7 * time.Second}) {
		t.Errorf("waited %v, want the 7s Retry-After asked", waits)
	}
	waits = nil
	got = check(t, checker(&waits), s.URL+"/later")
	if f := got[s.URL+"/later"]; f.Verdict != Unchecked || !strings.Contains(f.Why, "wait 1h0m0s") {
		t.Errorf("/later: %+v, want unchecked: asked to wait an hour", f)
	}
	if len(waits) != 0 {
		t.Errorf("waited %v for a site asking for an hour", waits)
	}
}

func TestSlowServerTimesOut(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/slow": func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
	})
	c := checker(nil)
	c.Timeout = 50 * time.Millisecond
	got := check(t, c, s.URL+"/slow")
	if f := got[s.URL+"/slow"]; f.Verdict != Broken || f.Why != "no answer within 50ms" {
		t.Errorf("%+v, want broken: no answer", f)
	}
	if n := len(s.asked()); n != 3 {
		t.Errorf("asked %d times, want 3 (two retries)", n)
	}
}

func TestFragments(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/help": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `<html><body><h2 id="tracking">Tracking</h2><a name="old-anchor"></a><h2 id="user-content-install">Install</h2></body></html>`)
		},
	})
	got := check(t, checker(nil), s.URL+"/help#tracking", s.URL+"/help#returns", s.URL+"/help#old-anchor", s.URL+"/help#install", s.URL+"/help#/spa/route", s.URL+"/help")
	if f := got[s.URL+"/help#returns"]; f.Verdict != MissingAnchor || f.Why != `the page has no id "returns"` {
		t.Errorf("#returns: %+v, want a missing anchor", f)
	}
	for _, frag := range []string{"#tracking", "#old-anchor", "#install", "#/spa/route", ""} {
		if f := got[s.URL+"/help"+frag]; f.Verdict != OK {
			t.Errorf("%s: %+v, want OK", frag, f)
		}
	}
	if want := []string{"GET /help"}; !slices.Equal(s.asked(), want) {
		t.Errorf("asked %q, want one GET for every fragment", s.asked())
	}
}

func TestSitesThatRefuseCheckersAreUnchecked(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/linkedin": status(999),
		"/forbidden": func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusForbidden)
		},
		"/account": status(401),
	})
	got := check(t, checker(nil), s.URL+"/linkedin", s.URL+"/forbidden", s.URL+"/account")
	for _, path := range []string{"/linkedin", "/forbidden", "/account"} {
		if f := got[s.URL+path]; f.Verdict != Unchecked {
			t.Errorf("%s: %+v, want unchecked", path, f)
		}
	}
	if n := strings.Count(strings.Join(s.asked(), "\n"), " /linkedin"); n != 1 {
		t.Errorf("LinkedIn's 999 asked %d times, want once: it is no server error to retry", n)
	}
	// A 403 to HEAD may be a refusal of HEAD: GET asks again.
	if !slices.Contains(s.asked(), "GET /forbidden") {
		t.Errorf("asked %q: no GET after HEAD's 403", s.asked())
	}
}

func TestPrivateAddressesNeedAllowPrivate(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{"/": status(200)})
	c := checker(nil)
	c.AllowPrivate = false
	got := check(t, c, s.URL+"/")
	if f := got[s.URL+"/"]; f.Verdict != Unchecked || !strings.Contains(f.Why, "private or local address") {
		t.Errorf("%+v, want unchecked: a local address", f)
	}
	if len(s.asked()) != 0 {
		t.Errorf("asked %q of a local address", s.asked())
	}
}

func TestTLSAndDNSFailures(t *testing.T) {
	tlsSite := httptest.NewTLSServer(status(200))
	defer tlsSite.Close()
	got := check(t, checker(nil), tlsSite.URL+"/")
	if f := got[tlsSite.URL+"/"]; f.Verdict != Broken || !strings.HasPrefix(f.Why, "TLS: ") || !strings.Contains(f.Why, "certificate") {
		t.Errorf("self-signed certificate: %+v, want broken: TLS", f)
	}

	s := newSite(t, map[string]http.HandlerFunc{"/": status(200)})
	c := checker(nil)
	var dialer net.Dialer
	c.Transport = &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if strings.HasPrefix(addr, "shop.gone:") {
			return nil, &net.DNSError{Err: "no such host", Name: "shop.gone", IsNotFound: true}
		}
		if strings.HasPrefix(addr, "shop.here:") {
			addr = s.Listener.Addr().String() // a name DNS knows
		}
		return dialer.DialContext(ctx, network, addr)
	}}
	got = check(t, c, "https://shop.gone/track", "http://shop.here/")
	if f := got["https://shop.gone/track"]; f.Verdict != Broken || f.Why != "no such host: shop.gone is not in DNS" {
		t.Errorf("DNS: %+v, want broken: no such host", f)
	}

	// A server written as an IP address or localhost (a router's
	// 192.168.0.1, checked with --external-private) answers without DNS:
	// on a machine offline, the other links stay unchecked, not broken.
	got = check(t, c, "https://shop.gone/track", s.URL+"/")
	if f := got["https://shop.gone/track"]; f.Verdict != Unchecked || !strings.Contains(f.Why, "offline") {
		t.Errorf("DNS down, a local address up: %+v, want unchecked: offline", f)
	}

	// Where no host is found at all, the machine is offline.
	got = check(t, c, "https://shop.gone/track")
	if f := got["https://shop.gone/track"]; f.Verdict != Unchecked || !strings.Contains(f.Why, "offline") {
		t.Errorf("DNS alone: %+v, want unchecked: offline", f)
	}
}

func TestSameAddressFromManyPagesAskedOnce(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{})
	uses := []Use{
		{URL: s.URL + "/track", File: "content/en/shipping.md", Line: 3, Col: 5},
		{URL: s.URL + "/track", File: "content/ar/shipping.md", Line: 4, Col: 9},
	}
	got := checker(nil).Check(context.Background(), uses)
	if len(got) != 1 || got[0].Verdict != Broken || len(got[0].Uses) != 2 {
		t.Fatalf("%+v, want one broken finding with both uses", got)
	}
	if got[0].Uses[0].File != "content/ar/shipping.md" {
		t.Errorf("uses not in file order: %+v", got[0].Uses)
	}
	if len(s.asked()) != 1 {
		t.Errorf("asked %q, want once", s.asked())
	}
}

func TestCacheAnswersWorkingLinks(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{"/ok": status(200), "/old": redirect("/ok", http.StatusMovedPermanently)})
	path := filepath.Join(t.TempDir(), ".kb", "external-links.json")
	now := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	first := checker(nil)
	first.Cache = OpenCache(path, 24*time.Hour, now)
	check(t, first, s.URL+"/ok", s.URL+"/old", s.URL+"/missing")
	if err := first.Cache.Save(); err != nil {
		t.Fatal(err)
	}
	before := len(s.asked())

	second := checker(nil)
	second.Cache = OpenCache(path, 24*time.Hour, now.Add(time.Hour))
	got := check(t, second, s.URL+"/ok", s.URL+"/old", s.URL+"/missing")
	if f := got[s.URL+"/old"]; f.Verdict != Moved || f.NewURL != s.URL+"/ok" {
		t.Errorf("/old from the cache: %+v", f)
	}
	if f := got[s.URL+"/missing"]; f.Verdict != Broken {
		t.Errorf("/missing: %+v", f)
	}
	if asked := s.asked()[before:]; !slices.Equal(asked, []string{"HEAD /missing"}) {
		t.Errorf("second run asked %q, want only the broken link again", asked)
	}

	before = len(s.asked())
	third := checker(nil)
	third.Cache = OpenCache(path, 24*time.Hour, now.Add(25*time.Hour))
	check(t, third, s.URL+"/ok")
	if asked := s.asked()[before:]; len(asked) != 1 {
		t.Errorf("a day later asked %q, want the link asked again", asked)
	}
}

func TestIgnoredAddressesAreNotAsked(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{})
	c := checker(nil)
	c.Ignore = []string{s.URL + "/private/*", "*://*.linkedin.com/*"}
	got := check(t, c, s.URL+"/private/a/b", "https://www.linkedin.com/company/shop", "https://example.com/x", "http://shop.test/", s.URL+"/public")
	if len(got) != 1 || got[s.URL+"/public"].Verdict != Broken {
		t.Errorf("findings %+v, want only /public", got)
	}
	if want := []string{"HEAD /public"}; !slices.Equal(s.asked(), want) {
		t.Errorf("asked %q, want %q", s.asked(), want)
	}
}

func TestAtMostPerHostAtOnce(t *testing.T) {
	var inFlight, most atomic.Int32
	s := newSite(t, map[string]http.HandlerFunc{"/": func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		time.Sleep(5 * time.Millisecond)
	}})
	var urls []string
	for i := range 20 {
		urls = append(urls, fmt.Sprintf("%s/p%d", s.URL, i))
	}
	check(t, checker(nil), urls...)
	if m := most.Load(); m > 2 {
		t.Errorf("%d requests at once to one host, want at most 2", m)
	}
}

func TestStoppedCheckReportsUnchecked(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got := checker(nil).Check(ctx, []Use{{URL: "http://127.0.0.1:9/x"}})
	if len(got) != 1 || got[0].Verdict != Unchecked || got[0].Why != "the check was stopped" {
		t.Errorf("%+v, want unchecked: stopped", got)
	}
}

func TestWildcardMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, s string
		want       bool
	}{
		{"https://x.com/*", "https://x.com/a/b", true},
		{"https://x.com/*", "https://y.com/a", false},
		{"*linkedin.com*", "https://www.LinkedIn.com/in/me", true},
		{"https://x.com/a", "https://x.com/a", true},
		{"https://x.com/a", "https://x.com/ab", false},
		{"https://*.x.com/*/b", "https://w.x.com/a/b", true},
	} {
		if got := wildcardMatch(tc.pattern, tc.s); got != tc.want {
			t.Errorf("wildcardMatch(%q, %q) = %v", tc.pattern, tc.s, got)
		}
	}
}

// TestRobotsTxt: each host's robots.txt is read once per check, and the
// addresses its rules for kb (its own group, else *'s) disallow are not
// asked for, and are unchecked, saying so; the others are checked. A
// robots.txt that is missing or fails restricts nothing.
func TestRobotsTxt(t *testing.T) {
	var robotsAsked atomic.Int32
	strict := newSite(t, map[string]http.HandlerFunc{
		"/robots.txt": func(w http.ResponseWriter, r *http.Request) {
			robotsAsked.Add(1)
			fmt.Fprint(w, "# shop\nUser-agent: *\nDisallow: /\n\nUser-agent: Googlebot\nUser-agent: KB\nDisallow: /private/\nAllow: /private/open$\nDisallow: /*.pdf$\n")
		},
		"/": status(200),
	})
	starOnly := newSite(t, map[string]http.HandlerFunc{
		"/robots.txt": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nDisallow: /cart\n") },
		"/":           status(200),
	})
	failing := newSite(t, map[string]http.HandlerFunc{"/robots.txt": status(503), "/": status(200)})
	missing := newSite(t, map[string]http.HandlerFunc{"/": status(200)})
	found := check(t, checker(nil),
		strict.URL+"/public", strict.URL+"/private/x", strict.URL+"/private/open", strict.URL+"/guide.pdf", strict.URL+"/guide.pdf?v=2",
		starOnly.URL+"/cart/1", starOnly.URL+"/help", failing.URL+"/help", missing.URL+"/help")
	for _, u := range []string{strict.URL + "/public", strict.URL + "/private/open", strict.URL + "/guide.pdf?v=2", starOnly.URL + "/help", failing.URL + "/help", missing.URL + "/help"} {
		if f := found[u]; f.Verdict != OK {
			t.Errorf("%s: %v %q, want OK: robots.txt allows it", u, f.Verdict, f.Why)
		}
	}
	for _, u := range []string{strict.URL + "/private/x", strict.URL + "/guide.pdf", starOnly.URL + "/cart/1"} {
		if f := found[u]; f.Verdict != Unchecked || !strings.Contains(f.Why, "/robots.txt disallows") {
			t.Errorf("%s: %v %q, want unchecked, robots.txt disallowing it", u, f.Verdict, f.Why)
		}
	}
	if n := robotsAsked.Load(); n != 1 {
		t.Errorf("robots.txt asked %d times for one host, want once", n)
	}
	pdfs := 0
	for _, req := range append(strict.asked(), starOnly.asked()...) {
		if strings.Contains(req, "/private/x") || strings.Contains(req, "/cart") {
			t.Errorf("asked %s, which robots.txt disallows", req)
		}
		if strings.HasSuffix(req, "/guide.pdf") {
			pdfs++
		}
	}
	if pdfs != 1 {
		t.Errorf("asked for /guide.pdf %d times, want once: for /guide.pdf?v=2 alone", pdfs)
	}
}

// TestProgress: a check reports its progress after each address it asks
// for: how many of how many, and how many failed so far (broken, or
// without an id a link wants).
func TestProgress(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{"/gone": status(404), "/": status(200)})
	c := checker(nil)
	var mu sync.Mutex
	var seen []Progress
	c.Progress = func(p Progress) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, p)
	}
	check(t, c, s.URL+"/a", s.URL+"/b", s.URL+"/gone", s.URL+"/a#x")
	if len(seen) != 3 {
		t.Fatalf("progress %+v, want one report per address asked for (3)", seen)
	}
	for i, p := range seen {
		if p.Checked != i+1 || p.Total != 3 {
			t.Errorf("report %d: %+v, want %d of 3", i, p, i+1)
		}
	}
	if last := seen[2]; last.Failed != 2 {
		t.Errorf("last report %+v, want 2 failed (the 404, and /a without #x)", last)
	}
}

// robots.txt rules as RFC 9309 reads them: the longest matching pattern
// decides, allow winning a tie; * is any characters, a final $ the end;
// a group may name several agents, and kb's own group replaces *'s.
func TestRobotsRules(t *testing.T) {
	rules := parseRobots("User-agent: *\nDisallow: /\n\nuser-agent: other\nuser-agent: kb\nallow: /p\ndisallow: /\nDisallow: /*.php$\nAllow: /fish*.html\nDisallow: /fish\nDisallow:\n", "kb")
	for path, want := range map[string]bool{
		"/p":           true,
		"/page":        true,
		"/":            false,
		"/x":           false,
		"/p/index.php": false,
		"/p/x.php?a=1": true,
		"/fish":        false,
		"/fishes.html": true,
		"/fish/salmon": false,
	} {
		if got, _ := rules.allows(path); got != want {
			t.Errorf("allows(%q) = %v, want %v", path, got, want)
		}
	}
	if got, _ := parseRobots("User-agent: googlebot\nDisallow: /\n", "kb").allows("/x"); !got {
		t.Error("another agent's group applies to kb")
	}
}
