package builder

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"

	"kb/builder/content"
	"kb/builder/diag"
	"kb/builder/limits"
	"kb/builder/markdown"
)

// Hugo's resources for a page's templates (markdown/resources.go): the
// files of a page bundle, which kb publishes beside its pages, and the
// files of the site's assets/ folder (then its Hugo theme's), of which
// kb publishes those a template asks the address of, at their path in
// assets/, as Hugo does. What a template read is an input of the page:
// kb serve renders it again when a bundle's file changes (its file is
// recorded as one the page looked up; a change beyond content/ builds
// everything), and the build cache records each listing and read with
// its digest, and renders the page again when one answers otherwise.

// callResource is the kind of resolveCall a resourceFinder records; its
// Dest starts with what was asked: a bundle listed, the assets listed, a
// file read or an asset published.
const callResource = 'R'

const (
	resBundle  = "bundle\x00"
	resAssets  = "assets"
	resRead    = "read\x00"
	resPublish = "publish\x00"
	resReadDir = "readdir\x00"
)

// assetsFolder is where a Hugo site keeps the files templates process.
const assetsFolder = "assets"

// siteAssets are the files of a site's assets/ folders, listed once a
// build, and those a template asked the address of, which the build
// publishes (copied from one build to the next in kb serve).
type siteAssets struct {
	once  sync.Once
	files []markdown.ResourceFile

	mu        sync.Mutex
	published map[string]markdown.ResourceFile // by output path
}

// resourceFinder is markdown.ResourceFinder for one page.
type resourceFinder struct {
	r        *renderer
	seenFile func(string)
	calls    *[]resolveCall // when set, records each call for the build cache
}

var _ markdown.ResourceFinder = (*resourceFinder)(nil)

func (f *resourceFinder) record(dest, digest string, ok bool) {
	if f.calls != nil {
		*f.calls = append(*f.calls, resolveCall{Kind: callResource, Dest: dest, URL: digest, OK: ok})
	}
}

// Bundle is the files kb publishes beside the page file when it is a
// bundle's: for an index.md (a leaf bundle) those in its folder and the
// folders below, for an _index.md (a branch bundle) those in its folder.
func (f *resourceFinder) Bundle(file string) []markdown.ResourceFile {
	dir, leaf, ok := bundleOf(file)
	if !ok {
		return nil
	}
	files := f.r.bundleFiles(dir, leaf)
	f.seenFile(dir)
	f.record(resBundle+file, namesDigest(files), true)
	return files
}

// bundleOf is the folder of the bundle whose page is file, and whether it
// is a leaf bundle; ok is false for a page that is no bundle's.
func bundleOf(file string) (dir string, leaf, ok bool) {
	base, _ := content.LanguageSuffix(strings.TrimSuffix(path.Base(file), path.Ext(file)))
	switch base {
	case "index":
		return path.Dir(file), true, true
	case "_index":
		return path.Dir(file), false, true
	}
	return "", false, false
}

// bundleFiles lists the files published in dir (and, for a leaf bundle,
// below it), named by their path in dir.
func (r *renderer) bundleFiles(dir string, leaf bool) []markdown.ResourceFile {
	var out []markdown.ResourceFile
	fs.WalkDir(r.siteFS, dir, func(name string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil
		case d.IsDir() && name != dir && !leaf:
			return fs.SkipDir
		case d.IsDir():
			return nil
		}
		if class, _ := content.ClassifyFile(name); class != content.Asset || !r.readable(name) {
			return nil
		}
		out = append(out, markdown.ResourceFile{
			Name:    strings.TrimPrefix(name, dir+"/"),
			File:    name,
			URL:     r.site.basePath + strings.TrimPrefix(name, "content/"),
			Markup:  strings.EqualFold(path.Ext(name), ".svg"), // published only when content.CheckAsset passes it
			Writers: true,
		})
		return nil
	})
	return out
}

