package cciapi_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/podmux/podmux/cciapi"
)

// autoRun execs "count" (stdin piped and ended, StdinEnds) with auto and checks every byte got
// there and the stream spoke want.
func autoRun(t *testing.T, c *cciapi.Client, want string) {
	t.Helper()
	data := randomBytes(100000, 3)
	o := cciapi.ExecOptions{Namespace: "n", Pod: "p", Command: []string{"count"}, Stdin: true, Stdout: true, Stderr: true, StdinEnds: true}
	res := run(t, c, o, data)
	if res.err != nil || res.code != 0 || res.stdout != digest(data) {
		t.Fatalf("auto, stdin piped: server counted %q, want %q (exit %d, err %v)", res.stdout, digest(data), res.code, res.err)
	}
	if got := cciapi.RememberedExecProtocol(c.Endpoint()); got != want {
		t.Fatalf("auto spoke %q, want %q", got, want)
	}
}

func counted(t *testing.T, k *kubeCounts, ws, spdy int32) {
	t.Helper()
	if k.ws.Load() != ws || k.spdy.Load() != spdy {
		t.Fatalf("requests: %d WebSocket, %d SPDY; want %d, %d", k.ws.Load(), k.spdy.Load(), ws, spdy)
	}
}

// TestAutoSPDYOnlyServer: the WebSocket is refused (400), SPDY works, and the next exec goes
// straight to SPDY.
func TestAutoSPDYOnlyServer(t *testing.T) {
	k, c := kubeServer(t, kubeServerOpts{spdy: allSPDY})
	autoRun(t, c, "spdy v4")
	counted(t, k, 1, 1)
	autoRun(t, c, "spdy v4")
	counted(t, k, 1, 2)
}

// TestAutoWebSocketOnlyServer: v5 is used and ends stdin; SPDY is never tried.
func TestAutoWebSocketOnlyServer(t *testing.T) {
	k, c := kubeServer(t, kubeServerOpts{ws: []string{cciapi.ProtocolV5, cciapi.ProtocolV4}})
	autoRun(t, c, "ws v5")
	autoRun(t, c, "ws v5")
	counted(t, k, 2, 0)
}

// TestAutoV4OnlyServer: a server whose WebSocket has no v5 (it cannot end stdin) but speaks
// SPDY: piped stdin goes over SPDY, without running the command over the WebSocket first.
func TestAutoV4OnlyServer(t *testing.T) {
	k, c := kubeServer(t, kubeServerOpts{ws: []string{cciapi.ProtocolV4}, spdy: allSPDY})
	autoRun(t, c, "spdy v4")
	counted(t, k, 1, 1) // v5 offered alone and refused, then SPDY
	autoRun(t, c, "spdy v4")
	counted(t, k, 1, 2)
}

// TestAutoV4OnlyWebSocketWithoutSPDY: with nothing better, v4 runs the command (its stdin just
// cannot end: the server reads a known count here).
func TestAutoV4OnlyWebSocketWithoutSPDY(t *testing.T) {
	k, c := kubeServer(t, kubeServerOpts{ws: []string{cciapi.ProtocolV4}})
	data := randomBytes(50000, 5)
	o := cciapi.ExecOptions{Namespace: "n", Pod: "p", Command: []string{"read", strconv.Itoa(len(data))}, Stdin: true, Stdout: true, StdinEnds: true}
	res := run(t, c, o, data)
	if res.err != nil || res.stdout != digest(data) {
		t.Fatalf("v4 fallback: %q, err %v", res.stdout, res.err)
	}
	counted(t, k, 2, 1)
	if got := cciapi.RememberedExecProtocol(c.Endpoint()); got != "ws v4" {
		t.Fatalf("remembered %q", got)
	}
}

// TestAutoNoFallbackOnUnauthorized: a 401 on the WebSocket is the answer; SPDY is not tried.
func TestAutoNoFallbackOnUnauthorized(t *testing.T) {
	k, c := kubeServer(t, kubeServerOpts{ws: []string{cciapi.ProtocolV5}, spdy: allSPDY, token: "right"})
	bad, err := cciapi.NewClient(cciapi.Config{Endpoint: c.Endpoint(), Auth: cciapi.TokenAuth("wrong")})
	if err != nil {
		t.Fatal(err)
	}
	res := run(t, bad, cciapi.ExecOptions{Namespace: "n", Pod: "p", Command: []string{"exit", "0"}, Stdout: true}, nil)
	if !cciapi.IsUnauthorized(res.err) {
		t.Fatalf("auto with a wrong token: %v, want a 401", res.err)
	}
	counted(t, k, 1, 0)
}

// TestAutoForbiddenReportsTheStatus: a 403 Status with reason Forbidden (RBAC, IAM) still gets
// one SPDY try, since a gateway may dress a refused subprotocol the same way and auto must not
// fail where the other transport works. The user sees the server's one 403 message, once.
func TestAutoForbiddenReportsTheStatus(t *testing.T) {
	k, c := kubeServer(t, kubeServerOpts{ws: []string{cciapi.ProtocolV5}, spdy: allSPDY, forbidden: true})
	res := run(t, c, cciapi.ExecOptions{Namespace: "n", Pod: "p", Command: []string{"exit", "0"}, Stdout: true}, nil)
	var se *cciapi.StatusError
	if !errors.As(res.err, &se) || se.Code != 403 || strings.Count(res.err.Error(), "cannot create resource") != 1 {
		t.Fatalf("auto when forbidden: %v, want the 403 Status once", res.err)
	}
	counted(t, k, 1, 1)
}

// TestExecProtocolValidated: an unknown exec protocol is a config error.
func TestExecProtocolValidated(t *testing.T) {
	_, err := cciapi.NewClient(cciapi.Config{Endpoint: "http://127.0.0.1:1", ExecProtocol: "quic"})
	if err == nil {
		t.Fatal("exec protocol quic accepted")
	}
}
