package record

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestPlayerTimingSpeedAndIdleCap(t *testing.T) {
	clk := newTimerClock()
	// Capped timeline at idle 2 s: a@0 b@1 c@3 (10 s gap capped) marker@3.5 d@4; at speed 2.
	p, r := startReader(t, demoCast(), PlayerOptions{Speed: 2, IdleLimit: 2 * time.Second, Clock: clk}, 64)
	if got := p.Duration(); got != 4*time.Second {
		t.Fatalf("Duration = %v, want 4s", got)
	}
	r.expect(t, "a")
	clk.waitTimer(t, 500*time.Millisecond)
	r.idle(t)
	clk.Advance(500 * time.Millisecond)
	r.expect(t, "b", "resize 100x30")
	clk.waitTimer(t, time.Second)
	clk.Advance(time.Second)
	r.expect(t, "c")
	clk.waitTimer(t, 500*time.Millisecond)
	if st := p.Status(); st.Position != 3*time.Second || st.Speed != 2 || st.Cols != 100 || st.Rows != 30 || st.Paused || st.Ended {
		t.Fatalf("Status = %+v", st)
	}
	clk.Advance(500 * time.Millisecond)
	r.expect(t, "d", "EOF")
	if code, err := p.Wait(); code != 0 || err != nil {
		t.Fatalf("Wait = %d, %v", code, err)
	}
	if st := p.Status(); !st.Ended || st.Position != 4*time.Second {
		t.Fatalf("Status at end = %+v", st)
	}
}

func TestPlayerWithoutIdleCapWaitsTheWholeGap(t *testing.T) {
	clk := newTimerClock()
	_, r := startReader(t, demoCast(), PlayerOptions{Clock: clk}, 64)
	r.expect(t, "a")
	clk.Advance(time.Second)
	r.expect(t, "b", "resize 100x30")
	clk.waitTimer(t, 10*time.Second)
}

func TestPlayerPauseResume(t *testing.T) {
	clk := newTimerClock()
	p, r := startReader(t, demoCast(), PlayerOptions{Clock: clk}, 64)
	r.expect(t, "a")
	clk.waitTimer(t, time.Second)
	clk.Advance(400 * time.Millisecond)
	keys(t, p, " ")
	if st := p.Status(); !st.Paused || st.Position != 400*time.Millisecond {
		t.Fatalf("Status after pause = %+v", st)
	}
	clk.Advance(time.Minute)
	if st := p.Status(); st.Position != 400*time.Millisecond {
		t.Fatalf("position moved while paused: %+v", st)
	}
	r.idle(t)
	keys(t, p, " ")
	clk.waitTimer(t, 600*time.Millisecond)
	clk.Advance(600 * time.Millisecond)
	r.expect(t, "b", "resize 100x30")
}

func TestPlayerStepWhilePaused(t *testing.T) {
	clk := newTimerClock()
	p, r := startReader(t, demoCast(), PlayerOptions{Clock: clk}, 64)
	r.expect(t, "a")
	keys(t, p, " .")
	r.expect(t, "b", "resize 100x30")
	keys(t, p, ".")
	r.expect(t, "c")
	if st := p.Status(); !st.Paused || st.Position != 11*time.Second {
		t.Fatalf("Status after steps = %+v", st)
	}
	keys(t, p, " ")
	clk.waitTimer(t, time.Second)
}

func TestPlayerSeekForward(t *testing.T) {
	clk := newTimerClock()
	p, r := startReader(t, demoCast(), PlayerOptions{Clock: clk}, 64)
	r.expect(t, "a")
	clk.waitTimer(t, time.Second)
	keys(t, p, "\x1b[C") // 0 → 5 s: b and the resize are due at once
	r.expect(t, "b", "resize 100x30")
	clk.waitTimer(t, 6*time.Second)
	keys(t, p, "\x1bOC") // SS3 arrow (application cursor mode): → 10 s
	clk.waitTimer(t, time.Second)
	keys(t, p, "\x1b[1;2C") // with a modifier: → 12 s, the end
	r.expect(t, "cd", "EOF")
}

