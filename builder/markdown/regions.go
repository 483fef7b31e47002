package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
)

// Regions, as VitePress reads them (after VS Code's folding markers): the
// lines between "// #region name" and "// #endregion name", in whichever
// comment style the file's language writes them, which an include or a
// code snippet import names with "#name".

// regionMarker is one comment style's pair of markers; each captures the
// region's name.
type regionMarker struct{ start, end *regexp.Regexp }

// regionMarkers are VitePress's styles (src/node/markdown/regions.ts),
// every one tried on every file: the language of a file is not known.
var regionMarkers = []regionMarker{
	// line comments: js, ts, go, rust, java (hash optional), sql, bat
	{regexp.MustCompile(`^\s*(?://\s*#?|(?:--|::|@?[rR][eE][mM])\s*#)region\b\s*(.*?)\s*$`),
		regexp.MustCompile(`^\s*(?://\s*#?|(?:--|::|@?[rR][eE][mM])\s*#)endregion\b\s*(.*?)\s*$`)},
	// hash comments: c#, python, yaml, shell, visual basic, powershell, #pragma region
	{regexp.MustCompile(`^\s*#\s*(?:#\s*|pragma\s+)?[rR]egion\b\s*(.*?)\s*$`),
		regexp.MustCompile(`^\s*#\s*(?:#\s*|pragma\s+)?[eE]nd ?[rR]egion\b\s*(.*?)\s*$`)},
	// Markdown (hash optional), HTML, Vue templates
	{regexp.MustCompile(`^\s*<!--\s*#?region\b\s*(.*?)\s*-->`),
		regexp.MustCompile(`^\s*<!--\s*#?endregion\b\s*(.*?)\s*-->`)},
	// CSS, Less, Sass
	{regexp.MustCompile(`^\s*/\*\s*#region\b\s*(.*?)\s*\*/`),
		regexp.MustCompile(`^\s*/\*\s*#endregion\b\s*(.*?)\s*\*/`)},
	// F# block comments
	{regexp.MustCompile(`^\s*\(\*\s*#region\b\s*(.*?)\s*\*\)`),
		regexp.MustCompile(`^\s*\(\*\s*#endregion\b\s*(.*?)\s*\*\)`)},
	// JSON keys: "// #region name": "",
	{regexp.MustCompile(`^\s*"/{2,}\s*#region\b\s*(.*?)":\s*"",?\s*$`),
		regexp.MustCompile(`^\s*"/{2,}\s*#endregion\b\s*(.*?)":\s*"",?\s*$`)},
}

// codeRegion is the lines [start, end) of a region, and the style of the
// marker that opened it.
type codeRegion struct {
	start, end int
	marker     *regionMarker
}

// regionName is a marker's name: Visual Basic quotes it (#Region "Name").
func regionName(m [][]byte) string {
	name := m[1]
	if len(name) >= 2 && name[0] == '"' && name[len(name)-1] == '"' {
		name = name[1 : len(name)-1]
	}
	return string(name)
}

// findRegions lists the regions called name in lines, in order. A named
// end marker closes the innermost open region of that name, whatever its
// style; an unnamed one the innermost opened in its own style. Nested
// regions of the same name count once, as the outermost.
func findRegions(lines [][]byte, name string) []codeRegion {
	type open struct {
		name   string
		start  int
		marker *regionMarker
	}
	var found []codeRegion
	var opened []open
	for i, line := range lines {
		if !bytes.Contains(bytes.ToLower(line), []byte("region")) {
			continue
		}
		started := false
		for k := range regionMarkers {
			if m := regionMarkers[k].start.FindSubmatch(line); m != nil {
				opened = append(opened, open{regionName(m), i + 1, &regionMarkers[k]})
				started = true
				break
			}
		}
		if started || len(opened) == 0 {
			continue
		}
		for k := range regionMarkers {
			m := regionMarkers[k].end.FindSubmatch(line)
			if m == nil {
				continue
			}
			end := regionName(m)
			at := len(opened) - 1
			for ; at >= 0; at-- {
				if end != "" && opened[at].name == end || end == "" && opened[at].marker == &regionMarkers[k] {
					break
				}
			}
			if at < 0 {
				continue
			}
			closed := opened[at]
			opened = opened[:at]
			if closed.name == name && !slices.ContainsFunc(opened, func(o open) bool { return o.name == name }) {
				found = append(found, codeRegion{closed.start, i, closed.marker})
			}
			break
		}
	}
	return found
}

// regionLines is the text of the regions called name in text, joined, or
// ok false when it has none. Without the markers of the styles that
// opened them, and as little indented as the least indented line.
func regionLines(text []byte, name string) (out []byte, ok bool) {
	lines := bytes.SplitAfter(text, []byte("\n"))
	regions := findRegions(lines, name)
	if len(regions) == 0 {
		return nil, false
	}
	var kept [][]byte
	for _, r := range regions {
		for _, line := range lines[r.start:r.end] {
			if !isMarkerOf(line, regions) {
				kept = append(kept, line)
			}
		}
	}
	all := make([]int, len(kept))
	for i := range all {
		all[i] = i
	}
	by(kept, all, commonIndent(kept, all))
	return bytes.Join(kept, nil), true
}

// isMarkerOf reports a region marker line in one of the styles that
// opened regions.
func isMarkerOf(line []byte, regions []codeRegion) bool {
	if !bytes.Contains(bytes.ToLower(line), []byte("region")) {
		return false
	}
	return slices.ContainsFunc(regions, func(r codeRegion) bool {
		return r.marker.start.Match(line) || r.marker.end.Match(line)
	})
}

// regionText is the text of file's regions called name, or an error that
// says how to mark one.
func regionText(file string, text []byte, name string) ([]byte, error) {
	if name == "" {
		return nil, fmt.Errorf("#: name a region after the #")
	}
	out, ok := regionLines(text, name)
	if !ok {
		return nil, fmt.Errorf("%s has no region %q: mark its lines with #region %s and #endregion %s comments", file, name, name, name)
	}
	return out, nil
}
