package term

import (
	"fmt"
	"math/bits"
)

// line is one screen row. wrapped marks a soft wrap into the next row.
//
// used bounds what was written: every cell at index ≥ used is the zero Cell (a default blank).
// It lets scrolling a short line into history skip the row's blank tail instead of scanning it.
// Every write that may leave a non-zero cell at x must raise used above x (wrote, touched);
// a fresh line (all zero) has used 0. Tests check the bound after every Write (checkUsed).
type line struct {
	cells   []Cell
	wrapped bool
	used    int
}

// checkUsed makes every Write and Resize verify line.used on both screens (verifyUsed); the
// package's tests turn it on, so every engine test also checks the bound.
var checkUsed bool

// verifyUsed panics when a line holds a non-zero cell at or above its used bound.
func (t *Terminal) verifyUsed() {
	for _, s := range []*screen{t.main, t.alt} {
		if s == nil {
			continue
		}
		for i := range s.lines {
			l := &s.lines[i]
			if l.used < 0 || l.used > len(l.cells) {
				panic(fmt.Sprintf("term: line %d: used %d out of [0, %d]", i, l.used, len(l.cells)))
			}
			for x := l.used; x < len(l.cells); x++ {
				if l.cells[x] != (Cell{}) {
					panic(fmt.Sprintf("term: line %d: cell %d (%+v) is set at or above used %d", i, x, l.cells[x], l.used))
				}
			}
		}
	}
}

// wrote notes that cells below hi may now be non-zero.
func (l *line) wrote(hi int) {
	if hi > l.used {
		l.used = min(hi, len(l.cells))
	}
}

// touched notes that any cell may now be non-zero.
func (l *line) touched() { l.used = len(l.cells) }

// blankAll sets every cell to bl and clears the soft wrap.
func (l *line) blankAll(bl Cell) {
	if bl == (Cell{}) {
		clear(l.cells[:l.used])
		l.used = 0
	} else {
		fillCells(l.cells, bl)
		l.used = len(l.cells)
	}
	l.wrapped = false
}

// screen is a ring of rows: row y is lines[(top+y) % len(lines)]. Scrolling the whole screen
// advances top; it never copies cells.
type screen struct {
	lines []line
	top   int
}

func newScreen(cols, rows int) *screen {
	buf := make([]Cell, cols*rows)
	s := &screen{lines: make([]line, rows)}
	for i := range s.lines {
		s.lines[i].cells = buf[i*cols : (i+1)*cols : (i+1)*cols]
	}
	return s
}

func (s *screen) line(y int) *line {
	i := s.top + y
	if i >= len(s.lines) {
		i -= len(s.lines)
	}
	return &s.lines[i]
}

// fillCells sets cells to blank c.
func fillCells(cells []Cell, c Cell) {
	if c == (Cell{}) {
		clear(cells)
		return
	}
	for i := range cells {
		cells[i] = c
	}
}

// blank is the erase cell: empty with the pen's background (background colour erase).
func (t *Terminal) blank() Cell {
	if t.pen.Bg.IsDefault() {
		return Cell{}
	}
	st := Style{Bg: t.pen.Bg}
	id, ok := t.styles.lookup(st)
	if !ok {
		id = t.internStyle(st)
	}
	return Cell{Style: id}
}

// markDirty marks screen row y changed.
func (t *Terminal) markDirty(y int) {
	t.dirty[y>>6] |= 1 << (uint(y) & 63)
	t.seq++
}

// markDirtyRange marks rows [a, b] changed.
func (t *Terminal) markDirtyRange(a, b int) {
	for y := a; y <= b; y++ {
		t.dirty[y>>6] |= 1 << (uint(y) & 63)
	}
	t.seq++
}

func (t *Terminal) markAllDirty() {
	for i := range t.dirty {
		t.dirty[i] = ^uint64(0)
	}
	if r := t.rows & 63; r != 0 {
		t.dirty[len(t.dirty)-1] = 1<<uint(r) - 1
	}
	t.seq++
}

// Seq is a generation counter that increases on every visible change.
func (t *Terminal) Seq() uint64 { return t.seq }

// Dirty reports whether row y changed since the last TakeDirty.
func (t *Terminal) Dirty(y int) bool {
	if y < 0 || y >= t.rows {
		return false
	}
	return t.dirty[y>>6]&(1<<(uint(y)&63)) != 0
}

