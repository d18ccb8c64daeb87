package term

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// hostCase is a sequence written after "AB" on an 80-column screen: want is the screen text
// from "AB" on, tmux the column (after "AB") where tmux 3.3a leaves the cursor and x the
// engine's, which is tmux's unless departs says why not.
type hostCase struct {
	name, in, want string
	tmux, x        int
	departs        string
}

// hostCases: the tmux columns were measured with tmux 3.3a (Debian 12, glibc 2.36), one
// server per case: `tmux new -d -x 80 -y 10 "printf 'AB<seq>'; sleep 30"`, then
// `display -p '#{cursor_x}'` minus 2, and `capture-pane -p` of "AB<seq>|X" for the cells.
// Before the host form, the engine put every one of these at its grapheme width (2 for each
// cluster, 0 for a lone modifier) while Bubble Tea's renderer counted every code point.
var hostCases = []hostCase{
	{name: "leading jamo", in: "\u1100", want: "\u1100", tmux: 2, x: 2},
	{name: "L V composed", in: "\u1100\u1161", want: "\uac00", tmux: 2, x: 2},
	{name: "L V T composed", in: "\u1100\u1161\u11a8", want: "\uac01", tmux: 2, x: 2},
	{name: "L L", in: "\u1100\u1100", want: "\u1100\u1100", tmux: 4, x: 4},
	{name: "L L V", in: "\u1100\u1100\u1161", want: "\u1100\uac00", tmux: 4, x: 4},
	{name: "LV syllable + T", in: "\uac00\u11a8", want: "\uac01", tmux: 2, x: 2},
	{name: "emoji + skin tone", in: "👍🏽", want: "👍🏽", tmux: 4, x: 4},
	{name: "lone skin tone", in: "🏽", want: "🏽", tmux: 2, x: 2},
	{name: "letter + skin tone", in: "a🏽", want: "a🏽", tmux: 3, x: 3},
	{name: "two skin tones", in: "👍🏽🏽", want: "👍🏽🏽", tmux: 6, x: 6},
	{name: "skin tone + VS16", in: "👍🏽\ufe0f", want: "👍🏽\ufe0f", tmux: 4, x: 4},
	{name: "ZWJ family", in: "👨\u200d👩\u200d👧", want: "👨👩👧", tmux: 2, x: 6, departs: "zwj"},
	{name: "ZWJ woman laptop", in: "👩\u200d💻", want: "👩💻", tmux: 2, x: 4, departs: "zwj"},
	{name: "ZWJ after skin tone", in: "👩🏽\u200d💻", want: "👩🏽💻", tmux: 4, x: 6, departs: "zwj"},
	{name: "ZWJ then skin tone", in: "👩\u200d🏽", want: "👩🏽", tmux: 2, x: 4, departs: "zwj"},
	{name: "rainbow flag", in: "🏳\ufe0f\u200d🌈", want: "🏳\ufe0f🌈", tmux: 1, x: 3, departs: "zwj"},
	{name: "eye in bubble", in: "👁\ufe0f\u200d🗨\ufe0f", want: "👁\ufe0f🗨\ufe0f", tmux: 1, x: 2, departs: "zwj"},
	{name: "ZWJ VS16 emoji", in: "👩\u200d\ufe0f💻", want: "👩\ufe0f💻", tmux: 4, x: 4},
	{name: "ZWJ combining emoji", in: "👩\u200d\u0301💻", want: "👩\u0301💻", tmux: 4, x: 4},
	{name: "ZWJ two emoji", in: "👩\u200d💻💻", want: "👩💻💻", tmux: 4, x: 6, departs: "zwj"},
	{name: "emoji ZWJ letter", in: "👩\u200da", want: "👩a", tmux: 3, x: 3},
	{name: "letter ZWJ letter", in: "a\u200db", want: "ab", tmux: 2, x: 2},
	{name: "CJK ZWJ CJK", in: "中\u200d中", want: "中中", tmux: 4, x: 4},
	{name: "virama ZWJ consonant", in: "\u0915\u094d\u200d\u0937", want: "\u0915\u094d\u0937", tmux: 1, x: 2, departs: "zwj"},
	{name: "flag", in: "🇩🇪", want: "🇩🇪", tmux: 2, x: 2},
	{name: "lone regional indicator", in: "🇩", want: "🇩", tmux: 1, x: 1},
	{name: "three regional indicators", in: "🇩🇪🇫", want: "🇩🇪🇫", tmux: 3, x: 3},
	{name: "two flags", in: "🇩🇪🇫🇷", want: "🇩🇪🇫🇷", tmux: 4, x: 4},
	{name: "regional indicator + mark", in: "🇩\u0301", want: "🇩\u0301", tmux: 1, x: 1},
	{name: "keycap", in: "1\ufe0f\u20e3", want: "1\ufe0f\u20e3", tmux: 1, x: 1},
	{name: "keycap #", in: "#\ufe0f\u20e3", want: "#\ufe0f\u20e3", tmux: 1, x: 1},
	{name: "heart VS16", in: "\u2764\ufe0f", want: "\u2764\ufe0f", tmux: 1, x: 1},
	{name: "smile VS16", in: "\u263a\ufe0f", want: "\u263a\ufe0f", tmux: 1, x: 1},
	{name: "letter VS16", in: "a\ufe0f", want: "a\ufe0f", tmux: 1, x: 1},
	{name: "emoji VS16", in: "😀\ufe0f", want: "😀\ufe0f", tmux: 2, x: 2},

	// A vowel or final jamo that does not compose is U+FFFD, one column (tmux: zero wide on the
	// cell before, which the renderer counts as one column).
	{name: "L V T T", in: "\u1100\u1161\u11a8\u11a8", want: "\uac01\ufffd", tmux: 2, x: 3, departs: "jamo"},
	{name: "L V V", in: "\u1100\u1161\u1161", want: "\uac00\ufffd", tmux: 2, x: 3, departs: "jamo"},
	{name: "old L + V", in: "\ua960\u1161", want: "\ua960\ufffd", tmux: 2, x: 3, departs: "jamo"},
	{name: "L + old V", in: "\u1100\ud7b0", want: "\u1100\ufffd", tmux: 2, x: 3, departs: "jamo"},
	{name: "L filler + V", in: "\u115f\u1161", want: "\u115f\ufffd", tmux: 2, x: 3, departs: "jamo"},
	// tmux 3.3a draws a non-ASCII character after a ZWJ inside the cell before (departs "zwj"
	// above too); the engine drops the ZWJ and keeps the character in a cell of its own, as
	// xterm draws it (the ZWJ never reaches the host, so the host cannot join it).
	{name: "emoji ZWJ é", in: "👩\u200d\u00e9", want: "👩\u00e9", tmux: 2, x: 3, departs: "zwj"},
	{name: "letter ZWJ CJK", in: "a\u200d中", want: "a中", tmux: 1, x: 3, departs: "zwj"},
	{name: "ZWJ ZWJ emoji", in: "👩\u200d\u200d💻", want: "👩💻", tmux: 2, x: 4, departs: "zwj"},
}

