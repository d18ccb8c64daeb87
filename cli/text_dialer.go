package cli

import (
	"bytes"
	"context"
	"io"
	"sync"

	"github.com/podmux/podmux/fanout"
	"github.com/podmux/podmux/session"
)

// withTexts wraps a dialer so targets carrying Text show those bytes instead of dialing.
func withTexts(d session.Dialer) session.Dialer {
	return session.DialerFunc(func(ctx context.Context, t session.Target, cmd []string, cols, rows int) (session.Stream, error) {
		if t.Text == nil {
			return d.Dial(ctx, t, cmd, cols, rows)
		}
		return newTextStream(t.Text), nil
	})
}

// textStream is a finished program's output: its reader yields the bytes (each "\n" as
// "\r\n", as a terminal shows output without a tty) and then ends; its exit code is 0.
type textStream struct {
	r    *bytes.Reader
	once sync.Once
}

func newTextStream(b []byte) *textStream {
	out := make([]byte, 0, len(b)+len(b)/16)
	var last byte
	for _, c := range b {
		if c == '\n' && last != '\r' {
			out = append(out, '\r')
		}
		out = append(out, c)
		last = c
	}
	return &textStream{r: bytes.NewReader(out)}
}

func (s *textStream) Stdin() io.WriteCloser             { return nopWriteCloser{} }
func (s *textStream) Stdout() io.Reader                 { return s.r }
func (s *textStream) Resize(width, height uint16) error { return nil }
func (s *textStream) Close() error                      { return nil }
func (s *textStream) Wait() (int, error)                { return 0, nil }

type nopWriteCloser struct{}

func (nopWriteCloser) Write(p []byte) (int, error) { return len(p), nil }
func (nopWriteCloser) Close() error                { return nil }

// uiRunRecorder records the UI's fan-out runs like `podmux run` does, unless recording is off.
func uiRunRecorder(g *Globals) func(cmd []string, n int) func(int, fanout.Target) fanout.Tee {
	return func(cmd []string, n int) func(int, fanout.Target) fanout.Tee {
		return runRecorder(g, cmd, n)
	}
}
