package localcci_test

import (
	"net/url"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
)

// TestPingWhileOutputIsHeldBack: a client that reads a flooding tty exec slowly (podmux's flow
// control holds a background pane back for seconds) and pings meanwhile keeps its session and
// gets every byte. The server's pong waits behind the output in a full socket (wsConn.pong).
// This run does not reproduce the failure seen with a hundred flooding panes on two busy cores
// (a pong that took the write lock while the socket was full, timed out after one second and
// broke the connection); it guards the behaviour the fix keeps.
func TestPingWhileOutputIsHeldBack(t *testing.T) {
	in := protoServer(t, localcci.Options{})
	const n = 1988895 + 300000 // seq 1 300000, each \n as \r\n on the tty
	q := url.Values{"command": {"sh", "-c", "seq 1 300000"}, "stdout": {"true"}, "tty": {"true"}}
	conn := dialExecV5(t, in, q)
	time.Sleep(300 * time.Millisecond) // the socket fills: nothing is read
	if err := conn.WriteControl(websocket.PingMessage, []byte("held"), time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2500 * time.Millisecond) // longer than the pong's old deadline, still not reading
	_ = conn.SetReadDeadline(time.Now().Add(60 * time.Second))
	got := 0
	for {
		mt, b, err := conn.ReadMessage()
		if err != nil {
			if !websocket.IsCloseError(err, websocket.CloseNormalClosure) || got != n {
				t.Fatalf("stream ended with %v after %d of %d bytes", err, got, n)
			}
			return
		}
		if mt == websocket.BinaryMessage && len(b) > 0 && b[0] == cciapi.ChannelStdout {
			got += len(b) - 1
		}
	}
}
