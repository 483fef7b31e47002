package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"kb/search"
)

// settingsFile is where kb build writes the site's search settings in the
// index folder, so that an index deploys with its own.
const settingsFile = "server.json"

// Settings are the search server's settings that come from site.toml's
// [search] section (and baseURL) through the index folder's server.json.
type Settings struct {
	CORSOrigins    []string `json:"corsOrigins"`
	RateLimit      float64  `json:"rateLimit"`
	MaxQueryLength int      `json:"maxQueryLength"`
	BaseURL        string   `json:"baseURL"`
	Endpoint       string   `json:"endpoint"`
	// OtherLanguages are, by language code, where a search that found
	// nothing in that language looks next (search.OtherLanguages). They
	// are facts about the index's site rather than settings: the server
	// takes them from server.json with or without IndexSettings.
	OtherLanguages map[string][]search.OtherLanguage `json:"otherLanguages,omitempty"`
}

// ReadSettings reads the settings of the index in dir; an index without
// server.json has the zero Settings (the defaults).
func ReadSettings(dir string) (Settings, error) {
	var s Settings
	b, err := os.ReadFile(filepath.Join(dir, settingsFile))
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return s, fmt.Errorf("%s: %w", filepath.Join(dir, settingsFile), err)
	}
	return s, nil
}

// liveSettings are the settings in force and what the server derived from
// them, swapped in whole when an index brings new ones.
type liveSettings struct {
	Settings
	cors    corsPolicy
	limiter *rateLimiter // nil when rate limiting is off
	// maxQueryRunes bounds a query in characters, so that it allows as
	// much Arabic or Greek as English; maxQueryBytes, 4 bytes for each,
	// bounds what any text can cost.
	maxQueryRunes int
	maxQueryBytes int
	siteOrigin    string // origin of BaseURL, "" when it is a path
	// headers are the Content-Security-Policy and the other headers of
	// every answer.
	headers securityHeaders
}

// newLiveSettings checks st and derives what requests use from it. The rate
// limiter of prev is kept when the rate is the same, so a reload does not
// hand every client a fresh burst.
func newLiveSettings(st Settings, burst int, prev *liveSettings) (*liveSettings, error) {
	if st.RateLimit < 0 {
		return nil, fmt.Errorf("search server: rate limit %v is negative", st.RateLimit)
	}
	for _, o := range st.CORSOrigins {
		if err := validOrigin(o); err != nil {
			return nil, fmt.Errorf("search server: CORS origin %q: %w", o, err)
		}
	}
	l := &liveSettings{
		Settings:      st,
		cors:          newCORSPolicy(st.CORSOrigins),
		maxQueryRunes: st.MaxQueryLength,
		// A baseURL that is a path means the site is wherever it is
		// served: the Host check covers it.
		siteOrigin: originOf(st.BaseURL),
		headers:    newSecurityHeaders(contentSecurityPolicy(originOf(st.Endpoint))),
	}
	if l.maxQueryRunes <= 0 {
		l.maxQueryRunes = defaultMaxQueryLength
	}
	l.maxQueryBytes = utf8.UTFMax * l.maxQueryRunes
	switch {
	case st.RateLimit == 0:
	case prev != nil && prev.RateLimit == st.RateLimit:
		l.limiter = prev.limiter
	default:
		l.limiter = newRateLimiter(st.RateLimit, burst, time.Now)
	}
	return l, nil
}

// settings are the settings in force.
func (s *Server) settings() *liveSettings { return s.live.Load() }

// configSettings are the settings Config gives, and, with IndexSettings,
// the index folder's as IndexSettings adjusts them.
func (s *Server) configSettings() (Settings, error) {
	st := Settings{
		CORSOrigins:    s.cfg.CORSOrigins,
		RateLimit:      s.cfg.RateLimit,
		MaxQueryLength: s.cfg.MaxQueryLength,
		BaseURL:        s.cfg.BaseURL,
		Endpoint:       s.cfg.SearchEndpoint,
	}
	file, err := ReadSettings(s.cfg.IndexDir)
	if s.cfg.IndexSettings == nil {
		// Only the site's facts come from the file, and a file that
		// cannot be read leaves them out rather than stop the server.
		if err == nil {
			st.OtherLanguages = file.OtherLanguages
		}
		return st, nil
	}
	if err != nil {
		return st, err
	}
	return s.cfg.IndexSettings(file), nil
}

// reloadSettings takes in the settings of the index folder, logging what
// changed; on error the settings in force stay. The caller holds reloadMu.
func (s *Server) reloadSettings() {
	prev := s.settings()
	st, err := s.configSettings()
	var next *liveSettings
	if err == nil {
		next, err = newLiveSettings(st, s.cfg.RateBurst, prev)
	}
	if err != nil {
		s.log.Warn("search settings not reloaded; keeping the previous ones", "err", err)
		return
	}
	if changed := settingsChanges(prev.Settings, st); len(changed) > 0 {
		s.live.Store(next)
		s.log.Info("search settings changed with the index", changed...)
	}
}

// settingsChanges are log attributes naming each setting that differs
// between a and b, with its new value.
func settingsChanges(a, b Settings) []any {
	var attrs []any
	if !slices.Equal(a.CORSOrigins, b.CORSOrigins) {
		attrs = append(attrs, slog.String("corsOrigins", strings.Join(b.CORSOrigins, ",")))
	}
	if a.RateLimit != b.RateLimit {
		attrs = append(attrs, slog.Float64("rateLimit", b.RateLimit))
	}
	if a.MaxQueryLength != b.MaxQueryLength {
		attrs = append(attrs, slog.Int("maxQueryLength", b.MaxQueryLength))
	}
	if a.BaseURL != b.BaseURL {
		attrs = append(attrs, slog.String("baseURL", b.BaseURL))
	}
	if a.Endpoint != b.Endpoint {
		attrs = append(attrs, slog.String("endpoint", b.Endpoint))
	}
	if !reflect.DeepEqual(a.OtherLanguages, b.OtherLanguages) {
		attrs = append(attrs, slog.Int("otherLanguages", len(b.OtherLanguages)))
	}
	return attrs
}

// queryTooLong reports whether q is over the query bounds.
func (l *liveSettings) queryTooLong(q string) bool {
	return len(q) > l.maxQueryBytes || utf8.RuneCountInString(q) > l.maxQueryRunes
}
