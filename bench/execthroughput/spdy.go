package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/remotecommand"

	"github.com/podmux/podmux/cciapi"
)

// spdyRunners are the SPDY/3.1 (POST) execs of the same command: podmux's cciapi client forced
// onto SPDY, and client-go's SPDY executor (remotecommand.NewSPDYExecutor, what kubectl ≤ 1.29
// and ccictl use). Both read stdout to its end into the sink and check the byte count.
func spdyRunners(endpoint, token, u string, command []string, size int64) (podmux, clientGo func(*counter) error, err error) {
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: endpoint, Auth: cciapi.TokenAuth(token), ExecProtocol: cciapi.ExecProtocolSPDY})
	if err != nil {
		return nil, nil, err
	}
	podmux = func(w *counter) error {
		s, err := c.Exec(context.Background(), cciapi.ExecOptions{Namespace: "bench", Pod: "gen", Command: command, Stdout: true})
		if err != nil {
			return err
		}
		defer s.Close()
		if s.Protocol() != "spdy v4" {
			return fmt.Errorf("podmux spdy: spoke %s", s.Protocol())
		}
		n, err := io.Copy(w, s.Stdout())
		if err != nil || n != size {
			return fmt.Errorf("podmux spdy: read %d of %d bytes: %v", n, size, err)
		}
		if code, err := s.Wait(); code != 0 || err != nil {
			return fmt.Errorf("podmux spdy: exit %d: %v", code, err)
		}
		return nil
	}
	cfg := &rest.Config{Host: endpoint, WrapTransport: func(rt http.RoundTripper) http.RoundTripper {
		return authRT{next: rt, token: token}
	}}
	clientGo = func(w *counter) error {
		ex, err := remotecommand.NewSPDYExecutor(cfg, "POST", mustURL(u))
		if err != nil {
			return err
		}
		if err := ex.StreamWithContext(context.Background(), remotecommand.StreamOptions{Stdout: w}); err != nil {
			return fmt.Errorf("client-go spdy: %v", err)
		}
		if w.n != size {
			return fmt.Errorf("client-go spdy: read %d of %d bytes", w.n, size)
		}
		return nil
	}
	return podmux, clientGo, nil
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
