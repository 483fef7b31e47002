package config

import (
	"strings"
	"testing"
)

func TestShortcodesTable(t *testing.T) {
	cfg, ds := Parse([]byte("[shortcodes]\ndef = \"inner\"\ntoc = \"drop\"\n[params]\nsupportEmail = \"help@example.org\"\n"))
	if cfg == nil || len(ds) > 0 {
		t.Fatalf("valid [shortcodes] and [params] rejected: %v", ds)
	}
	if cfg.Shortcodes["def"] != "inner" || cfg.Shortcodes["toc"] != "drop" || cfg.Params["supportEmail"] != "help@example.org" {
		t.Errorf("decoded %v %v", cfg.Shortcodes, cfg.Params)
	}

	cfg, ds = Parse([]byte("title = \"x\"\n[shortcodes]\ndef = \"keep\"\n"))
	if cfg != nil || len(ds) != 1 {
		t.Fatalf("want one error, got %v", ds)
	}
	want := `site.toml:3: [shortcodes] def = "keep": use "inner" (keep its inner text) or "drop" (remove it)`
	if got := ds[0].Error(); !strings.Contains(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
