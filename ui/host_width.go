package ui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/podmux/podmux/session/term"
)

// noteHostMode follows the user's terminal's answer about mode 2027 (Unicode core): when it
// supports the mode, Bubble Tea's renderer switches to grapheme widths (tea.go, ModeReportMsg),
// and the engine keeps clusters whole so pane rows measure the same for both
// (term.SetGraphemeHost). Without the mode (tmux, xterm) clusters that wcwidth terminals draw
// wider are placed in pieces, as those terminals draw them.
func noteHostMode(msg tea.ModeReportMsg) {
	if msg.Mode != ansi.ModeUnicodeCore {
		return
	}
	switch msg.Value {
	case ansi.ModeReset, ansi.ModeSet, ansi.ModePermanentlySet:
		term.SetGraphemeHost(true)
	}
}
