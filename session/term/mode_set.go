package term

import "strconv"

// setANSIMode handles SM/RM: 4 IRM, 20 LNM.
func (t *Terminal) setANSIMode(m int, on bool) {
	switch m {
	case 4:
		t.insert = on
	case 20:
		t.lnm = on
		t.modes.LineFeedNewLine = on
	}
}

// setDECMode handles DECSET/DECRST.
func (t *Terminal) setDECMode(m int, on bool) {
	switch m {
	case 1:
		t.modes.AppCursor = on
	case 5:
		if t.reverseVideo != on {
			t.reverseVideo = on
			t.markAllDirty()
		}
	case 6:
		t.origin = on
		t.cup(0, 0)
	case 7:
		t.autowrap = on
		if !on {
			t.wrapPending = false
		}
	case 12:
		t.cursorBlink = on
		t.seq++
	case 25:
		t.cursorVisible = on
		t.seq++
	case 47, 1047:
		t.switchScreen(on, m == 1047, false)
	case 1049:
		t.switchScreen(on, true, true)
	case 1048:
		if on {
			t.saveCursor()
		} else {
			t.restoreCursor()
		}
	case 1000, 1002, 1003:
		lvl := MouseNormal
		switch m {
		case 1002:
			lvl = MouseButton
		case 1003:
			lvl = MouseAny
		}
		if on {
			t.modes.Mouse = lvl
		} else if t.modes.Mouse == lvl {
			t.modes.Mouse = MouseOff
		}
	case 1004:
		t.modes.FocusEvents = on
	case 1006:
		t.modes.MouseSGR = on
	case 2004:
		t.modes.BracketedPaste = on
	case 2026:
		t.sync = on
		t.seq++
	case 69:
		t.lrmm = on
		if !on {
			t.resetLR()
		}
	}
}

// decModeState returns the DECRQM state of a private mode: 1 set, 2 reset, 0 not recognized.
func (t *Terminal) decModeState(m int) int {
	var v bool
	switch m {
	case 1:
		v = t.modes.AppCursor
	case 5:
		v = t.reverseVideo
	case 6:
		v = t.origin
	case 7:
		v = t.autowrap
	case 12:
		v = t.cursorBlink
	case 25:
		v = t.cursorVisible
	case 47, 1047, 1049:
		v = t.altActive
	case 1000:
		v = t.modes.Mouse == MouseNormal
	case 1002:
		v = t.modes.Mouse == MouseButton
	case 1003:
		v = t.modes.Mouse == MouseAny
	case 1004:
		v = t.modes.FocusEvents
	case 1006:
		v = t.modes.MouseSGR
	case 2004:
		v = t.modes.BracketedPaste
	case 2026:
		v = t.sync
	case 2027:
		return 3 // grapheme clustering: permanently set
	case 69:
		v = t.lrmm
	default:
		return 0
	}
	if v {
		return 1
	}
	return 2
}

// reportMode answers DECRQM: CSI ? Ps ; Pm $ y (private) or CSI Ps ; Pm $ y (ANSI).
func (t *Terminal) reportMode(m int, private bool) {
	state := 0
	if private {
		state = t.decModeState(m)
	} else {
		switch m {
		case 4:
			state = boolState(t.insert)
		case 20:
			state = boolState(t.lnm)
		}
	}
	b := append(t.replyBuf[:0], "\x1b["...)
	if private {
		b = append(b, '?')
	}
	b = strconv.AppendInt(b, int64(m), 10)
	b = append(b, ';')
	b = strconv.AppendInt(b, int64(state), 10)
	b = append(b, "$y"...)
	t.replyBuf = b
	t.emit(b)
}

func boolState(v bool) int {
	if v {
		return 1
	}
	return 2
}

// switchScreen enters or leaves the alternate screen. clear blanks the alternate screen on entry;
// cursor saves the cursor on entry and restores it on exit (1049).
func (t *Terminal) switchScreen(on, clearIt, cursor bool) {
	if on == t.altActive {
		if !on && cursor {
			t.restoreCursor() // like xterm and tmux, 1049l restores the cursor even off the alt screen
		}
		return
	}
	if on {
		if cursor {
			t.saveCursor()
		}
		if t.alt == nil {
			t.alt = newScreen(t.cols, t.rows)
		}
		t.altActive, t.scr = true, t.alt
		if clearIt {
			t.eraseRows(0, t.rows-1)
		}
	} else {
		t.altActive, t.scr = false, t.main
		if cursor {
			t.restoreCursor()
		}
	}
	t.wrapPending = false
	t.last.valid = false
	t.markAllDirty()
}
