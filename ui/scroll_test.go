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

func TestBackgroundPaneCatchesUp(t *testing.T) {
	ps := &pipeStream{}
	ps.r, ps.w = io.Pipe()
	hs := newHarness(t, 120, 40)
	hs.mgr.Close()
	dials := 0
	hs.mgr = session.NewManager(session.Options{Dialer: session.DialerFunc(
		func(context.Context, session.Target, []string, int, int) (session.Stream, error) {
			dials++
			if dials == 1 {
				return newScriptStream("first $ "), nil
			}
			return ps, nil
		})})
	t.Cleanup(hs.mgr.Close)
	hs.m.opts.Sessions = hs.mgr
	hs.key("tab")
	hs.key("enter") // pane 1: scripted greeting
	hs.waitSessions(1)
	hs.key("ctrl+b")
	hs.key("%")
	hs.key("enter") // pane 2, focused, on the stream the test writes
	if hs.m.ws.cur().tree.Count() != 2 {
		t.Fatal("want two panes")
	}
	bg := hs.m.ws.focused()
	hs.key("ctrl+b")
	hs.key("h") // focus the left pane: the stream's pane is now in the background
	if hs.m.ws.focused() == bg {
		t.Fatal("focus did not move")
	}
	hs.m.View() // draws both panes now
	if _, err := ps.w.Write([]byte("late line\r\n")); err != nil {
		t.Fatal(err)
	}
	waitScreen(t, bg, "late line")
	// Drawn a moment ago: this View may hold the old drawing, but a catch-up redraw is due.
	cmd := hs.m.catchUp([]session.ID{bg.sess.ID()})
	if cmd == nil {
		t.Fatal("no catch-up scheduled for a background pane that printed")
	}
	if _, ok := cmd().(redrawMsg); !ok {
		t.Fatal("the catch-up command must deliver a redrawMsg")
	}
	hs.m.Update(redrawMsg{})
	if scr := hs.screen(120, 40); !strings.Contains(scr, "late line") {
		t.Fatalf("after the catch-up the background pane must show its output:\n%s", scr)
	}
}
