package localcci_test

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"k8s.io/client-go/tools/remotecommand"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
)

func protoServer(t *testing.T, opts localcci.Options) *localcci.Instance {
	t.Helper()
	opts.Fixture = &localcci.Fixture{Namespaces: []localcci.FixtureNamespace{{Name: "test", Pods: []localcci.FixturePod{
		{Name: "box", Containers: []localcci.FixtureContainer{{Name: "main", Image: "busybox"}}},
	}}}}
	opts.WorkDir = t.TempDir()
	in, err := localcci.Start(opts, "", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close() })
	return in
}

// wsDial offers subprotocols for `echo hi`; it returns the negotiated one or the refusal.
func wsDial(t *testing.T, in *localcci.Instance, protos ...string) (string, int, cciapi.Status) {
	t.Helper()
	u := "ws" + strings.TrimPrefix(in.URL, "http") + cciapi.APIPrefix + "/namespaces/test/pods/box/exec?command=echo&command=hi&stdout=true"
	d := websocket.Dialer{Subprotocols: protos}
	conn, resp, err := d.Dial(u, http.Header{"X-Auth-Token": {in.Token()}})
	if err == nil {
		defer conn.Close()
		return conn.Subprotocol(), 101, cciapi.Status{}
	}
	if resp == nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	code, st := statusOfResp(t, resp)
	return "", code, st
}

// TestExecProtocolsPlayServers: --exec-protocols makes the server play a WebSocket-only, a
// v4-only or an SPDY-only server, refusing the rest the way Kubernetes' servers refuse them.
func TestExecProtocolsPlayServers(t *testing.T) {
	t.Run("websocket only", func(t *testing.T) {
		in := protoServer(t, localcci.Options{ExecProtocols: []string{localcci.ExecWebSocket}})
		if p, code, _ := wsDial(t, in, cciapi.ProtocolV5, cciapi.ProtocolV4); p != cciapi.ProtocolV5 {
			t.Fatalf("v5 offered: got %q %d", p, code)
		}
		err := spdyExec(t, in, tokenHeader(in), []string{"true"}, remotecommand.StreamOptions{Stdout: &bytes.Buffer{}})
		if err == nil || !strings.Contains(err.Error(), "WebSocket only") {
			t.Fatalf("SPDY on a WebSocket-only server: %v", err)
		}
	})
	t.Run("websocket v4 only", func(t *testing.T) {
		in := protoServer(t, localcci.Options{ExecProtocols: []string{localcci.ExecWebSocketV4, localcci.ExecSPDY}})
		if p, code, _ := wsDial(t, in, cciapi.ProtocolV5, cciapi.ProtocolV4); p != cciapi.ProtocolV4 {
			t.Fatalf("v5 and v4 offered: got %q %d, want v4", p, code)
		}
		if _, code, st := wsDial(t, in, cciapi.ProtocolV5); code != 403 || !strings.Contains(st.Message, "offer "+cciapi.ProtocolV4) {
			t.Fatalf("v5 alone: %d %+v, want 403", code, st)
		}
		var out bytes.Buffer
		if err := spdyExec(t, in, tokenHeader(in), []string{"echo", "spdy"}, remotecommand.StreamOptions{Stdout: &out}); err != nil || out.String() != "spdy\n" {
			t.Fatalf("SPDY: %v %q", err, out.String())
		}
	})
	t.Run("spdy only", func(t *testing.T) {
		in := protoServer(t, localcci.Options{ExecProtocols: []string{localcci.ExecSPDY}})
		if _, code, st := wsDial(t, in, cciapi.ProtocolV5, cciapi.ProtocolV4); code != 400 || st.Reason != "BadRequest" || !strings.Contains(st.Message, "SPDY/3.1 only") {
			t.Fatalf("WebSocket on an SPDY-only server: %d %+v, want 400", code, st)
		}
		var out bytes.Buffer
		if err := spdyExec(t, in, tokenHeader(in), []string{"echo", "spdy"}, remotecommand.StreamOptions{Stdout: &out}); err != nil || out.String() != "spdy\n" {
			t.Fatalf("SPDY: %v %q", err, out.String())
		}
	})
}

