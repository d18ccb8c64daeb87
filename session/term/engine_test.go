package term

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/podmux/podmux/session/term/workload"
)

// screenOf feeds in to a cols×rows terminal and returns it.
func screenOf(cols, rows int, in string) *Terminal {
	t := New(cols, rows)
	t.Write([]byte(in))
	return t
}

// lines trims the trailing empty rows of ScreenText for compact expectations.
func lines(t *Terminal) string {
	s := t.ScreenText()
	n := len(s)
	for n > 0 && s[n-1] == "" {
		n--
	}
	return strings.Join(s[:n], "|")
}

type seqCase struct {
	name       string
	cols, rows int
	in         string
	want       string // rows joined with "|", trailing empty rows dropped
	x, y       int
}

func runSeqCases(t *testing.T, cases []seqCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cols, rows := c.cols, c.rows
			if cols == 0 {
				cols, rows = 10, 4
			}
			tm := screenOf(cols, rows, c.in)
			if got := lines(tm); got != c.want {
				t.Errorf("screen = %q, want %q", got, c.want)
			}
			if cur := tm.Cursor(); cur.X != c.x || cur.Y != c.y {
				t.Errorf("cursor = %d,%d, want %d,%d", cur.X, cur.Y, c.x, c.y)
			}
		})
	}
}

