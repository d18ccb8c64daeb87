// Package session connects exec streams to terminal engines: one Session is one remote program
// (a pod shell) with its engine, scrollback and output tee, and its lifecycle (connecting,
// running, exited, failed). A Manager owns every session, coalesces output into a dirty set with a
// single wake-up per frame, and delivers lifecycle events without ever dropping one. It does not
// import cciapi: it declares the small Stream and Dialer interfaces it needs.
package session

import (
	"context"
	"io"
	"strings"
)

// Stream is one running remote program. cciapi.Stream satisfies it.
type Stream interface {
	Stdin() io.WriteCloser
	Stdout() io.Reader
	Resize(width, height uint16) error
	Close() error
	Wait() (exitCode int, err error)
}

// Target names what a session runs: a container of a pod, and the command. When Command is
// empty the session runs the first available of Shells.
type Target struct {
	Namespace string
	Pod       string
	Container string
	Command   []string
	Shells    []string // tried in order when Command is empty; default bash, sh

	// Recording, when set, makes the session a read-only replay of that recording file instead
	// of a remote program; Timed plays it at its recorded pace (else all at once). The Dialer
	// decides how; input goes to the player as its controls.
	Recording string
	Timed     bool

	// Text, when set, makes the session a read-only view of these bytes (a fan-out pod's whole
	// output, a diff): the Dialer shows them and the session ends. Command names what they are.
	Text []byte

	// Log, when set, makes the session a followed log of the pod's containers instead of a
	// remote program (log.go); Container and Command are not used.
	Log *LogSpec
}

// String is namespace/pod/container; for a log, "logs namespace/pod/container" (containers
// joined with commas, "(previous)" for a previous run).
func (t Target) String() string {
	s := t.Namespace + "/" + t.Pod
	if t.Log != nil {
		if len(t.Log.Containers) > 0 {
			s += "/" + strings.Join(t.Log.Containers, ",")
		}
		s = "logs " + s
		if t.Log.Previous {
			s += " (previous)"
		}
		return s
	}
	if t.Container != "" {
		s += "/" + t.Container
	}
	return s
}

// Dialer starts a remote program with a terminal of the given size. The size must reach the
// remote before the program starts.
type Dialer interface {
	Dial(ctx context.Context, t Target, command []string, cols, rows int) (Stream, error)
}

// DialerFunc adapts a function to a Dialer.
type DialerFunc func(ctx context.Context, t Target, command []string, cols, rows int) (Stream, error)

// Dial calls f.
func (f DialerFunc) Dial(ctx context.Context, t Target, command []string, cols, rows int) (Stream, error) {
	return f(ctx, t, command, cols, rows)
}
