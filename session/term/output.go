package term

import (
	"strconv"
	"strings"
)

// AppendRowANSI appends screen row y as text with minimal SGR (a new SGR only where the style
// changes, reset at the end), exactly cols cells wide; a wide character is written once.
func (t *Terminal) AppendRowANSI(dst []byte, y int) []byte {
	if y < 0 || y >= t.rows {
		return dst
	}
	return t.appendCellsANSI(dst, t.scr.line(y).cells, t.cols)
}

// appendCellsANSI writes cells (padded with default blanks to width) with SGR transitions.
func (t *Terminal) appendCellsANSI(dst []byte, cells []Cell, width int) []byte {
	cur := StyleID(0)
	link := ""
	for _, c := range cells {
		if c.flags&cellCont != 0 {
			continue
		}
		if c.Style != cur {
			st := t.styles.get(c.Style)
			dst = appendSGR(dst, st)
			if st.Link != link {
				dst = appendLink(dst, st.Link)
				link = st.Link
			}
			cur = c.Style
		}
		dst = t.appendCell(dst, c)
	}
	if cur != 0 {
		if link != "" {
			dst = appendLink(dst, "")
		}
		dst = append(dst, "\x1b[0m"...)
	}
	for i := len(cells); i < width; i++ {
		dst = append(dst, ' ')
	}
	return dst
}

func appendLink(dst []byte, url string) []byte {
	dst = append(dst, "\x1b]8;;"...)
	dst = append(dst, url...)
	return append(dst, "\x1b\\"...)
}

// appendSGR writes the full SGR for st, starting from a reset.
func appendSGR(dst []byte, st Style) []byte {
	dst = append(dst, "\x1b[0"...)
	attrs := [...]struct {
		a Attrs
		s string
	}{{AttrBold, ";1"}, {AttrDim, ";2"}, {AttrItalic, ";3"}, {AttrBlink, ";5"}, {AttrRapidBlink, ";6"},
		{AttrReverse, ";7"}, {AttrInvisible, ";8"}, {AttrStrike, ";9"}, {AttrOverline, ";53"}}
	for _, a := range attrs {
		if st.Attrs&a.a != 0 {
			dst = append(dst, a.s...)
		}
	}
	switch st.Underline {
	case UnderlineNone:
	case UnderlineSingle:
		dst = append(dst, ";4"...)
	default:
		dst = append(dst, ";4:"...)
		dst = strconv.AppendInt(dst, int64(st.Underline), 10)
	}
	dst = appendColor(dst, st.Fg, 30, 90, "38")
	dst = appendColor(dst, st.Bg, 40, 100, "48")
	dst = appendColor(dst, st.UnderlineColor, -1, -1, "58")
	return append(dst, 'm')
}

func appendColor(dst []byte, c Color, base, bright int, ext string) []byte {
	if i, ok := c.Indexed(); ok {
		dst = append(dst, ';')
		switch {
		case i < 8 && base >= 0:
			return strconv.AppendInt(dst, int64(base+int(i)), 10)
		case i < 16 && bright >= 0:
			return strconv.AppendInt(dst, int64(bright+int(i)-8), 10)
		}
		dst = append(dst, ext...)
		dst = append(dst, ":5:"...)
		return strconv.AppendInt(dst, int64(i), 10)
	}
	if r, g, b, ok := c.RGB(); ok {
		dst = append(dst, ';')
		dst = append(dst, ext...)
		dst = append(dst, ":2::"...)
		dst = strconv.AppendInt(dst, int64(r), 10)
		dst = append(dst, ':')
		dst = strconv.AppendInt(dst, int64(g), 10)
		dst = append(dst, ':')
		dst = strconv.AppendInt(dst, int64(b), 10)
	}
	return dst
}

// appendCellsText writes cells as plain text with trailing spaces trimmed.
func (t *Terminal) appendCellsText(dst []byte, cells []Cell) []byte {
	start := len(dst)
	for _, c := range cells {
		dst = t.appendCell(dst, c)
	}
	end := len(dst)
	for end > start && dst[end-1] == ' ' {
		end--
	}
	return dst[:end]
}

// ScreenText returns the screen rows as text with trailing spaces trimmed (what
// `tmux capture-pane -p` prints).
func (t *Terminal) ScreenText() []string {
	out := make([]string, t.rows)
	var buf []byte
	for y := range t.rows {
		buf = t.appendCellsText(buf[:0], t.scr.line(y).cells)
		out[y] = string(buf)
	}
	return out
}

