package cli

import (
	"bytes"
	"strings"
	"testing"
)

// A command-line mistake prints the error and one pointer to --help on stderr, nothing on
// stdout, and exits non-zero (issue 15 item 10: it used to print 53 lines of usage to stdout).
func TestWrongFlagPrintsErrorAndHelpPointer(t *testing.T) {
	cases := []struct {
		args     []string
		err, cmd string
	}{
		{[]string{"--bogus"}, "unknown flag --bogus", "podmux --help"},
		{[]string{"exec", "--bogus"}, "unknown flag --bogus", "podmux exec --help"},
		{[]string{"config", "chek"}, "unexpected argument chek", "podmux config --help"},
		{[]string{"replay", "--speed", "fast", "x.cast"}, "--speed", "podmux replay --help"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := Main(tc.args, &out, &errOut)
			if code == 0 {
				t.Fatalf("exit 0 for %v", tc.args)
			}
			if out.Len() != 0 {
				t.Fatalf("stdout not empty:\n%s", out.String())
			}
			lines := strings.Split(strings.TrimRight(errOut.String(), "\n"), "\n")
			if len(lines) != 2 || !strings.Contains(lines[0], tc.err) || !strings.Contains(lines[1], "'"+tc.cmd+"'") {
				t.Fatalf("stderr:\n%s\nwant 2 lines: the error (%q) and a pointer to %q", errOut.String(), tc.err, tc.cmd)
			}
		})
	}
}

// --help still prints the usage to stdout and exits 0.
func TestHelpFlagPrintsUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Main([]string{"--help"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(out.String(), "Usage: podmux") || errOut.Len() != 0 {
		t.Fatalf("stdout %q stderr %q", out.String(), errOut.String())
	}
}
