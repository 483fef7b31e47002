package extlinks

import (
	"cmp"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// maxRedirects is how many redirects a check follows, as browsers do
// (Chrome stops at 20, curl at 50; help pages rarely need more than 3).
const maxRedirects = 10

// accept asks for what a browser asks for: some servers answer 406 or a
// bot page to a client that accepts anything.
const accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

// run is one Check's shared state: the client and the request slots.
type run struct {
	*Checker
	client *http.Client
	lim    *limiter
	robots robotsCache
}

func (c *Checker) start() *run {
	t := c.Transport
	if t == nil {
		t = http.DefaultTransport.(*http.Transport).Clone()
	}
	return &run{
		Checker: c,
		// No Jar: no cookies are kept. Redirects are followed by visit,
		// which needs to see each one.
		client: &http.Client{Transport: t, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		lim:    newLimiter(cmp.Or(c.Jobs, 8), cmp.Or(c.PerHost, 2)),
		robots: robotsCache{hosts: map[string]*robotsEntry{}},
	}
}

// page is what a check found at an address without its fragment.
type page struct {
	verdict Verdict
	why     string
	newURL  string          // the address permanent redirects lead to
	ids     map[string]bool // the wanted ids found; nil when not looked for
	partial bool            // the page was read only up to maxPageBytes
	// answered says a server reached by a name DNS resolved answered
	// (whatever it said), which shows this machine has DNS; noHost that
	// DNS knows no such host.
	answered, noHost bool
}

// judge sets the verdict on one address of the page, by its fragment.
func (p page) judge(f *Finding) {
	f.Verdict, f.Why = p.verdict, p.why
	if p.verdict == Moved {
		f.NewURL = p.newURL
		if _, frag, ok := strings.Cut(f.URL, "#"); ok {
			f.NewURL += "#" + frag
		}
	}
	if p.verdict != OK && p.verdict != Moved || p.ids == nil {
		return
	}
	frag := fragment(f.URL)
	if !checkable(frag) || p.ids[frag] || p.ids["user-content-"+frag] {
		return
	}
	if p.partial {
		f.Verdict, f.Why = Unchecked, fmt.Sprintf("no id %q in the first %d MiB of the page, and kb reads no further", frag, maxPageBytes>>20)
		return
	}
	f.Verdict, f.Why = MissingAnchor, fmt.Sprintf("the page has no id %q", frag)
}

// fragment is the decoded #fragment of an address.
func fragment(addr string) string {
	_, frag, _ := strings.Cut(addr, "#")
	if d, err := url.PathUnescape(frag); err == nil {
		return d
	}
	return frag
}

// checkable reports whether a fragment names an element: not empty, not
// #top (which browsers always honour), not a route of a single-page app
// (#/orders, #!/orders) or a text fragment (#:~:text=), not parameters.
func checkable(frag string) bool {
	return frag != "" && !strings.EqualFold(frag, "top") && !strings.HasPrefix(frag, "/") && !strings.HasPrefix(frag, "!") &&
		!strings.Contains(frag, ":~:") && !strings.Contains(frag, "=")
}

// visit checks one address, following its redirects; want lists the ids
// its links' fragments name, which makes it read the page.
func (r *run) visit(ctx context.Context, addr string, want []string) page {
	cur, newURL, permanent := addr, "", true
	seen := map[string]bool{}
	answered := false
	failed := func(err error) page {
		v, why := r.describe(err)
		var dns *net.DNSError
		return page{verdict: v, why: why, answered: answered, noHost: errors.As(err, &dns) && dns.IsNotFound}
	}
	for hops := 0; ; hops++ {
		if seen[cur] {
			return page{verdict: Broken, why: "redirect loop: " + cur + " redirects back to an address before it"}
		}
		if hops > maxRedirects {
			return page{verdict: Broken, why: fmt.Sprintf("more than %d redirects", maxRedirects)}
		}
		seen[cur] = true
		u, err := url.Parse(cur)
		if err != nil || u.Host == "" {
			return page{verdict: Broken, why: "not a valid address"}
		}
		if u.Scheme != "http" && u.Scheme != "https" {
			return page{verdict: Unchecked, why: "redirects to " + cur + ", which is not a web address"}
		}
		if err := r.refusePrivate(ctx, u); err != nil {
			return failed(err)
		}
		if ok, why := r.allowed(ctx, u); !ok {
			return page{verdict: Unchecked, why: why, answered: answered}
		}
		a := r.ask(ctx, u, want)
		if a.err != nil {
			return failed(a.err)
		}
		answered = answered || resolvedByDNS(u)
		if isRedirect(a.status) && a.location != "" {
			next, err := u.Parse(a.location)
			if err != nil {
				return page{verdict: Broken, why: fmt.Sprintf("%s to an invalid address %q", statusText(a.status), a.location)}
			}
			next.Fragment, next.RawFragment = "", ""
			if permanent && (a.status == http.StatusMovedPermanently || a.status == http.StatusPermanentRedirect) {
				newURL = next.String()
			} else {
				permanent = false
			}
			cur = next.String()
			continue
		}
		p := page{ids: a.ids, partial: a.partial, answered: answered}
		p.verdict, p.why = a.verdict()
		if p.verdict == OK && newURL != "" {
			p.verdict, p.newURL = Moved, newURL
		}
		if p.verdict == Broken && hops > 0 {
			p.why += " (redirected to " + cur + ")"
		}
		return p
	}
}

func isRedirect(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// answer is what one address answered, after retries.
type answer struct {
	status     int
	header     http.Header
	location   string
	ids        map[string]bool
	partial    bool
	err        error
	tries      int
	retryAfter time.Duration // the wait the server asked for, when longer than MaxWait
}

// verdict reads an answer's status. Sites that refuse robots (LinkedIn's
// 999, a 403, a bot challenge) or want a login cannot be checked, which is
// not the link's fault.
func (a answer) verdict() (Verdict, string) {
	text := statusText(a.status)
	if a.tries > 1 {
		text += fmt.Sprintf(" (%d tries)", a.tries)
	}
	switch code := a.status; {
	case code >= 200 && code < 300:
		return OK, ""
	case code == http.StatusUnauthorized:
		return Unchecked, text + ": the page asks for a login"
	case code == http.StatusForbidden || code == 999:
		return Unchecked, text + ": the site refuses link checkers"
	case code == http.StatusTooManyRequests && a.retryAfter > 0:
		return Unchecked, fmt.Sprintf("%s: the site asked to wait %s before asking again", text, a.retryAfter)
	case code == http.StatusTooManyRequests:
		return Unchecked, text + ": the site asked kb to slow down"
	case code == http.StatusServiceUnavailable && a.header.Get("Cf-Mitigated") != "":
		return Unchecked, text + ": the site shows link checkers a challenge"
	case code >= 400:
		return Broken, text
	}
	return Unchecked, text + ": an answer kb does not expect"
}

func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return strconv.Itoa(code)
}

// ask requests an address: HEAD, or GET when the page is to be read or
// the server refuses HEAD; again, after a wait, while it answers 429 or
// 5xx or nothing in time.
func (r *run) ask(ctx context.Context, u *url.URL, want []string) answer {
	method := http.MethodHead
	if len(want) > 0 {
		method = http.MethodGet
	}
	retries := r.Retries
	if retries == 0 {
		retries = 2
	}
	for try := 1; ; try++ {
		a := r.request(ctx, method, u, want)
		if method == http.MethodHead && a.err == nil && refusesHead(a.status) {
			method = http.MethodGet
			a = r.request(ctx, method, u, want)
		}
		a.tries = try
		if try > retries || !retryable(a) || ctx.Err() != nil {
			return a
		}
		wait := backoff(try, a.header)
		if wait > cmp.Or(r.MaxWait, 30*time.Second) {
			a.retryAfter = wait
			return a
		}
		if err := r.sleep(ctx, wait); err != nil {
			return a
		}
	}
}

// refusesHead: servers answer HEAD with these when they only serve GET.
func refusesHead(code int) bool {
	return code == http.StatusMethodNotAllowed || code == http.StatusForbidden || code == http.StatusNotImplemented || code == http.StatusBadRequest
}

func retryable(a answer) bool {
	if a.err != nil {
		return isTimeout(a.err)
	}
	return a.status == http.StatusTooManyRequests || a.status >= 500 && a.status < 600 && a.status != http.StatusNotImplemented && a.status != http.StatusHTTPVersionNotSupported
}

// backoff is the wait before try+1: the server's Retry-After (seconds or
// a date) when it says one, else 1s, 2s, 4s...
func backoff(try int, h http.Header) time.Duration {
	if v := h.Get("Retry-After"); v != "" {
		if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s >= 0 {
			return time.Duration(s) * time.Second
		}
		if t, err := http.ParseTime(v); err == nil {
			return max(time.Until(t).Round(time.Second), 0)
		}
	}
	return time.Second << (try - 1)
}

func (r *run) sleep(ctx context.Context, d time.Duration) error {
	if r.Sleep != nil {
		return r.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// request makes one request within the Timeout, holding a slot of the
// host's and one of all; it reads the body only to find wanted ids.
func (r *run) request(ctx context.Context, method string, u *url.URL, want []string) answer {
	release, err := r.lim.acquire(ctx, strings.ToLower(u.Host))
	if err != nil {
		return answer{err: err}
	}
	defer release()
	ctx, cancel := context.WithTimeout(ctx, r.timeout())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
	if err != nil {
		return answer{err: err}
	}
	req.Header.Set("User-Agent", r.userAgent())
	req.Header.Set("Accept", accept)
	resp, err := r.client.Do(req)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	a := answer{status: resp.StatusCode, header: resp.Header, location: resp.Header.Get("Location")}
	if method == http.MethodGet && len(want) > 0 && resp.StatusCode/100 == 2 && isHTML(resp.Header.Get("Content-Type")) {
		a.ids, a.partial, a.err = findIDs(resp.Body, want)
	}
	// A little of what is left lets the connection serve the next request.
	_, _ = io.CopyN(io.Discard, resp.Body, 16<<10)
	return a
}

func (r *run) userAgent() string { return cmp.Or(r.UserAgent, "kb-link-checker") }

func (r *run) timeout() time.Duration { return cmp.Or(r.Timeout, 15*time.Second) }

func isHTML(contentType string) bool {
	if contentType == "" {
		return true // unlabelled: look
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// describe says what a failed request means for the link.
func (r *run) describe(err error) (Verdict, string) {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var dns *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var header tls.RecordHeaderError
	var alert tls.AlertError
	switch {
	case errors.As(err, &dns) && dns.IsNotFound:
		return Broken, "no such host: " + dns.Name + " is not in DNS"
	case errors.As(err, &dns):
		return Unchecked, "DNS lookup of " + dns.Name + " failed: " + dns.Err
	case isTimeout(err):
		return Broken, fmt.Sprintf("no answer within %s", r.timeout())
	case errors.As(err, &certErr):
		return Broken, "TLS: " + certErr.Err.Error()
	case errors.As(err, &unknownAuthority), errors.As(err, &hostname), errors.As(err, &invalid),
		errors.As(err, &header), errors.As(err, &alert):
		return Broken, "TLS: " + err.Error()
	case errors.Is(err, syscall.ECONNREFUSED):
		return Broken, "connection refused"
	case errors.Is(err, context.Canceled):
		return Unchecked, "the check was stopped"
	case errors.As(err, new(errPrivate)):
		return Unchecked, err.Error()
	}
	return Unchecked, err.Error()
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// errPrivate is an address on loopback, a private network or a
// link-local one, which is not checked without AllowPrivate (see there).
type errPrivate struct {
	host string
	addr netip.Addr
}

func (e errPrivate) Error() string {
	return fmt.Sprintf("%s is a private or local address (%s), a different machine for each reader; kb check --external-private checks it", e.host, e.addr)
}

// refusePrivate refuses an address on a private network unless
// AllowPrivate. With a proxy the proxy decides where the address leads.
func (r *run) refusePrivate(ctx context.Context, u *url.URL) error {
	if r.AllowPrivate {
		return nil
	}
	if r.Transport == nil {
		if proxy, _ := http.ProxyFromEnvironment(&http.Request{URL: u}); proxy != nil {
			return nil
		}
	}
	host := u.Hostname()
	addrs := []netip.Addr{}
	if ip, err := netip.ParseAddr(host); err == nil {
		addrs = append(addrs, ip)
	} else {
		found, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
		if err != nil {
			return err
		}
		addrs = found
	}
	if i := slices.IndexFunc(addrs, private); i >= 0 {
		return errPrivate{host: host, addr: addrs[i].Unmap()}
	}
	return nil
}

// resolvedByDNS reports whether reaching u took a DNS lookup: not for an
// address written as an IP (a router's 192.168.0.1) or localhost, which
// answer on a machine that is offline too.
func resolvedByDNS(u *url.URL) bool {
	host := strings.ToLower(u.Hostname())
	if _, err := netip.ParseAddr(host); err == nil {
		return false
	}
	return host != "localhost" && !strings.HasSuffix(host, ".localhost")
}

func private(a netip.Addr) bool {
	a = a.Unmap()
	return a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsUnspecified() || a.IsMulticast() ||
		netip.MustParsePrefix("100.64.0.0/10").Contains(a) // carrier-grade NAT
}

// limiter bounds the requests in flight: all of them, and to each host.
type limiter struct {
	all     chan struct{}
	perHost int
	mu      sync.Mutex
	hosts   map[string]chan struct{}
}

func newLimiter(all, perHost int) *limiter {
	return &limiter{all: make(chan struct{}, all), perHost: perHost, hosts: map[string]chan struct{}{}}
}

// acquire waits for a slot of the host's, then one of all (in that order,
// so that no request holds one of all while it waits for its host).
func (l *limiter) acquire(ctx context.Context, host string) (release func(), err error) {
	l.mu.Lock()
	h := l.hosts[host]
	if h == nil {
		h = make(chan struct{}, l.perHost)
		l.hosts[host] = h
	}
	l.mu.Unlock()
	select {
	case h <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case l.all <- struct{}{}:
	case <-ctx.Done():
		<-h
		return nil, ctx.Err()
	}
	return func() { <-l.all; <-h }, nil
}
