package builder_test

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"kb/builder"
	"kb/search"
	"kb/themes"
)

// cacheSite writes a two-language site with sections, links between
// articles and one link that does not resolve yet.
func cacheSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "site.toml"), "defaultLanguage = \"en\"\n[languages.en]\n[languages.el]\n[build]\nbrokenLinks = \"warning\"\n")
	for i := range 8 {
		for _, lang := range []string{"en", "el"} {
			body := fmt.Sprintf("+++\ntitle = \"Account %s %d\"\nweight = %d\n+++\n## Steps\n\nSee [the next one](a%d.md) and [later](later.md).\n\n## More\n\nText %d.\n", lang, i, i, (i+1)%8, i)
			write(t, filepath.Join(dir, "content", lang, "account", fmt.Sprintf("a%d.md", i)), body)
		}
		write(t, filepath.Join(dir, "content", "en", "orders", fmt.Sprintf("o%d.md", i)), fmt.Sprintf("+++\ntitle = \"Order %d\"\nlinkTitle = \"Short\"\n+++\nIn short: {{< param \"linkTitle\" >}}. About orders, see [account](../account/a%d.md) and [the guide](/en/orders/guide.pdf).\n", i, i))
	}
	return dir
}

// freshCopy copies a site's sources and its .kb/cache and .kb/search
// (only) to a new folder, as a CI job restores them into a new checkout:
// every mtime new.
func freshCopy(t *testing.T, from string, withCache bool) string {
	t.Helper()
	return freshCopyOf(t, from, withCache, false)
}

