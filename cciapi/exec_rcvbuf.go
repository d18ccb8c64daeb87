package cciapi

import (
	"context"
	"net"
	"time"
)

// loopbackRecvBuffer bounds the socket receive buffer of an exec connection to a loopback server
// (podmux serve, --demo). Autotuned, it grows to tens of MiB (net.ipv4.tcp_rmem), a
// bandwidth-delay product no loopback peer needs; and since output is only read as fast as flow
// control lets a session print (session/flow.go), everything a flooding pod prints beyond the
// buffers in between is held by TCP in the pod itself. Bounded, a held flood's writer blocks
// after a few hundred KiB instead of printing its whole output at full speed on the user's own
// CPUs. Connections to other hosts keep autotuning.
const loopbackRecvBuffer = 256 << 10

// dialExec dials an exec connection, bounding its receive buffer when the server is on loopback.
func dialExec(ctx context.Context, timeout time.Duration, network, addr string) (net.Conn, error) {
	conn, err := (&net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		if a, ok := tc.RemoteAddr().(*net.TCPAddr); ok && a.IP.IsLoopback() {
			_ = tc.SetReadBuffer(loopbackRecvBuffer)
		}
	}
	return conn, nil
}
