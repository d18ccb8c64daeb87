package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/session/term"
	"github.com/podmux/podmux/ui/layout"
)

// handleKey routes a key: to an open overlay, then to the browser or to the workspace (the
// prefix and its commands, else the focused session).
func (m *Model) handleKey(k tea.KeyPressMsg) tea.Cmd {
	if m.overlay != nil {
		o := m.overlay
		done, cmd := o.key(m, k)
		if done && m.overlay == o {
			m.overlay = nil
		}
		return cmd
	}
	if m.mode == modeBrowser || len(m.ws.tabs) == 0 {
		return m.browserKey(k)
	}
	return m.workspaceKey(k)
}

func (m *Model) browserKey(k tea.KeyPressMsg) tea.Cmd {
	b, km := m.br, m.km.Browser
	if b.filtering {
		switch {
		case k.String() == "esc":
			b.filter, b.filtering = "", false
			b.normalize()
		case k.String() == "enter":
			b.filtering = false
		case k.String() == "backspace":
			b.backspaceFilter()
		case k.String() == "up" || k.String() == "ctrl+p":
			b.move(-1)
		case k.String() == "down" || k.String() == "ctrl+n":
			b.move(1)
		default:
			if t := k.Key().Text; t != "" && k.Key().Mod&^tea.ModShift == 0 {
				b.typeFilter(t)
			}
		}
		return m.ensureWatchIfNamespaces()
	}
	switch {
	case key.Matches(k, km.Quit):
		return m.askQuit()
	case key.Matches(k, km.Help):
		m.overlay = &helpOverlay{km: m.km}
	case key.Matches(k, km.Back):
		switch {
		case b.filter != "":
			b.filter = ""
			b.normalize()
		case len(m.ws.tabs) > 0:
			m.enterWorkspace()
		}
	case key.Matches(k, km.Filter):
		b.filtering = true
	case key.Matches(k, km.Switch):
		b.focus = 1 - b.focus
		b.filter = ""
	case key.Matches(k, km.Up):
		b.move(-1)
	case key.Matches(k, km.Down):
		b.move(1)
	case key.Matches(k, km.PageUp):
		b.move(-max(m.h-6, 1))
	case key.Matches(k, km.PageDown):
		b.move(max(m.h-6, 1))
	case key.Matches(k, km.Top):
		b.move(-1 << 30)
	case key.Matches(k, km.Bottom):
		b.move(1 << 30)
	case key.Matches(k, km.MarkAll) && b.focus == listPods:
		m.setInfo(itoa(b.markAllShown()) + " pods marked · ! runs a command on them · ctrl+s opens shells")
	case key.Matches(k, km.Run):
		return m.askRun("")
	case key.Matches(k, km.Mark):
		if b.focus == listPods {
			b.toggleMark()
		} else {
			m.setInfo(keyLabel(km.Mark) + " marks pods: " + keyLabel(km.Switch) + " goes to the pods list")
		}
	case key.Matches(k, km.ShellMarked):
		return m.openMarked()
	case key.Matches(k, km.Logs):
		if b.focus != listPods {
			m.setInfo(keyLabel(km.Logs) + " opens a pod's log: " + keyLabel(km.Switch) + " goes to the pods list")
			return nil
		}
		return m.openLogs(b.selectedPod())
	case key.Matches(k, km.Open), key.Matches(k, km.Shell):
		if b.focus == listNamespaces {
			b.focus = listPods
			b.filter = ""
			return m.ensureWatch()
		}
		return m.openPod(b.selectedPod())
	case key.Matches(k, km.Command):
		m.overlay = newCommandLine()
	case key.Matches(k, km.AllNamespaces):
		return m.showAllNamespaces()
	}
	return m.ensureWatchIfNamespaces()
}

// ensureWatchIfNamespaces follows the namespace selection with the pods watch.
func (m *Model) ensureWatchIfNamespaces() tea.Cmd {
	if m.br.focus == listNamespaces {
		return m.ensureWatch()
	}
	return nil
}

