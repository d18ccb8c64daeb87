package record

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

func createTest(t *testing.T, clock *fakeClock, opts ...Option) (*Recorder, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rec", "ns", "pod", "app.cast")
	r, err := Create(path, testHeader, append([]Option{WithClock(clock.Now)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return r, path
}

func TestHeaderFields(t *testing.T) {
	clock := newFakeClock()
	r, path := createTest(t, clock)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadBytes('\n')
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(line, &got); err != nil {
		t.Fatalf("header %q: %v", line, err)
	}
	want := map[string]any{
		"version": 2.0, "width": 80.0, "height": 24.0,
		"timestamp": float64(clock.Now().Unix()), "title": "demo/web-1/app",
		"env": map[string]any{"TERM": "xterm-256color", "SHELL": "/bin/sh"},
	}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if !bytes.Equal(gotJSON, wantJSON) {
		t.Errorf("header = %s\nwant     %s", gotJSON, wantJSON)
	}
}

func TestCreateRejectsBadHeaderAndExistingFile(t *testing.T) {
	if _, err := Create(filepath.Join(t.TempDir(), "x.cast"), Header{Width: 0, Height: 24}); err == nil {
		t.Error("Create accepted width 0")
	}
	clock := newFakeClock()
	r, path := createTest(t, clock)
	defer r.Close()
	_, err := Create(path, testHeader)
	if !errors.Is(err, fs.ErrExist) {
		t.Errorf("second Create of %s: err = %v, want fs.ErrExist", path, err)
	}
}

func TestFileAndDirectoryModes(t *testing.T) {
	r, path := createTest(t, newFakeClock())
	defer r.Close()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if m := info.Mode().Perm(); m != 0o600 {
		t.Errorf("file mode %v, want 0600", m)
	}
	for d := filepath.Dir(path); filepath.Base(d) != "rec"; d = filepath.Dir(d) {
		info, err := os.Stat(d)
		if err != nil {
			t.Fatal(err)
		}
		if m := info.Mode().Perm(); m != 0o700 {
			t.Errorf("directory %s mode %v, want 0700", d, m)
		}
	}
}

// sampleOutput mixes ASCII, control bytes, escapes, JSON-special characters and 2-, 3- and
// 4-byte UTF-8.
func sampleOutput(n int, rng *rand.Rand) []byte {
	pieces := []string{
		"plain text ", "\r\n", "\x1b[1;31mred\x1b[0m", "é", "ñandú", "語", "日本語テキスト", "😀", "👍🏽",
		"\"quoted\"", `back\slash`, "\t", "\x00\x07\x08", "\x7f", "\u2028", "ü", "ß",
	}
	var b []byte
	for len(b) < n {
		b = append(b, pieces[rng.IntN(len(pieces))]...)
	}
	return b
}

func TestOutputBytesSurviveRandomChunking(t *testing.T) {
	for seed := range uint64(12) {
		rng := rand.New(rand.NewPCG(seed, 42))
		clock := newFakeClock()
		r, path := createTest(t, clock)
		input := sampleOutput(4000, rng)
		for rest := input; len(rest) > 0; {
			n := min(1+rng.IntN(17), len(rest))
			r.Output(rest[:n])
			rest = rest[n:]
			clock.Advance(time.Duration(rng.IntN(5)) * time.Millisecond)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		c, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Output(); got != string(input) {
			t.Fatalf("seed %d: recorded output differs from input\n got %q\nwant %q", seed, got, input)
		}
		last := 0.0
		for i, e := range c.Events {
			if !utf8.ValidString(e.Data) || strings.ContainsRune(e.Data, utf8.RuneError) {
				t.Fatalf("seed %d: event %d data %q is not clean UTF-8", seed, i, e.Data)
			}
			if e.Time < last {
				t.Fatalf("seed %d: event %d time %v before %v", seed, i, e.Time, last)
			}
			last = e.Time
		}
	}
}

// TestInvalidUTF8BecomesReplacementCharacter documents the one place recorded bytes differ from
// the input: bytes that are not UTF-8, including an incomplete sequence left at Close, are
// written as U+FFFD, one per byte.
func TestInvalidUTF8BecomesReplacementCharacter(t *testing.T) {
	clock := newFakeClock()
	r, path := createTest(t, clock)
	r.Output([]byte("a\xffb"))
	r.Output([]byte("\xc0\xafc")) // overlong encoding of '/'
	r.Output([]byte("ok \xe2\x82"))
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	c, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	want := "a\uFFFDb" + "\uFFFD\uFFFDc" + "ok \uFFFD\uFFFD"
	if got := c.Output(); got != want {
		t.Errorf("output %q, want %q", got, want)
	}
}

func TestEventsTimesAndTypes(t *testing.T) {
	clock := newFakeClock()
	r, path := createTest(t, clock)
	clock.Advance(1500 * time.Millisecond)
	r.Output([]byte("hello\r\n"))
	clock.Advance(250 * time.Millisecond)
	r.Resize(132, 43)
	clock.Advance(time.Second)
	r.Input([]byte("ls\r"))
	r.Marker("build finished")
	clock.Advance(-time.Hour) // a clock that goes back never makes times decrease
	r.Output([]byte("x"))
	r.Output(nil)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	r.Output([]byte("after close is ignored"))
	c, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []Event{
		{1.5, EventOutput, "hello\r\n"},
		{1.75, EventResize, "132x43"},
		{2.75, EventInput, "ls\r"},
		{2.75, EventMarker, "build finished"},
		{2.75, EventOutput, "x"},
	}
	if len(c.Events) != len(want) {
		t.Fatalf("events %+v, want %+v", c.Events, want)
	}
	for i := range want {
		if c.Events[i] != want[i] {
			t.Errorf("event %d = %+v, want %+v", i, c.Events[i], want[i])
		}
	}
}

// TestOutputNeverBlocks: the writer below the recorder blocks; Output keeps returning, the
// recorder reports it fell behind, and once the writer moves again a marker records the gap.
func TestOutputNeverBlocks(t *testing.T) {
	w := newGateWriter()
	r, err := New(w, testHeader, WithClock(newFakeClock().Now), WithMaxPending(64<<10))
	if err != nil {
		t.Fatal(err)
	}
	<-w.entered // the writer goroutine is now stuck in Write (the header)

	chunk := bytes.Repeat([]byte("0123456789abcdef"), 64) // 1 KiB
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 1000 { // 1 MiB, far past the 64 KiB bound
			r.Output(chunk)
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		w.open()
		t.Fatal("Output blocked while the writer was stuck")
	}
	r.Resize(90, 30) // over the bound too: dropped into the gap, never blocking
	r.Marker("while stuck")
	if err := r.Err(); !errors.Is(err, ErrFallingBehind) {
		t.Fatalf("Err() = %v, want ErrFallingBehind", err)
	}

	w.open()
	if err := r.Flush(); !errors.Is(err, ErrFallingBehind) {
		t.Fatalf("Flush() = %v", err)
	}
	r.Output([]byte("tail"))
	if err := r.Close(); !errors.Is(err, ErrFallingBehind) {
		t.Fatalf("Close() = %v, want the falling-behind error kept", err)
	}
	c, err := Decode(bytes.NewReader(w.bytes()))
	if err != nil {
		t.Fatal(err)
	}
	out := c.Output()
	kept := strings.TrimSuffix(out, "tail")
	if kept == out || len(kept) == 0 || len(kept)%len(chunk) != 0 || kept != strings.Repeat(string(chunk), len(kept)/len(chunk)) {
		t.Fatalf("recorded output is not whole chunks then the tail: %d bytes", len(out))
	}
	// Every dropped byte (output, and the resize or marker if they did not fit) is accounted
	// for by the gap markers, and Err reports the same total.
	var markedDropped int64
	var gaps []string
	for _, e := range c.Events {
		var n int64
		if e.Type == EventMarker && strings.HasPrefix(e.Data, "podmux: recording gap, ") {
			if _, err := fmt.Sscanf(e.Data, "podmux: recording gap, %d bytes dropped", &n); err != nil {
				t.Fatalf("marker %q: %v", e.Data, err)
			}
			markedDropped += n
			gaps = append(gaps, e.Data)
		}
	}
	if len(gaps) == 0 {
		t.Fatalf("no gap marker in %d events", len(c.Events))
	}
	if want := fmt.Sprintf(" %d bytes of session output not recorded", markedDropped); !strings.Contains(r.Err().Error(), want) {
		t.Errorf("Err() = %v, want it to report%s", r.Err(), want)
	}
	if markedDropped < int64(1000*len(chunk)-len(kept)) {
		t.Errorf("gap markers account for %d bytes, fewer than the %d output bytes dropped", markedDropped, 1000*len(chunk)-len(kept))
	}
	t.Logf("kept %d of 1 MiB; markers %q; Err: %v", len(kept), gaps, r.Err())
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n--; w.n < 0 {
		return 0, errors.New("no space left on device")
	}
	return len(p), nil
}

func TestWriteErrorIsReported(t *testing.T) {
	r, err := New(&failWriter{n: 1}, testHeader)
	if err != nil {
		t.Fatal(err)
	}
	r.Output([]byte("first"))
	if err := r.Flush(); err == nil || !strings.Contains(err.Error(), "no space left") {
		t.Fatalf("Flush() = %v, want the write error", err)
	}
	r.Output([]byte("more")) // ignored, never blocks
	r.Resize(10, 10)
	if err := r.Close(); err == nil || !strings.Contains(err.Error(), "no space left") {
		t.Fatalf("Close() = %v, want the write error", err)
	}
}

func TestConcurrentUse(t *testing.T) {
	clock := newFakeClock()
	r, path := createTest(t, clock)
	var wg sync.WaitGroup
	const writers, per = 4, 200
	for g := range writers {
		wg.Go(func() {
			for i := range per {
				r.Output([]byte("ab"))
				if i%50 == 0 {
					r.Resize(80+g, 24)
					r.Marker("m")
				}
			}
		})
	}
	wg.Wait()
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	c, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Output(), strings.Repeat("ab", writers*per); got != want {
		t.Errorf("got %d bytes of output, want %d", len(got), len(want))
	}
}

func TestCreateUniqueNumbersCollisions(t *testing.T) {
	path := Path(t.TempDir(), "ns", "pod", "app", time.Now())
	var paths []string
	for range 3 {
		r, err := CreateUnique(path, testHeader)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		paths = append(paths, r.Path())
	}
	base := strings.TrimSuffix(path, Ext)
	want := []string{path, base + "-2" + Ext, base + "-3" + Ext}
	for i := range want {
		if paths[i] != want[i] {
			t.Errorf("recorder %d wrote %s, want %s", i, paths[i], want[i])
		}
	}
}

func TestCloseIsIdempotentAndConcurrent(t *testing.T) {
	r, _ := createTest(t, newFakeClock())
	r.Output([]byte("x"))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if err := r.Close(); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if isActive(r.Path()) {
		t.Error("path still registered as active after Close")
	}
}

func TestDiscardRemovesTheFile(t *testing.T) {
	r, path := createTest(t, newFakeClock())
	r.Output([]byte("bash: not found\r\n"))
	if err := r.Discard(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the discarded recording %s is still there: %v", path, err)
	}
	if err := r.Close(); err != nil {
		t.Fatalf("Close after Discard: %v", err)
	}
	// The path is free again: a recording of the next command may take it.
	r2, err := Create(path, testHeader)
	if err != nil {
		t.Fatal(err)
	}
	_ = r2.Close()
}
