package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/podmux/podmux/session/term"
)

// TestHostGraphemeMode: a terminal that answers the mode 2027 query (so Bubble Tea's renderer
// measures clusters by the grapheme rules) makes the engine keep a letter and its spacing mark
// in one cell; a terminal that does not know the mode (tmux: ModeNotRecognized) leaves them in
// two, as it draws them.
func TestHostGraphemeMode(t *testing.T) {
	t.Cleanup(func() { term.SetGraphemeHost(false) })
	hs := newHarness(t, 100, 30)
	width := func() int {
		tm := term.New(10, 1)
		tm.Write([]byte("a\u093e"))
		return tm.Cursor().X
	}
	hs.m.Update(tea.ModeReportMsg{Mode: ansi.ModeUnicodeCore, Value: ansi.ModeNotRecognized})
	if w := width(); w != 2 {
		t.Fatalf("without mode 2027 a letter and its spacing mark take %d columns, want 2", w)
	}
	hs.m.Update(tea.ModeReportMsg{Mode: ansi.ModeUnicodeCore, Value: ansi.ModeReset})
	if w := width(); w != 1 {
		t.Fatalf("with mode 2027 a letter and its spacing mark take %d columns, want 1", w)
	}
}
