// Package ptyscreen runs the real podmux binary in a pty and reads its screen back through
// podmux's own terminal engine, as a user's terminal would show it. It is the measuring probe of
// the TUI benchmarks: predicates on the screen are evaluated by the reader goroutine right after
// each chunk of output is fed to the engine, so the time a predicate first holds is the arrival
// time of the bytes that made it hold (no polling delay).
package ptyscreen

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/creack/pty"

	"github.com/podmux/podmux/session/term"
)

// Build compiles podmux from the module root dir into a temporary directory and returns the
// binary's path.
func Build(moduleRoot string) (string, error) {
	dir, err := os.MkdirTemp("", "podmux-uibench-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "podmux")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = moduleRoot
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building podmux in %s: %v\n%s", moduleRoot, err, out)
	}
	return bin, nil
}

// ModuleRoot walks up from the working directory to the directory holding go.mod.
func ModuleRoot() (string, error) {
	d, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		p := filepath.Dir(d)
		if p == d {
			return "", errors.New("no go.mod above the working directory: run from inside the podmux module")
		}
		d = p
	}
}

// waiter is a one-shot predicate on the screen.
type waiter struct {
	pred  func(lines []string, c term.Cursor) bool
	tpred func(t *term.Terminal) bool // instead of pred, when set
	at    chan time.Time
}

// Screen is a running podmux in a pty with the screen as its engine shows it.
type Screen struct {
	Cmd     *exec.Cmd
	Started time.Time // just before the process was started

	ptmx *os.File
	home string // the throw-away HOME, removed by Close

	mu        sync.Mutex
	term      *term.Terminal
	firstByte time.Time
	bytesIn   int64
	waiters   []*waiter
	done      chan struct{}
}

// Start runs bin with args in a cols×rows pty with a throw-away HOME and XDG directories.
func Start(bin string, cols, rows int, args ...string) (*Screen, error) {
	return StartEnv(bin, cols, rows, nil, args...)
}

// StartEnv is Start with extra environment entries (KEY=value).
func StartEnv(bin string, cols, rows int, env []string, args ...string) (*Screen, error) {
	home, err := os.MkdirTemp("", "podmux-uibench-home-")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "COLORTERM=truecolor", "HOME="+home,
		"XDG_CONFIG_HOME="+home+"/config", "XDG_STATE_HOME="+home+"/state", "XDG_CACHE_HOME="+home+"/cache")
	cmd.Env = append(cmd.Env, env...)
	s := &Screen{Cmd: cmd, done: make(chan struct{}), home: home}
	var ptmx *os.File
	s.term = term.New(cols, rows, term.WithReplies(func(p []byte) {
		// Answer terminal queries as a terminal would, without blocking the reader.
		b := append([]byte(nil), p...)
		go func() { _, _ = ptmx.Write(b) }()
	}))
	s.Started = time.Now()
	ptmx, err = pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)})
	if err != nil {
		return nil, fmt.Errorf("starting %s in a pty: %w", bin, err)
	}
	s.ptmx = ptmx
	go s.read()
	return s, nil
}

// Attach reads the screen of a program already running on the pty whose master is ptmx (an
// in-process program, for profiling). Close closes ptmx.
func Attach(ptmx *os.File, cols, rows int) *Screen {
	s := &Screen{ptmx: ptmx, done: make(chan struct{}), Started: time.Now()}
	s.term = term.New(cols, rows, term.WithReplies(func(p []byte) {
		b := append([]byte(nil), p...)
		go func() { _, _ = ptmx.Write(b) }()
	}))
	go s.read()
	return s
}

