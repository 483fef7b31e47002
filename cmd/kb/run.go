package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"kb/builder/sitelock"
)

// Exit codes: 0 success, 1 content or runtime errors, 2 usage errors (and
// kb build --no-wait finding another kb writing the site).
const (
	exitOK      = 0
	exitErrors  = 1
	exitUsage   = 2
	programName = "kb"
)

// usageError is a mistake in the command line; it carries a hint.
type usageError struct {
	msg, hint string
}

func (e usageError) Error() string { return e.msg }

type command struct {
	name, args, summary string
	run                 func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"build", "[-s site] [-o public] [--index DIR] [--base-url URL] [--precompress] [--no-wait]", "build the site and its search indexes", runBuild},
		{"serve", "[-s site] [-o public] [--addr 127.0.0.1:1313]", "build, serve with search, watch and live-reload", runServe},
		{"search", "--index DIR [--site public] [--data DIR] [--addr :8080]", "production search server over a prebuilt index", runSearch},
		{"check", "[-s site] [--external] [--strict] [--format json|github]", "check links (--external: to other sites too), front matter, UI strings and translations", runCheck},
		{"status", "[-s site] [--json] [--mark PATH...] [--upgrade]", "translation coverage per language: current, outdated, missing", runStatus},
		{"new", "SECTION/SLUG [--lang LANG] [-s site]", "a new page from the section's archetype, or a translation", runNew},
		{"report", "[--data DIR] [--since 30d] [--lang LANG] [--json]", "top searches, searches that found nothing, least helpful articles", runReport},
		{"init", "[--lang en,ar,el] [--from hugo|zola|starlight|docusaurus|mkdocs|vitepress|gitbook|jekyll] [--from zendesk --url URL] [DIR]", "start a help center: site.toml, a home, an FAQ and a policy per language", runInit},
		{"version", "", "print the version and the commit kb was built from", runVersion},
	}
}

// run is the whole program, testable with injected output.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		args = []string{"version"}
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		w := stdout
		if len(args) == 0 {
			w = stderr
		}
		usage(w)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
		var ue usageError
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "%s %s: %s\n", programName, c.name, printableLines(ue.msg))
			if ue.hint != "" {
				fmt.Fprintf(stderr, "Try: %s\n", ue.hint)
			}
			return exitUsage
		case errors.Is(err, errReported):
			return exitErrors
		case errors.Is(err, sitelock.ErrBusy):
			// Not a failure of the site: the caller chose not to wait.
			fmt.Fprintf(stderr, "%s %s: %s\n", programName, c.name, printableLines(err.Error()))
			return exitUsage
		case errors.Is(err, context.Canceled):
			fmt.Fprintf(stderr, "%s %s: interrupted\n", programName, c.name)
			return exitErrors
		default:
			fmt.Fprintf(stderr, "%s %s: %s\n", programName, c.name, printableLines(err.Error()))
			return exitErrors
		}
	}
	fmt.Fprintf(stderr, "%s: unknown command %q\n", programName, args[0])
	fmt.Fprintf(stderr, "Try: %s --help\n", programName)
	return exitUsage
}

// errReported means the command already printed what went wrong.
var errReported = errors.New("reported")

func usage(w io.Writer) {
	fmt.Fprintf(w, "%s builds a multilingual help center from Markdown, with search.\n\nUsage:\n", programName)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %s %-8s %s\n", programName, c.name, c.args)
		fmt.Fprintf(w, "  %s   %s\n", strings.Repeat(" ", len(programName)+8), c.summary)
	}
	fmt.Fprintf(w, "\nRun \"%s <command> --help\" for a command's flags.\n", programName)
}

// newFlags makes a command's flag set whose errors become usage errors
// (run prints them, with a hint, on stderr) and whose --help prints the
// command's usage on stdout.
func newFlags(name string, stdout io.Writer, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(programName+" "+name, flag.ContinueOnError)
	// The flag package prints a mistake, then calls Usage: what it printed
	// tells a mistake from a request for help.
	var mistake bytes.Buffer
	fs.SetOutput(&mistake)
	fs.Usage = func() {
		if mistake.Len() > 0 {
			return
		}
		args := ""
		for _, c := range commands() {
			if c.name == name {
				args = c.args
			}
		}
		fmt.Fprintf(stdout, "Usage: %s %s %s\n\n%s\n\nFlags:\n", programName, name, args, summary)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		fs.SetOutput(&mistake)
	}
	return fs
}

// parseFlags parses and rejects stray arguments.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{msg: err.Error(), hint: fs.Name() + " --help"}
	}
	if fs.NArg() > 0 {
		return usageError{msg: fmt.Sprintf("unexpected argument %q", fs.Arg(0)), hint: fs.Name() + " --help"}
	}
	return nil
}

func runVersion(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("version", stdout, "Print kb's version.")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(stdout, versionLine())
	return nil
}

// versionLine is "kb VERSION (REVISION[, modified] DATE)" from the build
// information Go records: the module version, and the commit a binary was
// built from when it was built in a git checkout.
func versionLine() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return programName + " (unknown version)"
	}
	return formatVersion(info)
}

func formatVersion(info *debug.BuildInfo) string {
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, when string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return programName + " " + v + " " + info.GoVersion
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified {
		rev += ", modified"
	}
	if when != "" {
		rev += ", " + when
	}
	return fmt.Sprintf("%s %s (%s) %s", programName, v, rev, info.GoVersion)
}
