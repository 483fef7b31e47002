package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"kb/builder/config"
	"kb/builder/starter"
)

func runInit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("init", stdout, "Start a help center in DIR (default: here): a site.toml, and per language a home page, an FAQ\n"+
		"and a privacy policy, that kb build and kb serve take at once. The first language is the default.\n"+
		"With --from hugo, zola, starlight, docusaurus, mkdocs, vitepress, gitbook or jekyll, write the site.toml\n"+
		"equivalent to the Hugo, Zola, Starlight, Docusaurus, MkDocs, VitePress or Jekyll site's configuration, or the\n"+
		"GitBook space's, instead, and no pages. With --from zendesk --url URL, move a Zendesk Guide help center in:\n"+
		"its categories, sections and articles in every language, read through its public Help Center API\n"+
		"(KB_ZENDESK_TOKEN=email/token:API_TOKEN for one that is not public), written as Markdown pages with\n"+
		"their pictures, the old addresses kept. Never overwrites a file.")
	langs := fs.String("lang", "en", "the site's languages, comma-separated, the default first (like en,ar,el)")
	from := fs.String("from", "", "read the languages and settings of a Hugo, Zola, Starlight, Docusaurus, MkDocs, VitePress or Jekyll site,\n"+
		"or a GitBook space, in DIR: hugo, zola, starlight, docusaurus, mkdocs, vitepress, gitbook or jekyll;\n"+
		"or zendesk, with --url, to move a Zendesk Guide help center into DIR")
	helpCenter := fs.String("url", "", "with --from zendesk: the help center's address (https://acme.zendesk.com or its own domain)")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 1 {
		return usageError{msg: fmt.Sprintf("unexpected argument %q", rest[1]), hint: "kb init --lang en,ar,el help-center"}
	}
	dir := "."
	if len(rest) == 1 {
		dir = rest[0]
	}
	if err := refuseSite(dir); err != nil {
		return err
	}
	if *helpCenter != "" && *from != "zendesk" {
		return usageError{msg: "--url is the address of a Zendesk Guide help center: give it with --from zendesk", hint: "kb init --from zendesk --url https://acme.zendesk.com " + dir}
	}
	switch *from {
	case "":
	case "zendesk":
		return initFromZendesk(ctx, dir, *helpCenter, stdout)
	case "hugo", "zola", "starlight", "docusaurus", "mkdocs", "vitepress", "gitbook", "jekyll":
		return initFrom(dir, *from, stdout)
	default:
		return usageError{msg: fmt.Sprintf("--from %q: kb reads hugo, zola, starlight, docusaurus, mkdocs, vitepress, gitbook or jekyll sites, and zendesk help centers", *from), hint: "kb init --from hugo " + dir}
	}
	var codes []string
	for _, c := range strings.Split(*langs, ",") {
		if c = strings.TrimSpace(c); c != "" {
			codes = append(codes, c)
		}
	}
	site, err := starter.New(codes, time.Now())
	if err != nil {
		return usageError{msg: err.Error(), hint: "kb init --lang en,ar,el"}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	names := slices.Sorted(maps.Keys(site.Files))
	for _, name := range names {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(name))); err == nil {
			return fmt.Errorf("%s already exists: kb init writes nothing into a folder that has its files", filepath.Join(dir, name))
		}
	}
	for _, name := range names {
		if err := createFile(dir, name, site.Files[name]); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created %s\n", filepath.Join(dir, filepath.FromSlash(name)))
	}
	for _, code := range site.Untranslated {
		fmt.Fprintf(stdout, "kb has no starter text in %s: its pages show the %s ones with a notice until translated (kb new --lang %s faq/getting-started)\n", code, codes[0], code)
	}
	run := "kb serve"
	if dir != "." {
		run += " -s " + dir
	}
	fmt.Fprintf(stdout, "Next: %s, then open http://127.0.0.1:1313/\n", run)
	return nil
}

// refuseSite is a usage error when dir already has a site.toml: kb init
// never overwrites one.
func refuseSite(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, config.FileName)); err == nil {
		return usageError{msg: fmt.Sprintf("%s already has a %s: kb init starts new sites and never overwrites", dir, config.FileName), hint: "kb build -s " + dir}
	}
	return nil
}
