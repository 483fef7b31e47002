package devserver

import (
	"net"
	"net/netip"
	"strings"
)

// isLoopbackAddr reports whether a listen address binds loopback only:
// localhost or a loopback IP. An empty host binds every interface.
func isLoopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	return host != "" && isLoopbackName(host)
}

// isLoopbackHost reports whether a Host header names this machine by a
// loopback name, with or without a port.
func isLoopbackHost(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	return isLoopbackName(host)
}

// isLoopbackName: localhost and its subdomains (which browsers resolve to
// loopback themselves, RFC 6761) and loopback IPs.
func isLoopbackName(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}
