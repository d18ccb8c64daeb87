package session

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/podmux/podmux/session/term"
)

// fakeStream is a scripted remote below the session layer: what the test writes to out is the
// remote's output; what the session sends arrives in in.
type fakeStream struct {
	outR *io.PipeReader
	outW *io.PipeWriter
	inR  *io.PipeReader
	inW  *io.PipeWriter

	mu      sync.Mutex
	sizes   [][2]uint16
	code    int
	err     error
	done    chan struct{}
	closed  bool
	command []string
}

func newFake(cmd []string) *fakeStream {
	f := &fakeStream{done: make(chan struct{}), command: cmd}
	f.outR, f.outW = io.Pipe()
	f.inR, f.inW = io.Pipe()
	return f
}

func (f *fakeStream) Stdin() io.WriteCloser { return f.inW }
func (f *fakeStream) Stdout() io.Reader     { return f.outR }
func (f *fakeStream) Resize(w, h uint16) error {
	f.mu.Lock()
	f.sizes = append(f.sizes, [2]uint16{w, h})
	f.mu.Unlock()
	return nil
}
func (f *fakeStream) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.closed {
		f.closed = true
		f.outW.CloseWithError(errors.New("closed"))
		f.inR.Close()
		if f.err == nil && !f.ended() {
			f.err = errors.New("stream closed")
			close(f.done)
		}
	}
	return nil
}
func (f *fakeStream) ended() bool {
	select {
	case <-f.done:
		return true
	default:
		return false
	}
}

// exit ends the remote with a code.
func (f *fakeStream) exit(code int) {
	f.mu.Lock()
	f.code = code
	if !f.ended() {
		close(f.done)
	}
	f.mu.Unlock()
	f.outW.Close()
}
func (f *fakeStream) Wait() (int, error) {
	<-f.done
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.code, f.err
}

type dialLog struct {
	mu      sync.Mutex
	streams []*fakeStream
	sizes   [][2]int
	ch      chan *fakeStream
}

func (d *dialLog) dialer(missing ...string) Dialer {
	return DialerFunc(func(ctx context.Context, t Target, cmd []string, cols, rows int) (Stream, error) {
		for _, m := range missing {
			if cmd[0] == m {
				f := newFake(cmd)
				go f.exit(127)
				return f, nil
			}
		}
		f := newFake(cmd)
		d.mu.Lock()
		d.streams = append(d.streams, f)
		d.sizes = append(d.sizes, [2]int{cols, rows})
		d.mu.Unlock()
		d.ch <- f
		return f, nil
	})
}

var pendingEvents = map[*Manager][]Event{}

// waitEvent returns the next event in state want, keeping later events for the next call.
func waitEvent(t *testing.T, m *Manager, want State) Event {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		pendingEvents[m] = append(pendingEvents[m], m.TakeEvents()...)
		for i, e := range pendingEvents[m] {
			if e.Status.State == want {
				pendingEvents[m] = pendingEvents[m][i+1:]
				return e
			}
		}
		select {
		case <-m.EventWake():
		case <-deadline:
			t.Fatalf("no %v event", want)
		}
	}
}

func screen(s *Session) string {
	var out []string
	s.View(func(t *term.Terminal) { out = t.ScreenText() })
	return strings.TrimRight(strings.Join(out, "\n"), "\n")
}

