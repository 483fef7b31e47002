package builder_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"testing"
	"time"

	"kb/builder"
	"kb/themes"
)

// benchSite is the site benchmarks build: $KB_BENCH_SITE (a corpus from
// ../shared/bench/gencorpus with a site.toml, see bench/run), else the
// repository's sample site.
func benchSite(b *testing.B) string {
	if dir := os.Getenv("KB_BENCH_SITE"); dir != "" {
		return dir
	}
	return filepath.Join("..")
}

func benchOptions(b *testing.B, site string) builder.Options {
	return builder.Options{SiteDir: site, Out: filepath.Join(b.TempDir(), "public"), IndexDir: filepath.Join(b.TempDir(), "idx"), Theme: themes.Default()}
}

// BenchmarkBuild is a full build into a fresh output folder: HTML, the
// static index and the server index. peak-live-MB is the largest live heap
// a garbage collection found during a build, what its peak memory follows
// whatever GOGC and GOMEMLIMIT say.
func BenchmarkBuild(b *testing.B) {
	// A copy: a build keeps its cache in <site>/.kb, which would make the
	// next round a cached build and write into $KB_BENCH_SITE.
	site := b.TempDir()
	checkout(b, benchSite(b), site)
	for b.Loop() {
		b.StopTimer()
		if err := os.RemoveAll(filepath.Join(site, ".kb")); err != nil {
			b.Fatal(err)
		}
		opts := benchOptions(b, site)
		runtime.GC()
		peak := watchLiveHeap()
		b.StartTimer()
		res, err := builder.Build(context.Background(), opts)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(peak())/(1<<20), "peak-live-MB")
		b.ReportMetric(float64(res.Pages), "pages")
		prev := time.Duration(0)
		for _, p := range res.Phases {
			b.ReportMetric((p.Took - prev).Seconds(), p.Name+"-s")
			prev = p.Took
		}
	}
}

// watchLiveHeap samples the live heap (as of the last garbage collection)
// until the returned function is called, which returns the largest seen.
func watchLiveHeap() (stop func() uint64) {
	done := make(chan struct{})
	result := make(chan uint64)
	go func() {
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var peak uint64
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-done:
				result <- peak
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		return <-result
	}
}

// BenchmarkRebuildOneEdit is kb serve's work after a writer saves one
// article: re-read it, re-render what it affects, write, update the server
// index (the static index refresh runs after, in the background).
func BenchmarkRebuildOneEdit(b *testing.B) {
	site := copyForEdit(b)
	s := builder.NewSession(benchOptions(b, site))
	if _, err := s.Build(context.Background()); err != nil {
		b.Fatal(err)
	}
	file := findArticle(b, site)
	orig, _ := os.ReadFile(file)
	i := 0
	var took []time.Duration
	defer func() {
		if len(took) > 0 {
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "median-ms")
			b.ReportMetric(float64(took[len(took)-1].Microseconds())/1000, "max-ms")
		}
	}()
	for b.Loop() {
		i++
		b.StopTimer()
		s.Wait()
		os.WriteFile(file, fmt.Appendf(append([]byte{}, orig...), "\nEdit number %d.\n", i), 0o644)
		b.StartTimer()
		res, err := s.Rebuild(context.Background(), []string{file})
		if err != nil {
			b.Fatal(err)
		}
		took = append(took, res.Duration)
		b.ReportMetric(float64(res.Pages), "pages")
		for _, p := range res.Phases {
			b.ReportMetric(float64(p.Took.Microseconds())/1000, p.Name+"-ms")
		}
	}
	b.StopTimer()
	s.Wait()
}

// BenchmarkRebuildNoop is a rebuild after an event that changed nothing.
func BenchmarkRebuildNoop(b *testing.B) {
	site := copyForEdit(b)
	s := builder.NewSession(benchOptions(b, site))
	if _, err := s.Build(context.Background()); err != nil {
		b.Fatal(err)
	}
	file := findArticle(b, site)
	for b.Loop() {
		res, err := s.Rebuild(context.Background(), []string{file})
		if err != nil {
			b.Fatal(err)
		}
		if res.Written != 0 {
			b.Fatalf("no-op rebuild wrote %d files", res.Written)
		}
	}
}

