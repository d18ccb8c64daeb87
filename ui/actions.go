package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/session"
	"github.com/podmux/podmux/ui/layout"
)

// workArea is the rectangle the active tab's panes tile: everything but the tab bar (top) and
// the status bar (bottom).
func (m *Model) workArea() layout.Rect {
	return layout.Rect{X: 0, Y: 1, W: max(m.w, 1), H: max(m.h-2, 1)}
}

// relayout sizes the sessions of tab t to its panes' rectangles.
func (m *Model) relayout(t *tab) {
	for id, r := range t.tree.Rects(m.workArea()) {
		if p := m.ws.panes[id]; p != nil {
			p.sess.Resize(inner(r))
		}
	}
}

func (m *Model) relayoutAll() {
	for _, t := range m.ws.tabs {
		m.relayout(t)
	}
}

// containerFor returns the container to open on pod p, and whether the user must pick one.
func containerFor(p *cciapi.Pod) (string, bool) {
	names := cciapi.ContainerNames(p)
	if c := cciapi.DefaultContainer(p); c != "" {
		return c, false
	}
	if len(names) == 1 {
		return names[0], false
	}
	return "", len(names) > 1
}

// openPod opens a shell on the selected pod as the pending pick says, asking for a container
// first when the pod has several and no default.
func (m *Model) openPod(p *cciapi.Pod) tea.Cmd {
	if p == nil {
		m.setInfo("no pod selected")
		return nil
	}
	c, ask := containerFor(p)
	if ask {
		ns, pod := p.Metadata.Namespace, p.Metadata.Name
		if ns == "" {
			ns = m.br.watching
		}
		m.overlay = newChooser("container in "+pod, cciapi.ContainerNames(p), func(m *Model, i int, name string) tea.Cmd {
			return m.openTarget(session.Target{Namespace: ns, Pod: pod, Container: name})
		})
		return nil
	}
	ns := p.Metadata.Namespace
	if ns == "" {
		ns = m.br.watching
	}
	return m.openTarget(session.Target{Namespace: ns, Pod: p.Metadata.Name, Container: c})
}

// openTarget starts a session for t and shows it where the pending pick says.
func (m *Model) openTarget(t session.Target) tea.Cmd {
	area := m.workArea()
	id := m.ws.newPaneID()
	switch m.pick {
	case pickSplitRight, pickSplitBelow:
		cur := m.ws.cur()
		if cur == nil {
			break
		}
		dir := layout.Horizontal
		if m.pick == pickSplitBelow {
			dir = layout.Vertical
		}
		tree, err := cur.tree.Unzoom().Split(cur.focus, dir, id, area)
		if err != nil {
			m.setError("cannot split: " + err.Error())
			m.mode = modeWorkspace
			return nil
		}
		cols, rows := inner(tree.Rects(area)[id])
		m.ws.panes[id] = &pane{id: id, sess: m.opts.Sessions.Start(t, cols, rows)}
		cur.tree = tree
		cur.setFocus(id)
		m.relayout(cur)
		m.enterWorkspace()
		return nil
	}
	tree := layout.New(id)
	cols, rows := inner(tree.Rects(area)[id])
	m.ws.panes[id] = &pane{id: id, sess: m.opts.Sessions.Start(t, cols, rows)}
	m.ws.addTab(tree)
	m.enterWorkspace()
	return nil
}

// openMarked opens shells on every marked pod, tiled in one new tab. Pods that need a container
// choice get their first container.
func (m *Model) openMarked() tea.Cmd {
	pods := m.br.markedPods()
	if len(pods) == 0 && m.br.focus == listPods {
		if p := m.br.selectedPod(); p != nil {
			pods = append(pods, p)
		}
	}
	if len(pods) == 0 {
		m.setInfo("no pods marked: in the pods list " + keyLabel(m.km.Browser.Mark) + " marks pods, then " +
			keyLabel(m.km.Browser.ShellMarked) + " or :tile opens them tiled")
		return nil
	}
	ids := make([]layout.PaneID, len(pods))
	for i := range pods {
		ids[i] = m.ws.newPaneID()
	}
	tree, err := layout.Tile(ids)
	if err != nil {
		m.setError("cannot tile: " + err.Error())
		return nil
	}
	if !m.workArea().Size().Fits(tree.MinSize()) {
		m.setError(fmt.Sprintf("%d panes do not fit in this window: mark fewer pods or enlarge the window", len(pods)))
		return nil
	}
	rects := tree.Rects(m.workArea())
	for i, p := range pods {
		c, _ := containerFor(p)
		if c == "" {
			c = cciapi.ContainerNames(p)[0]
		}
		ns := p.Metadata.Namespace
		if ns == "" {
			ns = m.br.watching
		}
		cols, rows := inner(rects[ids[i]])
		s := m.opts.Sessions.Start(session.Target{Namespace: ns, Pod: p.Metadata.Name, Container: c}, cols, rows)
		m.ws.panes[ids[i]] = &pane{id: ids[i], sess: s}
	}
	m.ws.addTab(tree)
	clear(m.br.marked)
	m.enterWorkspace()
	return nil
}

