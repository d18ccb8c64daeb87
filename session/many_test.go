package session

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/podmux/podmux/session/term"
)

// TestManyFloodingSessionsKeepExactScrollback: a hundred sessions print thousands of coloured
// lines at once, in uneven chunks, while the user types into the focused one (so flow control
// holds the background floods to small shares). Afterwards every session's scrollback holds
// exactly its last ScrollbackLines lines before the screen, in order, each line whole and in its
// own session: no byte lost, repeated or misplaced.
func TestManyFloodingSessionsKeepExactScrollback(t *testing.T) {
	const (
		sessions = 100
		lines    = 2000
		keep     = 500
		cols     = 60
		rows     = 12
	)
	if testing.Short() {
		t.Skip("floods 100 sessions")
	}
	d := &dialLog{ch: make(chan *fakeStream, sessions)}
	m := NewManager(Options{Dialer: d.dialer(), ScrollbackLines: keep})
	defer m.Close()
	var all []*Session
	var streams []*fakeStream
	for i := 0; i < sessions; i++ {
		all = append(all, m.Start(Target{Namespace: "ns", Pod: fmt.Sprint("p", i)}, cols, rows))
		streams = append(streams, <-d.ch)
	}
	for range all {
		waitEvent(t, m, Running)
	}
	focused := all[sessions/2]
	focused.SetFocused(true)
	line := func(s, n int) string { return fmt.Sprintf("s%03d line %05d", s, n) }

	var wg sync.WaitGroup
	for i, f := range streams {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var b []byte
			for n := 1; n <= lines; n++ {
				b = fmt.Appendf(b, "\x1b[3%d;4%dm%s\x1b[0m \x1b[1mx\x1b[m\r\n", n%8, (n+i)%8, line(i, n))
				if len(b) > 700+i*13 { // chunks of uneven size, cutting lines and escapes anywhere
					cut := len(b) - (n+i)%29
					_, _ = f.outW.Write(b[:cut])
					b = append(b[:0], b[cut:]...)
				}
			}
			_, _ = f.outW.Write(b)
			_, _ = f.outW.Write([]byte(fmt.Sprintf("END-%03d", i)))
		}()
	}
	// The user types into the focused session while the others flood.
	go func() {
		for k := 0; k < 200; k++ {
			_ = focused.Send([]byte("k"))
		}
	}()
	wg.Wait()
	for i, s := range all {
		waitScreen(t, s, fmt.Sprintf("END-%03d", i))
	}
	for i, s := range all {
		s.View(func(tm *term.Terminal) {
			if n := tm.ScrollbackLen(); n != keep {
				t.Errorf("session %d: %d scrollback lines, want %d", i, n, keep)
				return
			}
			screen := tm.ScreenText()
			// The screen holds the last rows-1 lines and the END marker.
			first := lines - (rows - 1) + 1
			if got := strings.TrimSpace(screen[0]); got != line(i, first)+" x" {
				t.Errorf("session %d: screen starts with %q, want %q", i, got, line(i, first)+" x")
				return
			}
			for k := 0; k < keep; k++ {
				want := line(i, first-keep+k) + " x"
				if got := tm.ScrollbackText(k); got != want {
					t.Errorf("session %d: scrollback line %d is %q, want %q", i, k, got, want)
					return
				}
			}
		})
	}
}
