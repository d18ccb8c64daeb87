package cciapi

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"
)

// proxyFor returns the proxy the exec connection to the endpoint goes through (Config.Proxy,
// HTTPS_PROXY / HTTP_PROXY / NO_PROXY by default), or nil for a direct connection. The WebSocket
// dialer and the REST transport ask the same function.
func (c *Client) proxyFor() (*url.URL, error) {
	req := &http.Request{Method: http.MethodPost, URL: c.base, Header: http.Header{}}
	return c.cfg.proxy()(req)
}

// proxy is Config.Proxy or the environment's.
func (cfg Config) proxy() func(*http.Request) (*url.URL, error) {
	if cfg.Proxy != nil {
		return cfg.Proxy
	}
	return http.ProxyFromEnvironment
}

// dialViaProxy opens a tunnel to addr (host:port) through an HTTP(S) proxy with CONNECT, as
// net/http does for HTTPS requests and gorilla/websocket for WebSocket upgrades, so SPDY exec
// works behind the same corporate proxy as the rest of podmux. Credentials in the proxy URL go
// as Basic Proxy-Authorization. Errors name the proxy and what it answered.
func dialViaProxy(ctx context.Context, d *net.Dialer, proxy *url.URL, addr string, tc *tls.Config) (net.Conn, error) {
	port := proxy.Port()
	switch proxy.Scheme {
	case "http":
		port = cmpOr(port, "80")
	case "https":
		port = cmpOr(port, "443")
	default:
		return nil, fmt.Errorf("proxy %s: scheme %q is not supported for SPDY exec: use an http:// or https:// proxy, or --exec-protocol websocket", proxy.Redacted(), proxy.Scheme)
	}
	paddr := net.JoinHostPort(proxy.Hostname(), port)
	conn, err := d.DialContext(ctx, "tcp", paddr)
	if err != nil {
		return nil, fmt.Errorf("proxy %s: %w", proxy.Redacted(), err)
	}
	fail := func(err error) (net.Conn, error) {
		_ = conn.Close()
		return nil, fmt.Errorf("proxy %s: %w", proxy.Redacted(), err)
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	} else if d.Timeout > 0 {
		_ = conn.SetDeadline(time.Now().Add(d.Timeout))
	}
	if proxy.Scheme == "https" {
		ptc := tc.Clone()
		ptc.ServerName = proxy.Hostname()
		ptc.NextProtos = nil
		t := tls.Client(conn, ptc)
		if err := t.HandshakeContext(ctx); err != nil {
			return fail(err)
		}
		conn = t
	}
	req := &http.Request{Method: http.MethodConnect, URL: &url.URL{Opaque: addr}, Host: addr, Header: http.Header{}}
	if u := proxy.User; u != nil {
		pw, _ := u.Password()
		req.Header.Set("Proxy-Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(u.Username()+":"+pw)))
	}
	if err := req.Write(conn); err != nil {
		return fail(err)
	}
	// The proxy sends nothing after its answer until the tunnel carries our bytes, so the
	// buffered reader cannot have read past the answer.
	resp, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		return fail(fmt.Errorf("reading the CONNECT answer: %w", err))
	}
	if resp.StatusCode != http.StatusOK {
		_ = resp.Body.Close()
		return fail(fmt.Errorf("CONNECT %s answered %s", addr, resp.Status))
	}
	// A 200 to CONNECT has no body: the tunnel starts right after the header.
	_ = conn.SetDeadline(time.Time{})
	return conn, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
