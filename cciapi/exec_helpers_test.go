package cciapi_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
)

// testTimeout bounds every wait in the exec tests; generous for -race on 2 shared cores.
const testTimeout = 30 * time.Second

// execFixture has a running single-container pod and a running two-container pod.
func execFixture() *localcci.Fixture {
	return &localcci.Fixture{Namespaces: []localcci.FixtureNamespace{{
		Name: "test",
		Pods: []localcci.FixturePod{
			{Name: "box", Containers: []localcci.FixtureContainer{{Name: "main", Image: "busybox"}}},
			{Name: "duo", Containers: []localcci.FixtureContainer{{Name: "a", Image: "busybox"}, {Name: "b", Image: "busybox"}}},
		},
	}}}
}

// startLocal starts a local server on loopback with the exec fixture; it is closed at cleanup.
func startLocal(t testing.TB) *localcci.Instance {
	t.Helper()
	in, err := localcci.Start(localcci.Options{Fixture: execFixture(), WorkDir: t.TempDir()}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close() })
	return in
}

// newClient builds a client for in with the given token ("" = the right one).
func newClient(t testing.TB, in *localcci.Instance, token string, keepalive time.Duration) *cciapi.Client {
	t.Helper()
	if token == "" {
		token = in.Token()
	}
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(token), Keepalive: keepalive})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// result is what a finished exec produced.
type result struct {
	stdout, stderr string
	code           int
	err            error
}

// run execs o, feeds stdin (closing it after) when not nil, reads both outputs concurrently and
// waits for the status.
func run(t testing.TB, c *cciapi.Client, o cciapi.ExecOptions, stdin []byte) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	if o.Namespace == "" {
		o.Namespace, o.Pod = "test", "box"
	}
	s, err := c.Exec(ctx, o)
	if err != nil {
		return result{err: err, code: -1}
	}
	defer s.Close()
	var out, errb bytes.Buffer
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); _, _ = io.Copy(&out, s.Stdout()) }()
	go func() { defer wg.Done(); _, _ = io.Copy(&errb, s.Stderr()) }()
	if stdin != nil {
		go func() {
			_, _ = s.Stdin().Write(stdin)
			_ = s.Stdin().Close()
		}()
	}
	code, werr := s.Wait()
	wg.Wait()
	return result{stdout: out.String(), stderr: errb.String(), code: code, err: werr}
}

// readUntil reads r until the accumulated text contains want, failing after testTimeout.
func readUntil(t testing.TB, r io.Reader, want string) string {
	t.Helper()
	type chunk struct {
		b   []byte
		err error
	}
	var acc strings.Builder
	deadline := time.After(testTimeout)
	for !strings.Contains(acc.String(), want) {
		ch := make(chan chunk, 1)
		go func() {
			buf := make([]byte, 4096)
			n, err := r.Read(buf)
			ch <- chunk{buf[:n], err}
		}()
		select {
		case c := <-ch:
			acc.Write(c.b)
			if c.err != nil {
				t.Fatalf("reading until %q: %v (got %q)", want, c.err, acc.String())
			}
		case <-deadline:
			t.Fatalf("timed out waiting for %q (got %q)", want, acc.String())
		}
	}
	return acc.String()
}
