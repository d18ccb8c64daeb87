package session

import (
	"sync"
	"sync/atomic"
	"time"
)

// Flow control: how much output each session may feed its engine per FrameInterval.
//
// The engine parses far faster than any pod prints, so a bound is only useful when something
// else needs the time: a keystroke waiting for its echo, or several sessions flooding at once.
// A session that floods alone, with nobody typing, reads as fast as its stream delivers. Frames
// are paced by the UI (at most one per FrameInterval) whatever the sessions read.

// EchoWindow is how long after the user typed into a session the echo guarantee holds: the
// focused session keeps a full frame budget while the sessions in the background share a small
// one, so the echo of the key is not queued behind their floods. The window runs from the later
// of the keystroke and its echo (the typed-into session printing after it), and stays open while
// the echo is awaited, up to MaxEchoWait: a slow echo must not let the floods loose again, which
// would slow the next echo further.
const EchoWindow = 100 * time.Millisecond

// MaxEchoWait bounds how long an awaited echo keeps the typing window open: input that echoes
// nothing (a password, `cat >/dev/null`) holds the background floods back no longer than this.
const MaxEchoWait = time.Second

// floodBytes is what a session must print within one FrameInterval to count as flooding. An
// interactive shell prints a few hundred bytes a frame; a flood fills whole read buffers.
const floodBytes = 16 << 10

// minShare is the least a flooding background session may print per frame, however many share:
// every session keeps making progress (100 floods × 2 KiB is still 12 MB/s in all).
const minShare = 2 << 10

// minTypingShare is minShare while the user types: smaller, so that a hundred floods cannot keep
// the machine busy (each byte costs the pod, the server and the engine CPU) while an echo is
// awaited; 100 floods × 64 B × 60 frames is still 380 KB/s in all, and every one progresses.
// At 256 B a hundred floods kept podmux above its share of two busy cores, and echoes waited
// for a CPU (BENCHMARKS.md, "100 sessions").
const minTypingShare = 64

// typingPoolDiv divides FrameBytes into the background floods' pool while the user types:
// 2 KiB a frame at the default (120 KB/s, some 2,000 lines a second still scrolling by in the
// other panes); the pool is back to 8 × FrameBytes within EchoWindow of the last echo.
const typingPoolDiv = 64

// unbounded is a budget without a bound.
const unbounded = -1

// flowState is what the policy decides on, for one session at the start of a frame window.
type flowState struct {
	FrameBytes int  // Options.FrameBytes: the focused session's budget while the user types; < 0: never bound
	Focused    bool // the user looks at this session
	Typing     bool // the user typed into a session within EchoWindow
	Floods     int  // sessions flooding in the last frame, this one included if it floods
	FocusFlood bool // the focused session is among them
}

// frameBudget is the policy: how many bytes a session may print in this frame; unbounded (< 0)
// when nothing needs the time.
//   - Nobody typing and at most one flood: unbounded, the flood runs at engine speed.
//   - Nobody typing, several floods: the focused session is unbounded; the background floods
//     share 8 × FrameBytes per frame (64 MiB/s at the default), so a hundred of them cannot
//     starve the pane being looked at, and a few of them still run at full speed.
//   - The user typing: the echo guarantee. The focused session gets FrameBytes; the background
//     floods share FrameBytes/typingPoolDiv per frame between them (120 KB/s at the default),
//     leaving the machine to the echo: every byte a flood prints costs CPU in the pod, the
//     server and the engine, and a pod on the same machine (the local server) competes with the
//     echo for it.
//
// A background share is never below minShare (minTypingShare while typing).
func frameBudget(st flowState) int {
	if st.FrameBytes < 0 {
		return unbounded
	}
	if st.Focused {
		if st.Typing {
			return st.FrameBytes
		}
		return unbounded
	}
	if !st.Typing && st.Floods <= 1 {
		return unbounded
	}
	pool := 8 * st.FrameBytes
	if st.Typing {
		pool = st.FrameBytes / typingPoolDiv
	}
	bg := st.Floods
	if st.FocusFlood {
		bg--
	}
	if st.Typing {
		return max(pool/max(bg, 1), minTypingShare)
	}
	return max(pool/max(bg, 1), minShare)
}

// flow is a Manager's flow controller: it knows when the user last typed, which sessions
// flood, and gives each session its frame budget (frameBudget). Safe for concurrent use.
type flow struct {
	frameBytes int
	now        func() time.Time
	typedAt    atomic.Int64 // UnixNano of the last keystroke, or of its echo when later; 0: never
	// awaiting is the typed-into session's key (its focused flag, as given to join) until it
	// prints after the keystroke; nil when no echo is awaited.
	awaiting atomic.Pointer[atomic.Bool]

	mu        sync.Mutex
	meters    map[*flowMeter]struct{}
	countedAt time.Time // when floods was last counted (once per FrameInterval at most)
	floods    int
	focusFl   bool
}

// flowMeter is one session's side of flow control: its frame window, and when it last flooded.
// Only the session's reader goroutine touches window and used.
type flowMeter struct {
	f       *flow
	focused *atomic.Bool
	floodAt atomic.Int64 // UnixNano of the end of the last window in which it flooded; 0: never

	window time.Time // start of the current frame window
	used   int       // bytes printed in it
	budget int       // its budget, fixed at its start
}

