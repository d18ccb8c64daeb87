package localcci

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/moby/spdystream"

	"github.com/podmux/podmux/cciapi"
)

// SPDY exec protocol versions, newest first: what kubelet's streaming server accepts in
// X-Stream-Protocol-Version. v4 sends a JSON Status on the error stream; v1–v3 send a failure's
// message as plain text and nothing on success; v1 and v2 have no resize stream.
const (
	SPDYProtocolV4 = cciapi.ProtocolV4
	SPDYProtocolV3 = "v3.channel.k8s.io"
	SPDYProtocolV2 = "v2.channel.k8s.io"
	SPDYProtocolV1 = "channel.k8s.io"
)

var spdyProtocols = []string{SPDYProtocolV4, SPDYProtocolV3, SPDYProtocolV2, SPDYProtocolV1}

const (
	headerProtocolVersion  = "X-Stream-Protocol-Version"
	headerAcceptedVersions = "X-Accepted-Stream-Protocol-Versions"
	// streamCreationTimeout bounds how long the client may take to open its streams (kubelet's
	// default).
	streamCreationTimeout = 30 * time.Second
)

// spdyNegotiate checks an SPDY exec upgrade request and negotiates the protocol version as
// kubelet does (k8s.io/streaming httpstream.Handshake): the client's first offered version that
// the server speaks. The errors are Status answers: 400 without the upgrade headers or without
// X-Stream-Protocol-Version, 403 when no offered version is spoken (with
// X-Accepted-Stream-Protocol-Versions listing the server's).
func spdyNegotiate(w http.ResponseWriter, r *http.Request) (string, *apiError) {
	conn, up := strings.ToLower(r.Header.Get("Connection")), strings.ToLower(r.Header.Get("Upgrade"))
	if !strings.Contains(conn, "upgrade") || !strings.Contains(up, "spdy/3.1") {
		return "", execBadRequest("exec over POST needs an SPDY upgrade (Connection: Upgrade, Upgrade: SPDY/3.1)")
	}
	var offered []string
	for _, v := range r.Header.Values(headerProtocolVersion) {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				offered = append(offered, p)
			}
		}
	}
	if len(offered) == 0 {
		return "", execBadRequest("unable to upgrade: header " + headerProtocolVersion + " is missing or empty: offer " + strings.Join(spdyProtocols, ", "))
	}
	for _, p := range offered {
		for _, s := range spdyProtocols {
			if p == s {
				return p, nil
			}
		}
	}
	for _, s := range spdyProtocols {
		w.Header().Add(headerAcceptedVersions, s)
	}
	return "", &apiError{Code: http.StatusForbidden, Reason: "Forbidden", Msg: fmt.Sprintf(
		"unable to upgrade: unable to negotiate protocol: client supports %v, server accepts %v", offered, spdyProtocols)}
}

// spdyConn is an exec session over SPDY/3.1 (moby/spdystream, as kubelet uses): the client opens
// one stream per channel, named by its streamType header; the server replies to each. Stdin ends
// with the stdin stream's half-close; sizes are JSON objects on the resize stream; the status
// goes on the error stream; the client's PINGs are answered by spdystream.
type spdyConn struct {
	nc   net.Conn
	conn *spdystream.Connection
	x    *execSession

	mu      sync.Mutex
	streams map[string]*spdystream.Stream // by streamType
	arrived chan struct{}                 // cap 1: a stream arrived

	wg        sync.WaitGroup // stdin, resize, watch and ping goroutines
	serveDone chan struct{}  // spdystream's Serve returned (the connection is closed)
}

var _ execConn = (*spdyConn)(nil)

// upgradeSPDY answers 101 with the negotiated version, takes over the connection, serves SPDY
// and waits until the streams req needs are open (error, and stdin/stdout/stderr as asked, and
// resize for a tty from v3 on). nil when the client did not open them in time; the connection
// is closed then.
func upgradeSPDY(w http.ResponseWriter, req *execRequest) *spdyConn {
	w.Header().Set(headerProtocolVersion, req.proto)
	w.Header().Set("Connection", "Upgrade")
	w.Header().Set("Upgrade", "SPDY/3.1")
	w.WriteHeader(http.StatusSwitchingProtocols)
	nc, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return nil
	}
	if err := brw.Writer.Flush(); err != nil {
		_ = nc.Close()
		return nil
	}
	var rc net.Conn = nc
	if brw.Reader.Buffered() > 0 {
		rc = &bufferedConn{Conn: nc, r: brw.Reader}
	}
	sc, err := spdystream.NewConnection(rc, true)
	if err != nil {
		_ = nc.Close()
		return nil
	}
	c := &spdyConn{nc: nc, conn: sc, streams: map[string]*spdystream.Stream{}, arrived: make(chan struct{}, 1),
		serveDone: make(chan struct{})}
	go func() {
		defer close(c.serveDone)
		sc.Serve(c.newStream)
	}()
	want := []string{"error"}
	for name, on := range map[string]bool{"stdin": req.stdin, "stdout": req.stdout, "stderr": req.stderr,
		"resize": req.tty && req.proto != SPDYProtocolV2 && req.proto != SPDYProtocolV1} {
		if on {
			want = append(want, name)
		}
	}
	t := time.NewTimer(streamCreationTimeout)
	defer t.Stop()
	for !c.has(want) {
		select {
		case <-c.arrived:
		case <-sc.CloseChan():
			_ = nc.Close()
			<-c.serveDone
			return nil
		case <-t.C:
			_ = sc.Close()
			_ = nc.Close()
			<-c.serveDone
			return nil
		}
	}
	return c
}

