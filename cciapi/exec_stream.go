package cciapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// closeGrace is how long Close waits for the server to answer its close frame before it drops
// the connection.
const closeGrace = time.Second

// wsStream is one exec over a WebSocket. Its connection is read by whoever waits on it (the
// demux: output consumers, Wait, Close; a short tail goroutine after the status) and, with
// keepalive on, pinged by one pinger goroutine; data frames are written under wmu, so there is
// one writer at a time.
type wsStream struct {
	conn      *websocket.Conn
	proto     string
	opts      ExecOptions
	keepalive time.Duration

	wmu     sync.Mutex // serialises data frames
	chByte  [1]byte    // channel byte, written under wmu
	closing atomic.Bool

	dmx            demux
	stdout, stderr *outPipe
	stdin          *stdinWriter

	resulted bool // code and err are final; under dmx.mu
	code     int
	err      error

	readerDone chan struct{} // closed when the connection's read side has ended (demux.fail)
	pingStop   chan struct{}
	pingOnce   sync.Once
	pingDone   chan struct{}
	closeOnce  sync.Once

	mu      sync.Mutex
	stopCtx func() bool // unregisters the context.AfterFunc, nil when none
}

var _ Stream = (*wsStream)(nil)

func newWSStream(conn *websocket.Conn, proto string, o ExecOptions, keepalive time.Duration) *wsStream {
	s := &wsStream{
		conn: conn, proto: proto, opts: o, keepalive: keepalive,
		readerDone: make(chan struct{}),
		pingStop:   make(chan struct{}), pingDone: make(chan struct{}),
	}
	s.dmx.s = s
	s.dmx.cond = sync.NewCond(&s.dmx.mu)
	s.stdout, s.stderr = newOutPipe(&s.dmx, false), newOutPipe(&s.dmx, true)
	s.stdin = &stdinWriter{s: s}
	if !o.Stdout {
		s.stdout.closeWrite(io.EOF)
	}
	if !o.Stderr {
		s.stderr.closeWrite(io.EOF)
	}
	return s
}

// start launches the pinger and ties the stream to ctx.
func (s *wsStream) start(ctx context.Context) {
	s.conn.SetPongHandler(func(string) error { s.extendDeadline(); return nil })
	if s.keepalive > 0 {
		go s.pingLoop()
	} else {
		close(s.pingDone)
	}
	if ctx.Done() != nil {
		stop := context.AfterFunc(ctx, func() { _ = s.Close() })
		s.mu.Lock()
		s.stopCtx = stop
		s.mu.Unlock()
	}
}

func (s *wsStream) Stdin() io.WriteCloser { return s.stdin }
func (s *wsStream) Stdout() io.Reader     { return s.stdout }
func (s *wsStream) Stderr() io.Reader     { return s.stderr }
func (s *wsStream) Protocol() string      { return s.proto }

// Resize sends a terminal size on channel 4.
func (s *wsStream) Resize(width, height uint16) error {
	if width == 0 || height == 0 {
		return fmt.Errorf("exec resize to %dx%d: width and height must be at least 1", width, height)
	}
	return s.writeFrame(ChannelResize, EncodeResize(width, height))
}

// Wait blocks until the status arrives or the stream ends without one, driving the connection
// while no output consumer does. Output it reads meanwhile is kept in the pipes; Stdout holds
// back the connection when full, so read Stdout to the end before (or while) waiting.
func (s *wsStream) Wait() (int, error) {
	d := &s.dmx
	d.mu.Lock()
	defer d.mu.Unlock()
	for !s.resulted {
		if d.canDrive() && d.drive() {
			continue
		}
		d.cond.Wait()
	}
	return s.code, s.err
}

// Close sends a close frame, drops the connection (after up to closeGrace for the server's
// answer) and waits for the reader and the pinger to end. Readers of Stdout/Stderr get
// ErrStreamClosed; Wait, if the status had not arrived, returns ErrStreamClosed.
func (s *wsStream) Close() error {
	s.closeOnce.Do(func() {
		s.closing.Store(true)
		s.unregisterCtx()
		d := &s.dmx
		d.mu.Lock()
		s.stdout.closeReadLocked(ErrStreamClosed)
		s.stderr.closeReadLocked(ErrStreamClosed)
		d.startTail() // someone must read the server's answer to the close frame
		d.mu.Unlock()
		_ = s.conn.WriteControl(websocket.CloseMessage,
			websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(closeGrace))
		t := time.NewTimer(closeGrace)
		select {
		case <-s.readerDone:
		case <-t.C:
		}
		t.Stop()
		_ = s.conn.Close()
		<-s.readerDone
		<-s.pingDone
		d.mu.Lock()
		s.setResult(-1, ErrStreamClosed)
		d.mu.Unlock()
	})
	return nil
}

