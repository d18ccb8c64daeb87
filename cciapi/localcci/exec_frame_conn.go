package localcci

import (
	"bufio"
	"encoding/binary"
	"errors"
	"net"
	"net/http"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/gorilla/websocket"
)

// errCloseSent is the sticky write error after the session's close frame went out: RFC 6455
// allows nothing after it.
var errCloseSent = errors.New("websocket: close frame already sent")

// maxFrameHeader is the longest server frame header: 2 bytes, a 64-bit length, no mask key.
const maxFrameHeader = 10

// frameConn is an exec connection as gorilla/websocket sees it (the hijacked net.Conn: gorilla
// performs the handshake and reads through it) and the session's one writer of server frames.
//
// Invariants: every byte written to the connection after the handshake goes out under sem, a
// whole frame at a time — the session's frames through writeMessage, writeControl and
// spliceFrame, and gorilla's own rare writes (a close frame after a protocol error) through
// Write, which gorilla always calls once per frame for control frames. The session never writes
// data through gorilla, so gorilla never splits a frame across writes on this connection. Once a
// frame was cut short (an error after its first byte) or a close frame was sent, every later
// write fails with that sticky error, so the peer never sees a torn frame followed by more.
type frameConn struct {
	net.Conn // the hijacked connection: reads, Close and addresses pass through

	// raw is the TCP socket for splicing (see exec_splice_linux.go); nil for any other
	// connection (TLS, non-Linux), which then only gets copied frames.
	raw syscall.RawConn

	sem chan struct{} // the write lock; cap 1, acquirable until a deadline

	gmu sync.Mutex
	gdl time.Time // the write deadline gorilla set last; applies to its Write calls

	// Under sem:
	dl  time.Time // the write deadline currently set on Conn
	err error     // sticky write error
	hdr [maxFrameHeader + 1]byte
}

// loopbackSendBuffer is the kernel send buffer (SO_SNDBUF; Linux doubles it) of a connection to
// a loopback peer. Autotuning would grow it to several MiB, a bandwidth-delay product a loopback
// peer does not need; the bounded buffer keeps the output in flight small, so it is still in
// the CPU caches when the client copies it out (measured in BENCHMARKS.md, "Exec throughput").
// Connections to other peers keep autotuning.
const loopbackSendBuffer = 256 << 10

func newFrameConn(c net.Conn) *frameConn {
	tcp := c
	if u, ok := c.(interface{ NetConn() net.Conn }); ok { // *tls.Conn
		tcp = u.NetConn()
	}
	if tc, ok := tcp.(*net.TCPConn); ok {
		if a, ok := tc.RemoteAddr().(*net.TCPAddr); ok && a.IP.IsLoopback() {
			_ = tc.SetWriteBuffer(loopbackSendBuffer)
		}
	}
	return &frameConn{Conn: c, raw: spliceTarget(c), sem: make(chan struct{}, 1)}
}

// lock takes the write lock, giving up at deadline (never, when zero) with a timeout error.
func (w *frameConn) lock(deadline time.Time) error {
	select {
	case w.sem <- struct{}{}:
		return nil
	default:
	}
	if deadline.IsZero() {
		w.sem <- struct{}{}
		return nil
	}
	d := time.Until(deadline)
	if d <= 0 {
		return os.ErrDeadlineExceeded
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case w.sem <- struct{}{}:
		return nil
	case <-t.C:
		return os.ErrDeadlineExceeded
	}
}

func (w *frameConn) unlock() { <-w.sem }

// begin prepares a write under the lock: the sticky error, else the deadline set on Conn.
func (w *frameConn) begin(deadline time.Time) error {
	if w.err != nil {
		return w.err
	}
	if !deadline.Equal(w.dl) {
		if err := w.Conn.SetWriteDeadline(deadline); err != nil {
			w.err = err
			return err
		}
		w.dl = deadline
	}
	return nil
}

// fail records err as sticky (under the lock) and returns it.
func (w *frameConn) fail(err error) error {
	if w.err == nil {
		w.err = err
	}
	return err
}

// header encodes a final, unmasked frame header of opcode op for a payload of n bytes into
// w.hdr and returns it (under the lock).
func (w *frameConn) header(op int, n int) []byte {
	h := w.hdr[:0]
	h = append(h, 0x80|byte(op))
	switch {
	case n <= 125:
		h = append(h, byte(n))
	case n <= 0xffff:
		h = append(h, 126)
		h = binary.BigEndian.AppendUint16(h, uint16(n))
	default:
		h = append(h, 127)
		h = binary.BigEndian.AppendUint64(h, uint64(n))
	}
	return h
}

// writeMessage sends msg (channel byte and payload) as one binary frame, with no deadline:
// output waits for a slow client, as TCP flow control asks.
func (w *frameConn) writeMessage(msg []byte) error {
	if err := w.lock(time.Time{}); err != nil {
		return err
	}
	defer w.unlock()
	if err := w.begin(time.Time{}); err != nil {
		return err
	}
	bufs := net.Buffers{w.header(websocket.BinaryMessage, len(msg)), msg}
	if _, err := bufs.WriteTo(w.Conn); err != nil {
		return w.fail(err)
	}
	return nil
}

// writeControl sends a ping, pong or close frame (payload at most 125 bytes) unless deadline
// passes first: waiting for the lock behind a data frame to a stalled client ends in a timeout
// error that leaves the connection usable, as gorilla's WriteControl does.
func (w *frameConn) writeControl(op int, payload []byte, deadline time.Time) error {
	if len(payload) > 125 {
		return errors.New("websocket: control frame payload over 125 bytes")
	}
	if err := w.lock(deadline); err != nil {
		return err
	}
	defer w.unlock()
	if err := w.begin(deadline); err != nil {
		return err
	}
	frame := append(w.header(op, len(payload)), payload...)
	if _, err := w.Conn.Write(frame); err != nil {
		return w.fail(err)
	}
	if op == websocket.CloseMessage {
		w.err = errCloseSent
	}
	return nil
}

// Write is gorilla's path to the connection: the handshake answer and, after a protocol error,
// its close frame. It takes the lock until the deadline gorilla set.
func (w *frameConn) Write(p []byte) (int, error) {
	w.gmu.Lock()
	deadline := w.gdl
	w.gmu.Unlock()
	if err := w.lock(deadline); err != nil {
		return 0, err
	}
	defer w.unlock()
	if err := w.begin(deadline); err != nil {
		return 0, err
	}
	n, err := w.Conn.Write(p)
	if err != nil {
		return n, w.fail(err)
	}
	return n, nil
}

// SetWriteDeadline records gorilla's deadline for its own writes; the session's frames carry
// their own.
func (w *frameConn) SetWriteDeadline(t time.Time) error {
	w.gmu.Lock()
	w.gdl = t
	w.gmu.Unlock()
	return nil
}

// SetDeadline sets the read deadline on the connection and records the write deadline.
func (w *frameConn) SetDeadline(t time.Time) error {
	_ = w.SetWriteDeadline(t)
	return w.Conn.SetReadDeadline(t)
}

// hijackCapture hands gorilla's Upgrader a frameConn instead of the raw hijacked connection.
type hijackCapture struct {
	http.ResponseWriter
	fc *frameConn
}

// Hijack hijacks the underlying connection and wraps it.
func (h *hijackCapture) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, brw, err := http.NewResponseController(h.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	h.fc = newFrameConn(c)
	return h.fc, brw, nil
}

// Unwrap exposes the wrapped ResponseWriter to http.ResponseController.
func (h *hijackCapture) Unwrap() http.ResponseWriter { return h.ResponseWriter }
