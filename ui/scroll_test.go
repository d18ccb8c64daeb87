package ui

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/podmux/podmux/session"
	"github.com/podmux/podmux/session/term"
)

// pipeStream is a remote whose output the test writes.
type pipeStream struct {
	r *io.PipeReader
	w *io.PipeWriter
}

func (s *pipeStream) Stdin() io.WriteCloser    { return nopWC{} }
func (s *pipeStream) Stdout() io.Reader        { return s.r }
func (s *pipeStream) Resize(w, h uint16) error { return nil }
func (s *pipeStream) Close() error             { s.w.Close(); return nil }
func (s *pipeStream) Wait() (int, error)       { return 0, nil }

func TestScrollViewStaysOnItsTextWhileOutputEvictsHistory(t *testing.T) {
	ps := &pipeStream{}
	ps.r, ps.w = io.Pipe()
	hs := newHarness(t, 80, 24)
	hs.mgr.Close()
	hs.mgr = session.NewManager(session.Options{ScrollbackLines: 100, Dialer: session.DialerFunc(
		func(context.Context, session.Target, []string, int, int) (session.Stream, error) { return ps, nil })})
	t.Cleanup(hs.mgr.Close)
	hs.m.opts.Sessions = hs.mgr
	hs.key("tab")
	hs.key("enter")
	print := func(from, to int) {
		var b strings.Builder
		for i := from; i <= to; i++ {
			fmt.Fprintf(&b, "line %d\r\n", i)
		}
		if _, err := ps.w.Write([]byte(b.String())); err != nil {
			t.Fatal(err)
		}
	}
	print(1, 150)
	p := hs.m.ws.focused()
	waitScreen(t, p, "line 150")

	hs.key("ctrl+b")
	hs.key("[")
	if p.scroll == nil {
		t.Fatal("prefix [ did not enter scroll mode")
	}
	for i := 0; i < 30; i++ {
		hs.key("k")
	}
	top := func() string {
		var s string
		p.sess.View(func(tm *term.Terminal) {
			if p.scroll.top < tm.ScrollbackLen() {
				s = tm.ScrollbackText(p.scroll.top)
			}
		})
		return s
	}
	want := top()
	if !strings.HasPrefix(want, "line ") {
		t.Fatalf("top line %q", want)
	}
	print(151, 170) // evicts 20 more rows from the 100-row history
	waitScreen(t, p, "line 170")
	hs.m.Update(frameMsg{})
	if got := top(); got != want {
		t.Fatalf("after new output the view shows %q at the top, want it to stay on %q", got, want)
	}
}

func waitScreen(t *testing.T, p *pane, text string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		var s string
		p.sess.View(func(tm *term.Terminal) { s = strings.Join(tm.ScreenText(), "\n") })
		if strings.Contains(s, text) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("%q never appeared", text)
}
