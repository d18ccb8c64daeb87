package localcci_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
)

func execServer(t *testing.T) *localcci.Instance {
	t.Helper()
	fx := &localcci.Fixture{Namespaces: []localcci.FixtureNamespace{{Name: "test", Pods: []localcci.FixturePod{
		{Name: "box", Containers: []localcci.FixtureContainer{{Name: "main", Image: "busybox"}}},
	}}}}
	in, err := localcci.Start(localcci.Options{Fixture: fx, WorkDir: t.TempDir()}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close() })
	return in
}

// statusOf sends req and decodes the Status answer.
func statusOf(t *testing.T, req *http.Request) (int, cciapi.Status) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st cciapi.Status
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatalf("%s %s: answer is not a Status: %v", req.Method, req.URL, err)
	}
	return resp.StatusCode, st
}

func TestExecRequestErrors(t *testing.T) {
	in := execServer(t)
	base := in.URL + cciapi.APIPrefix + "/namespaces/test/pods/box/exec"
	cases := []struct {
		name, method, query string
		header              map[string]string
		code                int
		msg                 string
	}{
		{"plain GET", "GET", "?command=true&stdout=true", nil, 400, "WebSocket upgrade"},
		{"no command", "GET", "?stdout=true", nil, 400, "needs a command"},
		{"no stream", "GET", "?command=true", nil, 400, "at least one of stdin"},
		{"bad bool", "GET", "?command=true&stdout=yes", nil, 400, "not a boolean"},
		{"SPDY without a version", "POST", "?command=true&stdout=true", map[string]string{"Connection": "Upgrade", "Upgrade": "SPDY/3.1"}, 400, "X-Stream-Protocol-Version"},
		{"no subprotocol", "GET", "?command=true&stdout=true", map[string]string{
			"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
			"Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Protocol": "channel.k8s.io"}, 403, "offer v5.channel.k8s.io or v4.channel.k8s.io"},
		{"unknown pod", "GET", "?command=true&stdout=true", nil, 404, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u := base + tc.query
			if tc.name == "unknown pod" {
				u = strings.Replace(u, "/box/", "/nope/", 1)
			}
			req, _ := http.NewRequest(tc.method, u, nil)
			req.Header.Set("X-Auth-Token", in.Token())
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			code, st := statusOf(t, req)
			if code != tc.code || st.Code != tc.code || st.Status != "Failure" || !strings.Contains(st.Message, tc.msg) {
				t.Fatalf("got %d %+v, want %d with %q", code, st, tc.code, tc.msg)
			}
		})
	}
}

// TestExecStatusShapes reads the raw status frames: v5 carries "metadata":{}, v4 does not, and
// both carry the exit code as an ExitCode cause under "reason".
func TestExecStatusShapes(t *testing.T) {
	in := execServer(t)
	u := "ws" + strings.TrimPrefix(in.URL, "http") + cciapi.APIPrefix + "/namespaces/test/pods/box/exec?command=sh&command=-c&command=exit+7&stdout=true"
	for _, proto := range []string{cciapi.ProtocolV5, cciapi.ProtocolV4} {
		d := websocket.Dialer{Subprotocols: []string{proto}}
		conn, _, err := d.Dial(u, http.Header{"X-Auth-Token": {in.Token()}})
		if err != nil {
			t.Fatal(err)
		}
		var frames []string
		for {
			_, b, err := conn.ReadMessage()
			if err != nil {
				if !websocket.IsCloseError(err, websocket.CloseNormalClosure) {
					t.Fatalf("%s: ended with %v, want a normal close", proto, err)
				}
				break
			}
			frames = append(frames, string(b))
		}
		_ = conn.Close()
		if len(frames) != 2 || frames[0] != "\x01" || frames[1][0] != 3 {
			t.Fatalf("%s: frames %q, want the empty stdout frame then the status", proto, frames)
		}
		status := frames[1][1:]
		wantMeta := proto == cciapi.ProtocolV5
		if strings.Contains(status, `"metadata":{}`) != wantMeta ||
			!strings.Contains(status, `"reason":"NonZeroExitCode"`) ||
			!strings.Contains(status, `"causes":[{"reason":"ExitCode","message":"7"}]`) {
			t.Fatalf("%s: status %s", proto, status)
		}
		if code, err := cciapi.DecodeExecStatus([]byte(status)); code != 7 || err != nil {
			t.Fatalf("%s: decoded %d %v", proto, code, err)
		}
	}
}

// TestExecAbruptClientLossKillsGroup drops the TCP connection without a close frame: the server
// must kill the whole process group (the shell and its background child) and reap it.
func TestExecAbruptClientLossKillsGroup(t *testing.T) {
	in := execServer(t)
	u := "ws" + strings.TrimPrefix(in.URL, "http") + cciapi.APIPrefix +
		"/namespaces/test/pods/box/exec?command=sh&command=-c&command=" + url.QueryEscape("sleep 60 & echo $! $$; wait") + "&stdout=true"
	d := websocket.Dialer{Subprotocols: []string{cciapi.ProtocolV5}}
	conn, _, err := d.Dial(u, http.Header{"X-Auth-Token": {in.Token()}})
	if err != nil {
		t.Fatal(err)
	}
	var line string
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	for !strings.Contains(line, "\n") {
		_, b, err := conn.ReadMessage()
		if err != nil {
			t.Fatalf("reading the pids: %v (got %q)", err, line)
		}
		if len(b) > 1 && b[0] == cciapi.ChannelStdout {
			line += string(b[1:])
		}
	}
	_ = conn.UnderlyingConn().Close() // vanish: no close frame
	deadline := time.Now().Add(30 * time.Second)
	for _, f := range strings.Fields(line) {
		pid, err := strconv.Atoi(f)
		if err != nil {
			t.Fatalf("pid line %q", line)
		}
		for syscall.Kill(pid, 0) == nil {
			if time.Now().After(deadline) {
				t.Fatalf("process %d still exists after the client vanished", pid)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}
