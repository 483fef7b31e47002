package zendesk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The Help Center API's objects, as its reference describes them, with
// only the fields kb uses.

type category struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Position    int    `json:"position"`
	HTMLURL     string `json:"html_url"`
}

type section struct {
	ID          int64  `json:"id"`
	CategoryID  int64  `json:"category_id"`
	ParentID    int64  `json:"parent_section_id"` // 0 for a section of a category
	Name        string `json:"name"`
	Description string `json:"description"`
	Position    int    `json:"position"`
	HTMLURL     string `json:"html_url"`
}

type article struct {
	ID        int64    `json:"id"`
	SectionID int64    `json:"section_id"`
	Title     string   `json:"title"`
	Body      string   `json:"body"`
	Position  int      `json:"position"`
	Promoted  bool     `json:"promoted"`
	Draft     bool     `json:"draft"`
	Labels    []string `json:"label_names"`
	// UserSegment is who may read the article: 0 (null) for everyone,
	// else a segment of signed-in users (agents, a plan's customers).
	UserSegment int64 `json:"user_segment_id"`
	// Outdated is the translation's mark that its source changed after it
	// was translated; OutdatedLocales, on any locale's copy, lists the
	// locales whose translation has that mark.
	Outdated        bool     `json:"outdated"`
	OutdatedLocales []string `json:"outdated_locales"`
	EditedAt        string   `json:"edited_at"`
	UpdatedAt       string   `json:"updated_at"`
	HTMLURL         string   `json:"html_url"`
}

// maxPages bounds a list's pages (100 items each): a server that always
// names a next page does not keep kb fetching.
const maxPages = 2000

// maxBody bounds one API answer or one downloaded file.
const maxBody = 32 << 20

// client fetches from one help center.
type client struct {
	base *url.URL // scheme and host, no path
	http *http.Client
	auth string // "email/token:APITOKEN", or "" for the public API
}

// get fetches u (on the help center's host) and returns its body.
func (c *client) get(ctx context.Context, u string) ([]byte, error) {
	body, _, err := c.fetch(ctx, u)
	return body, err
}

// fetch fetches u and returns its body and media type. A 429 waits as
// long as Retry-After says (at most a minute), up to five times.
func (c *client) fetch(ctx context.Context, u string) ([]byte, string, error) {
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, "", err
		}
		if c.auth != "" {
			name, token, _ := strings.Cut(c.auth, ":")
			req.SetBasicAuth(name, token)
		}
		req.Header.Set("Accept", "application/json")
		resp, err := c.http.Do(req)
		if err != nil {
			return nil, "", err
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
		resp.Body.Close()
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", u, err)
		}
		switch {
		case resp.StatusCode == http.StatusTooManyRequests && attempt < 5:
			wait, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
			select {
			case <-time.After(time.Duration(min(max(wait, 1), 60)) * time.Second):
			case <-ctx.Done():
				return nil, "", ctx.Err()
			}
			continue
		case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
			return nil, "", fmt.Errorf("%s: %s: the help center is not public; set KB_ZENDESK_TOKEN=you@example.com/token:API_TOKEN (an agent's API token)", u, resp.Status)
		case resp.StatusCode != http.StatusOK:
			return nil, "", fmt.Errorf("%s: %s", u, resp.Status)
		case len(body) > maxBody:
			return nil, "", fmt.Errorf("%s: more than %d MiB", u, maxBody>>20)
		}
		mediaType, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
		return body, mediaType, nil
	}
}

// sameHost reports whether u is on the help center's host (or relative
// to it), and returns it absolute.
func (c *client) sameHost(u string) (*url.URL, bool) {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil {
		return nil, false
	}
	p = c.base.ResolveReference(p)
	return p, strings.EqualFold(p.Host, c.base.Host) && (p.Scheme == "https" || p.Scheme == "http")
}

// list fetches every page of an API list and returns the items under
// key. It asks for cursor pagination (links.next while meta.has_more),
// which has no limit, and follows offset pagination's next_page when a
// server answers with that instead.
func list[T any](ctx context.Context, c *client, path, key string) ([]T, error) {
	var all []T
	next := c.base.JoinPath(path).String() + "?page%5Bsize%5D=100"
	for page := 0; next != ""; page++ {
		if page == maxPages {
			return nil, fmt.Errorf("%s: more than %d pages", path, maxPages)
		}
		body, err := c.get(ctx, next)
		if err != nil {
			return nil, err
		}
		var answer map[string]json.RawMessage
		if err := json.Unmarshal(body, &answer); err != nil {
			return nil, fmt.Errorf("%s: not the Help Center API's JSON: %w", next, err)
		}
		var items []T
		if err := json.Unmarshal(answer[key], &items); err != nil {
			return nil, fmt.Errorf("%s: no %q list: %w", next, key, err)
		}
		all = append(all, items...)
		var cursor struct {
			Meta struct {
				HasMore bool `json:"has_more"`
			} `json:"meta"`
			Links struct {
				Next string `json:"next"`
			} `json:"links"`
			NextPage string `json:"next_page"`
		}
		if err := json.Unmarshal(body, &cursor); err != nil {
			return nil, fmt.Errorf("%s: %w", next, err)
		}
		n := cursor.NextPage
		if cursor.Meta.HasMore {
			n = cursor.Links.Next
		} else if _, cursored := answer["meta"]; cursored {
			n = ""
		}
		next = ""
		if n != "" {
			u, ok := c.sameHost(n)
			if !ok {
				return nil, fmt.Errorf("%s: the next page %q is on another host", path, n)
			}
			next = u.String()
		}
	}
	return all, nil
}

// locales returns the help center's locales, the default first.
func locales(ctx context.Context, c *client) ([]string, error) {
	body, err := c.get(ctx, c.base.JoinPath("/api/v2/help_center/locales.json").String())
	if err != nil {
		return nil, err
	}
	var answer struct {
		Locales []string `json:"locales"`
		Default string   `json:"default_locale"`
	}
	if err := json.Unmarshal(body, &answer); err != nil {
		return nil, fmt.Errorf("locales: not the Help Center API's JSON: %w", err)
	}
	if answer.Default == "" && len(answer.Locales) == 0 {
		return nil, errors.New("locales: the help center names none")
	}
	out := []string{strings.ToLower(answer.Default)}
	for _, l := range answer.Locales {
		if l = strings.ToLower(l); l != out[0] {
			out = append(out, l)
		}
	}
	if out[0] == "" {
		out = out[1:]
	}
	return out, nil
}
