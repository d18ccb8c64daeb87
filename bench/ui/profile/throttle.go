package main

import (
	"context"
	"io"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/podmux/podmux/session"
)

// meteredDialer wraps a Dialer: it counts the bytes every stream delivers and, to try flow
// control from below the session without changing it, can make each read yield the processor
// first (yield) or cap each stream to perFrame bytes per 16 ms frame (the remote then blocks on
// a full window, as tmux stops reading a pane that outruns its client).
type meteredDialer struct {
	inner    session.Dialer
	yield    bool
	perFrame int
	bytes    atomic.Int64
}

func (d *meteredDialer) Dial(ctx context.Context, t session.Target, cmd []string, cols, rows int) (session.Stream, error) {
	st, err := d.inner.Dial(ctx, t, cmd, cols, rows)
	if err != nil {
		return nil, err
	}
	return &meteredStream{Stream: st, d: d}, nil
}

type meteredStream struct {
	session.Stream
	d *meteredDialer
	r *meteredReader
}

func (s *meteredStream) Stdout() io.Reader {
	if s.r == nil {
		s.r = &meteredReader{r: s.Stream.Stdout(), d: s.d}
	}
	return s.r
}

type meteredReader struct {
	r      io.Reader
	d      *meteredDialer
	window time.Time
	used   int
}

func (m *meteredReader) Read(p []byte) (int, error) {
	if m.d.yield {
		runtime.Gosched()
	}
	if m.d.perFrame > 0 {
		now := time.Now()
		if now.Sub(m.window) >= frame {
			m.window, m.used = now, 0
		}
		if m.used >= m.d.perFrame {
			time.Sleep(frame - now.Sub(m.window))
			m.window, m.used = time.Now(), 0
		}
		p = p[:min(len(p), m.d.perFrame-m.used)]
	}
	n, err := m.r.Read(p)
	m.used += n
	m.d.bytes.Add(int64(n))
	return n, err
}

// frame is the flow-control window of meteredReader.
const frame = 16 * time.Millisecond
