package builder

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"kb/builder/content"
	"kb/builder/diag"
	"kb/themes"
)

// BenchmarkRenderPages renders every page of $KB_BENCH_SITE (else the
// sample site) into memory: templates and Markdown, without writing files,
// the page cache or the search indexes.
func BenchmarkRenderPages(b *testing.B) {
	dir := os.Getenv("KB_BENCH_SITE")
	if dir == "" {
		dir = ".."
	}
	s := NewSession(Options{SiteDir: dir, Out: filepath.Join(b.TempDir(), "public"), IndexDir: "-", Theme: themes.Default()})
	var ds diag.List
	if err := s.setup(&ds); err != nil {
		b.Fatal(err, ds.All())
	}
	pages := content.Load(context.Background(), s.siteFS, s.cfg, &ds)
	site := s.newSite(pages, &ds)
	r := s.renderer(site, discard{}, &ds)
	if err := r.prepare(); err != nil {
		b.Fatal(err)
	}
	var all []*page
	for _, ls := range site.langs {
		all = append(all, ls.pages...)
	}
	var size int
	cpu := cpuTime()
	for b.Loop() {
		size = 0
		for _, p := range all {
			var buf bytes.Buffer
			if _, err := r.renderPage(context.Background(), &buf, p); err != nil {
				b.Fatal(err)
			}
			size += buf.Len()
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(len(all)), "pages")
	b.ReportMetric(float64(size)/float64(len(all)), "bytes/page")
}

type discard struct{}

func (discard) Write(string, []byte) error { return nil }
