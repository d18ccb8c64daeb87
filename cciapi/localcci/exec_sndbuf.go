package localcci

import (
	"net"
	"sync"
)

// loopbackSendBuffer is the kernel send buffer (SO_SNDBUF; Linux doubles it and clamps it to
// net.core.wmem_max) of an exec connection to a loopback peer. Autotuning grows it to several
// MiB, a bandwidth-delay product a loopback peer does not need; bounded, the output in flight
// stays small enough to still be in the CPU caches when the client copies it out, which made
// bulk exec output cheaper and faster for every client measured (BENCHMARKS.md, "Exec
// throughput"). Connections to other peers keep autotuning.
const loopbackSendBuffer = 256 << 10

// ttySendTotal is what the loopback tty execs' send buffers hold in all at most: each gets an
// equal part, between minTTYSendBuffer and loopbackSendBuffer. A tty exec is a terminal, which
// a person reads; what its pod may print ahead of the client is the pty's buffer, the server's
// and this one, and when a hundred shells start a flood at once all of it is printed at once,
// by the local server's pods on the user's own CPUs. With a full buffer each, a hundred floods
// starved the UI and the server for seconds (BENCHMARKS.md, "100 sessions"); a few floods keep
// the full buffer, which their throughput needs.
const ttySendTotal = 4 << 20

// minTTYSendBuffer is the least send buffer of a loopback tty exec.
const minTTYSendBuffer = 32 << 10

// sendBuffers bounds the send buffers of exec connections to loopback peers (see
// loopbackSendBuffer and ttySendTotal). Safe for concurrent use.
type sendBuffers struct {
	mu  sync.Mutex
	tty map[*net.TCPConn]struct{} // live loopback tty execs
}

// bound applies the bound to c (a hijacked TCP or TLS connection) when its peer is on loopback
// and returns what to call when the exec ends (for a tty exec, the others' parts grow back).
// Best effort: a buffer that cannot be set stays autotuned.
func (b *sendBuffers) bound(c net.Conn, tty bool) (release func()) {
	if u, ok := c.(interface{ NetConn() net.Conn }); ok { // *tls.Conn
		c = u.NetConn()
	}
	tc, ok := c.(*net.TCPConn)
	if !ok {
		return func() {}
	}
	if a, ok := tc.RemoteAddr().(*net.TCPAddr); !ok || !a.IP.IsLoopback() {
		return func() {}
	}
	if !tty {
		_ = tc.SetWriteBuffer(loopbackSendBuffer)
		return func() {}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tty == nil {
		b.tty = map[*net.TCPConn]struct{}{}
	}
	b.tty[tc] = struct{}{}
	b.resize()
	return func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.tty, tc)
		b.resize()
	}
}

// ttyPart is each of n loopback tty execs' send buffer.
func ttyPart(n int) int {
	return min(max(ttySendTotal/max(n, 1), minTTYSendBuffer), loopbackSendBuffer)
}

// resize sets every live tty exec's send buffer to its part. Called with mu held.
func (b *sendBuffers) resize() {
	part := ttyPart(len(b.tty))
	for tc := range b.tty {
		_ = tc.SetWriteBuffer(part)
	}
}
