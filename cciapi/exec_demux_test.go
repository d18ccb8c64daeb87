package cciapi_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand"
	"strconv"
	"testing"
	"time"

	"github.com/gorilla/websocket"
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

func TestExecRoutesFragmentedMessagesBetweenPings(t *testing.T) {
	// A server whose messages arrive in many small frames (a 200-byte write buffer), with pings
	// between the fragments, an empty message and one on an unknown channel: the client must
	// put every payload byte where its channel says, in order, and still see the status.
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<14) // 256 KiB
	errText := []byte("warning: on stderr\n")
	up := websocket.Upgrader{Subprotocols: []string{cciapi.ProtocolV5}, WriteBufferSize: 200}
	c := scriptServer(t, up, 0, func(conn *websocket.Conn) {
		stop := make(chan struct{})
		pinged := make(chan struct{})
		go func() {
			defer close(pinged)
			for {
				select {
				case <-stop:
					return
				default:
				}
				if conn.WriteControl(websocket.PingMessage, []byte("p"), time.Now().Add(time.Second)) != nil {
					return
				}
				time.Sleep(time.Millisecond)
			}
		}()
		write := func(ch byte, p []byte) {
			wr, err := conn.NextWriter(websocket.BinaryMessage)
			if err != nil {
				return
			}
			_, _ = wr.Write([]byte{ch})
			for len(p) > 0 { // small writes: gorilla sends a frame whenever its buffer fills
				k := min(len(p), 997)
				_, _ = wr.Write(p[:k])
				p = p[k:]
			}
			_ = wr.Close()
		}
		go func() { // the client's frames (close, pongs) must be read for control frames to flow
			for {
				if _, _, err := conn.NextReader(); err != nil {
					return
				}
			}
		}()
		write(cciapi.ChannelStdout, nil)
		write(cciapi.ChannelStdout, big[:100<<10])
		write(7, []byte("a channel nobody knows"))
		write(cciapi.ChannelStderr, errText)
		write(cciapi.ChannelStdout, big[100<<10:])
		close(stop)
		<-pinged
		write(cciapi.ChannelStatus, []byte(`{"metadata":{},"status":"Success"}`))
		_ = conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
	})
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	s, err := c.Exec(ctx, cciapi.ExecOptions{Namespace: "n", Pod: "p", Command: []string{"x"}, Stdout: true, Stderr: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	errc := make(chan []byte, 1)
	go func() { b, _ := io.ReadAll(s.Stderr()); errc <- b }()
	out, err := io.ReadAll(s.Stdout())
	if err != nil || !bytes.Equal(out, big) {
		t.Fatalf("stdout: %d bytes (want %d), equal %v, err %v", len(out), len(big), bytes.Equal(out, big), err)
	}
	if got := <-errc; !bytes.Equal(got, errText) {
		t.Fatalf("stderr %q, want %q", got, errText)
	}
	if code, err := s.Wait(); code != 0 || err != nil {
		t.Fatalf("wait: %d %v", code, err)
	}
}

func TestExecRandomInterleavingsStayExact(t *testing.T) {
	// Random messages on stdout and stderr (0 B to 300 KiB, stderr kept under its 1 MiB
	// bound), read with random sizes and pauses while Wait waits too: every byte must arrive on
	// its channel, in order, whoever holds the connection when it comes.
	for seed := int64(1); seed <= 6; seed++ {
		rng := rand.New(rand.NewSource(seed))
		type msg struct {
			ch byte
			p  []byte
		}
		var msgs []msg
		var wantOut, wantErr bytes.Buffer
		for range 40 {
			m := msg{ch: cciapi.ChannelStdout, p: make([]byte, rng.Intn(300<<10))}
			if rng.Intn(3) == 0 {
				m = msg{ch: cciapi.ChannelStderr, p: make([]byte, rng.Intn(20<<10))}
			}
			rng.Read(m.p)
			msgs = append(msgs, m)
			if m.ch == cciapi.ChannelStdout {
				wantOut.Write(m.p)
			} else {
				wantErr.Write(m.p)
			}
		}
		c := scriptServer(t, websocket.Upgrader{Subprotocols: []string{cciapi.ProtocolV5}}, 0, func(conn *websocket.Conn) {
			go func() {
				for {
					if _, _, err := conn.NextReader(); err != nil {
						return
					}
				}
			}()
			for _, m := range msgs {
				if conn.WriteMessage(websocket.BinaryMessage, append([]byte{m.ch}, m.p...)) != nil {
					return
				}
			}
			_ = conn.WriteMessage(websocket.BinaryMessage, append([]byte{cciapi.ChannelStatus}, `{"metadata":{},"status":"Success"}`...))
			_ = conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
		})
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		s, err := c.Exec(ctx, cciapi.ExecOptions{Namespace: "n", Pod: "p", Command: []string{"x"}, Stdout: true, Stderr: true})
		if err != nil {
			t.Fatal(err)
		}
		readAll := func(r io.Reader, seed int64) chan []byte {
			out := make(chan []byte, 1)
			go func() {
				rng := rand.New(rand.NewSource(seed))
				var b bytes.Buffer
				for {
					buf := make([]byte, 1+rng.Intn(64<<10))
					n, err := r.Read(buf)
					b.Write(buf[:n])
					if err != nil {
						break
					}
					if rng.Intn(20) == 0 {
						time.Sleep(time.Millisecond)
					}
				}
				out <- b.Bytes()
			}()
			return out
		}
		outc, errc := readAll(s.Stdout(), seed*10), readAll(s.Stderr(), seed*10+1)
		code, werr := s.Wait()
		out, errb := <-outc, <-errc
		_ = s.Close()
		cancel()
		if code != 0 || werr != nil || !bytes.Equal(out, wantOut.Bytes()) || !bytes.Equal(errb, wantErr.Bytes()) {
			t.Fatalf("seed %d: exit %d, %v; stdout %d bytes (want %d, equal %v), stderr %d bytes (want %d, equal %v)", seed,
				code, werr, len(out), wantOut.Len(), bytes.Equal(out, wantOut.Bytes()), len(errb), wantErr.Len(), bytes.Equal(errb, wantErr.Bytes()))
		}
	}
}
