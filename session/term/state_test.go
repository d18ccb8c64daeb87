package term

import (
	"fmt"
	"strings"
	"testing"
)

func TestScrollbackBounds(t *testing.T) {
	tm := New(20, 5, WithScrollback(100, 0))
	for i := range 1000 {
		fmt.Fprintf(tm, "line %d\r\n", i)
	}
	if n := tm.ScrollbackLen(); n != 100 {
		t.Fatalf("scrollback %d rows, want 100", n)
	}
	if s := tm.ScrollbackText(0); s != "line 896" {
		t.Errorf("oldest row %q, want line 896", s)
	}
	if s := tm.ScrollbackText(99); s != "line 995" {
		t.Errorf("newest row %q, want line 995", s)
	}
	tb := New(20, 5, WithScrollback(100000, 2000))
	for i := range 1000 {
		fmt.Fprintf(tb, "line %d\r\n", i)
	}
	if tb.hist.bytes > 2000 || tb.ScrollbackLen() < 50 {
		t.Errorf("byte cap: %d rows, %d bytes", tb.ScrollbackLen(), tb.hist.bytes)
	}
	tn := New(20, 5, WithScrollback(-1, 0))
	fmt.Fprint(tn, strings.Repeat("x\r\n", 50))
	if tn.ScrollbackLen() != 0 {
		t.Errorf("disabled history holds %d rows", tn.ScrollbackLen())
	}
	// ED 3 clears history.
	tm.Write([]byte("\x1b[3J"))
	if tm.ScrollbackLen() != 0 {
		t.Errorf("ED 3 left %d rows", tm.ScrollbackLen())
	}
}

func TestScrollbackStylesAndWide(t *testing.T) {
	tm := New(10, 2)
	tm.Write([]byte("a\x1b[31mb日\x1b[44m \x1b[0me\u0301\r\n\r\n"))
	cells, wrapped := tm.ScrollbackRow(0, nil)
	if wrapped || len(cells) != 6 {
		t.Fatalf("cells %d wrapped %v", len(cells), wrapped)
	}
	if tm.Style(cells[1].Style).Fg != IndexedColor(1) || cells[2].Width() != 2 || !cells[3].IsContinuation() {
		t.Errorf("decoded cells wrong: %+v", cells)
	}
	if tm.Style(cells[4].Style).Bg != IndexedColor(4) || tm.Grapheme(cells[5]) != "e\u0301" {
		t.Errorf("background run lost")
	}
	if got := tm.ScrollbackText(0); got != "ab日 e\u0301" {
		t.Errorf("text %q", got)
	}
	if got := string(tm.AppendScrollbackANSI(nil, 0)); !strings.Contains(got, "\x1b[0;31mb日") {
		t.Errorf("ansi %q", got)
	}
}

func TestAltScreenHasNoScrollback(t *testing.T) {
	tm := New(10, 3)
	tm.Write([]byte("main\x1b[?1049h"))
	tm.Write([]byte(strings.Repeat("alt\r\n", 20)))
	if !tm.AltScreen() || tm.ScrollbackLen() != 0 {
		t.Fatalf("alt %v scrollback %d", tm.AltScreen(), tm.ScrollbackLen())
	}
	tm.Write([]byte("\x1b[?1049l"))
	if tm.AltScreen() || lines(tm) != "main" || tm.Cursor().X != 4 {
		t.Errorf("after leaving alt: %q cursor %+v", lines(tm), tm.Cursor())
	}
	// 47 keeps the alt content; 1047 clears on entry.
	tm.Write([]byte("\x1b[?47hX\x1b[?47l\x1b[?47h"))
	if !strings.Contains(lines(tm), "X") {
		t.Errorf("47 lost alt content: %q", lines(tm))
	}
	tm.Write([]byte("\x1b[?47l\x1b[?1047h"))
	if strings.Contains(lines(tm), "X") {
		t.Errorf("1047 did not clear: %q", lines(tm))
	}
}

