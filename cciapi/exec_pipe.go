package cciapi

import (
	"errors"
	"io"
	"sync"
)

// ErrOutputOverflow ends a Stderr reader whose consumer fell more than its buffer behind: the
// stream drops stderr output rather than stall stdout (see outPipe).
var ErrOutputOverflow = errors.New("exec stderr: more than 1 MiB went unread, later stderr output was dropped; read Stderr concurrently with Stdout")

// ErrStreamClosed is what reads, writes and Wait return after the client closed the stream.
var ErrStreamClosed = errors.New("exec stream closed by the client")

const (
	pipeInitial = 64 << 10 // first ring size; doubled on demand up to pipeMax
	pipeMax     = 1 << 20  // per output channel
)

// outPipe carries one output channel (stdout or stderr) from the stream's single reader
// goroutine (the producer, fill) to one consumer (Read / WriteTo). It is a ring that grows from
// 64 KiB to 1 MiB. When full it either blocks the producer (lossless: the backpressure reaches
// the server through TCP) or, in drop mode, discards further output and ends the consumer's
// reads with ErrOutputOverflow once it has drained what was kept. Stdout blocks; stderr drops, so
// a consumer that never reads Stderr cannot stall Stdout and the stream.
//
// The producer reads from the network straight into the ring's free region outside the lock;
// the consumer only ever touches the filled region, so neither copies twice.
type outPipe struct {
	mu   sync.Mutex
	cond *sync.Cond // signalled on every state change; one producer, one consumer wait on it
	buf  []byte
	r, n int   // read index and bytes buffered
	err  error // producer side closed: returned once drained (io.EOF or the stream's error)
	gone error // consumer side closed: producer discards, consumer gets this
	drop bool  // drop mode (see above)
	lost bool  // drop mode: output was dropped
	// burst: the last read filled its room, at least half the ring; the next empty ring doubles.
	burst bool
}

func newOutPipe(drop bool) *outPipe {
	p := &outPipe{drop: drop}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// fill copies r (one message's remaining payload) into the ring until r ends. waited is called,
// outside the lock, whenever fill had to wait for the consumer before reading on, so the stream
// can push its read deadline past time spent blocked on a slow consumer.
func (p *outPipe) fill(r io.Reader, waited func()) error {
	for {
		p.mu.Lock()
		blocked := false
		for p.n == len(p.buf) && !p.grow() && p.gone == nil && p.err == nil && !p.drop {
			blocked = true
			p.cond.Wait()
		}
		if p.gone != nil || p.err != nil || p.lost || (p.drop && p.n == len(p.buf)) {
			if p.drop && p.gone == nil && p.err == nil {
				p.lost = true
			}
			p.mu.Unlock()
			_, err := io.Copy(io.Discard, r)
			return err
		}
		if p.n == 0 {
			p.r = 0
			if p.burst && len(p.buf) < pipeMax {
				// The last read filled all the room it had: output comes in bulk, so read it
				// in bigger pieces (fewer syscalls). Interactive output never gets here.
				p.buf = make([]byte, len(p.buf)*2)
			}
		}
		p.burst = false
		w := (p.r + p.n) % len(p.buf)
		end := len(p.buf)
		if w < p.r {
			end = p.r
		}
		free := p.buf[w:end]
		p.mu.Unlock()
		if blocked && waited != nil {
			waited()
		}
		k, err := r.Read(free)
		if k > 0 {
			p.mu.Lock()
			p.burst = k == len(free) && 2*len(free) >= len(p.buf)
			p.n += k
			p.cond.Broadcast()
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

// grow doubles a full ring (up to pipeMax), linearising its content. Called with mu held.
func (p *outPipe) grow() bool {
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

// closeWrite ends the producer side: the consumer gets err (io.EOF for a clean end) after the
// buffered bytes. The first call wins.
func (p *outPipe) closeWrite(err error) {
	p.mu.Lock()
	if p.err == nil {
		p.err = err
	}
	p.cond.Broadcast()
	p.mu.Unlock()
}

// closeRead ends the consumer side: buffered bytes are dropped, the producer discards from now
// on and reads return err.
func (p *outPipe) closeRead(err error) {
	p.mu.Lock()
	if p.gone == nil {
		p.gone = err
	}
	p.n = 0
	p.cond.Broadcast()
	p.mu.Unlock()
}

// Read implements io.Reader for the consumer.
func (p *outPipe) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.n == 0 {
		if err := p.endErr(); err != nil {
			return 0, err
		}
		p.cond.Wait()
	}
	k := copy(b, p.buf[p.r:min(p.r+p.n, len(p.buf))])
	p.advance(k)
	return k, nil
}

// WriteTo implements io.WriterTo so io.Copy writes straight from the ring, without a copy.
func (p *outPipe) WriteTo(w io.Writer) (int64, error) {
	var total int64
	p.mu.Lock()
	for {
		for p.n == 0 {
			if err := p.endErr(); err != nil {
				p.mu.Unlock()
				if err == io.EOF {
					return total, nil
				}
				return total, err
			}
			p.cond.Wait()
		}
		chunk := p.buf[p.r:min(p.r+p.n, len(p.buf))]
		p.mu.Unlock()
		k, err := w.Write(chunk)
		total += int64(k)
		p.mu.Lock()
		if p.gone == nil {
			p.advance(k)
		}
		if err != nil {
			p.mu.Unlock()
			return total, err
		}
	}
}

// advance consumes k bytes. Called with mu held.
func (p *outPipe) advance(k int) {
	p.r = (p.r + k) % len(p.buf)
	p.n -= k
	p.cond.Broadcast()
}

// endErr is the error a drained consumer gets, or nil to keep waiting. Called with mu held.
func (p *outPipe) endErr() error {
	switch {
	case p.gone != nil:
		return p.gone
	case p.lost:
		return ErrOutputOverflow
	default:
		return p.err
	}
}
