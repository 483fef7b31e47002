// Package extlinks checks the links a site makes to other sites (kb check
// --external): each distinct address once, politely, with the answers kept
// for a while in a cache so that CI runs stay fast.
package extlinks

import (
	"cmp"
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Use is one place a page links to another site.
type Use struct {
	URL       string
	File      string
	Line, Col int
}

// Verdict is what a check found out about an address.
type Verdict int

const (
	// OK: the address answers with a page (and has the #fragment's id).
	OK Verdict = iota
	// Moved: the address redirects permanently (301, 308); NewURL is
	// where to, so the writer can update the link.
	Moved
	// Broken: a reader following the link finds nothing there.
	Broken
	// MissingAnchor: the page is there but has no element with the
	// link's #fragment as its id, so the reader lands at its top.
	MissingAnchor
	// Unchecked: kb could not tell (the site refuses link checkers, asks
	// for a login, or the network failed); never the writer's to fix.
	Unchecked
)

// Finding is the verdict on one address, with every place linking to it.
type Finding struct {
	URL     string
	Verdict Verdict
	Why     string // what was found, like "404 Not Found"; "" when OK
	NewURL  string // Moved: the address it moved to
	Uses    []Use
}

// Checker checks addresses. The zero value is ready to use; the fields
// tune it and tests inject their HTTP servers through them.
type Checker struct {
	// Transport makes the requests; nil for one like http.DefaultTransport's
	// (proxy from the environment), without cookies.
	Transport http.RoundTripper
	// AllowPrivate checks addresses on loopback and private networks too.
	// Off by default: a help center's link to http://192.168.0.1 or
	// localhost means a different machine to every reader, so what the
	// checking machine finds there says nothing about the link.
	AllowPrivate bool
	// UserAgent names the checker to the sites it asks.
	UserAgent string
	// Timeout bounds each request, body included; default 15s.
	Timeout time.Duration
	// Jobs is how many requests run at once overall, default 8; PerHost
	// how many to one host, default 2.
	Jobs, PerHost int
	// Retries is how many times a request answered 429, 5xx or nothing in
	// time is tried again, default 2, with backoff: the server's
	// Retry-After when it says one, up to MaxWait (default 30s).
	Retries int
	MaxWait time.Duration
	// Ignore holds patterns of addresses not to check: whole URLs where *
	// stands for any characters.
	Ignore []string
	// Cache, when set, answers for addresses checked recently and keeps
	// the new answers.
	Cache *Cache
	// Sleep waits between tries; nil for a timer. Tests record the waits.
	Sleep func(ctx context.Context, d time.Duration) error
	// Progress, when set, hears after each address asked for how far the
	// check is, one call at a time; the cache's answers are not counted.
	Progress func(Progress)
}

// Progress is how far a check is: addresses asked for of those to ask
// for, and how many of them failed so far (broken, or without an id a
// link wants).
type Progress struct {
	Checked, Total, Failed int
}

// Check checks every distinct address of uses (http, https or
// scheme-relative) that no Ignore pattern and
// no reserved placeholder domain (example.com, .test, .invalid) matches,
// and returns one finding per address, sorted by address, OK ones
// included. Addresses that differ only in their #fragment are fetched
// once.
func (c *Checker) Check(ctx context.Context, uses []Use) []Finding {
	byURL := map[string]*Finding{}
	for _, u := range uses {
		addr := absolute(u.URL)
		if c.ignored(addr) {
			continue
		}
		f := byURL[addr]
		if f == nil {
			f = &Finding{URL: addr}
			byURL[addr] = f
		}
		f.Uses = append(f.Uses, u)
	}
	// The addresses to fetch, each with the fragments its links want.
	pages := map[string][]*Finding{}
	for addr, f := range byURL {
		if c.Cache != nil {
			if v, ok := c.Cache.lookup(addr); ok {
				f.Verdict, f.NewURL = v.Verdict, v.NewURL
				continue
			}
		}
		page, _, _ := strings.Cut(addr, "#")
		pages[page] = append(pages[page], f)
	}
	r := c.start()
	var wg sync.WaitGroup
	var mu sync.Mutex
	found := map[string]page{}
	progress := Progress{Total: len(pages)}
	for addr, fs := range pages {
		wg.Go(func() {
			var want []string
			for _, f := range fs {
				if frag := fragment(f.URL); checkable(frag) && !slices.Contains(want, frag) {
					want = append(want, frag)
				}
			}
			p := r.visit(ctx, addr, want)
			mu.Lock()
			defer mu.Unlock()
			found[addr] = p
			if c.Progress != nil {
				progress.Checked++
				if failed(p, fs) {
					progress.Failed++
				}
				c.Progress(progress)
			}
		})
	}
	wg.Wait()
	offline := !slices.ContainsFunc(slices.Collect(maps.Values(found)), func(p page) bool { return p.answered })
	for addr, p := range found {
		if offline && p.noHost {
			// No host found at all is a machine without DNS, not
			// every site gone.
			p.verdict, p.why = Unchecked, "DNS knows none of the hosts linked to, this one included: is this machine offline?"
		}
		for _, f := range pages[addr] {
			p.judge(f)
		}
	}
	out := make([]Finding, 0, len(byURL))
	for _, addr := range slices.Sorted(maps.Keys(byURL)) {
		f := byURL[addr]
		slices.SortFunc(f.Uses, func(a, b Use) int {
			return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
		})
		if c.Cache != nil && (f.Verdict == OK || f.Verdict == Moved) {
			c.Cache.store(addr, f.Verdict, f.NewURL)
		}
		out = append(out, *f)
	}
	return out
}

// failed reports whether what was found at a page fails a link to it:
// the page is broken, or lacks an id a link wants.
func failed(p page, links []*Finding) bool {
	for _, f := range links {
		judged := Finding{URL: f.URL}
		p.judge(&judged)
		if judged.Verdict == Broken || judged.Verdict == MissingAnchor {
			return true
		}
	}
	return false
}

// absolute gives a scheme-relative address the https a reader's browser
// would most likely use on a help center served over https.
func absolute(u string) string {
	if strings.HasPrefix(u, "//") {
		return "https:" + u
	}
	return u
}

// ignored reports addresses not to check: those an Ignore pattern matches
// and those on domains reserved for examples and tests (RFC 2606 and
// 6761), which writers use as placeholders.
func (c *Checker) ignored(addr string) bool {
	for _, p := range c.Ignore {
		if wildcardMatch(p, addr) {
			return true
		}
	}
	u, err := url.Parse(addr)
	if err != nil {
		return false
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	for _, reserved := range []string{"example.com", "example.net", "example.org"} {
		if host == reserved || strings.HasSuffix(host, "."+reserved) {
			return true
		}
	}
	for _, tld := range []string{".example", ".test", ".invalid", ".localhost"} {
		if strings.HasSuffix(host, tld) {
			return true
		}
	}
	return false
}

// wildcardMatch reports whether s matches pattern, where * stands for any
// run of characters (slashes included) and letter case does not matter.
func wildcardMatch(pattern, s string) bool {
	pattern, s = strings.ToLower(pattern), strings.ToLower(s)
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
