package term

import (
	"strings"
	"testing"
)

func TestReplies(t *testing.T) {
	cases := []struct{ in, want string }{
		{"\x1b[5n", "\x1b[0n"},
		{"\x1b[3;7H\x1b[6n", "\x1b[3;7R"},
		{"\x1b[3;7H\x1b[?6n", "\x1b[?3;7;1R"},
		{"\x1b[2;5r\x1b[?6h\x1b[2;2H\x1b[6n", "\x1b[2;2R"},
		{"\x1b[c", "\x1b[?62;22c"},
		{"\x1b[0c", "\x1b[?62;22c"},
		{"\x1b[>c", "\x1b[>1;10;0c"},
		{"\x1b[?2004h\x1b[?2004$p", "\x1b[?2004;1$y"},
		{"\x1b[?2004$p", "\x1b[?2004;2$y"},
		{"\x1b[?7$p", "\x1b[?7;1$y"},
		{"\x1b[?9999$p", "\x1b[?9999;0$y"},
		{"\x1b[?2027$p", "\x1b[?2027;3$y"},
		{"\x1b[4h\x1b[4$p", "\x1b[4;1$y"},
		{"\x1b[18t", "\x1b[8;24;80t"},
		{"\x1b[14t", "\x1b[4;384;640t"},
		{"\x1b[16t", "\x1b[6;16;8t"},
		{"\x1b]10;?\x07", "\x1b]10;rgb:ffff/ffff/ffff\x1b\\"},
		{"\x1b]11;?\x1b\\", "\x1b]11;rgb:0000/0000/0000\x1b\\"},
		{"\x1b]12;?\x07", "\x1b]12;rgb:ffff/ffff/ffff\x1b\\"},
		{"\x1b[22t\x1b[99n\x1b]4;1;?\x07", ""},
	}
	for _, c := range cases {
		var got strings.Builder
		tm := New(80, 24, WithReplies(func(b []byte) { got.Write(b) }))
		tm.Write([]byte(c.in))
		if got.String() != c.want {
			t.Errorf("%q: reply %q, want %q", c.in, got.String(), c.want)
		}
	}
}

func TestOSC(t *testing.T) {
	var titles []string
	var clip string
	tm := New(20, 3, WithTitle(func(s string) { titles = append(titles, s) }),
		WithOSC52(func(sel string, data []byte) { clip = sel + "=" + string(data) }))
	tm.Write([]byte("\x1b]0;one\x07\x1b]2;two\x1b\\\x1b]7;file://host/tmp\x07\x1b]52;c;aGVsbG8=\x07"))
	if tm.Title() != "two" || strings.Join(titles, ",") != "one,two" {
		t.Errorf("title %q, notifications %q", tm.Title(), titles)
	}
	if tm.WorkingDir() != "file://host/tmp" {
		t.Errorf("cwd %q", tm.WorkingDir())
	}
	if clip != "c=hello" {
		t.Errorf("osc52 %q", clip)
	}
	tm.Write([]byte("\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\ no"))
	if l := tm.Style(tm.Cell(0, 0).Style).Link; l != "https://example.com" {
		t.Errorf("link %q", l)
	}
	if l := tm.Style(tm.Cell(5, 0).Style).Link; l != "" {
		t.Errorf("link after end %q", l)
	}
	row := string(tm.AppendRowANSI(nil, 0))
	if !strings.Contains(row, "\x1b]8;;https://example.com\x1b\\link") {
		t.Errorf("ANSI row lacks hyperlink: %q", row)
	}
}

func TestModes(t *testing.T) {
	tm := New(20, 5)
	tm.Write([]byte("\x1b[?1h\x1b=\x1b[?2004h\x1b[?1004h\x1b[?1002h\x1b[?1006h\x1b[20h\x1b[?2026h\x1b[?25l\x1b[5 q"))
	want := Modes{AppCursor: true, AppKeypad: true, BracketedPaste: true, FocusEvents: true,
		Mouse: MouseButton, MouseSGR: true, LineFeedNewLine: true}
	if tm.Modes() != want {
		t.Errorf("modes %+v, want %+v", tm.Modes(), want)
	}
	if !tm.Synchronized() {
		t.Error("2026 not tracked")
	}
	if c := tm.Cursor(); c.Visible || c.Shape != CursorBar || !c.Blinking {
		t.Errorf("cursor %+v", c)
	}
	tm.Write([]byte("\x1b[?1l\x1b>\x1b[?2004l\x1b[?1004l\x1b[?1002l\x1b[?1006l\x1b[20l\x1b[?2026l\x1b[?25h\x1b[2 q"))
	if tm.Modes() != (Modes{}) || tm.Synchronized() {
		t.Errorf("modes not reset: %+v", tm.Modes())
	}
	if c := tm.Cursor(); !c.Visible || c.Shape != CursorBlock || c.Blinking {
		t.Errorf("cursor %+v", c)
	}
	tm.Write([]byte("\x1b[?1000h\x1b[?1003h"))
	if tm.Modes().Mouse != MouseAny {
		t.Errorf("mouse %v", tm.Modes().Mouse)
	}
	tm.Write([]byte("\x1b[?1h\x1b[!p"))
	if tm.Modes().AppCursor {
		t.Error("DECSTR kept DECCKM")
	}
}

