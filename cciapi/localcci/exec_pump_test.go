package localcci_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"go.uber.org/goleak"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
)

// maxOutputFrame is the largest output frame the pumps may send: the channel byte plus 1 MiB.
const maxOutputFrame = 1 + 1<<20

// rawExec runs command over a raw WebSocket with proto and returns the concatenated stdout and
// stderr payloads, the status payload and the largest frame seen. It fails on anything but the
// server's normal close after the status.
func rawExec(t *testing.T, base, token, proto, command string, stderr bool) (stdout, errOut []byte, status string, largest int) {
	t.Helper()
	q := url.Values{"command": {"sh", "-c", command}, "stdout": {"true"}}
	if stderr {
		q.Set("stderr", "true")
	}
	u := "ws" + strings.TrimPrefix(base, "http") + cciapi.APIPrefix + "/namespaces/test/pods/box/exec?" + q.Encode()
	d := websocket.Dialer{Subprotocols: []string{proto}}
	conn, _, err := d.Dial(u, http.Header{"X-Auth-Token": {token}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetReadDeadline(time.Now().Add(60 * time.Second))
	var out, eout bytes.Buffer
	for {
		mt, b, err := conn.ReadMessage()
		if err != nil {
			if !websocket.IsCloseError(err, websocket.CloseNormalClosure) {
				t.Fatalf("%s: stream ended with %v after %d stdout bytes", proto, err, out.Len())
			}
			return out.Bytes(), eout.Bytes(), status, largest
		}
		if mt != websocket.BinaryMessage || len(b) == 0 {
			t.Fatalf("%s: message type %d with %d bytes, want a binary frame with a channel byte", proto, mt, len(b))
		}
		largest = max(largest, len(b))
		switch b[0] {
		case cciapi.ChannelStdout:
			out.Write(b[1:])
		case cciapi.ChannelStderr:
			eout.Write(b[1:])
		case cciapi.ChannelStatus:
			status = string(b[1:])
		default:
			t.Fatalf("%s: frame on channel %d", proto, b[0])
		}
	}
}

// pattern is what `yes line | head -c n` prints.
func pattern(line string, n int) []byte {
	return bytes.Repeat([]byte(line+"\n"), n/(len(line)+1)+1)[:n]
}

// TestExecBulkOutputExact streams bulk outputs of odd sizes and different contents one after the
// other, so later sessions run on the bulk buffers the earlier ones left: every byte must arrive,
// in order, nothing from an earlier session may show through, and no frame may exceed 1 MiB of
// payload. v4 and v5 frame output identically.
func TestExecBulkOutputExact(t *testing.T) {
	in := execServer(t)
	cases := []struct {
		line string
		n    int
	}{
		{"first session, long lines of bulk output", 3<<20 + 12345},
		{"2nd", 1<<20 + 1},
		{"x", 5<<20 - 7},
		{"tiny", 100},
	}
	for _, proto := range []string{cciapi.ProtocolV5, cciapi.ProtocolV4} {
		for _, tc := range cases {
			cmd := fmt.Sprintf("yes %q | head -c %d", tc.line, tc.n)
			out, _, status, largest := rawExec(t, in.URL, in.Token(), proto, cmd, false)
			if want := pattern(tc.line, tc.n); !bytes.Equal(out, want) {
				i := 0
				for i < min(len(out), len(want)) && out[i] == want[i] {
					i++
				}
				t.Fatalf("%s %q x %d: got %d bytes, first difference at %d", proto, tc.line, tc.n, len(out), i)
			}
			if !strings.Contains(status, `"status":"Success"`) {
				t.Fatalf("%s: status %s", proto, status)
			}
			if largest > maxOutputFrame {
				t.Fatalf("%s: a frame of %d bytes, want at most %d", proto, largest, maxOutputFrame)
			}
		}
	}
}

// TestExecBulkStdoutAndStderr runs two bulk pumps at once (each with its own bulk buffers from
// the shared pool): each channel must carry exactly its own stream.
func TestExecBulkStdoutAndStderr(t *testing.T) {
	in := execServer(t)
	const n = 2<<20 + 999
	cmd := fmt.Sprintf("yes out | head -c %d & yes err | head -c %d >&2; wait", n, n)
	out, errOut, status, _ := rawExec(t, in.URL, in.Token(), cciapi.ProtocolV5, cmd, true)
	if !bytes.Equal(out, pattern("out", n)) || !bytes.Equal(errOut, pattern("err", n)) {
		t.Fatalf("stdout %d bytes, stderr %d bytes of %d each, or content mixed up", len(out), len(errOut), n)
	}
	if !strings.Contains(status, `"status":"Success"`) {
		t.Fatalf("status %s", status)
	}
}

// TestExecBulkNoGoroutineLeft checks that a bulk session's pumps and their writers end, both
// after a complete run and after the client vanished in the middle of the output.
func TestExecBulkNoGoroutineLeft(t *testing.T) {
	opts := goleak.IgnoreCurrent()
	in := execServer(t)
	_, _, _, _ = rawExec(t, in.URL, in.Token(), cciapi.ProtocolV5, "head -c 4000000 /dev/zero", true)

	u := "ws" + strings.TrimPrefix(in.URL, "http") + cciapi.APIPrefix +
		"/namespaces/test/pods/box/exec?command=cat&command=/dev/zero&stdout=true"
	d := websocket.Dialer{Subprotocols: []string{cciapi.ProtocolV5}}
	conn, _, err := d.Dial(u, http.Header{"X-Auth-Token": {in.Token()}})
	if err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	for got := 0; got < 3<<20; {
		_, b, err := conn.ReadMessage()
		if err != nil {
			t.Fatalf("reading the endless output: %v", err)
		}
		got += len(b)
	}
	_ = conn.UnderlyingConn().Close() // vanish mid-stream: the pump's write fails
	if err := in.Close(); err != nil {
		t.Logf("close: %v", err)
	}
	goleak.VerifyNone(t, opts)
}

// TestPumpBatchesLineByLineOutput: a program that writes its output a line at a time (one write
// per line) reaches the client whole and in order, but in far fewer messages than lines: while
// output streams, short reads wait a moment so lines pile up in the kernel's buffer instead of
// costing a wake-up and a message each.
func TestPumpBatchesLineByLineOutput(t *testing.T) {
	in := protoServer(t, localcci.Options{})
	u := "ws" + strings.TrimPrefix(in.URL, "http") + cciapi.APIPrefix + "/namespaces/test/pods/box/exec?" + url.Values{
		"command": {"sh", "-c", `i=0; while [ $i -lt 3000 ]; do echo "line $i"; i=$((i+1)); done`}, "stdout": {"true"},
	}.Encode()
	conn, _, err := (&websocket.Dialer{Subprotocols: []string{cciapi.ProtocolV5}}).Dial(u, http.Header{"X-Auth-Token": {in.Token()}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetReadDeadline(time.Now().Add(60 * time.Second))
	var out bytes.Buffer
	msgs := 0
	for {
		_, b, err := conn.ReadMessage()
		if err != nil {
			break
		}
		if len(b) > 1 && b[0] == cciapi.ChannelStdout {
			out.Write(b[1:])
			msgs++
		}
	}
	var want bytes.Buffer
	for i := range 3000 {
		fmt.Fprintf(&want, "line %d\n", i)
	}
	if !bytes.Equal(out.Bytes(), want.Bytes()) {
		t.Fatalf("output differs: got %d bytes, want %d", out.Len(), want.Len())
	}
	if msgs > 150 {
		t.Fatalf("3000 lines written one by one came in %d messages, want them batched (≤ 150)", msgs)
	}
	t.Logf("3000 lines in %d messages", msgs)
}
