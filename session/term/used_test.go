package term

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestLineUsedBoundRandom writes random mixes of what moves cells around (wide and combining
// characters at the right edge, insert/delete characters and lines, margins, background colour
// erase, scroll regions, the alternate screen, DECALN, resizes) and checks after every Write that
// no cell is set at or above its line's used bound (checkUsed is on in this package's tests), and
// that the history keeps every line's text.
func TestLineUsedBoundRandom(t *testing.T) {
	tokens := []string{
		"abc", "x", "hello world ", "日本", "e\u0301", "\u0301", "👩\u200d💻", "é",
		"\r\n", "\n", "\r", "\b", "\t",
		"\x1b[4h", "\x1b[4l", "\x1b[3@", "\x1b[2P", "\x1b[K", "\x1b[1K", "\x1b[2K", "\x1b[J", "\x1b[2J",
		"\x1b[3L", "\x1b[2M", "\x1b[2S", "\x1b[T", "\x1b[2;5r", "\x1b[r", "\x1b[H", "\x1b[5;190H",
		"\x1b[999C", "\x1b[3X", "\x1b[44m", "\x1b[m", "\x1b[41;1m", "\x1b[?7l", "\x1b[?7h",
		"\x1b[?69h\x1b[3;30s", "\x1b[?69l", "\x1b[?1049h", "\x1b[?1049l", "\x1b#8", "\x1b[5b",
		"\x1bM", "\x1bD", "\x1bE", "\x1b(0lqk\x1b(B", "\x1bc",
	}
	for seed := range uint64(40) {
		r := rand.New(rand.NewPCG(seed, 7))
		cols, rows := 5+r.IntN(40), 2+r.IntN(12)
		tm := New(cols, rows, WithScrollback(200, 0))
		for step := range 400 {
			var b strings.Builder
			for range 1 + r.IntN(12) {
				b.WriteString(tokens[r.IntN(len(tokens))])
			}
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("seed %d step %d (%dx%d) after %q: %v", seed, step, cols, rows, b.String(), p)
					}
				}()
				tm.Write([]byte(b.String()))
				if r.IntN(40) == 0 {
					cols, rows = 1+r.IntN(60), 1+r.IntN(15)
					tm.Resize(cols, rows)
				}
			}()
		}
	}
}

// TestHistoryKeepsLineTextWithUsedBound scrolls lines of every length (and with a coloured
// blank tail) into history and reads them back whole.
func TestHistoryKeepsLineTextWithUsedBound(t *testing.T) {
	tm := New(30, 3, WithScrollback(100, 0))
	var want []string
	for n := range 31 {
		s := strings.Repeat("x", n)
		if n%3 == 0 && n < 30 {
			fmt.Fprintf(tm, "%s\x1b[44m\x1b[K\x1b[m\r\n", s) // a blue erased tail keeps its cells
		} else {
			fmt.Fprintf(tm, "%s\r\n", s)
		}
		want = append(want, s)
	}
	fmt.Fprint(tm, "\r\n\r\n\r\n")
	if n := tm.ScrollbackLen(); n < len(want) {
		t.Fatalf("history has %d lines, want at least %d", n, len(want))
	}
	for i, w := range want {
		if g := strings.TrimRight(tm.ScrollbackText(i), " "); g != w {
			t.Errorf("history line %d = %q, want %q", i, g, w)
		}
	}
}
