package extlinks

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// kb reads each host's robots.txt (RFC 9309) once per check and asks for
// no address its rules disallow to kb: such a link is unchecked, never
// broken. A robots.txt that is missing, fails or cannot be reached
// restricts nothing: RFC 9309 has crawlers treat an unreachable one as
// disallowing everything, but kb asks only for the pages its site links
// to, once each, as a reader's click would, and a host that does not
// answer is what the link's own check reports.

// robotsAgent is the product token kb's rules are found under, matched in
// any letter case: "User-agent: kb".
const robotsAgent = "kb"

// Bounds on reading a robots.txt: the 500 KiB that RFC 9309 asks parsers
// to read at least, and a time of its own.
const (
	maxRobotsBytes = 500 << 10
	robotsTimeout  = 10 * time.Second
)

// robotsRules are the rules of one robots.txt that apply to kb; nil
// allows everything.
type robotsRules []robotsRule

type robotsRule struct {
	allow   bool
	pattern string // a path pattern: * for any characters, a final $ for the end
}

// allows reports whether the rules let kb ask for path (with its query):
// the longest pattern that matches decides, an allow winning a tie.
func (rules robotsRules) allows(path string) (ok bool, by robotsRule) {
	best, allowed := -1, true
	for _, r := range rules {
		if len(r.pattern) < best || !robotsMatch(r.pattern, path) {
			continue
		}
		if len(r.pattern) > best || r.allow {
			best, allowed, by = len(r.pattern), r.allow, r
		}
	}
	return allowed, by
}

// robotsMatch reports whether a rule's pattern matches the start of path.
func robotsMatch(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	parts := strings.Split(strings.TrimSuffix(pattern, "$"), "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	rest := path[len(parts[0]):]
	for i, part := range parts[1:] {
		if anchored && i == len(parts)-2 {
			return strings.HasSuffix(rest, part)
		}
		j := strings.Index(rest, part)
		if j < 0 {
			return false
		}
		rest = rest[j+len(part):]
	}
	return !anchored || rest == ""
}

// parseRobots reads the rules of a robots.txt that apply to agent: those
// of the groups naming it, else those of the groups for *.
func parseRobots(text, agent string) robotsRules {
	var own, star robotsRules
	var named, forStar, ownFound bool
	inRules := false // the group's user-agent lines are over
	for line := range strings.Lines(text) {
		line, _, _ = strings.Cut(line, "#")
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key, value = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(value)
		switch key {
		case "user-agent":
			if inRules {
				named, forStar, inRules = false, false, false
			}
			switch {
			case value == "*":
				forStar = true
			case strings.EqualFold(value, agent):
				named, ownFound = true, true
			}
		case "allow", "disallow":
			inRules = true
			if value == "" {
				continue // "Disallow:" disallows nothing
			}
			r := robotsRule{allow: key == "allow", pattern: value}
			if named {
				own = append(own, r)
			}
			if forStar {
				star = append(star, r)
			}
		}
	}
	if ownFound {
		return own
	}
	return star
}

// robotsCache holds each host's rules for one check, read once.
type robotsCache struct {
	mu    sync.Mutex
	hosts map[string]*robotsEntry
}

type robotsEntry struct {
	once  sync.Once
	rules robotsRules
}

// allowed reports whether the robots.txt of u's host lets kb ask for u,
// and when not, why.
func (r *run) allowed(ctx context.Context, u *url.URL) (bool, string) {
	origin := u.Scheme + "://" + strings.ToLower(u.Host)
	r.robots.mu.Lock()
	e := r.robots.hosts[origin]
	if e == nil {
		e = &robotsEntry{}
		r.robots.hosts[origin] = e
	}
	r.robots.mu.Unlock()
	e.once.Do(func() { e.rules = r.readRobots(ctx, origin) })
	target := u.EscapedPath()
	if target == "" {
		target = "/"
	}
	if u.RawQuery != "" {
		target += "?" + u.RawQuery
	}
	ok, by := e.rules.allows(target)
	if ok {
		return true, ""
	}
	return false, origin + "/robots.txt disallows link checkers named " + robotsAgent + " or * from " + by.pattern
}

// readRobots fetches and parses origin's robots.txt, following redirects
// on the same host; nil when there is none to read.
func (r *run) readRobots(ctx context.Context, origin string) robotsRules {
	release, err := r.lim.acquire(ctx, strings.TrimPrefix(strings.TrimPrefix(origin, "https://"), "http://"))
	if err != nil {
		return nil
	}
	defer release()
	ctx, cancel := context.WithTimeout(ctx, min(r.timeout(), robotsTimeout))
	defer cancel()
	addr := origin + "/robots.txt"
	for range 5 {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, addr, nil)
		if err != nil {
			return nil
		}
		req.Header.Set("User-Agent", r.userAgent())
		resp, err := r.client.Do(req)
		if err != nil {
			return nil
		}
		text, err := io.ReadAll(io.LimitReader(resp.Body, maxRobotsBytes))
		resp.Body.Close()
		switch {
		case isRedirect(resp.StatusCode):
			next, err := req.URL.Parse(resp.Header.Get("Location"))
			if err != nil || !strings.EqualFold(next.Host, req.URL.Host) {
				return nil
			}
			addr = next.String()
			continue
		case err != nil, resp.StatusCode/100 != 2:
			return nil
		}
		return parseRobots(string(text), robotsAgent)
	}
	return nil
}
