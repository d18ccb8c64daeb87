package conformance

import (
	"bytes"

	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"
)

// execReq is one exec a case asks for.
type execReq struct {
	container string
	command   []string
	stdin     bool
	stderr    bool
	tty       bool
}

// execSession is a running exec as a case drives it, whichever client runs it.
type execSession interface {
	Stdin() io.WriteCloser // Close is the stdin EOF
	Stdout() io.Reader
	Stderr() io.Reader // nil without stderr
	Resize(width, height uint16) error
	Wait() (code int, err error) // code is the remote exit code when err is nil
	Protocol() string
}

// row is one client × server × protocol combination; every case runs on every row, so a
// protocol is one more row.
type row struct {
	name string
	// start begins an exec; it fails the test when the exec cannot be started.
	start func(t *testing.T, r execReq) execSession
	// reset drops the server's connections abruptly (TCP RST, no status).
	reset func()
	// protocol is what Protocol() must say.
	protocol string
	// stdinEOF: the protocol can end stdin (not WebSocket v4).
	stdinEOF bool
	// leftOut names cases this row does not run, each with the reason: only for a client that is
	// not podmux's, whose known bug the case would test.
	leftOut map[string]string
}

// output collects a session's stdout and stderr in the background.
type output struct {
	mu       sync.Mutex
	out, err bytes.Buffer
	done     sync.WaitGroup
}

func collect(s execSession) *output {
	o := &output{}
	o.done.Add(1)
	go func() { defer o.done.Done(); copyLocked(&o.mu, &o.out, s.Stdout()) }()
	if r := s.Stderr(); r != nil {
		o.done.Add(1)
		go func() { defer o.done.Done(); copyLocked(&o.mu, &o.err, r) }()
	}
	return o
}

func copyLocked(mu *sync.Mutex, dst *bytes.Buffer, r io.Reader) {
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		mu.Lock()
		dst.Write(buf[:n])
		mu.Unlock()
		if err != nil {
			return
		}
	}
}

func (o *output) stdout() string { o.mu.Lock(); defer o.mu.Unlock(); return o.out.String() }
func (o *output) stderr() string { o.mu.Lock(); defer o.mu.Unlock(); return o.err.String() }

// waitFor waits until stdout contains s.
func (o *output) waitFor(t *testing.T, s string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(o.stdout(), s) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q in the output after 30 s: %q", s, tail(o.stdout()))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func tail(s string) string {
	if len(s) > 300 {
		return "…" + s[len(s)-300:]
	}
	return s
}

// finish waits for the exec's end and its output.
func finish(t *testing.T, s execSession, o *output) (int, error) {
	t.Helper()
	type res struct {
		code int
		err  error
	}
	ch := make(chan res, 1)
	go func() { c, err := s.Wait(); ch <- res{c, err} }()
	select {
	case r := <-ch:
		o.done.Wait()
		return r.code, r.err
	case <-time.After(90 * time.Second):
		t.Fatalf("the exec did not end in 90 s; output %q", tail(o.stdout()))
		return 0, nil
	}
}

func sh(script string) []string { return []string{"sh", "-c", script} }

