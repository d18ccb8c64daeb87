//go:build unix

package record

import (
	"bytes"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/creack/pty"
)

// TestAsciinemaCatReproducesOutput checks the recordings against the reference player:
// `asciinema cat` must print exactly the bytes the session received, including UTF-8 split
// across chunks, escapes and JSON-special characters. CI installs asciinema (Debian package
// "asciinema"); without it the test is skipped.
func TestAsciinemaCatReproducesOutput(t *testing.T) {
	bin, err := exec.LookPath("asciinema")
	if err != nil {
		t.Skip("asciinema is not installed (apt-get install asciinema); skipping the cross-check with the reference player")
	}
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
	// asciinema cat opens /dev/tty, so it runs with a pty as its controlling terminal; the
	// recording's bytes come out on stdout, a pipe.
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
	if !bytes.Equal(got, input) {
		i := 0
		for i < len(got) && i < len(input) && got[i] == input[i] {
			i++
		}
		t.Fatalf("asciinema cat printed %d bytes, recorded %d; first difference at %d: %q vs %q",
			len(got), len(input), i, got[i:min(i+20, len(got))], input[i:min(i+20, len(input))])
	}
}
