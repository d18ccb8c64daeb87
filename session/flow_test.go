package session

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestFrameBudgetPolicy(t *testing.T) {
	const fb = 128 << 10
	cases := []struct {
		name string
		st   flowState
		want int
	}{
		{"lone flood, focused, nobody typing: engine speed", flowState{FrameBytes: fb, Focused: true, Floods: 1, FocusFlood: true}, unbounded},
		{"lone flood in the background, nobody typing: engine speed", flowState{FrameBytes: fb, Floods: 1}, unbounded},
		{"no flood at all", flowState{FrameBytes: fb}, unbounded},
		{"focused among several floods: never held back for them", flowState{FrameBytes: fb, Focused: true, Floods: 4, FocusFlood: true}, unbounded},
		{"four background floods, the focused pane idle: fair shares of 8 frames", flowState{FrameBytes: fb, Floods: 4}, 2 * fb},
		{"three background floods beside the focused one", flowState{FrameBytes: fb, Floods: 4, FocusFlood: true}, 8 * fb / 3},
		{"typing: the focused session gets one frame", flowState{FrameBytes: fb, Focused: true, Typing: true, Floods: 5, FocusFlood: true}, fb},
		{"typing into an idle pane: a lone background flood is bound", flowState{FrameBytes: fb, Typing: true, Floods: 1}, fb / typingPoolDiv},
		{"typing: four background floods share the typing pool", flowState{FrameBytes: fb, Typing: true, Floods: 4}, fb / typingPoolDiv / 4},
		{"typing, 100 floods: never below the least typing share", flowState{FrameBytes: fb, Typing: true, Floods: 100}, minTypingShare},
		{"typing, 1000 floods: never below the least typing share", flowState{FrameBytes: fb, Typing: true, Floods: 1000}, minTypingShare},
		{"nobody typing, 1000 floods: never below the least share", flowState{FrameBytes: fb, Floods: 1000}, minShare},
		{"FrameBytes < 0: never bound", flowState{FrameBytes: -1, Typing: true, Floods: 9}, unbounded},
	}
	for _, c := range cases {
		if got := frameBudget(c.st); got != c.want {
			t.Errorf("%s: frameBudget(%+v) = %d, want %d", c.name, c.st, got, c.want)
		}
	}
}

// fakeClock is a manual clock for the flow controller.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// flood makes m print a full frame's worth of bytes (as a reader that always finds data would)
// and reports whether it was held back before the window ended.
func flood(m *flowMeter, chunk, limit int) (printed int, held bool) {
	for printed < limit {
		if m.wait() > 0 {
			return printed, true
		}
		m.printed(chunk)
		printed += chunk
	}
	return printed, false
}

func TestFlowLoneFloodRunsFreeUntilTheUserTypes(t *testing.T) {
	clk := &fakeClock{t: time.Unix(1000, 0)}
	f := newFlow(128<<10, clk.now)
	var focused atomic.Bool
	focused.Store(true)
	m := f.join(&focused)
	for frame := 0; frame < 5; frame++ {
		if n, held := flood(m, 32<<10, 64<<20); held {
			t.Fatalf("frame %d: a lone focused flood was held after %d bytes", frame, n)
		}
		clk.advance(FrameInterval)
	}
	f.typed(&focused)
	clk.advance(FrameInterval) // a new window, while typing
	n, held := flood(m, 32<<10, 64<<20)
	if !held || n != 128<<10 {
		t.Fatalf("typing into the flooding pane: printed %d, held %v; want held at FrameBytes (%d)", n, held, 128<<10)
	}
	if d := m.wait(); d <= 0 || d > FrameInterval {
		t.Fatalf("held session waits %v, want within one frame", d)
	}
	clk.advance(EchoWindow + FrameInterval) // the user stopped typing
	if n, held := flood(m, 32<<10, 64<<20); held {
		t.Fatalf("after the echo window: held after %d bytes", n)
	}
}

func TestFlowBackgroundFloodsShareWhileTyping(t *testing.T) {
	clk, f, fg, focus, others := flowFixture(4)
	// Frame 1: the four background floods start; nobody counted as flooding yet, nobody types.
	for _, m := range others {
		if n, held := flood(m, 32<<10, 1<<20); held {
			t.Fatalf("first frame: a background flood was held after %d bytes", n)
		}
	}
	clk.advance(FrameInterval)
	// Frame 2: four floods known, nobody typing: each gets a fair share of 8 frames' budget.
	for i, m := range others {
		n, held := flood(m, 8<<10, 64<<20)
		if !held || n != 256<<10 {
			t.Fatalf("background flood %d, nobody typing: printed %d (held %v), want its share %d", i, n, held, 256<<10)
		}
	}
	// The focused session is not held back by them.
	if n, held := flood(focus, 32<<10, 8<<20); held {
		t.Fatalf("focused session held after %d bytes beside background floods", n)
	}
	// The user types into the focused pane: the background floods share the typing pool.
	f.typed(fg)
	clk.advance(FrameInterval)
	for i, m := range others {
		n, held := flood(m, 256, 64<<20)
		if want := (128 << 10) / typingPoolDiv / 4; !held || n != want {
			t.Fatalf("background flood %d while typing: printed %d (held %v), want %d", i, n, held, want)
		}
	}
	if n, held := flood(focus, 1<<10, 64<<10); held {
		t.Fatalf("the focused session, typing, held after %d bytes (its budget is one frame)", n)
	}
	// Floods that stopped stop counting: two frames later the one left is alone again.
	for _, m := range others[1:] {
		f.leave(m)
	}
	clk.advance(EchoWindow + 3*FrameInterval)
	if n, held := flood(others[0], 32<<10, 16<<20); held {
		t.Fatalf("the last background flood, alone and nobody typing: held after %d bytes", n)
	}
}

