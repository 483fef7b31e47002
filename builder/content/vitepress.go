package content

import (
	"fmt"
	"path"
	"strings"
)

// homeKeys are a VitePress or Starlight home page's hero and features,
// which those generators show above the page's text and which are often
// all the page has: kb makes them the page's title (when it has none)
// and an introduction in Markdown before its body (Meta.Intro).
type homeKeys struct {
	title, text, tagline string
	titleLine            int
	actions              []homeLink
	features             []homeFeature
}

type homeLink struct{ text, link string }

type homeFeature struct{ title, details, link string }

// hero reads the hero table: VitePress's name, text and tagline,
// Starlight's title and tagline, and the actions' text and link; its
// image and the actions' theme and icon only style those generators'
// pages.
func (c checker) hero(f field, h *homeKeys) {
	c.table(f, "name, text, tagline, actions", func(k, name string, v any, line, col int) {
		switch k {
		case "name", "title":
			if s, ok := v.(string); ok && h.title == "" {
				h.title, h.titleLine = s, line
			}
		case "text":
			h.text, _ = v.(string)
		case "tagline":
			h.tagline, _ = v.(string)
		case "actions":
			list, _ := v.([]any)
			for _, item := range list {
				a, _ := item.(map[string]any)
				text, _ := a["text"].(string)
				link, _ := a["link"].(string)
				if text != "" && link != "" {
					h.actions = append(h.actions, homeLink{text, link})
				}
			}
		}
	})
}

// featureList reads VitePress's features: a list of {title, details,
// link}; icons are left out.
func (c checker) featureList(f field, h *homeKeys) {
	list, ok := f.val.([]any)
	if !ok {
		c.warn(f.line, f.col, "front matter: %q must be a list of {title, details}, not %s (ignored)", f.name, kindOf(f.val))
		return
	}
	for _, item := range list {
		m, _ := item.(map[string]any)
		var ft homeFeature
		ft.title, _ = m["title"].(string)
		ft.details, _ = m["details"].(string)
		ft.link, _ = m["link"].(string)
		if ft.title != "" || ft.details != "" {
			h.features = append(h.features, ft)
		}
	}
}

// apply gives the page the hero's title when its front matter has none,
// and the introduction: the hero's text and tagline, a line of its
// actions' links, and a list of the features.
func (h homeKeys) apply(m *Meta, seen map[string]field) {
	if _, ok := seen["title"]; !ok && h.title == "" && h.text != "" {
		h.title, h.text = h.text, ""
	}
	if _, ok := seen["title"]; !ok && h.title != "" {
		m.Title = h.title
		m.Lines.set("title", h.titleLine)
	}
	var b strings.Builder
	for _, s := range []string{h.text, h.tagline} {
		if s = oneLine(s); s != "" && s != m.Title {
			fmt.Fprintf(&b, "%s\n\n", s)
		}
	}
	for i, a := range h.actions {
		if i > 0 {
			b.WriteString(" · ")
		}
		fmt.Fprintf(&b, "[%s](%s)", oneLine(a.text), homeLinkDest(a.link))
	}
	if len(h.actions) > 0 {
		b.WriteString("\n\n")
	}
	for _, ft := range h.features {
		title, details := oneLine(ft.title), oneLine(ft.details)
		if ft.link != "" {
			title = fmt.Sprintf("[%s](%s)", title, homeLinkDest(ft.link))
		}
		switch {
		case title != "" && details != "":
			fmt.Fprintf(&b, "- **%s**: %s\n", title, details)
		case title != "":
			fmt.Fprintf(&b, "- **%s**\n", title)
		default:
			fmt.Fprintf(&b, "- %s\n", details)
		}
	}
	m.Intro = strings.TrimRight(b.String(), "\n")
}

// oneLine is s on one line, so that a value written over several lines
// stays one paragraph or list item.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// homeLinkDest is where a hero action's or a feature's link goes:
// VitePress reads one that is not absolute from the site's root
// ("./guide/start" and "fa/guide/start" are /guide/start and
// /fa/guide/start on any page), so kb's Markdown gets it so.
func homeLinkDest(link string) string {
	if link == "" || strings.HasPrefix(link, "/") || strings.HasPrefix(link, "#") || strings.Contains(link, ":") {
		return link
	}
	dest := path.Clean("/" + link)
	if strings.HasSuffix(link, "/") && dest != "/" {
		dest += "/"
	}
	return dest
}