func (m *Model) workspaceKey(k tea.KeyPressMsg) tea.Cmd {
	if !m.prefix {
		if key.Matches(k, m.km.Global.Prefix) {
			m.prefix = true
			return nil
		}
		if t := m.ws.cur(); t != nil && t.results != nil {
			return m.resultsKey(t, k)
		}
		if p := m.ws.focused(); p != nil && p.scroll != nil {
			return m.scrollKey(p, k)
		}
		if key.Matches(k, m.km.Global.ScrollUp) {
			if p := m.ws.focused(); p != nil && !altScreen(p) {
				m.enterScroll()
				return m.scrollKey(p, tea.KeyPressMsg{Code: tea.KeyPgUp})
			}
		}
		if p := m.ws.focused(); p != nil && p.sess.IsLog() {
			return m.logKey(p, k)
		}
		m.sendToFocused(func(p *pane) []byte { return term.EncodeKey(k, p.sess.Modes()) })
		return nil
	}
	m.prefix = false
	km := m.km.Prefix
	t := m.ws.cur()
	switch {
	case key.Matches(k, m.km.Global.Prefix):
		// pressed twice: send the prefix key itself through
		m.sendToFocused(func(p *pane) []byte { return term.EncodeKey(k, p.sess.Modes()) })
	case key.Matches(k, km.SplitRight):
		m.enterBrowser(pickSplitRight, true)
	case key.Matches(k, km.SplitBelow):
		m.enterBrowser(pickSplitBelow, true)
	case key.Matches(k, km.FocusLeft):
		m.moveFocus(layout.Left)
	case key.Matches(k, km.FocusRight):
		m.moveFocus(layout.Right)
	case key.Matches(k, km.FocusUp):
		m.moveFocus(layout.Up)
	case key.Matches(k, km.FocusDown):
		m.moveFocus(layout.Down)
	case key.Matches(k, km.ResizeLeft):
		m.resizeFocused(layout.Left, 2)
	case key.Matches(k, km.ResizeRight):
		m.resizeFocused(layout.Right, 2)
	case key.Matches(k, km.ResizeUp):
		m.resizeFocused(layout.Up, 1)
	case key.Matches(k, km.ResizeDown):
		m.resizeFocused(layout.Down, 1)
	case key.Matches(k, km.Zoom):
		m.toggleZoom()
	case key.Matches(k, km.Close):
		m.askClosePane()
	case key.Matches(k, km.NewTab):
		m.enterBrowser(pickNewTab, true)
	case key.Matches(k, km.NextTab), key.Matches(k, km.PrevTab):
		if len(m.ws.tabs) < 2 {
			m.setInfo("only one tab")
		} else if key.Matches(k, km.NextTab) {
			m.ws.selectTab((m.ws.active + 1) % len(m.ws.tabs))
		} else {
			m.ws.selectTab((m.ws.active + len(m.ws.tabs) - 1) % len(m.ws.tabs))
		}
	case key.Matches(k, km.ChooseTab):
		m.overlay = m.tabChooser()
	case key.Matches(k, km.Sync):
		if t != nil {
			t.sync = !t.sync
			if t.sync {
				m.setInfo("synchronized input ON: keys go to all " + itoa(t.tree.Count()) + " panes of this tab")
			} else {
				m.setInfo("synchronized input off")
			}
		}
	case key.Matches(k, km.Restart):
		if p := m.ws.focused(); p != nil && !p.sess.Restart() {
			m.setInfo("the session is still running")
		}
	case key.Matches(k, km.ScrollMode):
		m.enterScroll()
	case key.Matches(k, km.History):
		return listHistory(m.opts.RecordingsDir)
	case key.Matches(k, km.Detach):
		m.enterBrowser(pickNewTab, false)
	case key.Matches(k, km.Help):
		m.overlay = &helpOverlay{km: m.km}
	case key.Matches(k, km.Command):
		m.overlay = newCommandLine()
	default:
		m.prefixTabOrUnbound(k)
	}
	return nil
}

// handlePaste sends pasted text to the focused session (bracketed when the remote asked), or
// into the browser's filter.
func (m *Model) handlePaste(text string) tea.Cmd {
	if m.overlay != nil {
		return nil
	}
	if m.mode == modeBrowser {
		if m.br.filtering {
			m.br.typeFilter(strings.ReplaceAll(text, "\n", ""))
		}
		return nil
	}
	m.sendToFocused(func(p *pane) []byte { return term.EncodePaste(text, p.sess.Modes()) })
	return nil
}

// tabChooser lists the tabs to jump to.
func (m *Model) tabChooser() overlay {
	items := make([]string, len(m.ws.tabs))
	for i, t := range m.ws.tabs {
		items[i] = m.ws.title(t)
		if t.activity {
			items[i] += " •"
		}
	}
	return newChooser("tabs", items, func(m *Model, i int, _ string) tea.Cmd {
		m.ws.selectTab(i)
		return nil
	})
}

// altScreen reports whether the pane's remote shows its alternate screen (vim, less, top).
func altScreen(p *pane) bool {
	alt := false
	p.sess.View(func(t *term.Terminal) { alt = t.AltScreen() })
	return alt
}
