package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
	"github.com/podmux/podmux/config"
	"github.com/podmux/podmux/session/record"
)

// exitTransport is the exit status when the exec could not run or its connection failed (as
// opposed to the remote command's own exit status).
const exitTransport = 255

// ExecCmd runs one command in a pod container, like kubectl exec:
//
//	podmux exec [-i] [-t] -n NAMESPACE POD [-c CONTAINER] -- COMMAND [ARG...]
//
// It exits with the remote command's exit status. When the exec cannot start or its connection
// fails it prints one line "podmux: …" and exits 255; a failure the server reported for the
// command (e.g. not found) is printed and exits with the code it carried (127), else 1.
type ExecCmd struct {
	Namespace string   `short:"n" required:"" help:"Namespace of the pod."`
	Container string   `short:"c" help:"Container name (default: the pod's default container)."`
	Stdin     bool     `short:"i" help:"Pass stdin to the command."`
	TTY       bool     `short:"t" help:"Allocate a terminal for the command (needs a terminal on stdin)."`
	Record    string   `placeholder:"FILE" help:"Also record the output (and resizes) as asciicast v2 into FILE (created, mode 0600)."`
	Pod       string   `arg:"" help:"Pod name."`
	Command   []string `arg:"" passthrough:"" help:"Command and arguments, after --."`
}

// Run runs the command and returns its exit status as an ExitError.
func (e *ExecCmd) Run(g *Globals) error {
	code, err := e.run(g, os.Stdin, os.Stdout, os.Stderr)
	return commandExit(code, err)
}

// run does the work; it returns the exit status and, for a failure, the error to print.
func (e *ExecCmd) run(g *Globals, stdin *os.File, stdout, stderr io.Writer) (int, error) {
	cmd := e.Command
	if len(cmd) > 0 && cmd[0] == "--" {
		cmd = cmd[1:]
	}
	if len(cmd) == 0 {
		return exitTransport, errors.New("no command given: put it after --, e.g. podmux exec -n NS POD -- sh")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client, closeServer, err := execClient(ctx, g, stderr)
	if err != nil {
		return exitTransport, err
	}
	defer closeServer()

	tty := e.TTY
	fd := int(stdin.Fd())
	if tty && !term.IsTerminal(fd) {
		fmt.Fprintln(stderr, "Unable to use a TTY - input is not a terminal or the right kind of file")
		tty = false
	}
	o := cciapi.ExecOptions{Namespace: e.Namespace, Pod: e.Pod, Container: e.Container, Command: cmd,
		Stdin: e.Stdin, Stdout: true, Stderr: !tty, TTY: tty,
		// Piped stdin must end: auto then avoids a WebSocket without v5 (see ExecOptions).
		StdinEnds: e.Stdin && !term.IsTerminal(fd)}
	if tty {
		if w, h, err := term.GetSize(fd); err == nil && w > 0 && h > 0 {
			o.InitialWidth, o.InitialHeight = uint16(min(w, 65535)), uint16(min(h, 65535))
		}
	}
	s, err := client.Exec(ctx, o)
	if err != nil {
		return exitTransport, err
	}
	defer s.Close()
	rec, err := e.recorder(o, cmd)
	if err != nil {
		return exitTransport, err
	}
	if rec != nil {
		defer func() {
			if err := rec.Close(); err != nil {
				fmt.Fprintf(stderr, "podmux: recording %s: %v\n", e.Record, err)
			}
		}()
		if tty {
			stdout = &recordingWriter{w: stdout, rec: rec}
		} else {
			// Without a tty the user's terminal showed both streams, each "\n" as "\r\n".
			stdout = &recordingWriter{w: stdout, rec: rec, onlcr: true}
			stderr = &recordingWriter{w: stderr, rec: rec, onlcr: true}
		}
	}

	// Raw mode only once the stream is up; restored by the deferred call on every way out
	// (signals end the stream, so they come back through here too).
	if tty && e.Stdin {
		old, err := term.MakeRaw(fd)
		if err != nil {
			return exitTransport, fmt.Errorf("putting the terminal in raw mode: %v", err)
		}
		defer func() { _ = term.Restore(fd, old) }()
	}
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGWINCH)
	defer signal.Stop(sigs)
	var gotSignal syscall.Signal
	var sigMu sync.Mutex
	sigDone := make(chan struct{})
	defer close(sigDone)
	go func() {
		for {
			select {
			case <-sigDone:
				return
			case sig := <-sigs:
				if sig == syscall.SIGWINCH {
					if w, h, err := term.GetSize(fd); err == nil && tty && w > 0 && h > 0 {
						_ = s.Resize(uint16(min(w, 65535)), uint16(min(h, 65535)))
						if rec != nil {
							rec.Resize(w, h)
						}
					}
					continue
				}
				sigMu.Lock()
				gotSignal = sig.(syscall.Signal)
				sigMu.Unlock()
				_ = s.Close()
			}
		}
	}()

	if e.Stdin {
		// This goroutine may stay blocked reading stdin after the command ended; the process
		// exits right after Run returns.
		go func() {
			_, _ = io.Copy(s.Stdin(), stdin)
			_ = s.Stdin().Close()
		}()
	}
	var outs sync.WaitGroup
	outs.Add(2)
	go func() { defer outs.Done(); _, _ = io.Copy(stdout, s.Stdout()) }()
	go func() { defer outs.Done(); _, _ = io.Copy(stderr, s.Stderr()) }()
	// The outputs end at the status (after all output) or with the stream's failure. Waiting for
	// them first leaves the connection to the output readers (see cciapi.Stream).
	outs.Wait()
	code, werr := s.Wait()
	sigMu.Lock()
	sig := gotSignal
	sigMu.Unlock()
	var ee *cciapi.ExecError
	switch {
	case sig != 0:
		return 128 + int(sig), nil
	case werr == nil:
		return code, nil
	case errors.As(werr, &ee):
		if ee.ExitCode > 0 {
			return ee.ExitCode, ee
		}
		return 1, ee
	default:
		return exitTransport, werr
	}
}

