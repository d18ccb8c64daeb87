// Command memory measures the heap a session needs to hold 10,000 lines of 120-column coloured
// text in its scrollback (target ≤ 2 MiB a session): first the terminal engine alone
// (term.New with 10,000 lines of history), then a whole session of a session.Manager whose
// stream printed the same bytes. Heap is runtime.MemStats.HeapAlloc after a forced GC, minus the
// same before; the generated input is allocated before the first reading and kept alive, so it
// is not counted.
//
//	go run ./bench/record/memory [-lines 10000] [-sessions 4] [-palette 32]
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"time"

	"github.com/podmux/podmux/session"
	"github.com/podmux/podmux/session/term"
)

func main() {
	lines := flag.Int("lines", 10000, "lines of output")
	sessions := flag.Int("sessions", 4, "sessions held at once in the whole-session measurement")
	palette := flag.Int("palette", 32, "distinct styles the text uses (0: random 256-colour styles, the worst case)")
	flag.Parse()
	if err := run(*lines, *sessions, *palette); err != nil {
		fmt.Fprintln(os.Stderr, "memory:", err)
		os.Exit(1)
	}
}

// colouredLines returns n lines of exactly 120 visible columns: eight 15-column words, each in
// its own style, like coloured logs, ls or syntax highlighting. With palette > 0 the styles come
// from that many fixed 256-colour styles (some bold, some on a background); with palette 0 every
// word gets a random 256-colour foreground, and a quarter a random background (tens of thousands
// of distinct styles: the worst case for the engine's style table).
func colouredLines(n, palette int) []byte {
	rng := rand.New(rand.NewPCG(7, 11))
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789_-./:= "
	styles := make([]string, palette)
	for i := range styles {
		styles[i] = fmt.Sprintf("\x1b[38;5;%dm", rng.IntN(256))
		switch i % 4 {
		case 0:
			styles[i] += "\x1b[1m"
		case 1:
			styles[i] += fmt.Sprintf("\x1b[48;5;%dm", rng.IntN(256))
		}
	}
	var b bytes.Buffer
	word := make([]byte, 15)
	for i := 0; i < n; i++ {
		for w := 0; w < 8; w++ {
			if palette > 0 {
				b.WriteString(styles[rng.IntN(palette)])
			} else {
				fmt.Fprintf(&b, "\x1b[38;5;%dm", rng.IntN(256))
				switch rng.IntN(4) {
				case 0:
					b.WriteString("\x1b[1m")
				case 1:
					fmt.Fprintf(&b, "\x1b[48;5;%dm", rng.IntN(256))
				}
			}
			for k := range word {
				word[k] = letters[rng.IntN(len(letters))]
			}
			b.Write(word)
			b.WriteString("\x1b[m")
		}
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

func heap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func mib(n uint64) string { return fmt.Sprintf("%.2f MiB", float64(n)/(1<<20)) }

func run(lines, sessions, palette int) error {
	data := colouredLines(lines, palette)
	fmt.Printf("input: %d lines × 120 columns, 8 styled words a line from a palette of %d styles (0: random), %d bytes\n",
		lines, palette, len(data))

	before := heap()
	t := term.New(120, 40, term.WithScrollback(lines, 0))
	_, _ = t.Write(data)
	after := heap()
	fmt.Printf("engine alone: %s for %d history rows + 40 screen rows (%.0f bytes/row)\n",
		mib(after-before), t.ScrollbackLen(), float64(after-before)/float64(t.ScrollbackLen()+40))
	if t.ScrollbackLen() < lines-40 {
		return fmt.Errorf("engine kept %d history rows, want ≥ %d", t.ScrollbackLen(), lines-40)
	}
	runtime.KeepAlive(t)
	t = nil

	dial := session.DialerFunc(func(ctx context.Context, _ session.Target, _ []string, _, _ int) (session.Stream, error) {
		return &replayStream{r: bytes.NewReader(data), done: make(chan struct{})}, nil
	})
	before = heap()
	m := session.NewManager(session.Options{Dialer: dial, ScrollbackLines: lines})
	for i := 0; i < sessions; i++ {
		m.Start(session.Target{Namespace: "bench", Pod: fmt.Sprintf("p%d", i), Command: []string{"cat"}}, 120, 40)
	}
	if err := waitEnded(m, sessions); err != nil {
		return err
	}
	after = heap()
	hist := 0
	m.Get(m.Sessions()[0].ID()).View(func(t *term.Terminal) { hist = t.ScrollbackLen() })
	fmt.Printf("whole sessions: %s for %d sessions of a session.Manager (%s each, %d history rows each)\n",
		mib(after-before), sessions, mib((after-before)/uint64(sessions)), hist)
	runtime.KeepAlive(m)
	runtime.KeepAlive(data)
	m.Close()
	return nil
}

func waitEnded(m *session.Manager, n int) error {
	deadline := time.After(60 * time.Second)
	for {
		ended := 0
		for _, s := range m.Sessions() {
			if s.Status().Ended() {
				ended++
			}
		}
		if ended == n {
			return nil
		}
		select {
		case <-m.EventWake():
			m.TakeEvents()
		case <-deadline:
			return fmt.Errorf("sessions did not end")
		}
	}
}

// replayStream is a Stream whose remote prints r and exits 0.
type replayStream struct {
	r    *bytes.Reader
	done chan struct{}
}

type nopWriteCloser struct{}

func (nopWriteCloser) Write(p []byte) (int, error) { return len(p), nil }
func (nopWriteCloser) Close() error                { return nil }

func (s *replayStream) Stdin() io.WriteCloser { return nopWriteCloser{} }
func (s *replayStream) Stdout() io.Reader     { return readerOnly{s} }
func (s *replayStream) Resize(w, h uint16) error {
	return nil
}
func (s *replayStream) Close() error       { return nil }
func (s *replayStream) Wait() (int, error) { return 0, nil }

type readerOnly struct{ s *replayStream }

func (r readerOnly) Read(p []byte) (int, error) { return r.s.r.Read(p) }
