package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/podmux/podmux/session"
	"github.com/podmux/podmux/session/term"
)

// scrollState is a pane's scroll (copy) mode: a view over the session's history and screen that
// live output does not move, with vi movement, search, selection and copy.
type scrollState struct {
	top  int      // first shown line (term.Pos.Line)
	cur  term.Pos // the scroll cursor
	base uint64   // the engine's HistoryDropped when the positions here were last true

	input     bool   // the search prompt is being edited
	backward  bool   // the search goes up (?)
	text      string // the search prompt
	query     string // the last search
	matches   []session.Match
	match     int // index of the current match, -1 when none
	selecting bool
	lineSel   bool
	anchor    term.Pos
}

// enterScroll puts the focused pane in scroll mode, showing the screen as it is.
func (m *Model) enterScroll() *scrollState {
	p := m.ws.focused()
	if p == nil {
		return nil
	}
	if p.scroll != nil {
		return p.scroll
	}
	st := &scrollState{match: -1}
	p.sess.View(func(t *term.Terminal) {
		c := t.Cursor()
		st.top = t.ScrollbackLen()
		st.cur = term.Pos{Line: st.top + c.Y, Col: c.X}
		st.base = t.HistoryDropped()
	})
	p.scroll = st
	return st
}

// rebase moves every position by the history rows dropped since they were taken, so the view
// stays on the same text while new output pushes old rows out of the bounded scrollback.
func (st *scrollState) rebase(t *term.Terminal) {
	d := int(t.HistoryDropped() - st.base)
	if d == 0 {
		return
	}
	st.base += uint64(d)
	st.top = max(st.top-d, 0)
	st.cur.Line = max(st.cur.Line-d, 0)
	st.anchor.Line = max(st.anchor.Line-d, 0)
	kept := st.matches[:0]
	for _, mt := range st.matches {
		if mt.Start.Line-d >= 0 {
			mt.Start.Line -= d
			mt.End.Line -= d
			kept = append(kept, mt)
		} else if st.match >= 0 {
			st.match--
		}
	}
	st.matches = kept
	st.match = min(max(st.match, -1), len(st.matches)-1)
}

// rebaseScrolls keeps every scroll view on its text after new output.
func (m *Model) rebaseScrolls() {
	for _, p := range m.ws.panes {
		if p.scroll != nil {
			p.sess.View(p.scroll.rebase)
		}
	}
}

// scrollKey handles a key for a pane in scroll mode.
func (m *Model) scrollKey(p *pane, k tea.KeyPressMsg) tea.Cmd {
	st := p.scroll
	p.sess.View(st.rebase)
	r := m.ws.cur().tree.Rects(m.workArea())[p.id]
	cols, rows := inner(r)
	var lines, sb int
	p.sess.View(func(t *term.Terminal) { lines, sb = t.Lines(), t.ScrollbackLen() })
	_ = sb
	if st.input {
		switch k.String() {
		case "esc", "ctrl+c":
			st.input = false
		case "enter":
			st.input = false
			st.query = st.text
			m.runSearch(p, true)
		case "backspace":
			if st.text != "" {
				st.text = string([]rune(st.text)[:len([]rune(st.text))-1])
			}
		default:
			if t := k.Key().Text; t != "" {
				st.text += t
			}
		}
		return nil
	}
	km := m.km.Scroll
	move := func(dl int) { st.cur.Line = min(max(st.cur.Line+dl, 0), max(lines-1, 0)) }
	switch {
	case key.Matches(k, km.Quit):
		if st.selecting {
			st.selecting = false
			return nil
		}
		p.scroll = nil
		return nil
	case key.Matches(k, km.Up):
		move(-1)
	case key.Matches(k, km.Down):
		move(1)
	case key.Matches(k, km.Left):
		st.cur.Col = max(st.cur.Col-1, 0)
	case key.Matches(k, km.Right):
		st.cur.Col = min(st.cur.Col+1, cols-1)
	case key.Matches(k, km.LineStart):
		st.cur.Col = 0
	case key.Matches(k, km.LineEnd):
		st.cur.Col = cols - 1
	case key.Matches(k, km.PageUp):
		move(-rows)
		st.top -= rows
	case key.Matches(k, km.PageDown):
		move(rows)
		st.top += rows
	case key.Matches(k, km.HalfPageUp):
		move(-rows / 2)
		st.top -= rows / 2
	case key.Matches(k, km.HalfPageDown):
		move(rows / 2)
		st.top += rows / 2
	case key.Matches(k, km.Top):
		st.cur.Line = 0
	case key.Matches(k, km.Bottom):
		st.cur.Line = max(lines-1, 0)
	case key.Matches(k, km.SearchForward):
		st.input, st.backward, st.text = true, false, ""
	case key.Matches(k, km.SearchBackward):
		st.input, st.backward, st.text = true, true, ""
	case key.Matches(k, km.NextMatch):
		m.stepMatch(p, !st.backward)
	case key.Matches(k, km.PrevMatch):
		m.stepMatch(p, st.backward)
	case key.Matches(k, km.Select):
		st.selecting, st.lineSel, st.anchor = !st.selecting || st.lineSel, false, st.cur
	case key.Matches(k, km.SelectLine):
		st.selecting, st.lineSel, st.anchor = !st.selecting || !st.lineSel, true, st.cur
	case key.Matches(k, km.Copy):
		return m.copySelection(p, cols)
	}
	st.follow(rows, lines)
	return nil
}

