package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestREADMECommandsListEveryFlag holds the README's "Commands" synopsis to
// what each command's --help offers: users copy flags from there, so a flag
// the README names must exist and a flag kb has must be listed.
func TestREADMECommandsListEveryFlag(t *testing.T) {
	synopsis := readmeSynopsis(t)
	for _, c := range commands() {
		line, ok := synopsis[c.name]
		if !ok {
			t.Errorf("README's Commands section has no line for kb %s", c.name)
			continue
		}
		code, out, errOut := runKB(t, c.name, "--help")
		if code != 0 {
			t.Fatalf("kb %s --help: exit %d\n%s", c.name, code, errOut)
		}
		documented, offered := synopsisFlags(line), helpFlags(out)
		for _, f := range offered {
			if !slices.Contains(documented, f) {
				t.Errorf("kb %s has -%s, which README's Commands line does not list:\n%s", c.name, f, line)
			}
		}
		for _, f := range documented {
			if !slices.Contains(offered, f) {
				t.Errorf("README's Commands line lists -%s, which kb %s --help does not offer:\n%s", f, c.name, line)
			}
		}
	}
}

// readmeSynopsis returns the lines of README's "Commands" code block by
// command name.
func readmeSynopsis(t *testing.T) map[string]string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Commands\n")
	if !ok {
		t.Fatal(`README.md has no "## Commands" section`)
	}
	lines := map[string]string{}
	for l := range strings.Lines(section) {
		rest, ok := strings.CutPrefix(l, "    kb ")
		if !ok {
			if len(lines) > 0 && strings.TrimSpace(l) != "" {
				break // the code block ended
			}
			continue
		}
		name, _, _ := strings.Cut(rest, " ")
		lines[name] = strings.TrimSpace(l)
	}
	return lines
}

var (
	// synopsisFlag is a flag in a synopsis such as "[-s site] [--trust-proxy=CIDR,...|N]";
	// an aside in parentheses, "(also kb --version)", is not the command's.
	synopsisFlag  = regexp.MustCompile(`(?:^|[\[\s])--?([a-z][a-z-]*)`)
	synopsisAside = regexp.MustCompile(`\(.*\)`)
	helpFlag      = regexp.MustCompile(`(?m)^  -([a-z][a-z-]*)`)
)

func synopsisFlags(line string) []string {
	var names []string
	for _, m := range synopsisFlag.FindAllStringSubmatch(synopsisAside.ReplaceAllString(line, ""), -1) {
		names = append(names, m[1])
	}
	return names
}

func helpFlags(help string) []string {
	var names []string
	for _, m := range helpFlag.FindAllStringSubmatch(help, -1) {
		names = append(names, m[1])
	}
	return names
}