// copyForEdit returns a site the benchmark may edit: a copy of the sample
// site, or $KB_BENCH_SITE itself (a generated corpus).
func copyForEdit(b *testing.B) string {
	if dir := os.Getenv("KB_BENCH_SITE"); dir != "" {
		return dir
	}
	dir := b.TempDir()
	checkout(b, benchSite(b), dir)
	return dir
}

func findArticle(b *testing.B, site string) string {
	var found string
	filepath.WalkDir(filepath.Join(site, "content", "en"), func(p string, d os.DirEntry, err error) error {
		if found == "" && err == nil && !d.IsDir() && filepath.Base(p) != "_index.md" {
			found = p
		}
		return nil
	})
	if found == "" {
		b.Fatal("no article to edit")
	}
	return found
}

// BenchmarkCachedBuild is a CI job's build (DESIGN.md §10, the cached CI
// rebuild): a fresh copy of the site, every file new, with .kb/cache,
// .kb/search and public/ restored from a full build with their times, as
// a CI cache's archive restores them, ten articles changed, built in
// place. With -benchmem, its bytes allocated are most of the fresh memory
// the build touches; peak-live-MB is as in BenchmarkBuild.
func BenchmarkCachedBuild(b *testing.B) {
	src := benchSite(b)
	full := b.TempDir()
	checkout(b, src, full)
	if _, err := builder.Build(context.Background(), builder.Options{SiteDir: full, Theme: themes.Default()}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		b.StopTimer()
		site := b.TempDir()
		checkout(b, src, site)
		for _, d := range []string{".kb/cache", ".kb/search", "public"} {
			if err := restoreTree(filepath.Join(site, d), filepath.Join(full, d)); err != nil {
				b.Fatal(err)
			}
		}
		changeArticles(b, site, 10)
		runtime.GC()
		peak := watchLiveHeap()
		b.StartTimer()
		res, err := builder.Build(context.Background(), builder.Options{SiteDir: site, InPlace: true, Theme: themes.Default()})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		b.ReportMetric(float64(peak())/(1<<20), "peak-live-MB")
		b.ReportMetric(float64(res.Written), "written")
		os.RemoveAll(site)
		b.StartTimer()
	}
}

// checkout copies what the site at src is built from, not a build of it,
// to dst, as a fresh checkout has it: every file new.
func checkout(b *testing.B, src, dst string) {
	for _, dir := range []string{"content", "static"} {
		if _, err := os.Stat(filepath.Join(src, dir)); err == nil {
			if err := os.CopyFS(filepath.Join(dst, dir), os.DirFS(filepath.Join(src, dir))); err != nil {
				b.Fatal(err)
			}
		}
	}
	data, err := os.ReadFile(filepath.Join(src, "site.toml"))
	if err == nil {
		err = os.WriteFile(filepath.Join(dst, "site.toml"), data, 0o644)
	}
	if err != nil {
		b.Fatal(err)
	}
}

// restoreTree copies the folder src to dst with each file's modification
// time, as a CI cache's archive restores it (os.CopyFS gives new times).
func restoreTree(dst, src string) error {
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		data, err := os.ReadFile(p)
		if err == nil {
			err = os.WriteFile(to, data, 0o644)
		}
		var info os.FileInfo
		if err == nil {
			info, err = d.Info()
		}
		if err == nil {
			err = os.Chtimes(to, info.ModTime(), info.ModTime())
		}
		return err
	})
}

// changeArticles appends a sentence to n articles spread over the site's
// content (all of them when it has fewer).
func changeArticles(b *testing.B, site string, n int) {
	var articles []string
	filepath.WalkDir(filepath.Join(site, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".md" && filepath.Base(p) != "_index.md" {
			articles = append(articles, p)
		}
		return nil
	})
	slices.Sort(articles)
	n = min(n, len(articles))
	for i := range n {
		f := articles[i*len(articles)/n]
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(f, fmt.Appendf(data, "\nThis sentence was added for the cached build benchmark (%d).\n", i), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}
