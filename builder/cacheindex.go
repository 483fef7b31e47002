package builder

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"runtime"
	"sync"
	"unsafe"

	"kb/builder/diag"
)

// The page cache's index is written in a plain length-prefixed form rather
// than gob: gob took half a second to read and write the index of 30,000
// pages, a good part of a cached build. Layout: cacheIndexMagic, then
// uvarints and strings (uvarint length and bytes) field by field in the
// order appendCacheIndex writes them, then the CRC-32C of all that.
const cacheIndexMagic = "kb cache index 5\n"

var (
	errBadIndex     = errors.New("the cache index is damaged")
	errForeignIndex = errors.New("the cache index is another kb's")
)

// encodeCacheIndex encodes idx, with its checksum, in parts to be written
// one after the other. The entries, most of it, are encoded in runs on
// every core (their order is the map's, which decoding does not depend
// on): the index is written in the build's last step, which nothing else
// shares. The runs are not joined into one buffer, which would be the
// index's size again in fresh memory.
func encodeCacheIndex(idx *cacheIndex) [][]byte {
	b := make([]byte, 0, 256) // the header, then the tail
	num := func(v int64) { b = binary.AppendVarint(b, v) }
	str := func(s string) { b = appendString(b, s) }
	crc := func(v uint32) { b = binary.LittleEndian.AppendUint32(b, v) }
	b = append(b, cacheIndexMagic...)
	str(idx.Version)
	b = append(b, idx.Global[:]...)
	str(idx.Pack)
	str(idx.ServerIndex)
	num(int64(len(idx.Entries)))
	head := b
	outs := make([]string, 0, len(idx.Entries))
	for out := range idx.Entries {
		outs = append(outs, out)
	}
	runs := make([][]byte, max(1, min(runtime.GOMAXPROCS(0), len(outs)/1024)))
	var wg sync.WaitGroup
	for i := range runs {
		wg.Go(func() {
			part := outs[i*len(outs)/len(runs) : (i+1)*len(outs)/len(runs)]
			run := make([]byte, 0, entryBytes*len(part)) // grown rarely
			for _, out := range part {
				run = appendCacheEntry(run, out, idx.Entries[out])
			}
			runs[i] = run
		})
	}
	wg.Wait()
	b = make([]byte, 0, 64*(len(idx.Gzipped)+len(idx.Static))+96*len(idx.StaticOut)+16)
	num(int64(len(idx.Gzipped)))
	for sum, ref := range idx.Gzipped {
		b = append(b, sum[:]...)
		num(ref.Off)
		num(ref.Len)
		crc(ref.CRC)
	}
	num(int64(len(idx.Static)))
	for lang, ref := range idx.Static {
		str(lang)
		num(ref.Off)
		num(ref.Len)
		crc(ref.CRC)
	}
	num(int64(len(idx.StaticOut)))
	for name, o := range idx.StaticOut {
		str(name)
		b = append(b, o.Sum[:]...)
		num(o.Out.Size)
		num(o.Out.ModTime)
	}
	parts := append(append([][]byte{head}, runs...), b)
	var sum uint32
	for _, p := range parts {
		sum = crc32.Update(sum, castagnoli, p)
	}
	parts[len(parts)-1] = binary.LittleEndian.AppendUint32(b, sum)
	return parts
}

// entryBytes is about what an entry takes encoded: on the generated
// corpus, 570 bytes.
const entryBytes = 640

// appendCacheEntry appends the entry e of the page at out to b.
func appendCacheEntry(b []byte, out string, e *cacheEntry) []byte {
	num := func(v int64) { b = binary.AppendVarint(b, v) }
	str := func(s string) { b = appendString(b, s) }
	flag := func(v bool) { b = appendBool(b, v) }
	crc := func(v uint32) { b = binary.LittleEndian.AppendUint32(b, v) }
	str(out)
	b = append(b, e.Key[:]...)
	num(int64(len(e.Calls)))
	for _, c := range e.Calls {
		b = append(b, c.Kind)
		str(c.Dest)
		str(c.URL)
		flag(c.OK)
	}
	num(e.Off)
	num(e.Len)
	crc(e.CRC)
	num(int64(len(e.Diags)))
	for _, d := range e.Diags {
		str(d.File)
		num(int64(d.Line))
		num(int64(d.Col))
		num(int64(d.Severity))
		str(d.Msg)
		str(string(d.Kind))
		str(d.Subject)
		num(int64(d.Uses))
		str(d.Fix)
	}
	num(int64(len(e.Links)))
	for _, l := range e.Links {
		str(l.File)
		num(int64(l.Line))
		num(int64(l.Col))
		str(l.Dest)
		str(l.URL)
		flag(l.Broken)
		flag(l.Image)
		flag(l.Ref)
	}
	num(int64(len(e.Anchors)))
	for _, a := range e.Anchors {
		str(a)
	}
	num(e.DocsLen)
	num(e.DocsHead)
	crc(e.DocsCRC)
	crc(e.BodiesCRC)
	str(e.DocLang)
	num(int64(len(e.DocIDs)))
	for _, id := range e.DocIDs {
		str(id)
	}
	num(e.Out.Size)
	num(e.Out.ModTime)
	return b
}

