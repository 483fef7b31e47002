package server

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
)

// ProxyTrust says which X-Forwarded-For entries the server believes. Each
// proxy appends the address it received the request from, so the entries are
// only as trustworthy as the hop that wrote them: everything left of the
// first untrusted hop is whatever the client chose to send.
//
// The zero value trusts no proxy: the client is the connection's address.
type ProxyTrust struct {
	// Hops is the number of proxies in front of the server (a CDN and a
	// load balancer make 2): the client is the Hops-th entry from the right.
	Hops int
	// Ranges are the addresses of trusted proxies: the client is the first
	// address from the right, starting with the connection's, outside them.
	Ranges []netip.Prefix
}

// ParseProxyTrust reads the --trust-proxy setting: "" or "false" for none,
// "true" for one proxy (the entry the load balancer appended), a number of
// proxies, or comma-separated CIDR ranges or addresses of trusted proxies
// ("10.0.0.0/8,2001:db8::/32").
func ParseProxyTrust(s string) (ProxyTrust, error) {
	s = strings.TrimSpace(s)
	switch s {
	case "", "false":
		return ProxyTrust{}, nil
	case "true":
		return ProxyTrust{Hops: 1}, nil
	}
	if n, err := strconv.Atoi(s); err == nil {
		if n < 0 {
			return ProxyTrust{}, errors.New("the number of proxies must not be negative")
		}
		return ProxyTrust{Hops: n}, nil
	}
	var t ProxyTrust
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		p, err := netip.ParsePrefix(part)
		if err != nil {
			a, aerr := netip.ParseAddr(part)
			if aerr != nil {
				return ProxyTrust{}, fmt.Errorf("%q is not a CIDR range, an address or a number of proxies", part)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		t.Ranges = append(t.Ranges, p.Masked())
	}
	return t, nil
}

// String is the setting in the form ParseProxyTrust reads.
func (t ProxyTrust) String() string {
	if len(t.Ranges) > 0 {
		parts := make([]string, len(t.Ranges))
		for i, p := range t.Ranges {
			parts[i] = p.String()
		}
		return strings.Join(parts, ",")
	}
	if t.Hops == 0 {
		return "false"
	}
	return strconv.Itoa(t.Hops)
}

func (t ProxyTrust) trusts(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range t.Ranges {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// client is the address of the client that sent r, or an invalid Addr when
// even the connection's address does not parse.
func (t ProxyTrust) client(r *http.Request) netip.Addr {
	peer := remoteAddr(r)
	switch {
	case len(t.Ranges) > 0:
		if !peer.IsValid() || !t.trusts(peer) {
			return peer
		}
		hops := forwardedFor(r)
		client := peer
		for i := len(hops) - 1; i >= 0; i-- {
			a, err := parseHop(hops[i])
			if err != nil {
				return client // a proxy we trust would not write garbage
			}
			client = a
			if !t.trusts(a) {
				return a
			}
		}
		return client
	case t.Hops > 0:
		hops := forwardedFor(r)
		if len(hops) == 0 {
			return peer
		}
		// Fewer entries than proxies: the request skipped one; the
		// leftmost is the best there is.
		if a, err := parseHop(hops[max(0, len(hops)-t.Hops)]); err == nil {
			return a
		}
	}
	return peer
}

// forwardedFor is the X-Forwarded-For entries of r, from every header line,
// left to right.
func forwardedFor(r *http.Request) []string {
	var hops []string
	for _, line := range r.Header.Values("X-Forwarded-For") {
		for h := range strings.SplitSeq(line, ",") {
			if h = strings.TrimSpace(h); h != "" {
				hops = append(hops, h)
			}
		}
	}
	return hops
}

// parseHop reads the address of an X-Forwarded-For entry: an address alone,
// or with a port as some proxies write it ("198.51.100.1:1111",
// "[2001:db8::1]:443", as Azure Application Gateway sends), also in the
// quoted form of the Forwarded header (for="[2001:db8::1]:443").
func parseHop(h string) (netip.Addr, error) {
	if k, v, ok := strings.Cut(h, "="); ok && strings.EqualFold(strings.TrimSpace(k), "for") {
		h = strings.TrimSpace(v)
	}
	if len(h) >= 2 && h[0] == '"' && h[len(h)-1] == '"' {
		h = h[1 : len(h)-1]
	}
	if a, err := netip.ParseAddr(h); err == nil {
		return a, nil
	}
	if ap, err := netip.ParseAddrPort(h); err == nil {
		return ap.Addr(), nil
	}
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		return netip.ParseAddr(h[1 : len(h)-1])
	}
	return netip.Addr{}, fmt.Errorf("%q is not an address", h)
}

func remoteAddr(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a
}
