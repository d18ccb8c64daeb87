package fanout

import (
	"bytes"
	"fmt"
	"strings"
	"time"
)

// State is where one pod's run is.
type State int

const (
	Queued    State = iota
	Running         // the exec is starting or running
	Exited          // the command ended; ExitCode holds its code
	TimedOut        // --timeout ended it; its stream was closed
	Cancelled       // the run was cancelled before or while it ran
	Failed          // the command could not run or its connection failed; Err says why
)

func (s State) String() string {
	switch s {
	case Queued:
		return "queued"
	case Running:
		return "running"
	case Exited:
		return "exited"
	case TimedOut:
		return "timed out"
	case Cancelled:
		return "cancelled"
	case Failed:
		return "failed"
	}
	return fmt.Sprintf("state(%d)", int(s))
}

// Ended reports whether the pod's run is over.
func (s State) Ended() bool { return s >= Exited }

// Result is one pod's run. Stdout and Stderr hold at most Options.MaxOutput bytes together;
// Truncated counts the bytes beyond (kept nowhere but a Sink). ExitCode is -1 unless Exited.
type Result struct {
	Target
	State      State
	ExitCode   int
	Err        error
	Start, End time.Time
	Stdout     []byte
	Stderr     []byte
	OutBytes   int64  // bytes received on both streams (kept or not)
	Truncated  int64  // bytes received but not kept
	FirstLine  string // the first line of output (stdout, else stderr), at most 256 bytes
	Attempts   int    // starts tried (more than 1 after a retried 429 or refused dial)
}

// OK reports whether the command ran and exited 0.
func (r Result) OK() bool { return r.State == Exited && r.ExitCode == 0 }

// Duration is how long the pod's run took so far (until now while it runs).
func (r Result) Duration(now time.Time) time.Duration {
	switch {
	case r.Start.IsZero():
		return 0
	case r.End.IsZero():
		return now.Sub(r.Start)
	}
	return r.End.Sub(r.Start)
}

// StateText is the one-word-or-so state a results row shows: queued, running, exit 0, exit 2,
// timed out, cancelled, failed: reason.
func (r Result) StateText() string {
	switch r.State {
	case Exited:
		return fmt.Sprintf("exit %d", r.ExitCode)
	case Failed:
		return "failed: " + Reason(r.Err)
	}
	return r.State.String()
}

// Reason shortens an exec error to what a summary shows: the server's message without the
// "exec in pod ns/pod:" prefix and the HTTP code in parentheses.
func Reason(err error) string {
	if err == nil {
		return ""
	}
	s := err.Error()
	if i := strings.Index(s, ": "); strings.HasPrefix(s, "exec in pod ") && i > 0 {
		s = s[i+2:]
	}
	s = strings.TrimPrefix(s, "remote command failed: ")
	if i := strings.LastIndex(s, " ("); i > 0 && strings.HasSuffix(s, ")") {
		s = s[:i]
	}
	return s
}

// Progress counts the pods of a run by state.
type Progress struct {
	Total, Queued, Running, OK, NonZero, TimedOut, Cancelled, Failed int
}

func (p *Progress) add(r Result) {
	p.Total++
	switch r.State {
	case Queued:
		p.Queued++
	case Running:
		p.Running++
	case Exited:
		if r.ExitCode == 0 {
			p.OK++
		} else {
			p.NonZero++
		}
	case TimedOut:
		p.TimedOut++
	case Cancelled:
		p.Cancelled++
	case Failed:
		p.Failed++
	}
}

// Done counts the pods that ended.
func (p Progress) Done() int { return p.OK + p.NonZero + p.TimedOut + p.Cancelled + p.Failed }

// output is one pod's bounded output. Guarded by the run's lock.
type output struct {
	limit          int
	stdout, stderr []byte
	total, dropped int64
}

func (o *output) add(s Stream, p []byte) {
	o.total += int64(len(p))
	room := o.limit - len(o.stdout) - len(o.stderr)
	keep := min(max(room, 0), len(p))
	o.dropped += int64(len(p) - keep)
	if s == Stdout {
		o.stdout = append(o.stdout, p[:keep]...)
	} else {
		o.stderr = append(o.stderr, p[:keep]...)
	}
}

func (o *output) firstLine() string {
	b := o.stdout
	if len(bytes.TrimSpace(b)) == 0 {
		b = o.stderr
	}
	b = bytes.TrimLeft(b, "\r\n")
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	if len(b) > 256 {
		b = b[:256]
	}
	return strings.TrimRight(string(b), "\r")
}
