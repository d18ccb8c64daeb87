package cli

import (
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
	"github.com/podmux/podmux/config"
	"github.com/podmux/podmux/session"
	"github.com/podmux/podmux/session/term"
)

// cutProxy forwards TCP to a server and can cut every connection it carries, as a dropped
// network path would.
type cutProxy struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func newCutProxy(t *testing.T, target string) *cutProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln}
	t.Cleanup(func() { _ = ln.Close(); p.cut() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				_ = c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(s, c); _ = s.Close() }()
			go func() { _, _ = io.Copy(c, s); _ = c.Close() }()
		}
	}()
	return p
}

func (p *cutProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		_ = c.Close()
	}
	p.conns = nil
}

// TestSessionReconnectsAfterTheConnectionDrops runs a shell through the real client and the
// local server, over each exec protocol, cuts the network path under it, and checks the session
// starts the shell again in the same pane with a marker, as config reconnect.* asks.
func TestSessionReconnectsAfterTheConnectionDrops(t *testing.T) {
	for _, tc := range []struct{ protocol, label string }{{cciapi.ExecProtocolWebSocket, "ws v5"}, {cciapi.ExecProtocolSPDY, "spdy v4"}} {
		t.Run(tc.protocol, func(t *testing.T) { testSessionReconnect(t, tc.protocol, tc.label) })
	}
}

func testSessionReconnect(t *testing.T, protocol, label string) {
	in, err := localcci.Start(localcci.Options{WorkDir: t.TempDir()}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	px := newCutProxy(t, strings.TrimPrefix(in.URL, "http://"))
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: "http://" + px.ln.Addr().String(), Auth: cciapi.TokenAuth(in.Token()), ExecProtocol: protocol})
	if err != nil {
		t.Fatal(err)
	}
	m := session.NewManager(session.Options{Dialer: execDialer(c), Shells: []string{"sh"},
		Reconnect: reconnectPolicy(config.Reconnect{Enabled: true, MaxAttempts: 3, Backoff: 20 * time.Millisecond})})
	defer m.Close()
	s := m.Start(session.Target{Namespace: "shop", Pod: "cart-5c6b7d9f8-qw8rt", Container: "cart"}, 100, 30)

	screen := func() string {
		var lines []string
		s.View(func(t *term.Terminal) { lines = t.ScreenText() })
		return strings.Join(lines, "\n")
	}
	waitFor := func(what string, cond func(string) bool) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for !cond(screen()) {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s; screen:\n%s\nstatus %+v", what, screen(), s.Status())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	running := func(string) bool { return s.Status().State == session.Running }

	waitFor("the shell", running)
	if p := s.Status().Protocol; p != label {
		t.Fatalf("the session's protocol is %q, want %s", p, label)
	}
	if err := s.Send([]byte("echo first-$((1+1))\r")); err != nil {
		t.Fatal(err)
	}
	waitFor("the first echo", func(scr string) bool { return strings.Contains(scr, "first-2") })

	px.cut()
	waitFor("the reconnect marker", func(scr string) bool {
		return strings.Contains(scr, "[podmux] exec connection lost") && strings.Contains(scr, "(attempt 1 of 3)")
	})
	waitFor("the shell again", running)
	if err := s.Send([]byte("echo second-$((2+2))\r")); err != nil {
		t.Fatal(err)
	}
	waitFor("the second echo", func(scr string) bool { return strings.Contains(scr, "second-4") })
	if scr := screen(); !strings.Contains(scr, "first-2") {
		t.Fatalf("the output before the drop is gone from the pane:\n%s", scr)
	}
}

func TestReconnectPolicyFromConfig(t *testing.T) {
	if p := reconnectPolicy(config.Reconnect{Enabled: false, MaxAttempts: 5}); p.MaxAttempts != 0 {
		t.Fatalf("reconnect.enabled: false gave %+v, want no attempts", p)
	}
	d := config.Default().Reconnect
	if p := reconnectPolicy(d); p.MaxAttempts != d.MaxAttempts || p.Backoff != d.Backoff || p.MaxBackoff != d.MaxBackoff {
		t.Fatalf("defaults %+v gave %+v", d, p)
	}
}