func (m *Model) enterWorkspace() {
	if len(m.ws.tabs) == 0 {
		m.mode = modeBrowser
		return
	}
	m.mode = modeWorkspace
	m.br.pick = false
	m.pick = pickNewTab
	m.ws.selectTab(m.ws.active)
}

// enterBrowser shows the browser; with pick set, choosing a pod splits or adds a tab.
func (m *Model) enterBrowser(k pickKind, pick bool) {
	m.mode = modeBrowser
	m.pick = k
	m.br.pick = pick
	if p := m.ws.focused(); p != nil && pick {
		t := p.sess.Target()
		m.br.preselect(t.Namespace, t.Pod)
	}
}

// closePane closes pane id and ends its session.
func (m *Model) closePane(id layout.PaneID) {
	p := m.ws.panes[id]
	if p == nil {
		return
	}
	m.opts.Sessions.Remove(p.sess.ID())
	i, removed := m.ws.removePane(id)
	if !removed && i >= 0 {
		m.relayout(m.ws.tabs[i])
	}
	if len(m.ws.tabs) == 0 {
		m.mode = modeBrowser
	}
}

// askClosePane closes the focused pane, asking first when its session still runs.
func (m *Model) askClosePane() {
	p := m.ws.focused()
	if p == nil {
		return
	}
	if p.sess.Status().Ended() {
		m.closePane(p.id)
		return
	}
	id := p.id
	m.overlay = newConfirm(fmt.Sprintf("Close %s? Its shell is still running.", p.sess.Target()), func(m *Model) tea.Cmd {
		m.closePane(id)
		return nil
	})
}

// askQuit quits, asking first when sessions still run.
func (m *Model) askQuit() tea.Cmd {
	n := m.opts.Sessions.Running()
	if n == 0 {
		m.quitting = true
		return tea.Quit
	}
	m.overlay = newConfirm(fmt.Sprintf("Quit podmux? %d session(s) still running will be ended.", n), func(m *Model) tea.Cmd {
		m.quitting = true
		return tea.Quit
	})
	return nil
}

// toggleZoom zooms the focused pane to the whole tab, or back.
func (m *Model) toggleZoom() {
	t := m.ws.cur()
	if t == nil {
		return
	}
	if _, z := t.tree.Zoomed(); z {
		t.tree = t.tree.Unzoom()
	} else if t.tree.Count() > 1 {
		t.tree = t.tree.Zoom(t.focus)
	} else {
		m.setInfo("only one pane in this tab: nothing to zoom")
	}
	m.relayout(t)
}

// moveFocus focuses the neighbour of the focused pane on side s.
func (m *Model) moveFocus(s layout.Side) {
	t := m.ws.cur()
	if t == nil {
		return
	}
	if _, z := t.tree.Zoomed(); z {
		m.setInfo("the pane is zoomed: " + prefixLabel(m) + " " + keyLabel(m.km.Prefix.Zoom) + " shows the others")
		return
	}
	if id, ok := t.tree.Neighbour(m.workArea(), t.focus, s, t.mru); ok {
		t.setFocus(id)
	}
}

// resizeFocused moves the border of the focused pane on side s by cells.
func (m *Model) resizeFocused(s layout.Side, cells int) {
	t := m.ws.cur()
	if t == nil {
		return
	}
	t.tree = t.tree.Resize(m.workArea(), t.focus, s, cells)
	m.relayout(t)
}

// sendToFocused sends bytes to the focused session, or to every session of the tab when input
// is synchronized.
func (m *Model) sendToFocused(encode func(p *pane) []byte) {
	t := m.ws.cur()
	if t == nil {
		return
	}
	targets := []*pane{m.ws.panes[t.focus]}
	if t.sync {
		targets = m.ws.tabPanes(t)
	}
	for _, p := range targets {
		if p == nil || p.sess.Status().Ended() || p.sess.IsLog() && len(targets) > 1 {
			continue // a log pane takes no input: synchronized typing passes it by
		}
		m.sendInput(p.sess, encode(p))
	}
}
