package content

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"kb/builder/diag"
	"kb/internal/textpos"
)

// Assets lists the files under content/ that are published beside the
// pages (ClassifyFile says Asset), sorted, and reports as errors the files
// it refuses: types that could run on the help center's origin or are
// unknown, and symbolic links leading out of the site. Load reports the
// problems of Markdown files; Assets the rest, so nothing is said twice.
func Assets(fsys fs.FS, diags *diag.List) []string {
	var files []string
	fs.WalkDir(fsys, "content", func(name string, d fs.DirEntry, err error) error {
		if err != nil || name == "content" {
			return nil // Load reports unreadable folders
		}
		class, why := ClassifyFile(name)
		switch {
		case class == Ignored && d.IsDir():
			return fs.SkipDir
		case class == Ignored, class == Markdown, d.IsDir():
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			fi, err := fs.Stat(fsys, name)
			if _, refused := linkRefused(err); refused {
				diags.Errorf(name, 0, 0, "%v", err)
				return nil
			}
			if err != nil || fi.IsDir() {
				return nil // dangling; or a folder, which Load reports
			}
		}
		switch class {
		case Refused:
			diags.Errorf(name, 1, 0, "not published: %s", why)
		case Asset:
			files = append(files, name)
		}
		return nil
	})
	slices.Sort(files)
	return files
}

// CheckAsset reports what makes an asset unsafe to publish: for an SVG, a
// script, an event handler attribute, a javascript: URL, a foreignObject
// (HTML inside the image) or a stylesheet processing instruction, each at
// its line. Browsers run these when the file is opened as a page.
func CheckAsset(file string, data []byte) []diag.Diagnostic {
	if !strings.EqualFold(path.Ext(file), ".svg") {
		return nil
	}
	return checkSVG(file, data)
}

const svgAdvice = "remove it, or " + moveToStatic

func checkSVG(file string, data []byte) []diag.Diagnostic {
	var out []diag.Diagnostic
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	at := textpos.NewCursor(data)
	for {
		line, col := at.Position(int(dec.InputOffset())) // where the next token starts
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				line, col = se.Line, 0
			}
			return append(out, diag.At(file, line, col, "SVG is not well-formed XML (%v): fix it, so that kb can check it holds no script", err))
		}
		switch t := tok.(type) {
		case xml.ProcInst:
			if strings.EqualFold(t.Target, "xml-stylesheet") {
				out = append(out, diag.At(file, line, col, "SVG names a stylesheet (<?xml-stylesheet?>) that can turn it into a page with scripts: "+svgAdvice))
			}
		case xml.StartElement:
			switch strings.ToLower(t.Name.Local) {
			case "script":
				out = append(out, diag.At(file, line, col, "SVG has a <script>, which runs when the file is opened: "+svgAdvice))
			case "foreignobject":
				out = append(out, diag.At(file, line, col, "SVG has a <foreignObject>, which embeds HTML that can run scripts: "+svgAdvice))
			}
			for _, a := range t.Attr {
				name := strings.ToLower(a.Name.Local)
				switch {
				case strings.HasPrefix(name, "on"):
					out = append(out, diag.At(file, line, col, "SVG has an event handler attribute %s=, which runs script: %s", a.Name.Local, svgAdvice))
				case scriptURL(a.Value):
					out = append(out, diag.At(file, line, col, "SVG has a javascript: URL in %s=, which runs script: %s", a.Name.Local, svgAdvice))
				case name == "attributename" && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Value)), "on"):
					out = append(out, diag.At(file, line, col, "SVG animates the event handler %s, which runs script: %s", a.Value, svgAdvice))
				}
			}
		}
	}
}

// scriptURL reports a value holding a javascript: (or vbscript:) URL the
// way a browser reads it: letter case, and any whitespace or control
// characters in it, do not matter.
func scriptURL(v string) bool {
	var b strings.Builder
	for _, r := range v {
		if r <= ' ' || r == 0x7f {
			continue
		}
		b.WriteRune(r)
	}
	s := strings.ToLower(b.String())
	return strings.Contains(s, "javascript:") || strings.Contains(s, "vbscript:")
}
