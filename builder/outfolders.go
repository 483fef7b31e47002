package builder

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unsafe"
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
// keep its mtime. The record names no output folder: a restored output
// may be restored elsewhere, and its folders still hold what their mtimes
// say.
//
// The record is kept encoded, as it is written (see folderWriter), and
// read in place: some 2 MB for 30,000 folders rather than an object and
// a string per folder and name.
type outFolders struct {
	raw []byte
	// at gives the offset in raw of each folder's mtime, by the folder's
	// path (a string viewing raw); nil for a record only written.
	at map[string]int
}

// outFoldersFile, in <site>/.kb/cache, keeps the last build's outFolders.
const outFoldersFile = "outfolders"

// outFoldersMagic starts an encoded record; it changes with the encoding.
const outFoldersMagic = "kb output folders 3\n"

// folderWriter encodes a record: each folder's slash path ("." for the
// output folder), mtime (nanoseconds), number of names, and each name with
// a byte telling a folder (1) from anything else (0).
type folderWriter struct {
	b []byte
}

func (w *folderWriter) str(s string) {
	w.b = append(binary.AppendUvarint(w.b, uint64(len(s))), s...)
}

// folder starts the folder rel with mtime and n names, which name adds.
func (w *folderWriter) folder(rel string, mtime int64, n int) {
	w.str(rel)
	w.b = binary.AppendUvarint(w.b, uint64(mtime))
	w.b = binary.AppendUvarint(w.b, uint64(n))
}

func (w *folderWriter) name(name string, dir bool) {
	w.str(name)
	if dir {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

// record returns what w wrote as a record.
func (w *folderWriter) record() *outFolders { return &outFolders{raw: w.b} }

// recordReader reads a record's bytes in order.
type recordReader struct {
	b   []byte
	off int
	bad bool
}

func (r *recordReader) uv() uint64 {
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.off += n
	return v
}

// str returns the next string, viewing the record's bytes.
func (r *recordReader) str() string {
	n := r.uv()
	if r.bad || n > uint64(len(r.b)-r.off) {
		r.bad = true
		return ""
	}
	s := unsafe.String(unsafe.SliceData(r.b[r.off:]), int(n))
	r.off += int(n)
	return s
}

// mtime reads a folder's mtime, written as the bits of an unsigned
// varint (see folderWriter.folder).
func (r *recordReader) mtime() int64 { return int64(r.uv()) }

// names calls f with each of the n names that follow (f nil skips them).
func (r *recordReader) names(n uint64, f func(name string, dir bool)) {
	for range n {
		name := r.str()
		if r.bad || r.off >= len(r.b) {
			r.bad = true
			return
		}
		dir := r.b[r.off] == 1
		r.off++
		if f != nil {
			f(name, dir)
		}
	}
}

// folder returns where the record gives the folder rel, for names; ok is
// false when it does not (and for a nil record): only then is the
// folder's mtime worth a stat.
func (rec *outFolders) folder(rel string) (at int, ok bool) {
	if rec == nil {
		return 0, false
	}
	at, ok = rec.at[rel]
	return at, ok
}

// names calls f with the names of the folder the record gives at at (see
// folder), and reports true, when the record gives it with mtime; false
// otherwise.
func (rec *outFolders) names(at int, mtime int64, f func(name string, dir bool)) bool {
	r := &recordReader{b: rec.raw, off: at}
	if r.mtime() != mtime {
		return false
	}
	r.names(r.uv(), f)
	return !r.bad
}

// without returns the record less the folders drop names.
func (rec *outFolders) without(drop map[string]bool) *outFolders {
	w := &folderWriter{b: make([]byte, 0, len(rec.raw))}
	for r := (&recordReader{b: rec.raw}); r.off < len(r.b) && !r.bad; {
		start := r.off
		rel := r.str()
		r.mtime()
		r.names(r.uv(), nil)
		if !r.bad && !drop[rel] {
			w.b = append(w.b, rec.raw[start:r.off]...)
		}
	}
	return w.record()
}

// encode returns the record as its file holds it: a header, the folders
// and a checksum.
func (rec *outFolders) encode() []byte {
	b := make([]byte, 0, len(outFoldersMagic)+len(rec.raw)+4)
	b = append(append(b, outFoldersMagic...), rec.raw...)
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// decodeOutFolders reads what encode wrote, checking every path and name:
// a record cannot make a listing look outside the output folder.
func decodeOutFolders(data []byte) (*outFolders, error) {
	errBad := errors.New("output folders record: damaged")
	if len(data) < len(outFoldersMagic)+4 || string(data[:len(outFoldersMagic)]) != outFoldersMagic {
		return nil, errors.New("not an output folders record of this kb")
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, errBad
	}
	raw := body[len(outFoldersMagic):]
	// A page's folder takes some 60 bytes (a path, an mtime, one name).
	rec := &outFolders{raw: raw, at: make(map[string]int, len(raw)/60)}
	for r := (&recordReader{b: rec.raw}); r.off < len(r.b); {
		rel := r.str()
		if r.bad || !fs.ValidPath(rel) {
			return nil, errBad
		}
		rec.at[rel] = r.off
		r.mtime()
		r.names(r.uv(), func(name string, _ bool) {
			if !validEntryName(name) {
				r.bad = true
			}
		})
		if r.bad {
			return nil, errBad
		}
	}
	return rec, nil
}

// joinRel is rel/name, for rel "." the name alone.
func joinRel(rel, name string) string {
	if rel == "." {
		return name
	}
	return rel + "/" + name
}

// validEntryName is a name a folder can hold.
func validEntryName(name string) bool {
	return name != "." && fs.ValidPath(name) && !strings.ContainsAny(name, "/\x00")
}

// readOutFolders reads the last build's record of the output's folders;
// nil for none (missing, another kb's, damaged: the output is then listed
// folder by folder).
func (s *Session) readOutFolders() *outFolders { return s.readFolderRecord(outFoldersFile) }

// writeOutFolders keeps rec for the next build; nil removes the last one,
// which no longer describes the output.
func (s *Session) writeOutFolders(rec *outFolders) { s.writeFolderRecord(outFoldersFile, rec) }

// spareFoldersFile, in <site>/.kb/cache, keeps the record of the spare
// output's folders (see spareOutput): the output's before the swap that
// made it the spare.
const spareFoldersFile = "sparefolders"

// readSpareFolders and writeSpareFolders are readOutFolders and
// writeOutFolders for the spare output.
func (s *Session) readSpareFolders() *outFolders { return s.readFolderRecord(spareFoldersFile) }

func (s *Session) writeSpareFolders(rec *outFolders) { s.writeFolderRecord(spareFoldersFile, rec) }

func (s *Session) readFolderRecord(name string) *outFolders {
	data, ok := s.readSideCache(name)
	if !ok || data == nil {
		return nil
	}
	r, err := decodeOutFolders(data)
	if err != nil {
		s.cacheNote(fmt.Sprintf("ignoring the build cache's %s: %v", name, err))
		return nil
	}
	return r
}

func (s *Session) writeFolderRecord(name string, rec *outFolders) {
	if rec == nil {
		os.Remove(filepath.Join(s.opts.SiteDir, ".kb", "cache", name))
		return
	}
	s.writeSideCache(name, rec.encode())
}