// ScrollbackLen is the number of history rows (always 0 while nothing scrolled off the main
// screen; the alternate screen has no history).
func (t *Terminal) ScrollbackLen() int { return t.hist.n }

// HistoryDropped counts the history rows ever removed from the oldest end (evicted by the
// bounds, or cleared). HistoryDropped()+i is a stable number for history row i, so a view over
// the scrollback can stay on the same text while new output pushes old rows out.
func (t *Terminal) HistoryDropped() uint64 { return t.hist.pushed - uint64(t.hist.n) }

// ScrollbackRow decodes history row i (0 = oldest) into dst and returns the cells (trailing empty
// cells are omitted, so len may be < cols) and whether it was soft-wrapped. Cells are valid until
// the next Write or Resize. Out-of-range i gives nil, false.
func (t *Terminal) ScrollbackRow(i int, dst []Cell) ([]Cell, bool) {
	if i < 0 || i >= t.hist.n {
		return dst[:0], false
	}
	return t.decodeRow(t.hist.at(i), dst)
}

// ScrollbackText returns history row i as text, trailing spaces trimmed.
func (t *Terminal) ScrollbackText(i int) string {
	cells, _ := t.ScrollbackRow(i, nil)
	return string(t.appendCellsText(nil, cells))
}

// AppendScrollbackANSI appends history row i like AppendRowANSI (padded to the current width).
func (t *Terminal) AppendScrollbackANSI(dst []byte, i int) []byte {
	cells, _ := t.ScrollbackRow(i, nil)
	return t.appendCellsANSI(dst, cells, t.cols)
}

// Pos addresses a cell over history and screen: Line 0 … ScrollbackLen()-1 are history rows
// (oldest first) and ScrollbackLen()+y is screen row y; Col is a cell column.
type Pos struct {
	Line, Col int
}

// Lines is the number of addressable lines: ScrollbackLen() + rows.
func (t *Terminal) Lines() int { return t.hist.n + t.rows }

// lineCells returns line L's cells and wrap flag (history rows decoded into buf).
func (t *Terminal) lineCells(L int, buf []Cell) ([]Cell, bool) {
	if L < t.hist.n {
		return t.decodeRow(t.hist.at(L), buf)
	}
	l := t.scr.line(L - t.hist.n)
	return l.cells, l.wrapped
}

// Text returns the text from `from` (inclusive) to `to` (exclusive column on its line), joining
// soft-wrapped lines and ending hard lines with "\n"; trailing spaces of each line are trimmed.
// Positions are clamped to the addressable range; from after to gives "".
func (t *Terminal) Text(from, to Pos) string {
	last := t.Lines() - 1
	from.Line, to.Line = min(max(from.Line, 0), last), min(max(to.Line, 0), last)
	if from.Line > to.Line || (from.Line == to.Line && from.Col >= to.Col) {
		return ""
	}
	var sb strings.Builder
	var buf []Cell
	var line []byte
	for L := from.Line; L <= to.Line; L++ {
		cells, wrapped := t.lineCells(L, buf[:0])
		a, b := 0, len(cells)
		if L == from.Line {
			a = min(max(from.Col, 0), b)
		}
		if L == to.Line {
			b = min(max(to.Col, 0), b)
		}
		if a < b {
			line = line[:0]
			for _, c := range cells[a:b] {
				line = t.appendCell(line, c)
			}
			if !wrapped || L == to.Line {
				line = []byte(strings.TrimRight(string(line), " "))
			}
			sb.Write(line)
		}
		if L != to.Line && !wrapped {
			sb.WriteByte('\n')
		}
		if L < t.hist.n {
			buf = cells
		}
	}
	return sb.String()
}

// ScrollbackPlain returns history row i's stored text when every stored cell is one printable
// ASCII character (byte k is then column k; an empty cell is a space; trailing empty cells are
// not stored), and whether the row is soft-wrapped. ok is false for a row holding anything
// else: use ScrollbackRow for it. The bytes belong to the engine: valid until the next Write or
// Resize, not to be modified. Search uses it to scan plain history without decoding cells.
func (t *Terminal) ScrollbackPlain(i int) (text []byte, wrapped, ok bool) {
	if i < 0 || i >= t.hist.n {
		return nil, false, false
	}
	wrapped, _, _, _, txt := rowHeader(t.hist.at(i))
	for _, c := range txt {
		if c < 0x20 || c >= 0x7f {
			return nil, wrapped, false
		}
	}
	return txt, wrapped, true
}
