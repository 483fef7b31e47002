package builder

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// history is what the site's git history says about its files: when each
// was last committed, by path relative to the site folder.
type history struct {
	dates map[string]time.Time
	note  string // why there are no dates: no git, not a repository
	git   string // the git program; "" when not installed
	head  string // the commit checked out when the history was read; "" when none
}

// gitHistoryTimeout bounds the one git log of a build.
const gitHistoryTimeout = 30 * time.Second

// readHistory returns the commit date of each file of the site, read once
// per session and again when another commit is checked out: one git log
// for the whole site, however many files it has.
func (s *Session) readHistory() map[string]time.Time {
	if s.hist == nil {
		s.hist = loadHistory(s.opts.SiteDir)
		if s.hist.note != "" {
			progress(s.opts.Progress, "last-updated dates from history: "+s.hist.note)
		}
	}
	return s.hist.dates
}

// historyMoved reports whether another commit is checked out (a commit
// made, a branch switched) since the session read the history, and then
// forgets it, so the next build reads it again.
func (s *Session) historyMoved() bool {
	if s.hist == nil || s.hist.git == "" {
		return false
	}
	if gitHead(s.hist.git, s.opts.SiteDir) == s.hist.head {
		return false
	}
	s.hist = nil
	return true
}

// gitHead is the commit checked out in dir's repository, "" when none.
func gitHead(git, dir string) string {
	ctx, cancel := context.WithTimeout(context.Background(), gitHistoryTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, git, "-C", dir, "rev-parse", "-q", "--verify", "HEAD").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// loadHistory runs git log once over the site folder. The date of a file is
// its last commit's committer date (UTC), so a build of the same commit
// gives the same dates anywhere.
func loadHistory(dir string) *history {
	git, err := exec.LookPath("git")
	if err != nil {
		return &history{note: "git is not installed; skipped"}
	}
	head := gitHead(git, dir)
	ctx, cancel := context.WithTimeout(context.Background(), gitHistoryTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, git, "-C", dir, "-c", "core.quotepath=false", "log", "--format=%x00%ct", "--name-only", "--no-renames", "--relative", "--", ".")
	cmd.Env = append(os.Environ(), "LC_ALL=C") // the messages matched below are git's English ones
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && strings.Contains(stderr.String(), "not a git repository") {
			return &history{note: "the site folder is not a git repository; skipped", git: git, head: head}
		}
		return &history{note: "git log failed (" + strings.TrimSpace(firstLine(stderr.String(), err.Error())) + "); skipped", git: git, head: head}
	}
	return &history{dates: parseGitLog(out), git: git, head: head}
}

// parseGitLog reads `git log --format=%x00%ct --name-only`: newest commit
// first, so the first date seen for a file is its last change.
func parseGitLog(out []byte) map[string]time.Time {
	dates := map[string]time.Time{}
	var current time.Time
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "\x00"); ok {
			if sec, err := strconv.ParseInt(rest, 10, 64); err == nil {
				current = time.Unix(sec, 0).UTC()
			}
			continue
		}
		if line == "" || current.IsZero() {
			continue
		}
		if _, seen := dates[line]; !seen {
			dates[line] = current
		}
	}
	return dates
}

func firstLine(s, otherwise string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if s == "" {
		return otherwise
	}
	return s
}

// updated is a page's "last updated" date: its front matter's, else the
// last commit touching its file, else none.
func (s *site) updated(p *page) time.Time {
	if u := p.src.Meta.Updated; !u.IsZero() {
		return u
	}
	return s.history[p.src.File]
}
