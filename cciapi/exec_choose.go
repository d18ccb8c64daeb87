package cciapi

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
)

// Exec transports (Config.ExecProtocol).
const (
	ExecProtocolAuto      = "auto"
	ExecProtocolWebSocket = "websocket"
	ExecProtocolSPDY      = "spdy"
)

// refusedError marks an exec upgrade the server answered but refused (a non-101 answer, or a
// protocol podmux does not speak), as opposed to a connection that failed: auto may try the
// other transport.
type refusedError struct{ err error }

func (e refusedError) Error() string { return e.err.Error() }
func (e refusedError) Unwrap() error { return e.err }

// worked remembers, per endpoint and for the life of the process, which exec transport worked:
// the Protocol of its last stream ("spdy v4", or the WebSocket subprotocol). The tenth shell does not pay for a refused handshake.
var worked sync.Map // endpoint key → string

// endpointKey names the endpoint of u (scheme, host and API path prefix).
func endpointKey(u *url.URL) string {
	path := u.Path
	if i := strings.Index(path, APIPrefix); i >= 0 {
		path = path[:i]
	}
	return u.Scheme + "://" + u.Host + path
}

// RememberedExecProtocol is the exec transport that last worked for endpoint (a Client's
// Endpoint()) in this process, as ProtocolLabel shows it ("ws v5", "spdy v4"), or "" when none has.
func RememberedExecProtocol(endpoint string) string {
	u, err := url.Parse(strings.TrimRight(endpoint, "/"))
	if err != nil {
		return ""
	}
	v, _ := worked.Load(endpointKey(u))
	p, _ := v.(string)
	return ProtocolLabel(p)
}

// ProtocolLabel shortens a Stream's Protocol for display: "ws v5", "ws v4", "spdy v4".
func ProtocolLabel(proto string) string {
	switch proto {
	case ProtocolV5:
		return "ws v5"
	case ProtocolV4:
		return "ws v4"
	}
	return proto
}

// unauthorized reports whether a refused upgrade was refused for authentication: 401, or a
// Status whose reason is Unauthorized. Auto does not fall back then.
func unauthorized(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && (se.Code == 401 || se.Reason == "Unauthorized")
}

// fallbackOK reports whether the other transport may be tried after err: a refused upgrade,
// unless for authentication or throttling (429 is about the caller, not the protocol).
func fallbackOK(err error) bool {
	var r refusedError
	var se *StatusError
	throttled := errors.As(err, &se) && se.Code == 429
	return errors.As(err, &r) && !unauthorized(err) && !throttled
}

// execAuto picks the transport (kubectl's rule, without its second request after a 401):
//   - a WebSocket first (v5, v4); when the server refuses the upgrade for any reason but
//     authentication, SPDY on POST;
//   - when stdin must end (StdinEnds) and the WebSocket may be v4 only, the WebSocket offers
//     only v5 (a v4-only server refuses it, so no command runs twice), then SPDY, and only
//     when SPDY is refused too, v4 (whose stdin cannot end);
//   - what worked is remembered per endpoint, and tried first next time.
func (c *Client) execAuto(ctx context.Context, u *url.URL, o ExecOptions, target string) (Stream, error) {
	key := endpointKey(u)
	v, _ := worked.Load(key)
	last, _ := v.(string)
	remember := func(s Stream) (Stream, error) {
		worked.Store(key, s.Protocol())
		return s, nil
	}
	ws := func(o ExecOptions) (Stream, error) {
		return c.retry401(ctx, func() (Stream, error) { return c.dialExec(ctx, u, o, target) })
	}
	spdy := func() (Stream, error) {
		return c.retry401(ctx, func() (Stream, error) { return c.dialSPDY(ctx, u, o, target) })
	}
	wantEOF := o.Stdin && o.StdinEnds && len(o.protocols) == 0

	if strings.HasPrefix(last, "spdy") || (last == ProtocolV4 && wantEOF) {
		s, serr := spdy()
		if serr == nil {
			return remember(s)
		}
		if !fallbackOK(serr) {
			return nil, serr
		}
		s, err := ws(o)
		if err == nil {
			return remember(s)
		}
		return nil, bothRefused(err, serr)
	}
	wo := o
	wo.onlyV5 = wantEOF && last != ProtocolV5
	s, err := ws(wo)
	if err == nil {
		return remember(s)
	}
	if !fallbackOK(err) {
		return nil, err
	}
	s, serr := spdy()
	if serr == nil {
		return remember(s)
	}
	if !fallbackOK(serr) {
		return nil, serr
	}
	if wo.onlyV5 {
		// Neither v5 nor SPDY: a v4-only server. Its stdin cannot end, but it runs the command.
		if s, err = ws(o); err == nil {
			return remember(s)
		}
	}
	return nil, bothRefused(err, serr)
}

// bothRefused is the error when the WebSocket (wsErr) and SPDY (spdyErr) were both refused: the
// WebSocket's alone when both got the same HTTP status (e.g. 404, the pod does not exist).
func bothRefused(wsErr, spdyErr error) error {
	var a, b *StatusError
	if errors.As(wsErr, &a) && errors.As(spdyErr, &b) && a.Code == b.Code {
		return wsErr
	}
	msg := spdyErr.Error()
	if i := strings.Index(msg, ": "); i >= 0 && strings.HasPrefix(msg, "exec in pod ") {
		msg = msg[i+2:]
	}
	return fmt.Errorf("%w; over SPDY: %s", wsErr, msg)
}
