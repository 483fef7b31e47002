package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"kb/builder/zendesk"
)

// initFromZendesk moves the Zendesk Guide help center at address into dir,
// which must have no content/ yet: kb writes every page, never over one.
func initFromZendesk(ctx context.Context, dir, address string, stdout io.Writer) error {
	if address == "" {
		return usageError{msg: "--from zendesk needs the help center's address", hint: "kb init --from zendesk --url https://acme.zendesk.com " + dir}
	}
	if _, err := os.Stat(filepath.Join(dir, "content")); err == nil {
		return usageError{msg: fmt.Sprintf("%s already has a content folder: kb init --from zendesk writes a new site", dir), hint: "kb init --from zendesk --url " + address + " new-folder"}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "reading %s through the Help Center API…\n", address)
	res, err := zendesk.Import(ctx, zendesk.Options{
		URL:   address,
		Auth:  os.Getenv("KB_ZENDESK_TOKEN"),
		Write: func(name string, data []byte) error { return createFile(dir, name, data) },
	})
	if err != nil {
		return fmt.Errorf("kb init --from zendesk: %w", err)
	}
	for _, n := range res.Notes {
		fmt.Fprintf(stdout, "note: %s\n", n)
	}
	fmt.Fprintf(stdout, "wrote %s: %d categories, %d sections and %d articles in %s, %d translations into %d more languages, %d pictures and files\n",
		filepath.Join(dir, "site.toml"), res.Categories, res.Sections, res.Articles, res.Languages[0], res.Translations, len(res.Languages)-1, res.Files)
	if res.Outdated > 0 {
		fmt.Fprintf(stdout, "%s Zendesk marked outdated: outdated in kb too (translatedFrom = %q): kb status lists them; once one is updated, kb status --mark FILE records its source\n",
			plural(res.Outdated, "translation"), zendesk.OutdatedSource)
	}
	run := "kb serve"
	if dir != "." {
		run += " -s " + dir
	}
	fmt.Fprintf(stdout, "Next: %s, then open http://127.0.0.1:1313/ (the old /hc/ addresses redirect to their pages)\n", run)
	return nil
}
