package session

import (
	"slices"
	"testing"
	"time"
)

// TestFocusWakeIsTheFocusedSessionsOutput: FocusWake fires for the focused session's output
// only, so a UI can draw the echo of typing sooner than the floods beside it.
func TestFocusWakeIsTheFocusedSessionsOutput(t *testing.T) {
	d := &dialLog{ch: make(chan *fakeStream, 4)}
	m := NewManager(Options{Dialer: d.dialer()})
	defer m.Close()
	bg := m.Start(Target{Namespace: "ns", Pod: "bg"}, 40, 10)
	bgStream := <-d.ch
	waitEvent(t, m, Running)
	fg := m.Start(Target{Namespace: "ns", Pod: "fg"}, 40, 10)
	fgStream := <-d.ch
	waitEvent(t, m, Running)
	fg.SetFocused(true)
	m.DrainFocusWake()

	if _, err := bgStream.outW.Write([]byte("background\r\n")); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(5 * time.Second)
	for !slices.Contains(m.TakeDirty(), bg.ID()) {
		select {
		case <-m.Wake():
		case <-deadline:
			t.Fatal("the background session's output never marked it dirty")
		}
	}
	select {
	case <-m.FocusWake():
		t.Fatal("FocusWake fired for a background session's output")
	case <-time.After(50 * time.Millisecond):
	}

	if _, err := fgStream.outW.Write([]byte("echo")); err != nil {
		t.Fatal(err)
	}
	select {
	case <-m.FocusWake():
	case <-time.After(5 * time.Second):
		t.Fatal("FocusWake did not fire for the focused session's output")
	}
	m.DrainFocusWake()
	select {
	case <-m.FocusWake():
		t.Fatal("FocusWake still pending after DrainFocusWake")
	default:
	}
}
