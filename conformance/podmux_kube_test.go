package conformance

import (
	"context"
	"io"
	"testing"

	"github.com/podmux/podmux/cciapi"
)

// podmuxSession adapts a cciapi.Stream.
type podmuxSession struct{ cciapi.Stream }

func (s podmuxSession) Stderr() io.Reader { return s.Stream.Stderr() }

// podmuxRow runs podmux's client against endpoint over protocol.
func podmuxRow(name, endpoint, protocol, want string, stdinEOF bool, reset func()) row {
	return row{name: name, protocol: want, stdinEOF: stdinEOF, reset: reset,
		start: func(t *testing.T, r execReq) execSession {
			t.Helper()
			c := podmuxClient(t, endpoint, protocol)
			ctx, cancel := context.WithCancel(context.Background())
			t.Cleanup(cancel)
			container := r.container
			if container == "" {
				container = podContainer
			}
			o := cciapi.ExecOptions{Namespace: "test", Pod: "box", Container: container, Command: r.command,
				Stdin: r.stdin, Stdout: true, Stderr: r.stderr, TTY: r.tty, StdinEnds: r.stdin && !r.tty}
			if r.tty {
				o.InitialWidth, o.InitialHeight = 80, 24
			}
			s, err := c.Exec(ctx, o)
			if err != nil {
				t.Fatalf("exec: %v", err)
			}
			t.Cleanup(func() { _ = s.Close() })
			if !r.stderr {
				return noStderr{podmuxSession{s}}
			}
			return podmuxSession{s}
		}}
}

// noStderr hides the stderr reader of an exec that did not ask for it.
type noStderr struct{ podmuxSession }

func (noStderr) Stderr() io.Reader { return nil }

// TestPodmuxAgainstKubernetes runs every case with podmux's client against kubelet's own
// streaming server (WebSocket v4 and SPDY, direct) and kube-apiserver's v5 stream translator in
// front of it (WebSocket v5; SPDY passed through to kubelet).
func TestPodmuxAgainstKubernetes(t *testing.T) {
	kubelet := kubeletServer(t)
	api := apiServer(t, kubelet)
	runRows(t, []row{
		podmuxRow("apiserver/websocket-v5", api.srv.URL, cciapi.ExecProtocolWebSocket, cciapi.ProtocolV5, true, api.reset),
		podmuxRow("apiserver/spdy", api.srv.URL, cciapi.ExecProtocolSPDY, "spdy v4", true, api.reset),
		podmuxRow("kubelet/websocket-v4", kubelet.srv.URL, cciapi.ExecProtocolWebSocket, cciapi.ProtocolV4, false, kubelet.reset),
		podmuxRow("kubelet/spdy", kubelet.srv.URL, cciapi.ExecProtocolSPDY, "spdy v4", true, kubelet.reset),
	})
}
