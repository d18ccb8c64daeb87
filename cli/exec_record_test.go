package cli_test

import (
	"os"
	"path/filepath"
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
	if got := c.Output(); got != out {
		t.Fatalf("recorded output %q, want what was printed %q", got, out)
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
