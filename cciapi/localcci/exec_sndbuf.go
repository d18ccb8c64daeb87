package localcci

import "net"

// loopbackSendBuffer is the kernel send buffer (SO_SNDBUF; Linux doubles it and clamps it to
// net.core.wmem_max) of an exec connection to a loopback peer. Autotuning grows it to several
// MiB, a bandwidth-delay product a loopback peer does not need; bounded, the output in flight
// stays small enough to still be in the CPU caches when the client copies it out, which made
// bulk exec output cheaper and faster for every client measured (BENCHMARKS.md, "Exec
// throughput"). Connections to other peers keep autotuning.
const loopbackSendBuffer = 256 << 10

// boundLoopbackSendBuffer applies loopbackSendBuffer to c (a hijacked TCP or TLS connection)
// when its peer is on loopback. Best effort: the buffer stays autotuned on failure.
func boundLoopbackSendBuffer(c net.Conn) {
	if u, ok := c.(interface{ NetConn() net.Conn }); ok { // *tls.Conn
		c = u.NetConn()
	}
	tc, ok := c.(*net.TCPConn)
	if !ok {
		return
	}
	if a, ok := tc.RemoteAddr().(*net.TCPAddr); ok && a.IP.IsLoopback() {
		_ = tc.SetWriteBuffer(loopbackSendBuffer)
	}
}
