package config

import "testing"

// A callout name of the site's own is a kind of kb's with its title; any
// other kind is an error at its line.
func TestCallouts(t *testing.T) {
	cfg, ds := Parse([]byte("[callouts.attention]\nkind = \"caution\"\ntitle = \"Attention\"\n"))
	if len(ds) > 0 || cfg.Callouts["attention"] != (Callout{Kind: "caution", Title: "Attention"}) {
		t.Fatalf("[callouts.attention]: %+v, %v", cfg.Callouts, ds)
	}
	_, ds = Parse([]byte("[callouts.attention]\nkind = \"caution\"\ntitle = \"Attention\"\n[callouts.aside]\nkind = \"aside\"\n"))
	if len(ds) != 1 {
		t.Fatalf("[callouts.aside] with a kind kb has not: diagnostics %v", ds)
	}
	if want := `site.toml:4: [callouts.aside] kind = "aside": use one of note, tip, important, warning, caution`; ds[0].Error() != want {
		t.Errorf("got  %s\nwant %s", ds[0].Error(), want)
	}
}
