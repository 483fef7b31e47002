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
}

func (s *Session) stampPath() string {
	return filepath.Join(s.opts.SiteDir, ".kb", stampFile)
}

// inputsHash fingerprints everything a build reads.
func (s *Session) inputsHash() (string, error) {
	h := sha256.New()
	o := s.opts
	out, _ := filepath.Abs(o.Out)
	idx := o.IndexDir
	if idx != "-" {
		idx, _ = filepath.Abs(idx)
	}
	fmt.Fprintf(h, "opts\x00%s\x00%s\x00%s\x00%v\x00", out, idx, o.BaseURL, o.Precompress)
	// The analytics data fills the popular articles.
	if info, err := os.Stat(s.dataFile()); err == nil {
		fmt.Fprintf(h, "data\x00%d\x00%d\x00", info.Size(), info.ModTime().UnixNano())
	}
	// The program's own bytes: a new kb (or theme, which is embedded in
	// it) must build again. Its path is no identity: go run builds it into
	// a new temporary folder each time. They are hashed while the walk
	// lists the site's files.
	exeDone := make(chan struct{})
	go func() {
		executableDigest()
		close(exeDone)
	}()
	// The walk lists; the lstat of each of tens of thousands of files
	// runs on all cores, and the hash takes them in the walk's order.
	type input struct {
		path string
		d    fs.DirEntry
		info fs.FileInfo
	}
	var inputs []input
	for _, top := range append([]string{"site.toml", "content", "i18n", "static", "themes", "archetypes"}, config.ForeignPaths()...) {
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
			return "", err
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
	<-exeDone
	if err != nil {
		return "", err
	}
	exe, err := executableDigest()
	if err != nil {
		return "", err
	}
	h.Write(exe[:])
	// Appended by hand: fmt would take longer than the lstat calls.
	var b []byte
	for _, in := range inputs {
		b = append(append(b[:0], in.path...), 0)
		b = append(strconv.AppendInt(b, in.info.Size(), 10), 0)
		b = append(strconv.AppendInt(b, in.info.ModTime().UnixNano(), 10), 0)
		b = append(strconv.AppendUint(b, uint64(in.info.Mode()), 10), 0)
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// outputsHash counts and fingerprints the output folder and the server
// index's manifest. written, when known, lists what the output folder
// holds (slash paths inside it), sparing a walk of the folder; nil walks it.
func (s *Session) outputsHash(written []string) (files int, digest string, err error) {
	h := sha256.New()
	var paths []string
	if written != nil {
		paths = make([]string, 0, len(written)+2)
		for _, rel := range written {
			paths = append(paths, filepath.Join(s.opts.Out, filepath.FromSlash(rel)))
		}
	} else {
		err := filepath.WalkDir(s.opts.Out, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				paths = append(paths, p)
			}
			return nil
		})
		if err != nil {
			return 0, "", err
		}
	}
	if s.opts.IndexDir != "-" {
		// The index's own manifest names its build; its segment files
		// are opened (and their metadata touched) by a running kb search.
		paths = append(paths, filepath.Join(s.opts.IndexDir, "manifest.json"), filepath.Join(s.opts.IndexDir, "server.json"))
	}
	slices.Sort(paths)
	// One lstat per output file, tens of thousands of them: on all cores.
	stats := make([]fs.FileInfo, len(paths))
	if err := forEach(context.Background(), upTo(len(paths)), func(i int) (err error) {
		stats[i], err = os.Lstat(paths[i])
		return err
	}); err != nil {
		return 0, "", err
	}
	var b []byte
	for i, f := range paths {
		st := stats[i]
		b = append(append(b[:0], f...), 0)
		b = append(strconv.AppendInt(b, st.Size(), 10), 0)
		b = append(strconv.AppendInt(b, st.ModTime().UnixNano(), 10), 0)
		b = append(strconv.AppendUint(b, uint64(st.Mode()), 10), 0)
		b = append(appendFileIdentity(b, st), 0)
		h.Write(b)
	}
	return len(paths), hex.EncodeToString(h.Sum(nil)), nil
}

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
	if n, outs, err := s.outputsHash(nil); err != nil || n != st.OutputFiles || outs != st.Outputs {
		return Result{}, false
	}
	return Result{Pages: st.Pages, Languages: st.Languages, SearchDocs: st.SearchDocs, Diagnostics: st.Diagnostics, UpToDate: true}, true
}

// writeStamp records a good build. inputs was taken before the build read
// anything, so an edit made during the build makes the next one rebuild.
// written lists the files the build's output holds (output.files): a file
// another process adds to the folder is not in the stamp, so the next
// build, which walks the folder, does not find it up to date.
func (s *Session) writeStamp(inputs string, res Result, written []string) {
	path := s.stampPath()
	if inputs == "" {
		os.Remove(path)
		return
	}
	n, outs, err := s.outputsHash(written)
	if err != nil {
		os.Remove(path)
		return
	}
	b, err := json.Marshal(buildStamp{Inputs: inputs, OutputFiles: n, Outputs: outs, Pages: res.Pages, Languages: res.Languages, SearchDocs: res.SearchDocs, Diagnostics: res.Diagnostics})
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
