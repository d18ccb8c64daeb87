package term

// cursorUp is CUU: it stops at the top margin when the cursor starts inside the region.
func (t *Terminal) cursorUp(n int) {
	top := 0
	if t.y >= t.marginTop {
		top = t.marginTop
	}
	t.y = max(t.y-n, top)
	t.wrapPending = false
}

// cursorDown is CUD: it stops at the bottom margin when the cursor starts inside the region.
func (t *Terminal) cursorDown(n int) {
	bot := t.rows - 1
	if t.y <= t.marginBot {
		bot = t.marginBot
	}
	t.y = min(t.y+n, bot)
	t.wrapPending = false
}

func (t *Terminal) cursorRight(n int) {
	t.x = min(t.x+n, t.cols-1)
	t.wrapPending = false
}

func (t *Terminal) cursorLeft(n int) {
	t.x = max(t.x-n, 0)
	t.wrapPending = false
}

func (t *Terminal) setX(x int) {
	t.x = min(max(x, 0), t.cols-1)
	t.wrapPending = false
}

// setCol is setX for CUP/HVP/CHA/HPA: in origin mode it is relative to the left margin.
func (t *Terminal) setCol(x int) {
	if t.origin {
		t.x = min(max(x+t.marginLeft, t.marginLeft), t.marginRight)
		t.wrapPending = false
		return
	}
	t.setX(x)
}

// setY moves to row y, relative to the top margin and confined to it in origin mode.
func (t *Terminal) setY(y int) {
	if t.origin {
		t.y = min(max(y+t.marginTop, t.marginTop), t.marginBot)
	} else {
		t.y = min(max(y, 0), t.rows-1)
	}
	t.wrapPending = false
}

func (t *Terminal) cup(y, x int) {
	t.setY(y)
	t.setCol(x)
}
