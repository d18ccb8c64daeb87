package session

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ReconnectPolicy says how a session whose connection dropped is started again. The remote
// program does not survive a dropped exec connection, so reconnecting starts the same command
// anew in the same pane, below the old output; the pane and its recording get a marker line.
// Only a stream error that reports ConnectionLost() true is retried (see connectionLost): an
// exit, a refused or failed dial that is not a connection error, or closing by the user are not.
type ReconnectPolicy struct {
	MaxAttempts int           // attempts in a row before giving up; 0 turns reconnecting off
	Backoff     time.Duration // wait before the first attempt, doubled for each next one (0: 1s)
	MaxBackoff  time.Duration // cap on the wait (0: 30s)
}

// stableRun is how long a reconnected program must run before a later drop counts its attempts
// from one again.
const stableRun = 10 * time.Second

// delay is the wait before attempt (1-based).
func (p ReconnectPolicy) delay(attempt int) time.Duration {
	d, limit := p.Backoff, p.MaxBackoff
	if d <= 0 {
		d = time.Second
	}
	if limit <= 0 {
		limit = 30 * time.Second
	}
	for i := 1; i < attempt && d < limit; i++ {
		d *= 2
	}
	return min(d, limit)
}

// connectionLost reports whether err says the stream's connection dropped (rather than that the
// program ended or the server refused): err, or an error it wraps, has a ConnectionLost method
// that returns true. cciapi's exec errors do, for drops, dead keepalives and failed connects.
func connectionLost(err error) bool {
	var lc interface{ ConnectionLost() bool }
	return err != nil && errors.As(err, &lc) && lc.ConnectionLost()
}

// reconnect restarts cmd after its connection dropped (status), up to the policy's attempts in
// a row, and returns the status the session ends with. A reconnect that gets the program
// running again starts the count afresh.
func (s *Session) reconnect(ctx context.Context, status Status, cmd []string, tee *teeState) Status {
	p := s.m.opts.Reconnect
	for attempt := 1; p.MaxAttempts > 0 && attempt <= p.MaxAttempts && connectionLost(status.Err) && ctx.Err() == nil; attempt++ {
		wait := p.delay(attempt)
		s.noteReconnect(status.Err, attempt, p.MaxAttempts, wait, tee)
		s.setStatus(Status{State: Connecting, Command: cmd})
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return Status{State: Failed, Err: errClosedByUser, Command: cmd}
		}
		cols, rows := s.Size()
		st, err := s.m.opts.Dialer.Dial(ctx, s.target, cmd, cols, rows)
		if err != nil {
			status = Status{State: Failed, Err: err, Command: cmd}
			continue
		}
		start := time.Now()
		status, _ = s.attach(ctx, st, cmd, cols, rows, tee)
		if time.Since(start) >= stableRun {
			attempt = 0 // it ran again for a while before dropping: a fresh run of attempts
		}
	}
	return status
}

// noteReconnect writes the drop and the coming attempt into the pane and, as a marker, into
// the recording.
func (s *Session) noteReconnect(err error, attempt, max int, wait time.Duration, tee *teeState) {
	shown := wait.Round(100 * time.Millisecond)
	if wait < time.Second {
		shown = wait.Round(time.Millisecond)
	}
	line := fmt.Sprintf("%s · reconnecting in %s (attempt %d of %d)", oneLine(err.Error()), shown, attempt, max)
	s.mu.Lock()
	s.writeNote("33", line)
	s.mu.Unlock()
	tee.marker("reconnect: " + line)
	s.m.markDirty(s.id)
}
