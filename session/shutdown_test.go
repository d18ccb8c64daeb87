package session

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/podmux/podmux/session/record"
	"github.com/podmux/podmux/session/term"
)

// TestShutdownClosesRecordingsWithEverythingShown: sessions that are still printing when the
// program quits leave recordings that hold every byte their screens showed, flushed and closed
// by the time Shutdown returns; the sessions themselves end.
func TestShutdownClosesRecordingsWithEverythingShown(t *testing.T) {
	testShutdownRecordings(t, false)
}

// TestShutdownRecordingsCompleteWhenSessionsHang: a remote that never lets go (its stream
// ignores Close) does not hold Shutdown past its deadline, and every recording is complete
// anyway, because recordings are closed before the sessions are ended.
func TestShutdownRecordingsCompleteWhenSessionsHang(t *testing.T) {
	testShutdownRecordings(t, true)
}

// stuckStream is a remote whose Close does nothing: its output and Wait go on until release.
type stuckStream struct {
	*fakeStream
	release chan struct{}
}

func (s stuckStream) Close() error { return nil }
func (s stuckStream) Wait() (int, error) {
	<-s.release
	return s.fakeStream.Wait()
}

func testShutdownRecordings(t *testing.T, stuck bool) {
	dir := t.TempDir()
	d := &dialLog{ch: make(chan *fakeStream, 16)}
	release := make(chan struct{})
	dialer := d.dialer()
	if stuck {
		inner := dialer
		dialer = DialerFunc(func(ctx context.Context, tg Target, cmd []string, cols, rows int) (Stream, error) {
			st, err := inner.Dial(ctx, tg, cmd, cols, rows)
			if err != nil {
				return nil, err
			}
			return stuckStream{st.(*fakeStream), release}, nil
		})
	}
	m := NewManager(Options{Dialer: dialer, Tee: func(id ID, tg Target, cmd []string, cols, rows int) (Tee, error) {
		return record.Create(filepath.Join(dir, fmt.Sprintf("s%d.cast", id)), record.Header{Width: cols, Height: rows})
	}})
	t.Cleanup(func() {
		close(release)
		for _, f := range d.streams {
			f.Close()
		}
		m.Close()
	})
	const n = 6
	var sessions []*Session
	var streams []*fakeStream
	for i := 0; i < n; i++ {
		sessions = append(sessions, m.Start(Target{Namespace: "ns", Pod: fmt.Sprint("p", i)}, 80, 24))
		streams = append(streams, <-d.ch)
	}
	want := make([]string, n)
	for i, f := range streams {
		var b strings.Builder
		for l := 0; l < 3000; l++ {
			fmt.Fprintf(&b, "session %d line %d \x1b[3%dmcoloured\x1b[m\r\n", i, l, l%8)
		}
		fmt.Fprintf(&b, "LAST-%d", i)
		want[i] = b.String()
		go func() { _, _ = f.outW.Write([]byte(want[i])) }() // the remote goes on running
	}
	for i, s := range sessions {
		waitScreen(t, s, fmt.Sprintf("LAST-%d", i))
	}
	limit := 5 * time.Second
	if stuck {
		limit = 50 * time.Millisecond
	}
	if ended := m.Shutdown(limit); ended == stuck {
		t.Fatalf("Shutdown reported the sessions ended: %v; want %v", ended, !stuck)
	}
	for _, s := range sessions {
		if ended := s.Status().Ended(); ended == stuck {
			t.Fatalf("session %d is %v after Shutdown", s.ID(), s.Status())
		}
	}
	for i, s := range sessions {
		c, err := record.Open(filepath.Join(dir, fmt.Sprintf("s%d.cast", s.ID())))
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Output(); got != want[i] {
			t.Errorf("recording of session %d: %d bytes ending %q, want %d bytes ending %q", i, len(got), tail(got), len(want[i]), tail(want[i]))
		}
	}
}

func tail(s string) string { return s[max(0, len(s)-40):] }

// waitScreen waits until the session's screen shows text.
func waitScreen(t *testing.T, s *Session, text string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		found := false
		s.View(func(tm *term.Terminal) { found = strings.Contains(strings.Join(tm.ScreenText(), "\n"), text) })
		if found {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("session %d never showed %q", s.ID(), text)
}
