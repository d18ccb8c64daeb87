package cciapi

import (
	"errors"
	"io"
	"math/bits"
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

// outPipe carries one output channel (stdout or stderr) from the connection (whoever drives the
// stream's demux) to one consumer (Read / WriteTo). It is a ring that grows from 64 KiB to 1 MiB.
// When full it either holds the demux back (lossless: the backpressure reaches the server
// through TCP) or, in drop mode, discards further output and ends the consumer's reads with
// ErrOutputOverflow once it has drained what was kept. Stdout holds; stderr drops, so a consumer
// that never reads Stderr cannot stall Stdout and the stream.
//
// The driver reads from the network straight into the ring's free region outside the lock; the
// consumer only ever touches the filled region, so neither copies twice. A consumer that finds
// the ring empty drives the demux itself (see demux). Its state is guarded by the demux's mu.
type outPipe struct {
	d    *demux
	buf  []byte
	r, n int   // read index and bytes buffered
	err  error // producer side closed: returned once drained (io.EOF or the stream's error)
	gone error // consumer side closed: producer discards, consumer gets this
	drop bool  // drop mode (see above)
	lost bool  // drop mode: output was dropped
	// burst: the last read filled its room, at least half the ring; the next empty ring doubles.
	burst bool
}

func newOutPipe(d *demux, drop bool) *outPipe { return &outPipe{d: d, drop: drop} }

// free is the ring's contiguous free region for the next read; the ring is not full. An empty
// ring restarts at its beginning, doubled first when output comes in bulk (fewer syscalls;
// interactive output never doubles it). Called with mu held.
func (p *outPipe) free() []byte {
	if p.n == 0 {
		p.r = 0
		if p.burst && len(p.buf) < pipeMax {
			// Nothing refers to the empty ring: the consumer copies or writes from it only
			// before it advances, and this driver is the only writer.
			old := p.buf
			p.buf = getRing(len(old) * 2)
			putRing(old)
		}
	}
	p.burst = false
	w := (p.r + p.n) % len(p.buf)
	end := len(p.buf)
	if w < p.r {
		end = p.r
	}
	return p.buf[w:end]
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
	nb := getRing(size) // the old ring goes to the GC: a WriteTo may still be writing from it
	k := copy(nb, p.buf[p.r:min(p.r+p.n, len(p.buf))])
	copy(nb[k:], p.buf[:p.n-k])
	p.buf, p.r = nb, 0
	return true
}

// closeWrite ends the producer side: the consumer gets err (io.EOF for a clean end) after the
// buffered bytes. The first call wins.
func (p *outPipe) closeWrite(err error) {
	p.d.mu.Lock()
	p.closeWriteLocked(err)
	p.d.mu.Unlock()
}

// closeWriteLocked is closeWrite with mu held.
func (p *outPipe) closeWriteLocked(err error) {
	if p.err == nil {
		p.err = err
	}
	p.d.cond.Broadcast()
}

// closeReadLocked ends the consumer side: buffered bytes are dropped, the producer discards from
// now on and reads return err. Called with mu held.
func (p *outPipe) closeReadLocked(err error) {
	if p.gone == nil {
		p.gone = err
	}
	p.n = 0
	p.d.cond.Broadcast()
}

// wait blocks until the ring holds bytes, driving the demux while nobody else does. It returns
// the error that ends the reads once the ring is drained. Called with mu held.
func (p *outPipe) wait() error {
	d := p.d
	for p.n == 0 {
		if err := p.endErr(); err != nil {
			return err
		}
		if d.canDrive() && d.drive() {
			continue
		}
		d.cond.Wait()
	}
	return nil
}

// Read implements io.Reader for the consumer.
func (p *outPipe) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	p.d.mu.Lock()
	defer p.d.mu.Unlock()
	if err := p.wait(); err != nil {
		return 0, err
	}
	k := copy(b, p.buf[p.r:min(p.r+p.n, len(p.buf))])
	p.advance(k)
	return k, nil
}

// WriteTo implements io.WriterTo so io.Copy writes straight from the ring, without a copy.
func (p *outPipe) WriteTo(w io.Writer) (int64, error) {
	var total int64
	d := p.d
	d.mu.Lock()
	for {
		if err := p.wait(); err != nil {
			d.mu.Unlock()
			if err == io.EOF {
				return total, nil
			}
			return total, err
		}
		chunk := p.buf[p.r:min(p.r+p.n, len(p.buf))]
		d.mu.Unlock()
		k, err := w.Write(chunk)
		total += int64(k)
		d.mu.Lock()
		if p.gone == nil {
			p.advance(k)
		}
		if err != nil {
			d.mu.Unlock()
			return total, err
		}
	}
}

// advance consumes k bytes; a driver held back by the full ring may go on. Called with mu held.
func (p *outPipe) advance(k int) {
	p.r = (p.r + k) % len(p.buf)
	p.n -= k
	p.d.cond.Broadcast()
}

// endErr is the error a drained consumer gets, or nil to keep waiting. Once the producer side
// ended, the drained ring is recycled: nothing reads into it any more (the demux discards
// output for an ended pipe, and it ends a pipe only between its own reads), and this consumer
// holds no part of it. Called with mu held.
func (p *outPipe) endErr() error {
	switch {
	case p.gone != nil:
		return p.gone
	case p.lost:
		return ErrOutputOverflow
	case p.err != nil:
		putRing(p.buf)
		p.buf = nil
		return p.err
	default:
		return nil
	}
}

// rings recycles output rings across streams, one pool per size (pipeInitial doubled up to
// pipeMax): a bulk exec would otherwise allocate, zero and fault in about 2 MiB of rings.
var rings [5]sync.Pool

func ringClass(size int) int { return bits.TrailingZeros(uint(size / pipeInitial)) }

// getRing returns a ring of size bytes (a power-of-two multiple of pipeInitial up to pipeMax).
func getRing(size int) []byte {
	if b, ok := rings[ringClass(size)].Get().(*[]byte); ok {
		return *b
	}
	return make([]byte, size)
}

// putRing recycles b; the caller must hold its only reference. Other sizes (nil) are dropped.
func putRing(b []byte) {
	if len(b) >= pipeInitial && len(b) <= pipeMax && len(b)&(len(b)-1) == 0 {
		rings[ringClass(len(b))].Put(&b)
	}
}
