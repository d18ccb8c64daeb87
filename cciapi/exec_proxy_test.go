package cciapi_test

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/podmux/podmux/cciapi"
)

// connectProxy is an HTTP proxy that serves CONNECT only (as corporate proxies do for TLS),
// requiring Basic credentials user:pw, and records the targets it tunnelled to.
type connectProxy struct {
	mu      sync.Mutex
	targets []string
}

func (p *connectProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodConnect {
		http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
		return
	}
	if r.Header.Get("Proxy-Authorization") != "Basic dXNlcjpwdw==" { // user:pw
		w.Header().Set("Proxy-Authenticate", `Basic realm="test"`)
		http.Error(w, "proxy credentials needed", http.StatusProxyAuthRequired)
		return
	}
	up, err := net.Dial("tcp", r.Host)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	p.mu.Lock()
	p.targets = append(p.targets, r.Host)
	p.mu.Unlock()
	conn, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		_ = up.Close()
		return
	}
	_, _ = conn.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n"))
	go func() { _, _ = io.Copy(up, brw); _ = up.Close() }()
	_, _ = io.Copy(conn, up)
	_ = conn.Close()
}

// TestExecThroughConnectProxy: exec over SPDY and over WebSocket reaches the server through an
// HTTP CONNECT proxy (with credentials), as REST calls do; wrong credentials give an error
// naming the proxy and its answer.
func TestExecThroughConnectProxy(t *testing.T) {
	in := startLocal(t)
	px := &connectProxy{}
	ps := httptest.NewServer(px)
	defer ps.Close()
	pu, _ := url.Parse(ps.URL)
	pu.User = url.UserPassword("user", "pw")
	srv, _ := url.Parse(in.URL)
	for _, proto := range []string{cciapi.ExecProtocolSPDY, cciapi.ExecProtocolWebSocket} {
		c, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(in.Token()), ExecProtocol: proto,
			Proxy: http.ProxyURL(pu)})
		if err != nil {
			t.Fatal(err)
		}
		r := run(t, c, cciapi.ExecOptions{Command: []string{"echo", "through the proxy"}, Stdout: true}, nil)
		if r.err != nil || r.code != 0 || r.stdout != "through the proxy\n" {
			t.Fatalf("%s through the proxy: %q, exit %d, %v", proto, r.stdout, r.code, r.err)
		}
	}
	px.mu.Lock()
	if len(px.targets) != 2 || px.targets[0] != srv.Host || px.targets[1] != srv.Host {
		t.Fatalf("the proxy tunnelled to %v, want %s twice (SPDY, WebSocket)", px.targets, srv.Host)
	}
	px.mu.Unlock()

	bad := *pu
	bad.User = url.UserPassword("user", "wrong")
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(in.Token()), ExecProtocol: cciapi.ExecProtocolSPDY,
		Proxy: http.ProxyURL(&bad)})
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, c, cciapi.ExecOptions{Command: []string{"true"}, Stdout: true}, nil)
	if r.err == nil || !strings.Contains(r.err.Error(), "proxy") || !strings.Contains(r.err.Error(), "407") || strings.Contains(r.err.Error(), "wrong") {
		t.Fatalf("wrong proxy credentials: %v, want an error naming the proxy and its 407, without the password", r.err)
	}
}
