// Package e2e drives the real podmux binary in a pty against its embedded local server and reads
// the screen back through podmux's own terminal engine, as a user's terminal would show it.
package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/podmux/podmux/session/term"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds podmux once per test run.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "podmux-e2e-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "podmux")
		_, self, _, _ := runtime.Caller(0)
		cmd := exec.Command("go", "build", "-o", binPath, ".")
		cmd.Dir = filepath.Dir(filepath.Dir(self))
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = err
			binPath = string(out)
		}
	})
	if buildErr != nil {
		t.Fatalf("building podmux: %v\n%s", buildErr, binPath)
	}
	return binPath
}

// TestMain removes the binary built for the run.
func TestMain(m *testing.M) {
	code := m.Run()
	if buildErr == nil && binPath != "" {
		_ = os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// runTempDir is a temporary directory of the test's own for podmux's TMPDIR: whatever podmux
// leaves there (if it had to be killed) goes with the test.
func runTempDir(t *testing.T) string {
	dir := filepath.Join(t.TempDir(), "tmp")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return dir
}

// screenTerm is a running podmux in a pty, with the screen as its engine shows it.
type screenTerm struct {
	t    *testing.T
	cmd  *exec.Cmd
	ptmx *os.File

	mu   sync.Mutex
	term *term.Terminal
	clip []string // OSC 52 clipboard writes the program sent
	done chan struct{}

	stopOnce sync.Once
	tmp      string // podmux's TMPDIR
}

// start runs podmux with args in a cols×rows pty.
func start(t *testing.T, cols, rows int, args ...string) *screenTerm {
	t.Helper()
	return startHome(t, t.TempDir(), cols, rows, args...)
}

// startHome runs podmux with HOME and the XDG directories under home, so a second run can see
// what the first one left (recordings).
func startHome(t *testing.T, home string, cols, rows int, args ...string) *screenTerm {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	tmp := runTempDir(t)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "HOME="+home, "XDG_CONFIG_HOME="+home+"/config",
		"XDG_STATE_HOME="+home+"/state", "XDG_CACHE_HOME="+home+"/cache", "COLORTERM=truecolor",
		"TMPDIR="+tmp)
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)})
	if err != nil {
		t.Fatal(err)
	}
	s := &screenTerm{t: t, cmd: cmd, ptmx: ptmx, done: make(chan struct{}), tmp: tmp}
	s.term = term.New(cols, rows, term.WithReplies(func(p []byte) {
		// Answer the program's terminal queries as a terminal would; never block the reader.
		b := append([]byte(nil), p...)
		go func() { _, _ = ptmx.Write(b) }()
	}), term.WithOSC52(func(sel string, data []byte) {
		s.clip = append(s.clip, string(data)) // called under s.mu, inside Write
	}))
	go func() {
		defer close(s.done)
		buf := make([]byte, 64*1024)
		for {
			n, err := ptmx.Read(buf)
			if n > 0 {
				s.mu.Lock()
				_, _ = s.term.Write(buf[:n])
				s.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(s.stop)
	return s
}

// stop ends podmux (if it still runs) and waits for it: SIGTERM first, so it quits as a user's
// kill would and removes what it made (the demo server's working directory), then SIGKILL if
// it has not ended within a few seconds.
func (s *screenTerm) stop() {
	s.stopOnce.Do(func() {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(5 * time.Second):
		}
		_ = s.cmd.Process.Kill()
		_ = s.ptmx.Close()
		_, _ = s.cmd.Process.Wait()
		<-s.done
	})
}

// exited waits for podmux to end by itself and reports whether it did.
func (s *screenTerm) exited(d time.Duration) bool {
	select {
	case <-s.done:
		return true
	case <-time.After(d):
		return false
	}
}

// screen returns the current screen as lines.
func (s *screenTerm) screen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.term.ScreenText()
}

// send types raw bytes.
func (s *screenTerm) send(keys string) {
	s.t.Helper()
	if _, err := s.ptmx.Write([]byte(keys)); err != nil {
		s.t.Fatalf("typing %q: %v", keys, err)
	}
}

// waitFor waits until cond holds on the screen, or fails with the screen.
func (s *screenTerm) waitFor(what string, cond func(lines []string) bool) []string {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		lines := s.screen()
		if cond(lines) {
			return lines
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("timed out waiting for %s; screen:\n%s", what, strings.Join(lines, "\n"))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitText waits until text appears anywhere on the screen.
func (s *screenTerm) waitText(text string) []string {
	s.t.Helper()
	return s.waitFor(text, func(lines []string) bool { return strings.Contains(strings.Join(lines, "\n"), text) })
}

// region returns the text of columns [x0, x1) of every line.
func region(lines []string, x0, x1 int) string {
	var b strings.Builder
	for _, l := range lines {
		r := []rune(l)
		if x0 < len(r) {
			b.WriteString(string(r[x0:min(x1, len(r))]))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// contains reports whether text is anywhere on the screen.
func contains(lines []string, text string) bool {
	return strings.Contains(strings.Join(lines, "\n"), text)
}

// clipboard returns the OSC 52 payloads (decoded) the program wrote so far.
func (s *screenTerm) clipboard() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.clip...)
}
