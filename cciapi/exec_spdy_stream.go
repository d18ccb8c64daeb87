package cciapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/moby/spdystream"
)

// spdyStream is one exec over SPDY/3.1. spdystream reads the connection (its Serve goroutine and
// frame workers); one pump goroutine per output stream moves data into a pumpPipe, and one
// reads the error stream. The result (exit code or error) is decided once, by the error-stream
// reader; the output pipes end only after it, with io.EOF after a status and with the failure
// otherwise, so a dropped connection is never taken for a finished command.
type spdyStream struct {
	conn  *spdystream.Connection
	raw   *spdyConn
	proto string
	opts  ExecOptions
	ss    spdyStreams

	stdout, stderr *pumpPipe
	stdin          *spdyStdin
	goaway         chan *spdystream.Stream // the server ended the connection with GOAWAY

	resultDone chan struct{} // closed once code and err are final
	code       int
	err        error
	resultOnce sync.Once

	closing   atomic.Bool
	closeOnce sync.Once
	pumps     sync.WaitGroup
	rmu       sync.Mutex // serialises resize objects
	stopCtx   func() bool
	pingDone  chan struct{}
	serveDone chan struct{} // spdystream's Serve returned: every stream's reads have ended
}

var _ Stream = (*spdyStream)(nil)

// newSPDYStream starts spdystream on the upgraded connection, opens the streams and sends the
// initial size.
func newSPDYStream(ctx context.Context, raw *spdyConn, proto string, o ExecOptions, keepalive time.Duration) (*spdyStream, error) {
	conn, err := spdystream.NewConnection(raw, false)
	if err != nil {
		_ = raw.Close()
		return nil, err
	}
	s := &spdyStream{
		conn: conn, raw: raw, proto: proto, opts: o,
		stdout: newPumpPipe(false), stderr: newPumpPipe(true),
		goaway:     make(chan *spdystream.Stream, 1),
		resultDone: make(chan struct{}),
		pingDone:   make(chan struct{}),
		serveDone:  make(chan struct{}),
	}
	conn.NotifyClose(s.goaway, 0)
	go func() {
		conn.Serve(refuseStreams)
		close(s.serveDone)
	}()
	ss, err := openSPDYStreams(ctx, conn, s.serveDone, proto, o)
	s.ss = ss
	if err != nil {
		s.shutdown()
		<-s.serveDone
		if rerr := raw.err(); rerr != nil && !errors.Is(err, ErrConnectionLost) && ctx.Err() == nil {
			err = lostError{fmt.Errorf("%w (connection: %v)", err, rerr)}
		}
		return nil, err
	}
	s.stdin = &spdyStdin{s: s}
	if o.TTY && o.InitialWidth > 0 && o.InitialHeight > 0 {
		if err := s.Resize(o.InitialWidth, o.InitialHeight); err != nil {
			s.shutdown()
			return nil, fmt.Errorf("sending the initial size: %w", err)
		}
	}
	s.startPump(ss.stdout, s.stdout)
	s.startPump(ss.stderr, s.stderr)
	go s.readStatus()
	if keepalive > 0 {
		go s.pingLoop(keepalive)
	} else {
		close(s.pingDone)
	}
	if ctx.Done() != nil {
		s.stopCtx = context.AfterFunc(ctx, func() { _ = s.Close() })
	}
	return s, nil
}

func (s *spdyStream) Stdin() io.WriteCloser { return s.stdin }
func (s *spdyStream) Stdout() io.Reader     { return s.stdout }
func (s *spdyStream) Stderr() io.Reader     { return s.stderr }

// Protocol names the transport and the negotiated version, e.g. "spdy v4".
func (s *spdyStream) Protocol() string { return SPDYProtocolLabel(s.proto) }

// SPDYProtocolLabel is what podmux shows for an SPDY exec protocol version: "spdy v4" for
// v4.channel.k8s.io, "spdy v1" for channel.k8s.io.
func SPDYProtocolLabel(proto string) string {
	v, ok := strings.CutSuffix(proto, ".channel.k8s.io")
	if !ok {
		v = "v1"
	}
	return "spdy " + v
}

