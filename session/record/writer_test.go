package record

import (
	"bytes"
	"strings"
	"sync"
	"testing"
)

// splitWriter keeps each Write separately; the first Write blocks until the gate opens.
type splitWriter struct {
	gate    chan struct{}
	entered chan struct{}
	once    sync.Once
	mu      sync.Mutex
	writes  [][]byte
}

func (w *splitWriter) Write(p []byte) (int, error) {
	w.once.Do(func() { close(w.entered); <-w.gate })
	w.mu.Lock()
	defer w.mu.Unlock()
	w.writes = append(w.writes, append([]byte(nil), p...))
	return len(p), nil
}

// TestEveryWriteIsWholeLines: a backlog is written in several large writes, each of which
// begins and ends on a line boundary, so a crash between writes leaves only whole events; the
// lines add up to the recorded output.
func TestEveryWriteIsWholeLines(t *testing.T) {
	w := &splitWriter{gate: make(chan struct{}), entered: make(chan struct{})}
	r, err := New(w, testHeader, WithClock(newFakeClock().Now))
	if err != nil {
		t.Fatal(err)
	}
	<-w.entered // stuck writing the header: the output below queues up as one batch
	chunk := []byte(strings.Repeat("log line \x1b[32mok\x1b[m é\r\n", 1000))
	var want bytes.Buffer
	for range 40 { // ~1 MiB queued
		r.Output(chunk)
		want.Write(chunk)
	}
	close(w.gate)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if len(w.writes) < 3 {
		t.Errorf("%d writes for ~1 MiB of backlog, want it split into several", len(w.writes))
	}
	var all []byte
	for i, p := range w.writes {
		if len(p) == 0 || p[len(p)-1] != '\n' {
			t.Fatalf("write %d of %d (%d bytes) does not end a line", i, len(w.writes), len(p))
		}
		if len(p) > writeSize+2*len(chunk)*6 {
			t.Errorf("write %d is %d bytes, more than one batch of about %d", i, len(p), writeSize)
		}
		all = append(all, p...)
	}
	c, err := Decode(bytes.NewReader(all))
	if err != nil {
		t.Fatal(err)
	}
	if c.Output() != want.String() {
		t.Fatal("recorded output differs from input")
	}
}
