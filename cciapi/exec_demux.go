package cciapi

import (
	"errors"
	"io"
	"sync"

	"github.com/gorilla/websocket"
)

// demux reads the exec connection on behalf of whoever waits for it. While a stream runs there
// is no reader goroutine: a Stdout or Stderr consumer whose pipe is empty, Wait and Close take
// the connection in turn ("drive" it) and route each message's payload into its channel's pipe.
// A consumer reading its own output thus reads it on its own goroutine, with no hand-off to
// another goroutine and no wake-up per read; output for another channel is buffered in that
// channel's pipe and its consumer woken. While nobody waits, nobody reads: the kernel's socket
// buffer holds what arrives, and TCP slows the server down.
//
// Once the status arrives, or Close is called, the rest of the connection belongs to one short
// tail goroutine, which reads until the server's close frame (or an error) and then releases the
// connection and the pinger.
//
// Invariants, under mu: at most one driver (busy) reads the connection, and it does so outside
// mu; cur and curP are touched only by that driver; once done is set nobody drives again and
// readerDone is closed; the pipes' state is guarded by mu too (one lock for the read side).
type demux struct {
	s    *wsStream
	mu   sync.Mutex
	cond *sync.Cond // broadcast on every state change of the pipes, the driver or the result
	busy bool
	done bool
	tail bool      // the rest of the connection belongs to the tail reader
	cur  io.Reader // the unread rest of the message being routed; nil between messages
	curP *outPipe  // where cur goes; nil: discard it
}

// canDrive reports whether a waiter may take the connection now. Called with mu held.
func (d *demux) canDrive() bool { return !d.busy && !d.done }

// drive reads the connection once on behalf of a waiter: one message header, or one read of the
// current message's payload into its pipe. It reports false, without reading, when the current
// message belongs to a full lossless pipe: its consumer must drain it first, so the caller
// waits. Called with mu held and canDrive true; returns with mu held.
func (d *demux) drive() bool {
	if d.cur != nil {
		return d.route()
	}
	d.busy = true
	d.mu.Unlock()
	m, err := d.next()
	d.mu.Lock()
	if err != nil {
		d.fail(err)
		return true
	}
	if m.status {
		d.s.setResult(m.code, m.err)
		d.s.stdout.closeWriteLocked(io.EOF)
		d.s.stderr.closeWriteLocked(io.EOF)
		d.tail = true
	}
	d.cur, d.curP = m.r, m.p
	d.release()
	return true
}

// message is what next found at the head of a message.
type message struct {
	r      io.Reader // payload still to route (nil: the message was handled whole)
	p      *outPipe  // its pipe (nil: discard)
	status bool      // a channel-3 status was decoded into code and err
	code   int
	err    error
}

// next reads the head of the next message (its channel byte). A status message is read and
// decoded whole; an empty one (sent by servers that attach neither stdout nor stderr) is
// ignored. Called by the driver, outside mu.
func (d *demux) next() (message, error) {
	s := d.s
	s.extendDeadline()
	mt, r, err := s.conn.NextReader()
	if err != nil {
		return message{}, err
	}
	if mt != websocket.BinaryMessage {
		return message{}, errors.New("the server sent a text frame; exec v4/v5 frames are binary")
	}
	var ch [1]byte
	if _, err := io.ReadFull(r, ch[:]); err != nil {
		if err == io.EOF {
			return message{}, nil // an empty message: nothing to route
		}
		return message{}, err
	}
	switch ch[0] {
	case ChannelStdout:
		return message{r: r, p: s.stdout}, nil
	case ChannelStderr:
		return message{r: r, p: s.stderr}, nil
	case ChannelStatus:
		b, err := io.ReadAll(io.LimitReader(r, maxStatusFrame+1))
		if err != nil || len(b) == 0 {
			return message{}, err
		}
		code, serr := DecodeExecStatus(b)
		return message{status: true, code: code, err: serr}, nil
	default:
		return message{r: r}, nil
	}
}

// route moves one read of the current message's payload into its pipe (see drive). Output for a
// pipe whose consumer is gone, whose producer side ended, or (drop mode) that is full, is
// discarded to the end of the message. Called with mu held; returns with mu held.
func (d *demux) route() bool {
	p := d.curP
	discard := p == nil || p.gone != nil || p.err != nil || p.lost
	if !discard && p.n == len(p.buf) && !p.grow() {
		if !p.drop {
			return false // lossless: wait until the consumer makes room
		}
		p.lost, discard = true, true
	}
	d.busy = true
	if discard {
		d.mu.Unlock()
		_, err := io.Copy(io.Discard, d.cur)
		d.mu.Lock()
		if err != nil {
			d.fail(err)
			return true
		}
		d.cur, d.curP = nil, nil
		d.release()
		return true
	}
	free := p.free()
	d.mu.Unlock()
	d.s.extendDeadline()
	k, err := d.cur.Read(free)
	d.mu.Lock()
	if k > 0 && p.gone == nil {
		p.burst = k == len(free) && 2*len(free) >= len(p.buf)
		p.n += k
	}
	switch {
	case err == io.EOF:
		d.cur, d.curP = nil, nil
	case err != nil:
		d.fail(err)
		return true
	}
	d.release()
	return true
}

// release ends a drive: the connection goes to the tail reader when it is due, else back to the
// waiters. Called with mu held by the driver.
func (d *demux) release() {
	if d.tail && !d.done {
		go d.tailLoop() // keeps busy: the tail reader is now the driver
		return
	}
	d.busy = false
	d.cond.Broadcast()
}

// startTail hands the rest of the connection to the tail reader (Close). A driver that is busy
// hands it over when its read returns. Called with mu held.
func (d *demux) startTail() {
	d.tail = true
	if d.canDrive() {
		d.busy = true
		go d.tailLoop()
	}
}

// tailLoop reads the connection to its end, discarding data, so the server's close frame is
// answered and seen; then the stream's connection and pinger are released. It runs as the
// driver (busy held).
func (d *demux) tailLoop() {
	var err error
	if d.cur != nil {
		_, err = io.Copy(io.Discard, d.cur)
	}
	for err == nil {
		d.s.extendDeadline()
		var r io.Reader
		if _, r, err = d.s.conn.NextReader(); err == nil {
			_, err = io.Copy(io.Discard, r)
		}
	}
	d.mu.Lock()
	d.fail(err)
	d.mu.Unlock()
}

// fail ends the connection's read side for good with err (after a status, err changes neither
// the result nor the pipes' ends). Called with mu held by the driver.
func (d *demux) fail(err error) {
	s := d.s
	result := s.endError(err)
	s.setResult(-1, result)
	s.stdout.closeWriteLocked(result)
	s.stderr.closeWriteLocked(result)
	d.cur, d.curP = nil, nil
	d.busy, d.done = false, true
	_ = s.conn.Close()
	s.pingOnce.Do(func() { close(s.pingStop) })
	close(s.readerDone)
	d.cond.Broadcast()
	s.unregisterCtx()
}