// startPump copies one output stream into its pipe; the pipe ends once the result is known.
func (s *spdyStream) startPump(st *spdystream.Stream, p *pumpPipe) {
	if st == nil {
		p.closeWrite(io.EOF)
		return
	}
	s.pumps.Add(1)
	go func() {
		defer s.pumps.Done()
		err := p.fill(st)
		<-s.resultDone
		switch {
		case err != nil:
			p.closeWrite(err)
		case s.statusArrived():
			p.closeWrite(io.EOF)
		default:
			p.closeWrite(s.err)
		}
	}()
}

// statusArrived reports whether the result came from the server (an exit code or its error)
// rather than from the connection. Only after resultDone.
func (s *spdyStream) statusArrived() bool {
	var lost interface{ ConnectionLost() bool }
	return !errors.Is(s.err, ErrStreamClosed) && !errors.As(s.err, &lost) && !errors.Is(s.err, errNoStatus)
}

// errNoStatus: the server ended the stream cleanly but sent no v4 status.
var errNoStatus = errors.New("the server ended the exec stream without an exit status")

// readStatus reads the error stream to its end and decides the result.
func (s *spdyStream) readStatus() {
	b, rerr := io.ReadAll(io.LimitReader(s.ss.errs, maxStatusFrame+1))
	code, err := -1, error(nil)
	switch {
	case s.closing.Load():
		err = ErrStreamClosed
	case len(b) > 0 && s.proto == ProtocolSPDYV4:
		code, err = DecodeExecStatus(b)
	case len(b) > 0:
		code, err = decodePlainStatus(b)
	case rerr != nil:
		err = lostError{fmt.Errorf("exec connection lost before the command finished: %w", rerr)}
	case s.dropped():
		err = s.lostErr()
	case s.proto == ProtocolSPDYV4:
		err = errNoStatus
	default:
		code = 0 // v1–v3 say nothing on success
	}
	s.setResult(code, err)
}

// dropped reports whether the connection ended without the server's GOAWAY (a reset, EOF or
// silence past the keepalive). Called after the error stream ended.
func (s *spdyStream) dropped() bool {
	select {
	case <-s.goaway:
		return false
	default:
	}
	if s.raw.err() == nil {
		return false // the stream ended by itself; the connection still runs
	}
	select { // the GOAWAY may be handled just after the read loop ended
	case <-s.goaway:
		return false
	case <-time.After(50 * time.Millisecond):
		return true
	}
}

// lostErr describes how the connection dropped.
func (s *spdyStream) lostErr() error {
	err := s.raw.err()
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return lostError{fmt.Errorf("no answer from the server for %s: the exec connection is presumed dead", 3*s.raw.keepalive)}
	}
	if err == io.EOF {
		return lostError{errors.New("exec connection lost before the command finished: the server dropped it without a status")}
	}
	return lostError{fmt.Errorf("exec connection lost before the command finished: %w", err)}
}

// plainExitCode finds the exit code in kubelet's v1–v3 text ("…, exit code 3").
var plainExitCode = regexp.MustCompile(`(?:exit code|exit status|exited with)\s*:?\s*(\d{1,3})\s*$`)

// decodePlainStatus reads a v1–v3 error stream: plain text. Kubelet writes nothing on success.
func decodePlainStatus(b []byte) (int, error) {
	msg := strings.TrimSpace(string(b))
	e := &ExecError{Message: msg, ExitCode: -1}
	if m := plainExitCode.FindStringSubmatch(msg); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil && n <= 255 {
			if strings.Contains(msg, "non-zero exit code") {
				return n, nil
			}
			e.ExitCode = n
		}
	}
	return -1, e
}

func (s *spdyStream) setResult(code int, err error) {
	s.resultOnce.Do(func() {
		s.code, s.err = code, err
		close(s.resultDone)
	})
}

// Wait blocks until the result is known. Output keeps arriving into the pipes meanwhile (Stdout
// up to its 1 MiB, then the connection is held back), so read Stdout to the end before or while
// waiting.
func (s *spdyStream) Wait() (int, error) {
	<-s.resultDone
	return s.code, s.err
}