// execClient builds the client: to an in-process local server with --demo (closed by the
// returned func), else from the flags, environment and config file like every command.
func execClient(ctx context.Context, g *Globals, warn io.Writer) (*cciapi.Client, func(), error) {
	if g.Demo {
		in, err := localcci.Start(localcci.Options{Fleet: true}, "", false)
		if err != nil {
			return nil, nil, fmt.Errorf("starting the local demo server: %w", err)
		}
		if err := checkExecProtocol(g.ExecProtocol); err != nil {
			_ = in.Close()
			return nil, nil, err
		}
		c, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(in.Token()), UserAgent: "podmux/" + Version, ExecProtocol: g.ExecProtocol})
		if err != nil {
			_ = in.Close()
			return nil, nil, err
		}
		// Ending never waits on the embedded server's teardown (its processes are killed first).
		return c, func() { in.CloseWithin(quitGrace) }, nil
	}
	conn, err := ClientConfig(ctx, g, config.SystemEnv(), TerminalPrompt, warn)
	if err != nil {
		return nil, nil, err
	}
	c, err := cciapi.NewClient(conn.Config)
	if err != nil {
		return nil, nil, err
	}
	return c, func() {}, nil
}

// recorder creates the --record file, or returns nil without --record.
func (e *ExecCmd) recorder(o cciapi.ExecOptions, cmd []string) (*record.Recorder, error) {
	if e.Record == "" {
		return nil, nil
	}
	w, h := int(o.InitialWidth), int(o.InitialHeight)
	if w == 0 || h == 0 {
		w, h = 80, 24
	}
	title := o.Namespace + "/" + o.Pod
	if o.Container != "" {
		title += "/" + o.Container
	}
	r, err := record.Create(e.Record, record.Header{Version: 2, Width: w, Height: h, Timestamp: time.Now().Unix(),
		Title: title, Env: map[string]string{"TERM": "xterm-256color", "SHELL": cmd[0]}})
	if err != nil {
		return nil, fmt.Errorf("--record: %w", err)
	}
	return r, nil
}

// recordingWriter copies what it writes to a recorder (which never blocks). With onlcr it
// records what a terminal showed for output written without a tty: each "\n" not already
// preceded by "\r" (in this stream, across writes) is recorded as "\r\n", as the local tty
// driver's ONLCR wrote it to the user's terminal; the bytes passed on to w are unchanged.
type recordingWriter struct {
	w      io.Writer
	rec    *record.Recorder
	onlcr  bool
	lastCR bool   // the previous write ended with "\r"
	buf    []byte // scratch for the converted copy
}

func (r *recordingWriter) Write(p []byte) (int, error) {
	if r.onlcr {
		r.buf = appendONLCR(r.buf[:0], p, r.lastCR)
		r.rec.Output(r.buf)
		if len(p) > 0 {
			r.lastCR = p[len(p)-1] == '\r'
		}
	} else {
		r.rec.Output(p)
	}
	return r.w.Write(p)
}

// appendONLCR appends p to dst with every "\n" that does not follow a "\r" turned into "\r\n";
// prevCR says the byte before p was "\r".
func appendONLCR(dst, p []byte, prevCR bool) []byte {
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			return append(dst, p...)
		}
		dst = append(dst, p[:i]...)
		if (i > 0 && p[i-1] != '\r') || (i == 0 && !prevCR) {
			dst = append(dst, '\r')
		}
		dst = append(dst, '\n')
		p, prevCR = p[i+1:], false
	}
	return dst
}
