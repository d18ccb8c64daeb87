package cciapi

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"
)

// maxLogLine bounds one log line; a longer one is passed on in pieces of this size.
const maxLogLine = 1 << 20

// LogLine is one line of a container's log, or a marker from the follower.
type LogLine struct {
	// Time is the server's timestamp of the line; zero when the line carried none.
	Time time.Time
	// Text is the line without its timestamp and newline (for a marker: what happened).
	Text string
	// Gap marks a line that is not part of the log: the stream dropped here and was resumed.
	Gap bool
	// More says that the next line has already arrived: a consumer may batch lines and draw
	// them when a line without More comes, without ever holding one back for the network.
	More bool
}

// LogFollower reads one container's log and survives dropped streams. It always asks for
// timestamps (LogLine.Time carries them). When the stream ends or fails while the container
// still runs the same run (a network cut, a server timeout), it reconnects with sinceSeconds
// reaching back past the last line it saw and drops every line stamped at or before that line,
// so no line is lost or repeated; a Gap line marks the place. When the container stopped,
// restarted or the pod went away, Run returns why.
type LogFollower struct {
	Client    *Client
	Namespace string
	Pod       string
	Options   LogOptions
	// MaxAttempts is how many failed reconnects in a row end Run with the error (0: 8).
	MaxAttempts int
	// Backoff is the wait before the first reconnect, doubled for each next one up to 10 s
	// (0: 500 ms).
	Backoff time.Duration
	// Margin is how much further back than the last line a resume asks, for clock skew
	// between this machine and the server (0: 5 s).
	Margin time.Duration
	// OnReconnect, when set, is called before each reconnect attempt (1-based) with why.
	OnReconnect func(attempt int, why error)
}

// ErrLogEnded is wrapped by Run's error when the log ended because its container stopped,
// restarted or was deleted (not because of a failure): errors.Is(err, ErrLogEnded). Its message
// says which.
var ErrLogEnded = errors.New("log ended")

type logEnded struct{ msg string }

func (e *logEnded) Error() string        { return e.msg }
func (e *logEnded) Is(target error) bool { return target == ErrLogEnded }

