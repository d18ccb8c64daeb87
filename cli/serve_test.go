package cli

import (
	"bufio"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/podmux/podmux/cciapi"
)

func TestServeRefusesRemoteListenWithoutAllowRemote(t *testing.T) {
	c := &ServeCmd{Listen: "0.0.0.0:0"}
	err := c.serve(context.Background(), &Globals{}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--allow-remote") {
		t.Fatalf("serve on 0.0.0.0 without --allow-remote: %v, want a refusal naming --allow-remote", err)
	}
}

func TestServeBadFixtureNamesLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fx.yaml")
	if err := os.WriteFile(path, []byte("namespaces:\n  - name: a\n    podz: []\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := (&ServeCmd{Listen: "127.0.0.1:0", Fixture: path}).serve(context.Background(), &Globals{}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), path+":3:") {
		t.Fatalf("bad fixture: %v, want an error naming %s:3", err, path)
	}
}

// TestServeBannerAndStop starts the command, reads the banner, uses its connect line, then stops
// it by cancelling (what SIGINT does) and waits for a clean return.
func TestServeBannerAndStop(t *testing.T) {
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- (&ServeCmd{Listen: "127.0.0.1:0"}).serve(ctx, &Globals{}, pw)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var banner []string
	var token, endpoint string
	for sc.Scan() {
		line := sc.Text()
		banner = append(banner, line)
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "Connect: PODMUX_TOKEN="); ok {
			token, endpoint, _ = strings.Cut(rest, " podmux --endpoint ")
		}
		if strings.HasPrefix(line, "Press Ctrl-C") {
			break
		}
	}
	text := strings.Join(banner, "\n")
	for _, want := range []string{"LOCAL CCI-compatible server", "THIS machine", "URL:", "Token:"} {
		if !strings.Contains(text, want) {
			t.Errorf("banner lacks %q:\n%s", want, text)
		}
	}
	if len(token) < 16 || !strings.HasPrefix(endpoint, "http://127.0.0.1:") {
		t.Fatalf("connect line gave token %q endpoint %q:\n%s", token, endpoint, text)
	}
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: endpoint, Auth: cciapi.TokenAuth(token)})
	if err != nil {
		t.Fatal(err)
	}
	rctx, rcancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer rcancel()
	if nss, err := c.ListNamespaces(rctx); err != nil || len(nss) != 3 {
		t.Fatalf("listing through the printed endpoint and token: %d namespaces, %v", len(nss), err)
	}
	cancel()
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v after stop", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after cancel")
	}
}

func TestServeExecProtocolsFlag(t *testing.T) {
	err := (&ServeCmd{Listen: "127.0.0.1:0", ExecProtocols: "websocket,http3"}).serve(context.Background(), &Globals{}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--exec-protocols") || !strings.Contains(err.Error(), `"http3"`) {
		t.Fatalf("bad --exec-protocols: %v", err)
	}
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- (&ServeCmd{Listen: "127.0.0.1:0", ExecProtocols: "websocket-v4,spdy", WSFragments: "reject"}).serve(ctx, &Globals{}, pw)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var exec string
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "Exec:"); ok {
			exec = strings.TrimSpace(rest)
			break
		}
	}
	cancel()
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if exec != "WebSocket v4 only (GET), SPDY/3.1 (POST); fragmented WebSocket messages rejected (strict)" {
		t.Fatalf("banner's Exec line: %q", exec)
	}
}

func TestServePodNiceOutOfRange(t *testing.T) {
	for _, n := range []int{-1, 20} {
		err := (&ServeCmd{Listen: "127.0.0.1:0", ExecProtocols: "websocket,spdy", PodNice: n}).serve(context.Background(), &Globals{}, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "--pod-nice") || strings.Contains(err.Error(), "\n") {
			t.Fatalf("--pod-nice %d: %v, want a one-line error naming the flag", n, err)
		}
	}
}
