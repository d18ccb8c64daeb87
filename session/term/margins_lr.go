package term

// Left and right margins (DECSLRM, enabled by DECLRMM, mode 69). While they are narrower than
// the screen, printing wraps at the right margin to the left margin, CR returns to the left
// margin, and scrolling, IL/DL and ICH/DCH act only on the columns between the margins (such
// scrolls never feed the scrollback). The fast ASCII paths are off while margins are set.

// hasLR reports whether left/right margins narrower than the screen are in effect.
func (t *Terminal) hasLR() bool { return t.marginLeft > 0 || t.marginRight < t.cols-1 }

// inLR reports whether the cursor column is inside the left/right margins.
func (t *Terminal) inLR() bool { return t.x >= t.marginLeft && t.x <= t.marginRight }

// rightEdge is the last column printing may use before wrapping.
func (t *Terminal) rightEdge() int {
	if t.hasLR() && t.x <= t.marginRight {
		return t.marginRight
	}
	return t.cols - 1
}

// lineStart is where CR and a wrap put the cursor.
func (t *Terminal) lineStart() int {
	if t.hasLR() && t.x >= t.marginLeft {
		return t.marginLeft
	}
	return 0
}

// resetLR removes the left/right margins.
func (t *Terminal) resetLR() { t.marginLeft, t.marginRight = 0, t.cols-1 }

// setLRMargins is DECSLRM (1-based, inclusive); an invalid pair is ignored. The cursor homes.
func (t *Terminal) setLRMargins(left, right int) {
	left, right = max(left, 1)-1, min(max(right, 1), t.cols)-1
	if left >= right {
		return
	}
	t.marginLeft, t.marginRight = left, right
	t.cup(0, 0)
}

// scrollRectUp scrolls rows [top, bot] × columns [left, right] up by n, blanking at the bottom.
func (t *Terminal) scrollRectUp(top, bot, left, right, n int) {
	n = min(max(n, 1), bot-top+1)
	bl := t.blank()
	for y := top; y <= bot; y++ {
		dl := t.scr.line(y)
		dl.touched()
		dst := dl.cells
		if y+n <= bot {
			src := t.scr.line(y + n).cells
			copy(dst[left:right+1], src[left:right+1])
		} else {
			fillCells(dst[left:right+1], bl)
		}
		fixRectEdges(dst, left, right)
	}
	t.markDirtyRange(top, bot)
}

// scrollRectDown scrolls rows [top, bot] × columns [left, right] down by n, blanking at the top.
func (t *Terminal) scrollRectDown(top, bot, left, right, n int) {
	n = min(max(n, 1), bot-top+1)
	bl := t.blank()
	for y := bot; y >= top; y-- {
		dl := t.scr.line(y)
		dl.touched()
		dst := dl.cells
		if y-n >= top {
			src := t.scr.line(y - n).cells
			copy(dst[left:right+1], src[left:right+1])
		} else {
			fillCells(dst[left:right+1], bl)
		}
		fixRectEdges(dst, left, right)
	}
	t.markDirtyRange(top, bot)
}

// fixRectEdges blanks wide characters split by the rectangle's left or right edge.
func fixRectEdges(cells []Cell, left, right int) {
	if cells[left].flags&cellCont != 0 {
		cells[left] = Cell{Style: cells[left].Style}
		if left > 0 {
			cells[left-1] = Cell{Style: cells[left-1].Style}
		}
	}
	if cells[right].flags&cellWide != 0 {
		cells[right] = Cell{Style: cells[right].Style}
		if right+1 < len(cells) {
			cells[right+1] = Cell{Style: cells[right+1].Style}
		}
	}
	if left > 0 && cells[left-1].flags&cellWide != 0 {
		cells[left-1] = Cell{Style: cells[left-1].Style}
	}
	if right+1 < len(cells) && cells[right+1].flags&cellCont != 0 {
		cells[right+1] = Cell{Style: cells[right+1].Style}
	}
}
