package cciapi_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"testing"
	"time"

	"k8s.io/klog/v2"
	"k8s.io/streaming/pkg/httpstream/wsstream"

	"github.com/podmux/podmux/cciapi"
)

func init() {
	// Kubernetes' server code logs every connection end; the tests check the outcome instead.
	klog.LogToStderr(false)
	klog.SetOutput(io.Discard)
}

// kubeWSServer serves exec over WebSocket only (the given subprotocols), on Kubernetes' own code.
func kubeWSServer(t *testing.T, protocols ...string) *cciapi.Client {
	t.Helper()
	_, c := kubeServer(t, kubeServerOpts{ws: protocols})
	return c
}

// kubeServeWS serves one exec the way kubelet's streaming server does over WebSocket, on
// Kubernetes' own code (k8s.io/streaming wsstream, on golang.org/x/net/websocket): every frame is
// read as a message of its own, so a message the client fragments loses data here. It is not a
// shell; the first command word picks a scripted behaviour (see kubeExecScript).
func kubeServeWS(w http.ResponseWriter, r *http.Request, protocols []string) {
	// kubelet's createChannels: stdin, stdout, stderr, error, resize.
	channels := []wsstream.ChannelType{wsstream.ReadChannel, wsstream.WriteChannel, wsstream.WriteChannel, wsstream.WriteChannel, wsstream.ReadChannel}
	cfg := map[string]wsstream.ChannelProtocolConfig{}
	for _, p := range protocols {
		cfg[p] = wsstream.ChannelProtocolConfig{Binary: true, Channels: channels}
	}
	conn := wsstream.NewConn(cfg)
	conn.SetIdleTimeout(testTimeout)
	_, rwc, err := conn.Open(w, r)
	if err != nil {
		return
	}
	defer conn.Close()
	_, _ = rwc[1].Write(nil) // kubelet's empty message on the first writable channel
	code := kubeExecScript(r.URL.Query()["command"], rwc[0], rwc[1], rwc[2], resizes(rwc[4]))
	if code == resetCode {
		resetConn(r)
		return
	}
	_, _ = rwc[3].Write([]byte(v4Status(code)))
}

// v4Status is kubelet's v4 status JSON for an exit code.
func v4Status(code int) string {
	if code == 0 {
		return `{"metadata":{},"status":"Success"}`
	}
	return fmt.Sprintf(`{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: exit status %d","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"%d"}]}}`, code, code)
}

// kubeExecScript runs one scripted command against the exec's streams and returns its exit code:
//   - count: read stdin to EOF, print "BYTES SHA256";
//   - read N: read exactly N bytes of stdin (v4 cannot end stdin), print "BYTES SHA256";
//   - resizes N: print each of the first N sizes of the resize stream as "WxH";
//   - exit N: exit with code N;
//   - split: print one line to stdout and one to stderr;
//   - reset: print "started", then the server drops the TCP connection (RST), no status.
func kubeExecScript(command []string, stdin io.Reader, stdout, stderr io.Writer, sizes <-chan string) int {
	if len(command) < 1 {
		return 2
	}
	n := 0
	if len(command) > 1 {
		n, _ = strconv.Atoi(command[1])
	}
	switch command[0] {
	case "count", "read":
		if command[0] == "read" {
			stdin = io.LimitReader(stdin, int64(n))
		}
		h := sha256.New()
		k, err := io.Copy(h, stdin)
		if err != nil {
			return 1
		}
		fmt.Fprintf(stdout, "%d %s\n", k, hex.EncodeToString(h.Sum(nil)))
	case "resizes":
		for range n {
			sz, ok := <-sizes
			if !ok {
				return 1
			}
			fmt.Fprintln(stdout, sz)
		}
	case "exit":
		return n
	case "split":
		fmt.Fprintln(stdout, "to stdout")
		fmt.Fprintln(stderr, "to stderr")
	case "reset":
		fmt.Fprintln(stdout, "started")
		time.Sleep(300 * time.Millisecond) // a reset discards what the client's kernel holds unread
		return resetCode
	}
	return 0
}

// resizes decodes the resize stream as kubelet does (always, in the background: an unread
// stream would stall the connection's reader) into "WxH" strings.
func resizes(r io.Reader) <-chan string {
	ch := make(chan string, 1000)
	go func() {
		defer close(ch)
		dec := json.NewDecoder(r)
		for {
			var sz struct{ Width, Height int }
			if dec.Decode(&sz) != nil {
				return
			}
			select {
			case ch <- fmt.Sprintf("%dx%d", sz.Width, sz.Height):
			default:
			}
		}
	}()
	return ch
}

