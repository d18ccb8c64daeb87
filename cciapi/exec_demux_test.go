package cciapi_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/podmux/podmux/cciapi"
)

// The stream has no reader goroutine: whoever waits drives the connection. These tests cover
// the orders of waiting that a consumer may choose.

func TestExecWaitAloneDrivesTheStream(t *testing.T) {
	in := startLocal(t)
	c := newClient(t, in, "", 0)
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	s, err := c.Exec(ctx, cciapi.ExecOptions{Namespace: "test", Pod: "box", Stdout: true, Stderr: true,
		Command: []string{"sh", "-c", "echo out; echo err >&2; exit 4"}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Nobody reads the outputs: Wait must read the connection itself, keeping the output.
	if code, err := s.Wait(); code != 4 || err != nil {
		t.Fatalf("wait: exit %d, %v; want 4", code, err)
	}
	out, oerr := io.ReadAll(s.Stdout())
	errb, eerr := io.ReadAll(s.Stderr())
	if string(out) != "out\n" || string(errb) != "err\n" || oerr != nil || eerr != nil {
		t.Fatalf("after wait: stdout %q (%v), stderr %q (%v)", out, oerr, errb, eerr)
	}
}

func TestExecStdoutReadLaterWhileStderrReaderWaits(t *testing.T) {
	in := startLocal(t)
	c := newClient(t, in, "", 0)
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	// 3 MiB of stdout, more than its pipe keeps, then one stderr line: the stderr reader drives
	// first, fills stdout's pipe and must then leave the connection to the stdout reader.
	s, err := c.Exec(ctx, cciapi.ExecOptions{Namespace: "test", Pod: "box", Stdout: true, Stderr: true,
		Command: []string{"sh", "-c", "head -c 3145728 /dev/zero; echo late >&2"}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	type got struct {
		b   []byte
		err error
	}
	errc := make(chan got, 1)
	go func() { b, err := io.ReadAll(s.Stderr()); errc <- got{b, err} }()
	time.Sleep(200 * time.Millisecond) // let the stderr reader take the connection first
	n, err := io.Copy(io.Discard, s.Stdout())
	if n != 3<<20 || err != nil {
		t.Fatalf("stdout: %d bytes, %v; want %d", n, err, 3<<20)
	}
	select {
	case g := <-errc:
		if string(g.b) != "late\n" || g.err != nil {
			t.Fatalf("stderr %q, %v", g.b, g.err)
		}
	case <-time.After(testTimeout):
		t.Fatal("stderr reader never finished")
	}
	if code, err := s.Wait(); code != 0 || err != nil {
		t.Fatalf("wait: %d %v", code, err)
	}
}

func TestExecEveryWaiterAtOnceKeepsOutputExact(t *testing.T) {
	in := startLocal(t)
	c := newClient(t, in, "", 0)
	// Interleaved output on both channels while stdout, stderr and Wait all wait at once, in
	// several rounds so the connection changes hands in many orders.
	script := `i=0; while [ $i -lt 200 ]; do echo "o$i"; echo "e$i" >&2; i=$((i+1)); done; head -c 1048577 /dev/zero`
	var wantOut, wantErr bytes.Buffer
	for i := range 200 {
		wantOut.WriteString("o" + strconv.Itoa(i) + "\n")
		wantErr.WriteString("e" + strconv.Itoa(i) + "\n")
	}
	wantOut.Write(make([]byte, 1048577))
	for round := range 5 {
		r := run(t, c, cciapi.ExecOptions{Command: []string{"sh", "-c", script}, Stdout: true, Stderr: true}, nil)
		if r.err != nil || r.code != 0 || r.stdout != wantOut.String() || r.stderr != wantErr.String() {
			t.Fatalf("round %d: exit %d, %v; stdout %d bytes (want %d), stderr %d bytes (want %d)",
				round, r.code, r.err, len(r.stdout), wantOut.Len(), len(r.stderr), wantErr.Len())
		}
	}
}

func TestExecCloseWhileAReaderDrives(t *testing.T) {
	opts := goleak.IgnoreCurrent()
	in := startLocal(t)
	c := newClient(t, in, "", 0)
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	s, err := c.Exec(ctx, cciapi.ExecOptions{Namespace: "test", Pod: "box", Stdout: true, Command: []string{"sleep", "60"}})
	if err != nil {
		t.Fatal(err)
	}
	readErr := make(chan error, 1)
	go func() { _, err := s.Stdout().Read(make([]byte, 10)); readErr <- err }()
	time.Sleep(100 * time.Millisecond) // the reader is now blocked on the connection
	closed := make(chan struct{})
	go func() { _ = s.Close(); close(closed) }()
	select {
	case err := <-readErr:
		if !errors.Is(err, cciapi.ErrStreamClosed) {
			t.Fatalf("blocked read after Close: %v", err)
		}
	case <-time.After(testTimeout):
		t.Fatal("a read blocked on the connection did not end at Close")
	}
	select {
	case <-closed:
	case <-time.After(testTimeout):
		t.Fatal("Close did not return")
	}
	if _, err := s.Wait(); !errors.Is(err, cciapi.ErrStreamClosed) {
		t.Fatalf("wait after close: %v", err)
	}
	_ = in.Close()
	goleak.VerifyNone(t, opts)
}
