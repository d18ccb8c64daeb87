package ui

import (
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/podmux/podmux/keymap"
	"github.com/podmux/podmux/session/term"
	"github.com/podmux/podmux/ui/layout"
)

// View draws the whole screen: a top bar, the browser or the active tab, the status bar, and an
// overlay when one is open. Panes whose session did not change reuse their cached drawing.
func (m *Model) View() tea.View {
	if m.w <= 0 || m.h <= 0 {
		return tea.NewView("")
	}
	lines := make([]string, 0, m.h)
	var cursor *tea.Cursor
	if m.mode == modeBrowser || len(m.ws.tabs) == 0 {
		lines = append(lines, m.headerBar())
		lines = append(lines, m.br.view(m.st, m.w, max(m.h-2, 0), m.opts.Now())...)
	} else {
		lines = append(lines, m.tabBar())
		var body []string
		body, cursor = m.workspaceView()
		lines = append(lines, body...)
	}
	lines = append(lines, m.statusBar())
	lines = padLines(lines, m.w, m.h)
	content := strings.Join(lines, "\n")
	if m.overlay != nil {
		content = drawOverlay(m.st, m.overlay, content, m.w, m.h)
		cursor = nil
	}
	// Hand back the very same string when nothing changed: Bubble Tea compares the view with
	// the last rendered one on every 60 Hz tick, and equal pointers make that compare free.
	if content == m.lastContent {
		content = m.lastContent
	} else {
		m.lastContent = content
	}
	v := tea.NewView(content)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.Cursor = cursor
	v.WindowTitle = "podmux"
	return v
}

// workspaceView draws the active tab's panes, tiling the work area row by row, and returns the
// host cursor for the focused pane.
func (m *Model) workspaceView() ([]string, *tea.Cursor) {
	area := m.workArea()
	t := m.ws.cur()
	if t.results != nil {
		return t.results.view(m.st, area.W, area.H, m.opts.Now()), nil
	}
	rects := t.tree.Rects(area)
	type placed struct {
		r     layout.Rect
		lines []string
	}
	ps := make([]placed, 0, len(rects))
	now := m.opts.Now()
	for id, r := range rects {
		p := m.ws.panes[id]
		if p == nil {
			continue
		}
		ps = append(ps, placed{r, p.render(m.st, r, id == t.focus, t.sync, now)})
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].r.X < ps[j].r.X })
	out := make([]string, area.H)
	var b strings.Builder
	for row := 0; row < area.H; row++ {
		y := area.Y + row
		b.Reset()
		for _, p := range ps {
			if y >= p.r.Y && y < p.r.Y+p.r.H && y-p.r.Y < len(p.lines) {
				b.WriteString(p.lines[y-p.r.Y])
			}
		}
		out[row] = b.String()
	}
	var cur *tea.Cursor
	if p := m.ws.panes[t.focus]; p != nil && p.scroll != nil {
		r := rects[t.focus]
		cur = tea.NewCursor(r.X+1+p.scroll.cur.Col, r.Y+1+p.scroll.cur.Line-p.scroll.top)
		cur.Shape = tea.CursorBlock
	} else if p != nil && !p.sess.Status().Ended() {
		r := rects[t.focus]
		p.sess.View(func(tm *term.Terminal) {
			c := tm.Cursor()
			cols, rows := inner(r)
			if !c.Visible || c.X >= cols || c.Y >= rows {
				return
			}
			cur = tea.NewCursor(r.X+1+c.X, r.Y+1+c.Y)
			cur.Blink = c.Blinking
			switch c.Shape {
			case term.CursorUnderline:
				cur.Shape = tea.CursorUnderline
			case term.CursorBar:
				cur.Shape = tea.CursorBar
			default:
				cur.Shape = tea.CursorBlock
			}
		})
	}
	return out, cur
}

// headerBar is the browser's top line: name, endpoint, and the local badge.
func (m *Model) headerBar() string {
	left := m.st.Title.Render(" podmux ") + m.st.Dim.Render(m.opts.Endpoint) + " "
	if m.br.pick {
		switch m.pick {
		case pickSplitRight:
			left += m.st.Marked.Render("  pick a pod for the pane on the right")
		case pickSplitBelow:
			left += m.st.Marked.Render("  pick a pod for the pane below")
		default:
			left += m.st.Marked.Render("  pick a pod for a new tab")
		}
	}
	right := m.badge()
	if n := len(m.ws.tabs); n > 0 && !m.br.pick {
		right = m.st.Dim.Render(itoa(n)+" tab(s) · esc returns ") + right
	}
	return joinLR(left, right, m.w)
}

func (m *Model) badge() string {
	if m.opts.Local {
		return m.st.Badge.Render("LOCAL DEMO")
	}
	return ""
}

// tabSpan is where one tab's label sits in the tab bar.
type tabSpan struct{ x0, x1, index int }