func TestSGR(t *testing.T) {
	cases := []struct {
		in   string
		want Style
	}{
		{"\x1b[1;2;3;5;7;8;9m", Style{Attrs: AttrBold | AttrDim | AttrItalic | AttrBlink | AttrReverse | AttrInvisible | AttrStrike}},
		{"\x1b[1;22;3;23;7;27;9;29m", Style{}},
		{"\x1b[4m", Style{Underline: UnderlineSingle}},
		{"\x1b[4:3m", Style{Underline: UnderlineCurly}},
		{"\x1b[4:3;24m", Style{}},
		{"\x1b[21m", Style{Underline: UnderlineDouble}},
		{"\x1b[31;42m", Style{Fg: IndexedColor(1), Bg: IndexedColor(2)}},
		{"\x1b[91;102m", Style{Fg: IndexedColor(9), Bg: IndexedColor(10)}},
		{"\x1b[38;5;200;48;5;17m", Style{Fg: IndexedColor(200), Bg: IndexedColor(17)}},
		{"\x1b[38:5:200m", Style{Fg: IndexedColor(200)}},
		{"\x1b[38;2;1;2;3m", Style{Fg: RGBColor(1, 2, 3)}},
		{"\x1b[38:2::1:2:3m", Style{Fg: RGBColor(1, 2, 3)}},
		{"\x1b[38:2:1:2:3m", Style{Fg: RGBColor(1, 2, 3)}},
		{"\x1b[48:2:0:10:20:30m", Style{Bg: RGBColor(10, 20, 30)}},
		{"\x1b[58:5:9m", Style{UnderlineColor: IndexedColor(9)}},
		{"\x1b[58;2;9;8;7;59m", Style{}},
		{"\x1b[31m\x1b[39m", Style{}},
		{"\x1b[38;2;999;2;3m", Style{Fg: RGBColor(255, 2, 3)}},
		{"\x1b[31;1m\x1b[0;4m", Style{Underline: UnderlineSingle}},
		{"\x1b[31;38;5m", Style{Fg: IndexedColor(1)}},
	}
	for _, c := range cases {
		tm := screenOf(10, 2, c.in+"x")
		if got := tm.Style(tm.Cell(0, 0).Style); got != c.want {
			t.Errorf("%q: %+v, want %+v", c.in, got, c.want)
		}
	}
	// ANSI output round-trips through the engine.
	src := screenOf(30, 2, "a\x1b[1;31mb\x1b[38:2::1:2:3;48;5;200;4:3;58:5:9mc\x1b[0;7md\x1b[m e")
	row := src.AppendRowANSI(nil, 0)
	back := screenOf(30, 2, string(row))
	for x := range 6 {
		if a, b := src.Style(src.Cell(x, 0).Style), back.Style(back.Cell(x, 0).Style); a != b {
			t.Errorf("cell %d: round trip %+v != %+v (row %q)", x, b, a, row)
		}
	}
	if n := len([]rune(strings.TrimSuffix(string(stripANSI(row)), ""))); n != 30 {
		t.Errorf("ANSI row is %d cells, want 30: %q", n, row)
	}
}

// stripANSI removes CSI and OSC sequences (test helper for widths).
func stripANSI(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == 0x1b && i+1 < len(b) && b[i+1] == '[' {
			i += 2
			for i < len(b) && (b[i] < 0x40 || b[i] > 0x7e) {
				i++
			}
			continue
		}
		if b[i] == 0x1b && i+1 < len(b) && b[i+1] == ']' {
			for i < len(b) && !(b[i] == '\\' && b[i-1] == 0x1b) {
				i++
			}
			continue
		}
		out = append(out, b[i])
	}
	return out
}