// newStream is spdystream's handler for a stream the client opened: reply, and file it by type.
func (c *spdyConn) newStream(s *spdystream.Stream) {
	if err := s.SendReply(http.Header{}, false); err != nil {
		return
	}
	c.mu.Lock()
	c.streams[s.Headers().Get("streamType")] = s
	c.mu.Unlock()
	select {
	case c.arrived <- struct{}{}:
	default:
	}
}

func (c *spdyConn) has(types []string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, t := range types {
		if c.streams[t] == nil {
			return false
		}
	}
	return true
}

func (c *spdyConn) stream(t string) *spdystream.Stream {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.streams[t]
}

func (c *spdyConn) serve(x *execSession) {
	c.x = x
	if s := c.stream("stdin"); s != nil {
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			x.stdinData(s) // until the half-close (or the connection's end)
			if x.ctx.Err() == nil {
				x.stdinEOF()
			}
		}()
	}
	if s := c.stream("resize"); s != nil {
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			dec := json.NewDecoder(s)
			for {
				var size struct{ Width, Height uint16 }
				if err := dec.Decode(&size); err != nil {
					return
				}
				if size.Width > 0 && size.Height > 0 {
					x.applySize(size.Width, size.Height)
				}
			}
		}()
	}
	c.wg.Add(2)
	go func() { // the client is gone (reset, closed, GOAWAY): end the session
		defer c.wg.Done()
		select {
		case <-c.conn.CloseChan():
			x.cancel()
		case <-x.ctx.Done():
		}
	}()
	go c.pingLoop()
}

// pingLoop pings the client every serverPing; one unanswered for serverReadTimeout ends the
// session (a client that vanished without a reset).
func (c *spdyConn) pingLoop() {
	defer c.wg.Done()
	t := time.NewTicker(serverPing)
	defer t.Stop()
	for {
		select {
		case <-c.x.ctx.Done():
			return
		case <-t.C:
			answered := make(chan struct{})
			go func() {
				if _, err := c.conn.Ping(); err == nil {
					close(answered)
				}
			}()
			deadline := time.NewTimer(serverReadTimeout)
			select {
			case <-answered:
			case <-c.x.ctx.Done():
			case <-deadline.C:
				c.x.cancel()
			}
			deadline.Stop()
		}
	}
}

// write sends the data of one output message on its stream.
func (c *spdyConn) write(msg []byte) error {
	name := "stdout"
	if msg[0] == cciapi.ChannelStderr {
		name = "stderr"
	}
	s := c.stream(name)
	if s == nil {
		return nil
	}
	_, err := s.Write(msg[1:])
	return err
}

// finish writes the status on the error stream (v4: the JSON Status, success included; v1–v3:
// a failure's message as text), then ends every stream and the connection as kubelet does
// (reset the streams, GOAWAY), and waits briefly for the client to close.
func (c *spdyConn) finish(st cciapi.Status) {
	if s := c.stream("error"); s != nil {
		switch {
		case c.x.req.proto == SPDYProtocolV4:
			_, _ = s.Write(encodeStatus(c.x.req.proto, st))
		case st.Status != "Success":
			_, _ = s.Write([]byte(st.Message))
		}
	}
	c.end()
	t := time.NewTimer(time.Second)
	select {
	case <-c.conn.CloseChan():
	case <-t.C:
	}
	t.Stop()
}

// end resets every stream and sends GOAWAY, as k8s.io/streaming's connection.Close does.
func (c *spdyConn) end() {
	c.mu.Lock()
	list := make([]*spdystream.Stream, 0, len(c.streams))
	for _, s := range c.streams {
		list = append(list, s)
	}
	c.mu.Unlock()
	for _, s := range list {
		_ = s.Reset()
	}
	_ = c.conn.Close()
}

// abort drops the connection (SPDY has no way to say why; GOAWAY first when shutting down).
func (c *spdyConn) abort(goingAway bool) {
	if goingAway {
		c.end()
	}
	_ = c.nc.Close()
}

func (c *spdyConn) close() {
	_ = c.nc.Close()
	c.wg.Wait()
	<-c.serveDone
}

// bufferedConn reads what the HTTP server had already buffered before the connection.
type bufferedConn struct {
	net.Conn
	r io.Reader
}

func (b *bufferedConn) Read(p []byte) (int, error) { return b.r.Read(p) }
