package term

import "github.com/charmbracelet/x/ansi"

// handleCSI dispatches a control sequence. Every count is clamped to the screen.
func (t *Terminal) handleCSI(cmd ansi.Cmd, ps ansi.Params) {
	t.last.valid = false
	if t.nInter > 1 {
		return // no control sequence we know has two intermediates
	}
	prefix, inter, final := cmd.Prefix(), cmd.Intermediate(), cmd.Final()
	if prefix == '?' {
		t.handlePrivateCSI(inter, final, ps)
		return
	}
	if prefix != 0 {
		if prefix == '>' && final == 'c' && inter == 0 {
			t.sendReply("\x1b[>1;10;0c")
		}
		return
	}
	switch inter {
	case 0:
	case '$':
		if final == 'p' {
			t.reportMode(paramAt(ps, 0, 0), false)
		}
		return
	case '!':
		if final == 'p' {
			t.softReset()
		}
		return
	case ' ':
		if final == 'q' {
			t.setCursorStyle(paramAt(ps, 0, 0))
		}
		return
	default:
		return
	}
	switch final {
	case '@':
		t.insertBlanks(count(ps, 0))
	case 'A':
		t.cursorUp(count(ps, 0))
	case 'B', 'e':
		t.cursorDown(count(ps, 0))
	case 'C', 'a':
		t.cursorRight(count(ps, 0))
	case 'D':
		t.cursorLeft(count(ps, 0))
	case 'E':
		t.cursorDown(count(ps, 0))
		t.x = 0
	case 'F':
		t.cursorUp(count(ps, 0))
		t.x = 0
	case 'G', '`':
		t.setCol(count(ps, 0) - 1)
	case 'H', 'f':
		t.cup(count(ps, 0)-1, count(ps, 1)-1)
	case 'I':
		t.tabForward(count(ps, 0))
	case 'Z':
		t.tabBackward(count(ps, 0))
	case 'J':
		t.eraseDisplay(paramAt(ps, 0, 0))
	case 'K':
		t.eraseLine(paramAt(ps, 0, 0))
	case 'L':
		t.insertLines(count(ps, 0))
	case 'M':
		t.deleteLines(count(ps, 0))
	case 'P':
		t.deleteChars(count(ps, 0))
	case 'X':
		t.wrapPending = false
		t.eraseCells(t.y, t.x, t.x+count(ps, 0))
	case 'S':
		t.scrollUp(t.marginTop, t.marginBot, count(ps, 0))
	case 'T':
		if len(ps) <= 1 {
			t.scrollDown(t.marginTop, t.marginBot, count(ps, 0))
		}
	case 'b':
		t.repeat(count(ps, 0))
	case 'c':
		if paramAt(ps, 0, 0) == 0 {
			t.sendReply("\x1b[?62;22c")
		}
	case 'd':
		t.setY(count(ps, 0) - 1)
	case 'g':
		switch paramAt(ps, 0, 0) {
		case 0:
			t.tabs[t.x] = false
		case 3:
			clear(t.tabs)
		}
	case 'h', 'l':
		for i := range ps {
			t.setANSIMode(paramAt(ps, i, 0), final == 'h')
		}
	case 'm':
		t.sgr(ps)
	case 'n':
		t.deviceStatus(paramAt(ps, 0, 0), false)
	case 'r':
		t.setMargins(paramAt(ps, 0, 1), paramAt(ps, 1, t.rows))
	case 's':
		if t.lrmm {
			t.setLRMargins(paramAt(ps, 0, 1), paramAt(ps, 1, t.cols))
		} else {
			t.saveCursor()
		}
	case 'u':
		t.restoreCursor()
	case 't':
		t.windowOps(paramAt(ps, 0, 0))
	}
}

func (t *Terminal) handlePrivateCSI(inter, final byte, ps ansi.Params) {
	switch {
	case inter == 0 && (final == 'h' || final == 'l'):
		for i := range ps {
			t.setDECMode(paramAt(ps, i, 0), final == 'h')
		}
	case inter == '$' && final == 'p':
		t.reportMode(paramAt(ps, 0, 0), true)
	case inter == 0 && final == 'J':
		t.eraseDisplay(paramAt(ps, 0, 0))
	case inter == 0 && final == 'K':
		t.eraseLine(paramAt(ps, 0, 0))
	case inter == 0 && final == 'n':
		t.deviceStatus(paramAt(ps, 0, 0), true)
	}
}

// eraseDisplay is ED/DECSED: 0 below, 1 above, 2 all, 3 scrollback.
func (t *Terminal) eraseDisplay(mode int) {
	t.wrapPending = false
	switch mode {
	case 0:
		t.eraseCells(t.y, t.x, t.cols)
		if t.y+1 < t.rows {
			t.eraseRows(t.y+1, t.rows-1)
		}
	case 1:
		if t.y > 0 {
			t.eraseRows(0, t.y-1)
		}
		t.eraseCells(t.y, 0, t.x+1)
	case 2:
		if t.scr == t.main {
			t.pushScreenToHistory()
		}
		t.eraseRows(0, t.rows-1)
	case 3:
		t.hist.clear()
		t.seq++
	}
}

// pushScreenToHistory saves the main screen's rows up to the last non-blank one into scrollback
// before a full clear (like tmux's scroll-on-clear).
func (t *Terminal) pushScreenToHistory() {
	last := -1
	for y := t.rows - 1; y >= 0; y-- {
		if !blankLine(t.main.line(y).cells) {
			last = y
			break
		}
	}
	for y := 0; y <= last; y++ {
		t.hist.push(t, t.main.line(y))
	}
}

