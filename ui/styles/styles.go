// Package styles holds podmux's one semantic Styles struct. Components receive it; nothing keeps
// style globals. It imports no podmux package.
package styles

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Styles names every look the UI uses by meaning, not by colour.
type Styles struct {
	Accent, Muted, Warn, Error, OK color.Color

	Title       lipgloss.Style // list titles
	Header      lipgloss.Style // table header row
	Row         lipgloss.Style
	Selected    lipgloss.Style // the cursor row of a focused list
	SelectedDim lipgloss.Style // the cursor row of an unfocused list
	Marked      lipgloss.Style // marked pods
	Dim         lipgloss.Style

	StatusRunning, StatusPending, StatusFailed, StatusDone lipgloss.Style

	TabActive, TabInactive, TabActivity lipgloss.Style
	TabBar                              lipgloss.Style

	BorderFocused, BorderUnfocused, BorderSync color.Color
	PaneTitle, PaneTitleFocused                lipgloss.Style
	PaneState                                  lipgloss.Style

	StatusBar, StatusKey, StatusErr, StatusInfo, StatusSync lipgloss.Style
	Badge                                                   lipgloss.Style // "LOCAL DEMO"

	Overlay, OverlayTitle lipgloss.Style
}

// Default returns the dark default theme.
func Default() Styles {
	accent := lipgloss.Color("#7D56F4")
	muted := lipgloss.Color("245")
	warn := lipgloss.Color("214")
	errc := lipgloss.Color("203")
	ok := lipgloss.Color("78")
	s := Styles{Accent: accent, Muted: muted, Warn: warn, Error: errc, OK: ok}
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Header = lipgloss.NewStyle().Bold(true).Foreground(muted)
	s.Row = lipgloss.NewStyle()
	s.Selected = lipgloss.NewStyle().Background(accent).Foreground(lipgloss.Color("231")).Bold(true)
	s.SelectedDim = lipgloss.NewStyle().Background(lipgloss.Color("238"))
	s.Marked = lipgloss.NewStyle().Foreground(warn).Bold(true)
	s.Dim = lipgloss.NewStyle().Foreground(muted)
	s.StatusRunning = lipgloss.NewStyle().Foreground(ok)
	s.StatusPending = lipgloss.NewStyle().Foreground(warn)
	s.StatusFailed = lipgloss.NewStyle().Foreground(errc)
	s.StatusDone = lipgloss.NewStyle().Foreground(muted)
	s.TabActive = lipgloss.NewStyle().Background(accent).Foreground(lipgloss.Color("231")).Bold(true).Padding(0, 1)
	s.TabInactive = lipgloss.NewStyle().Foreground(lipgloss.Color("250")).Padding(0, 1)
	s.TabActivity = lipgloss.NewStyle().Foreground(warn).Bold(true)
	s.TabBar = lipgloss.NewStyle().Background(lipgloss.Color("236"))
	s.BorderFocused = accent
	s.BorderUnfocused = lipgloss.Color("240")
	s.BorderSync = errc
	s.PaneTitle = lipgloss.NewStyle().Foreground(lipgloss.Color("250"))
	s.PaneTitleFocused = lipgloss.NewStyle().Foreground(lipgloss.Color("231")).Bold(true)
	s.PaneState = lipgloss.NewStyle().Foreground(muted)
	s.StatusBar = lipgloss.NewStyle().Background(lipgloss.Color("236")).Foreground(lipgloss.Color("252"))
	s.StatusKey = lipgloss.NewStyle().Background(lipgloss.Color("236")).Foreground(accent).Bold(true)
	s.StatusErr = lipgloss.NewStyle().Background(errc).Foreground(lipgloss.Color("231")).Bold(true)
	s.StatusInfo = lipgloss.NewStyle().Background(lipgloss.Color("236")).Foreground(ok)
	s.StatusSync = lipgloss.NewStyle().Background(errc).Foreground(lipgloss.Color("231")).Bold(true).Padding(0, 1)
	s.Badge = lipgloss.NewStyle().Background(warn).Foreground(lipgloss.Color("16")).Bold(true).Padding(0, 1)
	s.Overlay = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1)
	s.OverlayTitle = lipgloss.NewStyle().Bold(true).Foreground(accent)
	return s
}
