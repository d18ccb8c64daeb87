//go:build linux

package localcci

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/sys/unix"

	"github.com/podmux/podmux/cciapi"
)

// TestFrameHeaderEncoding checks the three length encodings at their boundaries: minimal, final,
// unmasked, as RFC 6455 asks of a server.
func TestFrameHeaderEncoding(t *testing.T) {
	w := &frameConn{}
	for _, n := range []int{0, 1, 125, 126, 127, 0xffff, 0x10000, 1<<20 + 1, 1 << 32} {
		h := w.header(websocket.BinaryMessage, n)
		if h[0] != 0x82 || h[1]&0x80 != 0 {
			t.Fatalf("n=%d: first bytes %x, want FIN|binary and no mask bit", n, h[:2])
		}
		var got int
		switch {
		case n <= 125:
			if len(h) != 2 {
				t.Fatalf("n=%d: %d header bytes, want 2", n, len(h))
			}
			got = int(h[1])
		case n <= 0xffff:
			if len(h) != 4 || h[1] != 126 {
				t.Fatalf("n=%d: header %x, want the 16-bit form", n, h)
			}
			got = int(binary.BigEndian.Uint16(h[2:]))
		default:
			if len(h) != 10 || h[1] != 127 {
				t.Fatalf("n=%d: header %x, want the 64-bit form", n, h)
			}
			got = int(binary.BigEndian.Uint64(h[2:]))
		}
		if got != n {
			t.Fatalf("header says %d bytes, want %d", got, n)
		}
	}
}

// TestSpliceRefusedMidFrame makes splice(2) move part of a frame and then fail the way a kernel
// without splice-to-socket support would (EINVAL): the frame in flight must be completed by
// copying and the rest of the output copied, byte for byte.
func TestSpliceRefusedMidFrame(t *testing.T) {
	var calls atomic.Int64
	spliceFn = func(rfd int, roff *int64, wfd int, woff *int64, n int, flags int) (int64, error) {
		switch c := calls.Add(1); {
		case c == 3:
			return unix.Splice(rfd, roff, wfd, woff, min(n, 1000), flags) // part of a frame
		case c > 3:
			return 0, unix.EINVAL // refused in the middle of that frame
		}
		return unix.Splice(rfd, roff, wfd, woff, n, flags)
	}
	defer func() { spliceFn = unix.Splice }() // after in.Close: no session is left to read it
	in := startInternal(t)
	defer in.Close()

	const n = 3<<20 + 77
	out, status := internalExec(t, in, url.Values{"command": {"sh", "-c", fmt.Sprintf("yes spliced | head -c %d", n)}, "stdout": {"true"}})
	want := bytes.Repeat([]byte("spliced\n"), n/8+1)[:n]
	if !bytes.Equal(out, want) {
		t.Fatalf("got %d bytes of %d, or different content", len(out), n)
	}
	if !strings.Contains(status, `"status":"Success"`) {
		t.Fatalf("status %q", status)
	}
	if c := calls.Load(); c != 4 {
		t.Fatalf("splice was called %d times, want 4: the pump must stop splicing after the refusal", c)
	}
}

// TestSpliceUsedForPipesOnly checks which output is spliced: a non-tty pipe over plain TCP is,
// a pty is not, nor anything with Options.ExecNoSplice.
func TestSpliceUsedForPipesOnly(t *testing.T) {
	var calls atomic.Int64
	spliceFn = func(rfd int, roff *int64, wfd int, woff *int64, n int, flags int) (int64, error) {
		calls.Add(1)
		return unix.Splice(rfd, roff, wfd, woff, n, flags)
	}
	defer func() { spliceFn = unix.Splice }()
	in := startInternal(t)
	defer in.Close()
	out, _ := internalExec(t, in, url.Values{"command": {"head", "-c", "300000", "/dev/zero"}, "stdout": {"true"}})
	if len(out) != 300000 || calls.Load() == 0 {
		t.Fatalf("pipe: %d bytes, %d splice calls; want 300000 bytes spliced", len(out), calls.Load())
	}
	before := calls.Load()
	out, _ = internalExec(t, in, url.Values{"command": {"head", "-c", "300000", "/dev/zero"}, "stdout": {"true"}, "tty": {"true"}})
	if len(out) != 300000 || calls.Load() != before {
		t.Fatalf("tty: %d bytes, %d splice calls; want 300000 bytes copied", len(out), calls.Load()-before)
	}
	in.Server.opts.ExecNoSplice = true // no session is running: nothing reads opts concurrently
	out, _ = internalExec(t, in, url.Values{"command": {"head", "-c", "300000", "/dev/zero"}, "stdout": {"true"}})
	if len(out) != 300000 || calls.Load() != before {
		t.Fatalf("ExecNoSplice: %d bytes, %d splice calls; want 300000 bytes copied", len(out), calls.Load()-before)
	}
}

// startInternal starts a server with one pod, test/box. Set spliceFn before: the sessions'
// goroutines start after it.
func startInternal(t *testing.T) *Instance {
	t.Helper()
	fx := &Fixture{Namespaces: []FixtureNamespace{{Name: "test", Pods: []FixturePod{
		{Name: "box", Containers: []FixtureContainer{{Name: "main", Image: "busybox"}}},
	}}}}
	in, err := Start(Options{Fixture: fx, WorkDir: t.TempDir()}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// internalExec runs an exec with query q on test/box (v5) and returns stdout and the status,
// failing on anything but a normal close.
func internalExec(t *testing.T, in *Instance, q url.Values) ([]byte, string) {
	t.Helper()
	u := "ws" + strings.TrimPrefix(in.URL, "http") + cciapi.APIPrefix + "/namespaces/test/pods/box/exec?" + q.Encode()
	d := websocket.Dialer{Subprotocols: []string{cciapi.ProtocolV5}}
	conn, _, err := d.Dial(u, http.Header{"X-Auth-Token": {in.Token()}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetReadDeadline(time.Now().Add(60 * time.Second))
	var out bytes.Buffer
	status := ""
	for {
		_, b, err := conn.ReadMessage()
		if err != nil {
			if !websocket.IsCloseError(err, websocket.CloseNormalClosure) {
				t.Fatalf("stream ended with %v after %d bytes", err, out.Len())
			}
			return out.Bytes(), status
		}
		switch b[0] {
		case cciapi.ChannelStdout:
			out.Write(b[1:])
		case cciapi.ChannelStatus:
			status = string(b[1:])
		}
	}
}
