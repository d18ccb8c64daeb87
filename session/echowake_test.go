package session

import (
	"io"
	"slices"
	"testing"
	"time"
)

// TestEchoWakeIsTheFirstOutputAfterAKeystroke: EchoWake fires when the session typed into prints
// after the keystroke, once; not for other sessions' output nor for output nobody typed for. A
// UI draws that output sooner than the floods beside it.
func TestEchoWakeIsTheFirstOutputAfterAKeystroke(t *testing.T) {
	d := &dialLog{ch: make(chan *fakeStream, 4)}
	m := NewManager(Options{Dialer: d.dialer()})
	defer m.Close()
	bg := m.Start(Target{Namespace: "ns", Pod: "bg"}, 40, 10)
	bgStream := <-d.ch
	waitEvent(t, m, Running)
	fg := m.Start(Target{Namespace: "ns", Pod: "fg"}, 40, 10)
	fgStream := <-d.ch
	waitEvent(t, m, Running)
	go func() { _, _ = io.Copy(io.Discard, fgStream.inR) }()
	fg.SetFocused(true)

	print := func(f *fakeStream, s *Session, text string) {
		t.Helper()
		if _, err := f.outW.Write([]byte(text)); err != nil {
			t.Fatal(err)
		}
		deadline := time.After(5 * time.Second)
		for !slices.Contains(m.TakeDirty(), s.ID()) {
			select {
			case <-m.Wake():
			case <-deadline:
				t.Fatalf("%q never marked its session dirty", text)
			}
		}
	}
	noEcho := func(what string) {
		t.Helper()
		select {
		case <-m.EchoWake():
			t.Fatalf("EchoWake fired for %s", what)
		case <-time.After(50 * time.Millisecond):
		}
	}

	print(fgStream, fg, "prompt$ ")
	noEcho("output nobody typed for")
	if err := fg.Send([]byte("x")); err != nil {
		t.Fatal(err)
	}
	print(bgStream, bg, "background\r\n")
	noEcho("another session's output")
	print(fgStream, fg, "x")
	select {
	case <-m.EchoWake():
	case <-time.After(5 * time.Second):
		t.Fatal("EchoWake did not fire for the echo")
	}
	print(fgStream, fg, "more")
	noEcho("a second output after one keystroke")

	if err := fg.Send([]byte("y")); err != nil {
		t.Fatal(err)
	}
	print(fgStream, fg, "y")
	m.DrainEchoWake()
	select {
	case <-m.EchoWake():
		t.Fatal("EchoWake still pending after DrainEchoWake")
	default:
	}
}
