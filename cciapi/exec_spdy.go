package cciapi

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/moby/spdystream"
)

// SPDY exec: the upgrade and stream names of Kubernetes' remotecommand over SPDY/3.1 (kubelet's
// streaming server; client-go tools/remotecommand).
const (
	ProtocolSPDYV4 = "v4.channel.k8s.io"
	ProtocolSPDYV3 = "v3.channel.k8s.io"
	ProtocolSPDYV2 = "v2.channel.k8s.io"
	ProtocolSPDYV1 = "channel.k8s.io"

	headerStreamProtocol = "X-Stream-Protocol-Version"
	headerStreamType     = "streamType"
	upgradeSPDY          = "SPDY/3.1"

	// spdyReadBuffer buffers the connection under spdystream's framer, which reads each frame
	// header in several small reads; it also keeps what the upgrade answer's reader read ahead.
	spdyReadBuffer = 64 << 10
	// spdyReplyTimeout bounds waiting for the server to accept the streams (client-go: 30 s).
	spdyReplyTimeout = 30 * time.Second
)

// spdyProtocols is what podmux offers, in order of preference.
var spdyProtocols = []string{ProtocolSPDYV4, ProtocolSPDYV3, ProtocolSPDYV2, ProtocolSPDYV1}

// dialSPDY runs one exec over SPDY/3.1 on POST: it signs the POST like a REST call (with
// Content-Type: application/json, which the CCI API reference requires), upgrades it, opens the
// error stream first and then stdin, stdout, stderr and resize as asked, and sends the initial
// size. A refused upgrade wraps the server's *StatusError.
func (c *Client) dialSPDY(ctx context.Context, u *url.URL, o ExecOptions, target string) (Stream, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", target, err)
	}
	req.Header.Set("Content-Type", "application/json")
	if err := c.prepare(req); err != nil {
		return nil, fmt.Errorf("%s: credentials: %w", target, err)
	}
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Upgrade", upgradeSPDY)
	for _, p := range spdyProtocols {
		req.Header.Add(headerStreamProtocol, p)
	}
	lost := func(err error) error {
		err = fmt.Errorf("%s: connecting to %s: %w", target, c.base.Host, err)
		if ctx.Err() == nil {
			err = lostError{err}
		}
		return err
	}
	raw, err := c.dialRaw(ctx)
	if err != nil {
		return nil, lost(err)
	}
	// The handshake is bounded by the dial timeout and by ctx.
	stop := context.AfterFunc(ctx, func() { _ = raw.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	_ = raw.SetDeadline(time.Now().Add(c.cfg.DialTimeout))
	if err := req.Write(raw); err != nil {
		_ = raw.Close()
		return nil, lost(err)
	}
	br := bufio.NewReaderSize(raw, spdyReadBuffer)
	resp, err := http.ReadResponse(br, req)
	if err != nil {
		_ = raw.Close()
		return nil, lost(err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		err := DecodeErrorResponse(resp)
		_ = raw.Close()
		return nil, refusedError{fmt.Errorf("%s: %w", target, err)}
	}
	if !strings.EqualFold(resp.Header.Get("Upgrade"), upgradeSPDY) {
		_ = raw.Close()
		return nil, refusedError{fmt.Errorf("%s: the server upgraded to %q instead of %s", target, resp.Header.Get("Upgrade"), upgradeSPDY)}
	}
	proto := resp.Header.Get(headerStreamProtocol)
	if proto == "" {
		proto = ProtocolSPDYV1 // client-go: no answer means the first protocol version
	}
	if !isSPDYProtocol(proto) {
		_ = raw.Close()
		return nil, refusedError{fmt.Errorf("%s: the server chose exec protocol %q; podmux speaks %s", target, proto, strings.Join(spdyProtocols, ", "))}
	}
	if ctx.Err() != nil {
		_ = raw.Close()
		return nil, fmt.Errorf("%s: %w", target, ctx.Err())
	}
	_ = raw.SetDeadline(time.Time{})
	stop()
	s, err := newSPDYStream(ctx, &spdyConn{Conn: raw, br: br, keepalive: c.cfg.Keepalive}, proto, o, c.cfg.Keepalive)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", target, err)
	}
	return s, nil
}

func isSPDYProtocol(p string) bool {
	for _, q := range spdyProtocols {
		if p == q {
			return true
		}
	}
	return false
}

// dialRaw opens the TCP (and for https the TLS, HTTP/1.1 only) connection to the endpoint.
func (c *Client) dialRaw(ctx context.Context) (net.Conn, error) {
	host := c.base.Host
	if c.base.Port() == "" {
		if c.base.Scheme == "https" {
			host = net.JoinHostPort(c.base.Hostname(), "443")
		} else {
			host = net.JoinHostPort(c.base.Hostname(), "80")
		}
	}
	d := &net.Dialer{Timeout: c.cfg.DialTimeout, KeepAlive: 30 * time.Second}
	var conn net.Conn
	proxy, err := c.proxyFor()
	switch {
	case err != nil:
		return nil, fmt.Errorf("choosing a proxy: %w", err)
	case proxy != nil:
		conn, err = dialViaProxy(ctx, d, proxy, host, c.tls)
	default:
		conn, err = d.DialContext(ctx, "tcp", host)
	}
	if err != nil || c.base.Scheme != "https" {
		return conn, err
	}
	tc := c.tls.Clone()
	tc.ServerName = c.base.Hostname()
	tc.NextProtos = []string{"http/1.1"}
	tlsConn := tls.Client(conn, tc)
	hctx, cancel := context.WithTimeout(ctx, c.cfg.DialTimeout)
	defer cancel()
	if err := tlsConn.HandshakeContext(hctx); err != nil {
		_ = conn.Close()
		return nil, err
	}
	return tlsConn, nil
}

// spdyConn is the upgraded connection under spdystream: reads go through the upgrade answer's
// buffered reader (so nothing it read ahead is lost, and frame headers cost no syscall each);
// each read first pushes the read deadline 3 keepalive periods ahead (a peer that answers no
// PING for that long is presumed dead); the first read error is kept, so the stream can tell a
// dropped connection from one the server ended with GOAWAY.
type spdyConn struct {
	net.Conn
	br        *bufio.Reader
	keepalive time.Duration
	errOnce   sync.Once
	readErr   atomic.Pointer[error]
}

func (c *spdyConn) Read(p []byte) (int, error) {
	if c.keepalive > 0 {
		_ = c.Conn.SetReadDeadline(time.Now().Add(3 * c.keepalive))
	}
	n, err := c.br.Read(p)
	if err != nil {
		c.errOnce.Do(func() { c.readErr.Store(&err) })
	}
	return n, err
}

// err is the first read error, or nil.
func (c *spdyConn) err() error {
	if p := c.readErr.Load(); p != nil {
		return *p
	}
	return nil
}

// spdyStreams are the streams of one exec (nil when not asked for).
type spdyStreams struct {
	errs, stdin, stdout, stderr, resize *spdystream.Stream
}

// openSPDYStreams creates the exec's streams, the error stream first (kubelet and client-go
// order), and waits for the server to accept them.
func openSPDYStreams(ctx context.Context, conn *spdystream.Connection, serveDone <-chan struct{}, proto string, o ExecOptions) (spdyStreams, error) {
	var ss spdyStreams
	var all []*spdystream.Stream
	create := func(kind string) (*spdystream.Stream, error) {
		h := http.Header{}
		h.Set(headerStreamType, kind)
		st, err := conn.CreateStream(h, nil, false)
		if err != nil {
			return nil, fmt.Errorf("opening the %s stream: %w", kind, err)
		}
		all = append(all, st)
		return st, nil
	}
	var err error
	if ss.errs, err = create("error"); err != nil {
		return ss, err
	}
	if o.Stdin {
		if ss.stdin, err = create("stdin"); err != nil {
			return ss, err
		}
	}
	if o.Stdout {
		if ss.stdout, err = create("stdout"); err != nil {
			return ss, err
		}
	}
	if o.Stderr && !o.TTY {
		if ss.stderr, err = create("stderr"); err != nil {
			return ss, err
		}
	}
	if o.TTY && (proto == ProtocolSPDYV4 || proto == ProtocolSPDYV3) {
		if ss.resize, err = create("resize"); err != nil {
			return ss, err
		}
	}
	replied := make(chan error, 1)
	go func() {
		for _, st := range all {
			if err := st.WaitTimeout(spdyReplyTimeout); err != nil {
				replied <- err
				return
			}
		}
		replied <- nil
	}()
	select {
	case err := <-replied:
		if err != nil {
			return ss, fmt.Errorf("the server did not accept the exec streams: %w", err)
		}
		return ss, nil
	case <-serveDone:
		// Serve handled every frame it read: replies that came are in; the rest never will.
		t := time.NewTimer(100 * time.Millisecond)
		defer t.Stop()
		select {
		case err := <-replied:
			if err == nil {
				return ss, nil
			}
		case <-t.C:
		}
		return ss, lostError{errors.New("the connection ended while opening the exec streams")}
	case <-ctx.Done():
		return ss, ctx.Err()
	}
}

// refuseStreams is the handler for streams the server opens: an exec server opens none.
func refuseStreams(st *spdystream.Stream) { _ = st.Refuse() }

var _ io.Reader = (*spdyConn)(nil)