// TestHostFormAtTmuxColumns: without mode 2027, emoji sequences and conjoining jamo land where
// tmux 3.3a puts them, and every cell measures for Bubble Tea's renderer (ansi.StringWidthWc,
// per code point) what the engine gives it, so the row is exactly as wide on the host.
func TestHostFormAtTmuxColumns(t *testing.T) {
	for _, c := range hostCases {
		t.Run(c.name, func(t *testing.T) {
			if c.departs == "" && c.x != c.tmux {
				t.Fatalf("case says x %d, tmux %d, without a reason", c.x, c.tmux)
			}
			tm := screenOf(80, 4, "AB"+c.in)
			if got := lines(tm); got != "AB"+c.want {
				t.Errorf("screen = %+q, want %+q", got, "AB"+c.want)
			}
			if cur := tm.Cursor(); cur.X-2 != c.x || cur.Y != 0 {
				t.Errorf("cursor after the sequence = %d,%d, want %d,0 (tmux 3.3a: %d)", cur.X-2, cur.Y, c.x, c.tmux)
			}
			checkHostCells(t, tm, 80)
		})
	}
}

// checkHostCells fails unless every row measures cols columns for the renderer, every cell
// measures its width and no cell holds a ZWJ.
func checkHostCells(t *testing.T, tm *Terminal, cols int) {
	t.Helper()
	_, rows := tm.Size()
	for y := range rows {
		if w := ansi.StringWidthWc(string(tm.AppendRowANSI(nil, y))); w != cols {
			t.Fatalf("row %d is %d columns for the renderer, not %d: %+q", y, w, cols, lines(tm))
		}
		for x, c := range tm.Row(y) {
			if c.IsContinuation() {
				continue
			}
			g := tm.Grapheme(c)
			if ansi.StringWidthWc(g) != c.Width() || strings.ContainsRune(g, '\u200d') {
				t.Fatalf("cell %d,%d %+q is %d wide; the renderer counts %d", x, y, g, c.Width(), ansi.StringWidthWc(g))
			}
		}
	}
}

