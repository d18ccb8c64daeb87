package cciapi_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/remotecommand"

	"github.com/podmux/podmux/cciapi/localcci"
)

// authRT adds CCI's X-Auth-Token to every request (client-go knows only bearer tokens).
type authRT struct {
	next  http.RoundTripper
	token string
}

func (a authRT) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Auth-Token", a.token)
	return a.next.RoundTrip(r)
}

// clientGoExec runs command in test/box with client-go's WebSocket executor (v5 only).
func clientGoExec(t testing.TB, in *localcci.Instance, command []string, o remotecommand.StreamOptions) error {
	t.Helper()
	cfg := &rest.Config{Host: in.URL, WrapTransport: func(rt http.RoundTripper) http.RoundTripper {
		return authRT{next: rt, token: in.Token()}
	}}
	q := url.Values{"command": command}
	if o.Stdin != nil {
		q.Set("stdin", "true")
	}
	if o.Stdout != nil {
		q.Set("stdout", "true")
	}
	if o.Stderr != nil {
		q.Set("stderr", "true")
	}
	u := in.URL + "/apis/cci/v2/namespaces/test/pods/box/exec?" + q.Encode()
	ex, err := remotecommand.NewWebSocketExecutor(cfg, "GET", u)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	return ex.StreamWithContext(ctx, o)
}

func TestClientGoInteropEcho(t *testing.T) {
	in := startLocal(t)
	var out, errb bytes.Buffer
	err := clientGoExec(t, in, []string{"sh", "-c", "echo hello; echo oops >&2"}, remotecommand.StreamOptions{Stdout: &out, Stderr: &errb})
	if err != nil || out.String() != "hello\n" || errb.String() != "oops\n" {
		t.Fatalf("client-go echo: err %v out %q err %q", err, out.String(), errb.String())
	}
}

func TestClientGoInteropExitCode(t *testing.T) {
	in := startLocal(t)
	var out bytes.Buffer
	err := clientGoExec(t, in, []string{"sh", "-c", "exit 3"}, remotecommand.StreamOptions{Stdout: &out})
	var ec interface{ ExitStatus() int }
	if !errors.As(err, &ec) || ec.ExitStatus() != 3 {
		t.Fatalf("client-go exit code: %v", err)
	}
	err = clientGoExec(t, in, []string{"bashx"}, remotecommand.StreamOptions{Stdout: &out})
	if err == nil || !strings.Contains(err.Error(), "executable file not found") {
		t.Fatalf("client-go command not found: %v", err)
	}
}

func TestClientGoInteropStdinEOF(t *testing.T) {
	in := startLocal(t)
	var out bytes.Buffer
	data := strings.Repeat("podmux line\n", 10000)
	err := clientGoExec(t, in, []string{"cat"}, remotecommand.StreamOptions{Stdin: strings.NewReader(data), Stdout: &out})
	if err != nil || out.String() != data {
		t.Fatalf("client-go stdin EOF through cat: err %v, got %d bytes of %d", err, out.Len(), len(data))
	}
}

// TestClientGoInteropBulk streams bulk stdout and stderr (both pumps at 1 MiB frames) to
// client-go's executor: both must arrive byte-exact.
func TestClientGoInteropBulk(t *testing.T) {
	in := startLocal(t)
	const n = 4<<20 + 321
	var out, errb bytes.Buffer
	cmd := fmt.Sprintf("yes client-go | head -c %d & yes stderr | head -c %d >&2; wait", n, n)
	err := clientGoExec(t, in, []string{"sh", "-c", cmd}, remotecommand.StreamOptions{Stdout: &out, Stderr: &errb})
	want := func(line string) []byte { return bytes.Repeat([]byte(line+"\n"), n/(len(line)+1)+1)[:n] }
	if err != nil || !bytes.Equal(out.Bytes(), want("client-go")) || !bytes.Equal(errb.Bytes(), want("stderr")) {
		t.Fatalf("client-go bulk: err %v, stdout %d bytes, stderr %d bytes of %d each (or content differs)", err, out.Len(), errb.Len(), n)
	}
}
