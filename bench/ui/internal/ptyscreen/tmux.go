package ptyscreen

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Tmux is a private tmux server (its own socket, no config, no status line) whose panes are the
// anchor of the pane benchmarks.
type Tmux struct {
	sock string
}

// NewTmux starts a detached cols×rows session "b" whose first pane runs cmd (a shell command).
func NewTmux(cols, rows int, cmd string) (*Tmux, error) {
	t := &Tmux{sock: fmt.Sprintf("podmux-bench-%d-%d", os.Getpid(), time.Now().UnixNano())}
	if out, err := t.run("-f", "/dev/null", "new-session", "-d", "-s", "b", "-x", fmt.Sprint(cols), "-y", fmt.Sprint(rows), cmd,
		";", "set", "-g", "status", "off", ";", "set", "-g", "remain-on-exit", "on"); err != nil {
		return nil, fmt.Errorf("tmux new-session: %v: %s", err, out)
	}
	return t, nil
}

func (t *Tmux) run(args ...string) (string, error) {
	out, err := exec.Command("tmux", append([]string{"-L", t.sock}, args...)...).CombinedOutput()
	return string(out), err
}

// Split adds a pane running cmd and re-tiles the window.
func (t *Tmux) Split(cmd string) error {
	if out, err := t.run("split-window", "-t", "b", cmd, ";", "select-layout", "-t", "b", "tiled"); err != nil {
		return fmt.Errorf("tmux split-window: %v: %s", err, out)
	}
	return nil
}

// Panes lists the pane ids of the window.
func (t *Tmux) Panes() ([]string, error) {
	out, err := t.run("list-panes", "-t", "b", "-F", "#{pane_id}")
	if err != nil {
		return nil, fmt.Errorf("tmux list-panes: %v: %s", err, out)
	}
	return strings.Fields(out), nil
}

// Capture returns the visible text of pane.
func (t *Tmux) Capture(pane string) (string, error) {
	out, err := t.run("capture-pane", "-p", "-t", pane)
	if err != nil {
		return "", fmt.Errorf("tmux capture-pane: %v: %s", err, out)
	}
	return out, nil
}

// SendLiteral types text into pane (no key names), then Enter when enter is set.
func (t *Tmux) SendLiteral(pane, text string, enter bool) error {
	args := []string{"send-keys", "-t", pane, "-l", text}
	if enter {
		args = append(args, ";", "send-keys", "-t", pane, "Enter")
	}
	if out, err := t.run(args...); err != nil {
		return fmt.Errorf("tmux send-keys: %v: %s", err, out)
	}
	return nil
}

// WaitPane polls pane every 5 ms until pred holds on its text, up to timeout.
func (t *Tmux) WaitPane(pane, what string, timeout time.Duration, pred func(text string) bool) (string, error) {
	end := time.Now().Add(timeout)
	for {
		txt, err := t.Capture(pane)
		if err != nil {
			return "", err
		}
		if pred(txt) {
			return txt, nil
		}
		if time.Now().After(end) {
			return "", fmt.Errorf("tmux pane %s: timed out after %v waiting for %s; pane:\n%s", pane, timeout, what, txt)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Close kills the tmux server.
func (t *Tmux) Close() { _, _ = t.run("kill-server") }