func (s *wsStream) unregisterCtx() {
	s.mu.Lock()
	if s.stopCtx != nil {
		s.stopCtx()
		s.stopCtx = nil
	}
	s.mu.Unlock()
}

// setResult makes code and err final; the first call wins. Called with dmx.mu held.
func (s *wsStream) setResult(code int, err error) {
	if !s.resulted {
		s.resulted, s.code, s.err = true, code, err
		s.dmx.cond.Broadcast()
	}
}

// extendDeadline pushes the read deadline 3 keepalive periods ahead: a peer that answers no ping
// for that long is presumed dead.
func (s *wsStream) extendDeadline() {
	if s.keepalive > 0 {
		_ = s.conn.SetReadDeadline(time.Now().Add(3 * s.keepalive))
	}
}

// endError is the stream's result for a connection that ended with err. Before a status it is a
// failure, never exit code 0 (after one it is not used).
func (s *wsStream) endError(err error) error {
	var result error
	var ce *websocket.CloseError
	var ne net.Error
	switch {
	case s.closing.Load():
		result = ErrStreamClosed
	case errors.As(err, &ce) && ce.Code == websocket.CloseAbnormalClosure:
		result = lostError{errors.New("exec connection lost before the command finished: it dropped without a close frame")}
	case errors.As(err, &ce) && ce.Code == websocket.CloseNormalClosure:
		result = errors.New("the server ended the exec stream without an exit status")
	case errors.As(err, &ce):
		result = fmt.Errorf("the server closed the exec stream (close code %d %q) without an exit status", ce.Code, oneLineStatus(ce.Text))
		switch ce.Code {
		case websocket.CloseGoingAway, websocket.CloseServiceRestart, websocket.CloseTryAgainLater:
			// The server is going down or busy, not refusing this command: worth a reconnect.
			result = lostError{result}
		}
	case errors.As(err, &ne) && ne.Timeout():
		result = lostError{fmt.Errorf("no answer from the server for %s: the exec connection is presumed dead", 3*s.keepalive)}
	default:
		result = lostError{fmt.Errorf("exec connection lost before the command finished: %w", err)}
	}
	return result
}

// pingLoop sends a ping every keepalive period until the reader ends.
func (s *wsStream) pingLoop() {
	defer close(s.pingDone)
	t := time.NewTicker(s.keepalive)
	defer t.Stop()
	for {
		select {
		case <-s.pingStop:
			return
		case <-t.C:
			err := s.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(s.keepalive))
			var ne net.Error
			if err != nil && !(errors.As(err, &ne) && ne.Timeout()) {
				return
			}
		}
	}
}

// writeFrame writes one binary message, channel byte then p, as a single WebSocket frame: a
// message that would not fit the write buffer is refused rather than fragmented (see
// maxWSMessage).
func (s *wsStream) writeFrame(ch byte, p []byte) error {
	if 1+len(p) > maxWSMessage {
		return fmt.Errorf("exec stream: a %d-byte message does not fit one %d-byte frame", 1+len(p), maxWSMessage)
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.closing.Load() {
		return ErrStreamClosed
	}
	w, err := s.conn.NextWriter(websocket.BinaryMessage)
	if err != nil {
		return fmt.Errorf("exec stream: %w", err)
	}
	s.chByte[0] = ch
	if _, err := w.Write(s.chByte[:]); err != nil {
		_ = w.Close()
		return fmt.Errorf("exec stream: %w", err)
	}
	if _, err := w.Write(p); err != nil {
		_ = w.Close()
		return fmt.Errorf("exec stream: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("exec stream: %w", err)
	}
	return nil
}

// stdinWriter is the stream's stdin: each Write goes out as channel-0 messages of one frame each,
// at most maxStdinFrame bytes of payload.
type stdinWriter struct {
	s      *wsStream
	closed atomic.Bool
}

// Write sends p to the remote stdin.
func (w *stdinWriter) Write(p []byte) (int, error) {
	if !w.s.opts.Stdin {
		return 0, errors.New("exec stdin was not requested: set ExecOptions.Stdin")
	}
	if w.closed.Load() {
		return 0, errors.New("exec stdin is closed")
	}
	n := 0
	for len(p) > 0 {
		k := min(len(p), maxStdinFrame)
		if err := w.s.writeFrame(ChannelStdin, p[:k]); err != nil {
			return n, err
		}
		n += k
		p = p[k:]
	}
	return n, nil
}

// Close sends stdin EOF ([255, 0]) on v5. v4 has no way to say it, so there it only stops
// further writes.
func (w *stdinWriter) Close() error {
	if w.closed.Swap(true) || !w.s.opts.Stdin || w.s.proto != ProtocolV5 {
		return nil
	}
	return w.s.writeFrame(ChannelClose, []byte{ChannelStdin})
}