func TestPlayerSeekBackwardResetsAndReplays(t *testing.T) {
	clk := newTimerClock()
	p, r := startReader(t, demoCast(), PlayerOptions{Clock: clk}, 64)
	r.expect(t, "a")
	clk.Advance(11 * time.Second)
	r.expect(t, "b", "resize 100x30", "c")
	clk.waitTimer(t, time.Second)
	// 11 s → 6 s: the terminal is reset, the size goes back to the header's, a and b are
	// re-played at once (with their resize), and c is 5 s away again.
	keys(t, p, "\x1b[D")
	r.expect(t, ResetSequence, "resize 80x24", "ab", "resize 100x30")
	clk.waitTimer(t, 5*time.Second)
	if st := p.Status(); st.Position != 6*time.Second {
		t.Fatalf("Status after seek back = %+v", st)
	}
	// Back past the start clamps to 0: only a is due.
	keys(t, p, "\x1b[D\x1b[D")
	r.expect(t, ResetSequence, "resize 80x24", "a")
	clk.waitTimer(t, time.Second)
}

func TestPlayerSeekBackwardWithinUndeliveredGapDoesNotReset(t *testing.T) {
	clk := newTimerClock()
	p, r := startReader(t, demoCast(), PlayerOptions{Clock: clk}, 64)
	r.expect(t, "a")
	clk.Advance(9 * time.Second) // b delivered at 1; nothing more until 11
	r.expect(t, "b", "resize 100x30")
	keys(t, p, "\x1b[D") // 9 → 4: still after b, so nothing to undo
	clk.waitTimer(t, 7*time.Second)
	r.idle(t)
}

func TestPlayerSpeedKeysAreBounded(t *testing.T) {
	clk := newTimerClock()
	p, r := startReader(t, demoCast(), PlayerOptions{Clock: clk}, 64)
	r.expect(t, "a")
	clk.waitTimer(t, time.Second)
	keys(t, p, "+")
	clk.waitTimer(t, 500*time.Millisecond)
	keys(t, p, strings.Repeat("+", 20))
	if got := p.Status().Speed; got != FastestSpeed {
		t.Fatalf("speed after many + = %v, want %v", got, FastestSpeed)
	}
	keys(t, p, strings.Repeat("-", 30))
	if got := p.Status().Speed; got != SlowestSpeed {
		t.Fatalf("speed after many - = %v, want %v", got, SlowestSpeed)
	}
	clk.waitTimer(t, 16*time.Second)
	if got := p.Status().Text(); got != "playing 00:00 / 00:12 x1/16" {
		t.Fatalf("Text = %q", got)
	}
}

func TestPlayerQuitEndsTheStream(t *testing.T) {
	for _, key := range []string{"q", "\x03"} {
		clk := newTimerClock()
		p, r := startReader(t, demoCast(), PlayerOptions{Clock: clk}, 64)
		r.expect(t, "a")
		clk.waitTimer(t, time.Second)
		keys(t, p, key)
		r.expect(t, "EOF")
		if code, err := p.Wait(); code != 0 || err != nil {
			t.Fatalf("Wait = %d, %v", code, err)
		}
		if _, err := p.Stdin().Write([]byte(" ")); !errors.Is(err, errEnded) {
			t.Fatalf("Write after quit: %v, want errEnded", err)
		}
		if n, err := p.Stdout().Read(make([]byte, 8)); n != 0 || err != io.EOF {
			t.Fatalf("Read after quit = %d, %v", n, err)
		}
	}
}

