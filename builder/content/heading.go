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
		if h != "" {
			return h
		}
	}
	return ""
}