func TestParseExecProtocols(t *testing.T) {
	for in, want := range map[string]string{
		"websocket,spdy": "", "websocket-v4": "", " spdy ": "",
		"websocket,websocket-v4": "exclude each other", "http2": `"http2" is not known`,
	} {
		_, err := localcci.ParseExecProtocols(in)
		if (want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
}

// fragmentedStdin sends a 5000-byte stdin message that a 1 KiB write buffer splits into frames,
// then reads to the end: the output and the close.
func fragmentedStdin(t *testing.T, in *localcci.Instance) (string, error) {
	t.Helper()
	u := "ws" + strings.TrimPrefix(in.URL, "http") + cciapi.APIPrefix + "/namespaces/test/pods/box/exec?command=wc&command=-c&stdin=true&stdout=true"
	d := websocket.Dialer{Subprotocols: []string{cciapi.ProtocolV5}, WriteBufferSize: 1024}
	conn, _, err := d.Dial(u, http.Header{"X-Auth-Token": {in.Token()}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// A strict server may close before the writes are done: what was read decides, not them.
	msg := append([]byte{cciapi.ChannelStdin}, bytes.Repeat([]byte("x"), 5000)...)
	_ = conn.WriteMessage(websocket.BinaryMessage, msg)
	_ = conn.WriteMessage(websocket.BinaryMessage, []byte{cciapi.ChannelClose, cciapi.ChannelStdin})
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	var out string
	for {
		_, b, err := conn.ReadMessage()
		if err != nil {
			return out, err
		}
		if len(b) > 1 && b[0] == cciapi.ChannelStdout {
			out += string(b[1:])
		}
	}
}

// TestStrictFramesRejectFragments: with WSFragments reject (strict mode), a fragmented client
// message ends the session with 1002 and the reason, instead of being joined as gorilla would;
// with reassemble it arrives whole.
func TestStrictFramesRejectFragments(t *testing.T) {
	strict := protoServer(t, localcci.Options{WSFragments: localcci.FragmentsReject})
	out, err := fragmentedStdin(t, strict)
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != websocket.CloseProtocolError || !strings.Contains(ce.Text, "fragmented message") || out != "" {
		t.Fatalf("strict: output %q, end %v; want a 1002 close naming the fragmented message", out, err)
	}
	lenient := protoServer(t, localcci.Options{WSFragments: localcci.FragmentsReassemble})
	out, err = fragmentedStdin(t, lenient)
	if strings.TrimSpace(out) != "5000" || !websocket.IsCloseError(err, websocket.CloseNormalClosure) {
		t.Fatalf("lenient: output %q, end %v", out, err)
	}
}

// TestStrictFramesPassWholeMessages: one frame per message passes strict mode, large ones too
// (64-bit lengths) and pings between them.
func TestStrictFramesPassWholeMessages(t *testing.T) {
	in := protoServer(t, localcci.Options{WSFragments: localcci.FragmentsReject})
	u := "ws" + strings.TrimPrefix(in.URL, "http") + cciapi.APIPrefix + "/namespaces/test/pods/box/exec?command=wc&command=-c&stdin=true&stdout=true"
	d := websocket.Dialer{Subprotocols: []string{cciapi.ProtocolV5}, WriteBufferSize: 200 << 10}
	conn, _, err := d.Dial(u, http.Header{"X-Auth-Token": {in.Token()}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	total := 0
	for _, n := range []int{1, 125, 126, 65535, 65536, 150 << 10} {
		msg := append([]byte{cciapi.ChannelStdin}, bytes.Repeat([]byte("y"), n)...)
		if err := conn.WriteMessage(websocket.BinaryMessage, msg); err != nil {
			t.Fatal(err)
		}
		_ = conn.WriteControl(websocket.PingMessage, []byte("p"), time.Now().Add(time.Second))
		total += n
	}
	_ = conn.WriteMessage(websocket.BinaryMessage, []byte{cciapi.ChannelClose, cciapi.ChannelStdin})
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	var out string
	for {
		_, b, err := conn.ReadMessage()
		if err != nil {
			if !websocket.IsCloseError(err, websocket.CloseNormalClosure) {
				t.Fatalf("ended with %v", err)
			}
			break
		}
		if len(b) > 1 && b[0] == cciapi.ChannelStdout {
			out += string(b[1:])
		}
	}
	if strings.TrimSpace(out) != strconv.Itoa(total) {
		t.Fatalf("wc -c %q, want %d", out, total)
	}
}
