package markdown

import (
	"bytes"
	"cmp"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// Help centers embed how-to videos as the video site's player in an
// <iframe>, which the raw-HTML allowlist removes, leaving the reader
// nothing. An iframe whose src is a YouTube or Vimeo player is read as a
// use of the youtube or vimeo shortcode instead, so it becomes what that
// template makes of it (the default theme's: a link to the video), with
// raw HTML on or off. Only the video's checked id, a start time in
// seconds and the iframe's title reach the template, which escapes them.

var (
	youtubeID    = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)
	vimeoID      = regexp.MustCompile(`^[0-9]{1,12}$`)
	startSeconds = regexp.MustCompile(`^[0-9]{1,6}$`)
)

// genericPlayerTitles are the titles the sites' embed codes give every
// player: they say nothing of the video, so the shortcode's own text is
// better.
var genericPlayerTitles = [...]string{"YouTube video player", "Vimeo video player"}

// mayHavePlayers reports whether src may hold an iframe.
func mayHavePlayers(src []byte) bool {
	return anyTag(src, func(tag []byte) bool { return hasPrefixFold(tag, "<iframe") })
}

// anyTag reports whether match holds for the text from one of src's "<"
// on.
func anyTag(src []byte, match func(tag []byte) bool) bool {
	for i := bytes.IndexByte(src, '<'); i >= 0; {
		if match(src[i:]) {
			return true
		}
		j := bytes.IndexByte(src[i+1:], '<')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// playerTag matches at b[i] an iframe, up to its end tag (or self-closed,
// as MDX writes it), whose src is a video player kb links to; the tag is
// then a use of that player's shortcode, with its arguments in player.
func playerTag(b []byte, i int) (tag, bool) {
	if !hasPrefixFold(b[i:], "<iframe") {
		return tag{}, false
	}
	z := html.NewTokenizer(bytes.NewReader(b[i:]))
	tt := z.Next()
	if tt != html.StartTagToken && tt != html.SelfClosingTagToken || bytes.Contains(z.Raw(), []byte("\n\n")) {
		return tag{}, false
	}
	end := i + len(z.Raw())
	tok := z.Token()
	if tok.Data != "iframe" {
		return tag{}, false
	}
	if tt == html.StartTagToken {
		// Up to </iframe>: what is between is a fallback browsers never show.
		for {
			next := z.Next()
			if next == html.ErrorToken || bytes.Contains(z.Raw(), []byte("\n\n")) {
				return tag{}, false
			}
			end += len(z.Raw())
			if next == html.EndTagToken && z.Token().Data == "iframe" {
				break
			}
		}
	}
	var src, title string
	for _, a := range tok.Attr {
		switch a.Key {
		case "src":
			src = a.Val
		case "title":
			title = strings.Join(strings.Fields(a.Val), " ")
		}
	}
	name, args := player(src)
	if name == "" {
		return tag{}, false
	}
	generic := false
	for _, g := range genericPlayerTitles {
		generic = generic || strings.EqualFold(title, g)
	}
	if title != "" && !generic {
		args["title"] = title
	}
	return tag{start: i, end: end, kind: scOpen, name: name, selfClosing: true, player: args}, true
}

// player returns the shortcode ("youtube" or "vimeo") and arguments for a
// player's address (www.youtube.com/embed/ID, www.youtube-nocookie.com/embed/ID
// with ?start= or ?t=, player.vimeo.com/video/ID; http, https or
// protocol-relative), or "" for any other address.
func player(src string) (string, map[string]string) {
	src = strings.TrimSpace(src)
	u, err := url.Parse(src)
	if err != nil || u.User != nil || u.Port() != "" {
		return "", nil
	}
	switch u.Scheme {
	case "http", "https":
	case "":
		if !strings.HasPrefix(src, "//") {
			return "", nil
		}
	default:
		return "", nil
	}
	switch strings.ToLower(u.Host) {
	case "www.youtube.com", "youtube.com", "www.youtube-nocookie.com", "youtube-nocookie.com":
		id, ok := strings.CutPrefix(u.Path, "/embed/")
		// videoseries and live_stream look like ids: a playlist, a channel's stream.
		if !ok || !youtubeID.MatchString(id) || id == "videoseries" || id == "live_stream" {
			return "", nil
		}
		args := map[string]string{"id": id}
		q := u.Query()
		if start := cmp.Or(q.Get("start"), q.Get("t")); startSeconds.MatchString(start) {
			args["start"] = start
		}
		return "youtube", args
	case "player.vimeo.com":
		id, ok := strings.CutPrefix(u.Path, "/video/")
		if !ok || !vimeoID.MatchString(id) {
			return "", nil
		}
		return "vimeo", map[string]string{"id": id}
	}
	return "", nil
}

// videoPage returns the shortcode and arguments for the address of a
// video's page, as a writer copies it from the browser
// (www.youtube.com/watch?v=ID, youtu.be/ID, vimeo.com/ID), or for a
// player's address, or "" for any other address.
func videoPage(src string) (string, map[string]string) {
	if name, args := player(src); name != "" {
		return name, args
	}
	u, err := url.Parse(strings.TrimSpace(src))
	if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.User != nil || u.Port() != "" {
		return "", nil
	}
	id := strings.Trim(u.Path, "/")
	switch strings.ToLower(u.Host) {
	case "www.youtube.com", "youtube.com", "m.youtube.com":
		if u.Path != "/watch" {
			return "", nil
		}
		id = u.Query().Get("v")
		fallthrough
	case "youtu.be":
		if !youtubeID.MatchString(id) {
			return "", nil
		}
		return "youtube", map[string]string{"id": id}
	case "vimeo.com", "www.vimeo.com":
		if !vimeoID.MatchString(id) {
			return "", nil
		}
		return "vimeo", map[string]string{"id": id}
	}
	return "", nil
}

// hasTemplate reports whether the site has a template for shortcode name:
// a player becomes its shortcode only then.
func (r *Renderer) hasTemplate(name string) bool { return r.opts.Shortcodes[name] != nil }