// freshCopyOf is freshCopy, with the output folder (public/) too when
// withOutput is set, as a CI job that caches it restores it.
func freshCopyOf(t *testing.T, from string, withCache, withOutput bool) string {
	t.Helper()
	to := t.TempDir()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if (rel == "public" && !withOutput) || (rel == ".kb" && !withCache) || (strings.HasPrefix(rel, ".kb/") && !restored(rel+"/")) {
				return fs.SkipDir
			}
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		if strings.HasPrefix(rel, ".kb/") && !restored(rel) {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

// keepMTimes gives every file below to/rel the mtime of the same file
// below from/rel, as a CI cache restores files.
func keepMTimes(t *testing.T, from, to, rel string) {
	t.Helper()
	err := filepath.WalkDir(filepath.Join(to, rel), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		r, _ := filepath.Rel(to, p)
		st, err := os.Stat(filepath.Join(from, r))
		if err != nil {
			return err
		}
		return os.Chtimes(p, st.ModTime(), st.ModTime())
	})
	if err != nil {
		t.Fatal(err)
	}
}

// restored says whether a CI job restores this path under .kb.
func restored(rel string) bool {
	return strings.HasPrefix(rel, ".kb/cache/") || strings.HasPrefix(rel, ".kb/search/")
}

// sameAnswers fails unless two server indexes give the same hits, in the
// same order with the same scores, and the same build id.
func sameAnswers(t *testing.T, want, got string) {
	t.Helper()
	answerAlike(t, want, got, true)
}

// sameSearchAnswers fails unless two server indexes find the same pages,
// as an index updated after a save (search.Update) and a built one do: it
// has a build id of its own, and scores that may differ in their last
// digits, which order pages of equal scores otherwise.
func sameSearchAnswers(t *testing.T, want, got string) {
	t.Helper()
	answerAlike(t, want, got, false)
}

// answerAlike compares the answers of two server indexes: exactly (build
// id, scores, order and snippets of the first hits) or by the pages found.
func answerAlike(t *testing.T, want, got string, exact bool) {
	t.Helper()
	a, err := search.Open(want)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := search.Open(got)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if exact && a.BuildID() != b.BuildID() {
		t.Errorf("build id %s, a clean build's is %s", b.BuildID(), a.BuildID())
	}
	ctx := context.Background()
	for _, lang := range []string{"en", "el"} {
		for _, q := range []string{"account", "order", "text steps", "changed", "new", "κείμενο", "αργότερα", "acount", "ord", "guide short", "account 5"} {
			answer := func(ix *search.Index) string {
				if !exact {
					res, err := ix.Search(ctx, search.Query{Text: q, Lang: lang, Limit: 100})
					if err != nil {
						t.Fatal(err)
					}
					return fmt.Sprint(res.Total, " ", urls(res))
				}
				res, err := ix.Search(ctx, search.Query{Text: q, Lang: lang, Limit: 10})
				if err != nil {
					t.Fatal(err)
				}
				s := fmt.Sprint(res.Total)
				for _, h := range res.Hits {
					s += fmt.Sprintf("\n  %.9f %s %s %q", h.Score, h.URL, h.Title, h.Snippet)
				}
				return s
			}
			if x, y := answer(a), answer(b); x != y {
				t.Errorf("%s %q: clean build's index:%s\ncached build's:%s", lang, q, x, y)
			}
		}
	}
}

// sameTree fails unless two output folders hold the same files, byte for byte.
func sameTree(t *testing.T, want, got string) {
	t.Helper()
	a, b := snapshot(t, want), snapshot(t, got)
	for rel, f := range a {
		g, ok := b[rel]
		switch {
		case !ok:
			t.Errorf("%s: missing from the cached build", rel)
		case !bytes.Equal(f.data, g.data):
			t.Errorf("%s differs from a clean build:\nclean:  %.300q\ncached: %.300q", rel, f.data, g.data)
		}
	}
	for rel := range b {
		if _, ok := a[rel]; !ok {
			t.Errorf("%s: only in the cached build", rel)
		}
	}
}

// cachedBuild builds a fresh copy of site with its cache and a clean copy
// without, and checks both outputs are the same. It returns the pages the
// cached build took from the cache and the fresh copy.
func cachedBuild(t *testing.T, site string, edit func(dir string)) (hits int, fresh string) {
	t.Helper()
	res, fresh := cachedBuildResult(t, site, edit)
	return res.CacheHits, fresh
}

// cachedBuildResult is cachedBuild, returning the cached build's result.
// It also checks that both server indexes answer alike.
func cachedBuildResult(t *testing.T, site string, edit func(dir string)) (res builder.Result, fresh string) {
	t.Helper()
	fresh = freshCopy(t, site, true)
	edit(fresh)
	res, err := build(t, fresh, filepath.Join(fresh, "public"))
	if err != nil {
		t.Fatal(err)
	}
	clean := freshCopy(t, fresh, false)
	cres, err := build(t, clean, filepath.Join(clean, "public"))
	if err != nil {
		t.Fatal(err)
	}
	if cres.CacheHits != 0 {
		t.Fatalf("a build without a cache took %d pages from one", cres.CacheHits)
	}
	sameTree(t, filepath.Join(clean, "public"), filepath.Join(fresh, "public"))
	if got, want := fmt.Sprint(res.Diagnostics), fmt.Sprint(cres.Diagnostics); got != want {
		t.Errorf("diagnostics differ from a clean build:\nclean:  %s\ncached: %s", want, got)
	}
	sameAnswers(t, filepath.Join(clean, ".kb", "search"), filepath.Join(fresh, ".kb", "search"))
	return res, fresh
}

func TestCachedBuildInFreshCheckoutEqualsCleanBuild(t *testing.T) {
	site := cacheSite(t)
	res, err := build(t, site, filepath.Join(site, "public"))
	if err != nil {
		t.Fatal(err)
	}
	total := res.Pages

	t.Run("nothing changed", func(t *testing.T) {
		var fmBefore time.Time
		fmFile := filepath.Join(".kb", "cache", "frontmatter")
		res, fresh := cachedBuildResult(t, site, func(dir string) {
			st, err := os.Stat(filepath.Join(dir, fmFile))
			if err != nil {
				t.Fatal(err)
			}
			fmBefore = st.ModTime()
		})
		// No front matter changed: its cache is not written again.
		if st, err := os.Stat(filepath.Join(fresh, fmFile)); err != nil || !st.ModTime().Equal(fmBefore) {
			t.Errorf("the front matter cache was written again (%v)", err)
		}
		if res.CacheHits != total {
			t.Errorf("%d of %d pages from the cache, want all", res.CacheHits, total)
		}
		if res.FrontMatterHits != 24 {
			t.Errorf("%d front matters from the cache, want all 24", res.FrontMatterHits)
		}
		if res.RelatedHits != 2 {
			t.Errorf("related articles of %d languages from the cache, want both", res.RelatedHits)
		}
	})
	bodyEdits := func(dir string) {
		write(t, filepath.Join(dir, "content/en/orders/o3.md"), "+++\ntitle = \"Order 3\"\n+++\nChanged text.\n")
		write(t, filepath.Join(dir, "content/el/account/a5.md"), "+++\ntitle = \"Account el 5\"\nweight = 5\n+++\n## Steps\n\nΆλλο κείμενο.\n")
	}
	t.Run("body edits", func(t *testing.T) {
		res, _ := cachedBuildResult(t, site, bodyEdits)
		// Those two pages and the English fallback of o3 in Greek.
		if want := total - 3; res.CacheHits != want {
			t.Errorf("%d of %d pages from the cache, want %d", res.CacheHits, total, want)
		}
		if res.IndexUpdated != 2 {
			t.Errorf("%d languages' server index updated, want both", res.IndexUpdated)
		}
		if res.StaticUpdated != 2 {
			t.Errorf("%d languages' static index analysis updated, want both", res.StaticUpdated)
		}
		// o3's front matter changed; a5's is the same as before.
		if res.FrontMatterHits != 23 {
			t.Errorf("%d front matters from the cache, want 23", res.FrontMatterHits)
		}
		// Their titles, tags and descriptions did not.
		if res.RelatedHits != 2 {
			t.Errorf("related articles of %d languages from the cache, want both", res.RelatedHits)
		}
	})
	t.Run("a cached build of a cached build", func(t *testing.T) {
		_, first := cachedBuildResult(t, site, bodyEdits)
		res, second := cachedBuildResult(t, first, func(dir string) {
			write(t, filepath.Join(dir, "content/en/account/a6.md"), "+++\ntitle = \"Account en 6\"\nweight = 6\n+++\n## Steps\n\nThird text.\n")
		})
		if res.IndexUpdated != 2 || res.StaticUpdated != 2 {
			t.Errorf("%d languages' server index and %d languages' static index analysis updated, want both", res.IndexUpdated, res.StaticUpdated)
		}
		// A page removed: on a site this small, its section's pages are a
		// big enough share to index the language again.
		cachedBuildResult(t, second, func(dir string) {
			os.Remove(filepath.Join(dir, "content/en/orders/o2.md"))
		})
	})
	t.Run("the pack gains the changed pages only; a failed build leaves it", func(t *testing.T) {
		fresh := freshCopy(t, site, true)
		packs := func() map[string]int64 {
			t.Helper()
			ents, err := os.ReadDir(filepath.Join(fresh, ".kb", "cache"))
			if err != nil {
				t.Fatal(err)
			}
			sizes := map[string]int64{}
			for _, e := range ents {
				if info, err := e.Info(); err == nil && strings.HasPrefix(e.Name(), "pack-") {
					sizes[e.Name()] = info.Size()
				}
			}
			return sizes
		}
		before := packs()
		bodyEdits(fresh)
		if _, err := build(t, fresh, filepath.Join(fresh, "public")); err != nil {
			t.Fatal(err)
		}
		after := packs()
		if len(before) != 1 || len(after) != 1 {
			t.Fatalf("packs %v before, %v after: want one", before, after)
		}
		for name, size := range after {
			// Three pages of about forty rendered again.
			if old, ok := before[name]; !ok || size <= old || size > old+old/4 {
				t.Errorf("pack %v after a build that changed three pages, %v before: want the same pack, a little longer", after, before)
			}
		}
		good, err := os.ReadFile(filepath.Join(fresh, "content/en/orders/o1.md"))
		if err != nil {
			t.Fatal(err)
		}
		fmFile := filepath.Join(fresh, ".kb", "cache", "frontmatter")
		fmBefore, err := os.ReadFile(fmFile)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(fresh, "content/en/orders/o1.md"), "+++\ntitle = \"Order 1\"\nbroken front matter\n")
		// Longer than the pack's write buffer: the failed build wrote into the pack.
		write(t, filepath.Join(fresh, "content/en/orders/o4.md"), "+++\ntitle = \"Order 4\"\n+++\n"+strings.Repeat("New text, long enough to reach the pack.\n\n", 40000))
		if _, err := build(t, fresh, filepath.Join(fresh, "public")); err == nil {
			t.Fatal("a page with broken front matter built")
		}
		if got := packs(); fmt.Sprint(got) != fmt.Sprint(after) {
			t.Errorf("packs %v after a failed build, %v before", got, after)
		}
		// The front matter cache, written as soon as the content loaded,
		// went in only with the build.
		if got, err := os.ReadFile(fmFile); err != nil || !bytes.Equal(got, fmBefore) {
			t.Errorf("the front matter cache changed in a failed build (%v)", err)
		}
		if left, _ := filepath.Glob(filepath.Join(fresh, ".kb", "cache", "tmp-*")); len(left) > 0 {
			t.Errorf("a failed build left %v", left)
		}
		write(t, filepath.Join(fresh, "content/en/orders/o1.md"), string(good))
		res, err := build(t, fresh, filepath.Join(fresh, "public"))
		if err != nil {
			t.Fatal(err)
		}
		if res.CacheHits == 0 {
			t.Error("no page from the cache after a failed build")
		}
		clean := freshCopy(t, fresh, false)
		if _, err := build(t, clean, filepath.Join(clean, "public")); err != nil {
			t.Fatal(err)
		}
		sameTree(t, filepath.Join(clean, "public"), filepath.Join(fresh, "public"))
	})
	t.Run("output restored too", func(t *testing.T) {
		fresh := freshCopyOf(t, site, true, true)
		bodyEdits(fresh)
		// A restored file whose bytes are not the last build's (same size),
		// and one no build writes.
		page := filepath.Join(fresh, "public/en/account/a1/index.html")
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		stale := bytes.Replace(data, []byte("Account en 1"), []byte("Account EN 1"), 1)
		if bytes.Equal(stale, data) {
			t.Fatal("no title to change in " + page)
		}
		write(t, page, string(stale))
		write(t, filepath.Join(fresh, "public/en/gone/index.html"), "old page")
		res, err := build(t, fresh, filepath.Join(fresh, "public"))
		if err != nil {
			t.Fatal(err)
		}
		// Those pages, the tampered one, what lists them and the static
		// index (its weights change): on a site this small, a third.
		if res.Written >= res.Kept || res.Removed != 1 {
			t.Errorf("%d files written, %d kept, %d removed: want most kept, one removed", res.Written, res.Kept, res.Removed)
		}
		clean := freshCopy(t, fresh, false)
		if _, err := build(t, clean, filepath.Join(clean, "public")); err != nil {
			t.Fatal(err)
		}
		sameTree(t, filepath.Join(clean, "public"), filepath.Join(fresh, "public"))
	})
	t.Run("output restored, updated in place", func(t *testing.T) {
		fresh := freshCopyOf(t, site, true, true)
		bodyEdits(fresh)
		pub := filepath.Join(fresh, "public")
		old := time.Now().Add(-time.Hour).Truncate(time.Second)
		filepath.WalkDir(pub, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				os.Chtimes(p, old, old)
			}
			return nil
		})
		// A stale page, a file where a folder goes, an empty folder where
		// a file goes, and a file with other bytes of the same size.
		write(t, filepath.Join(pub, "en/gone/index.html"), "old page")
		os.RemoveAll(filepath.Join(pub, "en/account/a3"))
		write(t, filepath.Join(pub, "en/account/a3"), "a file")
		os.Remove(filepath.Join(pub, "en/account/a4/index.html"))
		os.Mkdir(filepath.Join(pub, "en/account/a4/index.html"), 0o755)
		page := filepath.Join(pub, "en/account/a1/index.html")
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		write(t, page, string(bytes.Replace(data, []byte("Account en 1"), []byte("Account EN 1"), 1)))
		// Links in place of folders the build writes into: a changed
		// page's and the static index's. Their targets stay as they are.
		outside := t.TempDir()
		for _, dir := range []string{"en/orders/o3", "_kb/search/en"} {
			target := filepath.Join(outside, filepath.FromSlash(dir))
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(filepath.Join(pub, dir), target); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, filepath.Join(pub, dir)); err != nil {
				t.Skip("no symlinks here:", err)
			}
		}
		outsideBefore := snapshot(t, outside)

		keptDir, err := os.Stat(filepath.Join(pub, "en/account/a6"))
		if err != nil {
			t.Fatal(err)
		}
		res, err := builder.Build(context.Background(), inPlaceOptions(fresh, pub))
		if err != nil {
			t.Fatal(err)
		}
		if res.Written >= res.Kept || res.Removed != 4 {
			t.Errorf("%d files written, %d kept, %d removed: want most kept, four removed (two of them links)", res.Written, res.Kept, res.Removed)
		}
		clean := freshCopy(t, fresh, false)
		if _, err := build(t, clean, filepath.Join(clean, "public")); err != nil {
			t.Fatal(err)
		}
		sameTree(t, filepath.Join(clean, "public"), pub)
		for rel, f := range snapshot(t, outside) {
			if before, ok := outsideBefore[rel]; !ok || !bytes.Equal(before.data, f.data) || !before.mtime.Equal(f.mtime) {
				t.Errorf("%s, behind a link in the output, was written", rel)
			}
		}
		if _, err := os.Stat(filepath.Join(pub, "en/gone")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("the stale page's folder is left: %v", err)
		}
		// The output's folders stay (a staged output makes new ones), and
		// an unchanged page is not written again.
		if st, err := os.Stat(filepath.Join(pub, "en/account/a6")); err != nil || !os.SameFile(st, keptDir) {
			t.Errorf("the folder of an unchanged page was made again (%v)", err)
		}
		if st, err := os.Stat(filepath.Join(pub, "en/account/a6/index.html")); err != nil || !st.ModTime().Equal(old) {
			t.Errorf("an unchanged page was written again (%v)", err)
		}
		if left, _ := filepath.Glob(filepath.Join(fresh, ".public.kb-stage-*")); len(left) > 0 {
			t.Errorf("staging folders left: %v", left)
		}
	})
	t.Run("output restored with its mtimes is not read", func(t *testing.T) {
		// A CI cache restores files with their mtimes (tar does). A
		// page whose file has the size and mtime the last build left
		// is taken as it is: its HTML is read neither from the output
		// nor from the cache (damaged here, so a page that reads it
		// renders again).
		time.Sleep(1100 * time.Millisecond) // the last build's files settle (stampSettled)
		for _, inPlace := range []bool{true, false} {
			fresh := freshCopyOf(t, site, true, true)
			keepMTimes(t, site, fresh, "public")
			keepMTimes(t, site, fresh, ".kb")
			if err := builder.DamageCachedHTML(fresh); err != nil {
				t.Fatal(err)
			}
			bodyEdits(fresh)
			pub := filepath.Join(fresh, "public")
			page := filepath.Join(pub, "en/account/a1/index.html")
			data, err := os.ReadFile(page)
			if err != nil {
				t.Fatal(err)
			}
			write(t, page, string(bytes.Replace(data, []byte("Account en 1"), []byte("Account EN 1"), 1)))
			res, err := builder.Build(context.Background(), builder.Options{SiteDir: fresh, Out: pub, IndexDir: filepath.Join(fresh, ".kb", "search"), Theme: themes.Default(), InPlace: inPlace})
			if err != nil {
				t.Fatal(err)
			}
			// The three edited pages and the one whose file changed.
			if want := total - 4; res.CacheHits != want {
				t.Errorf("in place %v: %d of %d pages from the cache, want %d", inPlace, res.CacheHits, total, want)
			}
			clean := freshCopy(t, fresh, false)
			if _, err := build(t, clean, filepath.Join(clean, "public")); err != nil {
				t.Fatal(err)
			}
			sameTree(t, filepath.Join(clean, "public"), pub)
		}
	})
	t.Run("static index restored with its mtimes is not read", func(t *testing.T) {
		// The static index's files are kept by their stamps as pages are:
		// one changed behind its stamp's back (same size, mtime put back)
		// shows that it was not read; one changed as an editor changes
		// a file is written again.
		time.Sleep(1100 * time.Millisecond) // the last build's files settle (stampSettled)
		fresh := freshCopyOf(t, site, true, true)
		keepMTimes(t, site, fresh, "public")
		keepMTimes(t, site, fresh, ".kb")
		bodyEdits(fresh)
		clean := freshCopy(t, fresh, false)
		if _, err := build(t, clean, filepath.Join(clean, "public")); err != nil {
			t.Fatal(err)
		}
		// Two doc shards the edits leave as they were.
		pub := filepath.Join(fresh, "public")
		var unchanged []string
		shards, _ := filepath.Glob(filepath.Join(pub, "_kb/search/*/d/*.json.gz"))
		for _, p := range shards {
			rel, _ := filepath.Rel(pub, p)
			a, errA := os.ReadFile(p)
			b, errB := os.ReadFile(filepath.Join(clean, "public", rel))
			if errA == nil && errB == nil && bytes.Equal(a, b) {
				unchanged = append(unchanged, rel)
			}
		}
		if len(unchanged) < 2 {
			t.Fatalf("%d unchanged doc shards of %d, want two", len(unchanged), len(shards))
		}
		behind, edited := filepath.Join(pub, unchanged[0]), filepath.Join(pub, unchanged[1])
		st, err := os.Stat(behind)
		if err != nil {
			t.Fatal(err)
		}
		forged := bytes.Repeat([]byte("x"), int(st.Size()))
		if err := os.WriteFile(behind, forged, 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(behind, st.ModTime(), st.ModTime())
		write(t, edited, "not gzip")

		if _, err := builder.Build(context.Background(), inPlaceOptions(fresh, pub)); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(behind); !bytes.Equal(got, forged) {
			t.Errorf("%s, with the stamp the last build left, was read and written again", unchanged[0])
		}
		os.Remove(behind)
		os.Remove(filepath.Join(clean, "public", unchanged[0]))
		sameTree(t, filepath.Join(clean, "public"), pub)
	})
	t.Run("bodies damaged: a hit does not read them", func(t *testing.T) {
		// The documents' bodies are most of their bytes, and a page
		// taken from the cache needs them only for an index built again.
		res, _ := cachedBuildResult(t, site, func(dir string) {
			bodyEdits(dir)
			if err := builder.DamageCachedBodies(dir); err != nil {
				t.Fatal(err)
			}
		})
		if want := total - 3; res.CacheHits != want {
			t.Errorf("%d of %d pages from the cache, want %d", res.CacheHits, total, want)
		}
		// A build that needs them (the static index's kept words are
		// damaged too) says the cache is damaged and what to do.
		fresh := freshCopy(t, site, true)
		bodyEdits(fresh)
		if err := cmp.Or(builder.DamageCachedBodies(fresh), builder.DamageCachedStatic(fresh)); err != nil {
			t.Fatal(err)
		}
		_, err := build(t, fresh, filepath.Join(fresh, "public"))
		if err == nil || !strings.Contains(err.Error(), filepath.Join(fresh, ".kb", "cache")) || !strings.Contains(err.Error(), "remove the folder") {
			t.Errorf("a build needing damaged bodies: %v; want an error naming the cache and what to do", err)
		}
	})
	t.Run("static words damaged: the bodies of cached pages are read again", func(t *testing.T) {
		res, _ := cachedBuildResult(t, site, func(dir string) {
			bodyEdits(dir)
			if err := builder.DamageCachedStatic(dir); err != nil {
				t.Fatal(err)
			}
		})
		if want := total - 3; res.CacheHits != want || res.StaticUpdated != 0 {
			t.Errorf("%d of %d pages from the cache (want %d), %d static analyses updated (want none)", res.CacheHits, total, want, res.StaticUpdated)
		}
	})
	t.Run("damaged pack is ignored", func(t *testing.T) {
		hits, _ := cachedBuild(t, site, func(dir string) {
			ents, _ := os.ReadDir(filepath.Join(dir, ".kb", "cache"))
			for _, e := range ents {
				if !strings.HasPrefix(e.Name(), "pack-") {
					continue
				}
				p := filepath.Join(dir, ".kb", "cache", e.Name())
				data, _ := os.ReadFile(p)
				for i := 0; i < len(data); i += 61 {
					data[i] ^= 0x5a
				}
				os.WriteFile(p, data, 0o644)
			}
		})
		if hits != 0 {
			t.Errorf("%d pages from a damaged pack", hits)
		}
	})
	t.Run("server index of another build is built again", func(t *testing.T) {
		res, _ := cachedBuildResult(t, site, func(dir string) {
			bodyEdits(dir)
			idx := filepath.Join(dir, ".kb", "search")
			docs := []search.Document{{ID: "/en/x/", Lang: "en", URL: "/en/x/", Title: "Other", Body: "account"}, {ID: "/el/x/", Lang: "el", URL: "/el/x/", Title: "Άλλο", Body: "account"}}
			if err := search.Build(context.Background(), idx, docs); err != nil {
				t.Fatal(err)
			}
		})
		if res.IndexUpdated != 0 {
			t.Errorf("%d languages' server index updated from another build's", res.IndexUpdated)
		}
	})
	t.Run("server index not restored", func(t *testing.T) {
		res, _ := cachedBuildResult(t, site, func(dir string) {
			bodyEdits(dir)
			os.RemoveAll(filepath.Join(dir, ".kb", "search"))
		})
		if res.IndexUpdated != 0 {
			t.Errorf("%d languages' server index updated without one", res.IndexUpdated)
		}
	})
	t.Run("title and link target changes", func(t *testing.T) {
		res, _ := cachedBuildResult(t, site, func(dir string) {
			// A title edit: every page of the section shows it in its navigation.
			write(t, filepath.Join(dir, "content/en/account/a2.md"), "+++\ntitle = \"Renamed account page\"\nweight = 2\n+++\n## Steps\n\nNew.\n")
			// The link every Greek account page has to later.md now resolves.
			write(t, filepath.Join(dir, "content/el/account/later.md"), "+++\ntitle = \"Αργότερα\"\nweight = 99\n+++\nΚείμενο.\n")
		})
		// Both languages have a new title to weigh.
		if res.RelatedHits != 0 {
			t.Errorf("related articles of %d languages from the cache, want none", res.RelatedHits)
		}
	})
	t.Run("a description and tags change", func(t *testing.T) {
		res, _ := cachedBuildResult(t, site, func(dir string) {
			write(t, filepath.Join(dir, "content/en/account/a2.md"), "+++\ntitle = \"Account en 2\"\nweight = 2\ndescription = \"Orders and accounts\"\ntags = [\"order\"]\n+++\n## Steps\n\nSee [the next one](a3.md) and [later](later.md).\n\n## More\n\nText 2.\n")
		})
		// English weighs its articles again; Greek takes its own from the cache.
		if res.RelatedHits != 1 {
			t.Errorf("related articles of %d languages from the cache, want 1", res.RelatedHits)
		}
	})
	t.Run("a link target appears", func(t *testing.T) {
		// No page's view changes, only what the orders pages' links resolve to.
		hits, _ := cachedBuild(t, site, func(dir string) {
			write(t, filepath.Join(dir, "content/en/orders/guide.pdf"), "%PDF-1.4 guide")
		})
		if want := total - 16; hits != want {
			t.Errorf("%d of %d pages from the cache, want %d (all but the orders pages in both languages)", hits, total, want)
		}
	})
	t.Run("a front matter value a shortcode shows", func(t *testing.T) {
		hits, _ := cachedBuild(t, site, func(dir string) {
			write(t, filepath.Join(dir, "content/en/orders/o4.md"), "+++\ntitle = \"Order 4\"\nlinkTitle = \"Brief\"\n+++\nIn short: {{< param \"linkTitle\" >}}. About orders, see [account](../account/a4.md) and [the guide](/en/orders/guide.pdf).\n")
		})
		if want := total - 2; hits != want {
			t.Errorf("%d of %d pages from the cache, want %d (all but o4 in both languages)", hits, total, want)
		}
	})
	t.Run("theme change renders everything", func(t *testing.T) {
		hits, _ := cachedBuild(t, site, func(dir string) {
			write(t, filepath.Join(dir, "i18n", "en.toml"), "breadcrumb_home = \"Start\"\n")
		})
		if hits != 0 {
			t.Errorf("%d pages from the cache after the UI strings changed, want none", hits)
		}
	})
	t.Run("damaged cache is ignored", func(t *testing.T) {
		hits, _ := cachedBuild(t, site, func(dir string) {
			ents, _ := os.ReadDir(filepath.Join(dir, ".kb", "cache"))
			for _, e := range ents {
				p := filepath.Join(dir, ".kb", "cache", e.Name())
				data, _ := os.ReadFile(p)
				for i := 0; i < len(data); i += 97 {
					data[i] ^= 0x5a
				}
				os.WriteFile(p, data, 0o644)
			}
		})
		if hits != 0 {
			t.Errorf("%d pages from a damaged cache", hits)
		}
	})
}

