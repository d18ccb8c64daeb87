package cli_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	xterm "golang.org/x/term"

	"github.com/podmux/podmux/session/record"
)

// step is one thing written to a test recording: output, or a resize when cols > 0.
type step struct {
	at         time.Duration
	out        string
	cols, rows int
}

// writeCast records steps with record.New into a file, with event times from a fake clock.
func writeCast(t *testing.T, w, h int, steps []step) (path string, output string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "rec.cast")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	start := time.Date(2026, 11, 29, 2, 0, 0, 0, time.UTC)
	now := start
	r, err := record.New(f, record.Header{Width: w, Height: h}, record.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, s := range steps {
		now = start.Add(s.at)
		if s.cols > 0 {
			r.Resize(s.cols, s.rows)
			continue
		}
		r.Output([]byte(s.out))
		all.WriteString(s.out)
		if err := r.Flush(); err != nil { // one event per step, so the timings are the steps'
			t.Fatal(err)
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	return path, all.String()
}

func screenSteps() []step {
	return []step{
		{at: 100 * time.Millisecond, out: "hello\r\n"},
		{at: 200 * time.Millisecond, cols: 10, rows: 4},
		{at: 300 * time.Millisecond, out: "\x1b[31mworld-wide-wrap\x1b[m ünï"},
	}
}

func TestReplayScreen(t *testing.T) {
	path, _ := writeCast(t, 20, 4, screenSteps())
	out, errOut, code := podmux(t, cleanEnv(t), "", "replay", "--screen", path)
	// The resize to 10 columns happened before the long line, so it wraps at 10.
	want := "hello\nworld-wide\n-wrap ünï\n\n"
	if code != 0 || out != want {
		t.Fatalf("replay --screen: code %d, stdout %q, stderr %q; want stdout %q", code, out, errOut, want)
	}
}

func TestReplayTruncatedLastLine(t *testing.T) {
	path, output := writeCast(t, 20, 4, screenSteps())
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	// What a crash in the middle of writing an event leaves behind.
	if _, err := f.WriteString(`[0.400000, "o", "cut sh`); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, errOut, code := podmux(t, cleanEnv(t), "", "replay", "--screen", path)
	if code != 0 || out != "hello\nworld-wide\n-wrap ünï\n\n" {
		t.Fatalf("replay --screen of a truncated file: code %d, stdout %q, stderr %q", code, out, errOut)
	}
	out, errOut, code = podmux(t, cleanEnv(t), "", "replay", "--speed", "64", path)
	if code != 0 || out != output || errOut != "" {
		t.Fatalf("replay of a truncated file: code %d, stdout %q, stderr %q; want stdout %q", code, out, errOut, output)
	}
}

func TestReplayErrors(t *testing.T) {
	dir := t.TempDir()
	notCast := filepath.Join(dir, "notes.txt")
	garbage := filepath.Join(dir, "garbage.cast")
	midGarbage := filepath.Join(dir, "mid.cast")
	os.WriteFile(notCast, []byte("just some text\n"), 0o600)
	os.WriteFile(garbage, []byte(`{"version": 2, "wid`), 0o600)
	os.WriteFile(midGarbage, []byte("{\"version\": 2, \"width\": 80, \"height\": 24}\n[0.1, \"o\", \"a\"]\n%%%\n[0.2, \"o\", \"b\"]\n"), 0o600)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"replay", filepath.Join(dir, "missing.cast")}, "no such file or directory"},
		{[]string{"replay", notCast}, "not an asciicast header"},
		{[]string{"replay", garbage}, "header line is truncated"},
		{[]string{"replay", midGarbage}, "line 3"},
		{[]string{"replay", "--speed", "0", notCast}, "--speed 0: want a factor"},
		{[]string{"replay", "--speed", "100", notCast}, "--speed 100: want a factor"},
		{[]string{"replay", "--idle-time-limit=-2", notCast}, "--idle-time-limit -2"},
	} {
		out, errOut, code := podmux(t, cleanEnv(t), "", tc.args...)
		lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
		if code != 1 || out != "" || len(lines) != 1 || !strings.HasPrefix(errOut, "podmux: replay: ") || !strings.Contains(errOut, tc.want) {
			t.Errorf("podmux %v: code %d, stdout %q, stderr %q; want one error line with %q", tc.args, code, out, errOut, tc.want)
		}
	}
}

