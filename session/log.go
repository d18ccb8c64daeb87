package session

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/podmux/podmux/session/term"
)

// LogSpec makes a session a followed container log instead of a remote program: it has no
// stdin, keeps the raw lines it received and renders them into its engine through its LogView
// (JSON, timestamps, wrapping, include/exclude filters), re-rendering all of them when the view
// changes.
type LogSpec struct {
	// Containers are the containers whose logs the session shows; several are merged line by
	// line, each line prefixed with its coloured [container].
	Containers []string
	// TailLines is how many lines of history each container's log starts with.
	TailLines int
	// Previous shows the previous run's log (previous=true), which is not followed.
	Previous bool
}

// LogLine is one line of a log stream.
type LogLine struct {
	Time time.Time // the server's timestamp; zero when unknown
	Text string    // without timestamp and newline
	Gap  bool      // not a log line: a marker where the stream dropped and resumed (Text says so)
	More bool      // the next line is already there: the session may draw both at once
}

// LogDialer follows one container's log, calling emit with every line in order, and returns
// when the log ends: ended says why when the container stopped, restarted or went away (or is
// empty for a log that is not followed and was read to its end); err is a failure. It returns
// when ctx ends. It is the log counterpart of Dialer, so session needs no API client.
type LogDialer interface {
	FollowLog(ctx context.Context, t Target, container string, emit func(LogLine)) (ended string, err error)
}

// LogDialerFunc adapts a function to a LogDialer.
type LogDialerFunc func(ctx context.Context, t Target, container string, emit func(LogLine)) (string, error)

// FollowLog calls f.
func (f LogDialerFunc) FollowLog(ctx context.Context, t Target, container string, emit func(LogLine)) (string, error) {
	return f(ctx, t, container, emit)
}

// logState is a log session's lines and view; guarded by the session's lock.
type logState struct {
	lines   []LogLine
	conts   []int // container index of each line
	view    LogView
	hidden  int  // lines the filters hide
	written bool // a line was written to the engine (the next starts on a new row)
}

// IsLog reports whether the session shows a log.
func (s *Session) IsLog() bool { return s.target.Log != nil }

// LogView returns the log session's view and how many lines its filters hide.
func (s *Session) LogView() (LogView, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.log == nil {
		return LogView{}, 0
	}
	return s.log.view, s.log.hidden
}

// SetLogView changes how a log session renders and renders every kept line again (the screen
// and scrollback are rebuilt; what the recording got is not rewritten). No-op for other
// sessions.
func (s *Session) SetLogView(v LogView) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.log == nil {
		return
	}
	s.log.view = v
	s.term = s.newTerm(s.cols, s.rows)
	s.log.hidden, s.log.written = 0, false
	if v.NoWrap {
		_, _ = s.term.Write([]byte("\x1b[?7l"))
	}
	var buf []byte
	for i, l := range s.log.lines {
		buf = s.renderLogLine(buf, l, s.log.conts[i])
		if len(buf) > 64<<10 {
			_, _ = s.term.Write(buf)
			buf = buf[:0]
		}
	}
	_, _ = s.term.Write(buf)
	s.seq++
	s.m.markDirty(s.id)
}

// renderLogLine appends the engine bytes of one line (nothing when filtered out, counting it
// as hidden). Called with s.mu held.
func (s *Session) renderLogLine(buf []byte, l LogLine, cont int) []byte {
	ls := s.log
	if !l.Gap && !ls.view.Shows(l.Text) {
		ls.hidden++
		return buf
	}
	if ls.written {
		buf = append(buf, "\r\n"...)
	}
	ls.written = true
	if l.Gap {
		return append(buf, "\x1b[0;33m[podmux] "+sanitizeLog(l.Text)+"\x1b[m"...)
	}
	var prefix string
	if cs := s.target.Log.Containers; len(cs) > 1 && cont >= 0 && cont < len(cs) {
		prefix = "\x1b[" + containerColor(cont) + "m[" + cs[cont] + "]\x1b[m "
	}
	return ls.view.Append(buf, prefix, l)
}

