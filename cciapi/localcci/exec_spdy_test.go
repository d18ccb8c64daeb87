package localcci_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/remotecommand"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
)

// headerRT adds headers to every request (CCI's X-Auth-Token; client-go knows only bearer
// tokens) and records the last request it sent.
type headerRT struct {
	next http.RoundTripper
	set  http.Header
	last *http.Request
}

func (h *headerRT) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	for k, v := range h.set {
		r.Header[k] = v
	}
	h.last = r
	return h.next.RoundTrip(r)
}

// spdyExec runs command in test/box with client-go's SPDY executor (POST, as kubectl ≤ 1.29 and
// ccictl do), sending hdr on the upgrade request.
func spdyExec(t *testing.T, in *localcci.Instance, hdr http.Header, command []string, o remotecommand.StreamOptions) error {
	t.Helper()
	rt := &headerRT{set: hdr}
	cfg := &rest.Config{Host: in.URL, WrapTransport: func(next http.RoundTripper) http.RoundTripper {
		rt.next = next
		return rt
	}}
	q := url.Values{"command": command}
	for name, on := range map[string]bool{"stdin": o.Stdin != nil, "stdout": o.Stdout != nil, "stderr": o.Stderr != nil, "tty": o.Tty} {
		if on {
			q.Set(name, "true")
		}
	}
	u, _ := url.Parse(in.URL + cciapi.APIPrefix + "/namespaces/test/pods/box/exec?" + q.Encode())
	ex, err := remotecommand.NewSPDYExecutor(cfg, "POST", u)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return ex.StreamWithContext(ctx, o)
}

func tokenHeader(in *localcci.Instance) http.Header {
	return http.Header{"X-Auth-Token": {in.Token()}, "Content-Type": {"application/json"}}
}

func TestSPDYExecEchoAndStderr(t *testing.T) {
	in := execServer(t)
	var out, errb bytes.Buffer
	err := spdyExec(t, in, tokenHeader(in), []string{"sh", "-c", "echo hello; echo oops >&2"}, remotecommand.StreamOptions{Stdout: &out, Stderr: &errb})
	if err != nil || out.String() != "hello\n" || errb.String() != "oops\n" {
		t.Fatalf("err %v out %q stderr %q", err, out.String(), errb.String())
	}
}

// TestSPDYExecContentTypeNotRequired: the API reference makes clients send Content-Type on the
// POST; the server must not depend on it either way.
func TestSPDYExecContentTypeNotRequired(t *testing.T) {
	in := execServer(t)
	for _, ct := range []string{"", "text/plain"} {
		var out bytes.Buffer
		h := http.Header{"X-Auth-Token": {in.Token()}}
		if ct != "" {
			h.Set("Content-Type", ct)
		}
		if err := spdyExec(t, in, h, []string{"echo", "ok"}, remotecommand.StreamOptions{Stdout: &out}); err != nil || out.String() != "ok\n" {
			t.Fatalf("Content-Type %q: err %v out %q", ct, err, out.String())
		}
	}
}

func TestSPDYExecExitCodeAndStartFailure(t *testing.T) {
	in := execServer(t)
	var out bytes.Buffer
	err := spdyExec(t, in, tokenHeader(in), []string{"sh", "-c", "exit 3"}, remotecommand.StreamOptions{Stdout: &out})
	var ec interface{ ExitStatus() int }
	if !errors.As(err, &ec) || ec.ExitStatus() != 3 {
		t.Fatalf("exit 3: %v", err)
	}
	err = spdyExec(t, in, tokenHeader(in), []string{"no-such-command-podmux"}, remotecommand.StreamOptions{Stdout: &out})
	if err == nil || !strings.Contains(err.Error(), "executable file not found") {
		t.Fatalf("command not found: %v", err)
	}
}