// Run reads the log and calls fn with every line in order until the log ends, ctx is done or fn
// returns an error (which Run returns). Without Follow it returns nil at the end of the log.
// With Follow it returns an ErrLogEnded error once the container no longer runs.
func (f *LogFollower) Run(ctx context.Context, fn func(LogLine) error) error {
	opts := f.Options
	opts.Timestamps = true
	var runStart time.Time // the followed run's start, to tell a drop from a restart
	container := opts.Container
	if opts.Follow {
		p, err := f.Client.GetPod(ctx, f.Namespace, f.Pod)
		if err != nil {
			return err
		}
		if container == "" {
			container = podLogContainer(p)
		}
		if cs := findStatus(p, container); cs != nil && cs.State.Running != nil && !opts.Previous {
			runStart = cs.State.Running.StartedAt
		}
	}
	var (
		last      time.Time // stamp of the last line passed on
		resuming  bool      // drop lines at or before last until a newer one comes
		gapWhy    error     // the drop the next successful read follows
		gapAt     time.Time
		attempt   int
		connected bool // a request for the log succeeded once
	)
	for {
		rc, err := f.Client.PodLogs(ctx, f.Namespace, f.Pod, opts)
		if err == nil {
			connected = true
			var got bool
			got, err = f.read(ctx, rc, &last, &resuming, func(l LogLine) error {
				if gapWhy != nil {
					gap := LogLine{Gap: true, Text: fmt.Sprintf("log stream dropped (%v); resumed after %s, from the last line seen",
						gapWhy, time.Since(gapAt).Round(100*time.Millisecond))}
					gapWhy = nil
					if err := fn(gap); err != nil {
						return err
					}
				}
				return fn(l)
			})
			rc.Close()
			var cb *callbackError
			if errors.As(err, &cb) {
				return cb.err
			}
			if got {
				attempt = 0
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err == nil && !opts.Follow {
				return nil
			}
		} else if ctx.Err() != nil {
			return ctx.Err()
		}
		// The stream ended or failed. Is the run we follow still going?
		why := err
		if why == nil {
			why = errors.New("the server ended the stream")
		}
		if opts.Follow {
			if end, cerr := f.stillRunning(ctx, container, runStart); cerr == nil && end != "" {
				return &logEnded{end}
			} else if cerr != nil && !IsNotFound(cerr) {
				why = cerr
			} else if cerr != nil {
				return &logEnded{fmt.Sprintf("pod %s was deleted", f.Pod)}
			}
		}
		if isRefusal(why) || !connected && err != nil {
			return why // refused, or never got a stream: retrying cannot help
		}
		attempt++
		if attempt > cmp.Or(f.MaxAttempts, 8) {
			return fmt.Errorf("log of %s/%s: gave up after %d reconnects: %w", f.Namespace, f.Pod, attempt-1, why)
		}
		if gapWhy == nil {
			gapWhy, gapAt = why, time.Now()
		}
		if f.OnReconnect != nil {
			f.OnReconnect(attempt, why)
		}
		select {
		case <-time.After(f.delay(attempt)):
		case <-ctx.Done():
			return ctx.Err()
		}
		opts.TailLines, opts.LimitBytes = nil, nil
		if !last.IsZero() {
			back := time.Since(last) + cmp.Or(f.Margin, 5*time.Second)
			opts.SinceSeconds = Int64(int64(math.Ceil(back.Seconds())))
			resuming = true
		}
	}
}

type callbackError struct{ err error }

func (e *callbackError) Error() string { return e.err.Error() }

// read passes the stream's complete lines to fn. On a clean end of a log that is not followed,
// a last line without newline is passed too; on a drop it is not (the resume reads it again).
// got reports whether any line was passed on.
func (f *LogFollower) read(ctx context.Context, rc io.Reader, last *time.Time, resuming *bool, fn func(LogLine) error) (got bool, err error) {
	br := bufio.NewReaderSize(rc, 64<<10)
	var partial []byte
	emit := func(b []byte) error {
		t, text, ok := ParseLogLine(string(b))
		if ok && *resuming {
			if !t.After(*last) {
				return nil
			}
			*resuming = false
		}
		if ok {
			*last = t
		}
		got = true
		more := false
		if n := br.Buffered(); n > 0 {
			next, _ := br.Peek(n)
			more = bytes.IndexByte(next, '\n') >= 0
		}
		if err := fn(LogLine{Time: t, Text: text, More: more}); err != nil {
			return &callbackError{err}
		}
		return nil
	}
	for {
		chunk, rerr := br.ReadSlice('\n')
		partial = append(partial, chunk...)
		switch {
		case rerr == nil:
			if err := emit(partial); err != nil {
				return got, err
			}
			partial = partial[:0]
		case errors.Is(rerr, bufio.ErrBufferFull):
			if len(partial) >= maxLogLine {
				if err := emit(partial); err != nil {
					return got, err
				}
				partial = partial[:0]
			}
		case errors.Is(rerr, io.EOF):
			if len(partial) > 0 && !f.Options.Follow && ctx.Err() == nil {
				if err := emit(partial); err != nil {
					return got, err
				}
			}
			return got, nil
		default:
			return got, rerr
		}
	}
}

// stillRunning checks the pod after the stream ended: "" when the container still runs the
// followed run (a drop), else why the log ended.
func (f *LogFollower) stillRunning(ctx context.Context, container string, runStart time.Time) (string, error) {
	p, err := f.Client.GetPod(ctx, f.Namespace, f.Pod)
	if err != nil {
		return "", err
	}
	cs := findStatus(p, container)
	switch {
	case cs == nil:
		return fmt.Sprintf("container %s of pod %s has no status", container, f.Pod), nil
	case cs.State.Running != nil && !runStart.IsZero() && cs.State.Running.StartedAt.Equal(runStart):
		return "", nil
	case cs.State.Running != nil:
		return fmt.Sprintf("container %s restarted (restart %d)", container, cs.RestartCount), nil
	case cs.State.Terminated != nil:
		t := cs.State.Terminated
		return fmt.Sprintf("container %s terminated: %s (exit code %d)", container, cmp.Or(t.Reason, "Completed"), t.ExitCode), nil
	case cs.State.Waiting != nil:
		return fmt.Sprintf("container %s is not running: %s", container, cmp.Or(cs.State.Waiting.Reason, "Waiting")), nil
	}
	return fmt.Sprintf("container %s is not running", container), nil
}

func (f *LogFollower) delay(attempt int) time.Duration {
	d := cmp.Or(f.Backoff, 500*time.Millisecond)
	for i := 1; i < attempt && d < 10*time.Second; i++ {
		d *= 2
	}
	return min(d, 10*time.Second)
}

// podLogContainer is the container the server logs when none is named.
func podLogContainer(p *Pod) string {
	if names := ContainerNames(p); len(names) == 1 {
		return names[0]
	}
	return DefaultContainer(p)
}

func findStatus(p *Pod, name string) *ContainerStatus {
	for i := range p.Status.ContainerStatuses {
		if p.Status.ContainerStatuses[i].Name == name {
			return &p.Status.ContainerStatuses[i]
		}
	}
	return nil
}

// isRefusal reports whether err is an HTTP answer that retrying will not change.
func isRefusal(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && se.Code >= 400 && se.Code < 500 && se.Code != 429
}
