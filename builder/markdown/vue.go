package markdown

import (
	"bytes"
	"slices"
)

// VitePress pages are Vue single-file components written in Markdown:
// they may hold a <script setup> block (imports, state for the page's
// components) and <style> blocks, and VitePress's own [[toc]]. Before
// the Markdown parse, vueSource blanks them out, outside fenced code:
// kb runs no script, the theme styles the page, and kb's articles have
// their table of contents beside the text. Every line stays where it
// was, so each later diagnostic names the line the writer wrote.

// vueSource returns src without its <script setup> and <style> blocks
// and its [[toc]] lines, or src itself when it has none.
func vueSource(src []byte) []byte {
	if !bytes.Contains(src, []byte("<script")) && !bytes.Contains(src, []byte("<style")) && !bytes.Contains(src, []byte("[[toc]]")) {
		return src
	}
	lines := bytes.SplitAfter(slices.Clone(src), []byte("\n"))
	var code fences
	var closing []byte // the end tag of the block being blanked out
	changed := false
	for _, line := range lines {
		trimmed := bytes.TrimSpace(line)
		switch {
		case closing != nil:
			if bytes.Contains(line, closing) {
				closing = nil
			}
			blankOut(line)
			continue
		case code.line(trimmed):
			continue
		case bytes.Equal(trimmed, []byte("[[toc]]")):
			blankOut(line)
			changed = true
			continue
		}
		if end := vueBlockEnd(line); end != nil {
			if !bytes.Contains(line, end) {
				closing = end
			}
			blankOut(line)
			changed = true
		}
	}
	if !changed {
		return src
	}
	return bytes.Join(lines, nil)
}

// vueBlockEnd returns the end tag of the block a line opens at its start,
// <script setup ...> or <style ...>, nil for none. A <script> without
// setup is left to the sanitizer, which says it was removed.
func vueBlockEnd(line []byte) []byte {
	for _, name := range []string{"script", "style"} {
		rest, ok := bytes.CutPrefix(line, []byte("<"+name))
		if !ok || len(rest) == 0 || rest[0] != '>' && rest[0] != ' ' && rest[0] != '\t' {
			continue
		}
		tag, _, _ := bytes.Cut(rest, []byte(">"))
		if name == "script" && !slices.ContainsFunc(bytes.Fields(tag), func(attr []byte) bool { return string(attr) == "setup" }) {
			return nil
		}
		return []byte("</" + name + ">")
	}
	return nil
}