func TestSessionOutputReachesEngineAndMarksDirty(t *testing.T) {
	d := &dialLog{ch: make(chan *fakeStream, 4)}
	m := NewManager(Options{Dialer: d.dialer()})
	defer m.Close()
	s := m.Start(Target{Namespace: "ns", Pod: "p"}, 40, 10)
	f := <-d.ch
	if got := d.sizes[0]; got != [2]int{40, 10} {
		t.Fatalf("dialed with size %v, want 40x10", got)
	}
	waitEvent(t, m, Running)
	if _, err := f.outW.Write([]byte("hello\r\nworld")); err != nil {
		t.Fatal(err)
	}
	<-m.Wake()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(screen(s), "world") && time.Now().Before(deadline) {
		<-m.Wake()
	}
	if got := screen(s); got != "hello\nworld" {
		t.Fatalf("screen = %q", got)
	}
	if ids := m.TakeDirty(); len(ids) != 1 || ids[0] != s.ID() {
		// the pump may have marked it before we drained; either way it must have been dirty once
		if len(ids) > 1 {
			t.Fatalf("dirty = %v", ids)
		}
	}
	f.exit(3)
	e := waitEvent(t, m, Exited)
	if e.Status.ExitCode != 3 || e.Status.Text() != "exited with code 3" {
		t.Fatalf("exit event %+v", e.Status)
	}
	deadline = time.Now().Add(5 * time.Second)
	for !strings.Contains(screen(s), "[podmux] exited") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if got := screen(s); !strings.HasPrefix(got, "hello\nworld\n") || !strings.Contains(got, "[podmux] exited with code 3") {
		t.Fatalf("screen after exit = %q: the output must be kept, with a note of how it ended", got)
	}
}

