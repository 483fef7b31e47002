package content

import "strings"

// FirstHeading finds the text of the first ATX heading outside code fences
// without rendering the page, so titles are known before any page renders.
func FirstHeading(body []byte) string {
	fence := ""
	for line := range strings.Lines(string(body)) {
		t := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			continue
		}
		if !strings.HasPrefix(t, "#") {
			continue
		}
		h := strings.TrimLeft(t, "#")
		if len(t)-len(h) > 6 || (h != "" && h[0] != ' ' && h[0] != '\t') {
			continue
		}
		h = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(h), "#"))
		if i := strings.Index(h, "{#"); i >= 0 && strings.HasSuffix(h, "}") {
			h = strings.TrimSpace(h[:i])
		}
		h = strings.TrimSpace(withoutTags(h))
		if h != "" {
			return h
		}
	}
	return ""
}

// withoutTags is s without its HTML and component tags, which a title
// shows as text: "Config <Badge text=\"new\" />" is "Config".
func withoutTags(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	for {
		open := strings.IndexByte(s, '<')
		if open < 0 || open+1 >= len(s) || !isTagStart(s[open+1]) {
			b.WriteString(s)
			return strings.Join(strings.Fields(b.String()), " ")
		}
		end := strings.IndexByte(s[open:], '>')
		if end < 0 {
			b.WriteString(s)
			return strings.Join(strings.Fields(b.String()), " ")
		}
		b.WriteString(s[:open])
		b.WriteByte(' ')
		s = s[open+end+1:]
	}
}

func isTagStart(c byte) bool { return c == '/' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