// appendLogs keeps lines (all of container cont) and writes them to the engine in one go; it
// returns the bytes written (buf's storage reused).
func (s *Session) appendLogs(buf []byte, lines []LogLine, cont int) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	ls := s.log
	buf = buf[:0]
	for _, l := range lines {
		l.More = false
		ls.lines = append(ls.lines, l)
		ls.conts = append(ls.conts, cont)
		buf = s.renderLogLine(buf, l, cont)
	}
	if keep := s.m.opts.ScrollbackLines + s.rows; len(ls.lines) > 2*keep {
		n := len(ls.lines) - keep
		ls.lines = append(ls.lines[:0:0], ls.lines[n:]...)
		ls.conts = append(ls.conts[:0:0], ls.conts[n:]...)
	}
	if len(buf) > 0 {
		_, _ = s.term.Write(buf)
		s.seq++
	}
	return buf
}

// maxLogBatch bounds how many lines a log session draws at once.
const maxLogBatch = 512

// runLog follows the containers' logs into the engine until every one ended.
func (s *Session) runLog(ctx context.Context) Status {
	spec := s.target.Log
	cmd := []string{"logs"}
	if spec.Previous {
		cmd = append(cmd, "--previous")
	}
	cmd = append(cmd, spec.Containers...)
	s.mu.Lock()
	if s.log == nil {
		s.log = &logState{}
	}
	cols, rows := s.cols, s.rows
	s.mu.Unlock()
	if s.m.opts.Logs == nil {
		return Status{State: Failed, Err: errors.New("this podmux cannot open logs (no log dialer)"), Command: cmd}
	}
	tee := &teeState{}
	defer tee.close(s)
	tee.open(s, cmd, cols, rows)
	s.setStatus(Status{State: Running, Command: cmd})

	pace := &pacer{s: s}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		ends []string
		errs []error
	)
	for i, c := range spec.Containers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var (
				batch []LogLine
				buf   []byte
				size  int
			)
			ended, err := s.m.opts.Logs.FollowLog(ctx, s.target, c, func(l LogLine) {
				// Lines that arrived together are drawn together: one lock, one engine write
				// and one wake-up for a burst, never holding a line back (More).
				batch = append(batch, l)
				size += len(l.Text) + 1
				if l.More && len(batch) < maxLogBatch {
					return
				}
				// pump: one writer at a time into the tee, and Manager.Shutdown cuts the
				// recording between two batches.
				s.pump.Lock()
				buf = s.appendLogs(buf, batch, i)
				if len(buf) > 0 && !s.teeShut {
					tee.output(s, buf)
				}
				s.pump.Unlock()
				if len(buf) > 0 {
					s.m.markDirty(s.id)
				}
				batch = batch[:0]
				pace.wait(ctx, size)
				size = 0
			})
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
			} else if ended != "" {
				ends = append(ends, ended)
			}
		}()
	}
	wg.Wait()
	switch {
	case ctx.Err() != nil:
		return Status{State: Failed, Err: errClosedByUser, Command: cmd}
	case len(errs) > 0:
		return Status{State: Failed, Err: errs[0], Command: cmd}
	}
	reason := strings.Join(ends, "; ")
	if reason == "" {
		reason = "end of the log"
		if spec.Previous {
			reason = "end of the previous run's log"
		}
	}
	return Status{State: Exited, Reason: reason, Command: cmd}
}

// pacer bounds how much one log session feeds its engine per frame, as attach does for exec
// output: past the budget the follower waits for the next frame, so a flooding log is slowed
// down (backpressure reaches the server through the stream) instead of starving the UI.
type pacer struct {
	s      *Session
	mu     sync.Mutex
	window time.Time
	used   int
}

func (p *pacer) wait(ctx context.Context, n int) {
	budget := p.s.m.opts.FrameBytes
	if budget <= 0 {
		return
	}
	if !p.s.focused.Load() {
		budget /= 4
	}
	p.mu.Lock()
	now := time.Now()
	if now.Sub(p.window) >= FrameInterval {
		p.window, p.used = now, 0
	}
	p.used += n
	var d time.Duration
	if p.used >= budget {
		d = FrameInterval - now.Sub(p.window)
		p.window, p.used = now.Add(max(d, 0)), 0
	}
	p.mu.Unlock()
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
		}
	}
}

// newTerm builds an engine like the session's first one.
func (s *Session) newTerm(cols, rows int) *term.Terminal {
	return term.New(cols, rows,
		term.WithScrollback(s.m.opts.ScrollbackLines, 0),
		term.WithReplies(func(p []byte) { s.queue(p) }),
	)
}
