package cciapi_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
)

func TestExecEcho(t *testing.T) {
	in := startLocal(t)
	c := newClient(t, in, "", 0)
	r := run(t, c, cciapi.ExecOptions{Command: []string{"echo", "hello", "world"}, Stdout: true, Stderr: true}, nil)
	if r.err != nil || r.code != 0 || r.stdout != "hello world\n" || r.stderr != "" {
		t.Fatalf("got %+v", r)
	}
}

func TestExecEnvAndWorkDir(t *testing.T) {
	in := startLocal(t)
	c := newClient(t, in, "", 0)
	r := run(t, c, cciapi.ExecOptions{Namespace: "test", Pod: "duo", Container: "b",
		Command: []string{"sh", "-c", `echo "$CCI_NAMESPACE/$CCI_POD/$CCI_CONTAINER"; pwd; echo "$HOME"`}, Stdout: true}, nil)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.err != nil || len(lines) != 3 || lines[0] != "test/duo/b" || !strings.HasSuffix(lines[1], "/test/duo") || lines[2] != lines[1] {
		t.Fatalf("got %+v", r)
	}
}

func TestExecStdinRoundTripV5(t *testing.T) {
	in := startLocal(t)
	c := newClient(t, in, "", 0)
	data := make([]byte, 1<<20)
	_, _ = rand.Read(data)
	r := run(t, c, cciapi.ExecOptions{Command: []string{"cat"}, Stdin: true, Stdout: true, Stderr: true}, data)
	if r.err != nil || r.code != 0 {
		t.Fatalf("cat: code %d err %v", r.code, r.err)
	}
	if !bytes.Equal([]byte(r.stdout), data) {
		t.Fatalf("1 MiB through cat: got %d bytes back, equal=%v", len(r.stdout), false)
	}
}

func TestExecStderrApart(t *testing.T) {
	in := startLocal(t)
	c := newClient(t, in, "", 0)
	r := run(t, c, cciapi.ExecOptions{Command: []string{"sh", "-c", "echo out; echo err >&2; echo out2"}, Stdout: true, Stderr: true}, nil)
	if r.err != nil || r.stdout != "out\nout2\n" || r.stderr != "err\n" {
		t.Fatalf("got %+v", r)
	}
}

func TestExecExitCode(t *testing.T) {
	in := startLocal(t)
	c := newClient(t, in, "", 0)
	r := run(t, c, cciapi.ExecOptions{Command: []string{"sh", "-c", "exit 3"}, Stdout: true}, nil)
	if r.err != nil || r.code != 3 {
		t.Fatalf("got %+v, want exit code 3", r)
	}
}

func TestExecCommandNotFound(t *testing.T) {
	in := startLocal(t)
	c := newClient(t, in, "", 0)
	r := run(t, c, cciapi.ExecOptions{Command: []string{"bashx"}, Stdout: true}, nil)
	var ee *cciapi.ExecError
	if !errors.As(r.err, &ee) || ee.ExitCode != 127 || !strings.Contains(ee.Error(), `exec: "bashx": executable file not found in $PATH`) {
		t.Fatalf("got %+v, want an ExecError with 127 and the not-found message", r)
	}
}

func TestExecTTYSizeAndResize(t *testing.T) {
	in := startLocal(t)
	c := newClient(t, in, "", 0)
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	s, err := c.Exec(ctx, cciapi.ExecOptions{Namespace: "test", Pod: "box", TTY: true, Stdin: true, Stdout: true,
		Command: []string{"sh", "-c", "stty size; read x; stty size; echo TERM=$TERM"}, InitialWidth: 100, InitialHeight: 30})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	readUntil(t, s.Stdout(), "30 100")
	if err := s.Resize(120, 40); err != nil {
		t.Fatal(err)
	}
	// The resize and the newline travel in order on the one connection, so the pty has the new
	// size before read returns.
	if _, err := s.Stdin().Write([]byte("\n")); err != nil {
		t.Fatal(err)
	}
	// One read may bring both lines: read up to the last and look for the size before it.
	if out := readUntil(t, s.Stdout(), "TERM=xterm-256color"); !strings.Contains(out, "40 120") {
		t.Fatalf("after the resize stty said %q, want 40 120", out)
	}
	if code, err := s.Wait(); code != 0 || err != nil {
		t.Fatalf("wait: %d %v", code, err)
	}
}