// A build whose cache holds the last build's pages says so before it
// renders (kb build then keeps its heap small); a first build, or one whose
// site.toml changed so that every page renders, does not.
func TestReusingCacheTold(t *testing.T) {
	site := cacheSite(t)
	buildTelling := func(dir string) (told []int) {
		t.Helper()
		var mu sync.Mutex
		opts := builder.Options{SiteDir: dir, Out: filepath.Join(dir, "public"), IndexDir: filepath.Join(dir, ".kb", "search"), Theme: themes.Default(),
			ReusingCache: func(pages int) { mu.Lock(); told = append(told, pages); mu.Unlock() }}
		if _, err := builder.Build(context.Background(), opts); err != nil {
			t.Fatal(err)
		}
		return told
	}
	if told := buildTelling(site); told != nil {
		t.Errorf("a first build was told the cache holds %v pages", told)
	}
	res, err := build(t, site, filepath.Join(site, "public"))
	if err != nil {
		t.Fatal(err)
	}
	fresh := freshCopy(t, site, true)
	if told := buildTelling(fresh); len(told) != 1 || told[0] != res.Pages {
		t.Errorf("a cached build was told %v, want once, the last build's %d pages", told, res.Pages)
	}
	fresh = freshCopy(t, site, true)
	write(t, filepath.Join(fresh, "site.toml"), "baseURL = \"https://help.example.com/\"\ndefaultLanguage = \"en\"\n[languages.en]\n[languages.el]\n[build]\nbrokenLinks = \"warning\"\n")
	if told := buildTelling(fresh); told != nil {
		t.Errorf("a build whose site.toml changed was told the cache holds %v pages", told)
	}
}

