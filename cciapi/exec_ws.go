package cciapi

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

// Buffer sizes of the exec WebSocket. The read buffer is large so a 32 KiB output frame arrives
// in one read; writes are stdin keystrokes and pastes, chunked to maxStdinFrame.
//
// Invariant: every message podmux writes (channel byte + payload) fits the write buffer, so
// gorilla sends it as ONE frame. gorilla flushes a full buffer as a frame of its own and sends the
// rest as a continuation frame; Kubernetes' server (k8s.io/streaming wsstream on
// golang.org/x/net/websocket, used by kubelet and the apiserver) reads every frame as a message
// and would take the continuation's first byte as a channel number, losing it.
const (
	execReadBuffer  = 64 << 10
	execWriteBuffer = 32 << 10
	maxWSMessage    = execWriteBuffer  // the largest message written as a single frame
	maxStdinFrame   = maxWSMessage - 1 // stdin payload per message: the channel byte comes first
)

// defaultExecProtocols is what Exec offers, in order of preference.
var defaultExecProtocols = []string{ProtocolV5, ProtocolV4}

// Exec starts a command in a pod's container and returns the running stream. The transport is
// Config.ExecProtocol's: a WebSocket on GET (v5.channel.k8s.io, else v4.channel.k8s.io), SPDY/3.1
// on POST, or (auto) the WebSocket first and SPDY when the server refuses the WebSocket upgrade
// for a reason other than authentication (see execAuto). ctx bounds the handshake and the
// stream's life: cancelling it later closes the stream. When the server refuses the upgrade, the
// error wraps the server's *StatusError (IsUnauthorized, IsNotFound work on it). With
// InitialWidth and InitialHeight set, the first size is sent before any output is read.
func (c *Client) Exec(ctx context.Context, o ExecOptions) (Stream, error) {
	if o.Namespace == "" || o.Pod == "" {
		return nil, errors.New("exec: a namespace and a pod name are required")
	}
	if len(o.Command) == 0 {
		return nil, errors.New("exec: no command given: name the command to run, e.g. -- sh")
	}
	q := url.Values{}
	for _, a := range o.Command {
		q.Add("command", a)
	}
	if o.Container != "" {
		q.Set("container", o.Container)
	}
	for name, on := range map[string]bool{"stdin": o.Stdin, "stdout": o.Stdout, "stderr": o.Stderr, "tty": o.TTY} {
		if on {
			q.Set(name, "true")
		}
	}
	u := c.url("/namespaces/"+url.PathEscape(o.Namespace)+"/pods/"+url.PathEscape(o.Pod)+"/exec", q)
	target := fmt.Sprintf("exec in pod %s/%s", o.Namespace, o.Pod)
	switch c.cfg.ExecProtocol {
	case ExecProtocolWebSocket:
		return c.retry401(ctx, func() (Stream, error) { return c.dialExec(ctx, u, o, target) })
	case ExecProtocolSPDY:
		return c.retry401(ctx, func() (Stream, error) { return c.dialSPDY(ctx, u, o, target) })
	default:
		return c.execAuto(ctx, u, o, target)
	}
}

// retry401 dials: a refused upgrade with 401 refreshes refreshable credentials once and dials
// again; a 429 waits as the server asks (or backs off) and dials again.
func (c *Client) retry401(ctx context.Context, dial func() (Stream, error)) (Stream, error) {
	var s Stream
	err := retryThrottled(ctx, c.throttleRetries(), func() error {
		return RetryOn401(ctx, c.cfg.Auth, func() error {
			var err error
			s, err = dial()
			return err
		})
	})
	return s, err
}

// dialExec upgrades one exec request to a WebSocket stream.
func (c *Client) dialExec(ctx context.Context, u *url.URL, o ExecOptions, target string) (Stream, error) {
	// Credentials are computed on a plain GET; the handshake headers are added by the dialer
	// afterwards, so an AK/SK signature covers exactly what a REST call's would.
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", target, err)
	}
	if err := c.prepare(req); err != nil {
		return nil, fmt.Errorf("%s: credentials: %w", target, err)
	}
	protos := o.protocols
	if len(protos) == 0 && o.onlyV5 {
		protos = []string{ProtocolV5}
	} else if len(protos) == 0 {
		protos = defaultExecProtocols
	}
	d := websocket.Dialer{
		Proxy:            c.cfg.proxy(),
		NetDialContext:   (&net.Dialer{Timeout: c.cfg.DialTimeout, KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:  c.tls.Clone(),
		HandshakeTimeout: c.cfg.DialTimeout,
		Subprotocols:     protos,
		ReadBufferSize:   execReadBuffer,
		WriteBufferSize:  execWriteBuffer,
	}
	wsURL := *u
	if wsURL.Scheme == "https" {
		wsURL.Scheme = "wss"
	} else {
		wsURL.Scheme = "ws"
	}
	conn, resp, err := d.DialContext(ctx, wsURL.String(), req.Header)
	if err != nil {
		if resp != nil && resp.StatusCode != http.StatusSwitchingProtocols {
			return nil, refusedError{fmt.Errorf("%s: %w", target, DecodeErrorResponse(resp))}
		}
		err = fmt.Errorf("%s: connecting to %s: %w", target, c.base.Host, err)
		if ctx.Err() == nil {
			err = lostError{err}
		}
		return nil, err
	}
	proto := conn.Subprotocol()
	if proto != ProtocolV5 && proto != ProtocolV4 {
		_ = conn.Close()
		return nil, refusedError{fmt.Errorf("%s: the server chose exec subprotocol %q; podmux speaks %s", target, proto, strings.Join(protos, ", "))}
	}
	s := newWSStream(conn, proto, o, c.cfg.Keepalive)
	if o.InitialWidth > 0 && o.InitialHeight > 0 {
		if err := s.Resize(o.InitialWidth, o.InitialHeight); err != nil {
			_ = conn.Close()
			return nil, fmt.Errorf("%s: sending the initial size: %w", target, err)
		}
	}
	s.start(ctx)
	return s, nil
}
