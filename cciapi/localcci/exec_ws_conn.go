package localcci

import (
	"bytes"
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/podmux/podmux/cciapi"
)

// wsConn is an exec session's WebSocket (v5.channel.k8s.io or v4.channel.k8s.io): a reader
// goroutine (stdin, resize, stdin close, pings) and a pinger. Messages are written under wmu.
// With frames set (strict mode), a fragmented client message ends the session with a 1002 close
// that says why, instead of being reassembled (exec_ws_strict.go).
type wsConn struct {
	conn   *websocket.Conn
	frames *frameWatch // nil: lenient (gorilla reassembles fragments)
	wmu    sync.Mutex
	x      *execSession

	readerDone chan struct{}
	pingDone   chan struct{}
	ponging    atomic.Bool // a pong is being written (pong)
}

var _ execConn = (*wsConn)(nil)

func newWSConn(conn *websocket.Conn, frames *frameWatch) *wsConn {
	return &wsConn{conn: conn, frames: frames, readerDone: make(chan struct{}), pingDone: make(chan struct{})}
}

func (c *wsConn) serve(x *execSession) {
	c.x = x
	first := cciapi.ChannelStatus // the lowest writable channel gets an empty frame, as kubelet does
	if x.req.stdout {
		first = cciapi.ChannelStdout
	} else if x.req.stderr {
		first = cciapi.ChannelStderr
	}
	_ = c.write([]byte{first})
	go c.readLoop()
	go c.pingLoop()
}

func (c *wsConn) close() {
	_ = c.conn.Close()
	<-c.readerDone
	<-c.pingDone
}

// abort sends 1001 when shutting down, then drops the connection.
func (c *wsConn) abort(goingAway bool) {
	if goingAway {
		_ = c.conn.WriteControl(websocket.CloseMessage,
			websocket.FormatCloseMessage(websocket.CloseGoingAway, "local server shutting down"), time.Now().Add(killGrace))
	}
	_ = c.conn.Close()
}

// finish sends the status, then a normal close, and waits briefly for the client's close so the
// connection is not reset under data the client has not read yet.
func (c *wsConn) finish(st cciapi.Status) {
	_ = c.write(append([]byte{cciapi.ChannelStatus}, encodeStatus(c.x.req.proto, st)...))
	_ = c.conn.WriteControl(websocket.CloseMessage,
		websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
	t := time.NewTimer(time.Second)
	select {
	case <-c.readerDone:
	case <-t.C:
	}
	t.Stop()
}

// write sends one binary message (channel byte included).
func (c *wsConn) write(msg []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.conn.WriteMessage(websocket.BinaryMessage, msg)
}

// readLoop reads the client's messages: stdin (after the start), resize, stdin close (v5), and
// control frames. It ends when the client closes or vanishes, and then cancels the session.
func (c *wsConn) readLoop() {
	x := c.x
	defer close(c.readerDone)
	defer x.cancel()
	extend := func() { _ = c.conn.SetReadDeadline(time.Now().Add(serverReadTimeout)) }
	c.conn.SetPingHandler(func(data string) error {
		extend()
		c.pong(data)
		return nil
	})
	c.conn.SetPongHandler(func(string) error { extend(); return nil })
	var ch [1]byte
	for {
		extend()
		mt, r, err := c.conn.NextReader()
		if err != nil {
			if c.frames != nil && c.frames.violated() {
				_ = c.conn.WriteControl(websocket.CloseMessage,
					websocket.FormatCloseMessage(websocket.CloseProtocolError, fragmentRefusal), time.Now().Add(time.Second))
				c.frames.drain()
			}
			return
		}
		if mt != websocket.BinaryMessage {
			continue
		}
		if _, err := io.ReadFull(r, ch[:]); err != nil {
			continue
		}
		switch ch[0] {
		case cciapi.ChannelStdin:
			x.stdinData(r)
		case cciapi.ChannelResize:
			b, _ := io.ReadAll(io.LimitReader(r, 4<<10))
			if w, h, err := cciapi.DecodeResize(b); err == nil {
				x.applySize(w, h)
			}
		case cciapi.ChannelClose:
			b, _ := io.ReadAll(io.LimitReader(r, 16))
			if x.req.proto == cciapi.ProtocolV5 && bytes.IndexByte(b, cciapi.ChannelStdin) >= 0 {
				x.stdinEOF()
			}
		}
	}
}

// pong answers a client's ping without holding up the reader, at most one at a time. The pong
// waits behind the output already in the socket: a client that reads slowly (podmux's flow
// control holds a background pane back for seconds) leaves it full, and a control frame whose
// write times out breaks a gorilla connection for good. So the pong may take as long as the
// client may stay silent (serverReadTimeout), as the pings' does; a second ping while one pong
// is pending needs no answer of its own.
func (c *wsConn) pong(data string) {
	if !c.ponging.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer c.ponging.Store(false)
		_ = c.conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(serverReadTimeout))
	}()
}

// pingLoop pings the client every serverPing until the session ends; a ping that cannot be
// written (the connection is broken) ends the session even while the reader is blocked.
func (c *wsConn) pingLoop() {
	defer close(c.pingDone)
	t := time.NewTicker(serverPing)
	defer t.Stop()
	for {
		select {
		case <-c.x.ctx.Done():
			return
		case <-t.C:
			// The deadline is the client's silence limit, not serverPing: behind a full
			// socket a timed-out write would break the connection of a client that is only
			// slow (see pong).
			err := c.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(serverReadTimeout))
			var ne net.Error
			if err != nil && !(errors.As(err, &ne) && ne.Timeout()) {
				c.x.cancel() // the connection is gone: end the session
				return
			}
		}
	}
}