// TestCachedBuildFollowsNestedSectionTitle: a nested section's new title
// is on the pages that show it (the breadcrumbs of the articles below it,
// in every language, and its top-level section's page) in a build with
// the cache, as in a clean build.
func TestCachedBuildFollowsNestedSectionTitle(t *testing.T) {
	site := t.TempDir()
	w := writeIn(t, site)
	for name, data := range nestedSectionSite {
		w(name, data)
	}
	if _, err := build(t, site, filepath.Join(site, "public")); err != nil {
		t.Fatal(err)
	}
	_, fresh := cachedBuild(t, site, func(dir string) {
		write(t, filepath.Join(dir, "content/en/android/solving-problems/_index.md"), "+++\ntitle = \"Troubleshooting\"\n+++\n")
	})
	for _, file := range []string{"en/android/solving-problems/slow/index.html", "el/android/solving-problems/slow/index.html", "en/android/index.html"} {
		if page, _ := os.ReadFile(filepath.Join(fresh, "public", file)); !bytes.Contains(page, []byte(">Troubleshooting</a>")) {
			t.Errorf("%s lacks the nested section's new title", file)
		}
	}
}

// TestCachedBuildFollowsGetPage: a build with the cache renders again the
// pages that show another page through Hugo's GetPage when that page's
// text, description or params changed, or it went, as a clean build does.
func TestCachedBuildFollowsGetPage(t *testing.T) {
	cachedEdits(t, getPageSite, []cachedEdit{
		{"included page not rendered saved", "content/en/docs/parts/setup.md", "---\nheadless: true\n---\nRun the new setup.\n", "<p>Run the new setup.</p>"},
		{"included page saved", "content/en/docs/notes.md", "---\ntitle: Notes\n---\nSecond notes.\n", "<p>Second notes.</p>"},
		{"description changed", "content/en/docs/guide.md", "---\ntitle: Guide\ndescription: Every step.\n---\nGuide text.\n", `<p class="desc">Every step.</p>`},
		{"param changed", "content/en/docs/guide.md", "---\ntitle: Guide\ndescription: All the steps.\nreference: https://example.org/v2\n---\nGuide text.\n", `<p class="ref">https://example.org/v2</p>`},
		{"page added to the listed section", "content/en/docs/more.md", "---\ntitle: More\n---\nMore text.\n", "<li>More</li>"},
		{"included page deleted", "content/en/docs/notes.md", "", "<p>none</p>"},
	})
}

