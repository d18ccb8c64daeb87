package localcci

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync/atomic"
	"time"
)

// Fragment policies for client WebSocket messages (Options.WSFragments).
const (
	// FragmentsReassemble joins a fragmented message, as gorilla/websocket (and so this server by
	// itself) does. Lenient: a client that fragments works here and fails on Kubernetes.
	FragmentsReassemble = "reassemble"
	// FragmentsReject ends the session with close code 1002 and fragmentRefusal at the first
	// fragmented client message. Kubernetes' own servers (k8s.io/streaming wsstream, on
	// golang.org/x/net/websocket) read every frame as a message: the continuation frame's first
	// byte is taken as a channel and dropped, so a client that fragments loses data there.
	// Rejecting makes such a client fail here too, loudly.
	FragmentsReject = "reject"
)

// FragmentsEnv, when set to reject or reassemble, overrides the default fragment policy of every
// server whose Options leave WSFragments empty (so a test run can switch all of them).
const FragmentsEnv = "PODMUX_LOCALCCI_WS_FRAGMENTS"

// defaultFragments is the policy of a server whose Options leave WSFragments empty and whose
// environment does not set FragmentsEnv.
const defaultFragments = FragmentsReject

// fragmentRefusal is the close reason a rejected fragmented message gets (at most 123 bytes).
const fragmentRefusal = "fragmented message: Kubernetes reads each frame as a message; send one frame per message"

// resolveFragments validates a fragment policy and fills in the default.
func resolveFragments(p string) (string, error) {
	if p == "" {
		p = os.Getenv(FragmentsEnv)
	}
	switch p {
	case "":
		return defaultFragments, nil
	case FragmentsReassemble, FragmentsReject:
		return p, nil
	}
	return "", fmt.Errorf("WebSocket fragment policy %q: want %s or %s", p, FragmentsReject, FragmentsReassemble)
}

// errFragmented is the read error a frameWatch turns a fragmented client message into.
var errFragmented = errors.New("client sent a fragmented WebSocket message")

// frameWatch follows the WebSocket frame headers of a byte stream from a client (RFC 6455
// section 5.2) and records a data frame that is not a whole message: FIN clear, or a
// continuation opcode. Control frames may not be fragmented anyway and are let through.
type frameWatch struct {
	hdr     [14]byte
	have    int    // header bytes collected
	payload uint64 // payload bytes of the current frame still to skip
	bad     atomic.Bool
	raw     *frameConn // the watched connection, set at the upgrade
}

// drain reads and drops what the client still sends, for up to a second, after the refusal was
// written: closing a socket with unread data resets it, and the reset could reach the client
// before it read the close frame that says why.
func (f *frameWatch) drain() {
	if f.raw == nil {
		return
	}
	_ = f.raw.SetReadDeadline(time.Now().Add(time.Second))
	_, _ = io.Copy(io.Discard, f.raw.r)
}

func (f *frameWatch) violated() bool { return f != nil && f.bad.Load() }

// feed consumes p; it reports false once a fragmented message was seen.
func (f *frameWatch) feed(p []byte) bool {
	for len(p) > 0 && !f.bad.Load() {
		if f.payload > 0 {
			k := uint64(len(p))
			if k > f.payload {
				k = f.payload
			}
			p = p[k:]
			f.payload -= k
			continue
		}
		need := 2
		if f.have >= 2 {
			switch f.hdr[1] & 0x7f {
			case 126:
				need += 2
			case 127:
				need += 8
			}
			if f.hdr[1]&0x80 != 0 {
				need += 4 // masking key
			}
		}
		k := copy(f.hdr[f.have:need], p)
		p = p[k:]
		f.have += k
		if f.have < need || need == 2 && f.hdrLongerThanTwo() {
			continue
		}
		f.frameDone()
	}
	return !f.bad.Load()
}

// hdrLongerThanTwo reports whether the header, of which two bytes are in, has more to come.
func (f *frameWatch) hdrLongerThanTwo() bool {
	return f.hdr[1]&0x80 != 0 || f.hdr[1]&0x7f >= 126
}

// frameDone checks the complete header in hdr and sets up the payload skip.
func (f *frameWatch) frameDone() {
	fin, op := f.hdr[0]&0x80 != 0, f.hdr[0]&0x0f
	n := uint64(f.hdr[1] & 0x7f)
	switch n {
	case 126:
		n = uint64(binary.BigEndian.Uint16(f.hdr[2:4]))
	case 127:
		n = binary.BigEndian.Uint64(f.hdr[2:10])
	}
	if op < 8 && (!fin || op == 0) {
		f.bad.Store(true)
	}
	f.payload, f.have = n, 0
}

// frameConn is a hijacked client connection whose reads go through a frameWatch.
type frameConn struct {
	net.Conn
	r io.Reader
	w *frameWatch
}

// NetConn is the hijacked connection (sendBuffers.bound tunes its socket).
func (c *frameConn) NetConn() net.Conn { return c.Conn }

func (c *frameConn) Read(b []byte) (int, error) {
	if c.w.violated() {
		return 0, errFragmented
	}
	n, err := c.r.Read(b)
	if n > 0 && !c.w.feed(b[:n]) {
		return 0, errFragmented
	}
	return n, err
}

// watchedWriter hands gorilla's Upgrade a hijacked connection that watches the client's frames.
type watchedWriter struct {
	http.ResponseWriter
	w *frameWatch
}

func (ww watchedWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, brw, err := http.NewResponseController(ww.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	var r io.Reader = c
	if brw.Reader.Buffered() > 0 {
		r = brw.Reader // bytes the client sent early, then the connection
	}
	fc := &frameConn{Conn: c, r: r, w: ww.w}
	ww.w.raw = fc
	return fc, bufio.NewReadWriter(bufio.NewReaderSize(fc, 4096), brw.Writer), nil
}
