package builder

import (
	"context"
	"os"
	"testing"

	"kb/builder/config"
	"kb/builder/content"
	"kb/builder/diag"
	"kb/builder/locale"
)

// BenchmarkRelated computes the related articles of every page of
// $KB_BENCH_SITE (else the sample site): the whole cost the feature adds to
// a build, once per language.
func BenchmarkRelated(b *testing.B) {
	dir := os.Getenv("KB_BENCH_SITE")
	if dir == "" {
		dir = ".."
	}
	fsys := os.DirFS(dir)
	cfg, ds := config.Load(fsys)
	if cfg == nil {
		b.Fatal(ds)
	}
	var list diag.List
	pages := content.Load(context.Background(), fsys, cfg, &list)
	catalog, _ := locale.NewCatalog(cfg.Order)
	s := newSite(cfg, pages, catalog, &list)
	b.ResetTimer()
	for b.Loop() {
		s.relate(&diag.List{})
	}
	b.ReportMetric(float64(len(pages)), "pages")
}
