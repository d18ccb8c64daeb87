package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/session/term"
	"github.com/podmux/podmux/ui/layout"
)

// paneAt returns the pane of the active tab under screen cell (x, y) and its rect.
func (m *Model) paneAt(x, y int) (*pane, layout.Rect, bool) {
	t := m.ws.cur()
	if t == nil {
		return nil, layout.Rect{}, false
	}
	for id, r := range t.tree.Rects(m.workArea()) {
		if x >= r.X && x < r.X+r.W && y >= r.Y && y < r.Y+r.H {
			return m.ws.panes[id], r, m.ws.panes[id] != nil
		}
	}
	return nil, layout.Rect{}, false
}

// handleClick focuses the clicked pane or tab; inside a pane whose remote asked for mouse
// reporting, the click is passed on too.
func (m *Model) handleClick(ev tea.Mouse) tea.Cmd {
	if m.overlay != nil || m.mode != modeWorkspace || len(m.ws.tabs) == 0 {
		return nil
	}
	if ev.Y == 0 {
		_, spans, _ := m.tabLabels()
		for _, s := range spans {
			if ev.X >= s.x0 && ev.X < s.x1 {
				m.ws.selectTab(s.index)
			}
		}
		return nil
	}
	p, r, ok := m.paneAt(ev.X, ev.Y)
	if !ok {
		return nil
	}
	m.ws.cur().setFocus(p.id)
	m.mouseToPane(p, r, ev, term.MousePress)
	return nil
}

// handleWheel passes the wheel to the pane under the pointer when its remote asked for mouse
// reporting.
func (m *Model) handleWheel(ev tea.Mouse) tea.Cmd {
	if m.overlay != nil || m.mode != modeWorkspace {
		return nil
	}
	if p, r, ok := m.paneAt(ev.X, ev.Y); ok {
		if p.sess.Modes().Mouse == term.MouseOff || p.scroll != nil {
			m.scrollWheel(p, ev.Button == tea.MouseWheelUp)
			return nil
		}
		m.mouseToPane(p, r, ev, term.MousePress)
	}
	return nil
}

func (m *Model) mouseToPane(p *pane, r layout.Rect, ev tea.Mouse, action term.MouseAction) {
	x, y := ev.X-r.X-1, ev.Y-r.Y-1
	cols, rows := inner(r)
	if x < 0 || y < 0 || x >= cols || y >= rows {
		return
	}
	modes := p.sess.Modes()
	if modes.Mouse == term.MouseOff {
		return
	}
	me := term.MouseEvent{X: x, Y: y, Action: action,
		Shift: ev.Mod&tea.ModShift != 0, Alt: ev.Mod&tea.ModAlt != 0, Ctrl: ev.Mod&tea.ModCtrl != 0}
	switch ev.Button {
	case tea.MouseLeft:
		me.Button = term.ButtonLeft
	case tea.MouseMiddle:
		me.Button = term.ButtonMiddle
	case tea.MouseRight:
		me.Button = term.ButtonRight
	case tea.MouseWheelUp:
		me.Button = term.ButtonWheelUp
	case tea.MouseWheelDown:
		me.Button = term.ButtonWheelDown
	case tea.MouseNone:
		me.Button = term.ButtonNone
	default:
		return
	}
	if b := term.EncodeMouse(me, modes); len(b) > 0 {
		m.sendInput(p.sess, b)
	}
}

// handleMouseOther passes releases and motion to the focused pane when the pointer is over it
// and its remote asked for them.
func (m *Model) handleMouseOther(ev tea.Mouse, action term.MouseAction) tea.Cmd {
	if m.overlay != nil || m.mode != modeWorkspace {
		return nil
	}
	if p, r, ok := m.paneAt(ev.X, ev.Y); ok && p == m.ws.focused() {
		m.mouseToPane(p, r, ev, action)
	}
	return nil
}
