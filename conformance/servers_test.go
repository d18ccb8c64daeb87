package conformance

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/go-logr/logr"
	"k8s.io/apiserver/pkg/util/proxy"
	"k8s.io/cri-streaming/pkg/streaming/remotecommand"
	"k8s.io/klog/v2"
	"k8s.io/streaming/pkg/httpstream/wsstream"
	utilexec "k8s.io/utils/exec"

	"github.com/podmux/podmux/cciapi"
)

func init() {
	// Kubernetes' server code logs every connection's end; the tests check outcomes instead.
	klog.SetLogger(logr.Discard())
}

// podContainer is the one container the test pods have; any other name is "not found".
const podContainer = "main"

// localExecutor is a kubelet runtime whose containers are local processes: the command runs
// as given (sh -c …), in a pty for tty, with the pty following the resize events. Exit codes
// come back as utilexec.CodeExitError, as a CRI runtime's do.
type localExecutor struct {
	anyContainer bool // every container name exists (the TUI test's pods have several)
}

func (x localExecutor) ExecInContainer(ctx context.Context, pod, uid, container string, cmd []string,
	in io.Reader, out, errw io.WriteCloser, tty bool, resize <-chan remotecommand.TerminalSize, _ time.Duration) error {
	if container != podContainer && !x.anyContainer {
		return fmt.Errorf("container %q not found in pod %q", container, pod)
	}
	c := exec.CommandContext(ctx, cmd[0], cmd[1:]...)
	c.Env = append(os.Environ(), "TERM=xterm")
	var err error
	if tty {
		var f *os.File
		f, err = pty.StartWithSize(c, &pty.Winsize{Cols: 80, Rows: 24})
		if err != nil {
			return err
		}
		var mu sync.Mutex // f is closed under mu, and only resized while open
		closed := false
		go func() {
			for s := range resize {
				mu.Lock()
				if !closed {
					_ = pty.Setsize(f, &pty.Winsize{Cols: s.Width, Rows: s.Height})
				}
				mu.Unlock()
			}
		}()
		if in != nil {
			go func() { _, _ = io.Copy(f, in) }()
		}
		_, _ = io.Copy(out, f) // until EIO: the process and its children closed the terminal
		err = c.Wait()
		mu.Lock()
		closed = true
		_ = f.Close()
		mu.Unlock()
	} else {
		if in != nil {
			w, perr := c.StdinPipe()
			if perr != nil {
				return perr
			}
			go func() {
				_, _ = io.Copy(w, in)
				_ = w.Close() // the client's stdin EOF
			}()
		}
		c.Stdout, c.Stderr = out, errw
		err = c.Run()
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return utilexec.CodeExitError{Err: err, Code: ee.ExitCode()}
	}
	return err
}

// execOptions reads CCI's exec query (stdin=true, …) as the API server would before calling
// kubelet (which gets input=1, …).
func execOptions(r *http.Request) (command []string, container string, stdin, stdout, stderr, tty bool) {
	q := r.URL.Query()
	on := func(k string) bool { return q.Get(k) == "true" || q.Get(k) == "1" }
	tty = on("tty")
	return q["command"], q.Get("container"), on("stdin"), on("stdout"), on("stderr") && !tty, tty
}

// resettable is a loopback test server whose connections can be reset from the server side.
type resettable struct {
	srv   *httptest.Server
	mu    sync.Mutex
	conns []net.Conn
}

func newResettable(t *testing.T, h http.Handler) *resettable {
	t.Helper()
	rs := &resettable{srv: httptest.NewUnstartedServer(h)}
	rs.srv.Config.ConnState = func(c net.Conn, s http.ConnState) {
		if s == http.StateNew {
			rs.mu.Lock()
			rs.conns = append(rs.conns, c)
			rs.mu.Unlock()
		}
	}
	rs.srv.Start()
	t.Cleanup(rs.srv.Close)
	return rs
}

// reset drops every connection with a TCP RST (linger 0): no close frame, no status.
func (rs *resettable) reset() {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	for _, c := range rs.conns {
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetLinger(0)
		}
		_ = c.Close()
	}
	rs.conns = nil
}

// kubeletServer serves CCI's exec path with kubelet's own streaming code (ServeExec: WebSocket
// channel.k8s.io/v4 and SPDY/3.1 v1–v4) on localExecutor.
func kubeletServer(t *testing.T) *resettable { return kubeletServerWith(t, localExecutor{}) }

func kubeletServerWith(t *testing.T, x localExecutor) *resettable {
	return newResettable(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/exec") {
			http.NotFound(w, r)
			return
		}
		cmd, container, stdin, stdout, stderr, tty := execOptions(r)
		opts := &remotecommand.Options{Stdin: stdin, Stdout: stdout, Stderr: stderr, TTY: tty}
		remotecommand.ServeExec(w, r, x, "box", "uid", container, cmd, opts,
			time.Minute, remotecommand.DefaultStreamCreationTimeout, remotecommand.SupportedStreamingProtocols)
	}))
}

// apiServer plays kube-apiserver in front of a kubelet: a WebSocket exec that offers
// v5.channel.k8s.io goes through the API server's own StreamTranslatorHandler (WebSocket v5 to
// the client, SPDY to kubelet), picked by NewTranslatingHandler as the API server does; other
// requests are proxied to kubelet unchanged (upgrades included).
func apiServer(t *testing.T, kubelet *resettable) *resettable {
	target, _ := url.Parse(kubelet.srv.URL)
	translate := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _, stdin, stdout, stderr, tty := execOptions(r)
		loc := *target
		loc.Path, loc.RawQuery = r.URL.Path, r.URL.RawQuery
		proxy.NewStreamTranslatorHandler(&loc, http.DefaultTransport, 0,
			proxy.Options{Stdin: stdin, Stdout: stdout, Stderr: stderr, Tty: tty}).ServeHTTP(w, r)
	})
	pass := &httpUpgradeProxy{target: target}
	return newResettable(t, proxy.NewTranslatingHandler(pass, translate, wsstream.IsWebSocketRequestWithStreamCloseProtocol))
}

// httpUpgradeProxy forwards a request to target, upgrades included (the SPDY exec path).
type httpUpgradeProxy struct{ target *url.URL }

func (p *httpUpgradeProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	up, err := net.Dial("tcp", p.target.Host)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer up.Close()
	if err := r.Write(up); err != nil {
		return
	}
	down, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	defer down.Close()
	done := make(chan struct{}, 2)
	go func() { _, _ = io.Copy(up, brw); closeWrite(up); done <- struct{}{} }()
	go func() { _, _ = io.Copy(down, up); closeWrite(down); done <- struct{}{} }()
	<-done
	<-done
}

func closeWrite(c net.Conn) {
	if tc, ok := c.(interface{ CloseWrite() error }); ok {
		_ = tc.CloseWrite()
	}
}

// podmuxClient is podmux's CCI client for endpoint, over protocol (cciapi.ExecProtocol…).
func podmuxClient(t *testing.T, endpoint, protocol string) *cciapi.Client {
	t.Helper()
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: endpoint, Auth: cciapi.TokenAuth("conformance"), ExecProtocol: protocol})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
