package markdown

import (
	"bytes"
	"cmp"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// Help centers embed how-to videos as the video site's player in an
// <iframe>, which the raw-HTML allowlist removes, leaving the reader
// nothing. An iframe whose src is a YouTube or Vimeo player is read as a
// use of the youtube or vimeo shortcode instead, so it becomes what that
// template makes of it (the default theme's: a link to the video), with
// raw HTML on or off. Only the video's checked id (or a YouTube
// playlist's), a start time in seconds, a Vimeo hash and the iframe's
// title reach the template, which escapes them.

var (
	youtubeID   = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)
	youtubeList = regexp.MustCompile(`^[A-Za-z0-9_-]{10,64}$`)
	vimeoID     = regexp.MustCompile(`^[0-9]{1,12}$`)
	vimeoHash   = regexp.MustCompile(`^[0-9a-f]{6,20}$`) // an unlisted video's
	// startTime is a start time as YouTube reads it: seconds ("90"), or
	// hours, minutes and seconds ("1m30s", "1h2m", "90s").
	startTime = regexp.MustCompile(`^(?:([0-9]{1,6})|(?:([0-9]{1,3})h)?(?:([0-9]{1,4})m)?(?:([0-9]{1,6})s)?)$`)
)

// startSeconds reads a start time (startTime) in seconds, "" for none or
// one it cannot read.
func startSeconds(t string) string {
	m := startTime.FindStringSubmatch(t)
	if t == "" || m == nil {
		return ""
	}
	if m[1] != "" {
		return m[1]
	}
	n := 0
	for i, unit := range []int{3600, 60, 1} {
		if v, err := strconv.Atoi(m[2+i]); err == nil {
			n += v * unit
		}
	}
	return strconv.Itoa(n)
}

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
		q := u.Query()
		if id == "videoseries" && youtubeList.MatchString(q.Get("list")) {
			return "youtube", map[string]string{"list": q.Get("list")} // a playlist
		}
		// live_stream looks like an id: a channel's stream.
		if !ok || !youtubeID.MatchString(id) || id == "live_stream" {
			return "", nil
		}
		return "youtube", youtubeArgs(id, q)
	case "player.vimeo.com":
		id, ok := strings.CutPrefix(u.Path, "/video/")
		if !ok || !vimeoID.MatchString(id) {
			return "", nil
		}
		return "vimeo", vimeoArgs(id, u.Query().Get("h"))
	}
	return "", nil
}

// youtubeArgs are the youtube shortcode's arguments for a video and the
// query of its address: its start time, in seconds.
func youtubeArgs(id string, q url.Values) map[string]string {
	args := map[string]string{"id": id}
	if start := startSeconds(cmp.Or(q.Get("start"), q.Get("t"))); start != "" {
		args["start"] = start
	}
	return args
}

// vimeoArgs are the vimeo shortcode's arguments for a video and the hash
// an unlisted one is shared with, without which its link leads nowhere.
func vimeoArgs(id, hash string) map[string]string {
	args := map[string]string{"id": id}
	if vimeoHash.MatchString(hash) {
		args["hash"] = hash
	}
	return args
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
		if u.Path == "/playlist" && youtubeList.MatchString(u.Query().Get("list")) {
			return "youtube", map[string]string{"list": u.Query().Get("list")}
		}
		if u.Path != "/watch" {
			return "", nil
		}
		id = u.Query().Get("v")
		fallthrough
	case "youtu.be":
		if !youtubeID.MatchString(id) {
			return "", nil
		}
		return "youtube", youtubeArgs(id, u.Query())
	case "vimeo.com", "www.vimeo.com":
		// vimeo.com/ID, or vimeo.com/ID/HASH for an unlisted video.
		id, hash, _ := strings.Cut(id, "/")
		if !vimeoID.MatchString(id) {
			return "", nil
		}
		return "vimeo", vimeoArgs(id, cmp.Or(hash, u.Query().Get("h")))
	}
	return "", nil
}

// hasTemplate reports whether the site has a template for shortcode name:
// a player becomes its shortcode only then.
func (r *Renderer) hasTemplate(name string) bool { return r.opts.Shortcodes[name] != nil }