func (s *Screen) read() {
	defer close(s.done)
	buf := make([]byte, 64*1024)
	for {
		n, err := s.ptmx.Read(buf)
		if n > 0 {
			now := time.Now()
			s.mu.Lock()
			if s.firstByte.IsZero() {
				s.firstByte = now
			}
			s.bytesIn += int64(n)
			_, _ = s.term.Write(buf[:n])
			if len(s.waiters) > 0 {
				lines, c := s.term.ScreenText(), s.term.Cursor()
				kept := s.waiters[:0]
				for _, w := range s.waiters {
					if w.tpred != nil && w.tpred(s.term) || w.tpred == nil && w.pred(lines, c) {
						w.at <- now
					} else {
						kept = append(kept, w)
					}
				}
				s.waiters = kept
			}
			s.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// Expect registers pred and returns a channel that receives the arrival time of the output after
// which pred first held (at once if it holds already).
func (s *Screen) Expect(pred func(lines []string) bool) <-chan time.Time {
	return s.ExpectCursor(func(l []string, _ term.Cursor) bool { return pred(l) })
}

// ExpectCursor is Expect with a predicate that also sees the host cursor as podmux placed it.
func (s *Screen) ExpectCursor(pred func(lines []string, c term.Cursor) bool) <-chan time.Time {
	w := &waiter{pred: pred, at: make(chan time.Time, 1)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if pred(s.term.ScreenText(), s.term.Cursor()) {
		w.at <- time.Now()
		return w.at
	}
	s.waiters = append(s.waiters, w)
	return w.at
}

// ExpectTerm is Expect with a predicate on the engine itself (modes, alternate screen); pred is
// called under the screen's lock and must not keep t.
func (s *Screen) ExpectTerm(pred func(t *term.Terminal) bool) <-chan time.Time {
	w := &waiter{tpred: pred, at: make(chan time.Time, 1)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if pred(s.term) {
		w.at <- time.Now()
		return w.at
	}
	s.waiters = append(s.waiters, w)
	return w.at
}

// WaitFor waits up to timeout for pred and returns when it first held.
func (s *Screen) WaitFor(what string, timeout time.Duration, pred func(lines []string) bool) (time.Time, error) {
	return s.WaitCursor(what, timeout, func(l []string, _ term.Cursor) bool { return pred(l) })
}

// WaitCursor is WaitFor with a predicate that also sees the host cursor.
func (s *Screen) WaitCursor(what string, timeout time.Duration, pred func(lines []string, c term.Cursor) bool) (time.Time, error) {
	ch := s.ExpectCursor(pred)
	select {
	case t := <-ch:
		return t, nil
	case <-time.After(timeout):
		s.drop(ch)
		return time.Time{}, fmt.Errorf("timed out after %v waiting for %s; screen:\n%s", timeout, what, strings.Join(s.Lines(), "\n"))
	case <-s.done:
		return time.Time{}, fmt.Errorf("podmux's terminal closed while waiting for %s", what)
	}
}

// WaitText waits for text anywhere on the screen.
func (s *Screen) WaitText(text string, timeout time.Duration) (time.Time, error) {
	return s.WaitFor(fmt.Sprintf("%q", text), timeout, func(l []string) bool { return strings.Contains(strings.Join(l, "\n"), text) })
}

func (s *Screen) drop(ch <-chan time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, w := range s.waiters {
		if w.at == ch {
			s.waiters = append(s.waiters[:i], s.waiters[i+1:]...)
			return
		}
	}
}

// Lines returns the current screen as lines.
func (s *Screen) Lines() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.term.ScreenText()
}

// Cursor returns the host cursor position as drawn by podmux.
func (s *Screen) Cursor() term.Cursor {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.term.Cursor()
}

// FirstByte returns when the first byte of output arrived (zero if none yet).
func (s *Screen) FirstByte() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.firstByte
}

// BytesIn returns how many bytes podmux has written to the terminal.
func (s *Screen) BytesIn() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bytesIn
}

// Send types raw bytes into the pty.
func (s *Screen) Send(keys string) error {
	_, err := s.ptmx.Write([]byte(keys))
	return err
}

// Close ends podmux (when Start ran it) and waits for the reader to finish: SIGTERM first, on
// which Bubble Tea quits and deferred clean-up runs (a PODMUX_CPUPROFILE is written), SIGKILL
// when it has not gone within 2 s.
func (s *Screen) Close() {
	if s.Cmd != nil {
		exited := make(chan struct{})
		go func() { _, _ = s.Cmd.Process.Wait(); close(exited) }()
		_ = s.Cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(2 * time.Second):
			_ = s.Cmd.Process.Kill()
			<-exited
		}
	}
	_ = s.ptmx.Close()
	<-s.done
	if s.home != "" {
		_ = os.RemoveAll(s.home) // podmux's config, state and recordings of this run
	}
}

// Binary returns bin, or, when it is empty, a podmux freshly built from this module.
func Binary(bin string) (string, error) {
	if bin != "" {
		return bin, nil
	}
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	return Build(root)
}
