package term

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestClustersAtHostWidth: a cluster the grapheme rules size differently from wcwidth (which
// tmux, xterm and Bubble Tea's renderer use) is placed as those terminals draw it, so the cursor
// and the following cells land where the host puts them. Before, "a\u093e" took one column.
func TestClustersAtHostWidth(t *testing.T) {
	runSeqCases(t, []seqCase{
		{name: "spacing mark", in: "a\u093eb", want: "a\u093eb", x: 3},
		{name: "devanagari syllable", in: "\u0915\u093e|", want: "\u0915\u093e|", x: 3},
		{name: "thai sara am", in: "\u0e17\u0e33x", want: "\u0e17\u0e33x", x: 3},
		{name: "mark after U+FFFD", in: "\xff\ua983x", want: "\ufffd\ua983x", x: 3},
		{name: "prepend letter", in: "\u0d4eab", want: "\u0d4eab", x: 3},
		{name: "halfwidth voiced mark", in: "\uff76\uff9ex", want: "\uff76\uff9ex", x: 3},
		{name: "spacing mark with combining", in: "a\u093e\u0301b", want: "a\u093e\u0301b", x: 3},
		{name: "spacing mark at last column", cols: 3, rows: 2, in: "ab\u093e\u093ex", want: "ab\u093e|\u093ex", x: 2, y: 1},
		{name: "combining unchanged", in: "e\u0301x", want: "e\u0301x", x: 2},
		{name: "lone vowel jamo", in: "`\u119cx", want: "`\ufffdx", x: 3},
		{name: "lone final jamo after space", in: " \u11a8\u11a8x", want: " \ufffdx", x: 3},
		{name: "hangul jamo composed", in: "\u1100\u1161\u11a8x", want: "\uac01x", x: 3},
		{name: "emoji sequences in host form", in: "👩\u200d💻❤\ufe0f🇩🇪x", want: "👩💻❤\ufe0f🇩🇪x", x: 8},
	})
	// A cluster split across writes ends up as written whole.
	in := "xa\u093e\u0301b\u0e17\u0e33\uff76\uff9e\u0d4ec"
	whole := screenOf(10, 2, in)
	for split := 1; split < len(in); split++ {
		tm := New(10, 2)
		tm.Write([]byte(in[:split]))
		tm.Write([]byte(in[split:]))
		if a, b := lines(tm), lines(whole); a != b || tm.Cursor() != whole.Cursor() {
			t.Fatalf("split at %d: %q at %+v, want %q at %+v", split, a, tm.Cursor(), b, whole.Cursor())
		}
	}
}

// TestRandomFloodAtHostWidth floods a pane-sized screen with the random bytes of the e2e test
// (TestHostScreenMatchesFrameAfterRandomFlood) and checks, after every 4 KiB, that every row as
// the UI hands it to the renderer is exactly as wide as the screen when measured per code point
// (ansi.StringWidthWc: what the renderer assumes and what tmux draws), and that every cell,
// including those scrolled into history, has the width the host gives its text. Before, each
// seed left a dozen cells one column narrower in the engine than on the host.
func TestRandomFloodAtHostWidth(t *testing.T) {
	const cols, rows = 198, 46
	for seed := uint64(1); seed <= 3; seed++ {
		r := rand.New(rand.NewPCG(seed, 12))
		flood := make([]byte, 1<<20)
		for i := range flood {
			flood[i] = byte(r.Uint32())
		}
		tm := New(cols, rows, WithScrollback(1<<20, 1<<30))
		checkCell := func(where string, c Cell) {
			if c.IsContinuation() {
				return
			}
			if g := tm.Grapheme(c); ansi.StringWidthWc(g) != c.Width() {
				t.Fatalf("seed %d, %s: cell %q %U is %d wide, the host draws it %d wide",
					seed, where, g, []rune(g), c.Width(), ansi.StringWidthWc(g))
			}
		}
		var buf []byte
		for off := 0; off < len(flood); off += 4096 {
			tm.Write(flood[off:min(off+4096, len(flood))])
			for y := range rows {
				buf = tm.AppendRowANSI(buf[:0], y)
				if w := ansi.StringWidthWc(string(buf)); w != cols {
					t.Fatalf("seed %d, byte %d, row %d: %d columns on the host, not %d: %q",
						seed, off, y, w, cols, strings.TrimRight(ansi.Strip(string(buf)), " "))
				}
				for _, c := range tm.Row(y) {
					checkCell("screen", c)
				}
			}
		}
		var cells []Cell
		for i := range tm.ScrollbackLen() {
			cells, _ = tm.ScrollbackRow(i, cells)
			for _, c := range cells {
				checkCell("history", c)
			}
		}
	}
}

// TestGraphemeHostKeepsClusters: with a user's terminal that clusters graphemes (mode 2027), the
// engine keeps every cluster whole at its grapheme width, as that terminal and the renderer do.
func TestGraphemeHostKeepsClusters(t *testing.T) {
	SetGraphemeHost(true)
	t.Cleanup(func() { SetGraphemeHost(false) })
	runSeqCases(t, []seqCase{
		{name: "spacing mark", in: "a\u093eb", want: "a\u093eb", x: 2},
		{name: "halfwidth voiced mark", in: "\uff76\uff9ex", want: "\uff76\uff9ex", x: 2},
	})
}
