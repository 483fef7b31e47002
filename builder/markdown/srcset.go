package markdown

import (
	"regexp"
	"strings"
)

// srcsetCandidate is one image of a srcset: its URL and the width or
// density written after it ("480w", "2x"), if any.
type srcsetCandidate struct{ url, descriptor string }

var srcsetDescriptor = regexp.MustCompile(`^(?:[0-9]+w|[0-9]*\.?[0-9]+x)$`)

// parseSrcset splits a srcset value into its images as a browser does: a
// URL runs to the next space, and a comma ends an image. GitBook writes a
// file name with spaces as the whole value ("../assets/shot (1).png"),
// which a browser would read as a URL and a wrong descriptor, so a value
// without a comma whose words after the first are not a descriptor is one
// URL, as its writer meant.
func parseSrcset(v string) []srcsetCandidate {
	var cs []srcsetCandidate
	valid := true
	rest := v
	for {
		rest = strings.TrimLeft(rest, " \t\n\r\f,")
		if rest == "" {
			break
		}
		end := strings.IndexAny(rest, " \t\n\r\f")
		if end < 0 {
			end = len(rest)
		}
		c := srcsetCandidate{url: rest[:end]}
		rest = rest[end:]
		if u := strings.TrimRight(c.url, ","); u != c.url {
			c.url = u // a comma right after the URL ends the image
		} else {
			d, after, _ := strings.Cut(rest, ",")
			c.descriptor, rest = strings.TrimSpace(d), after
			if c.descriptor != "" && !srcsetDescriptor.MatchString(c.descriptor) {
				valid = false
			}
		}
		cs = append(cs, c)
	}
	if !valid && !strings.Contains(v, ",") {
		return []srcsetCandidate{{url: strings.TrimSpace(v)}}
	}
	return cs
}

// formatSrcset writes images back as a srcset value. A space in a URL
// would end it, so it is written %20.
func formatSrcset(cs []srcsetCandidate) string {
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strings.ReplaceAll(c.url, " ", "%20"))
		if c.descriptor != "" {
			b.WriteString(" " + c.descriptor)
		}
	}
	return b.String()
}