func TestFlowQuietSessionsDoNotCountAsFloods(t *testing.T) {
	clk := &fakeClock{t: time.Unix(1000, 0)}
	f := newFlow(128<<10, clk.now)
	var bg atomic.Bool
	loud := f.join(&bg)
	quiet := f.join(&bg)
	for frame := 0; frame < 4; frame++ {
		if n, held := flood(loud, 32<<10, 16<<20); held {
			t.Fatalf("frame %d: the only flood held after %d bytes beside a quiet shell", frame, n)
		}
		quiet.wait()
		quiet.printed(200) // a prompt, an echo
		clk.advance(FrameInterval)
	}
	if n, _ := f.count(clk.now()); n != 1 {
		t.Fatalf("floods counted: %d, want 1", n)
	}
}

// TestFlowAwaitedEchoKeepsTypingWindowOpen: while the typed-into session has not printed since
// the keystroke, the background floods stay bound past EchoWindow (up to MaxEchoWait); once it
// prints, the window runs EchoWindow from then, and then they run free again.
func TestFlowAwaitedEchoKeepsTypingWindowOpen(t *testing.T) {
	clk, f, fg, shell, others := flowFixture(2)
	for range 3 { // two background floods, counted
		for _, m := range others {
			flood(m, 8<<10, 4<<20)
		}
		clk.advance(FrameInterval)
	}
	f.typed(fg)
	// The echo is slow: 300 ms later (three echo windows) it still has not come.
	for range 18 {
		clk.advance(FrameInterval)
		for i, m := range others {
			n, held := flood(m, 1<<10, 4<<20)
			if want := (128 << 10) / typingPoolDiv / 2; !held || n != want {
				t.Fatalf("%v after the key, echo awaited: background flood %d printed %d (held %v), want its typing share %d",
					clk.t.Sub(time.Unix(1000, 0)), i, n, held, want)
			}
		}
	}
	shell.wait()
	shell.printed(1) // the echo
	clk.advance(EchoWindow - FrameInterval)
	if _, held := flood(others[0], 1<<10, 4<<20); !held {
		t.Fatal("within EchoWindow of the echo: a background flood ran free")
	}
	clk.advance(2 * FrameInterval)
	if n, held := flood(others[0], 32<<10, 16<<20); held {
		t.Fatalf("EchoWindow after the echo: a background flood held after %d bytes", n)
	}
	// An echo that never comes holds them back at most MaxEchoWait.
	f.typed(fg)
	clk.advance(MaxEchoWait + FrameInterval)
	if n, held := flood(others[1], 32<<10, 16<<20); held {
		t.Fatalf("MaxEchoWait after a key that echoes nothing: a background flood held after %d bytes", n)
	}
}

// TestFlowHeldFloodsKeepCounting: a hundred background floods held to a small share while the
// user types print less than floodBytes a frame, yet still count as floods, so none of them gets
// the whole pool in the next frame.
func TestFlowHeldFloodsKeepCounting(t *testing.T) {
	clk, f, fg, _, others := flowFixture(100)
	f.typed(fg)
	for frame := range 10 {
		total := 0
		for _, m := range others {
			n, _ := flood(m, 256, 1<<20)
			total += n
		}
		if frame >= 2 && total > 2*(128<<10) {
			t.Fatalf("frame %d: 100 held background floods printed %d bytes in all while the user types, want about one typing pool", frame, total)
		}
		clk.advance(FrameInterval)
		f.typed(fg) // still typing
	}
}

// TestFlowOvershootIsCarried: a read returns a whole buffer whatever the budget; a session that
// printed 32 KiB on a share of S bytes a frame waits about 32 KiB / S frames before it reads again, so
// its rate is its share, not a buffer a frame.
func TestFlowOvershootIsCarried(t *testing.T) {
	clk, f, fg, _, others := flowFixture(16) // 16 floods share the typing pool (FrameBytes/typingPoolDiv)
	for range 3 {
		for _, m := range others {
			flood(m, 32<<10, 1<<20)
		}
		clk.advance(FrameInterval)
	}
	f.typed(fg)
	m := others[0]
	printed := 0
	const frames = 320
	for range frames {
		for _, o := range others {
			if o.wait() == 0 {
				o.printed(32 << 10) // whole-buffer reads
				if o == m {
					printed += 32 << 10
				}
			}
		}
		clk.advance(FrameInterval)
		f.typed(fg)
	}
	if share := frameBudget(flowState{FrameBytes: 128 << 10, Typing: true, Floods: 16}); printed > 2*frames*share {
		t.Fatalf("a held flood printed %d bytes in %d frames on a share of %d a frame (want about %d)", printed, frames, share, frames*share)
	}
}

// flowFixture is a flow controller on a manual clock with a focused session and n background
// ones.
func flowFixture(n int) (clk *fakeClock, f *flow, fg *atomic.Bool, focus *flowMeter, others []*flowMeter) {
	clk = &fakeClock{t: time.Unix(1000, 0)}
	f = newFlow(128<<10, clk.now)
	fg, bg := new(atomic.Bool), new(atomic.Bool)
	fg.Store(true)
	focus = f.join(fg)
	for range n {
		others = append(others, f.join(bg))
	}
	return clk, f, fg, focus, others
}
