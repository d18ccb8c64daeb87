package ui

import tea "charm.land/bubbletea/v2"

// MaxFPS caps how often Bubble Tea's renderer draws. Output-driven frames are already paced to
// about 60 fps by waitFrame; the higher cap only lets a frame that follows soon after another,
// such as a keystroke's echo drawn a quarter frame after the last output frame, go out without
// waiting for the renderer's next slot. The patched renderer (third_party/bubbletea) sleeps while
// nothing changes, so the cap costs nothing when idle.
const MaxFPS = 120

// ProgramOptions are the tea.Program options podmux's TUI runs with; callers may append their own.
func ProgramOptions() []tea.ProgramOption {
	return []tea.ProgramOption{tea.WithFPS(MaxFPS)}
}