func TestBasicText(t *testing.T) {
	runSeqCases(t, []seqCase{
		{name: "plain", in: "hello", want: "hello", x: 5},
		{name: "crlf", in: "ab\r\ncd", want: "ab|cd", x: 2, y: 1},
		{name: "lf keeps column", in: "ab\ncd", want: "ab|  cd", x: 4, y: 1},
		{name: "backspace", in: "abc\b\bX", want: "aXc", x: 2},
		{name: "tab", in: "a\tb", want: "a       b", x: 9},
		{name: "autowrap", in: "0123456789abc", want: "0123456789|abc", x: 3, y: 1},
		{name: "pending wrap then CR", in: "0123456789\rX", want: "X123456789", x: 1},
		{name: "scroll", in: "1\r\n2\r\n3\r\n4\r\n5", want: "2|3|4|5", x: 1, y: 3},
		{name: "cup", in: "\x1b[2;3HX", want: "|  X", x: 3, y: 1},
		{name: "cup clamps", in: "\x1b[99;99HX", want: "|||         X", x: 9, y: 3},
		{name: "hvp", in: "\x1b[3;1fX", want: "||X", x: 1, y: 2},
		{name: "cuu cud cuf cub", in: "\x1b[3;5H\x1b[2A\x1b[1B\x1b[3C\x1b[1DX", want: "|      X", x: 7, y: 1},
		{name: "cnl cpl", in: "ab\x1b[2Ec\x1b[1Fd", want: "ab|d|c", x: 1, y: 1},
		{name: "cha vpa", in: "\x1b[4G\x1b[3dX", want: "||   X", x: 4, y: 2},
		{name: "hpr vpr", in: "\x1b[2a\x1b[2eX", want: "||  X", x: 3, y: 2},
		{name: "ed below", in: "aaaa\r\nbbbb\r\ncccc\x1b[2;2H\x1b[J", want: "aaaa|b", x: 1, y: 1},
		{name: "ed above", in: "aaaa\r\nbbbb\r\ncccc\x1b[2;2H\x1b[1J", want: "|  bb|cccc", x: 1, y: 1},
		{name: "ed all", in: "aaaa\r\nbbbb\x1b[2J", want: "", x: 4, y: 1},
		{name: "el", in: "abcdef\x1b[3G\x1b[K", want: "ab", x: 2},
		{name: "el left", in: "abcdef\x1b[3G\x1b[1K", want: "   def", x: 2},
		{name: "el all", in: "abcdef\x1b[2K", want: "", x: 6},
		{name: "decsel", in: "abcdef\x1b[3G\x1b[?K", want: "ab", x: 2},
		{name: "ech", in: "abcdef\x1b[2G\x1b[2X", want: "a  def", x: 1},
		{name: "ich", in: "abcdef\x1b[2G\x1b[2@", want: "a  bcdef", x: 1},
		{name: "dch", in: "abcdef\x1b[2G\x1b[2P", want: "adef", x: 1},
		{name: "il", in: "1\r\n2\r\n3\x1b[2;1H\x1b[L", want: "1||2|3", x: 0, y: 1},
		{name: "dl", in: "1\r\n2\r\n3\x1b[1;1H\x1b[M", want: "2|3", x: 0, y: 0},
		{name: "su sd", in: "1\r\n2\r\n3\x1b[S", want: "2|3", x: 1, y: 2},
		{name: "sd", in: "1\r\n2\r\n3\x1b[T", want: "|1|2|3", x: 1, y: 2},
		{name: "ind ri nel", in: "a\x1bDb\x1bEc\x1bMd", want: "a| d|c", x: 2, y: 1},
		{name: "ri at top scrolls", in: "a\x1bMb", want: " b|a", x: 2},
		{name: "decstbm region scroll", in: "1\r\n2\r\n3\r\n4\x1b[2;3r\x1b[3;1H\n", want: "1|3||4", x: 0, y: 2},
		{name: "hts tbc", in: "\x1b[3G\x1bH\r\tX\x1b[3g\r\tY", want: "  X      Y", x: 9},
		{name: "cht cbt", in: "\x1b[2IX\x1b[ZY", want: "        YX", x: 9},
		{name: "rep", in: "ab\x1b[3b", want: "abbbb", x: 5},
		{name: "decsc decrc", in: "ab\x1b7\x1b[3;3Hc\x1b8d", want: "abd||  c", x: 3},
		{name: "csi s u", in: "ab\x1b[s\x1b[3;3Hc\x1b[ud", want: "abd||  c", x: 3},
		{name: "ris", in: "abc\x1b[31m\x1bcX", want: "X", x: 1},
		{name: "decaln", cols: 3, rows: 2, in: "\x1b#8", want: "EEE|EEE"},
		{name: "irm", in: "abc\x1b[1G\x1b[4hX\x1b[4lY", want: "XYbc", x: 2},
		{name: "decawm off", in: "\x1b[?7l0123456789abc", want: "012345678c", x: 9},
		{name: "decom", in: "\x1b[2;3r\x1b[?6h\x1b[1;1HX\x1b[9;1HY", want: "|X|Y", x: 1, y: 2},
		{name: "lnm", in: "\x1b[20hab\ncd", want: "ab|cd", x: 2, y: 1},
		{name: "dec graphics", in: "\x1b(0qx\x1b(Bq", want: "─│q", x: 3},
		{name: "so si", in: "\x1b)0a\x0eq\x0fq", want: "a─q", x: 3},
		{name: "unknown ignored", in: "a\x1b[99;99~\x1b[>5mb\x1bP+q\x1b\\c", want: "abc", x: 3},
	})
}

func TestWideAndCombining(t *testing.T) {
	runSeqCases(t, []seqCase{
		{name: "cjk", in: "日本", want: "日本", x: 4},
		{name: "wide wraps at last column", cols: 5, rows: 2, in: "abcd日", want: "abcd|日", x: 2, y: 1},
		{name: "combining", in: "e\u0301x", want: "e\u0301x", x: 2},
		{name: "emoji zwj", in: "👩\u200d💻!", want: "👩💻!", x: 5}, // host form: host_form_test.go
		{name: "flag", in: "🇩🇪x", want: "🇩🇪x", x: 3},
		{name: "vs16", in: "❤\ufe0fx", want: "❤\ufe0fx", x: 2},
		{name: "c1 dropped", in: "A\u009b31mB", want: "A31mB", x: 5},
		{name: "soft hyphen", in: "a\u00adb", want: "a\ufffdb", x: 3},
		{name: "unassigned", in: "a\u0378b\U0002FFFDc", want: "a\ufffdb\ufffdc", x: 5},
		{name: "overwrite wide half", in: "日本\x1b[2GX", want: " X本", x: 2},
		{name: "invalid utf8", in: "a\xffb\xe4c", want: "a\ufffdb\ufffdc", x: 5},
		{name: "combining after sgr", in: "e\x1b[1m\u0301", want: "e\u0301", x: 1},
	})
}

