package ui

import (
	"image/color"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/podmux/podmux/session"
	"github.com/podmux/podmux/session/term"
	"github.com/podmux/podmux/ui/layout"
	"github.com/podmux/podmux/ui/styles"
)

// paneKey is everything a pane's drawing depends on; an unchanged key reuses the cached lines.
type paneKey struct {
	seq     uint64
	w, h    int
	focused bool
	sync    bool
	status  string
	// progress is a replay's "paused 01:12 / 04:30 x1" (session.Progresser), else "".
	progress string
}

// inner returns the terminal area inside a pane's border.
func inner(r layout.Rect) (cols, rows int) {
	return max(r.W-2, 1), max(r.H-2, 1)
}

// backgroundRedraw is the shortest time between two redraws of a pane that is not focused and
// only printed more: background floods are shown at 20 fps, leaving the frame budget to the
// pane being typed in.
const backgroundRedraw = 50 * time.Millisecond

// render draws the pane into exactly r.H lines of r.W cells, reusing the last drawing when
// nothing it depends on changed (or, for an unfocused pane that only printed more, when it was
// drawn less than backgroundRedraw ago).
func (p *pane) render(st *styles.Styles, r layout.Rect, focused, sync bool, now time.Time) []string {
	if p.scroll != nil {
		p.cache = nil
		return drawScroll(st, p, r, focused)
	}
	status := p.sess.Status()
	label := logLabel(p.sess)
	key := paneKey{seq: p.sess.Seq(), w: r.W, h: r.H, focused: focused, sync: sync, status: status.Text() + "\x00" + label, progress: p.sess.Progress()}
	if p.cache != nil {
		if key == p.cacheKey {
			return p.cache
		}
		onlyOutput := key.seq != p.cacheKey.seq && key == (paneKey{seq: key.seq, w: p.cacheKey.w, h: p.cacheKey.h,
			focused: p.cacheKey.focused, sync: p.cacheKey.sync, status: p.cacheKey.status, progress: p.cacheKey.progress})
		if onlyOutput && !focused && now.Sub(p.drawnAt) < backgroundRedraw {
			return p.cache
		}
	}
	p.cache = drawPane(st, p.sess, status, label, key.progress, r, focused, sync)
	p.cacheKey, p.drawnAt = key, now
	return p.cache
}

func drawPane(st *styles.Styles, s *session.Session, status session.Status, label, progress string, r layout.Rect, focused, sync bool) []string {
	if r.W <= 0 || r.H <= 0 {
		return nil
	}
	var bc color.Color = st.BorderUnfocused
	if sync {
		bc = st.BorderSync
	} else if focused {
		bc = st.BorderFocused
	}
	border := lipgloss.NewStyle().Foreground(bc)
	if focused {
		border = border.Bold(true)
	}
	lines := make([]string, 0, r.H)
	lines = append(lines, topBorder(st, border, s.Target(), status, label, progress, r.W, focused, sync))
	cols, rows := inner(r)
	side := border.Render("│")
	var buf []byte
	s.View(func(t *term.Terminal) {
		tc, tr := t.Size()
		for y := 0; y < rows && len(lines) < r.H-1; y++ {
			var row string
			if y < tr {
				buf = t.AppendRowANSI(buf[:0], y)
				row = string(buf)
				if tc != cols {
					row = fit(row, cols)
				}
			} else {
				row = strings.Repeat(" ", cols)
			}
			lines = append(lines, side+row+"\x1b[m"+side)
		}
	})
	for len(lines) < r.H-1 {
		lines = append(lines, side+strings.Repeat(" ", cols)+side)
	}
	if r.H >= 2 {
		lines = append(lines, border.Render("╰"+strings.Repeat("─", max(r.W-2, 0))+"╯"))
	}
	return lines[:r.H]
}

// topBorder draws a pane's top border: its title and its state, preceded by label (a log
// pane's view switches and hidden-line count) when not empty. A recording played at its pace
// shows the player's state, position, length and speed (progress).
func topBorder(st *styles.Styles, border lipgloss.Style, tg session.Target, status session.Status, label, progress string, w int, focused, sync bool) string {
	title := " " + tg.String() + " "
	ts := st.PaneTitle
	if focused {
		ts = st.PaneTitleFocused
	}
	state := " " + status.Text() + " "
	if tg.Recording != "" {
		switch {
		case tg.Timed && progress != "":
			state = " replay · " + progress + " "
		case status.Ended():
			state = " replay ended "
		default:
			state = " replay · " + status.State.String() + " "
		}
	}
	ss := st.PaneState
	switch status.State {
	case session.Running:
		ss = st.StatusRunning
	case session.Failed:
		ss = st.StatusFailed
	case session.Exited:
		if status.ExitCode != 0 {
			ss = st.StatusFailed
		}
	}
	if tg.Log != nil && status.State == session.Running {
		state = " following "
		if tg.Log.Previous {
			state = " previous run "
		}
	}
	if label != "" {
		state = " " + label + " ·" + state
	}
	if sync {
		state = " SYNC ·" + state
	}
	avail := w - 4 // corners and one dash each side
	if avail <= 0 {
		return border.Render(fitPlain(strings.Repeat("─", w), w))
	}
	title, state = fitBorderLabels(title, state, avail)
	tw, sw := lipglossWidth(title), lipglossWidth(state)
	fill := max(avail-tw-sw, 0)
	return border.Render("╭─") + ts.Render(title) + border.Render(strings.Repeat("─", fill)) + ss.Render(state) + border.Render("─╮")
}

// fitBorderLabels shortens a pane's title and state to share avail cells, the rest of which the
// border's rule fills. The state is shortened (with "…"), never dropped: it gets what the title
// leaves and at least half of avail, so "failed" or "exited 1" stays readable in a narrow pane;
// the title gets the rest, less one cell of rule between them.
func fitBorderLabels(title, state string, avail int) (string, string) {
	tw, sw := lipglossWidth(title), lipglossWidth(state)
	if tw+sw <= avail {
		return title, state
	}
	avail-- // keep one dash of rule between the two
	sMax := max(avail-tw, avail/2)
	if sw > sMax {
		state = shortLabel(state, sMax)
	}
	return shortLabel(title, avail-lipglossWidth(state)), state
}

// shortLabel cuts a " label " to w cells, ending in "…" and keeping the padding spaces when
// there is room for them.
func shortLabel(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if lipglossWidth(s) <= w {
		return s
	}
	if w < 4 {
		return ansi.Truncate(s, w, "")
	}
	return " " + ansi.Truncate(strings.TrimSpace(s), w-2, "…") + " "
}
