package tea

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is an output the test can read while the program writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type textMsg string

// staticModel shows its text and changes it only on a textMsg.
type staticModel struct{ text string }

func (m staticModel) Init() Cmd { return nil }

func (m staticModel) Update(msg Msg) (Model, Cmd) {
	if t, ok := msg.(textMsg); ok {
		m.text = string(t)
	}
	return m, nil
}

func (m staticModel) View() View { return NewView(m.text) }

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestRenderLoopSleepsWhenIdle checks the podmux patch: once a frame is
// drawn, an idle program's render loop does not run again until something
// is queued, and a queued view is then drawn.
func TestRenderLoopSleepsWhenIdle(t *testing.T) {
	var out lockedBuffer
	var in bytes.Buffer
	p := NewProgram(staticModel{text: "first"}, WithInput(&in), WithOutput(&out),
		WithWindowSize(40, 5))
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()

	waitFor(t, "the first frame", func() bool { return strings.Contains(out.String(), "first") })
	// Let any request queued at start-up be served, then watch an idle
	// stretch long enough for an always-on 60 fps ticker to flush ~18 times.
	time.Sleep(50 * time.Millisecond)
	before := p.renderFlushes.Load()
	time.Sleep(300 * time.Millisecond)
	if idle := p.renderFlushes.Load() - before; idle != 0 {
		t.Errorf("render loop flushed %d times while idle, want 0", idle)
	}

	p.Send(textMsg("second"))
	waitFor(t, "the second frame", func() bool { return strings.Contains(out.String(), "second") })

	p.Quit()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
}

// TestRenderLoopDrawsLastOfBurst checks that views queued closer together
// than a frame are coalesced without losing the last one.
func TestRenderLoopDrawsLastOfBurst(t *testing.T) {
	var out lockedBuffer
	var in bytes.Buffer
	p := NewProgram(staticModel{text: "start"}, WithInput(&in), WithOutput(&out),
		WithWindowSize(40, 5))
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	waitFor(t, "the first frame", func() bool { return strings.Contains(out.String(), "start") })

	for i := range 200 {
		p.Send(textMsg("burst-" + strings.Repeat("x", i%7)))
	}
	p.Send(textMsg("final"))
	waitFor(t, "the last view of the burst", func() bool { return strings.Contains(out.String(), "final") })

	p.Quit()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
}
