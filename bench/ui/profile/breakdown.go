package main

import (
	"bytes"
	"fmt"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/bench/ui/internal/ptyscreen"
	"github.com/podmux/podmux/session"
)

// typedSession is the session typed into by the echo flows: three tiled shells, then two splits.
const typedSession session.ID = 5

// stamp is a time and the bytes seen then.
type stamp struct {
	at time.Time
	b  []byte
}

// tracer stamps each key press as the program's event loop takes it (a tea filter) and each
// output chunk of the typed session as its reader hands it on after the engine (a session Tee),
// to split keystroke-to-echo latency into: pty → Update, Update → echo in the engine (outbox,
// WebSocket, server, shell, and back), engine → on the screen (frame pacing, View, renderer,
// pty).
type tracer struct {
	mu   sync.Mutex
	keys []stamp
	outs []stamp
}

func (t *tracer) filter(_ tea.Model, msg tea.Msg) tea.Msg {
	if k, ok := msg.(tea.KeyPressMsg); ok && len(k.Text) == 1 {
		now := time.Now()
		t.mu.Lock()
		t.keys = append(t.keys, stamp{now, []byte(k.Text)})
		t.mu.Unlock()
	}
	return msg
}

func (t *tracer) tee(id session.ID, _ session.Target, _ []string, _, _ int) (session.Tee, error) {
	if id != typedSession {
		return nil, nil
	}
	return teeRec{t}, nil
}

type teeRec struct{ t *tracer }

func (r teeRec) Output(p []byte) {
	now := time.Now()
	r.t.mu.Lock()
	r.t.outs = append(r.t.outs, stamp{now, append([]byte(nil), p...)})
	r.t.mu.Unlock()
}
func (teeRec) Resize(_, _ int) {}
func (teeRec) Err() error      { return nil }
func (teeRec) Close() error    { return nil }

// first returns the first stamp at or after from holding c.
func first(ss []stamp, from time.Time, c byte) (time.Time, bool) {
	for _, s := range ss {
		if !s.at.Before(from) && bytes.IndexByte(s.b, c) >= 0 {
			return s.at, true
		}
	}
	return time.Time{}, false
}

// report prints the three segments of every keystroke that could be matched.
func (t *tracer) report(ks []ptyscreen.Keystroke) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var in, remote, frame []time.Duration
	for _, k := range ks {
		tk, ok := first(t.keys, k.Sent, k.Char)
		if !ok {
			continue
		}
		to, ok := first(t.outs, tk, k.Char)
		if !ok || to.After(k.Seen) {
			continue
		}
		in = append(in, tk.Sub(k.Sent))
		remote = append(remote, to.Sub(tk))
		frame = append(frame, k.Seen.Sub(to))
	}
	fmt.Printf("  pty → Update:                 %s\n", ptyscreen.Summary(in))
	fmt.Printf("  Update → echo in the engine:  %s\n", ptyscreen.Summary(remote))
	fmt.Printf("  engine → on the screen:       %s\n", ptyscreen.Summary(frame))
}