// digest is what kubeExecScript prints for data.
func digest(data []byte) string {
	sum := sha256.Sum256(data)
	return fmt.Sprintf("%d %s\n", len(data), hex.EncodeToString(sum[:]))
}

// TestExecStdinOneFramePerMessageKubeServer writes stdin in sizes around the write buffer (and
// 1 MiB at once) to Kubernetes' WebSocket server code, which loses a byte per continuation frame:
// every byte must arrive, over v5 (ended by the close signal) and v4 (read by count).
func TestExecStdinOneFramePerMessageKubeServer(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	for _, proto := range []string{cciapi.ProtocolV5, cciapi.ProtocolV4} {
		c := kubeWSServer(t, proto)
		for _, size := range []int{1, 32<<10 - 2, 32<<10 - 1, 32 << 10, 32<<10 + 1, 64 << 10, 100000, 1 << 20} {
			data := make([]byte, size)
			for i := range data {
				data[i] = byte(rng.Uint32())
			}
			cmd := []string{"count"}
			if proto == cciapi.ProtocolV4 {
				cmd = []string{"read", strconv.Itoa(size)}
			}
			o := cciapi.OfferOnly(cciapi.ExecOptions{Namespace: "n", Pod: "p", Command: cmd, Stdin: true, Stdout: true}, proto)
			res := run(t, c, o, data)
			if res.err != nil || res.code != 0 || res.stdout != digest(data) {
				t.Fatalf("%s, %d bytes of stdin in one Write: server counted %q, want %q (exit %d, err %v)", proto, size, res.stdout, digest(data), res.code, res.err)
			}
		}
	}
}

// TestExecStdinPasteChunksKubeServer sends a 100 KiB paste in odd-sized writes, as a terminal
// delivers it, interleaved with resizes: nothing is lost or taken for a channel byte.
func TestExecStdinPasteChunksKubeServer(t *testing.T) {
	c := kubeWSServer(t, cciapi.ProtocolV5)
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	s, err := c.Exec(ctx, cciapi.ExecOptions{Namespace: "n", Pod: "p", Command: []string{"count"}, Stdin: true, Stdout: true, TTY: true, InitialWidth: 80, InitialHeight: 24})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	data := bytes.Repeat([]byte("pasted line of text 0123456789\n"), 100<<10/31+1)[:100<<10]
	go func() {
		for p, i := data, 0; len(p) > 0; i++ {
			k := min(len(p), 1+i*7919%40000)
			if _, err := s.Stdin().Write(p[:k]); err != nil {
				return
			}
			if i%5 == 0 {
				_ = s.Resize(uint16(80+i), 24)
			}
			p = p[k:]
		}
		_ = s.Stdin().Close()
	}()
	out, _ := io.ReadAll(s.Stdout())
	code, err := s.Wait()
	if err != nil || code != 0 || string(out) != digest(data) {
		t.Fatalf("100 KiB paste: server counted %q, want %q (exit %d, err %v)", out, digest(data), code, err)
	}
}

// TestExecResizeKubeServer: the initial size and a later resize each arrive as one JSON object.
func TestExecResizeKubeServer(t *testing.T) {
	c := kubeWSServer(t, cciapi.ProtocolV5, cciapi.ProtocolV4)
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	s, err := c.Exec(ctx, cciapi.ExecOptions{Namespace: "n", Pod: "p", Command: []string{"resizes", "2"}, Stdout: true, TTY: true, InitialWidth: 80, InitialHeight: 24})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Protocol() != cciapi.ProtocolV5 {
		t.Fatalf("negotiated %q, want %q", s.Protocol(), cciapi.ProtocolV5)
	}
	if err := s.Resize(132, 43); err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(s.Stdout())
	code, err := s.Wait()
	if err != nil || code != 0 || string(out) != "80x24\n132x43\n" {
		t.Fatalf("resizes seen by the server: %q, exit %d, err %v", out, code, err)
	}
}

// TestExecExitCodeKubeServer: the v4/v5 Status of a non-zero exit gives its code.
func TestExecExitCodeKubeServer(t *testing.T) {
	c := kubeWSServer(t, cciapi.ProtocolV4)
	res := run(t, c, cciapi.ExecOptions{Namespace: "n", Pod: "p", Command: []string{"exit", "3"}, Stdout: true}, nil)
	if res.err != nil || res.code != 3 {
		t.Fatalf("exit 3 on v4: code %d, err %v", res.code, res.err)
	}
}