// follow keeps the cursor inside the view and the view inside the content.
func (st *scrollState) follow(rows, lines int) {
	if st.cur.Line < st.top {
		st.top = st.cur.Line
	}
	if st.cur.Line >= st.top+rows {
		st.top = st.cur.Line - rows + 1
	}
	st.top = min(max(st.top, 0), max(lines-rows, 0))
	st.cur.Line = min(max(st.cur.Line, st.top), st.top+rows-1)
}

// runSearch searches the session for the current query and moves to the nearest match in the
// search direction.
func (m *Model) runSearch(p *pane, fresh bool) {
	st := p.scroll
	p.sess.View(func(t *term.Terminal) { st.matches = session.Search(t, st.query) })
	st.match = -1
	if len(st.matches) == 0 {
		m.setError(fmt.Sprintf("no match for %q", st.query))
		return
	}
	m.stepMatch(p, !st.backward)
}

// stepMatch moves to the next match after (forward) or before the cursor, wrapping around.
func (m *Model) stepMatch(p *pane, forward bool) {
	st := p.scroll
	n := len(st.matches)
	if n == 0 {
		return
	}
	before := func(a, b term.Pos) bool { return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col }
	i := -1
	if forward {
		for j, mt := range st.matches {
			if before(st.cur, mt.Start) {
				i = j
				break
			}
		}
		if i < 0 {
			i = 0
		}
	} else {
		for j := n - 1; j >= 0; j-- {
			if before(st.matches[j].Start, st.cur) {
				i = j
				break
			}
		}
		if i < 0 {
			i = n - 1
		}
	}
	st.match = i
	st.cur = st.matches[i].Start
	r := m.ws.cur().tree.Rects(m.workArea())[p.id]
	_, rows := inner(r)
	var lines int
	p.sess.View(func(t *term.Terminal) { lines = t.Lines() })
	if st.cur.Line < st.top || st.cur.Line >= st.top+rows {
		st.top = st.cur.Line - rows/2
	}
	st.follow(rows, lines)
}

// selection returns the selected range (from inclusive, to exclusive) in reading order.
func (st *scrollState) selection(cols int) (term.Pos, term.Pos) {
	a, b := st.anchor, st.cur
	if b.Line < a.Line || b.Line == a.Line && b.Col < a.Col {
		a, b = b, a
	}
	if st.lineSel {
		return term.Pos{Line: a.Line, Col: 0}, term.Pos{Line: b.Line, Col: cols}
	}
	return a, term.Pos{Line: b.Line, Col: b.Col + 1}
}

// copySelection copies the selection (or the cursor's line when nothing is selected) to the
// local clipboard with OSC 52 and leaves scroll mode.
func (m *Model) copySelection(p *pane, cols int) tea.Cmd {
	st := p.scroll
	if !st.selecting {
		st.anchor, st.lineSel = st.cur, true
	}
	from, to := st.selection(cols)
	var text string
	p.sess.View(func(t *term.Terminal) { text = t.Text(from, to) })
	if st.lineSel && len(text) > 0 && text[len(text)-1] == '\n' {
		text = text[:len(text)-1]
	}
	p.scroll = nil
	m.setInfo(fmt.Sprintf("copied %d characters to the clipboard (OSC 52)", len([]rune(text))))
	return tea.SetClipboard(text)
}

// scrollWheel scrolls a pane's history with the wheel, entering scroll mode; scrolling back to
// the bottom leaves it, as tmux does.
func (m *Model) scrollWheel(p *pane, up bool) {
	t := m.ws.cur()
	if t == nil {
		return
	}
	if t.focus != p.id {
		t.setFocus(p.id)
	}
	st := p.scroll
	if st == nil {
		if !up {
			return
		}
		st = m.enterScroll()
	}
	r := t.tree.Rects(m.workArea())[p.id]
	_, rows := inner(r)
	var lines, sb int
	p.sess.View(func(tm *term.Terminal) { lines, sb = tm.Lines(), tm.ScrollbackLen() })
	if up {
		st.top -= 3
		st.cur.Line -= 3
	} else {
		st.top += 3
		st.cur.Line += 3
	}
	st.follow(rows, lines)
	if !up && st.top >= sb && !st.selecting {
		p.scroll = nil
	}
}