// TakeDirty appends the rows changed since the last call to dst, clears the set and returns dst.
func (t *Terminal) TakeDirty(dst []int) []int {
	for w, word := range t.dirty {
		for word != 0 {
			b := bits.TrailingZeros64(word)
			if y := w*64 + b; y < t.rows {
				dst = append(dst, y)
			}
			word &^= 1 << uint(b)
		}
		t.dirty[w] = 0
	}
	return dst
}

// clearWideAt makes the cell at x safe to overwrite: a wide character partly covered by x is
// blanked entirely.
func clearWideAt(cells []Cell, x int) {
	c := cells[x]
	if c.flags&cellCont != 0 && x > 0 {
		cells[x-1] = Cell{Style: cells[x-1].Style}
	}
	if c.flags&cellWide != 0 && x+1 < len(cells) {
		cells[x+1] = Cell{Style: cells[x+1].Style}
	}
}

// eraseCells blanks cells [a, b) of row y, keeping wide characters whole-or-nothing.
func (t *Terminal) eraseCells(y, a, b int) {
	a, b = max(a, 0), min(b, t.cols)
	if a >= b {
		return
	}
	l := t.scr.line(y)
	clearWideAt(l.cells, a)
	clearWideAt(l.cells, b-1)
	bl := t.blank()
	fillCells(l.cells[a:b], bl)
	if bl != (Cell{}) {
		l.wrote(b)
	}
	if b == t.cols {
		l.wrapped = false
	}
	t.markDirty(y)
}

// eraseRows blanks whole rows [a, b].
func (t *Terminal) eraseRows(a, b int) {
	bl := t.blank()
	for y := max(a, 0); y <= min(b, t.rows-1); y++ {
		t.scr.line(y).blankAll(bl)
	}
	t.markDirtyRange(max(a, 0), min(b, t.rows-1))
}

// scrollUp scrolls the region [top, bot] up by n rows. With the region being the whole main
// screen, the rows leaving the top go to scrollback and the ring rotates.
func (t *Terminal) scrollUp(top, bot, n int) {
	if top < 0 || bot >= t.rows || top > bot {
		return
	}
	n = min(max(n, 1), bot-top+1)
	if t.hasLR() {
		t.scrollRectUp(top, bot, t.marginLeft, t.marginRight, n)
		return
	}
	bl := t.blank()
	if top == 0 && bot == t.rows-1 {
		s := t.scr
		for range n {
			l := s.line(0)
			if s == t.main {
				t.hist.push(t, l)
			}
			l.blankAll(bl)
			s.top++
			if s.top == len(s.lines) {
				s.top = 0
			}
		}
		t.markAllDirty()
		return
	}
	// Partial region: move row headers, not cells.
	s := t.scr
	for y := top; y <= bot-n; y++ {
		a, b := s.line(y), s.line(y+n)
		*a, *b = *b, *a
	}
	for y := bot - n + 1; y <= bot; y++ {
		s.line(y).blankAll(bl)
	}
	t.markDirtyRange(top, bot)
}

// scrollDown scrolls the region [top, bot] down by n rows, blanking rows at the top.
func (t *Terminal) scrollDown(top, bot, n int) {
	if top < 0 || bot >= t.rows || top > bot {
		return
	}
	n = min(max(n, 1), bot-top+1)
	if t.hasLR() {
		t.scrollRectDown(top, bot, t.marginLeft, t.marginRight, n)
		return
	}
	s := t.scr
	for y := bot; y >= top+n; y-- {
		a, b := s.line(y), s.line(y-n)
		*a, *b = *b, *a
	}
	bl := t.blank()
	for y := top; y < top+n; y++ {
		s.line(y).blankAll(bl)
	}
	t.markDirtyRange(top, bot)
}

// lineFeed moves the cursor down, scrolling at the bottom margin.
func (t *Terminal) lineFeed() {
	t.wrapPending = false
	if t.y == t.marginBot {
		t.scrollUp(t.marginTop, t.marginBot, 1)
	} else if t.y < t.rows-1 {
		t.y++
	}
}

// reverseIndex moves the cursor up, scrolling down at the top margin.
func (t *Terminal) reverseIndex() {
	t.wrapPending = false
	if t.y == t.marginTop {
		t.scrollDown(t.marginTop, t.marginBot, 1)
	} else if t.y > 0 {
		t.y--
	}
}