func newFlow(frameBytes int, now func() time.Time) *flow {
	return &flow{frameBytes: frameBytes, now: now, meters: map[*flowMeter]struct{}{}}
}

// typed records a keystroke (or paste, or mouse event) sent to the session whose key (its
// focused flag, as given to join) is key; its echo is awaited from then.
func (f *flow) typed(key *atomic.Bool) {
	f.typedAt.Store(f.now().UnixNano())
	f.awaiting.Store(key)
}

// typing reports whether the echo guarantee holds now: within EchoWindow of the last keystroke
// or echo, or while an echo is awaited (at most MaxEchoWait after the keystroke).
func (f *flow) typing(now time.Time) bool {
	t := f.typedAt.Load()
	if t == 0 {
		return false
	}
	since := now.Sub(time.Unix(0, t))
	return since < EchoWindow || f.awaiting.Load() != nil && since < MaxEchoWait
}

// join registers a session's reader; leave it when the reader ends.
func (f *flow) join(focused *atomic.Bool) *flowMeter {
	m := &flowMeter{f: f, focused: focused}
	f.mu.Lock()
	f.meters[m] = struct{}{}
	f.mu.Unlock()
	return m
}

func (f *flow) leave(m *flowMeter) {
	f.mu.Lock()
	delete(f.meters, m)
	f.mu.Unlock()
}

// count returns how many sessions flooded within the last two frame windows and whether the
// focused one did, recounting at most once per FrameInterval.
func (f *flow) count(now time.Time) (int, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if now.Sub(f.countedAt) < FrameInterval && !f.countedAt.IsZero() {
		return f.floods, f.focusFl
	}
	f.countedAt = now
	f.floods, f.focusFl = 0, false
	since := now.Add(-2 * FrameInterval).UnixNano()
	for m := range f.meters {
		if at := m.floodAt.Load(); at != 0 && at >= since {
			f.floods++
			if m.focused.Load() {
				f.focusFl = true
			}
		}
	}
	return f.floods, f.focusFl
}

// Flooding reports whether any session flooded within the last two frame windows (held floods
// count): a UI may then draw less often than FrameInterval, since a wall of scrolling text looks
// the same at a lower rate and every frame costs what the flood and the echo of typing need.
func (m *Manager) Flooding() bool {
	n, _ := m.flow.count(m.flow.now())
	return n > 0
}

// Typing reports whether the user typed into a session within EchoWindow of now, or its echo
// is still awaited (at most MaxEchoWait).
func (m *Manager) Typing() bool { return m.flow.typing(m.flow.now()) }

// state is the policy input for m now.
func (f *flow) state(m *flowMeter, now time.Time) flowState {
	floods, focusFl := f.count(now)
	return flowState{
		FrameBytes: f.frameBytes,
		Focused:    m.focused.Load(),
		Typing:     f.typing(now),
		Floods:     floods,
		FocusFlood: focusFl,
	}
}

// wait returns how long the reader must wait before its next read: zero while the session is
// within its budget. A new frame window starts when the last one is over.
func (m *flowMeter) wait() time.Duration {
	now := m.f.now()
	if m.window.IsZero() || now.Sub(m.window) >= FrameInterval {
		m.roll(now)
	}
	if m.budget < 0 || m.used < m.budget {
		return 0
	}
	// Over budget: the policy may have changed since the window began (the user stopped
	// typing, the other floods ended); ask again before sleeping.
	m.budget = frameBudget(m.f.state(m, now))
	if m.budget < 0 || m.used < m.budget {
		return 0
	}
	// Held back: it still floods, however little its share lets it print. (Counting only what
	// it printed would let a held flood drop out of the count, and the few left would then get
	// the whole pool each.)
	m.floodAt.Store(now.UnixNano())
	return FrameInterval - now.Sub(m.window)
}

// roll ends the current window (noting whether the session flooded in it) and starts a new one.
// What a bounded window printed beyond its budget is carried into the next ones: a read takes
// up to a whole buffer (32 KiB) whatever the budget, and without the carry a share of 256 bytes
// a frame would still let 32 KiB through in every frame. A session over its budget is still
// flooding, so the carry also keeps it counted.
func (m *flowMeter) roll(now time.Time) {
	if m.used >= floodBytes {
		m.floodAt.Store(now.UnixNano())
	}
	carry := 0
	if m.budget >= 0 && m.used > m.budget {
		carry = m.used - m.budget
		m.floodAt.Store(now.UnixNano())
	}
	m.window, m.used = now, carry
	m.budget = frameBudget(m.f.state(m, now))
}

// printed adds n bytes to the current window. The typed-into session printing is the echo of
// what was typed: the typing window then runs on from now, and printed reports true (once per
// keystroke, or per burst of keystrokes before the echo).
func (m *flowMeter) printed(n int) (echo bool) {
	if m.f.awaiting.Load() == m.focused && m.f.awaiting.CompareAndSwap(m.focused, nil) {
		m.f.typedAt.Store(m.f.now().UnixNano())
		echo = true
	}
	if m.used >= floodBytes {
		// Flooding now: others count it at once rather than a window later.
		m.floodAt.Store(m.f.now().UnixNano())
	}
	m.used += n
	return echo
}
