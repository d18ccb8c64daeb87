package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podmux/podmux/session/record"
)

func TestExecCmdRecord(t *testing.T) {
	in := execServer(t)
	file := filepath.Join(t.TempDir(), "rec", "out.cast")
	out, errs, code := podmux(t, cleanEnv(t, "PODMUX_TOKEN="+in.Token()), "",
		"exec", "--endpoint", in.URL, "--record", file, "-n", "test", "box", "--", "sh", "-c", "echo hello; printf 'caf\\303\\251\\n'; exit 2")
	if code != 2 || out != "hello\ncafé\n" {
		t.Fatalf("code %d out %q err %q", code, out, errs)
	}
	c, err := record.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	// No tty: the terminal showed each "\n" as "\r\n" (TestExecRecordNonTTYPlaysAsShown).
	if got, want := c.Output(), strings.ReplaceAll(out, "\n", "\r\n"); got != want {
		t.Fatalf("recorded output %q, want what the terminal showed %q", got, want)
	}
	if c.Header.Title != "test/box" {
		t.Fatalf("title %q", c.Header.Title)
	}
	fi, err := os.Stat(file)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v", fi.Mode(), err)
	}
	// An existing file is not overwritten.
	_, errs, code = podmux(t, cleanEnv(t, "PODMUX_TOKEN="+in.Token()), "",
		"exec", "--endpoint", in.URL, "--record", file, "-n", "test", "box", "--", "true")
	if code != 255 || errs == "" {
		t.Fatalf("recording over an existing file: code %d err %q", code, errs)
	}
}

// TestExecRecordNonTTYPlaysAsShown: without a tty the command writes bare "\n", which the user's
// terminal showed as new lines because the local tty driver (onlcr) wrote "\r\n". The recording
// holds what the terminal showed, so it replays without a staircase; an existing "\r\n" is not
// doubled, a lone "\r" is kept, and stderr (also on the user's terminal) is recorded too.
func TestExecRecordNonTTYPlaysAsShown(t *testing.T) {
	in := execServer(t)
	env := cleanEnv(t, "PODMUX_TOKEN="+in.Token())
	file := filepath.Join(t.TempDir(), "seq.cast")
	out, errs, code := podmux(t, env, "", "exec", "--endpoint", in.URL, "--record", file, "-n", "test", "box", "--",
		"sh", "-c", "seq 1 3000")
	if code != 0 || !strings.HasSuffix(out, "2999\n3000\n") {
		t.Fatalf("exec: code %d err %q out ends %q", code, errs, out[max(0, len(out)-20):])
	}
	screen, errs, code := podmux(t, env, "", "replay", "--screen", file)
	if code != 0 {
		t.Fatalf("replay --screen: code %d err %q", code, errs)
	}
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	if last := lines[len(lines)-1]; last != "3000" {
		t.Fatalf("replay --screen: last line %q, want %q; screen:\n%s", last, "3000", screen)
	}
	if lines[len(lines)-2] != "2999" {
		t.Fatalf("replay --screen: line before the last %q, want 2999", lines[len(lines)-2])
	}

	file2 := filepath.Join(t.TempDir(), "mixed.cast")
	out, _, code = podmux(t, env, "", "exec", "--endpoint", in.URL, "--record", file2, "-n", "test", "box", "--",
		"sh", "-c", `printf 'a\nb\r\nc\rd\n'; printf 'e\n' >&2`)
	if code != 0 || out != "a\nb\r\nc\rd\n" {
		t.Fatalf("exec: code %d out %q", code, out)
	}
	c, err := record.Open(file2)
	if err != nil {
		t.Fatal(err)
	}
	got := c.Output()
	want := "a\r\nb\r\nc\rd\r\n"
	if got != want && got != want+"e\r\n" && got != "e\r\n"+want {
		t.Fatalf("recorded %q, want %q with stderr's %q", got, want, "e\r\n")
	}
	if !strings.Contains(got, "e\r\n") {
		t.Fatalf("recorded %q: stderr's line missing", got)
	}
}
