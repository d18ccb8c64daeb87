//go:build unix

package record

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/creack/pty"
)

// TestAsciinemaCatReproducesOutput checks the recordings against the reference player:
// `asciinema cat` must print exactly the bytes the session received, including UTF-8 split
// across chunks, escapes and JSON-special characters. .ci/run installs asciinema (Debian
// package "asciinema"); without it the test is skipped, except under CI=true where it fails.
func TestAsciinemaCatReproducesOutput(t *testing.T) {
	bin := needAsciinema(t)
	rng := rand.New(rand.NewPCG(7, 7))
	input := sampleOutput(20000, rng)
	path := filepath.Join(t.TempDir(), "ns", "pod", "c.cast")
	r, err := Create(path, testHeader)
	if err != nil {
		t.Fatal(err)
	}
	r.Resize(100, 30)
	for rest := input; len(rest) > 0; {
		n := min(1+rng.IntN(64), len(rest))
		r.Output(rest[:n])
		if rng.IntN(50) == 0 {
			r.Input([]byte("typed"))
			r.Marker("mark")
		}
		rest = rest[n:]
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	got := asciinemaCat(t, bin, path)
	if !bytes.Equal(got, input) {
		i := 0
		for i < len(got) && i < len(input) && got[i] == input[i] {
			i++
		}
		t.Fatalf("asciinema cat printed %d bytes, recorded %d; first difference at %d: %q vs %q",
			len(got), len(input), i, got[i:min(i+20, len(got))], input[i:min(i+20, len(input))])
	}
}

// TestAsciinemaCatInvalidUTF8 shows the documented loss: bytes that are not UTF-8 play back
// as U+FFFD.
func TestAsciinemaCatInvalidUTF8(t *testing.T) {
	bin := needAsciinema(t)
	path := filepath.Join(t.TempDir(), "bad.cast")
	r, err := Create(path, testHeader)
	if err != nil {
		t.Fatal(err)
	}
	r.Output([]byte("a\xffb\xe2\x82"))
	r.Output([]byte("\xacc")) // completes the euro sign split across the two chunks
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if got, want := string(asciinemaCat(t, bin, path)), "a\uFFFDb€c"; got != want {
		t.Errorf("asciinema cat printed %q, want %q", got, want)
	}
}

func needAsciinema(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("asciinema")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("asciinema is not installed; .ci/run installs it, so CI must not skip this check")
		}
		t.Skip("asciinema is not installed (apt-get install asciinema); skipping the cross-check with the reference player")
	}
	return bin
}

// asciinemaCat runs `asciinema cat path` and returns what it printed. asciinema cat opens
// /dev/tty, so it runs with a pty as its controlling terminal; the recording's bytes come out
// on stdout, a pipe.
func asciinemaCat(t *testing.T, bin, path string) []byte {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	defer tty.Close()
	cmd := exec.Command(bin, "cat", path)
	cmd.Stdin = tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	got, err := cmd.Output()
	if err != nil {
		t.Fatalf("asciinema cat: %v: %s", err, stderr.Bytes())
	}
	return got
}
