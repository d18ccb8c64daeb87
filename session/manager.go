package session

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Options configure a Manager.
type Options struct {
	// Dialer starts remote programs. Required.
	Dialer Dialer
	// Logs follows container logs for sessions whose Target has a Log spec.
	Logs LogDialer
	// ScrollbackLines bounds each main screen's history. Zero: 10,000.
	ScrollbackLines int
	// Shells are tried in order when a Target has no Command. Empty: bash, sh.
	Shells []string
	// Tee, when set, is called once per run of a session (start and restart) with the command
	// that runs, and returns where the session's output is copied to (the recording seam), or
	// nil. The returned Tee's Output is called from the session's reader goroutine and must not
	// block.
	Tee func(id ID, t Target, command []string, cols, rows int) (Tee, error)
	// RecordInput also hands what the user types to the Tee, when it has an Input method. Off
	// by default: input holds passwords.
	RecordInput bool
	// Reconnect restarts a session's command when its connection drops (see ReconnectPolicy);
	// the zero value never reconnects.
	Reconnect ReconnectPolicy
	// FrameBytes scales flow control (flow.go, frameBudget): while the user types (or awaits an
	// echo), the focused session (Session.SetFocused) may print FrameBytes per FrameInterval and
	// the flooding sessions in the background share FrameBytes/64 between them; with nobody typing
	// a lone flood is not bound at all and background floods share 8 × FrameBytes. A session past
	// its budget stops reading until the intervals it overdrew have passed, so backpressure
	// reaches the pod through the stream. Zero: 128 KiB; negative: never bound.
	FrameBytes int
}

// FrameInterval is the output pacing period of sessions (about 60 per second).
const FrameInterval = 16 * time.Millisecond

// Tee receives a copy of everything a session's remote program prints, and its resizes. Err
// reports a failure (e.g. a recording that fell behind); the session turns the first one into a
// notice event. Close may be called twice (Manager.Shutdown closes tees before their sessions
// end): the second call returns the first's result, and calls after Close are ignored.
type Tee interface {
	Output(p []byte)
	Resize(cols, rows int)
	Err() error
	Close() error
}

// Manager owns every session. Output of any session marks it dirty and wakes the UI through a
// single channel of capacity one; lifecycle events queue without bound and are never dropped.
// All methods are safe for concurrent use.
type Manager struct {
	opts   Options
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu       sync.Mutex
	next     ID
	sessions map[ID]*Session

	dirtyMu  sync.Mutex
	dirty    map[ID]struct{}
	wake     chan struct{}
	echoWake chan struct{} // the echo of typing arrived (EchoWake)

	evMu   sync.Mutex
	events []Event
	evWake chan struct{}

	flow *flow
}

