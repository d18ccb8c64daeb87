package cciapi_test

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/podmux/podmux/cciapi"
)

var allSPDY = []string{cciapi.ProtocolSPDYV4, cciapi.ProtocolSPDYV3, cciapi.ProtocolSPDYV2, cciapi.ProtocolSPDYV1}

// spdyClient is a client forced onto SPDY against a kubeServer speaking the given versions.
func spdyClient(t *testing.T, versions ...string) (*kubeCounts, *cciapi.Client) {
	t.Helper()
	counts, c := kubeServer(t, kubeServerOpts{spdy: versions, token: "secret"})
	c2, err := cciapi.NewClient(cciapi.Config{Endpoint: c.Endpoint(), Auth: cciapi.TokenAuth("secret"), Keepalive: -1, ExecProtocol: cciapi.ExecProtocolSPDY})
	if err != nil {
		t.Fatal(err)
	}
	return counts, c2
}

func randomBytes(n int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, seed))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// TestSPDYExecKubeServer runs the exec cases over SPDY against Kubernetes' SPDY server code, on
// every stream protocol version: 1 MiB of stdin ended by a half-close counted byte-exact, exit
// code 3, stderr apart from stdout, and the POST's headers.
func TestSPDYExecKubeServer(t *testing.T) {
	data := randomBytes(1<<20, 7)
	for _, v := range allSPDY {
		t.Run(v, func(t *testing.T) {
			counts, c := spdyClient(t, v)
			o := cciapi.ExecOptions{Namespace: "n", Pod: "p", Command: []string{"count"}, Stdin: true, Stdout: true, Stderr: true}
			res := run(t, c, o, data)
			if res.err != nil || res.code != 0 || res.stdout != digest(data) {
				t.Fatalf("1 MiB stdin then EOF: server counted %q, want %q (exit %d, err %v)", res.stdout, digest(data), res.code, res.err)
			}
			if ct, _ := counts.contentType.Load().(string); ct != "application/json" {
				t.Fatalf("POST Content-Type %q, want application/json", ct)
			}
			res = run(t, c, cciapi.ExecOptions{Namespace: "n", Pod: "p", Command: []string{"exit", "3"}, Stdout: true, Stderr: true}, nil)
			if res.err != nil || res.code != 3 {
				t.Fatalf("exit 3: code %d, err %v", res.code, res.err)
			}
			res = run(t, c, cciapi.ExecOptions{Namespace: "n", Pod: "p", Command: []string{"split"}, Stdout: true, Stderr: true}, nil)
			if res.err != nil || res.code != 0 || res.stdout != "to stdout\n" || res.stderr != "to stderr\n" {
				t.Fatalf("stderr apart: %+v", res)
			}
		})
	}
}

// TestSPDYExecResizeAndProtocol: the initial size and a resize arrive as JSON objects on the
// resize stream; Protocol names the transport.
func TestSPDYExecResizeAndProtocol(t *testing.T) {
	_, c := spdyClient(t, allSPDY...)
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	s, err := c.Exec(ctx, cciapi.ExecOptions{Namespace: "n", Pod: "p", Command: []string{"resizes", "2"}, Stdin: true, Stdout: true, TTY: true, InitialWidth: 80, InitialHeight: 24})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Protocol() != "spdy v4" || cciapi.ProtocolLabel(s.Protocol()) != "spdy v4" {
		t.Fatalf("Protocol %q, want spdy v4", s.Protocol())
	}
	if err := s.Resize(132, 43); err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(s.Stdout())
	code, err := s.Wait()
	if err != nil || code != 0 || string(out) != "80x24\n132x43\n" {
		t.Fatalf("sizes seen by the server %q, exit %d, err %v", out, code, err)
	}
}

// TestSPDYExecResetIsLost: a connection reset mid-stream is a lost connection (an error that
// asks for a reconnect), never exit code 0 — client-go reports success here
// (kubernetes/kubectl#1726).
func TestSPDYExecResetIsLost(t *testing.T) {
	for _, v := range []string{cciapi.ProtocolSPDYV4, cciapi.ProtocolSPDYV2} {
		_, c := spdyClient(t, v)
		res := run(t, c, cciapi.ExecOptions{Namespace: "n", Pod: "p", Command: []string{"reset"}, Stdout: true}, nil)
		var lost interface{ ConnectionLost() bool }
		if res.err == nil || !errors.Is(res.err, cciapi.ErrConnectionLost) || !errors.As(res.err, &lost) || res.stdout != "started\n" {
			t.Fatalf("%s reset: exit %d, err %v, stdout %q; want a lost connection after \"started\"", v, res.code, res.err, res.stdout)
		}
	}
}

