// Package pgtest starts a throwaway PostgreSQL server for tests: initdb and
// pg_ctl in a temporary folder, listening on a free loopback port. Tests
// that need one are skipped where PostgreSQL is not installed, unless
// KB_POSTGRES=required (as in CI).
package pgtest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Server is a running PostgreSQL that the test owns.
type Server struct {
	t       testing.TB
	bin     string // folder of initdb, pg_ctl and postgres
	dir     string // data folder
	port    int
	runAs   string // the unprivileged user the server runs as, "" for the current one
	counter atomic.Int64
}

// Start initializes and starts a server, stopped and deleted when the test
// ends.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := findBin()
	if bin == "" {
		if os.Getenv("KB_POSTGRES") == "required" {
			t.Fatal("KB_POSTGRES=required but initdb and pg_ctl were not found (install Debian's postgresql package)")
		}
		t.Skip("PostgreSQL is not installed (initdb, pg_ctl); KB_POSTGRES=required makes this a failure")
	}
	s := &Server{t: t, bin: bin}
	// PostgreSQL refuses to run as root: run it as nobody, in a folder that
	// nobody can reach (t.TempDir's, and perhaps $TMPDIR's, parents are
	// private to root).
	parent := ""
	if os.Geteuid() == 0 {
		s.runAs, parent = "nobody", "/tmp"
	}
	dir, err := os.MkdirTemp(parent, "kb-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	s.dir = filepath.Join(dir, "data")
	if s.runAs != "" {
		u, err := user.Lookup(s.runAs)
		if err != nil {
			t.Fatal(err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	s.port = freePort(t)
	s.run("initdb", "-D", s.dir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
	conf := fmt.Sprintf("listen_addresses = '127.0.0.1'\nport = %d\nunix_socket_directories = '%s'\n"+
		"fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 50\n", s.port, dir)
	f, err := os.OpenFile(filepath.Join(s.dir, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(conf)
	f.Close()
	s.Start()
	t.Cleanup(func() { s.cmd("pg_ctl", "-D", s.dir, "-m", "immediate", "-w", "stop").Run() })
	return s
}

// Stop stops the server (fast shutdown: clients are disconnected).
func (s *Server) Stop() {
	s.t.Helper()
	s.run("pg_ctl", "-D", s.dir, "-m", "fast", "-w", "stop")
}

// Start starts the server again after Stop.
func (s *Server) Start() {
	s.t.Helper()
	s.run("pg_ctl", "-D", s.dir, "-l", filepath.Join(s.dir, "server.log"), "-w", "-t", "60", "start")
}

// URL is the connection string of database name as superuser.
func (s *Server) URL(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.port, name)
}

// NewDatabase creates an empty database for one test and returns its URL.
func (s *Server) NewDatabase() string {
	s.t.Helper()
	name := fmt.Sprintf("kb_test_%d", s.counter.Add(1))
	s.Exec("postgres", "CREATE DATABASE "+name)
	return s.URL(name)
}

// Exec runs SQL statements in database name as superuser.
func (s *Server) Exec(database, sql string) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.URL(database))
	if err != nil {
		s.t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		s.t.Fatalf("%s: %v", sql, err)
	}
}

func (s *Server) cmd(name string, args ...string) *exec.Cmd {
	path := filepath.Join(s.bin, name)
	if s.runAs != "" {
		return exec.Command("runuser", append([]string{"-u", s.runAs, "--", path}, args...)...)
	}
	return exec.Command(path, args...)
}

func (s *Server) run(name string, args ...string) {
	s.t.Helper()
	cmd := s.cmd(name, args...)
	cmd.Dir = filepath.Dir(s.dir) // a folder the server's user can enter
	if out, err := cmd.CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(s.dir, "server.log"))
		s.t.Fatalf("%s %s: %v\n%s\nserver log:\n%s", name, strings.Join(args, " "), err, out, log)
	}
}

// findBin finds the folder holding initdb and pg_ctl: on the PATH, else
// Debian's /usr/lib/postgresql/<version>/bin.
func findBin() string {
	if p, err := exec.LookPath("initdb"); err == nil {
		if p, err := filepath.EvalSymlinks(p); err == nil {
			if _, err := os.Stat(filepath.Join(filepath.Dir(p), "pg_ctl")); err == nil {
				return filepath.Dir(p)
			}
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i]
		}
	}
	return ""
}

func freePort(t testing.TB) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