// NewManager builds a Manager. Close it to end every session.
func NewManager(opts Options) *Manager {
	if opts.ScrollbackLines == 0 {
		opts.ScrollbackLines = 10000
	}
	if len(opts.Shells) == 0 {
		opts.Shells = []string{"bash", "sh"}
	}
	if opts.FrameBytes == 0 {
		opts.FrameBytes = 128 << 10
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Manager{
		opts: opts, ctx: ctx, cancel: cancel,
		sessions: map[ID]*Session{},
		dirty:    map[ID]struct{}{},
		wake:     make(chan struct{}, 1),
		echoWake: make(chan struct{}, 1),
		evWake:   make(chan struct{}, 1),
		flow:     newFlow(opts.FrameBytes, time.Now),
	}
}

// Start creates a session for t with a terminal of cols×rows and starts connecting it in the
// background. The returned session is in state Connecting; its progress arrives as Events.
func (m *Manager) Start(t Target, cols, rows int) *Session {
	if len(t.Shells) == 0 {
		t.Shells = m.opts.Shells
	}
	m.mu.Lock()
	m.next++
	s := newSession(m, m.next, t, cols, rows)
	m.sessions[s.id] = s
	m.mu.Unlock()
	s.launch()
	return s
}

// Get returns the session with id, or nil.
func (m *Manager) Get(id ID) *Session {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sessions[id]
}

// Sessions returns every session, in start order.
func (m *Manager) Sessions() []*Session {
	m.mu.Lock()
	out := make([]*Session, 0, len(m.sessions))
	for _, s := range m.sessions {
		out = append(out, s)
	}
	m.mu.Unlock()
	slices.SortFunc(out, func(a, b *Session) int { return int(a.id - b.id) })
	return out
}

// Running counts sessions that are connecting or running.
func (m *Manager) Running() int {
	n := 0
	for _, s := range m.Sessions() {
		if !s.Status().Ended() {
			n++
		}
	}
	return n
}

// Remove ends a session (if it still runs) and forgets it.
func (m *Manager) Remove(id ID) {
	m.mu.Lock()
	s := m.sessions[id]
	delete(m.sessions, id)
	m.mu.Unlock()
	if s != nil {
		s.Kill()
	}
}

// Wake fires (at most one pending signal) after any session printed something.
func (m *Manager) Wake() <-chan struct{} { return m.wake }

// EchoWake fires (at most one pending signal) when the session typed into (Session.Send on
// any session) printed its first output after the keystroke: the echo. Wake fires too.
// A UI that draws the echo sooner than other output waits on it, and drains it (DrainEchoWake)
// when it takes the dirty set.
func (m *Manager) EchoWake() <-chan struct{} { return m.echoWake }

// DrainEchoWake clears a pending EchoWake signal: output printed before it is in the next
// TakeDirty, and an echo after it signals again.
func (m *Manager) DrainEchoWake() {
	select {
	case <-m.echoWake:
	default:
	}
}

// markEcho signals EchoWake.
func (m *Manager) markEcho() {
	select {
	case m.echoWake <- struct{}{}:
	default:
	}
}

// TakeDirty returns the sessions that printed since the last call, and clears the set.
func (m *Manager) TakeDirty() []ID {
	m.dirtyMu.Lock()
	ids := make([]ID, 0, len(m.dirty))
	for id := range m.dirty {
		ids = append(ids, id)
	}
	clear(m.dirty)
	m.dirtyMu.Unlock()
	slices.Sort(ids)
	return ids
}

func (m *Manager) markDirty(id ID) {
	m.dirtyMu.Lock()
	m.dirty[id] = struct{}{}
	m.dirtyMu.Unlock()
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// EventWake fires (at most one pending signal) when lifecycle events are queued.
func (m *Manager) EventWake() <-chan struct{} { return m.evWake }

// TakeEvents returns every queued lifecycle event in order, and clears the queue.
func (m *Manager) TakeEvents() []Event {
	m.evMu.Lock()
	ev := m.events
	m.events = nil
	m.evMu.Unlock()
	return ev
}

func (m *Manager) emit(e Event) {
	m.evMu.Lock()
	m.events = append(m.events, e)
	m.evMu.Unlock()
	select {
	case m.evWake <- struct{}{}:
	default:
	}
}

// Shutdown ends every session for a quitting program, bounded by d. First every tee (recording)
// is closed, in parallel, holding exactly what its session has shown: Shutdown waits for them
// (at most teeCloseLimit, so a hung disk cannot hold the program). Then every session is killed
// at once, and Shutdown waits for their goroutines until d has passed since the call. It reports
// whether they all ended in time; the ones left end with the process. Output that arrives after
// its tee closed still reaches the screen but is not recorded. Use Close when waiting is fine.
func (m *Manager) Shutdown(d time.Duration) bool {
	deadline := time.Now().Add(d)
	var tees sync.WaitGroup
	for _, s := range m.Sessions() {
		s.pump.Lock()
		t := s.liveTee
		s.teeShut, s.liveTee = true, nil
		s.pump.Unlock()
		if t != nil {
			tees.Add(1)
			go func() { defer tees.Done(); _ = t.Close() }()
		}
	}
	waitFor(&tees, teeCloseLimit)
	m.cancel()
	for _, s := range m.Sessions() {
		s.Kill()
	}
	return waitFor(&m.wg, time.Until(deadline))
}

// teeCloseLimit bounds how long Shutdown waits for recordings to reach the disk.
const teeCloseLimit = 5 * time.Second

// waitFor waits for wg up to d and reports whether it finished.
func waitFor(wg *sync.WaitGroup, d time.Duration) bool {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	t := time.NewTimer(max(d, 0))
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}

// Close kills every session and waits for their goroutines to end.
func (m *Manager) Close() {
	m.cancel()
	for _, s := range m.Sessions() {
		s.Kill()
	}
	m.wg.Wait()
}
