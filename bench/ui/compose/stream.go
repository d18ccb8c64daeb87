package main

import (
	"context"
	"io"
	"sync"

	"github.com/podmux/podmux/session"
)

// pipeStream is a session.Stream whose output is whatever the benchmark writes into it: the
// layer below the one under test, so the bytes reaching the engine are exactly known.
type pipeStream struct {
	r    *io.PipeReader
	w    *io.PipeWriter
	once sync.Once
	done chan struct{}
}

func newPipeStream() *pipeStream {
	r, w := io.Pipe()
	return &pipeStream{r: r, w: w, done: make(chan struct{})}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) Close() error                { return nil }

func (p *pipeStream) Stdin() io.WriteCloser       { return discard{} }
func (p *pipeStream) Stdout() io.Reader           { return p.r }
func (p *pipeStream) Resize(_, _ uint16) error    { return nil }
func (p *pipeStream) Wait() (int, error)          { <-p.done; return 0, nil }
func (p *pipeStream) Write(b []byte) (int, error) { return p.w.Write(b) }

func (p *pipeStream) Close() error {
	p.once.Do(func() {
		_ = p.w.Close()
		_ = p.r.Close()
		close(p.done)
	})
	return nil
}

// pipeDialer hands out pipeStreams and keeps them by target pod.
type pipeDialer struct {
	mu      sync.Mutex
	streams map[string]*pipeStream
}

func (d *pipeDialer) Dial(_ context.Context, t session.Target, _ []string, _, _ int) (session.Stream, error) {
	s := newPipeStream()
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.streams == nil {
		d.streams = map[string]*pipeStream{}
	}
	d.streams[t.Pod] = s
	return s, nil
}

func (d *pipeDialer) stream(pod string) *pipeStream {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.streams[pod]
}