// TestHostFormSplitWrites: a sequence split across writes (a ZWJ ending one write, its emoji
// starting the next; a jamo per write) ends up as written whole, also when repeated by REP.
func TestHostFormSplitWrites(t *testing.T) {
	var b strings.Builder
	for _, c := range hostCases {
		b.WriteString(c.in + "|")
	}
	in := b.String()
	whole := screenOf(13, 30, in)
	for split := 1; split < len(in); split++ {
		tm := New(13, 30)
		tm.Write([]byte(in[:split]))
		tm.Write([]byte(in[split:]))
		if a, b := lines(tm), lines(whole); a != b || tm.Cursor() != whole.Cursor() {
			t.Fatalf("split at %d: %+q at %+v, want %+q at %+v", split, a, tm.Cursor(), b, whole.Cursor())
		}
	}
	checkHostCells(t, whole, 13)
	rep := screenOf(20, 2, "👍🏽\x1b[2b")
	if got := lines(rep); got != "👍🏽👍🏽👍🏽" || rep.Cursor().X != 12 {
		t.Fatalf("REP of a skin-tone emoji: %+q at %+v", got, rep.Cursor())
	}
}

// TestHostFormRandomMix writes random mixtures of emoji parts, jamo, marks, CJK and ASCII in
// random chunks, and checks every row and cell against the renderer's measure.
func TestHostFormRandomMix(t *testing.T) {
	parts := []string{"a", " ", "中", "\u0301", "\u093e", "\u200d", "\ufe0f", "\u20e3", "👩", "💻", "🏽",
		"🇩", "🇪", "\u1100", "\u1161", "\u11a8", "\uac00", "\ud7b0", "\ua960", "\u2764", "\r\n", "\x1b[1m", "\x1b[3D"}
	r := rand.New(rand.NewPCG(7, 27))
	for round := range 200 {
		var b []byte
		for range 300 {
			b = append(b, parts[r.IntN(len(parts))]...)
		}
		tm := New(17, 6)
		for len(b) > 0 {
			n := min(len(b), 1+r.IntN(12))
			tm.Write(b[:n])
			b = b[n:]
		}
		if t.Failed() {
			return
		}
		t.Run("", func(t *testing.T) {
			_ = round
			checkHostCells(t, tm, 17)
		})
	}
}

// TestGraphemeHostKeepsEmojiAndJamo: with a user's terminal that reports mode 2027, emoji
// sequences and jamo stay whole clusters at their grapheme width.
func TestGraphemeHostKeepsEmojiAndJamo(t *testing.T) {
	SetGraphemeHost(true)
	t.Cleanup(func() { SetGraphemeHost(false) })
	runSeqCases(t, []seqCase{
		{name: "zwj", in: "👨\u200d👩\u200d👧x", want: "👨\u200d👩\u200d👧x", x: 3},
		{name: "skin tone", in: "👍🏽x", want: "👍🏽x", x: 3},
		{name: "jamo", in: "\u1100\u1161\u11a8x", want: "\u1100\u1161\u11a8x", x: 3},
		{name: "vs16", in: "\u2764\ufe0fx", want: "\u2764\ufe0fx", x: 3},
	})
}
