package session

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/podmux/podmux/session/term"
)

// resizeDebounce is how long a burst of resizes waits before one resize frame goes out.
const resizeDebounce = 50 * time.Millisecond

// Session is one remote program and the terminal engine showing it. The engine, the size and the
// status are guarded by the session's lock; read the screen through View. A session's screen and
// scrollback outlive its remote program, and Restart runs the program again on the same screen.
type Session struct {
	id     ID
	m      *Manager
	target Target

	mu      sync.Mutex
	term    *term.Terminal
	status  Status
	cols    int
	rows    int
	out     *outbox
	ahead   []byte             // input typed while the first stream connects; sent first
	cancel  context.CancelFunc // ends the current run
	running bool               // a run goroutine is active
	seq     uint64             // bumps on every output
	resizeT *time.Timer
	focused atomic.Bool // the user looks at and types into this session: full output budget
	// progress is the current (or last) stream when it reports progress (a replay).
	progress Progresser

	// pump is held by the reader while one chunk goes into the engine and the tee, so
	// Manager.Shutdown cuts a recording at a chunk boundary: everything shown is recorded.
	pump    sync.Mutex
	liveTee Tee  // under pump: the tee of the current run, nil when none
	teeShut bool // under pump: Manager.Shutdown closed the tee; output is no longer copied

	log *logState // a log session's lines and view (log.go); nil for a program
}

func newSession(m *Manager, id ID, t Target, cols, rows int) *Session {
	cols, rows = max(cols, 1), max(rows, 1)
	s := &Session{id: id, m: m, target: t, cols: cols, rows: rows}
	s.term = s.newTerm(cols, rows)
	if t.Log != nil {
		s.log = &logState{}
	}
	return s
}

// SetFocused says whether the user is working in this session. The focused session is never
// held back for the sessions in the background, and while the user types the background floods
// share a small budget, so its echo is not queued behind them (Options.FrameBytes).
func (s *Session) SetFocused(on bool) { s.focused.Store(on) }

// ID returns the session's id.
func (s *Session) ID() ID { return s.id }

// Target returns what the session runs.
func (s *Session) Target() Target { return s.target }

// Status returns the session's lifecycle snapshot.
func (s *Session) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

// Seq increases every time the session prints; a renderer compares it to skip unchanged panes.
func (s *Session) Seq() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seq
}

// View calls fn with the engine, under the session's lock. fn must not block or keep t.
func (s *Session) View(fn func(t *term.Terminal)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(s.term)
}

// Modes returns the input modes the remote program set.
func (s *Session) Modes() term.Modes {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.term.Modes()
}

// Size returns the terminal size.
func (s *Session) Size() (cols, rows int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cols, s.rows
}

// Send queues raw bytes for the remote's stdin. It never blocks; it fails when the session does
// not run or its input queue is full (the remote stopped reading). Input typed while the session
// still connects is kept (up to the same bound) and sent as soon as the stream is up, as a
// terminal keeps what is typed before a program reads it.
func (s *Session) Send(p []byte) error {
	if len(p) == 0 {
		return nil
	}
	if s.target.Log != nil {
		return errors.New("a log pane takes no input")
	}
	s.mu.Lock()
	ob := s.out
	if ob == nil && s.running {
		defer s.mu.Unlock()
		if len(s.ahead)+len(p) > maxPending {
			return errors.New("input not sent: the session is still connecting and 1 MiB is already typed ahead")
		}
		s.ahead = append(s.ahead, p...)
		return nil
	}
	s.mu.Unlock()
	if ob == nil {
		return errors.New("session is not running: press prefix r to restart it")
	}
	s.m.flow.typed(&s.focused)
	return ob.push(p)
}

func (s *Session) queue(p []byte) {
	// Called with s.mu held (engine replies during Write): use the outbox directly.
	if s.out != nil {
		_ = s.out.push(p)
	}
}

