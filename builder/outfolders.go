package builder

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// outFolders records the output folder as a build left it, folder by
// folder: each folder's modification time and the names in it. Adding,
// removing or renaming a name in a folder moves the folder's mtime on,
// and tar and cp -a restore folders' mtimes as they do files': a folder
// found with its recorded mtime holds the recorded names. The next build
// then lists such a folder with one stat instead of opening and reading
// it: a cached CI build lists 30,000 page folders of a restored output.
// Only folders whose mtime had settled when they were read (stampSettled)
// are recorded: one changed again within the clock's granularity could
// keep its mtime.
//
// The record names no output folder: a restored output may be restored
// elsewhere, and its folders still hold what their mtimes say.
type outFolders struct {
	folders map[string]*outFolder
}

// outFolder is one folder of the output: its mtime (nanoseconds) and its
// entries in name order.
type outFolder struct {
	mtime   int64
	entries []folderEntry
}

type folderEntry struct {
	name string
	dir  bool
}

// outFoldersFile, in <site>/.kb/cache, keeps the last build's outFolders.
const outFoldersFile = "outfolders"

// outFoldersMagic starts an encoded record; it changes with the encoding.
const outFoldersMagic = "kb output folders 2\n"

// lookup returns the record of the folder rel when its mtime is mtime; nil
// otherwise (and for a nil record).
func (r *outFolders) lookup(rel string, mtime int64) *outFolder {
	if r == nil {
		return nil
	}
	if f := r.folders[rel]; f != nil && f.mtime == mtime {
		return f
	}
	return nil
}

// joinRel is rel/name, for rel "." the name alone.
func joinRel(rel, name string) string {
	if rel == "." {
		return name
	}
	return rel + "/" + name
}

// encode writes r: each folder in path order with its mtime and entries,
// and a checksum.
func (r *outFolders) encode() []byte {
	str := func(b []byte, s string) []byte {
		return append(binary.AppendUvarint(b, uint64(len(s))), s...)
	}
	b := binary.AppendUvarint([]byte(outFoldersMagic), uint64(len(r.folders)))
	for _, rel := range slices.Sorted(maps.Keys(r.folders)) {
		f := r.folders[rel]
		b = str(b, rel)
		b = binary.AppendVarint(b, f.mtime)
		b = binary.AppendUvarint(b, uint64(len(f.entries)))
		for _, e := range f.entries {
			b = str(b, e.name)
			if e.dir {
				b = append(b, 1)
			} else {
				b = append(b, 0)
			}
		}
	}
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// decodeOutFolders reads what encode wrote.
func decodeOutFolders(data []byte) (*outFolders, error) {
	errBad := errors.New("output folders record: damaged")
	if len(data) < len(outFoldersMagic)+4 || string(data[:len(outFoldersMagic)]) != outFoldersMagic {
		return nil, errors.New("not an output folders record of this kb")
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, errBad
	}
	rest := body[len(outFoldersMagic):]
	bad := false
	uv := func() uint64 {
		v, n := binary.Uvarint(rest)
		if n <= 0 {
			bad = true
			return 0
		}
		rest = rest[n:]
		return v
	}
	str := func() string {
		n := uv()
		if bad || n > uint64(len(rest)) {
			bad = true
			return ""
		}
		s := string(rest[:n])
		rest = rest[n:]
		return s
	}
	r := &outFolders{}
	n := uv()
	if bad || n > uint64(len(rest)) {
		return nil, errBad
	}
	r.folders = make(map[string]*outFolder, n)
	for range n {
		rel := str()
		mtime, k := binary.Varint(rest)
		if bad || k <= 0 {
			return nil, errBad
		}
		rest = rest[k:]
		m := uv()
		if bad || m > uint64(len(rest)) {
			return nil, errBad
		}
		f := &outFolder{mtime: mtime, entries: make([]folderEntry, m)}
		for i := range f.entries {
			name := str()
			if bad || len(rest) == 0 || !validEntryName(name) {
				return nil, errBad
			}
			f.entries[i] = folderEntry{name: name, dir: rest[0] == 1}
			rest = rest[1:]
		}
		if rel != "." && !validRel(rel) {
			return nil, errBad
		}
		r.folders[rel] = f
	}
	if len(rest) > 0 {
		return nil, errBad
	}
	return r, nil
}

// validEntryName is a name a folder can hold: a record cannot make the
// listing look outside the folder.
func validEntryName(name string) bool {
	return name != "" && name != "." && name != ".." && !strings.ContainsAny(name, "/\x00")
}

// validRel is a clean relative slash path below the output.
func validRel(rel string) bool {
	return rel != "" && path.Clean(rel) == rel && !strings.HasPrefix(rel, "../") && rel != ".." && !path.IsAbs(rel)
}

// readOutFolders reads the last build's record of the output's folders;
// nil for none (missing, another kb's, damaged: the output is then listed
// folder by folder).
func (s *Session) readOutFolders() *outFolders {
	data, ok := s.readSideCache(outFoldersFile)
	if !ok || data == nil {
		return nil
	}
	r, err := decodeOutFolders(data)
	if err != nil {
		s.cacheNote(fmt.Sprintf("ignoring the build cache's %s: %v", outFoldersFile, err))
		return nil
	}
	return r
}

// writeOutFolders keeps rec for the next build; nil removes the last one,
// which no longer describes the output.
func (s *Session) writeOutFolders(rec *outFolders) {
	if rec == nil {
		os.Remove(filepath.Join(s.opts.SiteDir, ".kb", "cache", outFoldersFile))
		return
	}
	s.writeSideCache(outFoldersFile, rec.encode())
}
