package term

import "github.com/charmbracelet/x/ansi"

// execute handles C0 controls (C1 bytes arriving inside sequences are ignored).
func (t *Terminal) execute(b byte) {
	t.last.valid = false
	switch b {
	case 0x07: // BEL
	case 0x08: // BS: like xterm, from the pending-wrap state it lands on cols-2
		t.wrapPending = false
		if t.x > 0 {
			t.x--
		}
	case 0x09:
		t.tabForward(1)
	case 0x0a, 0x0b, 0x0c:
		start := t.lineStart()
		t.lineFeed()
		if t.lnm {
			t.x = start
		}
	case 0x0d:
		t.x, t.wrapPending = t.lineStart(), false
	case 0x0e: // SO
		t.gl = 1
	case 0x0f: // SI
		t.gl = 0
	}
}

// tabForward moves to the n-th next tab stop (or the last column).
func (t *Terminal) tabForward(n int) {
	n = min(n, t.cols)
	for ; n > 0 && t.x < t.cols-1; n-- {
		t.x++
		for t.x < t.cols-1 && !t.tabs[t.x] {
			t.x++
		}
	}
	t.wrapPending = false
}

// tabBackward moves to the n-th previous tab stop (or column 0).
func (t *Terminal) tabBackward(n int) {
	n = min(n, t.cols)
	for ; n > 0 && t.x > 0; n-- {
		t.x--
		for t.x > 0 && !t.tabs[t.x] {
			t.x--
		}
	}
	t.wrapPending = false
}

// handleESC handles ESC sequences (no CSI/OSC/DCS).
func (t *Terminal) handleESC(cmd ansi.Cmd) {
	t.last.valid = false
	if t.nInter > 1 {
		return // no ESC sequence we know has two intermediates
	}
	inter := cmd.Intermediate()
	final := cmd.Final()
	switch inter {
	case 0:
	case '(', ')', '*', '+':
		t.charsets[inter-'('] = final
		if final != '0' {
			t.charsets[inter-'('] = 'B'
		}
		return
	case '#':
		if final == '8' {
			t.decaln()
		}
		return
	default:
		return
	}
	switch final {
	case '7':
		t.saveCursor()
	case '8':
		t.restoreCursor()
	case 'D': // IND
		t.lineFeed()
	case 'E': // NEL
		start := t.lineStart()
		t.lineFeed()
		t.x = start
	case 'M': // RI
		t.reverseIndex()
	case 'H': // HTS
		t.tabs[t.x] = true
	case 'c': // RIS
		t.fullReset()
	case '=':
		t.modes.AppKeypad = true
	case '>':
		t.modes.AppKeypad = false
	}
}

// decaln fills the screen with 'E' (DECALN) and homes the cursor.
func (t *Terminal) decaln() {
	t.marginTop, t.marginBot = 0, t.rows-1
	for y := 0; y < t.rows; y++ {
		t.scr.line(y).blankAll(Cell{r: 'E'})
	}
	t.x, t.y, t.wrapPending = 0, 0, false
	t.markAllDirty()
}

func (t *Terminal) saved() *savedCursor {
	if t.altActive {
		return &t.saveAlt
	}
	return &t.saveMain
}

// saveCursor is DECSC.
func (t *Terminal) saveCursor() {
	*t.saved() = savedCursor{x: t.x, y: t.y, pending: t.wrapPending, pen: t.pen, origin: t.origin,
		charsets: t.charsets, gl: t.gl, valid: true}
}

// restoreCursor is DECRC; with nothing saved it homes the cursor and resets the pen.
func (t *Terminal) restoreCursor() {
	s := t.saved()
	if !s.valid {
		t.x, t.y, t.wrapPending = 0, 0, false
		t.pen, t.penStale = Style{}, true
		t.origin = false
		return
	}
	t.x, t.y = min(s.x, t.cols-1), min(s.y, t.rows-1)
	t.wrapPending = s.pending && t.x == t.cols-1
	t.pen, t.penStale = s.pen, true
	t.origin, t.charsets, t.gl = s.origin, s.charsets, s.gl
}

// fullReset is RIS: screen, scrollback, modes and title back to power-on.
func (t *Terminal) fullReset() {
	if t.altActive {
		t.altActive = false
		t.scr = t.main
	}
	t.alt = nil
	t.resetState()
	t.eraseRows(0, t.rows-1)
	t.hist.clear()
	t.x, t.y, t.wrapPending = 0, 0, false
	t.title, t.cwd = "", ""
	if t.titleFn != nil {
		t.titleFn("")
	}
	t.markAllDirty()
}

// softReset is DECSTR: modes, margins, pen and saved cursor, but not the screen.
func (t *Terminal) softReset() {
	t.cursorVisible, t.insert, t.origin, t.autowrap = true, false, false, true
	t.modes.AppCursor, t.modes.AppKeypad = false, false
	t.marginTop, t.marginBot = 0, t.rows-1
	t.resetLR()
	t.pen, t.penStale = Style{}, true
	t.charsets, t.gl = [4]byte{'B', 'B', 'B', 'B'}, 0
	*t.saved() = savedCursor{}
	t.wrapPending = false
}