func TestExecWrongToken(t *testing.T) {
	in := startLocal(t)
	c := newClient(t, in, "not-the-token", 0)
	_, err := c.Exec(context.Background(), cciapi.ExecOptions{Namespace: "test", Pod: "box", Command: []string{"true"}, Stdout: true})
	if !cciapi.IsUnauthorized(err) || !strings.Contains(err.Error(), "token") {
		t.Fatalf("got %v, want a 401 StatusError about the token", err)
	}
}

func TestExecUnknownPod(t *testing.T) {
	in := startLocal(t)
	c := newClient(t, in, "", 0)
	_, err := c.Exec(context.Background(), cciapi.ExecOptions{Namespace: "test", Pod: "nope", Command: []string{"true"}, Stdout: true})
	if !cciapi.IsNotFound(err) {
		t.Fatalf("got %v, want 404", err)
	}
}

func TestExecUnknownContainer(t *testing.T) {
	in := startLocal(t)
	c := newClient(t, in, "", 0)
	_, err := c.Exec(context.Background(), cciapi.ExecOptions{Namespace: "test", Pod: "duo", Container: "zz", Command: []string{"true"}, Stdout: true})
	var se *cciapi.StatusError
	if !errors.As(err, &se) || se.Code != http.StatusBadRequest || !strings.Contains(err.Error(), "container zz is not valid") {
		t.Fatalf("got %v, want a 400 naming the container", err)
	}
}