func TestEDAllSavesHistory(t *testing.T) {
	tm := New(10, 3)
	tm.Write([]byte("one\r\ntwo\x1b[H\x1b[2J"))
	if tm.ScrollbackLen() != 2 || tm.ScrollbackText(1) != "two" || lines(tm) != "" {
		t.Errorf("scrollback %d, screen %q", tm.ScrollbackLen(), lines(tm))
	}
}

func TestResize(t *testing.T) {
	t.Run("reflow narrower and back", func(t *testing.T) {
		tm := New(10, 4)
		tm.Write([]byte("0123456789abcdef\r\nxy"))
		tm.Resize(5, 4)
		if got := lines(tm); got != "01234|56789|abcde|f" {
			// The cursor row "xy" must stay visible: rows go to scrollback.
			if got != "56789|abcde|f|xy" {
				t.Fatalf("narrow: %q", got)
			}
		}
		if c := tm.Cursor(); c.Y != 3 || c.X != 2 || tm.ScrollbackText(tm.ScrollbackLen()-1) != "01234" {
			t.Errorf("narrow cursor %+v, history %d", c, tm.ScrollbackLen())
		}
		tm.Resize(10, 4)
		if got := lines(tm); got != "0123456789|abcdef|xy" {
			t.Errorf("wide again: %q", got)
		}
		if c := tm.Cursor(); c.X != 2 || c.Y != 2 {
			t.Errorf("cursor %+v", c)
		}
		if tm.ScrollbackLen() != 0 {
			t.Errorf("history %d", tm.ScrollbackLen())
		}
	})
	t.Run("wide chars do not split", func(t *testing.T) {
		tm := New(6, 3)
		tm.Write([]byte("ab日本語"))
		tm.Resize(3, 3)
		if got := lines(tm); got != "日|本|語" || tm.ScrollbackText(0) != "ab" {
			t.Errorf("got %q, history %q", got, tm.ScrollbackText(0))
		}
	})
	t.Run("shrink rows keeps cursor visible", func(t *testing.T) {
		tm := New(10, 5)
		tm.Write([]byte("1\r\n2\r\n3\r\n4\r\n5"))
		tm.Resize(10, 2)
		if got := lines(tm); got != "4|5" || tm.ScrollbackLen() != 3 || tm.Cursor().Y != 1 {
			t.Errorf("got %q, history %d, cursor %+v", got, tm.ScrollbackLen(), tm.Cursor())
		}
		tm.Resize(10, 5)
		if got := lines(tm); got != "1|2|3|4|5" || tm.Cursor().Y != 4 {
			t.Errorf("grow: %q cursor %+v", got, tm.Cursor())
		}
	})
	t.Run("alt screen cut not reflowed", func(t *testing.T) {
		tm := New(10, 3)
		tm.Write([]byte("main text!\x1b[?1049h\x1b[H0123456789"))
		tm.Resize(4, 2)
		if got := lines(tm); got != "0123" {
			t.Errorf("alt: %q", got)
		}
		tm.Write([]byte("\x1b[?1049l"))
		if got := lines(tm); got != "main| tex|t!" && got != " tex|t!" {
			t.Errorf("main after alt resize: %q", got)
		}
		if cols, rows := tm.Size(); cols != 4 || rows != 2 {
			t.Errorf("size %dx%d", cols, rows)
		}
	})
	t.Run("clamped", func(t *testing.T) {
		tm := New(0, -5)
		if c, r := tm.Size(); c != 1 || r != 1 {
			t.Errorf("New clamp %dx%d", c, r)
		}
		tm.Resize(1<<30, 1<<30)
		if c, r := tm.Size(); c != MaxCols || r != MaxRows {
			t.Errorf("Resize clamp %dx%d", c, r)
		}
	})
}

