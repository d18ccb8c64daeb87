package ui

import (
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/session"
)

// stdinLog records every write a session makes to its remote's stdin.
type stdinLog struct {
	mu     sync.Mutex
	writes []string
}

func (l *stdinLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	l.writes = append(l.writes, string(p))
	l.mu.Unlock()
	return len(p), nil
}
func (l *stdinLog) Close() error { return nil }

func (l *stdinLog) get() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.writes...)
}

// waitBytes waits until n bytes were written in all and returns the writes.
func (l *stdinLog) waitBytes(t *testing.T, n int) []string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		w := l.get()
		if len(strings.Join(w, "")) >= n || time.Now().After(deadline) {
			return w
		}
		time.Sleep(2 * time.Millisecond)
	}
}

type loggedStream struct {
	*scriptStream
	in *stdinLog
}

func (s loggedStream) Stdin() io.WriteCloser { return s.in }

// TestKeysOfOneBurstAreOneWrite: keys that arrive together (a paste typed as keys by a terminal
// without bracketed paste) are sent to the focused session in one write at the end of the burst,
// not one write per key, in the order typed, mixed with a paste; a burst larger than
// maxGathered streams in pieces of that size.
func TestKeysOfOneBurstAreOneWrite(t *testing.T) {
	in := &stdinLog{}
	hs := newHarnessStreams(t, 120, 40, func(s *scriptStream) session.Stream { return loggedStream{s, in} })
	hs.key("tab")
	hs.key("enter")
	hs.waitSessions(1)

	typeBurst := func(s string) {
		for _, r := range s {
			hs.m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
	typeBurst("echo hello")
	hs.m.Update(tea.PasteMsg{Content: " and "})
	typeBurst("more")
	hs.m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	time.Sleep(20 * time.Millisecond)
	if w := in.get(); len(w) != 0 {
		t.Fatalf("sent before the burst ended: %q", w)
	}
	hs.m.EndBurst()
	want := "echo hello and more\r"
	if w := in.waitBytes(t, len(want)); len(w) != 1 || w[0] != want {
		t.Fatalf("writes %q, want one write %q", w, want)
	}

	// 200 KB in one burst: pieces of at most maxGathered, every byte in order.
	in.mu.Lock()
	in.writes = nil
	in.mu.Unlock()
	big := strings.Repeat("0123456789abcdef", 200<<10/16)
	typeBurst(big)
	hs.m.EndBurst()
	w := in.waitBytes(t, len(big))
	if got := strings.Join(w, ""); got != big {
		t.Fatalf("received %d bytes, want the %d typed in order", len(got), len(big))
	}
	if max := (len(big) + maxGathered - 1) / maxGathered; len(w) > max {
		t.Fatalf("%d writes for %d bytes, want at most %d", len(w), len(big), max)
	}
}