func TestExecV4(t *testing.T) {
	in := startLocal(t)
	c := newClient(t, in, "", 0)
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	o := cciapi.OfferOnly(cciapi.ExecOptions{Namespace: "test", Pod: "box", Stdout: true, Stdin: true,
		Command: []string{"sh", "-c", "read line; echo got:$line; exit 5"}}, cciapi.ProtocolV4)
	s, err := c.Exec(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Protocol() != cciapi.ProtocolV4 {
		t.Fatalf("negotiated %q", s.Protocol())
	}
	if _, err := s.Stdin().Write([]byte("hi\n")); err != nil {
		t.Fatal(err)
	}
	if err := s.Stdin().Close(); err != nil { // a no-op on v4
		t.Fatal(err)
	}
	out, _ := io.ReadAll(s.Stdout())
	code, err := s.Wait()
	if string(out) != "got:hi\n" || code != 5 || err != nil {
		t.Fatalf("v4: out %q code %d err %v", out, code, err)
	}
	r := run(t, c, cciapi.OfferOnly(cciapi.ExecOptions{Command: []string{"true"}, Stdout: true}, cciapi.ProtocolV4), nil)
	if r.err != nil || r.code != 0 {
		t.Fatalf("v4 success: %+v", r)
	}
}

func TestExecStderrUnreadDoesNotStallStdout(t *testing.T) {
	in := startLocal(t)
	c := newClient(t, in, "", 0)
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	s, err := c.Exec(ctx, cciapi.ExecOptions{Namespace: "test", Pod: "box", Stdout: true, Stderr: true,
		Command: []string{"sh", "-c", "head -c 3000000 /dev/zero >&2; echo done"}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out, err := io.ReadAll(s.Stdout())
	if err != nil || string(out) != "done\n" {
		t.Fatalf("stdout %q err %v", out, err)
	}
	if code, err := s.Wait(); code != 0 || err != nil {
		t.Fatalf("wait: %d %v", code, err)
	}
	n, err := io.Copy(io.Discard, s.Stderr())
	if !errors.Is(err, cciapi.ErrOutputOverflow) || n != 1<<20 {
		t.Fatalf("stderr: kept %d bytes, err %v; want 1 MiB then ErrOutputOverflow", n, err)
	}
}

func TestExecServerShutdownIsAnError(t *testing.T) {
	in := startLocal(t)
	c := newClient(t, in, "", 0)
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	s, err := c.Exec(ctx, cciapi.ExecOptions{Namespace: "test", Pod: "box", Stdout: true, Command: []string{"sh", "-c", "echo up; exec sleep 60"}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	readUntil(t, s.Stdout(), "up")
	_ = in.Close()
	code, err := s.Wait()
	if err == nil {
		t.Fatalf("server shutdown: exit %d with no error", code)
	}
}

func TestExecClientCloseKillsProcess(t *testing.T) {
	in := startLocal(t)
	c := newClient(t, in, "", 0)
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	// The child sleep ignores nothing; the shell's group must be killed as a whole.
	s, err := c.Exec(ctx, cciapi.ExecOptions{Namespace: "test", Pod: "box", Stdout: true,
		Command: []string{"sh", "-c", "sleep 60 & echo $! $$; wait"}})
	if err != nil {
		t.Fatal(err)
	}
	line := readUntil(t, s.Stdout(), "\n")
	var pids []int
	for _, f := range strings.Fields(line) {
		p, err := strconv.Atoi(f)
		if err != nil {
			t.Fatalf("pid line %q", line)
		}
		pids = append(pids, p)
	}
	_ = s.Close()
	if _, err := s.Wait(); !errors.Is(err, cciapi.ErrStreamClosed) {
		t.Fatalf("wait after close: %v", err)
	}
	deadline := time.Now().Add(testTimeout)
	for _, p := range pids {
		for syscall.Kill(p, 0) == nil {
			if time.Now().After(deadline) {
				t.Fatalf("process %d still exists after the client closed", p)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

func TestExecNoGoroutineLeft(t *testing.T) {
	opts := goleak.IgnoreCurrent()
	in := startLocal(t)
	c := newClient(t, in, "", 50*time.Millisecond)
	r := run(t, c, cciapi.ExecOptions{Command: []string{"sh", "-c", "echo a; echo b >&2"}, Stdout: true, Stderr: true, Stdin: true}, []byte("x"))
	if r.err != nil {
		t.Fatal(r.err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s, err := c.Exec(ctx, cciapi.ExecOptions{Namespace: "test", Pod: "box", Stdout: true, TTY: true, Stdin: true, Command: []string{"cat"}})
	if err != nil {
		t.Fatal(err)
	}
	cancel() // cancelling the context closes the stream
	if _, err := s.Wait(); !errors.Is(err, cciapi.ErrStreamClosed) {
		t.Fatalf("wait after cancel: %v", err)
	}
	_ = s.Close()
	_ = in.Close()
	goleak.VerifyNone(t, opts)
}

func TestExecOverTLS(t *testing.T) {
	cert := t.TempDir() + "/ca.pem"
	in, err := localcci.StartTLS(localcci.Options{Fixture: execFixture(), WorkDir: t.TempDir()}, "", false, cert)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close() })
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(in.Token()), CAFile: cert})
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, c, cciapi.ExecOptions{Command: []string{"echo", "over tls"}, Stdout: true}, nil)
	if r.err != nil || r.code != 0 || r.stdout != "over tls\n" {
		t.Fatalf("got %+v", r)
	}
	// Without the CA the handshake must fail, not silently fall back.
	c2, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(in.Token())})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c2.Exec(context.Background(), cciapi.ExecOptions{Namespace: "test", Pod: "box", Command: []string{"true"}, Stdout: true}); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("untrusted certificate: %v", err)
	}
}

func TestExecTTYBashPromptNamesThePod(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash on this machine")
	}
	in := startLocal(t)
	c := newClient(t, in, "", 0)
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	s, err := c.Exec(ctx, cciapi.ExecOptions{Namespace: "test", Pod: "box", TTY: true, Stdin: true, Stdout: true,
		Command: []string{"bash"}, InitialWidth: 80, InitialHeight: 24})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	readUntil(t, s.Stdout(), "@box:~")
	if _, err := s.Stdin().Write([]byte("exit 7\r")); err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, s.Stdout())
	if code, err := s.Wait(); code != 7 || err != nil {
		t.Fatalf("wait: %d %v", code, err)
	}
}
