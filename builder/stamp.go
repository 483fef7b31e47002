package builder

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"kb/builder/config"
	"kb/builder/diag"
)

// A stamp lets a second kb build with nothing changed finish at once: it
// records what the last good build read (every site file's path, size and
// modification time, the options and the kb program's bytes) and what it
// wrote: how many files, and a digest of the output's manifest (every
// output file's path, size, modification time and, where the
// system has them, inode and change time, which no tool can set back). When
// both still match, the output is what a build would write, so there is
// nothing to do. Any difference (a file missing, added or changed), or any
// doubt, means a full build.

// stampFile is where the stamp lives, beside the server index.
const stampFile = "last-build.json"

type buildStamp struct {
	Inputs      string            `json:"inputs"`      // hash of the inputs
	OutputFiles int               `json:"outputFiles"` // how many files the output holds
	Outputs     string            `json:"outputs"`     // digest of their manifest
	Pages       int               `json:"pages"`
	Languages   int               `json:"languages"`
	SearchDocs  int               `json:"searchDocs"`
	Diagnostics []diag.Diagnostic `json:"diagnostics"`
	// Until is when a page's publishDate or expiryDate next passes: from
	// then on the same inputs publish other pages. Zero for never.
	Until time.Time `json:"until,omitzero"`
}

func (s *Session) stampPath() string {
	return filepath.Join(s.opts.SiteDir, ".kb", stampFile)
}

