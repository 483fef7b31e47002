package builder

import (
	"encoding/json"
	"os"
	"path/filepath"

	"kb/builder/config"
	"kb/search"
)

// serverSettings are the search server settings from site.toml, written
// into the index folder so an index deploys with its own CORS origins and
// limits (kb search reads them).
type serverSettings struct {
	CORSOrigins    []string `json:"corsOrigins"`
	RateLimit      float64  `json:"rateLimit"`
	MaxQueryLength int      `json:"maxQueryLength"`
	// BaseURL lets the server accept votes from the published site's
	// origin when a proxy in front rewrites Host.
	BaseURL string `json:"baseURL,omitempty"`
	// Endpoint lets the pages' Content-Security-Policy reach a search
	// server on another origin.
	Endpoint string `json:"endpoint,omitempty"`
	// OtherLanguages tell the server, by language, where a search that
	// found nothing looks next.
	OtherLanguages map[string][]search.OtherLanguage `json:"otherLanguages,omitempty"`
}

func writeServerSettings(indexDir string, cfg *config.Config) error {
	b, err := json.MarshalIndent(serverSettings{
		CORSOrigins:    cfg.Search.CORSOrigins,
		RateLimit:      cfg.Search.RateLimit,
		MaxQueryLength: cfg.Server.MaxQueryLength,
		BaseURL:        cfg.BaseURL,
		Endpoint:       cfg.Search.Endpoint,
		OtherLanguages: otherLanguagesByCode(cfg),
	}, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(indexDir, "server.json.tmp")
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(indexDir, "server.json"))
}
