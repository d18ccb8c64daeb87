package record

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sampleCast = `{"version": 2, "width": 80, "height": 24, "timestamp": 1504467315, "env": {"TERM": "xterm-256color", "SHELL": "/bin/zsh"}}
[0.248848, "o", "\u001b]0;ben@ubuntu: ~\u0007\u001b[01;32mben@ubuntu\u001b[00m:\u001b[01;34m~\u001b[00m$ "]
[1.001376, "o", "h"]
[1.5, "i", "x"]
[2.0, "r", "100x40"]
[2.5, "m", "chapter 1"]
[3.0, "x", "unknown codes are kept"]
[3.143733, "o", "ello \"world\" \\ é 語 😀\r\n"]
`

func TestDecodeAsciinemaSample(t *testing.T) {
	c, err := Decode(strings.NewReader(sampleCast))
	if err != nil {
		t.Fatal(err)
	}
	if h := c.Header; h.Version != 2 || h.Width != 80 || h.Height != 24 || h.Timestamp != 1504467315 || h.Env["SHELL"] != "/bin/zsh" {
		t.Errorf("header %+v", h)
	}
	if len(c.Events) != 7 {
		t.Fatalf("%d events, want 7", len(c.Events))
	}
	if e := c.Events[3]; e != (Event{2.0, EventResize, "100x40"}) {
		t.Errorf("resize event %+v", e)
	}
	want := "\x1b]0;ben@ubuntu: ~\a\x1b[01;32mben@ubuntu\x1b[00m:\x1b[01;34m~\x1b[00m$ hello \"world\" \\ é 語 😀\r\n"
	if got := c.Output(); got != want {
		t.Errorf("output %q\nwant   %q", got, want)
	}
}

// TestTruncatedLastLine cuts the file at every byte of its last line, as a crash mid-write
// would; the events before it decode without error.
func TestTruncatedLastLine(t *testing.T) {
	full := []byte(sampleCast)
	lastStart := bytes.LastIndexByte(full[:len(full)-1], '\n') + 1
	for cut := lastStart; cut < len(full); cut++ {
		c, err := Decode(bytes.NewReader(full[:cut]))
		if err != nil {
			t.Fatalf("cut at %d (%q): %v", cut, full[lastStart:cut], err)
		}
		want := 6
		if cut == len(full)-1 { // only the newline is missing: the event is whole
			want = 7
		}
		if len(c.Events) != want {
			t.Fatalf("cut at %d: %d events, want %d", cut, len(c.Events), want)
		}
	}
}

func TestDecodeErrorsNameTheLine(t *testing.T) {
	lines := strings.SplitAfter(sampleCast, "\n")
	insert := func(at int, s string) string {
		return strings.Join(lines[:at], "") + s + strings.Join(lines[at:], "")
	}
	cases := []struct {
		name, input, want string
	}{
		{"garbage in the middle", insert(3, "garbage\n"), "line 4: not an event array"},
		{"truncated line in the middle", insert(2, "[1.2, \"o\", \"abc\n"), "line 3:"},
		{"two fields", insert(2, "[1.2, \"o\"]\n"), "line 3: event has 2 fields"},
		{"time not a number", insert(2, "[\"1\", \"o\", \"a\"]\n"), "line 3: event time"},
		{"negative time", insert(2, "[-1, \"o\", \"a\"]\n"), "line 3: event time"},
		{"code not a string", insert(2, "[1, 5, \"a\"]\n"), "line 3: event code"},
		{"data not a string", insert(2, "[1, \"o\", 5]\n"), "line 3: event data"},
		{"empty", "", "empty file"},
		{"header garbage", "hello\n", "line 1: not an asciicast header"},
		{"header truncated", `{"version": 2, "wid`, "header line is truncated"},
		{"version 1", `{"version": 1, "width": 80, "height": 24}` + "\n", "version 1"},
		{"zero size", `{"version": 2, "width": 0, "height": 24}` + "\n", "0x24"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(strings.NewReader(tc.input))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestDecoderStreamsAndStaysFailed(t *testing.T) {
	input := strings.Replace(sampleCast, "[1.5, \"i\", \"x\"]", "oops", 1)
	d, _, err := NewDecoder(strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := d.Next(); err != nil {
			t.Fatal(err)
		}
	}
	_, err = d.Next()
	if err == nil || !strings.Contains(err.Error(), "line 4") {
		t.Fatalf("err = %v, want line 4", err)
	}
	if _, again := d.Next(); again == nil || errors.Is(again, io.EOF) {
		t.Errorf("after an error Next returned %v", again)
	}
}

func TestOpenNamesThePath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.cast")
	if err := os.WriteFile(path, []byte("{}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("err = %v, want it to name %s", err, path)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing.cast")); err == nil {
		t.Error("Open of a missing file succeeded")
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(sampleCast))
	f.Add([]byte(sampleCast[:len(sampleCast)/2]))
	f.Add([]byte(`{"version": 2, "width": 1, "height": 1}` + "\n[0, \"o\", \"\\ud800\"]\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Decode(bytes.NewReader(b))
		if err == nil && (c.Header.Version != 2 || c.Header.Width <= 0) {
			t.Fatalf("accepted bad header %+v", c.Header)
		}
	})
}