// decodeCacheIndex checks and decodes what encodeCacheIndex wrote. The
// strings share data's bytes: the caller gives data up.
func decodeCacheIndex(data []byte) (*cacheIndex, error) {
	if len(data) < len(cacheIndexMagic)+4 || string(data[:len(cacheIndexMagic)]) != cacheIndexMagic {
		return nil, errForeignIndex
	}
	body := data[:len(data)-4]
	if crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(data[len(data)-4:]) {
		return nil, errors.New("checksum mismatch")
	}
	// The strings point into data, which is this index's alone and never
	// written again: a copy would be the index's size again in fresh memory.
	all := unsafe.String(unsafe.SliceData(body), len(body))
	pos := len(cacheIndexMagic)
	bad := false
	num := func() int64 {
		v, n := binary.Varint(body[pos:])
		if n <= 0 {
			bad = true
			return 0
		}
		pos += n
		return v
	}
	count := func() int {
		n := num()
		if n < 0 || n > int64(len(body)-pos) {
			bad = true
			return 0
		}
		return int(n)
	}
	str := func() string {
		n, k := binary.Uvarint(body[pos:])
		if k <= 0 || n > uint64(len(body)-pos-k) {
			bad = true
			return ""
		}
		pos += k
		s := all[pos : pos+int(n)]
		pos += int(n)
		return s
	}
	byteAt := func() byte {
		if pos >= len(body) {
			bad = true
			return 0
		}
		pos++
		return body[pos-1]
	}
	flag := func() bool { return byteAt() == 1 }
	sum := func() (s [32]byte) {
		if len(body)-pos < 32 {
			bad = true
			return s
		}
		copy(s[:], body[pos:])
		pos += 32
		return s
	}
	crc := func() uint32 {
		if len(body)-pos < 4 {
			bad = true
			return 0
		}
		pos += 4
		return binary.LittleEndian.Uint32(body[pos-4:])
	}
	idx := &cacheIndex{}
	idx.Version = str()
	idx.Global = sum()
	idx.Pack = str()
	idx.ServerIndex = str()
	n := count()
	idx.Entries = make(map[string]*cacheEntry, n)
	for range n {
		if bad {
			return nil, errBadIndex
		}
		out := str()
		e := &cacheEntry{Key: sum()}
		if k := count(); k > 0 {
			e.Calls = make([]resolveCall, k)
			for i := range e.Calls {
				e.Calls[i] = resolveCall{Kind: byteAt(), Dest: str(), URL: str(), OK: flag()}
			}
		}
		e.Off, e.Len, e.CRC = num(), num(), crc()
		if k := count(); k > 0 {
			e.Diags = make([]diag.Diagnostic, k)
			for i := range e.Diags {
				e.Diags[i] = diag.Diagnostic{File: str(), Line: int(num()), Col: int(num()), Severity: diag.Severity(num()), Msg: str(), Kind: diag.Kind(str()),
					Subject: str(), Uses: int(num()), Fix: str()}
			}
		}
		if k := count(); k > 0 {
			e.Links = make([]linkRecord, k)
			for i := range e.Links {
				e.Links[i] = linkRecord{File: str(), Line: int(num()), Col: int(num()), Dest: str(), URL: str(), Broken: flag(), Image: flag(), Ref: flag()}
			}
		}
		if k := count(); k > 0 {
			e.Anchors = make([]string, k)
			for i := range e.Anchors {
				e.Anchors[i] = str()
			}
		}
		e.DocsLen, e.DocsHead, e.DocsCRC, e.BodiesCRC, e.DocLang = num(), num(), crc(), crc(), str()
		if k := count(); k > 0 {
			e.DocIDs = make([]string, k)
			for i := range e.DocIDs {
				e.DocIDs[i] = str()
			}
		}
		e.Out = fileStamp{Size: num(), ModTime: num()}
		idx.Entries[out] = e
	}
	if n := count(); n > 0 {
		idx.Gzipped = make(map[[32]byte]blobRef, n)
		for range n {
			s := sum()
			idx.Gzipped[s] = blobRef{Off: num(), Len: num(), CRC: crc()}
			if bad {
				return nil, errBadIndex
			}
		}
	}
	if n := count(); n > 0 {
		idx.Static = make(map[string]blobRef, n)
		for range n {
			lang := str()
			idx.Static[lang] = blobRef{Off: num(), Len: num(), CRC: crc()}
		}
	}
	if n := count(); n > 0 {
		idx.StaticOut = make(map[string]staticOutput, n)
		for range n {
			name := str()
			idx.StaticOut[name] = staticOutput{Sum: sum(), Out: fileStamp{Size: num(), ModTime: num()}}
		}
	}
	if bad || pos != len(body) {
		return nil, errBadIndex
	}
	return idx, nil
}
