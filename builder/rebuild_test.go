package builder_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"kb/builder"
	"kb/builder/content"
	"kb/builder/diag"
	"kb/builder/translation"
	"kb/search"
	"kb/themes"
)

// TestIncrementalRebuildEqualsCleanBuild applies random sequences of edits,
// creates, renames and deletes to a site, rebuilding incrementally after
// each, and checks that the output folder and the search answers equal those
// of a clean build of the same files.
func TestIncrementalRebuildEqualsCleanBuild(t *testing.T) {
	// Seeds 8, 9, 11 and 18 edit through failed rebuilds (a rename breaks a
	// link, a later edit fixes it), which once left stale pages behind.
	seeds := []int{0, 1, 2, 3, 8, 9, 11, 18}
	steps := 8
	if testing.Short() {
		seeds, steps = seeds[:2], 5
	}
	randomRebuilds(t, seeds, steps, 0)
}

// TestOverlappingRebuildsEqualCleanBuild is the same with three edits and
// rebuilds in a row, each starting while the static index refresh of the
// one before may still run (go test -race in CI watches them).
func TestOverlappingRebuildsEqualCleanBuild(t *testing.T) {
	seeds := []int{4, 5, 6, 7}
	steps := 4
	if testing.Short() {
		seeds, steps = seeds[:1], 3
	}
	randomRebuilds(t, seeds, steps, 3)
}

// TestFailedRebuildKeepsLastGoodSite: a save whose rebuild fails comes
// right after a good one, while the good one's static index refresh waits
// or runs. The failed rebuild pauses that refresh; the output, the static
// index included, and the server index must then be those of a clean build
// of the last good files.
func TestFailedRebuildKeepsLastGoodSite(t *testing.T) {
	site := sampleSite(t)
	out := filepath.Join(t.TempDir(), "public")
	idx := filepath.Join(t.TempDir(), "idx")
	s := builder.NewSession(builder.Options{SiteDir: site, Out: out, IndexDir: idx, Theme: themes.Default()})
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(site, "content/en/faq/returns.md")
	b, _ := os.ReadFile(good)
	write(t, good, string(b)+"\nZebrafabric swaps are free.\n")
	if _, err := s.Rebuild(context.Background(), []string{good}); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(site, "content/en/account/sign-in.md")
	orig, _ := os.ReadFile(bad)
	write(t, bad, string(orig)+"\nSee [nothing](no-such-page.md).\n")
	if _, err := s.Rebuild(context.Background(), []string{bad}); !errors.Is(err, builder.ErrContent) {
		t.Fatalf("a broken link: rebuild error %v, want ErrContent", err)
	}
	if err := s.Wait(); err != nil {
		t.Fatal(err)
	}
	write(t, bad, string(orig))
	cleanOut := filepath.Join(t.TempDir(), "public")
	cleanIdx := filepath.Join(t.TempDir(), "idx")
	if _, err := builder.Build(context.Background(), builder.Options{SiteDir: site, Out: cleanOut, IndexDir: cleanIdx, Theme: themes.Default()}); err != nil {
		t.Fatal(err)
	}
	compareTrees(t, "after a failed rebuild", out, cleanOut)
	compareSearch(t, "after a failed rebuild", idx, cleanIdx)
}

// randomRebuilds runs the random edits of each seed: steps times, overlap
// edits each rebuilt at once (0: one edit, its refresh awaited), then the
// output and the search answers are compared with a clean build.
func randomRebuilds(t *testing.T, seeds []int, steps, overlap int) {
	for _, seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(seed), 7))
			site := sampleSite(t)
			write(t, filepath.Join(site, "content/en/faq/_index.md"), "+++\ntitle = \"FAQ\"\nweight = 1\n+++\n")
			write(t, filepath.Join(site, "content/en/account/_index.md"), "+++\ntitle = \"Account\"\nweight = 2\n+++\n")
			write(t, filepath.Join(site, "content/el/account/sign-in.md"), "+++\ntitle = \"Σύνδεση\"\nupdated = 2026-01-05\n+++\nΜε email. Δείτε [επιστροφές](../faq/returns.md#μπορώ-να-το-επιστρέψω).\n")
			// Dated pages are in the feeds, which retitles, moves and
			// deletes change.
			write(t, filepath.Join(site, "content/en/faq/returns.md"), "+++\ntitle = \"Returns\"\nupdated = 2026-01-10\n+++\n## Can I return it?\n\nYes.\n")
			out := filepath.Join(t.TempDir(), "public")
			idx := filepath.Join(t.TempDir(), "idx")
			s := builder.NewSession(builder.Options{SiteDir: site, Out: out, IndexDir: idx, Theme: themes.Default()})
			if _, err := s.Build(context.Background()); err != nil {
				t.Fatal(err)
			}
			for step := range steps {
				before := snapshot(t, out)
				var res builder.Result
				var err error
				var what string
				// With overlap, edits follow each other without waiting for
				// the background refresh of the last rebuild, as saves do.
				for i := range max(1, overlap) {
					var changed []string
					changed, what = randomEdit(t, rng, site)
					t.Logf("step %d.%d: %s", step, i, what)
					res, err = s.Rebuild(context.Background(), changed)
					if err != nil && !errors.Is(err, builder.ErrContent) {
						t.Fatalf("step %d.%d (%s): %v", step, i, what, err)
					}
				}
				if err := s.Wait(); err != nil {
					t.Fatal(err)
				}
				cleanOut := filepath.Join(t.TempDir(), "public")
				cleanIdx := filepath.Join(t.TempDir(), "idx")
				clean, cleanErr := builder.Build(context.Background(), builder.Options{SiteDir: site, Out: cleanOut, IndexDir: cleanIdx, Theme: themes.Default()})
				if (err == nil) != (cleanErr == nil) {
					t.Fatalf("step %d (%s): rebuild error %v, clean build error %v\n%v\nclean: %v", step, what, err, cleanErr, res.Diagnostics, clean.Diagnostics)
				}
				if err != nil {
					if !errors.Is(err, builder.ErrContent) || fmt.Sprint(res.Diagnostics) != fmt.Sprint(clean.Diagnostics) {
						t.Fatalf("step %d (%s): rebuild says %v %v, clean build %v", step, what, err, res.Diagnostics, clean.Diagnostics)
					}
					if overlap == 0 {
						after := snapshot(t, out)
						for name, f := range before {
							if !bytes.Equal(f.data, after[name].data) {
								t.Fatalf("step %d (%s): a failed rebuild changed %s", step, what, name)
							}
						}
					}
					continue
				}
				if overlap == 0 && (strings.HasPrefix(what, "edit ") || strings.HasPrefix(what, "link from ")) && res.Pages >= clean.Pages {
					t.Errorf("step %d (%s): an edit re-rendered %d pages, a full build renders %d", step, what, res.Pages, clean.Pages)
				}
				if fmt.Sprint(res.Diagnostics) != fmt.Sprint(clean.Diagnostics) {
					t.Errorf("step %d (%s): the rebuild reports\n%v\na clean build\n%v", step, what, res.Diagnostics, clean.Diagnostics)
				}
				compareTrees(t, fmt.Sprintf("step %d (%s)", step, what), out, cleanOut)
				compareSearch(t, fmt.Sprintf("step %d (%s)", step, what), idx, cleanIdx)
			}
		})
	}
}