func TestStyleTableBounded(t *testing.T) {
	tm := New(80, 24, WithScrollback(1000, 0))
	var b strings.Builder
	for i := range 200000 {
		fmt.Fprintf(&b, "\x1b[38;2;%d;%d;%dmx", i&255, (i>>8)&255, (i>>16)&255)
		if i%80 == 79 {
			b.WriteString("\r\n")
		}
	}
	tm.Write([]byte(b.String()))
	if n := len(tm.styles.styles); n > styleHardLimit {
		t.Fatalf("style table %d entries", n)
	}
	if n := len(tm.styles.styles); n > 4*styleSoftLimit {
		t.Errorf("style table grew to %d", n)
	}
	// Screen cells still resolve to their own colours after compactions.
	last := 200000 - 1
	c := tm.Cell(79, 22)
	if got := tm.Style(c.Style).Fg; got != RGBColor(uint8(last&255), uint8(last>>8), uint8(last>>16)) {
		t.Errorf("last cell colour %v", got)
	}
	// Clusters are bounded too.
	tc := New(80, 24)
	for i := range 20000 {
		fmt.Fprintf(tc, "\x1b[38;5;%dm%c%c%c", i%200, 'a'+rune(i%26), 0x300+rune(i/26%112), 0x300+rune(i/26/112))
	}
	// Compactions triggered by cluster interning keep every cell's own style.
	for y := 20; y < 24; y++ {
		for x := range 80 {
			i := 20000 - 80*(24-y) + x // the bottom row holds the last 80 clusters
			c := tc.Cell(x, y)
			if fg, want := tc.Style(c.Style).Fg, IndexedColor(uint8(i%200)); fg != want {
				t.Fatalf("cell %d,%d: fg %v, want %v (%q)", x, y, fg, want, tc.Grapheme(c))
			}
		}
	}
	if n := len(tc.clusters.strs); n > 2*clusterSoftLimit+80*24*2 {
		t.Errorf("cluster table %d", n)
	}
}

func TestDirtyAndSeq(t *testing.T) {
	tm := New(10, 5)
	tm.TakeDirty(nil)
	s0 := tm.Seq()
	tm.Write([]byte("\x1b[3;1Hx"))
	if got := tm.TakeDirty(nil); len(got) != 1 || got[0] != 2 {
		t.Errorf("dirty %v", got)
	}
	if tm.Seq() == s0 {
		t.Error("seq did not advance")
	}
	if got := tm.TakeDirty(nil); len(got) != 0 {
		t.Errorf("dirty not cleared: %v", got)
	}
	tm.Write([]byte("\x1b[5;1H\n"))
	if got := tm.TakeDirty(nil); len(got) != 5 {
		t.Errorf("scroll dirty %v", got)
	}
}

func TestTextRange(t *testing.T) {
	tm := New(5, 2)
	tm.Write([]byte("hello world\r\nend"))
	// "hello", " worl", "d" wrapped, then "end": 2 rows in history.
	n := tm.Lines()
	got := tm.Text(Pos{0, 0}, Pos{n - 1, 5})
	if got != "hello world\nend" {
		t.Errorf("Text %q", got)
	}
	if got := tm.Text(Pos{0, 2}, Pos{1, 3}); got != "llo wo" {
		t.Errorf("partial %q", got)
	}
	if !tm.IsWrapped(0) && tm.ScrollbackLen() == 0 {
		t.Error("no wrap mark")
	}
}

func TestHistoryDroppedCountsEvictions(t *testing.T) {
	tm := New(10, 3, WithScrollback(5, 0))
	for i := 0; i < 20; i++ {
		_, _ = tm.Write([]byte("x\r\n"))
	}
	// 20 line feeds on a 3-row screen push 18 rows into a 5-row history: 13 dropped.
	if tm.ScrollbackLen() != 5 || tm.HistoryDropped() != 13 {
		t.Fatalf("len %d dropped %d, want 5 and 13", tm.ScrollbackLen(), tm.HistoryDropped())
	}
	_, _ = tm.Write([]byte("\x1b[3J")) // clear scrollback
	if tm.ScrollbackLen() != 0 || tm.HistoryDropped() != 18 {
		t.Fatalf("after ED 3: len %d dropped %d, want 0 and 18", tm.ScrollbackLen(), tm.HistoryDropped())
	}
}
