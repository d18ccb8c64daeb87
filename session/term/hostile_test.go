package term

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// TestHostileInput feeds sequences that crashed or hung other engines. Each must finish quickly
// without panicking and leave the cursor on the screen.
func TestHostileInput(t *testing.T) {
	big := func(s string, n int) string { return strings.Repeat(s, n) }
	inputs := map[string]string{
		"bogus region then RI":  "\x1b[1;30r\x1bM\x1bM\x1b[30;1r\x1bM\x1b[0;0r\x1b[5;2r\x1bM\x1bD",
		"huge CBT":              "\x1b[2147483646Z",
		"huge REP":              "x\x1b[10000000b",
		"overflowing CUU":       "\x1b[99999999999999999999999A\x1b[99999999999999999999999B\x1b[-5C",
		"huge counts":           "\x1b[2147483647@\x1b[2147483647P\x1b[2147483647L\x1b[2147483647M\x1b[2147483647X\x1b[2147483647S\x1b[2147483647T\x1b[2147483647I",
		"huge CUP":              "\x1b[2147483647;2147483647H\x1b[99999999999999999999;1f",
		"huge param list":       "\x1b[" + big("1;", 100000) + "m",
		"huge subparams":        "\x1b[" + big("38:2:", 50000) + "m",
		"1MB OSC title":         "\x1b]0;" + big("t", 1<<20) + "\x07",
		"1MB DCS":               "\x1bP1$q" + big("d", 1<<20) + "\x1b\\",
		"unterminated OSC":      "\x1b]0;" + big("x", 200000),
		"unterminated CSI":      "\x1b[" + big("9", 200000),
		"nested escapes":        big("\x1b[\x1b]\x1bP\x1b_\x1b^", 50000),
		"many REPs":             "x" + big("\x1b[65535b", 2000),
		"many ED":               big("\x1b[2J", 5000),
		"many tabs":             big("\x1b[65535I\x1b[65535Z", 20000),
		"ICH in wide":           big("日\x1b[D\x1b[5@本\x1b[2P", 20000),
		"zero width storm":      "a" + big("\u0301", 200000),
		"combining on nothing":  big("\u0301\r\n", 20000),
		"huge OSC 8":            "\x1b]8;;" + big("u", 60000) + "\x1b\\x",
		"huge OSC 52":           "\x1b]52;c;" + big("QUFB", 20000) + "\x07",
		"DECSLRM and margins":   "\x1b[?69h\x1b[5;2s\x1b[0;999999999r\x1bM\x1b[?6h\x1b[999;999H",
		"narrow LR margins":     "\x1b[?69h\x1b[2;3s" + big("日本x\x1b[5@\x1b[3P\x1b[L\x1b[M\x1b[S\x1b[T\n\x1bM", 5000),
		"alt switch storm":      big("\x1b[?1049h\x1b[?1049l\x1b[?47h\x1b[?1047l", 10000),
		"resize storm sequence": big("\x1b[8;1;1t\x1b[18t", 10000),
		"C1 bytes":              big("\x9b31m\x9d0;x\x9c\x90q\x9c", 20000),
		"invalid utf8":          big("\xff\xfe\xc0\xe4\xb8", 50000),
	}
	deadline := time.Now().Add(5 * time.Second * raceSlowdown)
	for name, in := range inputs {
		sizes := [][2]int{{80, 24}, {1, 1}, {2, 1}}
		if len(in) > 300000 {
			sizes = sizes[:1] // the parser path is size-independent; keep the test quick
		}
		for _, size := range sizes {
			st := time.Now()
			tm := New(size[0], size[1], WithReplies(func([]byte) {}), WithOSC52(func(string, []byte) {}))
			tm.Write([]byte(in))
			tm.Write([]byte("ok"))
			checkInvariants(t, name, tm)
			if testing.Verbose() {
				t.Logf("%-22s %dx%d %v", name, size[0], size[1], time.Since(st))
			}
		}
	}
	// Random bytes, biased towards escape introducers.
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("\x1b[];?0123456789:;mHJKr\x07\x9b\x90\xe4\xb8\xadab \r\n\t\b")
	for range 30 {
		b := make([]byte, 10000)
		for i := range b {
			if r.IntN(3) == 0 {
				b[i] = byte(r.IntN(256))
			} else {
				b[i] = alphabet[r.IntN(len(alphabet))]
			}
		}
		tm := New(1+r.IntN(100), 1+r.IntN(40))
		tm.Write(b)
		checkInvariants(t, "random", tm)
		tm.Resize(1+r.IntN(100), 1+r.IntN(40))
		checkInvariants(t, "random+resize", tm)
	}
	if time.Now().After(deadline) {
		t.Fatalf("hostile inputs took more than %v", 5*time.Second*raceSlowdown)
	}
}