func TestPlayerCloseEndsAWaitingRead(t *testing.T) {
	clk := newTimerClock()
	p, r := startReader(t, demoCast(), PlayerOptions{Clock: clk}, 64)
	r.expect(t, "a")
	clk.waitTimer(t, time.Second)
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	r.expect(t, "EOF")
	if err := p.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestPlayerMaxSpeedSmallReads(t *testing.T) {
	c := demoCast()
	c.Events[1].Data = strings.Repeat("b", 10)
	_, r := startReader(t, c, PlayerOptions{MaxSpeed: true, Clock: newTimerClock()}, 3)
	r.expect(t, "abb", "bbb", "bbb", "bb", "resize 100x30", "cd", "EOF")
}

func TestPlayerMaxSpeedIgnoresTimingKeys(t *testing.T) {
	c := demoCast()
	p := NewPlayer(c, PlayerOptions{MaxSpeed: true, Clock: newTimerClock()})
	keys(t, p, " \x1b[D+")
	out, err := io.ReadAll(p.Stdout())
	if err != nil || string(out) != c.Output() {
		t.Fatalf("ReadAll = %q, %v; want %q", out, err, c.Output())
	}
}

func TestPlayerStdinClose(t *testing.T) {
	p := NewPlayer(demoCast(), PlayerOptions{MaxSpeed: true})
	if err := p.Stdin().Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Stdin().Write([]byte("q")); !errors.Is(err, errStdinClosed) {
		t.Fatalf("Write after Stdin Close: %v", err)
	}
	out, err := io.ReadAll(p.Stdout())
	if err != nil || string(out) != "abcd" {
		t.Fatalf("playback after Stdin Close = %q, %v", out, err)
	}
}

func TestPlayerIgnoresBadResizeAndUnknownCodes(t *testing.T) {
	c := &Cast{Header: Header{Version: 2, Width: 80, Height: 24}, Events: []Event{
		{0, EventOutput, "x"}, {0, EventResize, "wide"}, {0, EventResize, "0x5"}, {0, "z", "?"},
		{0, EventInput, "typed"}, {0, EventOutput, "y"},
	}}
	_, r := startReader(t, c, PlayerOptions{MaxSpeed: true}, 64)
	r.expect(t, "xy", "EOF")
}

func TestPlayerEmptyCastEndsAtOnce(t *testing.T) {
	p := NewPlayer(&Cast{Header: Header{Version: 2, Width: 80, Height: 24}}, PlayerOptions{})
	if n, err := p.Stdout().Read(make([]byte, 8)); n != 0 || err != io.EOF {
		t.Fatalf("Read = %d, %v", n, err)
	}
	if code, err := p.Wait(); code != 0 || err != nil {
		t.Fatalf("Wait = %d, %v", code, err)
	}
}

func TestPlayerWallClock(t *testing.T) {
	c := &Cast{Header: Header{Version: 2, Width: 80, Height: 24}, Events: []Event{
		{0, EventOutput, "one "}, {0.01, EventOutput, "two "}, {0.02, EventOutput, "three"},
	}}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, NewPlayer(c, PlayerOptions{Speed: 4}).Stdout()); err != nil {
		t.Fatal(err)
	}
	if buf.String() != c.Output() {
		t.Fatalf("output %q, want %q", buf.String(), c.Output())
	}
}

func TestKeyParser(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []playerKey
	}{
		{" ", []playerKey{keyPause}},
		{"\x1b[C\x1b[D", []playerKey{keyForward, keyBack}},
		{"\x1bOC\x1bOD", []playerKey{keyForward, keyBack}},
		{"\x1b[1;5C", []playerKey{keyForward}},
		{"\x1b[A\x1b[B\x1bOA", nil},
		{"\x1b[200~q .\x1b[C\x1b[201~+", []playerKey{keyFaster}}, // a paste is not keys
		{"\x1b[M q.\x1b[<0;3;4M ", []playerKey{keyPause}},        // mouse reports are not keys
		{"\x1b]11;rgb:0000/0000/0000\x1b\\ \x1b]l a q.\x07q", []playerKey{keyPause, keyQuit}},
		{"\x1bP1$r0 q m\x1b\\\x1b_q\x1b\\.", []playerKey{keyStep}},
		{"+=-_.", []playerKey{keyFaster, keyFaster, keySlower, keySlower, keyStep}},
		{"\x1bq", []playerKey{keyQuit}},
		{"\x1b\x1b[C", []playerKey{keyForward}},
		{"\x1b[\x01 ", []playerKey{keyPause}},
		{"xyz\x1b[5~", nil},
	} {
		var k keyParser
		var got []playerKey
		for i := range len(tc.in) {
			if key := k.feed(tc.in[i]); key != keyNone {
				got = append(got, key)
			}
		}
		if len(got) != len(tc.want) {
			t.Errorf("%q: keys %v, want %v", tc.in, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%q: keys %v, want %v", tc.in, got, tc.want)
			}
		}
	}
}

func TestPlayerKeySplitAcrossWrites(t *testing.T) {
	clk := newTimerClock()
	p, r := startReader(t, demoCast(), PlayerOptions{Clock: clk}, 64)
	r.expect(t, "a")
	for _, b := range []string{"\x1b", "[", "C"} {
		keys(t, p, b)
	}
	r.expect(t, "b", "resize 100x30")
	if st := p.Status(); st.Position != 5*time.Second {
		t.Fatalf("Status = %+v", st)
	}
}

func TestPlayerHugeTimesDoNotOverflow(t *testing.T) {
	c := &Cast{Header: Header{Version: 2, Width: 80, Height: 24}, Events: []Event{
		{0, EventOutput, "a"}, {1e300, EventOutput, "b"}, {2e300, EventOutput, "c"},
	}}
	clk := newTimerClock()
	p, r := startReader(t, c, PlayerOptions{Speed: SlowestSpeed, Clock: clk}, 64)
	if d := p.Duration(); d != 2*maxGap {
		t.Fatalf("Duration = %v, want %v", d, 2*maxGap)
	}
	r.expect(t, "a")
	clk.waitTimer(t, time.Hour) // re-armed an hour at a time
	keys(t, p, "q")
	r.expect(t, "EOF")
}
