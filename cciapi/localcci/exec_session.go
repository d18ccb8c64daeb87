package localcci

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/podmux/podmux/cciapi"
)

const (
	// initialSizeWait is how long a tty exec waits for the client's first size before starting
	// the process at 80x24 (kubelet waits the same).
	initialSizeWait = 500 * time.Millisecond
	// serverPing and serverReadTimeout detect a vanished client: it must send something (data,
	// ping or pong) at least every serverReadTimeout; the server pings every serverPing.
	serverPing        = 30 * time.Second
	serverReadTimeout = 4 * serverPing
	// drainWait is how long the outputs may stay open after the leader exited before the rest
	// of its process group is killed.
	drainWait = 100 * time.Millisecond
)

// execSession is one exec connection: a reader goroutine (stdin, resize, stdin close, pings),
// one pump goroutine per output, and run, which starts, waits for and reaps the process and
// writes the status. Frames are written under wmu.
type execSession struct {
	srv  *Server
	req  *execRequest
	conn *websocket.Conn
	wmu  sync.Mutex

	ctx      context.Context
	cancel   context.CancelFunc
	shutdown func() // ends the session from the registry (server shutdown)
	stopping atomic.Bool

	mu      sync.Mutex
	proc    *process // set once started, under mu
	pending [2]uint16
	sized   chan struct{} // cap 1: a size arrived before the start
	started chan struct{} // closed once the start was attempted (proc may be nil)

	readerDone chan struct{}
}

func newExecSession(s *Server, req *execRequest) *execSession {
	x := &execSession{srv: s, req: req, sized: make(chan struct{}, 1),
		started: make(chan struct{}), readerDone: make(chan struct{})}
	x.ctx, x.cancel = context.WithCancel(context.Background())
	x.shutdown = func() {
		x.stopping.Store(true)
		x.cancel()
	}
	return x
}

// run drives the session until the process ended and the status was sent, or the client went
// away, or the server shuts down. Every goroutine it started has ended when it returns.
func (x *execSession) run(conn *websocket.Conn) {
	x.conn = conn
	defer x.cancel()
	first := cciapi.ChannelStatus // the lowest writable channel gets an empty frame, as kubelet does
	if x.req.stdout {
		first = cciapi.ChannelStdout
	} else if x.req.stderr {
		first = cciapi.ChannelStderr
	}
	_ = x.write([]byte{first})
	go x.readLoop()
	pingDone := make(chan struct{})
	go x.pingLoop(pingDone)
	defer func() {
		_ = conn.Close()
		x.cancel()
		<-x.readerDone
		<-pingDone
	}()

	cols, rows := uint16(80), uint16(24)
	if x.req.tty {
		t := time.NewTimer(initialSizeWait)
		select {
		case <-x.sized:
		case <-t.C:
		case <-x.ctx.Done():
		}
		t.Stop()
	}
	x.mu.Lock()
	if x.pending[0] > 0 {
		cols, rows = x.pending[0], x.pending[1]
	}
	var proc *process
	var startErr error
	if x.ctx.Err() == nil {
		proc, startErr = startProcess(x.req, cols, rows)
		x.proc = proc
	}
	close(x.started)
	x.mu.Unlock()
	if x.ctx.Err() != nil && proc == nil {
		x.abort(nil)
		return
	}
	if startErr != nil {
		x.finish(execStatus(x.req.proto, x.req, nil, startErr))
		return
	}

	x.srv.procs.started()
	var pumps sync.WaitGroup
	stdout, stderr := proc.outputs()
	if stdout != nil {
		pumps.Add(1)
		go x.pump(cciapi.ChannelStdout, stdout, &pumps)
	}
	if stderr != nil {
		pumps.Add(1)
		go x.pump(cciapi.ChannelStderr, stderr, &pumps)
	}
	pumpsDone := make(chan struct{})
	go func() { pumps.Wait(); close(pumpsDone) }()

	select {
	case <-proc.done:
		x.srv.procs.ended() // before the status goes out: a client never sees more than it ran
		t := time.NewTimer(drainWait)
		select {
		case <-pumpsDone:
		case <-t.C:
		case <-x.ctx.Done():
		}
		t.Stop()
		proc.killGroup() // stragglers holding the outputs open; the leader is already reaped
		if x.ctx.Err() != nil {
			x.abort(proc)
			<-pumpsDone
			return
		}
		<-pumpsDone
		proc.closeFiles()
		x.finish(execStatus(x.req.proto, x.req, proc.wait, nil))
	case <-x.ctx.Done():
		x.abort(proc) // returns once the leader was reaped
		x.srv.procs.ended()
		<-pumpsDone
	}
}

