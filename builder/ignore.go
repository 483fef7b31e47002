package builder

import (
	"context"

	"kb/builder/config"
	"kb/builder/diag"
)

// Build reads and renders the whole site and swaps the new output in
// atomically. Warnings of the kinds the site ignores ([build] ignore) are
// left out of the result.
func (s *Session) Build(ctx context.Context) (Result, error) {
	res, err := s.lockedBuild(ctx)
	return s.silence(res), err
}

// Rebuild brings the output up to date after the given files changed
// (absolute or site-relative paths). Content edits re-render only what they
// affect; a change to site.toml, the theme, i18n or static/ rebuilds
// everything. On content errors nothing is written and the last good
// output stays. The browser (static) search index of the changed languages
// is refreshed in the background: Wait for it before reading it.
func (s *Session) Rebuild(ctx context.Context, changed []string) (Result, error) {
	res, err := s.rebuild(ctx, changed)
	return s.silence(res), err
}

// silence drops the warnings of ignored kinds; errors always stay.
func (s *Session) silence(res Result) Result {
	cfg := s.cfg
	if cfg == nil { // an up-to-date build reads no configuration
		cfg, _ = config.Load(s.siteFS)
	}
	if cfg == nil || len(cfg.Build.Ignore) == 0 {
		return res
	}
	kept := make([]diag.Diagnostic, 0, len(res.Diagnostics))
	for _, d := range res.Diagnostics {
		if d.Severity == diag.Warning && cfg.Ignores(d.Kind) {
			continue
		}
		kept = append(kept, d)
	}
	res.Diagnostics = kept
	return res
}
