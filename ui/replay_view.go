package ui

import "strings"

// replayPlaying reports whether a pane of the shown tab plays a recording that is not paused:
// its position in the border moves without output, so the clock must tick.
func (m *Model) replayPlaying() bool {
	t := m.ws.cur()
	if t == nil || m.mode != modeWorkspace {
		return false
	}
	for _, p := range m.ws.tabPanes(t) {
		if p != nil && p.sess.Target().Timed && strings.HasPrefix(p.sess.Progress(), "playing") {
			return true
		}
	}
	return false
}