// inputsHash fingerprints everything a build reads. Each file is looked
// at before the build reads it, so that an edit made meanwhile makes the
// next build rebuild: the files setup and the build cache's key read
// (site.toml, the UI strings, themes) first, then the content. configSeen,
// when not nil, is called between the two: setup may then start, while
// the content is looked at; it is not called when an error ends the walk
// before.
func (s *Session) inputsHash(configSeen func()) (string, error) {
	h := sha256.New()
	o := s.opts
	out, _ := filepath.Abs(o.Out)
	idx := o.IndexDir
	if idx != "-" {
		idx, _ = filepath.Abs(idx)
	}
	fmt.Fprintf(h, "opts\x00%s\x00%s\x00%s\x00%v\x00", out, idx, o.BaseURL, o.Precompress)
	s.hashData(h)
	// The program: a binary the go command linked is named by its build
	// ID; another is hashed while the walk lists the site's files.
	exeDone := make(chan struct{})
	go func() {
		executableDigest()
		close(exeDone)
	}()
	setupFiles, err := s.lookAtInputs(slices.Concat(SiteWideInputs(), []string{"archetypes"}, config.ForeignPaths()))
	if err != nil {
		<-exeDone
		return "", err
	}
	if configSeen != nil {
		configSeen()
	}
	pages, err := s.lookAtInputs([]string{"content", config.SnippetsFolder, "static"})
	<-exeDone
	if err != nil {
		return "", err
	}
	exe, err := executableDigest()
	if err != nil {
		return "", err
	}
	h.Write(exe[:])
	// Appended by hand rather than with fmt: tens of thousands of lines.
	var b []byte
	for _, in := range append(setupFiles, pages...) {
		b = append(append(b[:0], in.path...), 0)
		b = append(strconv.AppendInt(b, in.info.Size(), 10), 0)
		b = append(strconv.AppendInt(b, in.info.ModTime().UnixNano(), 10), 0)
		b = append(strconv.AppendUint(b, uint64(in.info.Mode()), 10), 0)
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// input is a site file as inputsHash looks at it.
type input struct {
	path string
	d    fs.DirEntry
	info fs.FileInfo
}

// lookAtInputs lists the files below the site folders tops (those that
// exist) and stats them: the walk lists; the lstat of each of tens of
// thousands of files runs on all cores.
func (s *Session) lookAtInputs(tops []string) ([]input, error) {
	var inputs []input
	for _, top := range tops {
		err := fs.WalkDir(s.siteFS, top, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == top {
					return fs.SkipDir // the site has no such folder
				}
				return err
			}
			inputs = append(inputs, input{path: p, d: d})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	err := forEach(context.Background(), upTo(len(inputs)), func(i int) (err error) {
		in := &inputs[i]
		if in.d.Type()&fs.ModeSymlink != 0 {
			in.info, err = fs.Stat(s.siteFS, in.path) // the target is what a build reads
		} else {
			in.info, err = in.d.Info()
		}
		return err
	})
	return inputs, err
}

// outputsHash counts and fingerprints the output folder and the server
// index's manifest. files, when known, lists what the output folder holds
// in path order (output.files), with what the build knows already of some
// of them: the others are looked at, their stats filled in. nil walks the
// folder.
func (s *Session) outputsHash(files []outFile) (n int, digest string, err error) {
	if files == nil {
		if files, err = listOutputFiles(s.opts.Out); err != nil {
			return 0, "", err
		}
	}
	inOut := len(files) // files past these name the index's, by full path
	if s.opts.IndexDir != "-" {
		// The index's own manifest names its build; its segment files
		// are opened (and their metadata touched) by a running kb search.
		files = append(files, outFile{rel: filepath.Join(s.opts.IndexDir, "manifest.json")}, outFile{rel: filepath.Join(s.opts.IndexDir, "server.json")})
	}
	// One lstat per output file not known, tens of thousands of them: on
	// all cores.
	if err := forEach(context.Background(), upTo(len(files)), func(i int) error {
		f := &files[i]
		if f.known {
			return nil
		}
		path := f.rel
		if i < inOut {
			path = filepath.Join(s.opts.Out, filepath.FromSlash(path))
		}
		info, err := os.Lstat(path)
		if err == nil {
			f.st = statOf(info)
		}
		return err
	}); err != nil {
		return 0, "", err
	}
	h := sha256.New()
	b := append([]byte(s.opts.Out), 0)
	for _, f := range files {
		st := f.st
		b = append(append(b, f.rel...), 0)
		b = append(strconv.AppendInt(b, st.Size, 10), 0)
		b = append(strconv.AppendInt(b, st.ModTime, 10), 0)
		b = append(strconv.AppendUint(b, uint64(st.Mode), 10), 0)
		b = append(strconv.AppendUint(b, st.Dev, 10), ':')
		b = append(strconv.AppendUint(b, st.Ino, 10), ':')
		b = append(strconv.AppendInt(b, st.ChangeTime, 10), 0)
		h.Write(b)
		b = b[:0]
	}
	return len(files), hex.EncodeToString(h.Sum(nil)), nil
}

// listOutputFiles walks the output folder out for its files (all but
// folders), in path order as output.files gives them.
func listOutputFiles(out string) ([]outFile, error) {
	var files []outFile
	prefix := out + string(filepath.Separator)
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := strings.CutPrefix(p, prefix)
			files = append(files, outFile{rel: filepath.ToSlash(rel)})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(files, func(x, y outFile) int { return strings.Compare(x.rel, y.rel) })
	return files, nil
}

// outStat is what a stamp records of an output file: its size,
// modification time and mode, and, where the system has them, what tells a
// file rewritten in place, even with its size and modification time put
// back: its device, inode and change time, which no tool can set back.
type outStat struct {
	Size, ModTime int64 // nanoseconds since 1970
	Mode          uint32
	Dev, Ino      uint64
	ChangeTime    int64
}

// stamp is the part of st that keeps a file by its stamp (fileStamp).
func (st outStat) stamp() fileStamp { return fileStamp{Size: st.Size, ModTime: st.ModTime} }

// upToDate returns the last build's result when nothing it read or wrote
// has changed since.
func (s *Session) upToDate(inputs string) (Result, bool) {
	b, err := os.ReadFile(s.stampPath())
	if err != nil || inputs == "" {
		return Result{}, false
	}
	var st buildStamp
	if json.Unmarshal(b, &st) != nil || st.Inputs != inputs {
		return Result{}, false
	}
	if !st.Until.IsZero() && !s.now().Before(st.Until) {
		return Result{}, false
	}
	if n, outs, err := s.outputsHash(nil); err != nil || n != st.OutputFiles || outs != st.Outputs {
		return Result{}, false
	}
	return Result{Pages: st.Pages, Languages: st.Languages, SearchDocs: st.SearchDocs, Diagnostics: st.Diagnostics, UpToDate: true}, true
}

// stampWriter returns what records a good build once it has ended: the
// output's fingerprint is taken now, once the output is committed, while
// the build's caches are still being written, and the stamp written after
// them. inputs was taken before the build read anything, so an edit made
// during the build makes the next one rebuild. files lists the files the
// build's output holds, with what the build knows of those it did not
// touch (output.files): a file another process adds to the folder is not
// in the stamp, so the next build, which walks the folder, does not find
// it up to date. (What the build knows was seen before it decided to keep
// those files: one changed since does not match the stamp, and the next
// build looks at it again.)
//
// until is when the build's pages next change with the date alone
// (site.nextChange).
func (s *Session) stampWriter(inputs string, files []outFile, until time.Time) (write func(res Result)) {
	path := s.stampPath()
	if inputs == "" {
		return func(Result) { os.Remove(path) }
	}
	n, outs, err := s.outputsHash(files)
	if err != nil {
		return func(Result) { os.Remove(path) }
	}
	return func(res Result) {
		writeStamp(path, buildStamp{Inputs: inputs, OutputFiles: n, Outputs: outs, Pages: res.Pages, Languages: res.Languages, SearchDocs: res.SearchDocs, Diagnostics: res.Diagnostics, Until: until})
	}
}

// writeStamp writes stamp into path, through a file renamed into place.
func writeStamp(path string, stamp buildStamp) {
	b, err := json.Marshal(stamp)
	if err != nil {
		return
	}
	if os.MkdirAll(filepath.Dir(path), 0o755) != nil {
		return
	}
	tmp := path + ".tmp"
	if os.WriteFile(tmp, b, 0o644) == nil {
		os.Rename(tmp, path)
	}
}