// TestSPDYExecUnauthorized: a wrong token is a 401 StatusError on the POST itself.
func TestSPDYExecUnauthorized(t *testing.T) {
	_, c := spdyClient(t, allSPDY...)
	bad, err := cciapi.NewClient(cciapi.Config{Endpoint: c.Endpoint(), Auth: cciapi.TokenAuth("wrong"), ExecProtocol: cciapi.ExecProtocolSPDY})
	if err != nil {
		t.Fatal(err)
	}
	res := run(t, bad, cciapi.ExecOptions{Namespace: "n", Pod: "p", Command: []string{"exit", "0"}, Stdout: true}, nil)
	if !cciapi.IsUnauthorized(res.err) {
		t.Fatalf("wrong token over SPDY: %v, want a 401", res.err)
	}
}

// TestSPDYExecCloseReleasesEverything: Close mid-stream ends Wait and the readers with
// ErrStreamClosed and leaves no goroutine behind (spdystream's included).
func TestSPDYExecCloseReleasesEverything(t *testing.T) {
	_, c := spdyClient(t, allSPDY...)
	opts := goleak.IgnoreCurrent()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	s, err := c.Exec(ctx, cciapi.ExecOptions{Namespace: "n", Pod: "p", Command: []string{"count"}, Stdin: true, Stdout: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Stdin().Write([]byte(strings.Repeat("x", 100000))); err != nil {
		t.Fatal(err)
	}
	_ = s.Close()
	if _, err := s.Wait(); !errors.Is(err, cciapi.ErrStreamClosed) {
		t.Fatalf("Wait after Close: %v", err)
	}
	if _, err := s.Stdout().Read(make([]byte, 10)); !errors.Is(err, cciapi.ErrStreamClosed) {
		t.Fatalf("Read after Close: %v", err)
	}
	goleak.VerifyNone(t, opts)
}

// stallProxy forwards TCP to target until stall, after which it holds every connection open
// and forwards nothing more, as a dead network path does.
type stallProxy struct {
	ln      net.Listener
	stalled atomic.Bool
}

func newStallProxy(t *testing.T, target string) *stallProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &stallProxy{ln: ln}
	var conns []net.Conn
	var mu sync.Mutex
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		for _, c := range conns {
			_ = c.Close()
		}
		mu.Unlock()
	})
	pipe := func(dst, src net.Conn) {
		buf := make([]byte, 32<<10)
		for {
			n, err := src.Read(buf)
			if err != nil {
				return
			}
			if p.stalled.Load() {
				continue // swallowed
			}
			if _, err := dst.Write(buf[:n]); err != nil {
				return
			}
		}
	}
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
			mu.Lock()
			conns = append(conns, c, s)
			mu.Unlock()
			go pipe(s, c)
			go pipe(c, s)
		}
	}()
	return p
}

// TestSPDYExecKeepaliveDetectsDeadPeer: when nothing comes back for 3 keepalive periods (PINGs
// unanswered), the stream fails as a lost connection instead of hanging.
func TestSPDYExecKeepaliveDetectsDeadPeer(t *testing.T) {
	_, c := spdyClient(t, allSPDY...)
	px := newStallProxy(t, strings.TrimPrefix(c.Endpoint(), "http://"))
	cp, err := cciapi.NewClient(cciapi.Config{Endpoint: "http://" + px.ln.Addr().String(), Auth: cciapi.TokenAuth("secret"),
		Keepalive: 100 * time.Millisecond, ExecProtocol: cciapi.ExecProtocolSPDY})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	s, err := cp.Exec(ctx, cciapi.ExecOptions{Namespace: "n", Pod: "p", Command: []string{"count"}, Stdin: true, Stdout: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	time.Sleep(350 * time.Millisecond) // pings answered meanwhile: still running
	px.stalled.Store(true)
	start := time.Now()
	_, err = s.Wait()
	if !errors.Is(err, cciapi.ErrConnectionLost) || !strings.Contains(err.Error(), "no answer from the server for 300ms") {
		t.Fatalf("dead peer: %v (after %v)", err, time.Since(start))
	}
}