// cachedEdit is a file saved (or, with data "", deleted) before a build
// with the cache, and what docs/start/index.html then shows.
type cachedEdit struct{ name, file, data, want string }

// cachedEdits builds the site files, in English and Greek (which
// sameAnswers searches) where they say Arabic, then a copy of it with the
// cache after each edit, checking that docs/start/ shows what it should
// and that the output equals a clean build (cachedBuild).
func cachedEdits(t *testing.T, files map[string]string, edits []cachedEdit) {
	t.Helper()
	site := t.TempDir()
	w := writeIn(t, site)
	for name, data := range files {
		w(strings.Replace(name, "content/ar/", "content/el/", 1), strings.ReplaceAll(data, "[languages.ar]", "[languages.el]"))
	}
	if _, err := build(t, site, filepath.Join(site, "public")); err != nil {
		t.Fatal(err)
	}
	for _, c := range edits {
		t.Run(c.name, func(t *testing.T) {
			_, fresh := cachedBuild(t, site, func(dir string) {
				file := filepath.Join(dir, filepath.FromSlash(c.file))
				if c.data == "" {
					if err := os.Remove(file); err != nil {
						t.Fatal(err)
					}
					return
				}
				write(t, file, c.data)
			})
			if page, _ := os.ReadFile(filepath.Join(fresh, "public/docs/start/index.html")); !bytes.Contains(page, []byte(c.want)) {
				t.Errorf("the page lacks %s:\n%s", c.want, page)
			}
		})
	}
}

