package cciapi

import (
	"io"
	"sync"

	"github.com/moby/spdystream"
)

// pumpPipe carries one SPDY output stream (stdout or stderr) from its pump goroutine to one
// consumer, with the buffering promises of Stream: up to pipeMax bytes are kept unread; beyond
// that the pump either waits for the consumer (lossless: spdystream stops reading the
// connection, and TCP slows the server down) or, in drop mode, discards further output and ends
// the consumer's reads with ErrOutputOverflow once what was kept is read.
//
// It queues spdystream's data frames as they are (ReadData hands over each frame's own buffer),
// so no output byte is copied between the network and the consumer's writer (WriteTo).
type pumpPipe struct {
	mu     sync.Mutex
	cond   *sync.Cond
	chunks [][]byte // unread frames, the first one partly read
	n      int      // bytes in chunks
	err    error    // producer side ended: returned once drained
	gone   error    // consumer side ended: the pump discards, the consumer gets this
	drop   bool
	lost   bool
}

func newPumpPipe(drop bool) *pumpPipe {
	p := &pumpPipe{drop: drop}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// fill queues src's frames until src ends; it returns nil at src's end (spdystream says io.EOF
// both for the server's end of the stream and for the connection's: the caller tells them
// apart and ends the producer side with closeWrite).
func (p *pumpPipe) fill(src *spdystream.Stream) error {
	for {
		p.mu.Lock()
		for !p.drop && p.gone == nil && p.n >= pipeMax {
			p.cond.Wait() // lossless and full: wait for the consumer
		}
		p.mu.Unlock()
		b, err := src.ReadData()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if len(b) == 0 {
			continue
		}
		p.mu.Lock()
		switch {
		case p.gone != nil || p.lost:
		case p.drop && p.n+len(b) > pipeMax:
			p.lost = true
		default:
			p.chunks = append(p.chunks, b)
			p.n += len(b)
		}
		p.cond.Broadcast()
		p.mu.Unlock()
	}
}

// closeWrite ends the producer side: the consumer gets err after the buffered bytes. The first
// call wins.
func (p *pumpPipe) closeWrite(err error) {
	p.mu.Lock()
	if p.err == nil {
		p.err = err
	}
	p.cond.Broadcast()
	p.mu.Unlock()
}

// closeRead ends the consumer side: buffered bytes are dropped and reads return err.
func (p *pumpPipe) closeRead(err error) {
	p.mu.Lock()
	if p.gone == nil {
		p.gone = err
	}
	p.chunks, p.n = nil, 0
	p.cond.Broadcast()
	p.mu.Unlock()
}

// wait blocks until bytes are queued or the reads end. Called with mu held.
func (p *pumpPipe) wait() error {
	for p.n == 0 {
		switch {
		case p.gone != nil:
			return p.gone
		case p.lost:
			return ErrOutputOverflow
		case p.err != nil:
			return p.err
		}
		p.cond.Wait()
	}
	return nil
}

// Read implements io.Reader for the consumer.
func (p *pumpPipe) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.wait(); err != nil {
		return 0, err
	}
	k := copy(b, p.chunks[0])
	p.advance(k)
	return k, nil
}

// WriteTo implements io.WriterTo: io.Copy writes the frames as they came.
func (p *pumpPipe) WriteTo(w io.Writer) (int64, error) {
	var total int64
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		if err := p.wait(); err != nil {
			if err == io.EOF {
				return total, nil
			}
			return total, err
		}
		chunk := p.chunks[0] // only this consumer removes chunks: it stays valid unlocked
		p.mu.Unlock()
		k, err := w.Write(chunk)
		p.mu.Lock()
		total += int64(k)
		if p.gone == nil {
			p.advance(k)
		}
		if err != nil {
			return total, err
		}
	}
}

// advance consumes k bytes of the first frame and wakes a pump held back by a full pipe. Called
// with mu held.
func (p *pumpPipe) advance(k int) {
	if k == len(p.chunks[0]) {
		p.chunks[0] = nil
		p.chunks = p.chunks[1:]
	} else {
		p.chunks[0] = p.chunks[0][k:]
	}
	p.n -= k
	p.cond.Broadcast()
}