// randomEdit changes the site and returns the changed paths.
func randomEdit(t *testing.T, rng *rand.Rand, site string) ([]string, string) {
	t.Helper()
	var files []string
	filepath.WalkDir(filepath.Join(site, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") {
			files = append(files, p)
		}
		return nil
	})
	slices.Sort(files)
	pick := files[rng.IntN(len(files))]
	words := []string{"refund", "parcel", "courier", "password", "voucher", "Επιστροφή", "δέμα"}
	word := words[rng.IntN(len(words))]
	switch rng.IntN(8) {
	case 0: // edit the body, half the time of a page other languages show as a fallback
		if shown := fallbackShown(site, files); len(shown) > 0 && rng.IntN(2) == 0 {
			pick = shown[rng.IntN(len(shown))]
		}
		b, _ := os.ReadFile(pick)
		write(t, pick, string(b)+"\nMore about "+word+".\n")
		return []string{pick}, "edit " + pick
	case 7: // a body edit that adds a link (and heading) to another page
		b, _ := os.ReadFile(pick)
		write(t, pick, string(b)+"\n## About "+word+"\n\nSee [the account page](/account/sign-in.md).\n")
		return []string{pick}, "link from " + pick
	case 1: // retitle (changes navigation and switchers)
		b, _ := os.ReadFile(pick)
		s := strings.Replace(string(b), "title = \"", "title = \""+word+" ", 1)
		write(t, pick, s)
		return []string{pick}, "retitle " + pick
	case 2: // create an article, maybe linking to another
		lang := []string{"en", "el"}[rng.IntN(2)]
		name := filepath.Join(site, "content", lang, "account", fmt.Sprintf("new-%d.md", rng.IntN(1000)))
		weight := rng.IntN(3)
		// Dated, it enters the feeds of its language and section.
		write(t, name, "+++\ntitle = \"New "+word+"\"\nweight = "+fmt.Sprint(weight)+"\nupdated = 2026-02-0"+fmt.Sprint(weight+1)+"\n+++\n## Step\n\nSee [returns](../faq/returns.md).\n")
		return []string{name}, "create " + name
	case 3: // delete (but keep one English article)
		if len(files) < 3 {
			return randomEdit(t, rng, site)
		}
		os.Remove(pick)
		return []string{pick}, "delete " + pick
	case 4: // rename
		to := strings.TrimSuffix(pick, ".md") + "-moved.md"
		os.Rename(pick, to)
		return []string{pick, to}, "rename " + pick
	case 5: // a link to a page that does not exist yet, then the page
		from := filepath.Join(site, "content/en/account/sign-in.md")
		write(t, from, "+++\ntitle = \"Sign in\"\n+++\nUse your email. See [help](help.md).\n")
		help := filepath.Join(site, "content/en/account/help.md")
		write(t, help, "+++\ntitle = \"Help\"\n+++\n## Contact\n\nWrite to us.\n")
		return []string{from, help}, "link and create help"
	default: // translate or untranslate
		en := filepath.Join(site, "content/en/account/sign-in.md")
		if _, err := os.Stat(en); err != nil {
			return randomEdit(t, rng, site)
		}
		el := filepath.Join(site, "content/el/account/sign-in.md")
		if _, err := os.Stat(el); err == nil {
			os.Remove(el)
			return []string{el}, "untranslate sign-in"
		}
		write(t, el, "+++\ntitle = \"Σύνδεση "+word+"\"\n+++\nΜε email.\n")
		return []string{el}, "translate sign-in"
	}
}

// fallbackShown lists the English pages of files that some other language
// of the site lacks, and so shows as a fallback.
func fallbackShown(site string, files []string) []string {
	langs, _ := os.ReadDir(filepath.Join(site, "content"))
	var shown []string
	for _, f := range files {
		rel, err := filepath.Rel(filepath.Join(site, "content", "en"), f)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		for _, l := range langs {
			if _, err := os.Stat(filepath.Join(site, "content", l.Name(), rel)); l.IsDir() && err != nil {
				shown = append(shown, f)
				break
			}
		}
	}
	return shown
}

func compareTrees(t *testing.T, step, got, want string) {
	t.Helper()
	g, w := snapshot(t, got), snapshot(t, want)
	for name, f := range w {
		if gf, ok := g[name]; !ok {
			t.Errorf("%s: incremental output lacks %s", step, name)
		} else if !bytes.Equal(gf.data, f.data) {
			t.Errorf("%s: %s differs from a clean build\n--- incremental\n%s\n--- clean\n%s", step, name, gf.data, f.data)
		}
	}
	for name := range g {
		if _, ok := w[name]; !ok {
			t.Errorf("%s: incremental output has %s, a clean build does not", step, name)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
}

func compareSearch(t *testing.T, step, got, want string) {
	t.Helper()
	gi, err := search.Open(got)
	if err != nil {
		t.Fatal(err)
	}
	defer gi.Close()
	wi, err := search.Open(want)
	if err != nil {
		t.Fatal(err)
	}
	defer wi.Close()
	for _, q := range []search.Query{
		{Text: "refund", Lang: "en"}, {Text: "parcel courier", Lang: "en"}, {Text: "email", Lang: "en"},
		{Text: "επιστροφη", Lang: "el"}, {Text: "δέμα", Lang: "el"}, {Text: "new", Lang: "en"}, {Text: "help", Lang: "en"},
	} {
		gr, err1 := gi.Search(context.Background(), q)
		wr, err2 := wi.Search(context.Background(), q)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: search %q: %v %v", step, q.Text, err1, err2)
		}
		if urls(gr) != urls(wr) {
			t.Errorf("%s: search %q (%s) answers %s, a clean build answers %s", step, q.Text, q.Lang, urls(gr), urls(wr))
		}
	}
}

func urls(r search.Result) string {
	var u []string
	for _, h := range r.Hits {
		u = append(u, h.URL)
	}
	slices.Sort(u) // equal scores may tie in any order
	return strings.Join(u, " ")
}

// serving builds files, a whole site by slash path, as kb serve does at
// start, and returns the session, the site folder and the output folder.
func serving(t *testing.T, files map[string]string) (s *builder.Session, site, out string) {
	t.Helper()
	site = t.TempDir()
	for name, data := range files {
		write(t, filepath.Join(site, filepath.FromSlash(name)), data)
	}
	out = filepath.Join(t.TempDir(), "public")
	s = builder.NewSession(builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default()})
	t.Cleanup(s.Close) // before out is removed: the static index refresh writes there
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s, site, out
}

// saveAndRebuild writes one file of the site, a slash path, and rebuilds
// as kb serve does when it sees the save, static index included.
func saveAndRebuild(t *testing.T, s *builder.Session, site, name, data string) builder.Result {
	t.Helper()
	file := filepath.Join(site, filepath.FromSlash(name))
	write(t, file, data)
	return rebuildAfter(t, s, file)
}

// rebuildAfter rebuilds as kb serve does when it sees file change, static
// index included.
func rebuildAfter(t *testing.T, s *builder.Session, file string) builder.Result {
	t.Helper()
	res, err := s.Rebuild(context.Background(), []string{file})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Wait(); err != nil { // the static index refresh
		t.Fatal(err)
	}
	return res
}

// compareWithCleanBuild checks that out equals a clean build of site, and
// returns the clean build's result.
func compareWithCleanBuild(t *testing.T, step, site, out string) builder.Result {
	t.Helper()
	clean := filepath.Join(t.TempDir(), "public")
	res, err := builder.Build(context.Background(), builder.Options{SiteDir: site, Out: clean, IndexDir: "-", Theme: themes.Default()})
	if err != nil {
		t.Fatal(err)
	}
	compareTrees(t, step, out, clean)
	return res
}

