package builder_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kb/builder"
	"kb/themes"
)

// startServing starts a kb serve session on site, with kb serve's output
// and index folders, and runs its first build. progress gets its lines.
func startServing(t *testing.T, site string, progress *bytes.Buffer) (*builder.Session, builder.Result) {
	t.Helper()
	opts := builder.Options{SiteDir: site, IndexDir: filepath.Join(site, ".kb", "search"), Theme: themes.Default()}
	if progress != nil {
		opts.Progress = progress
	}
	s := builder.NewSession(opts)
	t.Cleanup(s.Close)
	res, err := s.Build(context.Background())
	if err != nil {
		t.Fatalf("first build: %v\n%v", err, res.Diagnostics)
	}
	return s, res
}

// servesCleanBuild checks that site's output and server index are a clean
// build's of its files (a copy without .kb or public), and its
// diagnostics the clean build's. sameID says the server index was built
// or updated by a full build, so it has the clean build's build id too.
func servesCleanBuild(t *testing.T, step, site string, res builder.Result, sameID bool) {
	t.Helper()
	clean := freshCopy(t, site, false)
	cres, err := build(t, clean, filepath.Join(clean, "public"))
	if err != nil {
		t.Fatalf("%s: clean build: %v", step, err)
	}
	if got, want := fmt.Sprint(res.Diagnostics), fmt.Sprint(cres.Diagnostics); got != want {
		t.Errorf("%s: diagnostics\n%s\na clean build's\n%s", step, got, want)
	}
	compareTrees(t, step, filepath.Join(site, "public"), filepath.Join(clean, "public"))
	want, got := filepath.Join(clean, ".kb", "search"), filepath.Join(site, ".kb", "search")
	if sameID {
		sameAnswers(t, want, got)
	} else {
		sameSearchAnswers(t, want, got)
	}
	compareSearch(t, step, got, want)
}

