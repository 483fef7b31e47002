package main

import (
	"strings"
	"testing"
)

func TestSearchTrustProxyFlag(t *testing.T) {
	for _, arg := range []string{"--trust-proxy=nonsense", "--trust-proxy=10.0.0.0/99", "--trust-proxy=-1"} {
		code, _, errOut := runKB(t, "search", "--index", t.TempDir(), arg)
		if code != exitUsage || !strings.Contains(errOut, "trust-proxy") {
			t.Errorf("%s: exit %d, %q; want a usage error naming the flag", arg, code, errOut)
		}
	}
	var f trustFlag
	for in, want := range map[string]string{"true": "1", "2": "2", "10.0.0.0/8,192.0.2.7": "10.0.0.0/8,192.0.2.7/32"} {
		if err := f.Set(in); err != nil || f.String() != want {
			t.Errorf("--trust-proxy=%s: %v, %v; want %s", in, f.String(), err, want)
		}
	}
}