// ptyReplay runs `podmux replay args...` with a pty as stdin and stdout (stderr a pipe); once
// the terminal shows waitFor it calls act (when set). It returns what reached the terminal, the
// stderr and the exit code, and checks the terminal's mode was restored.
func ptyReplay(t *testing.T, waitFor string, act func(ptmx *os.File, p *os.Process), args ...string) (out []byte, stderr string, code int) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: 100, Rows: 30}); err != nil {
		t.Fatal(err)
	}
	before, err := xterm.GetState(int(tty.Fd()))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, podmuxBinary(t), append([]string{"replay"}, args...)...)
	cmd.Env = cleanEnv(t)
	var errb bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	chunks := make(chan []byte, 64)
	go func() {
		defer close(chunks)
		buf := make([]byte, 32<<10)
		for {
			n, err := ptmx.Read(buf) // ends with EIO once every copy of the tty is closed
			if n > 0 {
				chunks <- append([]byte(nil), buf[:n]...)
			}
			if err != nil {
				return
			}
		}
	}()
	var acc []byte
	if act != nil {
		deadline := time.After(30 * time.Second)
		for !bytes.Contains(acc, []byte(waitFor)) {
			select {
			case c, ok := <-chunks:
				if !ok {
					t.Fatalf("terminal closed before %q appeared (got %q)", waitFor, acc)
				}
				acc = append(acc, c...)
			case <-deadline:
				t.Fatalf("timed out waiting for %q (got %q)", waitFor, acc)
			}
		}
		act(ptmx, cmd.Process)
	}
	if err := cmd.Wait(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatal(err)
		}
		code = ee.ExitCode()
	}
	after, err := xterm.GetState(int(tty.Fd()))
	if err != nil || fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("terminal state not restored:\nbefore %v\nafter  %v (%v)", before, after, err)
	}
	tty.Close()
	for c := range chunks {
		acc = append(acc, c...)
	}
	return acc, errb.String(), code
}

// typeKeys returns an act that types keys.
func typeKeys(t *testing.T, keys string) func(*os.File, *os.Process) {
	return func(ptmx *os.File, _ *os.Process) {
		if _, err := ptmx.WriteString(keys); err != nil {
			t.Error(err)
		}
	}
}

func TestReplayInPtyOutputsTheRecording(t *testing.T) {
	var steps []step
	for i := range 40 {
		steps = append(steps, step{
			at:  time.Duration(i) * 50 * time.Millisecond,
			out: fmt.Sprintf("\x1b[3%dmline %02d\x1b[m %s — ✓\r\n", i%8, i, strings.Repeat("x", i*7)),
		})
	}
	path, output := writeCast(t, 100, 30, steps)
	out, errOut, code := ptyReplay(t, "", nil, "--speed", "64", path)
	if code != 0 || string(out) != output {
		t.Fatalf("replay wrote %d bytes, want the recorded %d bytes\ngot  %q\nwant %q", len(out), len(output), out, output)
	}
	if errOut != "" {
		t.Fatalf("stderr %q", errOut)
	}
}

func TestReplayInPtyQuitKey(t *testing.T) {
	// An hour-long recording that hides the cursor and switches to the alternate screen; q
	// ends it at once and the modes it left on are switched off.
	path, _ := writeCast(t, 80, 24, []step{
		{at: 0, out: "\x1b[?1049h\x1b[?25lfirst"},
		{at: time.Hour, out: "never shown"},
	})
	out, _, code := ptyReplay(t, "first", typeKeys(t, "q"), path)
	want := "\x1b[?1049h\x1b[?25lfirst" + "\x1b[0m\x1b[?1049l\x1b[?25h\r\n"
	if code != 0 || string(out) != want {
		t.Fatalf("replay exited %d and wrote %q, want 0 and %q", code, out, want)
	}
}

func TestReplayInPtySignalRestores(t *testing.T) {
	path, _ := writeCast(t, 80, 24, []step{
		{at: 0, out: "\x1b[?1000h\x1b[?2004hfirst"},
		{at: time.Hour, out: "never shown"},
	})
	term := func(_ *os.File, p *os.Process) {
		if err := p.Signal(syscall.SIGTERM); err != nil {
			t.Error(err)
		}
	}
	out, _, code := ptyReplay(t, "first", term, path)
	want := "\x1b[?1000h\x1b[?2004hfirst" + "\x1b[0m\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?2004l\r\n"
	if code != 128+int(syscall.SIGTERM) || string(out) != want {
		t.Fatalf("replay exited %d and wrote %q, want %d and %q", code, out, 128+int(syscall.SIGTERM), want)
	}
}