func TestSessionInputAndDebouncedResize(t *testing.T) {
	d := &dialLog{ch: make(chan *fakeStream, 4)}
	m := NewManager(Options{Dialer: d.dialer()})
	defer m.Close()
	s := m.Start(Target{Namespace: "ns", Pod: "p"}, 80, 24)
	f := <-d.ch
	waitEvent(t, m, Running)
	go func() { _ = s.Send([]byte("ls\r")) }()
	buf := make([]byte, 16)
	n, err := f.inR.Read(buf)
	if err != nil || string(buf[:n]) != "ls\r" {
		t.Fatalf("remote read %q, %v", buf[:n], err)
	}
	for i := 0; i < 20; i++ {
		s.Resize(100+i, 30)
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		f.mu.Lock()
		n := len(f.sizes)
		last := [2]uint16{}
		if n > 0 {
			last = f.sizes[n-1]
		}
		f.mu.Unlock()
		if last == [2]uint16{119, 30} {
			if n > 3 {
				t.Fatalf("20 quick resizes sent %d frames; want them debounced", n)
			}
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("final size never reached the remote")
}

func TestShellFallback(t *testing.T) {
	d := &dialLog{ch: make(chan *fakeStream, 4)}
	m := NewManager(Options{Dialer: d.dialer("bash")})
	defer m.Close()
	s := m.Start(Target{Namespace: "ns", Pod: "p"}, 80, 24)
	f := <-d.ch
	if f.command[0] != "sh" {
		t.Fatalf("fell back to %v, want sh", f.command)
	}
	e := waitEvent(t, m, Running)
	for e.Status.Command[0] != "sh" {
		e = waitEvent(t, m, Running)
	}
	f.exit(0)
	waitEvent(t, m, Exited)
	if st := s.Status(); st.State != Exited || st.Command[0] != "sh" {
		t.Fatalf("status %+v", st)
	}
}

func TestKillAndRestart(t *testing.T) {
	d := &dialLog{ch: make(chan *fakeStream, 4)}
	m := NewManager(Options{Dialer: d.dialer()})
	defer m.Close()
	s := m.Start(Target{Namespace: "ns", Pod: "p", Command: []string{"top"}}, 80, 24)
	<-d.ch
	waitEvent(t, m, Running)
	s.Kill()
	waitEvent(t, m, Failed)
	if err := s.Send([]byte("x")); err == nil {
		t.Fatal("Send to an ended session must fail")
	}
	if !s.Restart() {
		t.Fatal("Restart of an ended session refused")
	}
	f := <-d.ch
	waitEvent(t, m, Running)
	f.exit(0)
	waitEvent(t, m, Exited)
}

func TestLifecycleEventsNeverDropped(t *testing.T) {
	d := &dialLog{ch: make(chan *fakeStream, 64)}
	m := NewManager(Options{Dialer: d.dialer()})
	defer m.Close()
	const n = 30
	for i := 0; i < n; i++ {
		m.Start(Target{Namespace: "ns", Pod: "p", Command: []string{"x"}}, 10, 5)
	}
	for i := 0; i < n; i++ {
		(<-d.ch).exit(i % 7)
	}
	exited := map[ID]bool{}
	deadline := time.After(5 * time.Second)
	for len(exited) < n {
		for _, e := range m.TakeEvents() {
			if e.Status.State == Exited {
				exited[e.ID] = true
			}
		}
		if len(exited) == n {
			break
		}
		select {
		case <-m.EventWake():
		case <-deadline:
			t.Fatalf("saw %d of %d exit events", len(exited), n)
		}
	}
}

func TestInputTypedWhileConnectingIsSentOnceUp(t *testing.T) {
	d := &dialLog{ch: make(chan *fakeStream, 4)}
	release := make(chan struct{})
	dial := d.dialer()
	m := NewManager(Options{Dialer: DialerFunc(func(ctx context.Context, tg Target, cmd []string, cols, rows int) (Stream, error) {
		<-release // the connection takes a while
		return dial.Dial(ctx, tg, cmd, cols, rows)
	})})
	defer m.Close()
	s := m.Start(Target{Namespace: "ns", Pod: "p"}, 80, 24)
	waitEvent(t, m, Connecting)
	for _, k := range []string{"l", "s", "\r"} {
		if err := s.Send([]byte(k)); err != nil {
			t.Fatalf("typing while connecting: %v", err)
		}
	}
	close(release)
	f := <-d.ch
	got := make([]byte, 0, 8)
	buf := make([]byte, 8)
	for len(got) < 3 {
		n, err := f.inR.Read(buf)
		if err != nil {
			t.Fatalf("remote read: %v (got %q)", err, got)
		}
		got = append(got, buf[:n]...)
	}
	if string(got) != "ls\r" {
		t.Fatalf("remote got %q; want the keys typed while connecting", got)
	}
	f.exit(0)
	waitEvent(t, m, Exited)
	if err := s.Send([]byte("x")); err == nil || !strings.Contains(err.Error(), "not running") {
		t.Fatalf("typing into an ended session: %v; want a not-running error", err)
	}
}

// discardTee is a tee that records which command it was opened for and whether it was dropped.
type discardTee struct {
	cmd       string
	discarded bool
	closed    bool
}

func (d *discardTee) Output([]byte)   {}
func (d *discardTee) Resize(int, int) {}
func (d *discardTee) Err() error      { return nil }
func (d *discardTee) Close() error    { d.closed = true; return nil }
func (d *discardTee) Discard() error  { d.discarded = true; return nil }

func TestShellFallbackRecordsOnlyTheShellThatRan(t *testing.T) {
	d := &dialLog{ch: make(chan *fakeStream, 4)}
	var mu sync.Mutex
	var tees []*discardTee
	m := NewManager(Options{Dialer: d.dialer("bash"), Tee: func(_ ID, _ Target, cmd []string, _, _ int) (Tee, error) {
		mu.Lock()
		defer mu.Unlock()
		tees = append(tees, &discardTee{cmd: cmd[0]})
		return tees[len(tees)-1], nil
	}})
	defer m.Close()
	m.Start(Target{Namespace: "ns", Pod: "p", Shells: []string{"bash", "sh"}}, 80, 24)
	f := <-d.ch
	waitEvent(t, m, Running)
	f.exit(0)
	waitEvent(t, m, Exited)
	mu.Lock()
	defer mu.Unlock()
	if len(tees) != 2 || tees[0].cmd != "bash" || !tees[0].discarded || tees[1].cmd != "sh" || tees[1].discarded || !tees[1].closed {
		var got []discardTee
		for _, x := range tees {
			got = append(got, *x)
		}
		t.Fatalf("tees %+v; want bash's discarded, then sh's kept and closed", got)
	}
}

// TestStatusTextNamesProtocol: a running session's status names its exec protocol when the
// stream tells it.
func TestStatusTextNamesProtocol(t *testing.T) {
	if got := (Status{State: Running, Protocol: "spdy v4"}).Text(); got != "running · spdy v4" {
		t.Fatalf("Text %q", got)
	}
	if got := (Status{State: Running}).Text(); got != "running" {
		t.Fatalf("Text %q", got)
	}
}
