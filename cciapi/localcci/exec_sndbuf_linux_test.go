//go:build linux

package localcci

import (
	"net"
	"os"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// loopbackPair returns the server end of a fresh loopback TCP connection.
func loopbackPair(t *testing.T, ln net.Listener) net.Conn {
	t.Helper()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	server, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { server.Close() })
	return server
}

// sndbuf returns c's SO_SNDBUF and what Linux reports for a bound of want (doubled, after
// clamping to wmem_max).
func sndbuf(t *testing.T, c net.Conn, want int) (got, reported int) {
	t.Helper()
	rc, err := c.(*net.TCPConn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var gerr error
	if err := rc.Control(func(fd uintptr) {
		got, gerr = unix.GetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_SNDBUF)
	}); err != nil || gerr != nil {
		t.Fatal(err, gerr)
	}
	if b, err := os.ReadFile("/proc/sys/net/core/wmem_max"); err == nil {
		if limit, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
			want = min(want, limit) // the kernel clamps SO_SNDBUF to wmem_max
		}
	}
	return got, 2 * want
}

// TestBoundLoopbackSendBuffer: a loopback exec gets a bounded send buffer, not an autotuned
// one: the bulk bound for a pipe exec; for a tty exec an equal part of ttySendTotal, which
// shrinks as more tty execs run (down to minTTYSendBuffer) and grows back as they end.
func TestBoundLoopbackSendBuffer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var b sendBuffers
	check := func(what string, c net.Conn, want int) {
		t.Helper()
		if got, rep := sndbuf(t, c, want); got != rep {
			t.Fatalf("%s: SO_SNDBUF %d, want %d (the bound %d, doubled by Linux)", what, got, rep, want)
		}
	}
	pipe := loopbackPair(t, ln)
	defer b.bound(pipe, false)()
	check("pipe exec", pipe, loopbackSendBuffer)

	first := loopbackPair(t, ln)
	releaseFirst := b.bound(first, true)
	check("one tty exec", first, loopbackSendBuffer)
	var release []func()
	for range 99 {
		release = append(release, b.bound(loopbackPair(t, ln), true))
	}
	check("one of 100 tty execs", first, ttySendTotal/100)
	for _, r := range release[3:] {
		r()
	}
	check("one of 4 tty execs, the others ended", first, loopbackSendBuffer)
	check("pipe exec beside them", pipe, loopbackSendBuffer)
	releaseFirst()
	for _, r := range release[:3] {
		r()
	}
	if len(b.tty) != 0 {
		t.Fatalf("%d tty execs still counted after all ended", len(b.tty))
	}
}

func TestTTYPart(t *testing.T) {
	for _, c := range []struct{ n, want int }{
		{0, loopbackSendBuffer}, {1, loopbackSendBuffer}, {16, loopbackSendBuffer},
		{32, 128 << 10}, {100, ttySendTotal / 100}, {1000, minTTYSendBuffer},
	} {
		if got := ttyPart(c.n); got != c.want {
			t.Errorf("ttyPart(%d) = %d, want %d", c.n, got, c.want)
		}
	}
}
