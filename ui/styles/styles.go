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

// palette is what differs between the dark and the light theme.
type palette struct {
	accent, muted, warn, err, ok  color.Color
	onAccent                      color.Color // text on accent, error and selection backgrounds
	selectedDim, bar, barText     color.Color // unfocused cursor row; tab and status bar
	tabText, borderDim, paneTitle color.Color
	paneTitleFocused              color.Color
}

// Default returns the dark default theme.
func Default() Styles { return Dark() }

// Dark returns the theme for terminals with a dark background.
func Dark() Styles {
	return build(palette{
		accent: lipgloss.Color("#7D56F4"), muted: lipgloss.Color("245"), warn: lipgloss.Color("214"),
		err: lipgloss.Color("203"), ok: lipgloss.Color("78"), onAccent: lipgloss.Color("231"),
		selectedDim: lipgloss.Color("238"), bar: lipgloss.Color("236"), barText: lipgloss.Color("252"),
		tabText: lipgloss.Color("250"), borderDim: lipgloss.Color("240"), paneTitle: lipgloss.Color("250"),
		paneTitleFocused: lipgloss.Color("231"),
	})
}

// Light returns the theme for terminals with a light background: the same looks with darker
// foregrounds and light bars, so every text keeps its contrast.
func Light() Styles {
	return build(palette{
		accent: lipgloss.Color("#5B3CC4"), muted: lipgloss.Color("242"), warn: lipgloss.Color("130"),
		err: lipgloss.Color("160"), ok: lipgloss.Color("28"), onAccent: lipgloss.Color("231"),
		selectedDim: lipgloss.Color("252"), bar: lipgloss.Color("254"), barText: lipgloss.Color("236"),
		tabText: lipgloss.Color("238"), borderDim: lipgloss.Color("248"), paneTitle: lipgloss.Color("238"),
		paneTitleFocused: lipgloss.Color("16"),
	})
}

func build(p palette) Styles {
	accent, muted, warn, errc, ok := p.accent, p.muted, p.warn, p.err, p.ok
	s := Styles{Accent: accent, Muted: muted, Warn: warn, Error: errc, OK: ok}
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Header = lipgloss.NewStyle().Bold(true).Foreground(muted)
	s.Row = lipgloss.NewStyle()
	s.Selected = lipgloss.NewStyle().Background(accent).Foreground(p.onAccent).Bold(true)
	s.SelectedDim = lipgloss.NewStyle().Background(p.selectedDim)
	s.Marked = lipgloss.NewStyle().Foreground(warn).Bold(true)
	s.Dim = lipgloss.NewStyle().Foreground(muted)
	s.StatusRunning = lipgloss.NewStyle().Foreground(ok)
	s.StatusPending = lipgloss.NewStyle().Foreground(warn)
	s.StatusFailed = lipgloss.NewStyle().Foreground(errc)
	s.StatusDone = lipgloss.NewStyle().Foreground(muted)
	s.TabActive = lipgloss.NewStyle().Background(accent).Foreground(p.onAccent).Bold(true).Padding(0, 1)
	s.TabInactive = lipgloss.NewStyle().Foreground(p.tabText).Padding(0, 1)
	s.TabActivity = lipgloss.NewStyle().Foreground(warn).Bold(true)
	s.TabBar = lipgloss.NewStyle().Background(p.bar)
	s.BorderFocused = accent
	s.BorderUnfocused = p.borderDim
	s.BorderSync = errc
	s.PaneTitle = lipgloss.NewStyle().Foreground(p.paneTitle)
	s.PaneTitleFocused = lipgloss.NewStyle().Foreground(p.paneTitleFocused).Bold(true)
	s.PaneState = lipgloss.NewStyle().Foreground(muted)
	s.StatusBar = lipgloss.NewStyle().Background(p.bar).Foreground(p.barText)
	s.StatusKey = lipgloss.NewStyle().Background(p.bar).Foreground(accent).Bold(true)
	s.StatusErr = lipgloss.NewStyle().Background(errc).Foreground(p.onAccent).Bold(true)
	s.StatusInfo = lipgloss.NewStyle().Background(p.bar).Foreground(ok)
	s.StatusSync = lipgloss.NewStyle().Background(errc).Foreground(p.onAccent).Bold(true).Padding(0, 1)
	s.Badge = lipgloss.NewStyle().Background(lipgloss.Color("214")).Foreground(lipgloss.Color("16")).Bold(true).Padding(0, 1)
	s.Overlay = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1)
	s.OverlayTitle = lipgloss.NewStyle().Bold(true).Foreground(accent)
	return s
}
