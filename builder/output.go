package builder

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"kb/atomicdir"
	"kb/internal/rawfile"
)

// output writes a build into a staging folder beside the output folder and
// swaps it in at the end, so a failed or killed build leaves the previous
// output untouched. Files whose bytes did not change are hard-linked from the
// previous output, keeping their mtime, so rsync and CDNs upload only what
// changed; a build that changes nothing writes nothing at all. Precompressed
// copies (compress.go) go through the same Write and keep-or-link path.
type output struct {
	dir   string // the output folder
	stage string // staging folder, created on the first changed file

	mu        sync.Mutex
	old       *os.Root // previous output, nil when there is none
	oldFast   *beneath // the same, read without os.Root's walk; nil without openat2
	stageRoot *os.Root
	// claims are the paths of the files this build produced (written:
	// → whether the file changed), and the clashes between them.
	claims
	changed int
	dryRun  bool     // record paths only (kb check)
	inPlace bool     // Commit updates the previous output file by file (Options.InPlace)
	dirs    sync.Map // folders made in the staging folder, so each is made once
	// folders serializes the making of entries in each staging folder
	// (folderLocks).
	folders    folderLocks
	staleFiles []string // previous output files this build did not write, once known
	// previous lists the previous output's files: a walk of tens of
	// thousands of folders, started when the output is opened so that it
	// runs while the build loads and renders rather than after.
	previous *previousFiles
	// stamps holds the stamp of each file this build produced whose
	// stamp is known: see fileStamp.
	stamps map[string]fileStamp
	// untouchedKept says Commit left the files this build kept as they
	// were (see files).
	untouchedKept bool
	// knownFolders, when not nil, gives the last build's record of the
	// output's folders (see outFolders), for the listing.
	knownFolders func() *outFolders
	// record, after Commit, is the record of the output's folders for
	// the next build (nil for none), and listed the stats of the output's
	// files when Commit listed the output again.
	record *outFolders
	listed map[string]outStat
	// held holds, in an in-place build, the new bytes of changed files
	// that replace regular files of the previous output, heldBytes in
	// all, up to heldBudget: commitInPlace writes them over those files
	// (beneath.overwrite). Staging each in a new file and renaming it over
	// the old one makes the file system create one file and free another,
	// ten times the cost of the bytes (see bench/README.md).
	held      map[string]heldFile
	heldBytes int
	// spare, in a staged build, is the output's previous generation,
	// which Commit brings up to date and swaps in (see spareOutput); nil
	// for none.
	spare *spareOutput
	// ignoresCase says the output folder's file system takes paths that
	// differ only in letter case for one file (set by newOutput's probe):
	// the later one is then not written, and the build fails.
	ignoresCase bool
}

// outputIgnoresCase probes whether the output folder dir is on a file
// system that ignores letter case; tests pretend one.
var outputIgnoresCase = atomicdir.IgnoresCase

// heldFile is a changed file's bytes, held for commitInPlace, and the
// modification time it is to have: the stamp recorded for it at Write.
type heldFile struct {
	data    []byte
	modTime int64
}

// heldBudget bounds the bytes an in-place build holds for commitInPlace; a
// build that changes more stages the rest. A cached CI build with a few
// changed articles holds about 15 MB (most of it the static index's
// posting chunks, every one of which changes).
const heldBudget = 32 << 20

// fileStamp is a regular file's size and modification time (nanoseconds
// since 1970), as a build left it. The build cache records each page's
// (cacheEntry.Out); a later build that finds the page's file with that very
// stamp — a restored output keeps mtimes, as tar does — takes it as holding
// the page's HTML without reading it (output.keep), as make, rsync and git
// trust a file whose size and mtime are unchanged. Any write to the file
// moves its mtime on; a file from another build has other mtimes.
type fileStamp struct {
	Size    int64
	ModTime int64
}

// stampSettled is how old a file's mtime must be, when the previous output
// is listed, for its stamp to be recorded: a file written again within the
// clock's granularity (several milliseconds on some file systems) of its
// last write could keep its mtime.
const stampSettled = time.Second