// TestCachedBuildFollowsResources: a build with the cache renders again
// the pages whose templates read a Hugo resource that changed, appeared
// or went (an icon of assets/, a bundle's SVG, a file of a folder readDir
// listed), and publishes the assets
// they link as a clean build does.
func TestCachedBuildFollowsResources(t *testing.T) {
	cachedEdits(t, resourceSite, []cachedEdit{
		{"icon saved", "assets/icons/check.svg", `<svg class="v2"></svg>`, `<i class="icon"><svg class="v2"></svg></i>`},
		{"bundle's SVG saved", "content/en/docs/start/diagram.svg", `<svg class="d2"></svg>`, `<figure><svg class="d2"></svg></figure>`},
		{"icon deleted", "assets/icons/check.svg", "", `<i class="no-icon"></i>`},
		// docs/guide/ lists them; the output equals a clean build's.
		{"attachment added", "content/en/docs/guide.files/b.txt", "B.\n", `<a class="dl" href="/files/notes.txt">notes</a>`},
		{"attachment deleted", "content/en/docs/guide.files/a.txt", "", `<a class="dl" href="/files/notes.txt">notes</a>`},
		{"nothing changed", "content/en/docs/other.md", "---\ntitle: Other\n---\nNo resources.\n", `<a class="dl" href="/files/notes.txt">notes</a>`},
	})
}