// Resize sends a terminal size as one JSON object on the resize stream. Without a tty (or on v1
// and v2, which have no resize stream) there is nothing to resize, and it does nothing.
func (s *spdyStream) Resize(width, height uint16) error {
	if width == 0 || height == 0 {
		return fmt.Errorf("exec resize to %dx%d: width and height must be at least 1", width, height)
	}
	if s.ss.resize == nil {
		return nil
	}
	if s.closing.Load() {
		return ErrStreamClosed
	}
	b := append(EncodeResize(width, height), '\n')
	s.rmu.Lock()
	defer s.rmu.Unlock()
	if _, err := s.ss.resize.Write(b); err != nil {
		return fmt.Errorf("exec resize: %w", err)
	}
	return nil
}

// Close resets the streams, ends the connection and waits for every goroutine of the stream.
// Readers of Stdout/Stderr get ErrStreamClosed; Wait, if no status had arrived, returns
// ErrStreamClosed.
func (s *spdyStream) Close() error {
	s.closeOnce.Do(func() {
		s.closing.Store(true)
		if s.stopCtx != nil {
			s.stopCtx()
		}
		s.stdout.closeRead(ErrStreamClosed)
		s.stderr.closeRead(ErrStreamClosed)
		s.shutdown()
		<-s.serveDone
		s.setResult(-1, ErrStreamClosed)
		s.pumps.Wait()
		<-s.pingDone
	})
	return nil
}

// shutdown resets every stream (so spdystream's shutdown need not wait for them) and ends the
// connection: GOAWAY, then the network connection is closed.
func (s *spdyStream) shutdown() {
	for _, st := range []*spdystream.Stream{s.ss.errs, s.ss.stdin, s.ss.stdout, s.ss.stderr, s.ss.resize} {
		if st != nil {
			_ = st.Reset()
		}
	}
	_ = s.conn.Close()
	// spdystream closes the network connection once no stream is left; a write stuck on a dead
	// peer would hold it, so make sure.
	go func() {
		t := time.NewTimer(closeGrace)
		defer t.Stop()
		select {
		case <-s.conn.CloseChan():
		case <-t.C:
			_ = s.raw.Conn.Close()
		}
	}()
}

// pingLoop sends an SPDY PING every keepalive period until the connection ends. The answers (like
// any other frame) push the read deadline on; see spdyConn.
func (s *spdyStream) pingLoop(keepalive time.Duration) {
	defer close(s.pingDone)
	t := time.NewTicker(keepalive)
	defer t.Stop()
	pinging := make(chan struct{}, 1)
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		select {
		case <-s.conn.CloseChan():
			return
		case <-t.C:
			select {
			case pinging <- struct{}{}:
			default:
				continue // the last ping is unanswered yet
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _ = s.conn.Ping()
				<-pinging
			}()
		}
	}
}

// spdyStdin is the exec's stdin stream: writes go out as data frames of at most maxStdinFrame
// bytes; Close half-closes the stream (SPDY FIN), which is stdin EOF on every version.
type spdyStdin struct {
	s      *spdyStream
	mu     sync.Mutex
	closed bool
}

// Write sends p to the remote stdin.
func (w *spdyStdin) Write(p []byte) (int, error) {
	st := w.s.ss.stdin
	if st == nil {
		return 0, errors.New("exec stdin was not requested: set ExecOptions.Stdin")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return 0, errors.New("exec stdin is closed")
	}
	n := 0
	for len(p) > 0 {
		if w.s.closing.Load() {
			return n, ErrStreamClosed
		}
		k := min(len(p), maxStdinFrame)
		if _, err := st.Write(p[:k]); err != nil {
			return n, fmt.Errorf("exec stdin: %w", err)
		}
		n += k
		p = p[k:]
	}
	return n, nil
}

// Close sends stdin EOF.
func (w *spdyStdin) Close() error {
	st := w.s.ss.stdin
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed || st == nil {
		w.closed = true
		return nil
	}
	w.closed = true
	if err := st.Close(); err != nil && !w.s.closing.Load() {
		return fmt.Errorf("exec stdin: %w", err)
	}
	return nil
}