// readable reports whether name is a file the site's folder holds,
// not a link leading out of it (content.OpenSite refuses those).
func (r *renderer) readable(name string) bool {
	fi, err := fs.Stat(r.siteFS, name)
	return err == nil && fi.Mode().IsRegular()
}

// Assets is the files of assets/, then those of the Hugo theme's
// assets/ that the site's do not hide.
func (f *resourceFinder) Assets() []markdown.ResourceFile {
	a := f.r.assets
	a.once.Do(func() { a.files = f.r.listAssets() })
	f.record(resAssets, namesDigest(a.files), true)
	return a.files
}

// listAssets walks the assets folders, at most limits.DataFiles files.
func (r *renderer) listAssets() []markdown.ResourceFile {
	folders := []string{assetsFolder}
	if name := r.site.cfg.HugoTheme; name != "" && name != r.site.cfg.Theme {
		folders = append(folders, path.Join("themes", name, assetsFolder))
	}
	byName := map[string]markdown.ResourceFile{}
	for _, folder := range folders {
		n := 0
		fs.WalkDir(r.siteFS, folder, func(name string, d fs.DirEntry, err error) error {
			if err != nil || name == folder {
				return nil
			}
			if content.IgnoredName(d.Name()) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if _, err := fs.Stat(r.siteFS, name); err != nil {
				r.ds.Add(diag.WarnAt(name, 0, 0, "%v", err)) // a link out of the site (content.OpenSite)
				return nil
			}
			if !r.readable(name) {
				return nil
			}
			if n++; n > limits.DataFiles {
				return fs.SkipAll
			}
			rel := strings.TrimPrefix(name, folder+"/")
			if _, hidden := byName[rel]; !hidden {
				byName[rel] = markdown.ResourceFile{Name: rel, File: name, Markup: true}
			}
			return nil
		})
	}
	out := make([]markdown.ResourceFile, 0, len(byName))
	for _, k := range slices.Sorted(maps.Keys(byName)) {
		out = append(out, byName[k])
	}
	return out
}

// Read reads a resource's file, at most max bytes.
func (f *resourceFinder) Read(rf markdown.ResourceFile, max int64) ([]byte, error) {
	f.seenFile(rf.File)
	data, err := readAtMost(f.r.siteFS, rf.File, max)
	f.record(resRead+rf.File+"\x00"+fmt.Sprint(max), readDigest(data, err), err == nil)
	return data, err
}

// readAtMost reads name, following no link out of the site wherever it
// is (images.Config reads any file of the site).
func readAtMost(fsys fs.FS, name string, max int64) ([]byte, error) {
	if err := content.CheckLinks(fsys, name); err != nil {
		return nil, err
	}
	file, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, max+1))
	if err == nil && int64(len(data)) > max {
		return nil, fmt.Errorf("%s is larger than %d KiB: templates read smaller files", name, max>>10)
	}
	return data, err
}

