package record

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"
)

// waitLimit bounds every wait in the player tests (generous for -race on shared cores).
const waitLimit = 20 * time.Second

// timerClock is a Clock whose time moves only by Advance; its timers fire when it passes them.
type timerClock struct {
	mu      sync.Mutex
	now     time.Time
	timers  []*fakeTimer
	changed chan struct{} // capacity 1: a timer was armed or stopped
}

type fakeTimer struct {
	at      time.Time
	d       time.Duration
	c       chan time.Time
	stopped bool
}

func newTimerClock() *timerClock {
	return &timerClock{now: time.Date(2026, 11, 29, 2, 0, 0, 0, time.UTC), changed: make(chan struct{}, 1)}
}

func (c *timerClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *timerClock) Timer(d time.Duration) (<-chan time.Time, func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{at: c.now.Add(d), d: d, c: make(chan time.Time, 1)}
	c.timers = append(c.timers, t)
	c.poke()
	return t.c, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		t.stopped = true
		c.poke()
	}
}

func (c *timerClock) poke() {
	select {
	case c.changed <- struct{}{}:
	default:
	}
}

// Advance moves the time by d and fires the timers it passes.
func (c *timerClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	live := c.timers[:0]
	for _, t := range c.timers {
		switch {
		case t.stopped:
		case !t.at.After(c.now):
			t.c <- c.now
			t.stopped = true
		default:
			live = append(live, t)
		}
	}
	c.timers = live
}

// live returns the durations of the timers armed and not yet stopped or fired.
func (c *timerClock) live() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	var ds []time.Duration
	for _, t := range c.timers {
		if !t.stopped {
			ds = append(ds, t.d)
		}
	}
	return ds
}

// waitTimer waits until the player's Read is waiting on exactly one timer, of duration want.
func (c *timerClock) waitTimer(t *testing.T, want time.Duration) {
	t.Helper()
	deadline := time.After(waitLimit)
	for {
		ds := c.live()
		if len(ds) == 1 && ds[0] == want {
			return
		}
		select {
		case <-c.changed:
		case <-deadline:
			t.Fatalf("timers armed = %v, want one of %v", ds, want)
		}
	}
}

// item is one thing a Read produced, in order: a chunk of output, a resize callback or the end.
type item string

// playerReader reads a Player's Stdout on its own goroutine, recording chunks and resizes.
type playerReader struct {
	items chan item
	done  chan struct{}
}

func startReader(t *testing.T, c *Cast, o PlayerOptions, bufSize int) (*Player, *playerReader) {
	t.Helper()
	r := &playerReader{items: make(chan item, 1024), done: make(chan struct{})}
	o.OnResize = func(cols, rows int) { r.items <- item(fmt.Sprintf("resize %dx%d", cols, rows)) }
	p := NewPlayer(c, o)
	go func() {
		defer close(r.done)
		buf := make([]byte, bufSize)
		for {
			n, err := p.Stdout().Read(buf)
			if n > 0 {
				r.items <- item(buf[:n])
			}
			if errors.Is(err, io.EOF) {
				r.items <- "EOF"
				return
			}
			if err != nil {
				r.items <- item("error " + err.Error())
				return
			}
		}
	}()
	t.Cleanup(func() {
		_ = p.Close()
		<-r.done
	})
	return p, r
}

// expect reads the next items and compares them to want.
func (r *playerReader) expect(t *testing.T, want ...item) {
	t.Helper()
	for _, w := range want {
		select {
		case got := <-r.items:
			if got != w {
				t.Fatalf("read %q, want %q", got, w)
			}
		case <-time.After(waitLimit):
			t.Fatalf("timed out waiting for %q", w)
		}
	}
}

// idle fails if the reader produced something not yet expected.
func (r *playerReader) idle(t *testing.T) {
	t.Helper()
	select {
	case got := <-r.items:
		t.Fatalf("unexpected read %q", got)
	default:
	}
}

func keys(t *testing.T, p *Player, s string) {
	t.Helper()
	if n, err := p.Stdin().Write([]byte(s)); err != nil || n != len(s) {
		t.Fatalf("Stdin().Write(%q) = %d, %v", s, n, err)
	}
}

// demoCast: a@0 b@1 resize@1 c@11 marker@11.5 d@12, 80x24.
func demoCast() *Cast {
	return &Cast{Header: Header{Version: 2, Width: 80, Height: 24}, Events: []Event{
		{0, EventOutput, "a"},
		{1, EventOutput, "b"},
		{1, EventResize, "100x30"},
		{11, EventOutput, "c"},
		{11.5, EventMarker, "mark"},
		{12, EventOutput, "d"},
	}}
}