// TestRebuildAfterLanguagePartChanged: a site theme's language part that
// lists the sections changes with a section's title; kb serve's rebuild
// then renders every page of that language again, as a clean build does.
func TestRebuildAfterLanguagePartChanged(t *testing.T) {
	s, site, out := serving(t, map[string]string{
		"site.toml":                                       "defaultLanguage = \"en\"\ntheme = \"shop\"\n[languages.en]\n[languages.ar]\n",
		"content/en/faq/_index.md":                        "+++\ntitle = \"FAQ\"\n+++\n",
		"content/en/faq/returns.md":                       "+++\ntitle = \"Returns\"\n+++\nSend it back.\n",
		"content/en/account/_index.md":                    "+++\ntitle = \"Account\"\n+++\n",
		"content/en/account/login.md":                     "+++\ntitle = \"Log in\"\n+++\nWith email.\n",
		"themes/shop/layouts/partials/language/menu.html": "<p class=\"topics\">{{range .Site.Sections}}{{.Title}} {{end}}</p>\n",
	})
	saveAndRebuild(t, s, site, "content/en/faq/_index.md", "+++\ntitle = \"Questions\"\n+++\n")
	if page, _ := os.ReadFile(filepath.Join(out, "en/account/login/index.html")); !bytes.Contains(page, []byte("Questions")) {
		t.Errorf("a page outside the edited section lacks the new section title:\n%s", page)
	}
	compareWithCleanBuild(t, "section renamed", site, out)
}

// TestTitleEditOutdatesTranslations: in kb serve a writer renames an
// English article; its Greek translation, marked from the old title, then
// shows the outdated notice, as a clean build does.
func TestTitleEditOutdatesTranslations(t *testing.T) {
	const body = "We refund within 14 days.\n"
	marked := translation.SourceHash(&content.Meta{Title: "Returns within 14 days"}, []byte(body))
	s, site, out := serving(t, map[string]string{
		"site.toml":                    "defaultLanguage = \"en\"\n[languages.en]\n[languages.el]\n",
		"content/en/returns/policy.md": "+++\ntitle = \"Returns within 14 days\"\n+++\n" + body,
		"content/el/returns/policy.md": "+++\ntitle = \"Επιστροφές εντός 14 ημερών\"\ntranslatedFrom = \"" + marked + "\"\n+++\nΕπιστροφή χρημάτων εντός 14 ημερών.\n",
	})
	greek := filepath.Join(out, "el/returns/policy/index.html")
	if page, _ := os.ReadFile(greek); bytes.Contains(page, []byte("notice-outdated")) {
		t.Fatal("the Greek page is outdated before the English title changed")
	}
	saveAndRebuild(t, s, site, "content/en/returns/policy.md", "+++\ntitle = \"Returns within 30 days\"\n+++\n"+body)
	if page, _ := os.ReadFile(greek); !bytes.Contains(page, []byte("notice-outdated")) {
		t.Errorf("after the English title changed, the Greek page lacks the outdated notice:\n%s", page)
	}
	compareWithCleanBuild(t, "title edited", site, out)
}

// TestSwitcherFollowsNewSection: in a language that does not fall back,
// the switcher of an untranslated article leads to that language's home
// until the writer adds the section there, then to the section, in kb
// serve as in a clean build.
func TestSwitcherFollowsNewSection(t *testing.T) {
	s, site, out := serving(t, map[string]string{
		"site.toml":                     "defaultLanguage = \"en\"\n[languages.en]\n[languages.el]\nfallback = false\n",
		"content/en/_index.md":          "+++\ntitle = \"Help\"\n+++\n",
		"content/el/_index.md":          "+++\ntitle = \"Βοήθεια\"\n+++\n",
		"content/en/returns/_index.md":  "+++\ntitle = \"Returns\"\n+++\n",
		"content/en/returns/refunds.md": "+++\ntitle = \"Refunds\"\n+++\nWithin 14 days.\n",
	})
	article := filepath.Join(out, "en/returns/refunds/index.html")
	if page, _ := os.ReadFile(article); !bytes.Contains(page, []byte(`<a href="/el/" lang="el"`)) {
		t.Fatalf("before the Greek section exists, the Greek link should lead to the Greek home:\n%s", page)
	}
	saveAndRebuild(t, s, site, "content/el/returns/_index.md", "+++\ntitle = \"Επιστροφές\"\n+++\n")
	if page, _ := os.ReadFile(article); !bytes.Contains(page, []byte(`<a href="/el/returns/" lang="el"`)) {
		t.Errorf("after the Greek section was added, the Greek link should lead to it:\n%s", page)
	}
	compareWithCleanBuild(t, "Greek section added", site, out)
}

// TestBodyEditRechecksLinkingPages: a body-only edit that removes the
// heading another page links to renders only the edited page (in each
// language that shows it), yet reports the linking page's broken anchor
// as a clean build does, and stops reporting it once the heading is back.
func TestBodyEditRechecksLinkingPages(t *testing.T) {
	site := sampleSite(t)
	signIn := filepath.Join(site, "content/en/account/sign-in.md")
	write(t, signIn, "+++\ntitle = \"Sign in\"\n+++\nUse your email. See [returns](../faq/returns.md#can-i-return-it).\n")
	returns := filepath.Join(site, "content/en/faq/returns.md")
	out := filepath.Join(t.TempDir(), "public")
	s := builder.NewSession(builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default()})
	t.Cleanup(s.Close) // before out is removed: the static index refresh writes there
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct{ body, broken string }{
		{"## Can we take it back?\n\nYes.\n", "can-i-return-it"},
		{"## Can I return it?\n\nYes, within 30 days.\n", ""},
	} {
		write(t, returns, "+++\ntitle = \"Returns\"\n+++\n"+step.body)
		res, err := s.Rebuild(context.Background(), []string{returns})
		if err != nil {
			t.Fatal(err)
		}
		clean, err := builder.Build(context.Background(), builder.Options{SiteDir: site, Out: filepath.Join(t.TempDir(), "public"), IndexDir: "-", Theme: themes.Default()})
		if err != nil {
			t.Fatal(err)
		}
		got, want := fmt.Sprint(res.Diagnostics), fmt.Sprint(clean.Diagnostics)
		if got != want {
			t.Errorf("after %q the rebuild reports\n%s\na clean build\n%s", step.body, got, want)
		}
		if reported := strings.Contains(got, step.broken) && strings.Contains(got, "sign-in.md"); step.broken != "" && !reported {
			t.Errorf("after %q: no broken anchor %q reported for sign-in.md: %s", step.body, step.broken, got)
		}
		if step.broken == "" && strings.Contains(got, "can-i-return-it") {
			t.Errorf("after the heading is back: %s", got)
		}
		if res.Pages > 2 {
			t.Errorf("a body edit rendered %d pages: want the edited page and its Greek fallback only", res.Pages)
		}
	}
}

// TestImageAddedOrRemovedRechecksPage: in kb serve a writer links a
// screenshot before saving it, saves it, then deletes it. Each rebuild
// reports the page's missing image and shows the page as a clean build
// does: the image found once it is there, missing again once it is
// deleted, and published only while it exists.
func TestImageAddedOrRemovedRechecksPage(t *testing.T) {
	site := sampleSite(t)
	signIn := filepath.Join(site, "content/en/account/sign-in.md")
	shot := filepath.Join(site, "content/en/account/screen.png")
	write(t, signIn, "+++\ntitle = \"Sign in\"\n+++\nUse your email.\n\n![The sign-in screen](screen.png)\n")
	out := filepath.Join(t.TempDir(), "public")
	s := builder.NewSession(builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default()})
	t.Cleanup(s.Close)
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		name   string
		change func()
		absent bool
	}{
		{"the image saved", func() { write(t, shot, "\x89PNG\r\n\x1a\n") }, false},
		{"the image deleted", func() { os.Remove(shot) }, true},
	} {
		step.change()
		res, err := s.Rebuild(context.Background(), []string{shot})
		if err != nil {
			t.Fatal(err)
		}
		clean, err := builder.Build(context.Background(), builder.Options{SiteDir: site, Out: filepath.Join(t.TempDir(), "public"), IndexDir: "-", Theme: themes.Default()})
		if err != nil {
			t.Fatal(err)
		}
		got, want := fmt.Sprint(res.Diagnostics), fmt.Sprint(clean.Diagnostics)
		if got != want {
			t.Errorf("%s: the rebuild reports\n%s\na clean build\n%s", step.name, got, want)
		}
		if reported := strings.Contains(got, `image "screen.png" does not exist`); reported != step.absent {
			t.Errorf("%s: missing image reported: %v, want %v: %s", step.name, reported, step.absent, got)
		}
		if _, err := os.Stat(filepath.Join(out, "en/account/screen.png")); (err != nil) != step.absent {
			t.Errorf("%s: published image: %v", step.name, err)
		}
		if page := readOut(t, out, "en/account/sign-in/index.html"); strings.Contains(page, `src="/en/account/screen.png"`) == step.absent {
			t.Errorf("%s: the page's image is not as a clean build shows it:\n%s", step.name, page)
		}
	}
}