// Resize sets the terminal size. The engine follows at once; the remote gets one resize frame
// after a short debounce, so dragging a border sends a few frames, not hundreds.
func (s *Session) Resize(cols, rows int) {
	cols, rows = max(cols, 1), max(rows, 1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if cols == s.cols && rows == s.rows {
		return
	}
	s.cols, s.rows = cols, rows
	s.term.Resize(cols, rows)
	s.seq++
	if s.resizeT != nil {
		s.resizeT.Stop()
	}
	s.resizeT = time.AfterFunc(resizeDebounce, func() {
		s.mu.Lock()
		ob, c, r := s.out, s.cols, s.rows
		s.mu.Unlock()
		if ob != nil {
			ob.resize(c, r)
		}
	})
}

// Kill ends the remote program, if it runs. The screen stays.
func (s *Session) Kill() {
	s.mu.Lock()
	cancel := s.cancel
	s.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// Restart runs the program again on the same screen, if the session has ended.
func (s *Session) Restart() bool {
	s.mu.Lock()
	if s.running {
		s.mu.Unlock()
		return false
	}
	s.mu.Unlock()
	s.launch()
	return true
}

func (s *Session) setStatus(st Status) {
	s.mu.Lock()
	s.status = st
	s.mu.Unlock()
	s.m.emit(Event{ID: s.id, Status: st})
}

// noteEnd writes a dim line into the screen saying how the run ended, as tmux marks a dead
// pane, so the reason is there to read (and to scroll back to) after a restart. Called with
// s.mu held.
func (s *Session) noteEnd(st Status) {
	if s.target.Recording != "" || s.target.Text != nil {
		return
	}
	color := "2"
	if st.State == Failed || st.ExitCode != 0 {
		color = "31"
	}
	if s.target.Log != nil {
		s.writeNote(color, st.Text()+" · prefix r reopens the log")
		return
	}
	s.writeNote(color, st.Text()+" · prefix r restarts")
}

// writeNote writes a "[podmux] text" line in SGR colour into the screen, below the output.
// Called with s.mu held.
func (s *Session) writeNote(color, text string) {
	_, _ = s.term.Write([]byte("\r\n\x1b[0;" + color + "m[podmux] " + text + "\x1b[m\r\n"))
	s.seq++
}

// errClosedByUser ends a run the user closed (or restarted) while it ran or waited.
var errClosedByUser = errors.New("closed by user")

// launch starts the run goroutine. A session has at most one.
func (s *Session) launch() {
	ctx, cancel := context.WithCancel(s.m.ctx)
	s.mu.Lock()
	s.cancel = cancel
	s.running = true
	s.mu.Unlock()
	s.setStatus(Status{State: Connecting})
	s.m.wg.Add(1)
	go func() {
		defer s.m.wg.Done()
		defer cancel()
		st := s.run(ctx)
		s.mu.Lock()
		s.running = false
		s.out, s.ahead = nil, nil
		s.noteEnd(st)
		s.mu.Unlock()
		s.setStatus(st)
		s.m.markDirty(s.id)
	}()
}

// run dials the command (or each shell in turn until one exists), pumps its output into the
// engine and returns the final status.
func (s *Session) run(ctx context.Context) Status {
	if s.target.Log != nil {
		return s.runLog(ctx)
	}
	cmds := [][]string{s.target.Command}
	if len(s.target.Command) == 0 && s.target.Recording == "" {
		cmds = cmds[:0]
		for _, sh := range s.target.Shells {
			cmds = append(cmds, []string{sh})
		}
	}
	tee := &teeState{}
	defer tee.close(s)
	var last Status
	for i, cmd := range cmds {
		lastTry := i == len(cmds)-1
		cols, rows := s.Size()
		st, err := s.m.opts.Dialer.Dial(ctx, s.target, cmd, cols, rows)
		if err != nil {
			if !lastTry && notFound(err) {
				continue
			}
			return Status{State: Failed, Err: err, Command: cmd}
		}
		status, printed := s.attach(ctx, st, cmd, cols, rows, tee)
		if !lastTry && !printed && (notFound(status.Err) || status.State == Exited && (status.ExitCode == 126 || status.ExitCode == 127)) {
			last = status
			tee.discard(s)
			continue
		}
		return s.reconnect(ctx, status, cmd, tee)
	}
	return last
}

// attach runs one stream to its end: a writer goroutine drains the input queue and resizes,
// this goroutine reads output into the engine. It reports whether anything was printed.
func (s *Session) attach(ctx context.Context, st Stream, cmd []string, cols, rows int, ts *teeState) (Status, bool) {
	ob := newOutbox()
	ts.open(s, cmd, cols, rows)
	tee := ts.t
	s.mu.Lock()
	s.out = ob
	s.progress, _ = st.(Progresser)
	if len(s.ahead) > 0 {
		_ = ob.push(s.ahead) // within maxPending, and ob is new: cannot fail
		s.ahead = nil
	}
	s.mu.Unlock()
	proto := ""
	if p, ok := st.(interface{ Protocol() string }); ok {
		proto = p.Protocol()
	}
	s.setStatus(Status{State: Running, Command: cmd, Protocol: proto})

	stop := context.AfterFunc(ctx, func() { _ = st.Close() })
	defer stop()
	wdone := make(chan struct{})
	go func() {
		defer close(wdone)
		var in func([]byte)
		if ti, ok := tee.(interface{ Input([]byte) }); ok && s.m.opts.RecordInput {
			in = ti.Input
		}
		ob.drain(st, tee, in)
	}()

	printed := false
	buf := make([]byte, 32*1024)
	r := st.Stdout()
	fm := s.m.flow.join(&s.focused)
	defer s.m.flow.leave(fm)
	for {
		// Flow control: a session that printed its share waits, frame by frame, until the
		// policy lets it print again (a big read may have used several frames' share).
		for d := fm.wait(); d > 0 && ctx.Err() == nil; d = fm.wait() {
			t := time.NewTimer(d)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
			}
		}
		n, err := r.Read(buf)
		if n > 0 {
			echo := fm.printed(n)
			printed = true
			s.pump.Lock()
			s.mu.Lock()
			_, _ = s.term.Write(buf[:n])
			s.seq++
			s.mu.Unlock()
			if !s.teeShut {
				ts.output(s, buf[:n])
			}
			s.pump.Unlock()
			s.m.markDirty(s.id)
			if echo {
				s.m.markEcho()
			}
		}
		if err != nil {
			break
		}
	}
	code, werr := st.Wait()
	ob.close()
	<-wdone
	_ = st.Close()
	if ctx.Err() != nil && werr != nil {
		return Status{State: Failed, Err: errClosedByUser, Command: cmd}, printed
	}
	if werr != nil {
		return Status{State: Failed, Err: werr, Command: cmd}, printed
	}
	return Status{State: Exited, ExitCode: code, Command: cmd}, printed
}

func notFound(err error) bool {
	if err == nil {
		return false
	}
	e := strings.ToLower(err.Error())
	return strings.Contains(e, "not found") || strings.Contains(e, "no such file")
}
