package ui

import (
	"slices"
	"strings"
	"time"

	"github.com/podmux/podmux/session"
	"github.com/podmux/podmux/ui/layout"
)

// pane shows one session inside a rectangle of a tab's layout. Closing a pane is not killing its
// session unless the user asks; the model decides.
type pane struct {
	id     layout.PaneID
	sess   *session.Session
	scroll *scrollState // scroll mode; nil when the pane shows the live screen

	cacheKey paneKey
	cache    []string
	drawnAt  time.Time
}

// tab is one layout tree of panes.
type tab struct {
	tree     layout.Tree
	focus    layout.PaneID
	mru      []layout.PaneID // most recently focused first
	sync     bool            // typing goes to every pane of the tab
	activity bool            // a hidden pane printed since the tab was last shown
	results  *resultsView    // a fan-out run's results: the tab shows them instead of panes
}

// workspace holds the tabs and panes. It is plain data; the model drives it.
type workspace struct {
	tabs   []*tab
	active int
	panes  map[layout.PaneID]*pane
	next   layout.PaneID
}

func newWorkspace() *workspace {
	return &workspace{panes: map[layout.PaneID]*pane{}}
}

func (w *workspace) newPaneID() layout.PaneID {
	w.next++
	return w.next
}

// cur returns the active tab, or nil when there is none.
func (w *workspace) cur() *tab {
	if w.active < 0 || w.active >= len(w.tabs) {
		return nil
	}
	return w.tabs[w.active]
}

// focused returns the focused pane of the active tab, or nil.
func (w *workspace) focused() *pane {
	t := w.cur()
	if t == nil {
		return nil
	}
	return w.panes[t.focus]
}

// addTab adds a tab holding tree (whose panes exist already) and makes it active.
func (w *workspace) addTab(tree layout.Tree) *tab {
	t := &tab{tree: tree}
	ids := tree.Panes()
	if len(ids) > 0 {
		t.focus = ids[0]
		t.mru = []layout.PaneID{ids[0]}
	}
	w.tabs = append(w.tabs, t)
	w.active = len(w.tabs) - 1
	return t
}

// setFocus focuses pane id of tab t and records it as most recently used.
func (t *tab) setFocus(id layout.PaneID) {
	t.focus = id
	t.mru = slices.DeleteFunc(t.mru, func(x layout.PaneID) bool { return x == id })
	t.mru = append([]layout.PaneID{id}, t.mru...)
}

// selectTab switches to tab i (clamped) and clears its activity mark.
func (w *workspace) selectTab(i int) {
	if len(w.tabs) == 0 {
		return
	}
	w.active = min(max(i, 0), len(w.tabs)-1)
	w.tabs[w.active].activity = false
}

// removePane drops pane id from its tab; an emptied tab is removed. It returns the tab index
// that held it (-1 when none) and whether that tab was removed.
func (w *workspace) removePane(id layout.PaneID) (int, bool) {
	for i, t := range w.tabs {
		if !t.tree.Contains(id) {
			continue
		}
		delete(w.panes, id)
		tree, empty := t.tree.Close(id)
		t.mru = slices.DeleteFunc(t.mru, func(x layout.PaneID) bool { return x == id })
		if empty {
			w.tabs = slices.Delete(w.tabs, i, i+1)
			if w.active >= len(w.tabs) {
				w.active = len(w.tabs) - 1
			} else if w.active > i {
				w.active--
			}
			return i, true
		}
		t.tree = tree
		if t.focus == id {
			if len(t.mru) > 0 {
				t.focus = t.mru[0]
			} else {
				t.focus = tree.Panes()[0]
			}
		}
		return i, false
	}
	return -1, false
}

// tabOfSession returns the index of the tab showing session sid, or -1.
func (w *workspace) tabOfSession(sid session.ID) int {
	for i, t := range w.tabs {
		for _, id := range t.tree.Panes() {
			if p := w.panes[id]; p != nil && p.sess.ID() == sid {
				return i
			}
		}
	}
	return -1
}

// paneOfSession returns a pane showing session sid, or nil.
func (w *workspace) paneOfSession(sid session.ID) *pane {
	for _, p := range w.panes {
		if p.sess.ID() == sid {
			return p
		}
	}
	return nil
}

// tabPanes returns the panes of tab t in visual order.
func (w *workspace) tabPanes(t *tab) []*pane {
	ids := t.tree.Panes()
	out := make([]*pane, 0, len(ids))
	for _, id := range ids {
		if p := w.panes[id]; p != nil {
			out = append(out, p)
		}
	}
	return out
}

// title is the tab's name: pod/container of its focused pane, plus a count of other panes.
func (w *workspace) title(t *tab) string {
	if t.results != nil {
		return "! " + strings.Join(t.results.run.Command(), " ")
	}
	p := w.panes[t.focus]
	if p == nil {
		return "?"
	}
	tg := p.sess.Target()
	s := tg.Pod
	if tg.Recording != "" {
		s = "▶" + s
	}
	if tg.Container != "" {
		s += "/" + tg.Container
	}
	if n := t.tree.Count(); n > 1 {
		s += "+" + itoa(n-1)
	}
	return s
}