// TestCaptionsAddedToVideo: a writer saves the captions of a video the
// page already plays; the rebuild gives the player its track, as a clean
// build does, and takes it away when they go.
func TestCaptionsAddedToVideo(t *testing.T) {
	site := sampleSite(t)
	page := filepath.Join(site, "content/en/account/sign-in.md")
	write(t, page, "+++\ntitle = \"Sign in\"\n+++\n![Signing in](sign-in.mp4)\n")
	write(t, filepath.Join(site, "content/en/account/sign-in.mp4"), "mp4")
	captions := filepath.Join(site, "content/en/account/sign-in.vtt")
	out := filepath.Join(t.TempDir(), "public")
	s := builder.NewSession(builder.Options{SiteDir: site, Out: out, IndexDir: "-", Theme: themes.Default()})
	t.Cleanup(s.Close)
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	track := `<track kind="captions" src="/en/account/sign-in.vtt" srclang="en"`
	if got := readOut(t, out, "en/account/sign-in/index.html"); !strings.Contains(got, `<video class="media" src="/en/account/sign-in.mp4"`) || strings.Contains(got, track) {
		t.Fatalf("before the captions, the page should play the video without a track:\n%s", got)
	}
	write(t, captions, "WEBVTT\n")
	rebuildAfter(t, s, captions)
	if got := readOut(t, out, "en/account/sign-in/index.html"); !strings.Contains(got, track) {
		t.Errorf("the captions saved: the player has no track:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(out, "en/account/sign-in.vtt")); err != nil {
		t.Errorf("the captions are not published: %v", err)
	}
	os.Remove(captions)
	rebuildAfter(t, s, captions)
	if got := readOut(t, out, "en/account/sign-in/index.html"); strings.Contains(got, track) {
		t.Errorf("the captions deleted: the player still has their track:\n%s", got)
	}
}

// removeAndRebuild deletes one file of the site, a slash path, and
// rebuilds as kb serve does when it sees the deletion.
func removeAndRebuild(t *testing.T, s *builder.Session, site, name string) builder.Result {
	t.Helper()
	file := filepath.Join(site, filepath.FromSlash(name))
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	return rebuildAfter(t, s, file)
}

// TestSectionGoneInOneLanguage: the only English page of a section that
// no _index.md names is deleted, then written again. The Greek section
// page's language switcher and alternates follow, as in a clean build.
func TestSectionGoneInOneLanguage(t *testing.T) {
	const returns = "+++\ntitle = \"Returns\"\n+++\n## Can I return it?\n\nYes.\n"
	s, site, out := serving(t, map[string]string{
		"site.toml":                 "defaultLanguage = \"en\"\n[languages.en]\n[languages.el]\n",
		"content/en/faq/returns.md": returns,
		"content/el/faq/returns.md": "+++\ntitle = \"Επιστροφές\"\n+++\n## Μπορώ να το επιστρέψω;\n\nΝαι.\n",
	})
	removeAndRebuild(t, s, site, "content/en/faq/returns.md")
	compareWithCleanBuild(t, "deleted", site, out)
	saveAndRebuild(t, s, site, "content/en/faq/returns.md", returns)
	compareWithCleanBuild(t, "written again", site, out)
}

// TestRedirectToRebuilds: in kb serve a writer gives a section Zola's
// redirect_to, removes its target page, then points it at another site.
// Each rebuild gives the output and the warnings of a clean build.
func TestRedirectToRebuilds(t *testing.T) {
	s, site, out := serving(t, map[string]string{
		"site.toml":                    "defaultLanguage = \"en\"\n[languages.en]\n[languages.el]\n",
		"content/en/account/_index.md": "+++\ntitle = \"Account\"\n+++\n",
		"content/en/account/login.md":  "+++\ntitle = \"Log in\"\n+++\nWith email.\n",
		"content/en/faq/returns.md":    "+++\ntitle = \"Returns\"\n+++\nSend it back.\n",
	})
	const section = "content/en/account/_index.md"
	steps := []struct {
		name string
		edit func() builder.Result
		warn string
	}{
		{"redirect_to added", func() builder.Result {
			return saveAndRebuild(t, s, site, section, "+++\ntitle = \"Account\"\nredirect_to = \"en/faq/returns\"\n+++\n")
		}, ""},
		{"target removed", func() builder.Result {
			return removeAndRebuild(t, s, site, "content/en/faq/returns.md")
		}, `redirect_to "en/faq/returns" is not a page or file of this site`},
		{"another site", func() builder.Result {
			return saveAndRebuild(t, s, site, section, "+++\ntitle = \"Account\"\nredirect_to = \"https://old.example.org/account/\"\n+++\n")
		}, ""},
	}
	for _, step := range steps {
		res := step.edit()
		clean := compareWithCleanBuild(t, step.name, site, out)
		got, want := fmt.Sprint(res.Diagnostics), fmt.Sprint(clean.Diagnostics)
		if got != want {
			t.Errorf("%s: the rebuild reports\n%s\na clean build\n%s", step.name, got, want)
		}
		if step.warn != "" && !strings.Contains(got, section+":3: warning: "+step.warn) {
			t.Errorf("%s: no warning %q at the section's line: %s", step.name, step.warn, got)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(out, "_redirects")); !strings.Contains(string(b), "/en/account/ https://old.example.org/account/ 301") {
		t.Errorf("_redirects:\n%s", b)
	}
}

// TestPermalinkFollowsDateEdit: in kb serve a writer changes the date of a
// post whose section's [permalinks] pattern holds its date: the post
// moves to its new address, its old one is gone, and the links, aliases
// and sitemap that name it follow, as in a clean build.
func TestPermalinkFollowsDateEdit(t *testing.T) {
	const post = "content/en/blog/launch.md"
	s, site, out := serving(t, map[string]string{
		"site.toml":           "defaultLanguage = \"en\"\ndefaultLanguageInSubdir = false\n[languages.en]\n[permalinks]\nblog = \"/:section/:year/:month/:contentbasename/\"\n",
		post:                  "---\ntitle: Launch\ndate: 2024-01-05\naliases: [/launch/]\n---\nWe launched.\n",
		"content/en/about.md": "---\ntitle: About\n---\nRead [the launch](blog/launch.md).\n",
	})
	if _, err := os.Stat(filepath.Join(out, "blog/2024/01/launch/index.html")); err != nil {
		t.Fatalf("before the edit: %v", err)
	}
	saveAndRebuild(t, s, site, post, "---\ntitle: Launch\ndate: 2024-02-09\naliases: [/launch/]\n---\nWe launched.\n")
	if _, err := os.Stat(filepath.Join(out, "blog/2024/01/launch/index.html")); err == nil {
		t.Error("the post is still at its old address")
	}
	for file, want := range map[string]string{
		"blog/2024/02/launch/index.html": "We launched.",
		"about/index.html":               `href="/blog/2024/02/launch/"`,
		"_redirects":                     "/launch/ /blog/2024/02/launch/ 301",
		"sitemap.xml":                    "/blog/2024/02/launch/",
	} {
		if b, _ := os.ReadFile(filepath.Join(out, file)); !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %q:\n%s", file, want, b)
		}
	}
	compareWithCleanBuild(t, "date edited", site, out)
}

// TestMDXEditRebuilds: in kb serve, saving an .mdx page re-renders it and
// a new .mdx translation appears, as in a clean build.
func TestMDXEditRebuilds(t *testing.T) {
	s, site, out := serving(t, map[string]string{
		"site.toml":                  "defaultLanguage = \"en\"\n[languages.en]\n[languages.fa]\n",
		"content/en/start.mdx":       "---\ntitle: Start\n---\nimport { Badge } from 'x';\n\nFirst <Badge text=\"v1\" />.\n",
		"content/en/guide/_index.md": "---\ntitle: Guide\n---\n",
	})
	saveAndRebuild(t, s, site, "content/en/start.mdx", "---\ntitle: Start\n---\nimport { Badge } from 'x';\n\nSecond <Badge text=\"v2\" />.\n")
	if page, _ := os.ReadFile(filepath.Join(out, "en/start/index.html")); !bytes.Contains(page, []byte(`Second <span class="badge">v2</span>.`)) {
		t.Errorf("after the .mdx page was saved, its page lacks the new text:\n%s", page)
	}
	saveAndRebuild(t, s, site, "content/fa/start.mdx", "---\ntitle: شروع\n---\nسلام.\n")
	if page, _ := os.ReadFile(filepath.Join(out, "fa/start/index.html")); !bytes.Contains(page, []byte("<p>سلام.</p>")) {
		t.Errorf("a new Persian .mdx translation was not published:\n%s", page)
	}
	compareWithCleanBuild(t, "mdx saved", site, out)
}

// nestedSectionSite is a product's section with a section nested in it, in
// English, and one article of it in Greek.
var nestedSectionSite = map[string]string{
	"site.toml":                                     "defaultLanguage = \"en\"\n[languages.en]\n[languages.el]\n",
	"content/en/android/_index.md":                  "+++\ntitle = \"Android\"\n+++\n",
	"content/en/android/install.md":                 "+++\ntitle = \"Install\"\n+++\nGet it.\n",
	"content/en/android/solving-problems/_index.md": "+++\ntitle = \"Solving problems\"\n+++\n",
	"content/en/android/solving-problems/slow.md":   "+++\ntitle = \"Slow\"\n+++\nTry another place.\n",
	"content/el/android/solving-problems/slow.md":   "+++\ntitle = \"Αργή σύνδεση\"\n+++\nΔοκιμάστε αλλού.\n",
}

// TestNestedSectionTitleRebuilds: in kb serve a writer renames a nested
// section (Hugo's android/solving-problems/_index.md). The breadcrumbs of
// the articles below it and its top-level section's list of nested
// sections show the new title, as in a clean build; so do they after an
// article moves into it, and after its _index.md goes and comes back.
func TestNestedSectionTitleRebuilds(t *testing.T) {
	s, site, out := serving(t, nestedSectionSite)
	saveAndRebuild(t, s, site, "content/en/android/solving-problems/_index.md", "+++\ntitle = \"Troubleshooting\"\n+++\n")
	for _, file := range []string{"en/android/solving-problems/slow/index.html", "el/android/solving-problems/slow/index.html", "en/android/index.html"} {
		if page, _ := os.ReadFile(filepath.Join(out, file)); !bytes.Contains(page, []byte(">Troubleshooting</a>")) {
			t.Errorf("%s lacks the nested section's new title:\n%s", file, page)
		}
	}
	compareWithCleanBuild(t, "nested section renamed", site, out)
	// The nested section's articles list their neighbours beside them.
	saveAndRebuild(t, s, site, "content/en/android/solving-problems/battery.md", "+++\ntitle = \"Battery drains\"\n+++\nTurn off the kill switch.\n")
	page, _ := os.ReadFile(filepath.Join(out, "en/android/solving-problems/slow/index.html"))
	if _, nav, _ := bytes.Cut(page, []byte(`<nav class="section-nav"`)); !bytes.Contains(nav, []byte(`<li><a href="/en/android/solving-problems/battery/">Battery drains</a></li>`)) {
		t.Errorf("the article beside the new one does not list it:\n%s", page)
	}
	compareWithCleanBuild(t, "article added to the nested section", site, out)
	removeAndRebuild(t, s, site, "content/en/android/install.md")
	saveAndRebuild(t, s, site, "content/en/android/solving-problems/install.md", "+++\ntitle = \"Install\"\n+++\nGet it.\n")
	compareWithCleanBuild(t, "article moved into the nested section", site, out)
	removeAndRebuild(t, s, site, "content/en/android/solving-problems/_index.md")
	compareWithCleanBuild(t, "nested section's page removed", site, out)
	saveAndRebuild(t, s, site, "content/en/android/solving-problems/_index.md", "+++\ntitle = \"Solving problems\"\n+++\n")
	compareWithCleanBuild(t, "nested section's page written again", site, out)
}

// TestIncludeEditRebuilds: in kb serve a writer edits the parts that a
// VitePress page includes, a page of its own (headless) and a text file.
// The including page shows the new text, as a clean build does.
func TestIncludeEditRebuilds(t *testing.T) {
	s, site, out := serving(t, map[string]string{
		"site.toml":                  "defaultLanguage = \"en\"\n[languages.en]\n",
		"content/en/guide/start.md":  "---\ntitle: Start\n---\nBefore.\n\n<!--@include: ../parts/note.md-->\n\n<!--@include: ../parts/cmd.txt{2,}-->\n",
		"content/en/parts/note.md":   "---\nheadless: true\n---\nFirst note.\n",
		"content/en/parts/cmd.txt":   "skipped\nnpm install\n",
		"content/en/guide/_index.md": "---\ntitle: Guide\n---\n",
	})
	saveAndRebuild(t, s, site, "content/en/parts/note.md", "---\nheadless: true\n---\nSecond note.\n")
	if page, _ := os.ReadFile(filepath.Join(out, "en/guide/start/index.html")); !bytes.Contains(page, []byte("<p>Second note.</p>")) {
		t.Errorf("after the included page was saved, the including page lacks its new text:\n%s", page)
	}
	compareWithCleanBuild(t, "included page saved", site, out)
	saveAndRebuild(t, s, site, "content/en/parts/cmd.txt", "skipped\npnpm install\n")
	if page, _ := os.ReadFile(filepath.Join(out, "en/guide/start/index.html")); !bytes.Contains(page, []byte("<p>pnpm install</p>")) {
		t.Errorf("after the included text file was saved, the including page lacks its new text:\n%s", page)
	}
	compareWithCleanBuild(t, "included file saved", site, out)
}

// TestSnippetEditRebuilds: kb serve renders a page again when a snippet
// it imports (<<< @/snippets/x.js#region) or includes lines of is saved,
// outside content/, and that page only.
func TestSnippetEditRebuilds(t *testing.T) {
	s, site, out := serving(t, map[string]string{
		"site.toml":                  "defaultLanguage = \"en\"\n[languages.en]\n",
		"content/en/guide/start.md":  "---\ntitle: Start\n---\nBefore.\n\n<<< @/snippets/app.js#main\n\n```sh\n<!--@include: @/snippets/cmd.sh{2,}-->\n```\n",
		"content/en/guide/_index.md": "---\ntitle: Guide\n---\n",
		"content/en/guide/other.md":  "---\ntitle: Other\n---\nNo snippet.\n",
		"snippets/app.js":            "// #region main\nconst first = 1\n// #endregion main\n",
		"snippets/cmd.sh":            "#!/bin/sh\nnpm install\n",
	})
	page := func() string {
		html, _ := os.ReadFile(filepath.Join(out, "en/guide/start/index.html"))
		return string(html)
	}
	res := saveAndRebuild(t, s, site, "snippets/app.js", "// #region main\nconst second = 2\n// #endregion main\n")
	if res.Pages != 1 {
		t.Errorf("saving a snippet rendered %d pages: want the one page that imports it", res.Pages)
	}
	if !strings.Contains(page(), "const second = 2") || strings.Contains(page(), "const first") {
		t.Errorf("after the imported snippet was saved, the page lacks its new region:\n%s", page())
	}
	compareWithCleanBuild(t, "imported snippet saved", site, out)
	saveAndRebuild(t, s, site, "snippets/cmd.sh", "#!/bin/sh\npnpm install\n")
	if !strings.Contains(page(), "pnpm install") {
		t.Errorf("after the included snippet was saved, the page lacks its new line:\n%s", page())
	}
	compareWithCleanBuild(t, "included snippet saved", site, out)
	if _, err := os.Stat(filepath.Join(out, "snippets")); err == nil {
		t.Error("the snippets folder is published")
	}
}

// TestDataEditRebuilds: in kb serve a writer edits a Hugo data file that
// a shortcode template reads (.Site.Data), adds one and breaks one; the
// pages show what a clean build shows, and data/ is never published.
func TestDataEditRebuilds(t *testing.T) {
	s, site, out := serving(t, map[string]string{
		"hugo.toml":                     "baseURL = 'https://example.org/'\ntitle = 'T'\n",
		"layouts/_shortcodes/hint.html": `<aside class="hint">{{ .Site.Data.hints.first }} {{ with site.Data.extra }}{{ .more }}{{ end }}</aside>`,
		"data/hints.yaml":               "first: Mind the gap\n",
		"content/guide/_index.md":       "---\ntitle: Guide\n---\n",
		"content/guide/start.md":        "---\ntitle: Start\n---\n{{< hint >}}\n",
	})
	page := func() string {
		html, _ := os.ReadFile(filepath.Join(out, "guide/start/index.html"))
		return string(html)
	}
	saveAndRebuild(t, s, site, "data/hints.yaml", "first: Watch the gap\n")
	if !strings.Contains(page(), `<aside class="hint">Watch the gap </aside>`) {
		t.Errorf("after the data file was saved, the page lacks its new value:\n%s", page())
	}
	compareWithCleanBuild(t, "data file saved", site, out)
	saveAndRebuild(t, s, site, "data/extra.json", `{"more": "and the step"}`)
	if !strings.Contains(page(), `<aside class="hint">Watch the gap and the step</aside>`) {
		t.Errorf("after a data file was added, the page lacks its value:\n%s", page())
	}
	compareWithCleanBuild(t, "data file added", site, out)
	res := saveAndRebuild(t, s, site, "data/extra.json", `{"more": `)
	if !strings.Contains(page(), `<aside class="hint">Watch the gap </aside>`) {
		t.Errorf("after a data file was broken, the page still shows its old value:\n%s", page())
	}
	if !slices.ContainsFunc(res.Diagnostics, func(d diag.Diagnostic) bool { return d.File == "data/extra.json" }) {
		t.Errorf("the broken data file is no warning at its path: %v", res.Diagnostics)
	}
	compareWithCleanBuild(t, "data file broken", site, out)
	if _, err := os.Stat(filepath.Join(out, "data")); err == nil {
		t.Error("the data folder is published")
	}
}

// TestRenderHookEditRebuilds: in kb serve the site owner edits a render
// hook, adds one and deletes one; the pages show what a clean build shows.
func TestRenderHookEditRebuilds(t *testing.T) {
	s, site, out := serving(t, map[string]string{
		"hugo.toml":                        "baseURL = 'https://example.org/'\ntitle = 'T'\n",
		"layouts/_markup/render-link.html": `<a class="first" href="{{ .Destination }}">{{ .Text }}</a>`,
		"content/guide/_index.md":          "---\ntitle: Guide\n---\n",
		"content/guide/start.md":           "---\ntitle: Start\n---\nRead [the guide](/guide/).\n\n## Steps\n",
	})
	page := func() string {
		html, _ := os.ReadFile(filepath.Join(out, "guide/start/index.html"))
		return string(html)
	}
	saveAndRebuild(t, s, site, "layouts/_markup/render-link.html", `<a class="second" href="{{ .Destination }}">{{ .Text }}</a>`)
	if !strings.Contains(page(), `<a class="second" href="/guide/">the guide</a>`) {
		t.Errorf("after the link hook was saved, the page lacks its output:\n%s", page())
	}
	compareWithCleanBuild(t, "link hook saved", site, out)
	saveAndRebuild(t, s, site, "layouts/_default/_markup/render-heading.html", `<h{{ .Level }} id="{{ .Anchor }}" class="hooked">{{ .Text }}</h{{ .Level }}>`)
	if !strings.Contains(page(), `<h2 id="steps" class="hooked">Steps</h2>`) {
		t.Errorf("after a heading hook was added, the page lacks its output:\n%s", page())
	}
	compareWithCleanBuild(t, "heading hook added", site, out)
	if err := os.Remove(filepath.Join(site, "layouts/_markup/render-link.html")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Rebuild(context.Background(), []string{"layouts/_markup/render-link.html"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(page(), `class="second"`) {
		t.Errorf("after the link hook was deleted, the page still shows its output:\n%s", page())
	}
	compareWithCleanBuild(t, "link hook deleted", site, out)
}

// getPageSite is a Hugo site whose pages show other pages through
// GetPage: Hugo docs' include (.RenderShortcodes) of a page not rendered
// and of a published one, a page's description and a param of its front
// matter (as Hugo docs' glossary reads a term's reference), and a
// section's pages,
// in English and Arabic.
var getPageSite = map[string]string{
	"hugo.toml":                          "baseURL = 'https://example.org/'\ntitle = 'T'\ndefaultContentLanguage = 'en'\n[languages.en]\nweight = 1\n[languages.ar]\nweight = 2\n",
	"layouts/_shortcodes/include.html":   "{{ with or ($.Page.GetPage (.Get 0)) (site.GetPage (.Get 0)) }}{{ .RenderShortcodes }}{{ else }}<p>none</p>{{ end }}",
	"layouts/_shortcodes/desc.html":      "<p class=\"desc\">{{ with site.GetPage (.Get 0) }}{{ .Description }}{{ else }}none{{ end }}</p>",
	"layouts/_shortcodes/children.html":  "<ul class=\"children\">{{ range (site.GetPage (.Get 0)).Pages }}<li>{{ .LinkTitle }}</li>{{ end }}</ul>",
	"layouts/_shortcodes/reference.html": "<p class=\"ref\">{{ with site.GetPage (.Get 0) }}{{ .Params.reference }}{{ end }}</p>",
	"content/en/docs/_index.md":          "---\ntitle: Docs\n---\n",
	"content/en/docs/start.md":           "---\ntitle: Start\n---\n{{% include \"parts/setup\" %}}\n\n{{% include \"/docs/notes\" %}}\n\n{{< desc \"/docs/guide\" >}}\n\n{{< children \"/docs\" >}}\n\n{{< reference \"/docs/guide\" >}}\n",
	"content/en/docs/guide.md":           "---\ntitle: Guide\ndescription: All the steps.\nreference: https://example.org/v1\n---\nGuide text.\n",
	"content/en/docs/notes.md":           "---\ntitle: Notes\n---\nFirst notes.\n",
	"content/en/docs/parts/setup.md":     "---\nheadless: true\n---\nRun setup.\n",
	"content/ar/docs/_index.md":          "---\ntitle: المستندات\n---\n",
	"content/ar/docs/start.md":           "---\ntitle: البداية\n---\n{{% include \"parts/setup\" %}}\n",
	"content/ar/docs/parts/setup.md":     "---\nheadless: true\n---\nشغّل الإعداد.\n",
}

// editStep is a file saved (or, with data "", deleted) in kb serve, and
// what a page then shows and does not show.
type editStep struct {
	name, file, data    string
	page, want, wantNot string
}

// editSteps takes the steps in kb serve, checking after each that the
// page shows what it should and that the output equals a clean build.
func editSteps(t *testing.T, s *builder.Session, site, out string, steps []editStep) {
	t.Helper()
	for _, step := range steps {
		if step.data == "" {
			removeAndRebuild(t, s, site, step.file)
		} else {
			saveAndRebuild(t, s, site, step.file, step.data)
		}
		html, _ := os.ReadFile(filepath.Join(out, step.page))
		if !strings.Contains(string(html), step.want) || step.wantNot != "" && strings.Contains(string(html), step.wantNot) {
			t.Errorf("%s: %s should show %q and not %q:\n%s", step.name, step.page, step.want, step.wantNot, html)
		}
		compareWithCleanBuild(t, step.name, site, out)
	}
}

// TestGetPageEditRebuilds: in kb serve a writer edits, deletes and writes
// again the pages that other pages show through Hugo's GetPage; the pages
// that show them change with them, as a clean build does.
func TestGetPageEditRebuilds(t *testing.T) {
	s, site, out := serving(t, getPageSite)
	editSteps(t, s, site, out, []editStep{
		{"included page not rendered saved", "content/en/docs/parts/setup.md", "---\nheadless: true\n---\nRun the new setup.\n", "docs/start/index.html", "<p>Run the new setup.</p>", ""},
		{"Arabic included page saved", "content/ar/docs/parts/setup.md", "---\nheadless: true\n---\nشغّل الإعداد الجديد.\n", "ar/docs/start/index.html", "<p>شغّل الإعداد الجديد.</p>", ""},
		{"included page saved", "content/en/docs/notes.md", "---\ntitle: Notes\n---\nSecond notes.\n", "docs/start/index.html", "<p>Second notes.</p>", ""},
		{"description changed", "content/en/docs/guide.md", "---\ntitle: Guide\ndescription: Every step.\n---\nGuide text.\n", "docs/start/index.html", `<p class="desc">Every step.</p>`, ""},
		{"param changed", "content/en/docs/guide.md", "---\ntitle: Guide\ndescription: Every step.\nreference: https://example.org/v2\n---\nGuide text.\n", "docs/start/index.html", `<p class="ref">https://example.org/v2</p>`, "v1"},
		{"included page not rendered deleted", "content/en/docs/parts/setup.md", "", "docs/start/index.html", "", "new setup"},
		{"included page deleted", "content/en/docs/notes.md", "", "docs/start/index.html", "<p>none</p>", "Second notes"},
		{"included page written again", "content/en/docs/notes.md", "---\ntitle: Notes\n---\nThird notes.\n", "docs/start/index.html", "<p>Third notes.</p>", ""},
		{"page added to the listed section", "content/en/docs/more.md", "---\ntitle: More\n---\nMore text.\n", "docs/start/index.html", "<li>More</li>", ""},
	})
}

// TestRawContentEditRebuilds: in kb serve a writer edits, adds and
// deletes the pages whose Markdown a glossary lists through .RawContent
// in a template called with {{% %}} (Hugo docs' glossary), in English and
// Arabic; the glossary changes with them, and so does a page whose link
// hook checks the glossary's .Fragments, as a clean build does.
func TestRawContentEditRebuilds(t *testing.T) {
	s, site, out := serving(t, map[string]string{
		"hugo.toml":                         "baseURL = 'https://example.org/'\ntitle = 'T'\ndefaultContentLanguage = 'en'\n[languages.en]\nweight = 1\n[languages.ar]\nweight = 2\n[markup.goldmark.parser]\nautoDefinitionTermID = true\n",
		"layouts/_shortcodes/glossary.html": "{{ range (site.GetPage \"/glossary\").Pages }}\n{{ .Title }}\n: {{ .RawContent | strings.TrimSpace | safeHTML }}\n{{ end }}",
		"content/en/glossary/_index.md":     "---\ntitle: Glossary\n---\n{{% glossary %}}\n",
		"layouts/_markup/render-link.html":  "{{ $u := urls.Parse .Destination }}{{ $p := site.GetPage $u.Path }}<a href=\"{{ .Destination }}\" data-found=\"{{ $p.Fragments.Identifiers.Contains $u.Fragment }}\">{{ .Text }}</a>",
		"content/en/guide.md":               "---\ntitle: Guide\n---\nSee [the build](/glossary/#build).\n",
		"content/en/glossary/cache.md":      "---\ntitle: cache\n---\nWhere files are *kept*.\n",
		"content/ar/glossary/_index.md":     "---\ntitle: المسرد\n---\n{{% glossary %}}\n",
		"content/ar/glossary/cache.md":      "---\ntitle: ذاكرة\n---\nحيث تُحفظ *الملفات*.\n",
	})
	editSteps(t, s, site, out, []editStep{
		{"term saved", "content/en/glossary/cache.md", "---\ntitle: cache\n---\nWhere files are *kept* for later.\n", "glossary/index.html", "<dd>Where files are <em>kept</em> for later.</dd>", ""},
		{"Arabic term saved", "content/ar/glossary/cache.md", "---\ntitle: ذاكرة\n---\nحيث تُحفظ *كل* الملفات.\n", "ar/glossary/index.html", "<dd>حيث تُحفظ <em>كل</em> الملفات.</dd>", ""},
		{"term added", "content/en/glossary/build.md", "---\ntitle: build\n---\nMaking the site.\n", "guide/index.html", `data-found="true"`, ""},
		{"term deleted", "content/en/glossary/build.md", "", "guide/index.html", `data-found="false"`, ""},
	})
}

// TestPartialEditRebuilds: in kb serve a writer edits, deletes and writes
// again the "_" partials that pages include (a Docusaurus page's MDX
// import, in English and Arabic, and the Hugo docs' _common page that the
// include shortcode finds with GetPage); the pages that include them
// change with them, as a clean build does, and no partial is published.
func TestPartialEditRebuilds(t *testing.T) {
	s, site, out := serving(t, map[string]string{
		"site.toml":                       "defaultLanguage = \"en\"\n[languages.en]\nweight = 1\n[languages.ar]\nweight = 2\n",
		"layouts/shortcodes/include.html": "{{ with site.GetPage (.Get 0) }}{{ .RenderShortcodes }}{{ else }}<p>none</p>{{ end }}",
		"content/en/guide/_index.md":      "---\ntitle: Guide\n---\n",
		"content/en/guide/order.mdx":      "---\ntitle: Ordering\n---\nimport Shipping from './_shipping.mdx';\n\n<Shipping />\n",
		"content/en/guide/_shipping.mdx":  "Ships in three days.\n",
		"content/en/guide/glob.md":        "---\ntitle: Glob\n---\n{{% include \"/_common/glob\" %}}\n",
		"content/en/_common/_index.md":    "---\nheadless: true\n---\n",
		"content/en/_common/glob.md":      "---\n---\nStar matches.\n",
		"content/ar/guide/_index.md":      "---\ntitle: الدليل\n---\n",
		"content/ar/guide/order.mdx":      "---\ntitle: الطلب\n---\nimport Shipping from './_shipping.mdx';\n\n<Shipping />\n",
		"content/ar/guide/_shipping.mdx":  "يُشحن خلال ثلاثة أيام.\n",
	})
	editSteps(t, s, site, out, []editStep{
		{"imported partial saved", "content/en/guide/_shipping.mdx", "Ships in two days.\n", "en/guide/order/index.html", "<p>Ships in two days.</p>", "three"},
		{"Arabic imported partial saved", "content/ar/guide/_shipping.mdx", "يُشحن خلال يومين.\n", "ar/guide/order/index.html", "<p>يُشحن خلال يومين.</p>", "ثلاثة"},
		{"imported partial deleted", "content/en/guide/_shipping.mdx", "", "en/guide/order/index.html", "", "two days"},
		{"imported partial written again", "content/en/guide/_shipping.mdx", "Ships today.\n", "en/guide/order/index.html", "<p>Ships today.</p>", ""},
		{"_common page saved", "content/en/_common/glob.md", "---\n---\nDouble star matches.\n", "en/guide/glob/index.html", "<p>Double star matches.</p>", ""},
		{"_common page deleted", "content/en/_common/glob.md", "", "en/guide/glob/index.html", "<p>none</p>", "Double star"},
		{"_common page written again", "content/en/_common/glob.md", "---\n---\nQuestion mark matches.\n", "en/guide/glob/index.html", "<p>Question mark matches.</p>", ""},
	})
	for _, partial := range []string{"en/guide/_shipping", "ar/guide/_shipping", "en/_common/glob", "en/_common"} {
		if _, err := os.Stat(filepath.Join(out, partial, "index.html")); err == nil {
			t.Errorf("the partial %s is published", partial)
		}
	}
}

// resourceSite is a Hugo site whose shortcode templates read resources:
// an icon of assets/ inlined, a download of assets/ linked (which
// publishes it), and a page bundle's SVG inlined, in English and Arabic;
// a page's attachments listed with readDir, as Learn's are.
var resourceSite = map[string]string{
	"hugo.toml":                            "baseURL = 'https://example.org/'\ntitle = 'T'\ndefaultContentLanguage = 'en'\n[languages.en]\nweight = 1\n[languages.ar]\nweight = 2\n",
	"layouts/_shortcodes/icon.html":        `{{ with resources.Get (printf "icons/%s.svg" (.Get 0)) }}<i class="icon">{{ .Content | safeHTML }}</i>{{ else }}<i class="no-icon"></i>{{ end }}`,
	"layouts/_shortcodes/download.html":    `{{ with resources.Get "files/notes.txt" }}<a class="dl" href="{{ .RelPermalink }}">notes</a>{{ end }}`,
	"layouts/_shortcodes/diagram.html":     `{{ with .Page.Resources.Get "diagram.svg" }}<figure>{{ .Content | safeHTML }}</figure>{{ end }} <p class="files">{{ len .Page.Resources }} files</p>`,
	"assets/icons/check.svg":               `<svg class="v1"></svg>`,
	"assets/files/notes.txt":               "First notes.\n",
	"content/en/docs/_index.md":            "---\ntitle: Docs\n---\n",
	"content/en/docs/start/index.md":       "---\ntitle: Start\n---\n{{< icon check >}} {{< download >}}\n\n{{< diagram >}}\n",
	"content/en/docs/start/diagram.svg":    `<svg class="d1"></svg>`,
	"content/en/docs/other.md":             "---\ntitle: Other\n---\nNo resources.\n",
	"layouts/_shortcodes/attachments.html": `<ul class="attachments">{{ range readDir (printf "content/en/%s%s.files" .Page.File.Dir .Page.File.BaseFileName) }}<li>{{ .Name }}</li>{{ end }}</ul>`,
	"content/en/docs/guide.md":             "---\ntitle: Guide\n---\n{{< attachments >}}\n",
	"content/en/docs/guide.files/a.txt":    "A.\n",
	"content/ar/docs/_index.md":            "---\ntitle: المستندات\n---\n",
	"content/ar/docs/start/index.md":       "---\ntitle: البداية\n---\n{{< icon check >}}\n",
	"content/ar/docs/start/diagram.svg":    `<svg class="d1"></svg>`,
}

// TestResourceEditRebuilds: in kb serve a writer edits the files that
// shortcode templates read as Hugo resources: an asset's icon, a linked
// asset and a bundle's SVG; the pages that show them change with them,
// and the output is a clean build's.
func TestResourceEditRebuilds(t *testing.T) {
	s, site, out := serving(t, resourceSite)
	if notes, err := os.ReadFile(filepath.Join(out, "files/notes.txt")); err != nil || string(notes) != "First notes.\n" {
		t.Fatalf("the linked asset is not published: %q, %v", notes, err)
	}
	editSteps(t, s, site, out, []editStep{
		{"icon saved", "assets/icons/check.svg", `<svg class="v2"></svg>`, "docs/start/index.html", `<i class="icon"><svg class="v2"></svg></i>`, "v1"},
		{"Arabic page's icon", "assets/icons/check.svg", `<svg class="v3"></svg>`, "ar/docs/start/index.html", `<i class="icon"><svg class="v3"></svg></i>`, "v2"},
		{"bundle's SVG saved", "content/en/docs/start/diagram.svg", `<svg class="d2"></svg>`, "docs/start/index.html", `<figure><svg class="d2"></svg></figure>`, "d1"},
		{"file added to the bundle", "content/en/docs/start/photo.png", "PNG", "docs/start/index.html", `<p class="files">2 files</p>`, ""},
		{"linked asset saved", "assets/files/notes.txt", "Second notes.\n", "files/notes.txt", "Second notes.", "First"},
		{"icon deleted", "assets/icons/check.svg", "", "docs/start/index.html", `<i class="no-icon"></i>`, "v3"},
		{"attachment added", "content/en/docs/guide.files/b.txt", "B.\n", "docs/guide/index.html", `<ul class="attachments"><li>a.txt</li><li>b.txt</li></ul>`, ""},
		{"attachment deleted", "content/en/docs/guide.files/a.txt", "", "docs/guide/index.html", `<ul class="attachments"><li>b.txt</li></ul>`, "a.txt"},
		{"page saved again", "content/en/docs/start/index.md", "---\ntitle: Start\n---\n{{< download >}} again\n", "docs/start/index.html", `<a class="dl" href="/files/notes.txt">notes</a> again`, ""},
	})
}

// TestParamWarningFollowsTemplates: in kb serve a front matter key kb
// does not read warns until a shortcode template that reads it is saved,
// and a page saved then keeps it without a warning; the warning is back
// when the template goes.
func TestParamWarningFollowsTemplates(t *testing.T) {
	s, site, _ := serving(t, map[string]string{
		"hugo.toml":             "baseURL = 'https://example.org/'\ntitle = 'T'\ndefaultContentLanguage = 'en'\n[languages.en]\n[languages.ar]\n",
		"content/en/terms/x.md": "---\ntitle: X\nreference: https://example.org/x\n---\nText.\n",
		"content/ar/terms/x.md": "---\ntitle: س\nreference: https://example.org/ar/x\n---\nنص.\n",
		"content/en/_index.md":  "---\ntitle: Home\n---\n",
	})
	warns := func(res builder.Result) int {
		n := 0
		for _, d := range res.Diagnostics {
			if strings.Contains(d.Msg, `unknown key "reference"`) {
				n++
			}
		}
		return n
	}
	if n := warns(saveAndRebuild(t, s, site, "content/en/terms/x.md", "---\ntitle: X\nreference: https://example.org/x2\n---\nText.\n")); n != 2 {
		t.Errorf("no template reads reference: %d warnings, want 2 (en, ar)", n)
	}
	if n := warns(saveAndRebuild(t, s, site, "layouts/_shortcodes/term.html", "{{ with site.GetPage (.Get 0) }}{{ .Params.reference }}{{ end }}")); n != 0 {
		t.Errorf("a shortcode reads reference: %d warnings, want none", n)
	}
	if n := warns(saveAndRebuild(t, s, site, "content/ar/terms/x.md", "---\ntitle: س\nreference: https://example.org/ar/x2\n---\nنص.\n")); n != 0 {
		t.Errorf("a page saved while a shortcode reads reference: %d warnings, want none", n)
	}
	if n := warns(removeAndRebuild(t, s, site, "layouts/_shortcodes/term.html")); n != 2 {
		t.Errorf("the shortcode deleted: %d warnings, want 2", n)
	}
}
