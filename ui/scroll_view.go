package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/podmux/podmux/session/term"
	"github.com/podmux/podmux/ui/layout"
	"github.com/podmux/podmux/ui/styles"
)

var (
	matchStyle    = lipgloss.NewStyle().Background(lipgloss.Color("220")).Foreground(lipgloss.Color("16"))
	curMatchStyle = lipgloss.NewStyle().Background(lipgloss.Color("208")).Foreground(lipgloss.Color("16")).Bold(true)
	selStyle      = lipgloss.NewStyle().Reverse(true)
)

// drawScroll draws a pane in scroll mode: its history at the scroll position, matches and the
// selection highlighted, the position in the top border and the search prompt in the bottom.
func drawScroll(st *styles.Styles, p *pane, r layout.Rect, focused bool) []string {
	ss := p.scroll
	cols, rows := inner(r)
	border := lipgloss.NewStyle().Foreground(st.Warn).Bold(true)
	lines := make([]string, 0, r.H)
	side := border.Render("│")
	var total int
	var buf []byte
	var cells []term.Cell
	var body []string
	p.sess.View(func(t *term.Terminal) {
		total = t.Lines()
		sb := t.ScrollbackLen()
		for y := 0; y < rows; y++ {
			line := ss.top + y
			if line >= total {
				body = append(body, strings.Repeat(" ", cols))
				continue
			}
			spans := ss.spansOn(line, cols)
			if len(spans) == 0 {
				if line < sb {
					buf = t.AppendScrollbackANSI(buf[:0], line)
				} else {
					buf = t.AppendRowANSI(buf[:0], line-sb)
				}
				body = append(body, fit(string(buf), cols))
				continue
			}
			if line < sb {
				cells, _ = t.ScrollbackRow(line, cells[:0])
			} else {
				cells = t.Row(line - sb)
			}
			body = append(body, highlightRow(t, cells, spans, cols))
		}
	})
	pos := fmt.Sprintf(" SCROLL [%s/%s] ", commas(ss.cur.Line+1), commas(total))
	if ss.query != "" && !ss.input {
		if len(ss.matches) == 0 {
			pos += fmt.Sprintf("/%s: no match ", ss.query)
		} else {
			pos += fmt.Sprintf("/%s: %d of %d ", ss.query, ss.match+1, len(ss.matches))
		}
	}
	if ss.selecting {
		pos += "· selecting (y copies) "
	}
	title := " " + p.sess.Target().String() + " "
	avail := max(r.W-4, 0)
	tw, pw := lipglossWidth(title), lipglossWidth(pos)
	if tw+pw > avail {
		title = fitPlain(title, max(avail-pw, 0))
		tw = lipglossWidth(title)
	}
	lines = append(lines, border.Render("╭─")+st.PaneTitleFocused.Render(title)+border.Render(strings.Repeat("─", max(avail-tw-pw, 0)))+st.Marked.Render(fitPlain(pos, min(pw, avail)))+border.Render("─╮"))
	for _, b := range body {
		lines = append(lines, side+b+"\x1b[m"+side)
	}
	bottom := strings.Repeat("─", max(r.W-2, 0))
	if ss.input {
		prompt := "/"
		if ss.backward {
			prompt = "?"
		}
		prompt = " " + prompt + ss.text + "▏ "
		bottom = "─" + st.Marked.Render(fitPlain(prompt, min(lipglossWidth(prompt), max(r.W-4, 0)))) + border.Render(strings.Repeat("─", max(r.W-3-lipglossWidth(prompt), 0)))
		lines = append(lines, border.Render("╰")+bottom+border.Render("╯"))
	} else {
		lines = append(lines, border.Render("╰"+bottom+"╯"))
	}
	return padLines(lines, r.W, r.H)
}

// span is a highlighted column range [from, to) of one line.
type span struct {
	from, to int
	style    lipgloss.Style
}

// spansOn returns the highlights on line: search matches, the current match, the selection.
func (ss *scrollState) spansOn(line, cols int) []span {
	var out []span
	cut := func(a, b term.Pos, style lipgloss.Style) {
		if line < a.Line || line > b.Line {
			return
		}
		from, to := 0, cols
		if line == a.Line {
			from = a.Col
		}
		if line == b.Line {
			to = b.Col
		}
		if to > from {
			out = append(out, span{from, min(to, cols), style})
		}
	}
	for i, m := range ss.matches {
		if m.End.Line < line {
			continue
		}
		if m.Start.Line > line {
			break
		}
		s := matchStyle
		if i == ss.match {
			s = curMatchStyle
		}
		cut(m.Start, m.End, s)
	}
	if ss.selecting {
		a, b := ss.selection(cols)
		cut(a, b, selStyle)
	}
	return out
}

// highlightRow draws a row as plain text with the spans styled (later spans win).
func highlightRow(t *term.Terminal, cells []term.Cell, spans []span, cols int) string {
	var b strings.Builder
	for x := 0; x < cols; x++ {
		ch := " "
		if x < len(cells) {
			c := cells[x]
			if c.IsContinuation() {
				continue
			}
			if !c.IsEmpty() {
				ch = t.Grapheme(c)
			}
		}
		var style *lipgloss.Style
		for i := range spans {
			if x >= spans[i].from && x < spans[i].to {
				style = &spans[i].style
			}
		}
		if style != nil {
			b.WriteString(style.Render(ch))
		} else {
			b.WriteString(ch)
		}
	}
	return fit(b.String(), cols)
}

// commas formats n with thousands separators: 10000 → "10,000".
func commas(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
