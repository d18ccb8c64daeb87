package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/creack/pty"

	"github.com/podmux/podmux/session/term"
)

// waitTimeout bounds every wait for a screen condition.
const waitTimeout = 25 * time.Second

// driver runs podmux in a pty and keeps the screen as podmux's own engine shows it. Its first
// error is sticky: later steps do nothing, and err reports what failed with the screen then.
type driver struct {
	cmd  *exec.Cmd
	ptmx *os.File
	done chan struct{}

	mu      sync.Mutex
	term    *term.Terminal
	lastOut time.Time

	err error
}

// startDriver runs bin with args in a cols×rows pty, with env added to a clean environment.
func startDriver(bin string, cols, rows int, env []string, args ...string) (*driver, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)})
	if err != nil {
		return nil, fmt.Errorf("starting %s in a pty: %w", bin, err)
	}
	d := &driver{cmd: cmd, ptmx: ptmx, done: make(chan struct{}), lastOut: time.Now()}
	d.term = term.New(cols, rows, term.WithReplies(func(p []byte) {
		// Answer the program's terminal queries as a terminal would, without blocking the reader.
		b := append([]byte(nil), p...)
		go func() { _, _ = ptmx.Write(b) }()
	}))
	go d.pump()
	return d, nil
}

// pump feeds the program's output to the engine until the pty closes.
func (d *driver) pump() {
	defer close(d.done)
	buf := make([]byte, 64*1024)
	for {
		n, err := d.ptmx.Read(buf)
		if n > 0 {
			d.mu.Lock()
			_, _ = d.term.Write(buf[:n])
			d.lastOut = time.Now()
			d.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// fail records the first error, with the screen as it is now.
func (d *driver) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf(format+"\nscreen:\n%s", append(args, strings.Join(d.screen(), "\n"))...)
	}
}

// screen returns the current screen as lines of text.
func (d *driver) screen() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.term.ScreenText()
}

// send types keys (raw bytes, as a terminal sends them).
func (d *driver) send(keys string) {
	if d.err != nil {
		return
	}
	if _, err := d.ptmx.Write([]byte(keys)); err != nil {
		d.fail("typing %q: %v", keys, err)
	}
}

// line types text and enter.
func (d *driver) line(text string) { d.send(text + "\r") }

// waitFor polls the screen until cond holds or the deadline passes.
func (d *driver) waitFor(what string, cond func(lines []string) bool) {
	if d.err != nil {
		return
	}
	deadline := time.Now().Add(waitTimeout)
	for {
		if cond(d.screen()) {
			return
		}
		select {
		case <-d.done:
			d.fail("podmux exited while waiting for %s", what)
			return
		default:
		}
		if time.Now().After(deadline) {
			d.fail("timed out after %v waiting for %s", waitTimeout, what)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitText waits until text appears anywhere on the screen.
func (d *driver) waitText(text string) {
	d.waitFor(fmt.Sprintf("%q on the screen", text), func(lines []string) bool {
		return strings.Contains(strings.Join(lines, "\n"), text)
	})
}

// waitGone waits until text is nowhere on the screen.
func (d *driver) waitGone(text string) {
	d.waitFor(fmt.Sprintf("%q to leave the screen", text), func(lines []string) bool {
		return !strings.Contains(strings.Join(lines, "\n"), text)
	})
}

// settle waits until the output has been quiet for quiet (at most max), outside a synchronized
// frame, so a picture never shows half a frame. Programs that redraw all the time (top, a clock)
// still leave gaps between frames.
func (d *driver) settle(quiet, max time.Duration) {
	if d.err != nil {
		return
	}
	deadline := time.Now().Add(max)
	for {
		d.mu.Lock()
		calm := time.Since(d.lastOut) >= quiet && !d.term.Synchronized()
		d.mu.Unlock()
		if calm {
			return
		}
		if time.Now().After(deadline) {
			d.fail("the screen did not settle within %v", max)
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// snapshot copies the screen for rendering.
func (d *driver) snapshot() *snapshot {
	d.mu.Lock()
	defer d.mu.Unlock()
	return takeSnapshot(d.term)
}

// stop ends podmux if it still runs: SIGTERM, then SIGKILL if it has not gone within grace. Its
// pods are sessions of their own on ptys podmux holds, so they get a hangup when it dies.
func (d *driver) stop(grace time.Duration) error {
	_ = syscall.Kill(d.cmd.Process.Pid, syscall.SIGTERM)
	exited := make(chan error, 1)
	go func() { exited <- d.cmd.Wait() }()
	var err error
	select {
	case <-exited:
	case <-time.After(grace):
		_ = d.cmd.Process.Kill()
		<-exited
		err = errors.New("podmux did not exit on SIGTERM; killed it")
	}
	_ = d.ptmx.Close()
	<-d.done
	return err
}