// cacheIndexBytes reads the build cache's index of site.
func cacheIndexBytes(t *testing.T, site string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(site, ".kb", "cache", "index"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestServeStartsFromBuildCache: kb serve started after kb build takes the
// pages that did not change meanwhile from the build cache, as kb build
// does, and serves what a clean build gives: the same files, diagnostics
// and search answers, then after each of a run of edits, creates, renames
// and deletes. Its rebuilds leave the cache as its first build wrote it.
func TestServeStartsFromBuildCache(t *testing.T) {
	site := cacheSite(t)
	total := mustBuild(t, site, filepath.Join(site, "public")).Pages
	write(t, filepath.Join(site, "content/en/orders/o3.md"), "+++\ntitle = \"Order 3\"\n+++\nChanged text.\n")
	write(t, filepath.Join(site, "content/el/account/a5.md"), "+++\ntitle = \"Account el 5\"\nweight = 5\n+++\n## Steps\n\nΆλλο κείμενο.\n")

	s, res := startServing(t, site, nil)
	// Those two pages and the English fallback of o3 in Greek render.
	if want := total - 3; res.CacheHits != want || res.Pages != total {
		t.Errorf("first build: %d of %d pages from the build cache, want %d of %d", res.CacheHits, res.Pages, want, total)
	}
	if res.IndexUpdated != 2 {
		t.Errorf("first build: the server index of %d languages updated, want both", res.IndexUpdated)
	}
	servesCleanBuild(t, "first build", site, res, true)
	written := cacheIndexBytes(t, site)

	rng := rand.New(rand.NewPCG(53, 7))
	steps := 10
	if testing.Short() {
		steps = 4 // go test -race -short in CI
	}
	for step := range steps {
		changed, what := randomEdit(t, rng, site)
		step := fmt.Sprintf("step %d (%s)", step, what)
		t.Log(step)
		res, err := s.Rebuild(context.Background(), changed)
		if err := s.Wait(); err != nil {
			t.Fatal(err)
		}
		if errors.Is(err, builder.ErrContent) {
			// A clean build of these files fails alike.
			clean := freshCopy(t, site, false)
			if _, cerr := build(t, clean, filepath.Join(clean, "public")); !errors.Is(cerr, builder.ErrContent) {
				t.Fatalf("%s: the rebuild failed (%v), a clean build did not (%v)", step, res.Diagnostics, cerr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		servesCleanBuild(t, step, site, res, false)
	}
	if !bytes.Equal(cacheIndexBytes(t, site), written) {
		t.Error("a rebuild wrote the build cache")
	}
}

// TestServeStartsFromLastServe: kb serve's first build leaves the build
// cache for the next start, which takes from it the pages not edited
// since, and for kb build, beside it.
func TestServeStartsFromLastServe(t *testing.T) {
	site := cacheSite(t)
	first, res := startServing(t, site, nil)
	total := res.Pages
	if res.CacheHits != 0 {
		t.Errorf("a first build with no build cache took %d pages from one", res.CacheHits)
	}
	saveAndRebuild(t, first, site, "content/en/orders/o3.md", "+++\ntitle = \"Order 3\"\n+++\nChanged while serving.\n")
	first.Close()

	second, res := startServing(t, site, nil)
	// o3, edited after the first start, and its Greek fallback render.
	if want := total - 2; res.CacheHits != want {
		t.Errorf("second start: %d of %d pages from the build cache, want %d", res.CacheHits, res.Pages, want)
	}
	servesCleanBuild(t, "second start", site, res, true)

	// A kb build while serving takes the pages from the cache the
	// session left; the session's next save builds again.
	write(t, filepath.Join(site, "content/en/orders/o5.md"), "+++\ntitle = \"Order 5\"\n+++\nBuilt beside kb serve.\n")
	bres := mustBuild(t, site, filepath.Join(site, "public"))
	if want := total - 2; bres.CacheHits != want {
		t.Errorf("kb build beside kb serve: %d of %d pages from the build cache, want %d", bres.CacheHits, bres.Pages, want)
	}
	servesCleanBuild(t, "kb build beside kb serve", site, bres, true)
	res = saveAndRebuild(t, second, site, "content/en/orders/o6.md", "+++\ntitle = \"Order 6\"\n+++\nSaved after kb build.\n")
	servesCleanBuild(t, "a save after kb build", site, res, false)
}

// TestServeWithDamagedOrForeignCache: a build cache kb serve cannot use
// only makes its first build render the pages it would have taken.
func TestServeWithDamagedOrForeignCache(t *testing.T) {
	site := cacheSite(t)
	mustBuild(t, site, filepath.Join(site, "public"))
	for _, tc := range []struct {
		name   string
		damage func(dir string) error
		note   string // in the progress lines
		// someHits: the pages the damage leaves whole (those whose search
		// documents have no body: the home and section pages) may come
		// from the cache.
		someHits bool
	}{
		{"damaged HTML", builder.DamageCachedHTML, "", false},
		// kb serve keeps the pages' search documents whole for its rebuilds.
		{"damaged search document bodies", builder.DamageCachedBodies, "", true},
		// Another kb's: every page renders, as after an upgrade.
		{"foreign index", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, ".kb", "cache", "index"), []byte("not a build cache"), 0o644)
		}, "", false},
		{"damaged index", func(dir string) error {
			name := filepath.Join(dir, ".kb", "cache", "index")
			b, err := os.ReadFile(name)
			if err == nil {
				b[len(b)/2] ^= 0x5a
				err = os.WriteFile(name, b, 0o644)
			}
			return err
		}, "note: ignoring the build cache", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := freshCopy(t, site, true)
			if err := tc.damage(dir); err != nil {
				t.Fatal(err)
			}
			var progress bytes.Buffer
			s, res := startServing(t, dir, &progress)
			if res.CacheHits != 0 && !tc.someHits || 4*res.CacheHits > res.Pages {
				t.Errorf("%d of %d pages from an unusable build cache", res.CacheHits, res.Pages)
			}
			if !strings.Contains(progress.String(), tc.note) {
				t.Errorf("progress lacks %q:\n%s", tc.note, progress.String())
			}
			servesCleanBuild(t, "first build", dir, res, true)
			res = saveAndRebuild(t, s, dir, "content/en/orders/o6.md", "+++\ntitle = \"Order 6\"\n+++\nSaved.\n")
			servesCleanBuild(t, "a save", dir, res, false)
		})
	}
}
