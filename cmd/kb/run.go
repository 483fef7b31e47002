package main

import (
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
		{"check", "[-s site]", "check links, front matter, UI strings and translations; write nothing", runCheck},
		{"status", "[-s site] [--json] [--mark PATH...]", "translation coverage per language: current, outdated, missing", runStatus},
		{"new", "SECTION/SLUG [--lang LANG] [-s site]", "a new page from the section's archetype, or a translation", runNew},
		{"report", "[--data DIR] [--since 30d] [--lang LANG] [--json]", "top searches, searches that found nothing, least helpful articles", runReport},
		{"version", "", "print the version", runVersion},
	}
}

// run is the whole program, testable with injected output.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
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

// newFlags makes a command's flag set whose errors become usage errors.
func newFlags(name string, stderr io.Writer, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(programName+" "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s %s [flags]\n\n%s\n\nFlags:\n", programName, name, summary)
		fs.PrintDefaults()
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
	fs := newFlags("version", stderr, "Print kb's version.")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	v := "(devel)"
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		v = info.Main.Version
	}
	fmt.Fprintf(stdout, "%s %s\n", programName, v)
	return nil
}
