package builder

import (
	"context"
	"os"
	"runtime"
	"slices"
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
	s, pages := siteModel(b, dir)
	b.ResetTimer()
	for b.Loop() {
		s.relate(&diag.List{})
	}
	b.ReportMetric(float64(pages), "pages")
}

// siteModel loads the site in dir and makes its model (related articles
// included), and says how many pages it has.
func siteModel(tb testing.TB, dir string) (*site, int) {
	fsys := os.DirFS(dir)
	cfg, ds := config.Load(fsys)
	if cfg == nil {
		tb.Fatal(ds)
	}
	var list diag.List
	pages := content.Load(context.Background(), fsys, cfg, &list)
	catalog, _ := locale.NewCatalog(cfg.Order)
	return newSite(cfg, pages, catalog, &list), len(pages)
}

// Related articles are worked out on every core, a block of pages at a
// time: the lists are the same however many cores there are, and pages
// sharing tags and words find each other.
func TestRelatedTopsOnAnyNumberOfCores(t *testing.T) {
	s, _ := siteModel(t, "..")
	// Many more pages than a block, from the sample site's own.
	var own []*page
	for _, p := range s.byCode["en"].pages {
		if relatable(p) {
			own = append(own, p)
		}
	}
	if len(own) < 10 {
		t.Fatalf("the sample site has %d English articles to relate", len(own))
	}
	var docs []*page
	for len(docs) < 3*relatedBlock {
		docs = append(docs, own...)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	one := relatedTops("en", docs)
	runtime.GOMAXPROCS(4)
	four := relatedTops("en", docs)
	found := 0
	for i := range docs {
		if !slices.Equal(one[i], four[i]) {
			t.Fatalf("page %d (%s): related %v on one core, %v on four", i, docs[i].url, one[i], four[i])
		}
		found += len(one[i])
	}
	if found < len(docs) {
		t.Errorf("%d related articles for %d pages: the lists are nearly empty", found, len(docs))
	}
}
