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

// TestBoundLoopbackSendBuffer checks that a loopback connection gets the bounded send buffer
// (which Linux reports doubled) and not an autotuned one.
func TestBoundLoopbackSendBuffer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	server, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	boundLoopbackSendBuffer(server)
	rc, err := server.(*net.TCPConn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var size int
	var gerr error
	if err := rc.Control(func(fd uintptr) {
		size, gerr = unix.GetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_SNDBUF)
	}); err != nil || gerr != nil {
		t.Fatal(err, gerr)
	}
	want := loopbackSendBuffer
	if b, err := os.ReadFile("/proc/sys/net/core/wmem_max"); err == nil {
		if limit, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
			want = min(want, limit) // the kernel clamps SO_SNDBUF to wmem_max
		}
	}
	if size != 2*want {
		t.Fatalf("SO_SNDBUF %d, want %d (the bound, doubled by Linux)", size, 2*want)
	}
}