// abort ends a session whose client went away or whose server shuts down: close 1001 when
// shutting down, drop the connection (unblocking the pumps), kill and reap the process group.
func (x *execSession) abort(proc *process) {
	if x.stopping.Load() {
		_ = x.conn.WriteControl(websocket.CloseMessage,
			websocket.FormatCloseMessage(websocket.CloseGoingAway, "local server shutting down"), time.Now().Add(killGrace))
	}
	_ = x.conn.Close()
	if proc != nil {
		proc.killGroup()
		proc.closeFiles()
	}
}

// finish sends the status, then a normal close, and waits briefly for the client's close so the
// connection is not reset under data the client has not read yet.
func (x *execSession) finish(status []byte) {
	_ = x.write(append([]byte{cciapi.ChannelStatus}, status...))
	_ = x.conn.WriteControl(websocket.CloseMessage,
		websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
	t := time.NewTimer(time.Second)
	select {
	case <-x.readerDone:
	case <-t.C:
	}
	t.Stop()
}

// write sends one binary message (channel byte included).
func (x *execSession) write(msg []byte) error {
	x.wmu.Lock()
	defer x.wmu.Unlock()
	return x.conn.WriteMessage(websocket.BinaryMessage, msg)
}

// readLoop reads the client's frames: stdin (after the start), resize, stdin close (v5), and
// control frames. It ends when the client closes or vanishes, and then cancels the session.
func (x *execSession) readLoop() {
	defer close(x.readerDone)
	defer x.cancel()
	extend := func() { _ = x.conn.SetReadDeadline(time.Now().Add(serverReadTimeout)) }
	x.conn.SetPingHandler(func(data string) error {
		extend()
		_ = x.conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(time.Second))
		return nil
	})
	x.conn.SetPongHandler(func(string) error { extend(); return nil })
	var ch [1]byte
	for {
		extend()
		mt, r, err := x.conn.NextReader()
		if err != nil {
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
			if proc := x.waitStarted(); proc != nil && x.req.stdin {
				x.copyStdin(proc, r)
			}
		case cciapi.ChannelResize:
			b, _ := io.ReadAll(io.LimitReader(r, 4<<10))
			if w, h, err := cciapi.DecodeResize(b); err == nil {
				x.applySize(w, h)
			}
		case cciapi.ChannelClose:
			b, _ := io.ReadAll(io.LimitReader(r, 16))
			if x.req.proto == cciapi.ProtocolV5 && bytes.IndexByte(b, cciapi.ChannelStdin) >= 0 {
				if proc := x.waitStarted(); proc != nil && x.req.stdin {
					proc.closeStdin()
				}
			}
		}
	}
}

// waitStarted waits until the process start was attempted; nil if it failed or never happened.
func (x *execSession) waitStarted() *process {
	select {
	case <-x.started:
	case <-x.ctx.Done():
		return nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.proc
}

// copyStdin writes one stdin frame to the process; after a write error (the process closed its
// stdin) the rest of the frame is dropped.
func (x *execSession) copyStdin(proc *process, r io.Reader) {
	var buf [32 << 10]byte
	for {
		n, err := r.Read(buf[:])
		if n > 0 {
			if werr := proc.writeStdin(buf[:n]); werr != nil {
				_, _ = io.Copy(io.Discard, r)
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// applySize resizes the running pty, or remembers the size for the start.
func (x *execSession) applySize(w, h uint16) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.proc != nil {
		x.proc.resize(w, h)
		return
	}
	x.pending = [2]uint16{w, h}
	select {
	case x.sized <- struct{}{}:
	default:
	}
}

// pingLoop pings the client every serverPing until the session ends; a ping that cannot be
// written (the connection is broken) ends the session even while the reader is blocked.
func (x *execSession) pingLoop(done chan struct{}) {
	defer close(done)
	t := time.NewTicker(serverPing)
	defer t.Stop()
	for {
		select {
		case <-x.ctx.Done():
			return
		case <-t.C:
			err := x.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(serverPing))
			var ne net.Error
			if err != nil && !(errors.As(err, &ne) && ne.Timeout()) {
				x.cancel() // the connection is gone: end the session
				return
			}
		}
	}
}
