package cciapi_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/podmux/podmux/cciapi"
)

// faultServer upgrades exec requests (v5) and hands the connection to script, which misbehaves.
func faultServer(t *testing.T, script func(*websocket.Conn)) *cciapi.Client {
	return scriptServer(t, websocket.Upgrader{Subprotocols: []string{cciapi.ProtocolV5}}, 100*time.Millisecond, script)
}

// scriptServer upgrades exec requests with up and hands each connection to script; the
// connection stays open after script returns until the test ends. The client pings every
// keepalive (0: never).
func scriptServer(t *testing.T, up websocket.Upgrader, keepalive time.Duration, script func(*websocket.Conn)) *cciapi.Client {
	t.Helper()
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		script(conn)
		<-done
	}))
	t.Cleanup(func() { close(done); srv.Close() })
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: srv.URL, Keepalive: keepalive})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func execFault(t *testing.T, c *cciapi.Client) (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	s, err := c.Exec(ctx, cciapi.ExecOptions{Namespace: "n", Pod: "p", Command: []string{"x"}, Stdout: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return s.Wait()
}

func TestExecAbruptCloseIsAnError(t *testing.T) {
	c := faultServer(t, func(conn *websocket.Conn) {
		_ = conn.WriteMessage(websocket.BinaryMessage, []byte{1})
		_ = conn.WriteMessage(websocket.BinaryMessage, []byte("\x01partial output"))
		_ = conn.UnderlyingConn().Close() // no status, no close frame
	})
	code, err := execFault(t, c)
	if err == nil || !strings.Contains(err.Error(), "lost before the command finished") {
		t.Fatalf("abrupt close: code %d err %v, want an error", code, err)
	}
	if !errors.Is(err, cciapi.ErrConnectionLost) {
		t.Fatalf("abrupt close: %v does not match ErrConnectionLost, so sessions would not reconnect", err)
	}
}

func TestExecCloseWithoutStatusIsAnError(t *testing.T) {
	c := faultServer(t, func(conn *websocket.Conn) {
		_ = conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""))
	})
	code, err := execFault(t, c)
	if err == nil || !strings.Contains(err.Error(), "without an exit status") {
		t.Fatalf("close without status: code %d err %v", code, err)
	}
	if errors.Is(err, cciapi.ErrConnectionLost) {
		t.Fatal("a clean close by the server is not a lost connection: it must not trigger a reconnect")
	}
}

func TestExecDeadPeerDetected(t *testing.T) {
	// The server never reads, so it never answers the client's pings.
	c := faultServer(t, func(conn *websocket.Conn) {})
	code, err := execFault(t, c)
	if err == nil || !strings.Contains(err.Error(), "presumed dead") {
		t.Fatalf("dead peer: code %d err %v", code, err)
	}
	if !errors.Is(err, cciapi.ErrConnectionLost) {
		t.Fatalf("dead peer: %v does not match ErrConnectionLost", err)
	}
}

func TestExecMalformedStatusIsAnError(t *testing.T) {
	c := faultServer(t, func(conn *websocket.Conn) {
		_ = conn.WriteMessage(websocket.BinaryMessage, []byte("\x03{\"status\":\"Failure\",\"reason\":\"NonZeroExitCode\"}"))
		_ = conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""))
	})
	if code, err := execFault(t, c); err == nil || code == 0 {
		t.Fatalf("malformed status: code %d err %v", code, err)
	}
}

func TestExecServerGoingAwayIsALostConnection(t *testing.T) {
	c := faultServer(t, func(conn *websocket.Conn) {
		_ = conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, "shutting down"))
	})
	code, err := execFault(t, c)
	if err == nil || !strings.Contains(err.Error(), "close code 1001") {
		t.Fatalf("going away: code %d err %v", code, err)
	}
	if !errors.Is(err, cciapi.ErrConnectionLost) {
		t.Fatalf("a server going away (%v) must count as a lost connection, so sessions reconnect", err)
	}
}
