package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAuthStatusNamesExecProtocol: `auth status` says which exec transport is used, from the flag,
// else the profile's exec_protocol, else auto.
func TestAuthStatusNamesExecProtocol(t *testing.T) {
	in := startAuthLocal(t)
	out, err := runStatus(t, &Globals{Endpoint: in.URL, Token: in.Token()}, authEnv(t, nil), nil)
	if err != nil {
		t.Fatal(err, out)
	}
	wantLines(t, out, "Exec:      auto (WebSocket v5/v4 on GET; SPDY/3.1 on POST when the WebSocket upgrade is refused")
	out, err = runStatus(t, &Globals{Endpoint: in.URL, Token: in.Token(), ExecProtocol: "spdy"}, authEnv(t, nil), nil)
	if err != nil {
		t.Fatal(err, out)
	}
	wantLines(t, out, "Exec:      spdy (SPDY/3.1 on POST")

	env := authEnv(t, nil)
	dir := filepath.Join(env.ConfigHome, "podmux")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := "profiles:\n  lab:\n    cloud: custom\n    endpoint: " + in.URL + "\n    exec_protocol: websocket\n"
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err = runStatus(t, &Globals{Token: in.Token(), Profile: "lab"}, env, nil)
	if err != nil {
		t.Fatal(err, out)
	}
	wantLines(t, out, "Exec:      websocket (GET")
	out, err = runStatus(t, &Globals{Token: in.Token(), Profile: "lab", ExecProtocol: "spdy"}, env, nil)
	if err != nil {
		t.Fatal(err, out)
	}
	wantLines(t, out, "Exec:      spdy")
}

func TestExecProtocolFlagValidated(t *testing.T) {
	in := startAuthLocal(t)
	_, err := runStatus(t, &Globals{Endpoint: in.URL, Token: in.Token(), ExecProtocol: "quic"}, authEnv(t, nil), nil)
	if err == nil || !strings.Contains(err.Error(), `--exec-protocol "quic": use auto, websocket or spdy`) {
		t.Fatalf("--exec-protocol quic: %v", err)
	}
}