func checkInvariants(t *testing.T, name string, tm *Terminal) {
	t.Helper()
	cols, rows := tm.Size()
	c := tm.Cursor()
	if c.X < 0 || c.X >= cols || c.Y < 0 || c.Y >= rows {
		t.Fatalf("%s: cursor %+v outside %dx%d", name, c, cols, rows)
	}
	if tm.marginTop < 0 || tm.marginBot >= rows || tm.marginTop > tm.marginBot {
		t.Fatalf("%s: margins %d..%d", name, tm.marginTop, tm.marginBot)
	}
	if len(tm.Title()) > maxTitle {
		t.Fatalf("%s: title %d bytes", name, len(tm.Title()))
	}
	for y := range rows {
		row := tm.Row(y)
		if len(row) != cols {
			t.Fatalf("%s: row %d has %d cells", name, y, len(row))
		}
		for x, cell := range row {
			if cell.IsContinuation() && (x == 0 || row[x-1].Width() != 2) {
				t.Fatalf("%s: orphan continuation at %d,%d", name, x, y)
			}
			if cell.Width() == 2 && (x+1 >= cols || !row[x+1].IsContinuation()) {
				t.Fatalf("%s: wide cell without continuation at %d,%d", name, x, y)
			}
		}
		if n := len(stripANSI(tm.AppendRowANSI(nil, y))); n < cols {
			t.Fatalf("%s: ANSI row %d is %d bytes for %d cols", name, y, n, cols)
		}
	}
}

// TestOverlongIntermediates: an escape or control sequence with more intermediate bytes than any
// real one is ignored whole, as tmux does (its input_intermediate discards the sequence and no
// table entry matches two intermediates). Before, only the last intermediate counted, so
// "ESC ( ( 0" switched G0 to line drawing and the rest of a shell's text turned to box glyphs.
func TestOverlongIntermediates(t *testing.T) {
	inter := strings.Repeat("(", 1000)
	runSeqCases(t, []seqCase{
		{name: "ESC ( ( 0", in: "\x1b((0qx", want: "qx", x: 2},
		{name: "ESC ) ( 0 then SO", in: "\x1b)(0\x0eqx", want: "qx", x: 2},
		{name: "1000 intermediates", in: "\x1b" + inter + "0qx", want: "qx", x: 2},
		{name: "1000 intermediates split", in: "\x1b" + inter[:500] + "\x1b" + inter[:1] + "0q", want: "─", x: 1},
		{name: "ESC # # 8", in: "ab\x1b##8", want: "ab", x: 2},
		{name: "CSI SP SP q", in: "\x1b[4  qa", want: "a", x: 1},
		{name: "CSI 1000 intermediates then ! p", in: "\x1b[4h\x1b[" + strings.Repeat(" ", 1000) + "!pab\x1b[Hc", want: "cab", x: 1},
		{name: "one intermediate still works", in: "\x1b(0q\x1b(Bq", want: "─q", x: 2},
	})
	// After an overlong sequence the next real one works.
	tm := screenOf(10, 2, "\x1b(((0\x1b(0q")
	if got := lines(tm); got != "─" {
		t.Errorf("after overlong: %q", got)
	}
	// Split across writes at every position gives the same screen.
	in := "a\x1b((0q\x1b[?1  hb\x1b(0q"
	want := lines(screenOf(10, 2, in))
	if want != "aqb─" {
		t.Errorf("whole = %q, want %q", want, "aqb─")
	}
	for i := 1; i < len(in); i++ {
		tm := New(10, 2)
		tm.Write([]byte(in[:i]))
		tm.Write([]byte(in[i:]))
		if got := lines(tm); got != want {
			t.Errorf("split at %d: %q, want %q", i, got, want)
		}
	}
}
