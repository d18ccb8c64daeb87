package session

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"github.com/podmux/podmux/session/term"
)

func TestSearchAcrossScrollbackScreenAndWraps(t *testing.T) {
	tm := term.New(20, 5, term.WithScrollback(1000, 0))
	for i := 1; i <= 50; i++ {
		fmt.Fprintf(tm, "line %d\r\n", i)
	}
	// a 30-char line soft-wraps at 20 columns, with "NEEDLE" across the wrap
	_, _ = tm.Write([]byte(strings.Repeat("x", 17) + "NEEDLE" + strings.Repeat("y", 7) + "\r\n"))
	_, _ = tm.Write([]byte("Line 7 again"))

	ms := Search(tm, "line 7")
	if len(ms) != 2 {
		t.Fatalf("smart case: %q should match case-insensitively twice, got %d", "line 7", len(ms))
	}
	if got := tm.Text(ms[0].Start, ms[0].End); got != "line 7" {
		t.Fatalf("first match text = %q", got)
	}
	if ms[0].Start.Line >= tm.ScrollbackLen() {
		t.Fatalf("first match should be in the scrollback")
	}
	if ms[1].Start.Line < tm.ScrollbackLen() {
		t.Fatalf("second match should be on the screen")
	}
	if ms := Search(tm, "Line 7"); len(ms) != 1 {
		t.Fatalf("an upper-case query matches case: got %d", len(ms))
	}
	ms = Search(tm, "needle")
	if len(ms) != 1 {
		t.Fatalf("match across the soft wrap: got %d", len(ms))
	}
	if ms[0].Start.Line+1 != ms[0].End.Line {
		t.Fatalf("the match should span two rows: %+v", ms[0])
	}
	if got := tm.Text(ms[0].Start, ms[0].End); got != "NEEDLE" {
		t.Fatalf("wrapped match text = %q", got)
	}
	if ms := Search(tm, "absent"); len(ms) != 0 {
		t.Fatalf("no match expected, got %d", len(ms))
	}
}

func BenchmarkSearch10kLines(b *testing.B) {
	tm := term.New(120, 40, term.WithScrollback(10000, 0))
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(tm, "\x1b[3%dm%06d\x1b[m the quick brown fox jumps over the lazy dog %s\r\n", i%8, i, strings.Repeat("=", 60))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if ms := Search(tm, "009999"); len(ms) != 1 {
			b.Fatalf("matches = %d", len(ms))
		}
	}
}

// searchCells is the reference: every line cell by cell.
func searchCells(t *term.Terminal, query string) []Match {
	s := &searcher{t: t, fold: !SmartCase(query), sb: t.ScrollbackLen()}
	s.q = []rune(query)
	if s.fold {
		for i, r := range s.q {
			s.q[i] = unicode.ToLower(r)
		}
	}
	total := t.Lines()
	for line := 0; line < total; {
		end := s.logicalEnd(line, total)
		s.cells(line, end)
		line = end
	}
	return s.out
}

func TestSearchPlainPathMatchesCellPath(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 9))
	words := []string{"ab", "Ab", "aba", "xyz", "é", "日本", "abab", " ", "\x1b[31m", "\x1b[m", "BA"}
	tm := term.New(13, 5, term.WithScrollback(500, 0))
	for i := 0; i < 400; i++ {
		var b strings.Builder
		for n := r.IntN(12); n > 0; n-- {
			b.WriteString(words[r.IntN(len(words))])
		}
		b.WriteString("\r\n")
		_, _ = tm.Write([]byte(b.String()))
	}
	for _, q := range []string{"ab", "aba", "Ab", "ba", "b a", "xyzab", "日本", "é", "abab", "a"} {
		got, want := Search(tm, q), searchCells(tm, q)
		if len(got) != len(want) {
			t.Fatalf("%q: %d matches, reference %d", q, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%q match %d: %+v, reference %+v", q, i, got[i], want[i])
			}
		}
	}
}
