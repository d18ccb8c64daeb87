package localcci_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
)

// testTimeout bounds every wait; generous for -race on 2 shared cores.
const testTimeout = 60 * time.Second

// TestExecOutputSizes sends outputs whose sizes straddle the three frame-length encodings and
// the pump sizes; each must arrive exactly, followed by the status, then a normal close.
func TestExecOutputSizes(t *testing.T) {
	in := execServer(t)
	for _, n := range []int{1, 124, 125, 126, 127, 65534, 65535, 65536, 65537, 1<<20 - 1, 1 << 20, 1<<20 + 1} {
		out, _, status, _ := rawExec(t, in.URL, in.Token(), cciapi.ProtocolV5, fmt.Sprintf("yes abcdefg | head -c %d; exit 3", n), false)
		if !bytes.Equal(out, pattern("abcdefg", n)) {
			t.Fatalf("size %d: got %d bytes or different content", n, len(out))
		}
		if code, _ := cciapi.DecodeExecStatus([]byte(status)); code != 3 {
			t.Fatalf("size %d: status %s, want exit code 3", n, status)
		}
	}
}

// TestExecPingsDuringBulkOutput has the client ping the server as fast as it can while bulk
// output streams: the pongs (written by the session's reader) and the output frames (written by
// the pump) share the connection, so every pong must arrive intact, in order, between whole
// frames, and the output byte-exact.
func TestExecPingsDuringBulkOutput(t *testing.T) {
	in := execServer(t)
	const n = 16 << 20
	q := url.Values{"command": {"sh", "-c", fmt.Sprintf("yes ping-pong | head -c %d", n)}, "stdout": {"true"}, "stderr": {"true"}}
	conn := dialExecV5(t, in, q)
	var mu sync.Mutex
	sent, got, last := 0, 0, -1
	conn.SetPongHandler(func(data string) error {
		// A ping that comes while the server's last pong is still being written gets no pong of
		// its own (wsConn.pong); the ones that arrive must be intact and in order.
		var i int
		if _, err := fmt.Sscanf(data, "ping %d", &i); err != nil || i <= last {
			t.Errorf("pong %q after pong %d", data, last)
		}
		mu.Lock()
		defer mu.Unlock()
		last = i
		got++
		return nil
	})
	stop := make(chan struct{})
	pinger := make(chan struct{})
	go func() {
		defer close(pinger)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			mu.Lock()
			sent = i + 1
			mu.Unlock()
			if conn.WriteControl(websocket.PingMessage, []byte(fmt.Sprintf("ping %d", i)), time.Now().Add(testTimeout)) != nil {
				return
			}
			time.Sleep(time.Millisecond) // pace, not synchronisation: keeps pings coming all along
		}
	}()
	_ = conn.SetReadDeadline(time.Now().Add(testTimeout))
	var out bytes.Buffer
	for {
		_, b, err := conn.ReadMessage()
		if err != nil {
			if !websocket.IsCloseError(err, websocket.CloseNormalClosure) {
				t.Fatalf("stream ended with %v after %d bytes", err, out.Len())
			}
			break
		}
		if b[0] == cciapi.ChannelStdout {
			out.Write(b[1:])
		}
	}
	close(stop)
	<-pinger
	if !bytes.Equal(out.Bytes(), pattern("ping-pong", n)) {
		t.Fatalf("got %d bytes of %d, or different content", out.Len(), n)
	}
	mu.Lock()
	defer mu.Unlock()
	if got == 0 || got > sent {
		t.Fatalf("%d pongs for %d pings", got, sent)
	}
}

// TestExecBulkOverTLS streams bulk output over TLS (where the send buffer is bounded through
// tls.Conn.NetConn): exactly.
func TestExecBulkOverTLS(t *testing.T) {
	cert := t.TempDir() + "/ca.pem"
	fx := &localcci.Fixture{Namespaces: []localcci.FixtureNamespace{{Name: "test", Pods: []localcci.FixturePod{
		{Name: "box", Containers: []localcci.FixtureContainer{{Name: "main", Image: "busybox"}}},
	}}}}
	in, err := localcci.StartTLS(localcci.Options{Fixture: fx, WorkDir: t.TempDir()}, "", false, cert)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close() })
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(in.Token()), CAFile: cert})
	if err != nil {
		t.Fatal(err)
	}
	const n = 3<<20 + 3
	out, code, err := clientExec(t, c, cciapi.ExecOptions{Command: []string{"sh", "-c", fmt.Sprintf("yes tls | head -c %d", n)}, Stdout: true})
	if err != nil || code != 0 || !bytes.Equal(out, pattern("tls", n)) {
		t.Fatalf("exit %d, err %v, %d bytes of %d", code, err, len(out), n)
	}
}

// TestExecBulkOverTTY streams bulk output through a pty (whose buffer never grows like a pipe's):
// exactly, as NUL bytes pass a terminal's output processing unchanged.
func TestExecBulkOverTTY(t *testing.T) {
	in := execServer(t)
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(in.Token())})
	if err != nil {
		t.Fatal(err)
	}
	const n = 2<<20 + 5
	out, code, err := clientExec(t, c, cciapi.ExecOptions{Command: []string{"head", "-c", fmt.Sprint(n), "/dev/zero"},
		Stdout: true, TTY: true, InitialWidth: 80, InitialHeight: 24})
	if err != nil || code != 0 || !bytes.Equal(out, make([]byte, n)) {
		t.Fatalf("exit %d, err %v, %d bytes of %d", code, err, len(out), n)
	}
}

// clientExec runs o in test/box with podmux's client and returns stdout and the exit code.
func clientExec(t *testing.T, c *cciapi.Client, o cciapi.ExecOptions) ([]byte, int, error) {
	t.Helper()
	o.Namespace, o.Pod = "test", "box"
	s, err := c.Exec(t.Context(), o)
	if err != nil {
		return nil, -1, err
	}
	defer s.Close()
	var out bytes.Buffer
	if _, err := out.ReadFrom(s.Stdout()); err != nil {
		return out.Bytes(), -1, err
	}
	code, err := s.Wait()
	return out.Bytes(), code, err
}

// dialExecV5 opens a raw v5 WebSocket exec on test/box with query q; the test closes it.
func dialExecV5(t *testing.T, in *localcci.Instance, q url.Values) *websocket.Conn {
	t.Helper()
	u := "ws" + strings.TrimPrefix(in.URL, "http") + cciapi.APIPrefix + "/namespaces/test/pods/box/exec?" + q.Encode()
	d := websocket.Dialer{Subprotocols: []string{cciapi.ProtocolV5}}
	conn, _, err := d.Dial(u, http.Header{"X-Auth-Token": {in.Token()}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}