func TestChunkedEqualsWhole(t *testing.T) {
	in := "ab\x1b[31mcd\x1b[0m日本語 e\u0301 👩\u200d💻 🇩🇪 ❤\ufe0f\r\n\x1b]0;title\x07\x1b[2;5H\x1b[1;32mX\xe4\xb8\xadY\x1b[?1049h\x1b[2Jalt\x1b[?1049l" +
		strings.Repeat("line of text that wraps around the screen\r\n", 20)
	whole := screenOf(13, 5, in)
	for split := 0; split <= len(in); split++ {
		tm := New(13, 5)
		tm.Write([]byte(in[:split]))
		tm.Write([]byte(in[split:]))
		if a, b := lines(tm), lines(whole); a != b {
			t.Fatalf("split at %d (%q|%q): got %q, want %q", split, in[max(split-5, 0):split], in[split:min(split+5, len(in))], a, b)
		}
		if tm.Cursor() != whole.Cursor() {
			t.Fatalf("split at %d: cursor %+v, want %+v", split, tm.Cursor(), whole.Cursor())
		}
	}
	// Byte-at-a-time.
	tm := New(13, 5)
	for i := range len(in) {
		tm.Write([]byte{in[i]})
	}
	if a, b := lines(tm), lines(whole); a != b {
		t.Fatalf("byte-wise: got %q, want %q", a, b)
	}
}

// TestRandomChunking feeds each benchmark workload (and a mix of hostile sequences) in random
// chunk sizes and compares screen, cursor and scrollback with a single write.
func TestRandomChunking(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 9))
	inputs := map[string][]byte{}
	for _, name := range workload.Names {
		inputs[name] = workload.Generate(name, 150<<10, 120, 40)
	}
	inputs["mixed"] = []byte(strings.Repeat("a\u0301\x1b[38:2::1:2:3mb\xe4\xb8\xad\x1b]8;;u\x1b\\\U0001F469\u200d\U0001F4bb"+
		"\x1b[?2004h\x1b(0q\x1b(B\x1b[5;3H\x1b[2P\U0001F1E9\U0001F1EA\x1b[4h\u0601x\x1b[4l\r\n", 300))
	for name, in := range inputs {
		whole := New(120, 40)
		whole.Write(in)
		for trial := range 3 {
			tm := New(120, 40)
			for p := in; len(p) > 0; {
				k := min(len(p), 1+r.IntN(64<<trial))
				tm.Write(p[:k])
				p = p[k:]
			}
			if a, b := tm.ScreenText(), whole.ScreenText(); !slices.Equal(a, b) {
				t.Fatalf("%s trial %d: screens differ", name, trial)
			}
			if tm.Cursor() != whole.Cursor() || tm.ScrollbackLen() != whole.ScrollbackLen() {
				t.Fatalf("%s trial %d: cursor %+v/%+v history %d/%d", name, trial, tm.Cursor(), whole.Cursor(),
					tm.ScrollbackLen(), whole.ScrollbackLen())
			}
			for i := 0; i < tm.ScrollbackLen(); i += 97 {
				if a, b := string(tm.AppendScrollbackANSI(nil, i)), string(whole.AppendScrollbackANSI(nil, i)); a != b {
					t.Fatalf("%s trial %d: history row %d: %q vs %q", name, trial, i, a, b)
				}
			}
			for y := range 40 {
				if a, b := string(tm.AppendRowANSI(nil, y)), string(whole.AppendRowANSI(nil, y)); a != b {
					t.Fatalf("%s trial %d: row %d: %q vs %q", name, trial, y, a, b)
				}
			}
		}
	}
}
