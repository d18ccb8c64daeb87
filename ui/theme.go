package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/ui/styles"
)

// themeQuery asks the terminal for its background colour when Options.AutoTheme is set; the
// answer arrives as a tea.BackgroundColorMsg. A terminal that does not answer keeps the styles
// podmux started with.
func (m *Model) themeQuery() tea.Cmd {
	if !m.opts.AutoTheme {
		return nil
	}
	return tea.RequestBackgroundColor
}

// applyBackground picks the light or dark theme for the terminal's background (AutoTheme only)
// and drops every pane drawing made with the old one.
func (m *Model) applyBackground(msg tea.BackgroundColorMsg) {
	if !m.opts.AutoTheme || msg.Color == nil {
		return
	}
	st := styles.Light()
	if msg.IsDark() {
		st = styles.Dark()
	}
	*m.st = st
	m.tabBarMemo = tabBarMemo{}
	for _, p := range m.ws.panes {
		p.cache = nil
	}
}