// tabLabels lays out the tab bar: labels, their spans, and whether tabs overflowed.
func (m *Model) tabLabels() ([]string, []tabSpan, bool) {
	items := make([]tabItem, len(m.ws.tabs))
	styles := make([]lipgloss.Style, len(m.ws.tabs))
	for i, t := range m.ws.tabs {
		it := tabItem{prefix: itoa(i) + ":", title: m.ws.title(t)}
		if t.activity && i != m.ws.active {
			it.suffix += "•"
		}
		if _, z := t.tree.Zoomed(); z {
			it.suffix += " Z"
		}
		if t.sync {
			it.suffix += " SYNC"
		}
		items[i] = it
		st := m.st.TabInactive
		if i == m.ws.active {
			st = m.st.TabActive
		} else if t.activity {
			st = m.st.TabInactive.Foreground(m.st.Warn).Bold(true)
		}
		styles[i] = st
	}
	avail := m.w - lipglossWidth(m.badge()) - 1
	texts, show, overflow := layoutTabs(items, m.ws.active, avail, lipglossWidth(tabMoreHint))
	var labels []string
	var spans []tabSpan
	x := 0
	for i, text := range texts {
		if !show[i] {
			continue
		}
		labels = append(labels, styles[i].Render(text))
		w := lipglossWidth(text) + tabPadding
		spans = append(spans, tabSpan{x, x + w, i})
		x += w
	}
	return labels, spans, overflow
}

// tabBar is the workspace's top line. It is composed again only when what it shows changed
// (tabBarKey; applyBackground drops it with the styles): the workspace draws up to 60 frames a
// second while sessions print, and styling the tab labels was about a tenth of podmux's CPU
// then (100 sessions in 10 tabs, floods held while the user types).
func (m *Model) tabBar() string {
	key := m.tabBarKey()
	if m.tabBarMemo.bar != "" && m.tabBarMemo.key == key {
		return m.tabBarMemo.bar
	}
	labels, _, overflow := m.tabLabels()
	left := strings.Join(labels, "")
	if overflow {
		left += m.st.Marked.Render(tabMoreHint)
	}
	bar := joinLR(left, m.badge(), m.w)
	m.tabBarMemo.key, m.tabBarMemo.bar = key, bar
	return bar
}

// tabBarKey is everything tabLabels and tabBar read, but the styles: the width, the active tab,
// and each tab's title, activity, zoom and sync.
func (m *Model) tabBarKey() string {
	var b strings.Builder
	b.WriteString(itoa(m.w))
	b.WriteByte(' ')
	b.WriteString(itoa(m.ws.active))
	b.WriteByte(' ')
	b.WriteString(m.badge())
	for _, t := range m.ws.tabs {
		_, zoomed := t.tree.Zoomed()
		b.WriteByte(0)
		for _, f := range [...]bool{t.activity, zoomed, t.sync} {
			if f {
				b.WriteByte('1')
			} else {
				b.WriteByte('0')
			}
		}
		b.WriteString(m.ws.title(t))
	}
	return b.String()
}

// statusBar is the bottom line: a message, or the mode's key hints.
func (m *Model) statusBar() string {
	if m.statusText != "" {
		if m.statusErr {
			return m.st.StatusErr.Render(fitPlain(" "+m.statusText, m.w))
		}
		return m.st.StatusInfo.Render(fitPlain(" "+m.statusText, m.w))
	}
	var left string
	switch {
	case m.mode == modeWorkspace && !m.prefix && m.ws.cur() != nil && m.ws.cur().results != nil:
		left = m.st.StatusBar.Render(m.resultsHint())
	case m.mode == modeWorkspace && m.prefix:
		left = m.st.StatusKey.Render(" PREFIX ") + m.st.StatusBar.Render(" % split right · \" below · arrows focus · z zoom · x close · c new tab · S sync · d browser · ? help")
	case m.mode == modeWorkspace && m.ws.focused() != nil && m.ws.focused().sess.IsLog() && m.ws.focused().scroll == nil:
		left = m.st.StatusBar.Render(" log: " + logHint(m.km.Log) + " · " + keymap.Label(m.km.Global.Prefix.Keys()) + " prefix")
	case m.mode == modeWorkspace:
		left = m.st.StatusBar.Render(" " + keymap.Label(m.km.Global.Prefix.Keys()) + " prefix · ? help after prefix")
		if t := m.ws.cur(); t != nil && t.sync {
			left = m.st.StatusSync.Render("SYNC INPUT → "+itoa(t.tree.Count())+" panes") + left
		}
	case m.br.filtering:
		left = m.st.StatusBar.Render(" type to filter · enter keep · esc clear")
	default:
		left = m.st.StatusBar.Render(" enter/s shell · l logs · space mark · ctrl+s open marked · / filter · tab switch list · : command · ? help · q quit")
	}
	return m.st.StatusBar.Render(fit(left, m.w))
}

// joinLR puts left and right on one line of exactly w cells.
func joinLR(left, right string, w int) string {
	rw := ansi.StringWidth(right)
	return fit(left, max(w-rw, 0)) + right
}
