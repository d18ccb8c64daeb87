package cciapi

import (
	"io"
	"sync"
)

// pumpPipe carries one SPDY output stream (stdout or stderr) from its pump goroutine to one
// consumer, with the buffering promises of Stream: a ring that grows from 64 KiB to 1 MiB; when
// full it holds the pump back (lossless: spdystream stops reading the connection, and TCP slows
// the server down) or, in drop mode, discards further output and ends the consumer's reads with
// ErrOutputOverflow once what was kept is read.
//
// The pump reads from the network straight into the ring's free region outside the lock; the
// consumer only touches the filled region (one writer, one reader), so no byte is copied twice.
type pumpPipe struct {
	mu   sync.Mutex
	cond *sync.Cond
	buf  []byte
	r, n int
	err  error // producer side ended: returned once drained
	gone error // consumer side ended: the pump discards, the consumer gets this
	drop bool
	lost bool
}

func newPumpPipe(drop bool) *pumpPipe {
	p := &pumpPipe{drop: drop}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// fill reads src into the ring until src ends, then returns src's error (nil for io.EOF). The
// caller (the pump) ends the producer side itself with closeWrite, once it knows how the stream
// ended.
func (p *pumpPipe) fill(src io.Reader) error {
	var scratch []byte
	for {
		p.mu.Lock()
		for !p.drop && p.gone == nil && p.n == len(p.buf) && !p.grow() {
			p.cond.Wait() // lossless and full: wait for the consumer
		}
		var dst []byte
		discard := p.gone != nil || p.lost
		if !discard && p.n == len(p.buf) && !p.grow() {
			p.lost, discard = true, true // drop mode, full
			p.cond.Broadcast()
		}
		if !discard {
			dst = p.free()
		}
		p.mu.Unlock()
		if discard {
			if scratch == nil {
				scratch = make([]byte, 32<<10)
			}
			dst = scratch
		}
		k, err := src.Read(dst)
		if k > 0 && !discard {
			p.mu.Lock()
			if p.gone == nil {
				p.n += k
				p.cond.Broadcast()
			}
			p.mu.Unlock()
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// free is the ring's contiguous free region; the ring is not full. Called with mu held.
func (p *pumpPipe) free() []byte {
	if p.n == 0 {
		p.r = 0
	}
	w := (p.r + p.n) % len(p.buf)
	end := len(p.buf)
	if w < p.r {
		end = p.r
	}
	return p.buf[w:end]
}

// grow doubles a full ring up to pipeMax, linearising it. Called with mu held.
func (p *pumpPipe) grow() bool {
	size := len(p.buf) * 2
	if size == 0 {
		size = pipeInitial
	}
	if size > pipeMax {
		return false
	}
	nb := make([]byte, size)
	k := copy(nb, p.buf[p.r:min(p.r+p.n, len(p.buf))])
	copy(nb[k:], p.buf[:p.n-k])
	p.buf, p.r = nb, 0
	return true
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
	p.n = 0
	p.cond.Broadcast()
	p.mu.Unlock()
}

// wait blocks until the ring holds bytes or the reads end. Called with mu held.
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
	k := copy(b, p.buf[p.r:min(p.r+p.n, len(p.buf))])
	p.advance(k)
	return k, nil
}

// WriteTo implements io.WriterTo: io.Copy writes straight from the ring.
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
		chunk := p.buf[p.r:min(p.r+p.n, len(p.buf))]
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

// advance consumes k bytes and wakes a pump held back by a full ring. Called with mu held.
func (p *pumpPipe) advance(k int) {
	p.r = (p.r + k) % len(p.buf)
	p.n -= k
	p.cond.Broadcast()
}
