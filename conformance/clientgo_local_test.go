package conformance

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"testing"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/remotecommand"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
)

// tokenRT adds CCI's X-Auth-Token (client-go knows only bearer tokens).
type tokenRT struct {
	next  http.RoundTripper
	token string
}

func (a tokenRT) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Auth-Token", a.token)
	r.Header.Set("Content-Type", "application/json") // as CCI's API reference asks on the POST
	return a.next.RoundTrip(r)
}

// clientGoSession runs client-go's executor in the background behind pipes.
type clientGoSession struct {
	stdinW           *io.PipeWriter
	stdoutR, stderrR *io.PipeReader
	sizes            chan *remotecommand.TerminalSize
	done             chan error
	protocol         string
}

func (s *clientGoSession) Stdin() io.WriteCloser { return s.stdinW }
func (s *clientGoSession) Stdout() io.Reader     { return s.stdoutR }
func (s *clientGoSession) Stderr() io.Reader {
	if s.stderrR == nil {
		return nil
	}
	return s.stderrR
}
func (s *clientGoSession) Protocol() string { return s.protocol }

func (s *clientGoSession) Resize(w, h uint16) error {
	s.sizes <- &remotecommand.TerminalSize{Width: w, Height: h}
	return nil
}

func (s *clientGoSession) Wait() (int, error) {
	err := <-s.done
	var ec interface{ ExitStatus() int }
	if errors.As(err, &ec) {
		return ec.ExitStatus(), nil
	}
	return 0, err
}

type sizeQueue chan *remotecommand.TerminalSize

func (q sizeQueue) Next() *remotecommand.TerminalSize { return <-q }

// clientGoRow runs client-go's SPDY (method POST) or WebSocket (GET, v5) executor against
// podmux's local server in.
func clientGoRow(name string, in *localcci.Instance, rs *resettable, method, protocol string) row {
	return row{name: name, protocol: protocol, stdinEOF: true, reset: rs.reset,
		start: func(t *testing.T, r execReq) execSession {
			t.Helper()
			cfg := &rest.Config{Host: rs.srv.URL, WrapTransport: func(next http.RoundTripper) http.RoundTripper {
				return tokenRT{next: next, token: in.Token()}
			}}
			container := r.container
			if container == "" {
				container = "main"
			}
			q := url.Values{"command": r.command, "container": {container}, "stdout": {"true"}}
			for k, on := range map[string]bool{"stdin": r.stdin, "stderr": r.stderr, "tty": r.tty} {
				if on {
					q.Set(k, "true")
				}
			}
			u, _ := url.Parse(rs.srv.URL + cciapi.APIPrefix + "/namespaces/test/pods/box/exec?" + q.Encode())
			var ex remotecommand.Executor
			var err error
			if method == "POST" {
				ex, err = remotecommand.NewSPDYExecutor(cfg, method, u)
			} else {
				ex, err = remotecommand.NewWebSocketExecutor(cfg, method, u.String())
			}
			if err != nil {
				t.Fatal(err)
			}
			s := &clientGoSession{sizes: make(chan *remotecommand.TerminalSize, 8), done: make(chan error, 1), protocol: protocol}
			var stdinR *io.PipeReader
			stdinR, s.stdinW = io.Pipe()
			var stdoutW, stderrW *io.PipeWriter
			s.stdoutR, stdoutW = io.Pipe()
			o := remotecommand.StreamOptions{Stdout: stdoutW, Tty: r.tty}
			if r.stdin {
				o.Stdin = stdinR
			}
			if r.stderr {
				s.stderrR, stderrW = io.Pipe()
				o.Stderr = stderrW
			}
			if r.tty {
				o.TerminalSizeQueue = sizeQueue(s.sizes)
			}
			ctx, cancel := context.WithCancel(context.Background())
			t.Cleanup(cancel)
			t.Cleanup(func() { _ = stdinR.Close() })
			go func() {
				err := ex.StreamWithContext(ctx, o)
				_ = stdoutW.Close()
				if stderrW != nil {
					_ = stderrW.Close()
				}
				s.done <- err
			}()
			return s
		}}
}

// localServer is podmux's local server (what `podmux serve` runs) with the test pod, behind a
// resettable listener.
func localServer(t *testing.T) (*localcci.Instance, *resettable) {
	t.Helper()
	fx := &localcci.Fixture{Namespaces: []localcci.FixtureNamespace{{Name: "test", Pods: []localcci.FixturePod{
		{Name: "box", Containers: []localcci.FixtureContainer{{Name: podContainer, Image: "busybox"}}},
	}}}}
	s, err := localcci.New(localcci.Options{Fixture: fx, WorkDir: t.TempDir(), Token: "conformance"})
	if err != nil {
		t.Fatal(err)
	}
	// Instance only for Token(); the server is served by the resettable listener.
	in := &localcci.Instance{Server: s}
	rs := newResettable(t, s)
	t.Cleanup(s.Close)
	return in, rs
}

// TestClientGoAgainstPodmuxServe runs every case with client-go's own executors against
// podmux's local server: SPDY on POST, WebSocket v5 on GET.
func TestClientGoAgainstPodmuxServe(t *testing.T) {
	in, rs := localServer(t)
	runRows(t, []row{
		withLeftOut(clientGoRow("client-go-spdy", in, rs, "POST", "spdy"), map[string]string{
			// client-go's SPDY executor takes a connection reset for the end of the streams and
			// reports success (kubernetes/kubectl#1726): a bug of client-go, not of the server.
			// podmux's own SPDY client is held to this case in TestPodmuxAgainstKubernetes.
			"reset mid-stream is an error": "kubernetes/kubectl#1726",
		}),
		clientGoRow("client-go-websocket", in, rs, "GET", "websocket"),
	})
}

func withLeftOut(r row, out map[string]string) row {
	r.leftOut = out
	return r
}