// previousFiles is the listing of the previous output, ready once done is
// closed.
type previousFiles struct {
	done  chan struct{}
	files []string
	// stamps are the regular files' stamps, settled ones only (see
	// stampSettled).
	stamps map[string]fileStamp
	// stats are the regular files' stats, for the build's own stamp
	// (output.files).
	stats map[string]outStat
	// folders is the record of the listed folders (see outFolders); nil
	// when they were walked without openat2.
	folders *outFolders
}

// previousFolders is the record of the previous output's folders once its
// listing is done; nil without a previous output.
func (o *output) previousFolders() *outFolders {
	if o.previous == nil {
		return nil
	}
	<-o.previous.done
	return o.previous.folders
}

// listPrevious walks the previous output in the background.
func (o *output) listPrevious() {
	l := &previousFiles{done: make(chan struct{}), stamps: map[string]fileStamp{}, stats: map[string]outStat{}}
	o.previous = l
	old, fast, known := o.old, o.oldFast, o.knownFolders
	settled := time.Now().Add(-stampSettled).UnixNano()
	add := func(p string, st *outStat) {
		l.files = append(l.files, p)
		if st == nil {
			return
		}
		l.stats[p] = *st
		if st.Size >= 0 && st.ModTime != 0 && st.ModTime < settled {
			l.stamps[p] = st.stamp()
		}
	}
	// Known before the walk, the number of files sizes the listing's
	// maps, and then the build's own, which end up about as big.
	files := 0
	counted := func(n int) {
		files = n
		l.files = make([]string, 0, n)
		l.stamps, l.stats = make(map[string]fileStamp, n), make(map[string]outStat, n)
	}
	go func() {
		defer func() {
			close(l.done)
			o.growRecords(files) // after done: a holder of o.mu may wait for it
		}()
		if fast != nil {
			var rec *outFolders
			if known != nil {
				rec = known()
			}
			var err error
			if l.folders, err = fast.files(counted, add, rec); err == nil {
				return
			}
		}
		l.files, l.stamps, l.stats = nil, map[string]fileStamp{}, map[string]outStat{}
		fs.WalkDir(old.FS(), ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			var st *outStat
			if d.Type().IsRegular() {
				if info, err := d.Info(); err == nil && info.Mode().IsRegular() {
					s := statOf(info)
					st = &s
				}
			}
			add(p, st)
			return nil
		})
	}()
}

// growRecords makes the maps of what this build writes and keeps room for
// n files. It runs once the listing is done: stats and files wait
// for that with o.mu held.
func (o *output) growRecords(n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if n <= len(o.written) {
		return
	}
	written, stamps, folded := make(map[string]bool, n), make(map[string]fileStamp, n), make(map[string]string, n)
	maps.Copy(written, o.written)
	maps.Copy(stamps, o.stamps)
	maps.Copy(folded, o.folded)
	o.written, o.stamps, o.folded = written, stamps, folded
}

