package record

import (
	"sync"
	"time"
)

// fakeClock is an injectable clock the test advances by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 11, 29, 1, 15, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// gateWriter is an io.Writer below the recorder whose writes block until the gate opens.
type gateWriter struct {
	gate    chan struct{}
	entered chan struct{} // receives once when the first Write starts
	once    sync.Once
	mu      sync.Mutex
	buf     []byte
}

func newGateWriter() *gateWriter {
	return &gateWriter{gate: make(chan struct{}), entered: make(chan struct{})}
}

func (w *gateWriter) Write(p []byte) (int, error) {
	w.once.Do(func() { close(w.entered) })
	<-w.gate
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	return len(p), nil
}

func (w *gateWriter) open() { close(w.gate) }

func (w *gateWriter) bytes() []byte {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]byte(nil), w.buf...)
}

var testHeader = Header{Width: 80, Height: 24, Title: "demo/web-1/app", Env: map[string]string{"TERM": "xterm-256color", "SHELL": "/bin/sh"}}