// cases are the checks of issue 11, run on every row.
var cases = []struct {
	name string
	run  func(t *testing.T, rw row)
}{
	{"echo", func(t *testing.T, rw row) {
		s := rw.start(t, execReq{command: sh("echo hello")})
		o := collect(s)
		if code, err := finish(t, s, o); err != nil || code != 0 || o.stdout() != "hello\n" {
			t.Fatalf("exit %d, err %v, stdout %q", code, err, o.stdout())
		}
		if s.Protocol() != rw.protocol {
			t.Fatalf("protocol %q, want %q", s.Protocol(), rw.protocol)
		}
	}},
	{"exit code 3", func(t *testing.T, rw row) {
		s := rw.start(t, execReq{command: sh("echo bye; exit 3")})
		o := collect(s)
		if code, err := finish(t, s, o); err != nil || code != 3 || o.stdout() != "bye\n" {
			t.Fatalf("exit %d, err %v, stdout %q", code, err, o.stdout())
		}
	}},
	{"stderr kept apart", func(t *testing.T, rw row) {
		s := rw.start(t, execReq{command: sh("echo out; echo err >&2; echo out2"), stderr: true})
		o := collect(s)
		if code, err := finish(t, s, o); err != nil || code != 0 || o.stdout() != "out\nout2\n" || o.stderr() != "err\n" {
			t.Fatalf("exit %d, err %v, stdout %q, stderr %q", code, err, o.stdout(), o.stderr())
		}
	}},
	{"1 MiB stdin byte-exact", func(t *testing.T, rw row) {
		data := make([]byte, 1<<20)
		r := rand.New(rand.NewPCG(11, 3))
		for i := range data {
			data[i] = byte(r.Uint32())
		}
		sum := sha256.Sum256(data)
		// WebSocket v4 cannot end stdin: there the command reads exactly the 1 MiB, which
		// still proves every byte arrived (one byte short and head waits forever).
		read := "cat"
		if !rw.stdinEOF {
			read = fmt.Sprintf("head -c %d", len(data))
		}
		for _, check := range []struct{ cmd, want string }{
			{read + " | wc -c", fmt.Sprint(len(data))},
			{read + " | sha256sum", hex.EncodeToString(sum[:])},
		} {
			s := rw.start(t, execReq{command: sh(check.cmd), stdin: true})
			o := collect(s)
			in := s.Stdin()
			go func() {
				_, _ = io.Copy(in, bytes.NewReader(data))
				_ = in.Close()
			}()
			code, err := finish(t, s, o)
			if got := strings.Fields(o.stdout()); err != nil || code != 0 || len(got) == 0 || got[0] != check.want {
				t.Fatalf("%s: exit %d, err %v, stdout %q, want %s", check.cmd, code, err, o.stdout(), check.want)
			}
		}
	}},
	{"100 KiB paste into a tty", func(t *testing.T, rw row) {
		var paste bytes.Buffer
		r := rand.New(rand.NewPCG(5, 8))
		for paste.Len() < 100<<10 {
			for i := 0; i < 99; i++ {
				paste.WriteByte("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_"[r.IntN(69)])
			}
			paste.WriteByte('\n')
		}
		data := paste.Bytes()[:100<<10]
		sum := sha256.Sum256(data)
		s := rw.start(t, execReq{command: sh(fmt.Sprintf("stty -echo; echo READY; head -c %d | sha256sum; exit 7", len(data))), stdin: true, tty: true})
		o := collect(s)
		o.waitFor(t, "READY")
		if _, err := s.Stdin().Write(data); err != nil {
			t.Fatal(err)
		}
		code, err := finish(t, s, o)
		if err != nil || code != 7 || !strings.Contains(o.stdout(), hex.EncodeToString(sum[:])) {
			t.Fatalf("exit %d, err %v, output %q, want sha256 %x", code, err, tail(o.stdout()), sum)
		}
	}},
	{"resize seen by stty size", func(t *testing.T, rw row) {
		s := rw.start(t, execReq{command: []string{"sh"}, stdin: true, tty: true})
		o := collect(s)
		if err := s.Resize(133, 41); err != nil {
			t.Fatal(err)
		}
		in := s.Stdin()
		deadline := time.Now().Add(30 * time.Second)
		for !strings.Contains(o.stdout(), "41 133") {
			if time.Now().After(deadline) {
				t.Fatalf("stty size never said 41 133: %q", tail(o.stdout()))
			}
			_, _ = io.WriteString(in, "stty size\n")
			time.Sleep(200 * time.Millisecond)
		}
		_, _ = io.WriteString(in, "exit 4\n")
		if code, err := finish(t, s, o); err != nil || code != 4 {
			t.Fatalf("exit %d, err %v", code, err)
		}
	}},
	{"status from an unknown container", func(t *testing.T, rw row) {
		s := rw.start(t, execReq{container: "nope", command: sh("echo never")})
		o := collect(s)
		code, err := finish(t, s, o)
		if err == nil || !strings.Contains(err.Error(), "nope") || o.stdout() != "" {
			t.Fatalf("exit %d, err %v, stdout %q: want an error naming the container", code, err, o.stdout())
		}
	}},
	{"reset mid-stream is an error", func(t *testing.T, rw row) {
		s := rw.start(t, execReq{command: sh("echo started; sleep 20; echo late")})
		o := collect(s)
		o.waitFor(t, "started")
		rw.reset()
		code, err := finish(t, s, o)
		if err == nil {
			t.Fatalf("a reset exec ended with exit %d and no error (stdout %q)", code, o.stdout())
		}
	}},
}

// runRows runs every case on every row.
func runRows(t *testing.T, rows []row) {
	for _, rw := range rows {
		t.Run(rw.name, func(t *testing.T) {
			for _, c := range cases {
				if _, out := rw.leftOut[c.name]; out {
					continue
				}
				t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) { c.run(t, rw) })
			}
		})
	}
}
