package term

// Resize changes the screen size (clamped like New). The main screen is reflowed like tmux:
// soft-wrapped lines are re-joined and re-wrapped at the new width, over scrollback and screen,
// and rows pushed off the top to keep the cursor visible go to scrollback (growing pulls them
// back). The alternate screen is cut or padded, not reflowed. Margins reset to the full screen.
func (t *Terminal) Resize(cols, rows int) {
	cols, rows = clampSize(cols, rows)
	if cols == t.cols && rows == t.rows {
		return
	}
	oldCols := t.cols
	// The main screen's cursor: the live one, or the one saved by 1049 while the alt screen is up.
	mx, my := t.x, t.y
	if t.altActive {
		mx, my = t.saveMain.x, t.saveMain.y
	}
	nx, ny := t.reflowMain(oldCols, cols, rows, mx, my)
	if t.alt != nil {
		t.alt = resizePlain(t.alt, t.cols, t.rows, cols, rows)
	}
	t.cols, t.rows = cols, rows
	if t.altActive {
		t.scr = t.alt
		t.saveMain.x, t.saveMain.y = nx, ny
		t.x, t.y = min(t.x, cols-1), min(t.y, rows-1)
	} else {
		t.scr = t.main
		t.x, t.y = nx, ny
	}
	t.wrapPending = false
	t.marginTop, t.marginBot = 0, rows-1
	t.resetLR()
	oldTabs := t.tabs
	t.tabs = nil
	t.resetTabs()
	for i := 0; i < min(len(oldTabs), oldCols, cols); i++ {
		t.tabs[i] = oldTabs[i]
	}
	t.dirty = make([]uint64, (rows+63)/64)
	t.last.valid = false
	t.markAllDirty()
	if checkUsed {
		t.verifyUsed()
	}
}

// resizePlain copies a screen into a new size, cutting or padding rows and columns (top-aligned).
func resizePlain(s *screen, oldCols, oldRows, cols, rows int) *screen {
	ns := newScreen(cols, rows)
	for y := 0; y < min(oldRows, rows); y++ {
		src := s.line(y)
		dst := ns.line(y)
		copy(dst.cells, src.cells)
		dst.touched()
		fixRightEdge(dst.cells)
		dst.wrapped = src.wrapped && cols == oldCols
	}
	return ns
}

// fixRightEdge blanks a wide character cut in half by the right edge.
func fixRightEdge(cells []Cell) {
	if n := len(cells); n > 0 && cells[n-1].flags&cellWide != 0 {
		cells[n-1] = Cell{Style: cells[n-1].Style}
	}
}

// reflowMain rebuilds the main screen and history at cols×rows and returns the new position of
// the tracked cursor (cx, cy).
func (t *Terminal) reflowMain(oldCols, cols, rows, cx, cy int) (int, int) {
	// 1. Logical lines from history and screen rows up to the last non-blank row or the cursor.
	lastRow := cy
	for y := t.rows - 1; y > cy; y-- {
		if !blankLine(t.main.line(y).cells) {
			lastRow = y
			break
		}
	}
	var logical [][]Cell
	var cur []Cell
	curLine, curOff := -1, 0
	add := func(cells []Cell, wrapped bool, isCursorRow bool) {
		// A row wrapped early because a wide character did not fit: drop the padding cell.
		if len(cur) > 0 && len(cells) > 0 && cells[0].flags&cellWide != 0 && cur[len(cur)-1].r == 0 &&
			cur[len(cur)-1].flags == 0 {
			cur = cur[:len(cur)-1]
		}
		if isCursorRow {
			curLine, curOff = len(logical), len(cur)+cx
		}
		cur = append(cur, cells...)
		if wrapped {
			for len(cur)%oldCols != 0 {
				cur = append(cur, Cell{})
			}
			return
		}
		logical = append(logical, cur)
		cur = nil
	}
	var buf []Cell
	for i := 0; i < t.hist.n; i++ {
		cells, wrapped := t.decodeRow(t.hist.at(i), buf)
		buf = cells
		add(cells, wrapped, false)
	}
	for y := 0; y <= lastRow; y++ {
		l := t.main.line(y)
		cells := l.cells
		if y != lastRow || !l.wrapped {
			n := len(cells)
			for n > 0 && cells[n-1] == (Cell{}) {
				n--
			}
			if y == cy {
				n = max(n, min(cx, len(cells)))
			}
			cells = cells[:n]
		}
		add(cells, l.wrapped && y < lastRow, y == cy)
	}
	if cur != nil {
		logical = append(logical, cur)
	}
	// 2. Re-wrap at the new width.
	type prow struct {
		cells   []Cell
		wrapped bool
	}
	var phys []prow
	ncx, ncy := 0, 0
	for li, lc := range logical {
		if cols < 2 {
			lc = narrowOnly(lc)
		}
		start := 0
		for {
			end := min(start+cols, len(lc))
			if end < len(lc) && end-1 > start && lc[end-1].flags&cellWide != 0 {
				end-- // a wide character never splits across rows
			}
			if li == curLine && curOff >= start && (curOff < end || end == len(lc)) {
				ncy, ncx = len(phys), min(curOff-start, cols-1)
			}
			phys = append(phys, prow{cells: lc[start:end], wrapped: end < len(lc)})
			if end >= len(lc) {
				break
			}
			start = end
		}
	}
	if curLine < 0 {
		ncy, ncx = len(phys), 0
		phys = append(phys, prow{})
	}
	// 3. The screen is the last `rows` physical rows ending at the cursor or the content.
	first := max(len(phys)-rows, 0)
	// Keep the cursor visible.
	if ncy < first {
		first = ncy
	}
	// Reflow renumbers the rows; keep the count of dropped ones (pushed-n) unchanged.
	dropped := t.hist.pushed - uint64(t.hist.n)
	t.hist.clear()
	t.hist.pushed, t.hist.styledFrom = dropped, dropped // every re-added row may carry styles
	for i := 0; i < first; i++ {
		t.hist.appendRow(t.encodeRow(phys[i].cells, phys[i].wrapped))
	}
	ns := newScreen(cols, rows)
	for y := 0; y < rows && first+y < len(phys); y++ {
		l := ns.line(y)
		copy(l.cells, phys[first+y].cells)
		l.touched()
		fixRightEdge(l.cells)
		l.wrapped = phys[first+y].wrapped
	}
	t.main = ns
	return ncx, ncy - first
}

// narrowOnly replaces wide characters with a blank cell each (a 1-column screen cannot show them).
func narrowOnly(cells []Cell) []Cell {
	out := cells[:0:0]
	for _, c := range cells {
		switch {
		case c.flags&cellCont != 0:
			continue
		case c.flags&cellWide != 0:
			c = Cell{Style: c.Style}
		}
		out = append(out, c)
	}
	return out
}
