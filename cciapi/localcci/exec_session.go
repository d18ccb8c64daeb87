package localcci

import (
	"context"
	"io"
	"sync"
	"sync/atomic"
	"time"

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

// execConn is the protocol side of one exec session: a WebSocket (exec_ws_conn.go) or an
// SPDY/3.1 connection (exec_spdy.go). The session drives it; it feeds the session's input
// methods (stdinData, stdinEOF, applySize) from its own goroutines and cancels the session when
// the client is gone.
type execConn interface {
	// serve starts the connection's goroutines (readers, pinger) for x.
	serve(x *execSession)
	// write sends one output message; msg[0] is its channel (stdout or stderr), msg[1:] the data.
	// Safe for concurrent use.
	write(msg []byte) error
	// finish sends the status (x.req.proto's form), ends the connection in order and waits
	// briefly for the client to see it all.
	finish(st cciapi.Status)
	// abort drops the connection; goingAway tells the client the server shuts down, where the
	// protocol can say so.
	abort(goingAway bool)
	// close closes the connection and waits for every goroutine serve started.
	close()
}

// execSession is one exec: its connection's goroutines (stdin, resize, stdin close, pings), one
// pump goroutine per output, and run, which starts, waits for and reaps the process and
// sends the status.
type execSession struct {
	srv  *Server
	req  *execRequest
	conn execConn

	ctx      context.Context
	cancel   context.CancelFunc
	shutdown func() // ends the session from the registry (server shutdown)
	stopping atomic.Bool

	mu      sync.Mutex
	proc    *process // set once started, under mu
	pending [2]uint16
	sized   chan struct{} // cap 1: a size arrived before the start
	started chan struct{} // closed once the start was attempted (proc may be nil)
}

func newExecSession(s *Server, req *execRequest) *execSession {
	x := &execSession{srv: s, req: req, sized: make(chan struct{}, 1), started: make(chan struct{})}
	x.ctx, x.cancel = context.WithCancel(context.Background())
	x.shutdown = func() {
		x.stopping.Store(true)
		x.cancel()
	}
	return x
}

// run drives the session until the process ended and the status was sent, or the client went
// away, or the server shuts down. Every goroutine it started has ended when it returns.
func (x *execSession) run(conn execConn) {
	x.conn = conn
	defer x.cancel()
	conn.serve(x)
	defer func() {
		x.cancel()
		conn.close()
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
		conn.finish(execStatusValue(x.req, nil, startErr))
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
		conn.finish(execStatusValue(x.req, proc.wait, nil))
	case <-x.ctx.Done():
		x.abort(proc) // returns once the leader was reaped
		x.srv.procs.ended()
		<-pumpsDone
	}
}

// abort ends a session whose client went away or whose server shuts down: tell the client when
// shutting down, drop the connection (unblocking the pumps), kill and reap the process group.
func (x *execSession) abort(proc *process) {
	x.conn.abort(x.stopping.Load())
	if proc != nil {
		proc.killGroup()
		proc.closeFiles()
	}
}

// write sends one output message (channel byte included).
func (x *execSession) write(msg []byte) error { return x.conn.write(msg) }

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

// stdinData copies one piece of client stdin (read from r) to the process once it started; after
// a write error (the process closed its stdin) the rest of r is dropped.
func (x *execSession) stdinData(r io.Reader) {
	proc := x.waitStarted()
	if proc == nil || !x.req.stdin {
		_, _ = io.Copy(io.Discard, r)
		return
	}
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

// stdinEOF is the client's end of stdin (v5 close message, SPDY half-close).
func (x *execSession) stdinEOF() {
	if proc := x.waitStarted(); proc != nil && x.req.stdin {
		proc.closeStdin()
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
