package cciapi_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"k8s.io/streaming/pkg/httpstream"
	"k8s.io/streaming/pkg/httpstream/spdy"
	"k8s.io/streaming/pkg/httpstream/wsstream"

	"github.com/podmux/podmux/cciapi"
)

// resetCode is kubeExecScript's "drop the connection now" result.
const resetCode = -99

// kubeServerOpts says which exec transports a kubeServer speaks (none: refused).
type kubeServerOpts struct {
	ws   []string // WebSocket subprotocols on GET
	spdy []string // SPDY stream protocol versions on POST
	// token, when set, is required in X-Auth-Token (401 Unauthorized otherwise).
	token string
	// forbidden refuses every exec as kube-apiserver's authorizer does: 403, Status Forbidden.
	forbidden bool
}

// kubeCounts counts the exec requests a kubeServer got, by transport.
type kubeCounts struct {
	ws, spdy    atomic.Int32
	contentType atomic.Value // of the last POST
}

type connKey struct{}

// kubeServer serves exec as kubelet does, on Kubernetes' own server code (k8s.io/streaming's
// wsstream and SPDY upgrader), for the transports opts names; others are refused the way an
// apiserver refuses them (400 for a WebSocket it cannot upgrade, 405 for a POST it does not take).
func kubeServer(t *testing.T, opts kubeServerOpts) (*kubeCounts, *cciapi.Client) {
	t.Helper()
	counts := &kubeCounts{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		isWS := r.Method == http.MethodGet && wsstream.IsWebSocketRequest(r)
		if isWS {
			counts.ws.Add(1)
		} else if r.Method == http.MethodPost {
			counts.spdy.Add(1)
			counts.contentType.Store(r.Header.Get("Content-Type"))
		}
		if opts.token != "" && r.Header.Get("X-Auth-Token") != opts.token {
			writeStatus(w, http.StatusUnauthorized, "Unauthorized", "Unauthorized")
			return
		}
		if opts.forbidden {
			writeStatus(w, http.StatusForbidden, "Forbidden", `pods "p" is forbidden: User "u" cannot create resource "pods/exec" in API group "" in the namespace "n"`)
			return
		}
		switch {
		case isWS:
			if len(opts.ws) == 0 {
				writeStatus(w, http.StatusBadRequest, "BadRequest", "Upgrade request required")
				return
			}
			kubeServeWS(w, r, opts.ws)
		case r.Method == http.MethodPost:
			if len(opts.spdy) == 0 {
				writeStatus(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "the server does not allow this method on the requested resource")
				return
			}
			kubeServeSPDY(w, r, opts.spdy)
		default:
			writeStatus(w, http.StatusBadRequest, "BadRequest", "Upgrade request required")
		}
	}))
	srv.Config.ConnContext = func(ctx context.Context, c net.Conn) context.Context { return context.WithValue(ctx, connKey{}, c) }
	srv.Start()
	t.Cleanup(srv.Close)
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: srv.URL, Auth: cciapi.TokenAuth(cmpOr(opts.token, "t")), Keepalive: -1})
	if err != nil {
		t.Fatal(err)
	}
	return counts, c
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func writeStatus(w http.ResponseWriter, code int, reason, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	fmt.Fprintf(w, `{"kind":"Status","apiVersion":"v1","status":"Failure","message":%q,"reason":%q,"code":%d}`, msg, reason, code)
}

// resetConn drops the request's TCP connection with a reset.
func resetConn(r *http.Request) {
	c, _ := r.Context().Value(connKey{}).(net.Conn)
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	if c != nil {
		_ = c.Close()
	}
}

// kubeServeSPDY serves one exec over SPDY/3.1 the way kubelet's streaming server does
// (cri-streaming remotecommand createHTTPStreamStreams): the protocol handshake, the SPDY
// upgrade, then it waits for the streams the query asks for, by streamType.
func kubeServeSPDY(w http.ResponseWriter, r *http.Request, protocols []string) {
	proto, err := httpstream.Handshake(r, w, protocols)
	if err != nil {
		return // Handshake wrote the 403
	}
	type streamAndReply struct {
		st    httpstream.Stream
		reply <-chan struct{}
	}
	streamCh := make(chan streamAndReply, 8)
	conn := spdy.NewResponseUpgrader().UpgradeResponse(w, r, func(st httpstream.Stream, reply <-chan struct{}) error {
		streamCh <- streamAndReply{st, reply}
		return nil
	})
	if conn == nil {
		return
	}
	defer conn.Close()
	conn.SetIdleTimeout(testTimeout)
	q := r.URL.Query()
	on := func(k string) bool { return q.Get(k) == "true" || q.Get(k) == "1" }
	tty := on("tty")
	want := 1
	for _, k := range []string{"stdin", "stdout"} {
		if on(k) {
			want++
		}
	}
	if on("stderr") && !tty {
		want++
	}
	if tty && (proto == "v4.channel.k8s.io" || proto == "v3.channel.k8s.io") {
		want++
	}
	streams := map[string]httpstream.Stream{}
	timeout := time.After(testTimeout)
	for len(streams) < want {
		select {
		case sr := <-streamCh:
			select {
			case <-sr.reply:
			case <-timeout:
				return
			}
			streams[sr.st.Headers().Get("streamType")] = sr.st
		case <-timeout:
			return
		}
	}
	stdin, stdout, stderr, resize := streams["stdin"], streams["stdout"], streams["stderr"], streams["resize"]
	var in interface{ Read([]byte) (int, error) } = strings.NewReader("")
	if stdin != nil {
		in = stdin
	}
	var out interface{ Write([]byte) (int, error) } = discard{}
	if stdout != nil {
		out = stdout
	}
	var errOut interface{ Write([]byte) (int, error) } = discard{}
	if stderr != nil {
		errOut = stderr
	}
	sizes := make(<-chan string)
	if resize != nil {
		sizes = resizes(resize)
	}
	code := kubeExecScript(q["command"], in, out, errOut, sizes)
	if code == resetCode {
		resetConn(r)
		return
	}
	errs := streams["error"]
	switch {
	case proto == "v4.channel.k8s.io":
		_, _ = errs.Write([]byte(v4Status(code)))
	case code != 0: // v1–v3: plain text, and nothing on success
		_, _ = fmt.Fprintf(errs, "command terminated with non-zero exit code: exit status %d", code)
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