func blankLine(cells []Cell) bool {
	for _, c := range cells {
		if c.r != 0 || c.Style != 0 {
			return false
		}
	}
	return true
}

// eraseLine is EL/DECSEL: 0 right, 1 left, 2 all.
func (t *Terminal) eraseLine(mode int) {
	t.wrapPending = false
	switch mode {
	case 0:
		t.eraseCells(t.y, t.x, t.cols)
	case 1:
		t.eraseCells(t.y, 0, t.x+1)
	case 2:
		t.eraseCells(t.y, 0, t.cols)
	}
}

// insertBlanks is ICH: shift the rest of the row (up to the right margin) right by n.
func (t *Terminal) insertBlanks(n int) {
	t.wrapPending = false
	end := t.cols // exclusive end of the shifted span: the right margin when one is set
	if t.hasLR() {
		if !t.inLR() {
			return
		}
		end = t.marginRight + 1
	}
	n = min(n, end-t.x)
	l := t.scr.line(t.y)
	l.touched()
	if l.cells[t.x].flags&cellCont != 0 && t.x > 0 {
		l.cells[t.x-1] = Cell{Style: l.cells[t.x-1].Style}
		l.cells[t.x] = Cell{Style: l.cells[t.x].Style}
	}
	copy(l.cells[t.x+n:end], l.cells[t.x:end-n])
	fillCells(l.cells[t.x:t.x+n], t.blank())
	if l.cells[end-1].flags&cellWide != 0 {
		l.cells[end-1] = Cell{Style: l.cells[end-1].Style}
	}
	if end < t.cols {
		fixRectEdges(l.cells, t.x, end-1)
	}
	t.markDirty(t.y)
}

// deleteChars is DCH: shift the rest of the row (up to the right margin) left by n, blanking at
// the end.
func (t *Terminal) deleteChars(n int) {
	t.wrapPending = false
	end := t.cols
	if t.hasLR() {
		if !t.inLR() {
			return
		}
		end = t.marginRight + 1
	}
	n = min(n, end-t.x)
	l := t.scr.line(t.y)
	l.touched()
	clearWideAt(l.cells, t.x)
	clearWideAt(l.cells, t.x+n-1)
	copy(l.cells[t.x:end], l.cells[t.x+n:end])
	fillCells(l.cells[end-n:end], t.blank())
	if end < t.cols {
		fixRectEdges(l.cells, t.x, end-1)
	}
	t.markDirty(t.y)
}

// insertLines is IL: inside the margins, scroll [y, bottom] down by n.
func (t *Terminal) insertLines(n int) {
	if t.y < t.marginTop || t.y > t.marginBot || !t.inLR() {
		return
	}
	t.scrollDown(t.y, t.marginBot, n)
	t.x, t.wrapPending = t.lineStart(), false
}

// deleteLines is DL: inside the margins, scroll [y, bottom] up by n (never into scrollback).
func (t *Terminal) deleteLines(n int) {
	if t.y < t.marginTop || t.y > t.marginBot || !t.inLR() {
		return
	}
	if t.y == 0 && t.marginBot == t.rows-1 && !t.hasLR() {
		// scrollUp would treat this as a full-screen scroll and save history; DL must not.
		s := t.scr
		n = min(n, t.rows)
		for y := 0; y < t.rows-n; y++ {
			a, b := s.line(y), s.line(y+n)
			*a, *b = *b, *a
		}
		bl := t.blank()
		for y := t.rows - n; y < t.rows; y++ {
			s.line(y).blankAll(bl)
		}
		t.markAllDirty()
	} else {
		t.scrollUp(t.y, t.marginBot, n)
	}
	t.x, t.wrapPending = t.lineStart(), false
}

// repeat is REP: print the last printed character n more times (n clamped to the screen area).
func (t *Terminal) repeat(n int) {
	if len(t.last.bytes) == 0 || t.last.w < 1 {
		return
	}
	n = min(n, t.cols*t.rows)
	cl := append([]byte(nil), t.last.bytes...)
	w := t.last.w
	if len(cl) == 1 && cl[0] < 0x80 {
		run := make([]byte, min(n, 4096))
		for i := range run {
			run[i] = cl[0]
		}
		for n > 0 {
			k := min(n, len(run))
			t.printASCII(run[:k])
			n -= k
		}
		t.last.valid = false
		return
	}
	for range n {
		t.printCluster(cl, w)
	}
	t.last.valid = false
}

// setMargins is DECSTBM (1-based, inclusive); an invalid region is ignored. The cursor homes.
func (t *Terminal) setMargins(top, bot int) {
	top, bot = max(top, 1)-1, min(max(bot, 1), t.rows)-1
	if bot == 0 && top == 0 {
		bot = t.rows - 1
	}
	if top >= bot {
		return
	}
	t.marginTop, t.marginBot = top, bot
	t.cup(0, 0)
}

func (t *Terminal) setCursorStyle(p int) {
	switch p {
	case 0, 1:
		t.cursorShape, t.cursorBlink = CursorBlock, true
	case 2:
		t.cursorShape, t.cursorBlink = CursorBlock, false
	case 3:
		t.cursorShape, t.cursorBlink = CursorUnderline, true
	case 4:
		t.cursorShape, t.cursorBlink = CursorUnderline, false
	case 5:
		t.cursorShape, t.cursorBlink = CursorBar, true
	case 6:
		t.cursorShape, t.cursorBlink = CursorBar, false
	}
	t.seq++
}
