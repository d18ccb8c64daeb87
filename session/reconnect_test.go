package session

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// lostErr is a dropped connection as cciapi reports it: it has ConnectionLost() true.
type lostErr struct{}

func (lostErr) Error() string        { return "exec connection lost before the command finished: reset" }
func (lostErr) ConnectionLost() bool { return true }

// drop ends the fake remote as a dropped connection would: an error and no exit status.
func (f *fakeStream) drop(err error) {
	f.mu.Lock()
	f.err = err
	if !f.ended() {
		close(f.done)
	}
	f.mu.Unlock()
	f.outW.CloseWithError(err)
}

// markTee records what a session tees, and how often the factory ran.
type markTee struct {
	mu      sync.Mutex
	out     strings.Builder
	markers []string
	closed  int
}

func (m *markTee) Output(p []byte) { m.mu.Lock(); m.out.Write(p); m.mu.Unlock() }
func (m *markTee) Resize(int, int) {}
func (m *markTee) Err() error      { return nil }
func (m *markTee) Close() error    { m.mu.Lock(); m.closed++; m.mu.Unlock(); return nil }
func (m *markTee) Marker(label string) {
	m.mu.Lock()
	m.markers = append(m.markers, label)
	m.mu.Unlock()
}

func TestReconnectAfterDroppedConnection(t *testing.T) {
	d := &dialLog{ch: make(chan *fakeStream, 4)}
	tee := &markTee{}
	opened := 0
	m := NewManager(Options{Dialer: d.dialer(), Reconnect: ReconnectPolicy{MaxAttempts: 3, Backoff: time.Millisecond},
		Tee: func(ID, Target, []string, int, int) (Tee, error) { opened++; return tee, nil }})
	defer m.Close()
	s := m.Start(Target{Namespace: "ns", Pod: "p", Command: []string{"sh"}}, 80, 24)

	first := <-d.ch
	waitEvent(t, m, Running)
	if _, err := first.outW.Write([]byte("before the drop\r\n")); err != nil {
		t.Fatal(err)
	}
	first.drop(lostErr{})
	waitEvent(t, m, Connecting)

	second := <-d.ch
	waitEvent(t, m, Running)
	if _, err := second.outW.Write([]byte("after the reconnect\r\n")); err != nil {
		t.Fatal(err)
	}
	second.exit(0)
	waitEvent(t, m, Exited)

	scr := screen(s)
	for _, want := range []string{"before the drop", "[podmux] exec connection lost before the command finished: reset", "reconnecting", "in 1ms (attempt 1 of 3)", "after the reconnect"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("the pane lacks %q:\n%s", want, scr)
		}
	}
	tee.mu.Lock()
	defer tee.mu.Unlock()
	if opened != 1 || tee.closed != 1 {
		t.Fatalf("the tee was opened %d and closed %d times; want one recording for the whole run", opened, tee.closed)
	}
	if len(tee.markers) != 1 || !strings.Contains(tee.markers[0], "reconnect: exec connection lost") {
		t.Fatalf("markers %q, want one reconnect marker", tee.markers)
	}
	if out := tee.out.String(); !strings.Contains(out, "before the drop") || !strings.Contains(out, "after the reconnect") {
		t.Fatalf("the recording lacks output of one of the two connections: %q", out)
	}
}

func TestReconnectGivesUpAfterMaxAttempts(t *testing.T) {
	dials := 0
	var mu sync.Mutex
	m := NewManager(Options{Reconnect: ReconnectPolicy{MaxAttempts: 2, Backoff: time.Millisecond},
		Dialer: DialerFunc(func(_ context.Context, _ Target, cmd []string, _, _ int) (Stream, error) {
			mu.Lock()
			defer mu.Unlock()
			dials++
			if dials == 1 {
				f := newFake(cmd)
				go f.drop(lostErr{})
				return f, nil
			}
			return nil, lostErr{} // the server stays unreachable
		})})
	defer m.Close()
	s := m.Start(Target{Namespace: "ns", Pod: "p", Command: []string{"sh"}}, 80, 24)
	waitEvent(t, m, Failed)
	mu.Lock()
	defer mu.Unlock()
	if dials != 3 {
		t.Fatalf("%d dials, want the first and 2 attempts", dials)
	}
	if st := s.Status(); !connectionLost(st.Err) {
		t.Fatalf("final status %+v, want the lost connection", st)
	}
	if scr := screen(s); !strings.Contains(scr, "(attempt 2 of 2)") {
		t.Fatalf("the pane does not show the last attempt:\n%s", scr)
	}
}

func TestNoReconnectOnExitOrPlainError(t *testing.T) {
	for _, c := range []struct {
		end  func(*fakeStream)
		want State
	}{
		{func(f *fakeStream) { f.exit(3) }, Exited},
		{func(f *fakeStream) { f.drop(errors.New("the server ended the exec stream without an exit status")) }, Failed},
	} {
		d := &dialLog{ch: make(chan *fakeStream, 4)}
		m := NewManager(Options{Dialer: d.dialer(), Reconnect: ReconnectPolicy{MaxAttempts: 3, Backoff: time.Millisecond}})
		m.Start(Target{Namespace: "ns", Pod: "p", Command: []string{"sh"}}, 80, 24)
		f := <-d.ch
		waitEvent(t, m, Running)
		c.end(f)
		waitEvent(t, m, c.want)
		m.Close()
		if len(d.ch) != 0 || len(d.streams) != 1 {
			t.Fatalf("redialled after an end that is not a lost connection (%d dials)", len(d.streams))
		}
	}
}

func TestReconnectDelay(t *testing.T) {
	p := ReconnectPolicy{Backoff: time.Second, MaxBackoff: 5 * time.Second}
	for attempt, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 5 * time.Second, 9: 5 * time.Second} {
		if got := p.delay(attempt); got != want {
			t.Errorf("delay(%d) = %v, want %v", attempt, got, want)
		}
	}
	if got := (ReconnectPolicy{}).delay(1); got != time.Second {
		t.Errorf("zero policy delay %v, want 1s", got)
	}
}