// newOutput opens the output folder dir. known, when not nil, gives the
// last build's record of its folders (see outFolders), read while the
// previous output is listed.
func newOutput(dir string, dryRun bool, known func() *outFolders) (*output, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	o := &output{dir: abs, claims: newClaims(), stamps: map[string]fileStamp{}, dryRun: dryRun, knownFolders: known}
	if dryRun {
		return o, nil
	}
	// The caller holds the site lock: any staging folder is a dead run's.
	if err := atomicdir.RemoveStale(abs); err != nil {
		return nil, err
	}
	o.ignoresCase = outputIgnoresCase(abs)
	if root, err := os.OpenRoot(abs); err == nil {
		o.old, o.oldFast = root, openBeneath(abs)
		o.listPrevious()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return o, nil
}

// takeCaseClashes returns the pairs of files this build wrote whose paths
// differ only in letter case, once every file has been written.
func (o *output) takeCaseClashes() []caseClash {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.claims.takeCaseClashes()
}

// Write records one output file. rel is a slash path inside the output
// folder; os.Root refuses any path that would leave it.
func (o *output) Write(rel string, data []byte) error {
	if !fs.ValidPath(rel) || strings.Contains(rel, `\`) {
		return fmt.Errorf("refusing to write %q: not a path inside the output folder", rel)
	}
	o.mu.Lock()
	if err := o.clash(rel); err != nil {
		o.mu.Unlock()
		return err
	}
	clashes := o.claim(rel)
	o.mu.Unlock()
	if o.dryRun || clashes && o.ignoresCase {
		// Written, it would replace the other file: the build reports
		// the clash as an error and publishes nothing.
		return nil
	}

	same := false
	if o.oldFast != nil {
		same = o.oldFast.sameBytes(rel, data)
	} else if o.old != nil {
		same = sameBytes(o.old, rel, data)
	}
	if same {
		<-o.previous.done
		if st, ok := o.previous.stamps[rel]; ok && st.Size == int64(len(data)) {
			o.mu.Lock()
			o.stamps[rel] = st
			o.mu.Unlock()
		}
		return nil
	}
	if o.hold(rel, data) {
		return nil
	}
	root, err := o.stageRootLocked()
	if err != nil {
		return err
	}
	if err := o.makeDir(root, filepath.Dir(filepath.FromSlash(rel))); err != nil {
		return err
	}
	// Every folder on the way was made by this build (makeDir), and nothing
	// else writes into the staging folder: the plain path stays inside it,
	// at a fraction of the cost of os.Root's walk, one folder at a time.
	// The file is new (O_EXCL, and a link in its place is not followed).
	modTime, err := rawfile.WriteNew(o.folders.of(path.Dir(rel)), filepath.Join(o.stage, filepath.FromSlash(rel)), data, 0o644)
	if err != nil {
		return err
	}
	// The staging folder becomes the output as it is, or its files are
	// renamed into the output. (A file that commitInPlace writes again has
	// another mtime: the next build compares it.)
	o.mu.Lock()
	o.changedLocked(rel, fileStamp{Size: int64(len(data)), ModTime: modTime})
	o.mu.Unlock()
	return nil
}

// changedLocked records rel as a file this build changed, whose file
// will have stamp st (no ModTime when unknown). o.mu is held.
func (o *output) changedLocked(rel string, st fileStamp) {
	o.written[rel] = true
	o.changed++
	if st.ModTime != 0 {
		o.stamps[rel] = st
	}
}

// hold keeps a copy of data for commitInPlace to write over rel, when this
// build updates the output in place, the listing of the previous output
// found rel a regular file, and the copy fits in heldBudget. It records
// rel as changed, with the stamp it is to have.
func (o *output) hold(rel string, data []byte) bool {
	if !o.inPlace || o.oldFast == nil || o.previous == nil {
		return false
	}
	<-o.previous.done // long done when pages render: it runs while content loads
	if _, ok := o.previous.stats[rel]; !ok {
		return false
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.heldBytes+len(data) > heldBudget {
		return false
	}
	if o.held == nil {
		o.held = map[string]heldFile{}
	}
	h := heldFile{data: slices.Clone(data), modTime: time.Now().UnixNano()}
	o.held[rel] = h
	o.heldBytes += len(data)
	o.changedLocked(rel, fileStamp{Size: int64(len(data)), ModTime: h.modTime})
	return true
}

// keep records the file rel of the previous output as this build's without
// reading it, when the file has the stamp want: the caller knows that a
// file with that stamp holds what it would write (see fileStamp). It
// reports whether it kept the file; if not, the caller writes it.
func (o *output) keep(rel string, want fileStamp) bool {
	if o.dryRun || o.previous == nil || want == (fileStamp{}) {
		return false
	}
	<-o.previous.done
	if st, ok := o.previous.stamps[rel]; !ok || st != want {
		return false
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.clash(rel) != nil {
		return false // Write reports the clash
	}
	o.claim(rel)
	o.stamps[rel] = want
	return true
}

// takeStamps returns the stamps of the files this build produced, once
// every file has been written: what the build cache records for the next
// build.
func (o *output) takeStamps() map[string]fileStamp {
	o.mu.Lock()
	defer o.mu.Unlock()
	st := o.stamps
	o.stamps = map[string]fileStamp{}
	return st
}

// makeDir makes folder d of the staging folder and records it and its
// parents as made. A folder whose parent this build made is made with one
// mkdir on the plain path; others go through os.Root.
func (o *output) makeDir(root *os.Root, d string) error {
	if d == "." {
		return nil
	}
	if _, made := o.dirs.Load(d); made {
		return nil
	}
	if parent := filepath.Dir(d); parent != "." {
		if _, made := o.dirs.Load(parent); made {
			path := filepath.Join(o.stage, d)
			lock := o.folders.of(filepath.ToSlash(parent))
			lock.Lock()
			err := os.Mkdir(path, 0o755)
			lock.Unlock()
			if errors.Is(err, fs.ErrExist) { // another worker made it meanwhile
				if st, serr := os.Lstat(path); serr == nil && st.IsDir() {
					err = nil
				}
			}
			if err == nil {
				o.dirs.Store(d, true)
				return nil
			}
			if !errors.Is(err, fs.ErrExist) {
				return err
			}
		}
	}
	if err := root.MkdirAll(d, 0o755); err != nil {
		return err
	}
	for p := d; p != "."; p = filepath.Dir(p) {
		o.dirs.Store(p, true)
	}
	return nil
}

// folderLocks are the locks under which a build adds entries to the
// staging folder's folders, one at a time per folder: a page's folder in
// its section's, the static search index's files in theirs. The file
// system takes a folder's own lock for each entry it adds, and a thread
// that finds it taken spins on a core meanwhile: 0.7 to 2.6% of a full
// build's processor time went so (perf: rwsem_spin_on_owner under openat,
// most of it the static index's files, a thousand to a folder, written by
// eight workers). Waiting here, they sleep. A folder's lock is one of a
// fixed few chosen by its path: two folders that share one take turns for
// nothing, which costs little.
type folderLocks [64]sync.Mutex

// folderSeed picks folders' locks (folderLocks.of), as the search server
// picks its shards.
var folderSeed = maphash.MakeSeed()

// of returns the lock of the folder at the slash path dir.
func (l *folderLocks) of(dir string) *sync.Mutex {
	return &l[maphash.String(folderSeed, dir)%uint64(len(l))]
}

func (o *output) stageRootLocked() (*os.Root, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.stageRoot != nil {
		return o.stageRoot, nil
	}
	if err := o.makeStage(); err != nil {
		return nil, err
	}
	r, err := os.OpenRoot(o.stage)
	if err != nil {
		return nil, err
	}
	o.stageRoot = r
	return r, nil
}

// stats reports how many files were written and how many kept.
func (o *output) stats() (changed, kept, removed int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.changed, len(o.written) - o.changed, len(o.stale())
}

// outFile is a file of the output folder as a build's stamp records it:
// its slash path inside the folder and, when known is set, its stat.
type outFile struct {
	rel   string
	st    outStat
	known bool
}

// files lists the files this build produced (after Commit, what the output
// folder holds) in path order, with the stats the build has of them: all
// of them when Commit listed the output it swapped in (listAgain), else
// those the listing of the previous output gave of the files this build
// left as they were, when its Commit touched none of them (it updated the
// output in place, or had nothing to do). The build's stamp need not look
// at those again.
func (o *output) files() []outFile {
	o.mu.Lock()
	defer o.mu.Unlock()
	withStats := o.untouchedKept && o.previous != nil
	if withStats {
		<-o.previous.done
	}
	files := make([]outFile, 0, len(o.written))
	for rel, changed := range o.written {
		f := outFile{rel: rel}
		switch {
		case o.listed != nil:
			f.st, f.known = o.listed[rel]
		case withStats && !changed:
			f.st, f.known = o.previous.stats[rel]
		}
		files = append(files, f)
	}
	slices.SortFunc(files, func(x, y outFile) int { return strings.Compare(x.rel, y.rel) })
	return files
}

// stale lists files of the previous output that this build did not produce,
// once every file has been written; later calls reuse the answer.
func (o *output) stale() []string {
	if o.old == nil || o.staleFiles != nil {
		return o.staleFiles
	}
	<-o.previous.done
	out := []string{}
	for _, p := range o.previous.files {
		if _, ok := o.written[p]; !ok {
			out = append(out, p)
		}
	}
	o.staleFiles = out
	return out
}

// Commit swaps the new output in. When nothing changed, it removes nothing
// and writes nothing.
func (o *output) Commit() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	defer o.closeRoots()
	if o.changed == 0 && o.old != nil && len(o.stale()) == 0 {
		o.untouchedKept = true
		if o.knownFolders != nil {
			o.record = o.previousFolders()
		}
		return nil
	}
	if o.inPlace && o.old != nil {
		err := o.commitInPlace()
		o.untouchedKept = err == nil
		if err == nil && o.knownFolders != nil {
			o.record = o.untouchedFolders()
		}
		if err != nil {
			// Written file by file: each file is whole, but the output is
			// now part this build's and part the last one's.
			return fmt.Errorf("%w (--in-place had brought the files before it up to date: build again once that is fixed)", err)
		}
		return nil
	}
	if o.spareFits() {
		return o.commitToSpare()
	}
	if o.stage == "" {
		if err := o.makeStage(); err != nil {
			return err
		}
	}
	if o.stageRoot == nil {
		r, err := os.OpenRoot(o.stage)
		if err != nil {
			return err
		}
		o.stageRoot = r
	}
	for rel, changed := range o.written {
		if changed {
			continue
		}
		from := filepath.Join(o.dir, filepath.FromSlash(rel))
		to := filepath.Join(o.stage, filepath.FromSlash(rel))
		// Folders once each, as Write makes them (most of an unchanged
		// output's folders are made here).
		if err := o.makeDir(o.stageRoot, filepath.Dir(filepath.FromSlash(rel))); err != nil {
			return err
		}
		if err := linkOrCopy(from, to); err != nil {
			return err
		}
	}
	if err := atomicdir.Replace(o.stage, o.dir); err != nil {
		return err
	}
	if err := o.keepAsSpare(o.stage); err != nil { // now the previous output
		return err
	}
	// Once the spare before is gone: a file linked from it changes its
	// change time as it loses that name.
	if o.knownFolders != nil { // kb build's: kb serve keeps no record
		o.listAgain()
	}
	return nil
}

// untouchedFolders is the record of the previous output's folders less
// those an in-place commit changed: the folders of the files it wrote or
// removed, and the folders above them (a folder made or removed changes
// its parent). The next build reads those again. (A record of a folder no
// longer there is never looked up: only the folders a listing reaches are
// recorded again.)
func (o *output) untouchedFolders() *outFolders {
	prev := o.previousFolders()
	if prev == nil {
		return nil
	}
	touched := slices.Clone(o.stale())
	for rel, changed := range o.written {
		if changed {
			touched = append(touched, rel)
		}
	}
	return prev.without(foldersAbove(touched))
}

// listAgain lists the output Commit swapped in, every folder of which is
// new: the record of its folders for the next build, and the stats of its
// files for this build's stamp, which would otherwise look at each.
func (o *output) listAgain() {
	b := openBeneath(o.dir)
	if b == nil {
		return
	}
	defer b.close()
	listed := map[string]outStat{}
	rec, err := b.files(func(n int) { listed = make(map[string]outStat, n) }, func(rel string, st *outStat) {
		if st != nil {
			listed[rel] = *st
		}
	}, nil)
	if err != nil {
		return
	}
	o.record, o.listed = rec, listed
}

// commitInPlace brings the previous output up to date file by file: it
// removes the files this build did not write (and the folders that leaves
// empty), then writes each held file over the file it replaces, in place
// (beneath.overwrite), and moves each staged one in from the staging
// folder by a rename. Kept files are not touched. Every step goes through
// the output's os.Root, or beneath where the kernel has openat2, so a link
// in a restored output cannot send a write elsewhere. A staged file whose
// folder exists is renamed into it as it is (mover); others, and held
// files that cannot be written over, are written to a new file renamed
// into place, through os.Root.
func (o *output) commitInPlace() error {
	root := o.old
	// Stale files first: a file where a folder now goes, or the files of a
	// folder where a file now goes, are out of the way.
	for _, rel := range o.stale() {
		if err := removeBelow(root, rel); err != nil {
			return err
		}
	}
	fast := o.oldFast.mover()
	defer fast.close()
	// The changed files alone, in order: a cached build keeps tens of
	// thousands and changes a few.
	changed := make([]string, 0, o.changed)
	for rel, ch := range o.written {
		if ch {
			changed = append(changed, rel)
		}
	}
	slices.Sort(changed)
	for _, rel := range changed {
		h, held := o.held[rel]
		if !held {
			if err := o.moveStaged(root, fast, rel); err != nil {
				return err
			}
			continue
		}
		done, err := o.oldFast.overwrite(rel, h.data, h.modTime)
		if err != nil {
			return fmt.Errorf("%s: %w", rel, err) // the caller says "writing" and the folder
		}
		if done {
			continue
		}
		// With the stamp recorded for it. An empty folder can be in the
		// file's place (no file of it was stale).
		if err := replaceBelow(root, filepath.FromSlash(rel), h.data, time.Unix(0, h.modTime)); err != nil {
			return err
		}
	}
	if o.stage == "" { // nothing changed, files only removed
		return nil
	}
	return os.RemoveAll(o.stage)
}

// removeBelow removes the file rel below root, if it is there, and the
// folders above it that this leaves empty.
func removeBelow(root *os.Root, rel string) error {
	if err := root.Remove(filepath.FromSlash(rel)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for dir := path.Dir(rel); dir != "."; dir = path.Dir(dir) {
		if root.Remove(filepath.FromSlash(dir)) != nil {
			break // not empty
		}
	}
	return nil
}

// moveStaged puts the staged file rel at rel below root: renamed in as it
// is (m) when its folder is there, else written to a new file renamed
// into place, through root, which keeps the file's own stamp (an empty
// folder in its place is removed).
func (o *output) moveStaged(root *os.Root, m *mover, rel string) error {
	staged := filepath.Join(o.stage, filepath.FromSlash(rel))
	if m.move(staged, rel) {
		return nil
	}
	data, err := os.ReadFile(staged)
	if err != nil {
		return err
	}
	return replaceBelow(root, filepath.FromSlash(rel), data, time.Time{})
}

// makeStage makes the staging folder, named for this run only.
func (o *output) makeStage() error {
	stage, err := atomicdir.Stage(o.dir)
	o.stage = stage
	return err
}

// Abort drops the staging folder and leaves the previous output as it was.
func (o *output) Abort() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.closeRoots()
	if o.stage != "" {
		os.RemoveAll(o.stage)
	}
}

func (o *output) closeRoots() {
	if o.previous != nil {
		<-o.previous.done // the walk reads through the roots
	}
	o.spare.close()
	o.oldFast.close()
	o.oldFast = nil
	if o.old != nil {
		o.old.Close()
		o.old = nil
	}
	if o.stageRoot != nil {
		o.stageRoot.Close()
		o.stageRoot = nil
	}
}

// sameBytes reports whether the file rel of root holds exactly data. It
// reads no more than one byte past len(data), into a pooled buffer: most
// files of a build over its last output are unchanged.
func sameBytes(root *os.Root, rel string, data []byte) bool {
	f, err := root.Open(rel)
	if err != nil {
		return false
	}
	defer f.Close()
	bp := compareBufs.Get().(*[]byte)
	defer compareBufs.Put(bp)
	if cap(*bp) < len(data)+1 {
		*bp = make([]byte, len(data)+1)
	}
	buf := (*bp)[:len(data)+1]
	// The file ends right after len(data) bytes: ReadFull stops short.
	n, err := io.ReadFull(f, buf)
	return n == len(data) && (err == io.ErrUnexpectedEOF || err == io.EOF) && bytes.Equal(buf[:n], data)
}

var compareBufs = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// linkOrCopy keeps an unchanged file's inode (and so its mtime) by hard
// linking; where links are not possible it copies and restores the mtime.
func linkOrCopy(from, to string) error {
	if err := os.Link(from, to); err == nil {
		return nil
	}
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	st, err := os.Stat(from)
	if err != nil {
		return err
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		return err
	}
	return os.Chtimes(to, st.ModTime(), st.ModTime())
}

// hashingWriter records the hash of every file written through it, so that
// rebuilds compare new bytes to old without reading the output folder.
type hashingWriter struct {
	w    fileWriter
	mu   sync.Mutex
	sums map[string][32]byte
}

// copiesData: output writes data to a file before Write returns.
func (o *output) copiesData() {}

func (h *hashingWriter) Write(rel string, data []byte) error {
	if err := h.w.Write(rel, data); err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	h.mu.Lock()
	h.sums[rel] = sum
	h.mu.Unlock()
	return nil
}
