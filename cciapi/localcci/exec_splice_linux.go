//go:build linux

package localcci

import (
	"errors"
	"io"
	"net"
	"os"
	"syscall"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/sys/unix"
)

// spliceMax bounds one spliced frame's payload (a grown pipe holds bulkPipeSize).
const spliceMax = 4 << 20

// spliceFn is splice(2); a variable so tests can make it fail part-way through a frame.
var spliceFn = unix.Splice

// errSpliceUnsupported reports that the kernel refused to splice from the pipe into the socket.
// The frame in flight was completed by copying; the pump continues by copying.
var errSpliceUnsupported = errors.New("splice from the output pipe into the socket is not supported here")

// spliceTarget returns the socket to splice into: only a plain TCP connection (a TLS
// connection's bytes must pass through the TLS writer).
func spliceTarget(c net.Conn) syscall.RawConn {
	tc, ok := c.(*net.TCPConn)
	if !ok {
		return nil
	}
	rc, err := tc.SyscallConn()
	if err != nil {
		return nil
	}
	return rc
}

// splicePump sends a non-tty output pipe as channel ch's frames without copying the output
// through this process: it learns how much the pipe holds (FIONREAD), writes the frame header
// and channel byte, then splices exactly that much from the pipe into the socket, all under the
// connection's write lock. It returns false when the rest of the output is left to the copying
// pump: splicing is impossible (not a plain TCP connection), the pipe cannot be queried, or the
// kernel refused a splice (errSpliceUnsupported; that frame was completed by copying). It
// returns true once the output ended or the client is gone (the session is then cancelled).
func (x *execSession) splicePump(ch byte, f *os.File) bool {
	if x.fc.raw == nil {
		return false
	}
	prc, err := f.SyscallConn()
	if err != nil {
		return false
	}
	grown := false
	for {
		n, err := pipeAvailable(prc)
		if err == io.EOF {
			return true
		}
		if err != nil {
			// Nothing was taken from the pipe: the copying pump carries on, and meets the same
			// error (a pipe closed under us as the session ends) or copes.
			return false
		}
		n = min(n, spliceMax)
		if err := x.fc.spliceFrame(ch, prc, n); err != nil {
			if errors.Is(err, errSpliceUnsupported) {
				return false
			}
			x.cancel() // the client is gone
			return true
		}
		if !grown && n >= 64<<10 {
			growPipe(f) // bulk output: let the kernel buffer more, so frames get bigger
			grown = true
		}
	}
}

// pipeAvailable waits until the pipe holds data and returns how many bytes, or io.EOF once it
// is empty and every writer closed it.
func pipeAvailable(prc syscall.RawConn) (int, error) {
	var n int
	var err error
	rerr := prc.Read(func(fd uintptr) bool {
		hup := false
		for range 4 {
			n, err = unix.IoctlGetInt(int(fd), unix.TIOCINQ) // TIOCINQ is FIONREAD
			if err != nil || n > 0 {
				return true
			}
			if hup {
				err = io.EOF // writers gone and nothing left: FIONREAD after POLLHUP is final
				return true
			}
			pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
			if _, perr := unix.Poll(pfd, 0); perr != nil && perr != unix.EINTR {
				err = perr
				return true
			}
			switch {
			case pfd[0].Revents&(unix.POLLHUP|unix.POLLERR) != 0:
				hup = true
			case pfd[0].Revents&unix.POLLIN == 0:
				return false // empty: wait for the poller's next readiness
			}
			// POLLIN after FIONREAD said 0: a write raced the check; look again.
		}
		return false
	})
	if err == nil {
		err = rerr
	}
	return n, err
}

// spliceFrame sends one binary frame on channel ch whose payload is the next n bytes of the
// pipe (which holds at least n: this goroutine is its only reader). Header and channel byte go
// out with MSG_MORE so they share a segment with the payload. If the kernel refuses the splice,
// the rest of the frame is copied and errSpliceUnsupported returned; any other failure after the
// header leaves a torn frame, so it is sticky.
func (w *frameConn) spliceFrame(ch byte, prc syscall.RawConn, n int) error {
	if err := w.lock(time.Time{}); err != nil {
		return err
	}
	defer w.unlock()
	if err := w.begin(time.Time{}); err != nil {
		return err
	}
	h := append(w.header(websocket.BinaryMessage, 1+n), ch)
	if err := w.sendMore(h); err != nil {
		return w.fail(err)
	}
	left := n
	var serr error
	cerr := prc.Control(func(pfd uintptr) {
		werr := w.raw.Write(func(sfd uintptr) bool {
			for left > 0 {
				k, err := spliceFn(int(pfd), nil, int(sfd), nil, left, unix.SPLICE_F_MOVE|unix.SPLICE_F_NONBLOCK)
				switch {
				case err == unix.EAGAIN:
					return false // the socket is full: wait until it drains
				case err == unix.EINTR:
					continue
				case err != nil:
					serr = err
					return true
				case k == 0:
					serr = io.ErrUnexpectedEOF // cannot happen: the pipe held n bytes
					return true
				}
				left -= int(k)
			}
			return true
		})
		if serr == nil {
			serr = werr
		}
	})
	if serr == nil {
		serr = cerr
	}
	if serr == nil {
		return nil
	}
	if errors.Is(serr, unix.EINVAL) || errors.Is(serr, unix.ENOSYS) || errors.Is(serr, unix.EPERM) || errors.Is(serr, unix.EOPNOTSUPP) {
		if err := w.copyRest(prc, left); err != nil {
			return w.fail(err)
		}
		return errSpliceUnsupported
	}
	return w.fail(serr)
}

// sendMore writes b to the socket with MSG_MORE (under the lock).
func (w *frameConn) sendMore(b []byte) error {
	var serr error
	werr := w.raw.Write(func(sfd uintptr) bool {
		for len(b) > 0 {
			k, err := unix.SendmsgN(int(sfd), b, nil, nil, unix.MSG_MORE)
			switch {
			case err == unix.EAGAIN:
				return false
			case err == unix.EINTR:
				continue
			case err != nil:
				serr = err
				return true
			}
			b = b[k:]
		}
		return true
	})
	if serr != nil {
		return serr
	}
	return werr
}

// copyRest completes a frame whose splice the kernel refused: the next left bytes of the pipe
// are read and written the ordinary way (under the lock).
func (w *frameConn) copyRest(prc syscall.RawConn, left int) error {
	buf := make([]byte, min(left, 64<<10))
	for left > 0 {
		k := 0
		var rerr error
		if err := prc.Read(func(fd uintptr) bool {
			k, rerr = unix.Read(int(fd), buf[:min(left, len(buf))])
			return rerr != unix.EAGAIN
		}); err != nil {
			return err
		}
		if rerr != nil {
			return rerr
		}
		if k == 0 {
			return io.ErrUnexpectedEOF
		}
		if _, err := w.Conn.Write(buf[:k]); err != nil {
			return err
		}
		left -= k
	}
	return nil
}