// TestSPDYExecStdinHalfClose sends 1 MiB of random bytes; the half-close of the stdin stream
// is the EOF that ends cat, and every byte comes back.
func TestSPDYExecStdinHalfClose(t *testing.T) {
	in := execServer(t)
	data := make([]byte, 1<<20)
	_, _ = rand.Read(data)
	sum := sha256.Sum256(data)
	var out bytes.Buffer
	err := spdyExec(t, in, tokenHeader(in), []string{"sh", "-c", "cat | wc -c"},
		remotecommand.StreamOptions{Stdin: bytes.NewReader(data), Stdout: &out})
	if err != nil || strings.TrimSpace(out.String()) != fmt.Sprint(len(data)) {
		t.Fatalf("err %v, wc -c says %q, want %d", err, out.String(), len(data))
	}
	out.Reset()
	err = spdyExec(t, in, tokenHeader(in), []string{"sha256sum"}, remotecommand.StreamOptions{Stdin: bytes.NewReader(data), Stdout: &out})
	if err != nil || !strings.HasPrefix(out.String(), hex.EncodeToString(sum[:])) {
		t.Fatalf("err %v, sha256sum %q", err, out.String())
	}
}

// sizeQueue hands client-go one terminal size, then none.
type sizeQueue struct {
	sizes chan *remotecommand.TerminalSize
}

func (q sizeQueue) Next() *remotecommand.TerminalSize { return <-q.sizes }

// TestSPDYExecTTYResize: the size on the resize stream reaches the pty (stty size), stdin's
// half-close ends the shell's input.
func TestSPDYExecTTYResize(t *testing.T) {
	in := execServer(t)
	q := sizeQueue{sizes: make(chan *remotecommand.TerminalSize, 1)}
	q.sizes <- &remotecommand.TerminalSize{Width: 132, Height: 43}
	defer close(q.sizes)
	var out bytes.Buffer
	pr, pw := io.Pipe()
	go func() {
		time.Sleep(200 * time.Millisecond)
		_, _ = io.WriteString(pw, "stty size; exit 5\n")
	}()
	err := spdyExec(t, in, tokenHeader(in), []string{"sh"}, remotecommand.StreamOptions{Stdin: pr, Stdout: &out, Tty: true, TerminalSizeQueue: q})
	_ = pw.Close()
	var ec interface{ ExitStatus() int }
	if !errors.As(err, &ec) || ec.ExitStatus() != 5 || !strings.Contains(out.String(), "43 132") {
		t.Fatalf("err %v, output %q: want exit 5 and 43 132", err, out.String())
	}
}

// TestSPDYExecRefusals: what a client sees when the upgrade is refused.
func TestSPDYExecRefusals(t *testing.T) {
	in := execServer(t)
	base := in.URL + cciapi.APIPrefix + "/namespaces/test/pods/box/exec?command=true&stdout=true"
	post := func(h map[string]string, token bool) (int, cciapi.Status, http.Header) {
		req, _ := http.NewRequest("POST", base, nil)
		if token {
			req.Header.Set("X-Auth-Token", in.Token())
		}
		for k, v := range h {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		code, st := statusOfResp(t, resp)
		return code, st, resp.Header
	}
	up := map[string]string{"Connection": "Upgrade", "Upgrade": "SPDY/3.1"}
	if code, st, _ := post(up, true); code != 400 || !strings.Contains(st.Message, "X-Stream-Protocol-Version") {
		t.Fatalf("no version offered: %d %+v", code, st)
	}
	up["X-Stream-Protocol-Version"] = "v9.channel.k8s.io"
	if code, st, h := post(up, true); code != 403 || !strings.Contains(st.Message, "unable to negotiate protocol") ||
		h.Get("X-Accepted-Stream-Protocol-Versions") != "v4.channel.k8s.io" {
		t.Fatalf("unknown version: %d %+v %v", code, st, h)
	}
	up["X-Stream-Protocol-Version"] = "v4.channel.k8s.io"
	if code, st, _ := post(up, false); code != 401 || st.Reason != "Unauthorized" {
		t.Fatalf("no token: %d %+v", code, st)
	}
	if code, st, _ := post(map[string]string{}, true); code != 400 || !strings.Contains(st.Message, "SPDY upgrade") {
		t.Fatalf("plain POST: %d %+v", code, st)
	}
}

func statusOfResp(t *testing.T, resp *http.Response) (int, cciapi.Status) {
	t.Helper()
	b, _ := io.ReadAll(resp.Body)
	var st cciapi.Status
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatalf("answer %d is not a Status: %q", resp.StatusCode, b)
	}
	return resp.StatusCode, st
}
