package session

import "fmt"

// ID identifies a session for the life of a Manager. IDs are never reused.
type ID int

// State is where a session is in its life.
type State int

const (
	Connecting State = iota
	Running
	Exited // the remote program ended; ExitCode holds its code
	Failed // the stream failed; Err holds why
)

func (s State) String() string {
	switch s {
	case Connecting:
		return "connecting"
	case Running:
		return "running"
	case Exited:
		return "exited"
	case Failed:
		return "failed"
	}
	return fmt.Sprintf("state(%d)", int(s))
}

// Status is a snapshot of a session's lifecycle.
type Status struct {
	State    State
	ExitCode int
	Err      error
	Command  []string // what actually runs (the chosen shell)
	Reason   string   // why a log session ended (e.g. its container stopped)
	// Protocol is the running stream's exec protocol when it names one (a Stream with a
	// Protocol() string method, e.g. "ws v5", "spdy v4"); "" otherwise.
	Protocol string
}

// Text is the one-line description a pane border shows.
func (s Status) Text() string {
	switch s.State {
	case Exited:
		if s.Reason != "" {
			return s.Reason
		}
		return fmt.Sprintf("exited with code %d", s.ExitCode)
	case Failed:
		if s.Err != nil {
			return "failed: " + oneLine(s.Err.Error())
		}
		return "failed"
	case Running:
		if s.Protocol != "" {
			return "running · " + s.Protocol
		}
	}
	return s.State.String()
}

// Ended reports whether the session no longer runs.
func (s Status) Ended() bool { return s.State == Exited || s.State == Failed }

// Event is a lifecycle change of one session, or a notice about it (Notice set: e.g. its
// recording failed; Status then repeats the current status). Events are never dropped or
// coalesced.
type Event struct {
	ID     ID
	Status Status
	Notice string
}

func oneLine(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' || s[i] == '\r' {
			return s[:i]
		}
	}
	return s
}
