package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"kb/builder/diag"
	"kb/internal/textpos"
)

// Hugo's JSON front matter: a JSON object that opens the file, the body
// right after its closing brace.

// startsJSON reports a file that opens with a JSON object: "{" and then a
// key or "}". A page that starts with a shortcode ({{< note >}}) does not.
func startsJSON(text []byte) bool {
	if len(text) == 0 || text[0] != '{' {
		return false
	}
	rest := bytes.TrimLeft(text[1:], " \t\n")
	return len(rest) > 0 && (rest[0] == '"' || rest[0] == '}')
}

// splitJSON cuts the object off the body: the decoder says where the
// object ends. An object with a syntax error is "closed", its block the
// whole file, so that jsonFields reports the error where it is; one that
// is never closed is not.
func splitJSON(text []byte) frontMatter {
	fm := frontMatter{delim: "{", blockLine: 1}
	dec := json.NewDecoder(bytes.NewReader(text))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return fm
		}
		fm.closed, fm.block = true, text
		return fm
	}
	end := int(dec.InputOffset())
	fm.closed, fm.block = true, text[:end]
	fm.bodyLine = 1 + bytes.Count(fm.block, []byte("\n"))
	rest := text[end:]
	// The rest of the closing brace's line, when blank, is not body.
	if nl := bytes.IndexByte(rest, '\n'); nl >= 0 && len(bytes.TrimSpace(rest[:nl])) == 0 {
		rest = rest[nl+1:]
		fm.bodyLine++
	} else if nl < 0 && len(bytes.TrimSpace(rest)) == 0 {
		rest = nil
	}
	fm.body = rest
	return fm
}

// jsonFields reads the top-level keys of a JSON object, with the line and
// column of each key; numbers become int64 when whole, as YAML's and
// TOML's do.
func jsonFields(file string, block []byte, firstLine int, diags *diag.List) ([]field, bool) {
	fail := func(off int64, msg string) ([]field, bool) {
		line, col := textpos.Position(block, int(min(max(off, 0), int64(len(block)))))
		diags.Errorf(file, line+firstLine-1, col, "front matter: %s", msg)
		return nil, false
	}
	report := func(err error, at int64) ([]field, bool) {
		var serr *json.SyntaxError
		switch {
		case errors.As(err, &serr):
			// The token reader's offsets lag; a whole decode says where.
			var raw json.RawMessage
			if err := json.NewDecoder(bytes.NewReader(block)).Decode(&raw); errors.As(err, &serr) {
				return fail(serr.Offset-1, strings.TrimPrefix(serr.Error(), "json: ")+" (JSON front matter)")
			}
			return fail(at, strings.TrimPrefix(err.Error(), "json: ")+" (JSON front matter)")
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return fail(0, "the opening { of the JSON front matter has no closing }")
		}
		return fail(at, err.Error())
	}
	dec := json.NewDecoder(bytes.NewReader(block))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil { // the opening brace
		return report(err, 0)
	}
	var fields []field
	for dec.More() {
		start := dec.InputOffset()
		for int(start) < len(block) && strings.IndexByte(" \t\n,", block[start]) >= 0 {
			start++
		}
		tok, err := dec.Token()
		if err != nil {
			return report(err, start)
		}
		name, _ := tok.(string)
		f := field{name: name}
		f.line, f.col = textpos.Position(block, int(start))
		f.line += firstLine - 1
		if err := dec.Decode(&f.val); err != nil {
			return report(err, start)
		}
		f.val = jsonValue(f.val)
		fields = append(fields, f)
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return report(err, dec.InputOffset())
	}
	return fields, true
}

// jsonValue turns the decoder's json.Number into int64 or float64, in
// lists and tables too.
func jsonValue(v any) any {
	switch v := v.(type) {
	case json.Number:
		if n, err := v.Int64(); err == nil {
			return n
		}
		f, _ := v.Float64()
		return f
	case []any:
		for i := range v {
			v[i] = jsonValue(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = jsonValue(v[k])
		}
	}
	return v
}