func readDigest(data []byte, err error) string {
	if err != nil {
		return err.Error()
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// Publish has the build copy the asset to the output, at its path in
// assets/, and returns its address.
func (f *resourceFinder) Publish(rf markdown.ResourceFile) string {
	f.r.assets.publish(rf)
	f.record(resPublish+rf.File+"\x00"+rf.Name, "", true)
	return f.r.site.basePath + rf.Name
}

func (a *siteAssets) publish(rf markdown.ResourceFile) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.published == nil {
		a.published = map[string]markdown.ResourceFile{}
	}
	a.published[rf.Name] = rf
}

// replay answers a recorded call again, and records what the page
// depends on as the call did.
func (f *resourceFinder) replay(c resolveCall) (string, bool) {
	switch {
	case c.Dest == resAssets:
		a := f.r.assets
		a.once.Do(func() { a.files = f.r.listAssets() })
		return namesDigest(a.files), true
	case strings.HasPrefix(c.Dest, resBundle):
		file := strings.TrimPrefix(c.Dest, resBundle)
		dir, leaf, _ := bundleOf(file)
		f.seenFile(dir)
		return namesDigest(f.r.bundleFiles(dir, leaf)), true
	case strings.HasPrefix(c.Dest, resRead):
		file, max, _ := strings.Cut(strings.TrimPrefix(c.Dest, resRead), "\x00")
		var n int64
		fmt.Sscan(max, &n)
		f.seenFile(file)
		data, err := readAtMost(f.r.siteFS, file, n)
		return readDigest(data, err), err == nil
	case strings.HasPrefix(c.Dest, resReadDir):
		dir := strings.TrimPrefix(c.Dest, resReadDir)
		f.seenFile(dir)
		entries, err := f.r.readDir(dir)
		return entriesDigest(entries, err), err == nil
	case strings.HasPrefix(c.Dest, resPublish):
		file, name, _ := strings.Cut(strings.TrimPrefix(c.Dest, resPublish), "\x00")
		f.r.assets.publish(markdown.ResourceFile{Name: name, File: file})
		return "", true
	}
	return "", false
}

// ReadDir lists a folder of the site for a template's readDir, following
// no link out of the site wherever the folder is (content.CheckLinks), at most
// limits.DirEntries entries. The folder is an input of the page: kb serve
// and the build cache render it again when a file comes or goes.
func (f *resourceFinder) ReadDir(dir string) ([]markdown.DirEntry, error) {
	f.seenFile(dir)
	entries, err := f.r.readDir(dir)
	f.record(resReadDir+dir, entriesDigest(entries, err), err == nil)
	return entries, err
}

func (r *renderer) readDir(dir string) ([]markdown.DirEntry, error) {
	if err := content.CheckLinks(r.siteFS, dir); err != nil {
		return nil, err
	}
	listed, err := fs.ReadDir(r.siteFS, dir)
	if err != nil {
		return nil, err
	}
	if len(listed) > limits.DirEntries {
		return nil, fmt.Errorf("%s has more than %d entries: list a smaller folder", dir, limits.DirEntries)
	}
	out := make([]markdown.DirEntry, 0, len(listed))
	for _, e := range listed {
		info, err := e.Info()
		if err != nil {
			continue // gone since the listing
		}
		out = append(out, markdown.DirEntry{Name: e.Name(), Size: info.Size(), IsDir: e.IsDir(), ModTime: info.ModTime()})
	}
	return out, nil
}

// entriesDigest is what the build cache keeps of a folder's listing.
func entriesDigest(entries []markdown.DirEntry, err error) string {
	if err != nil {
		return err.Error()
	}
	h := sha256.New()
	for _, e := range entries {
		fmt.Fprintf(h, "%s\x00%d\x00%t\x00%d\x00", e.Name, e.Size, e.IsDir, e.ModTime.UnixNano())
	}
	return hex.EncodeToString(h.Sum(nil))
}

// namesDigest is what the build cache keeps of a listing.
func namesDigest(files []markdown.ResourceFile) string {
	h := sha256.New()
	for _, rf := range files {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00", rf.Name, rf.File, rf.URL)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// publishedFiles are the assets published so far, for the next rebuild.
func (a *siteAssets) publishedFiles() map[string]markdown.ResourceFile {
	a.mu.Lock()
	defer a.mu.Unlock()
	return maps.Clone(a.published)
}

// copyPublishedAssets writes the assets templates asked the address of,
// in order, each once.
func (r *renderer) copyPublishedAssets() error {
	published := r.assets.publishedFiles()
	for _, rel := range slices.Sorted(maps.Keys(published)) {
		rf := published[rel]
		data, err := fs.ReadFile(r.siteFS, rf.File)
		if err != nil {
			r.ds.Errorf(rf.File, 0, 0, "%v", err)
			continue
		}
		if err := r.out.Write(rel, data); err != nil {
			r.ds.Errorf(rf.File, 0, 0, "a template asked for its address, %s%s: %v; rename one of them", r.site.basePath, rel, err)
		}
	}
	return nil
}
