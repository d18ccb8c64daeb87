package term

import (
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// lastCluster remembers the most recently printed cluster so a cluster split across two writes
// (a base and its combining mark, an emoji and its modifier) is re-placed whole. Any control or
// escape sequence ends it.
type lastCluster struct {
	valid   bool
	x, y, w int
	bytes   []byte
}

// maxCarry bounds how much of a cluster is carried across writes.
const maxCarry = 256

// flushText ends a text run: leftover incomplete UTF-8 becomes U+FFFD and the cluster carry ends.
func (t *Terminal) flushText() {
	if len(t.heldZW) > 0 {
		held := append([]byte(nil), t.heldZW...)
		t.heldZW = t.heldZW[:0]
		t.attachZeroWidth(held)
	}
	if len(t.utf8Tail) > 0 {
		// The tail is a valid but truncated prefix: one U+FFFD (see sanitizeUTF8).
		t.utf8Tail = t.utf8Tail[:0]
		t.printCluster([]byte("\uFFFD"), 1)
	}
	t.last.valid = false
}

// text prints a run of bytes that are all >= 0x20 and != 0x7f. atEnd says the run ends the
// current Write, so an incomplete UTF-8 sequence at its end is kept for the next Write.
func (t *Terminal) text(b []byte, atEnd bool) {
	if len(t.heldZW)+len(t.utf8Tail) > 0 {
		nb := make([]byte, 0, len(t.heldZW)+len(t.utf8Tail)+len(b))
		nb = append(append(append(nb, t.heldZW...), t.utf8Tail...), b...)
		b = nb
		t.heldZW, t.utf8Tail = t.heldZW[:0], t.utf8Tail[:0]
	}
	if atEnd {
		b = t.splitTail(b)
	}
	if len(b) == 0 {
		return
	}
	if !isASCII(b) {
		if !utf8.Valid(b) {
			b = sanitizeUTF8(b)
		}
		if b = safeText(b); len(b) == 0 {
			return
		}
	}
	i := 0
	if t.last.valid && b[0] >= 0x80 {
		i = t.extendLast(b)
	}
	for i < len(b) {
		if b[i] < 0x80 {
			j := i + 1
			for j < len(b) && b[j] < 0x80 {
				j++
			}
			if j < len(b) {
				j-- // the last ASCII byte may start a cluster with what follows
			}
			if j > i {
				t.printASCII(b[i:j])
				i = j
				continue
			}
		}
		if n, w, ok := simpleCluster(b[i:]); ok && w > 0 {
			t.placeCluster(b[i:i+n], w) // one code point: nothing to split
			i += n
			continue
		}
		cl, w := ansi.FirstGraphemeCluster(b[i:], ansi.GraphemeWidth)
		if len(cl) <= 1 && b[i] < 0x80 {
			t.printASCII(b[i : i+1])
			i++
			continue
		}
		if len(cl) == 0 {
			cl, w = b[i:i+1], 1
		}
		if w <= 0 && atEnd && i+len(cl) == len(b) && len(cl) < maxCarry && gluesForward(cl) {
			// A zero-width cluster ending the write (a Prepend mark) may still grow: hold it.
			t.heldZW = append(t.heldZW[:0], cl...)
			return
		}
		t.printCluster(cl, w)
		i += len(cl)
	}
}

// extendLast re-places the previous write's last cluster if b continues it; it returns how many
// bytes of b were consumed.
func (t *Terminal) extendLast(b []byte) int {
	lb := t.last.bytes
	head := b[:min(len(b), maxCarry)]
	comb := make([]byte, 0, len(lb)+len(head))
	comb = append(append(comb, lb...), head...)
	cl, w := ansi.FirstGraphemeCluster(comb, ansi.GraphemeWidth)
	if len(cl) <= len(lb) {
		return 0
	}
	if t.last.y >= t.rows || t.last.x >= t.cols {
		return 0
	}
	l := t.scr.line(t.last.y)
	// Blank what the partial cluster drew; the whole cluster is drawn again below (or not at
	// all if it cannot fit, as when written in one piece).
	// A cluster in its host form may span more than two cells (host_form.go).
	l.wrote(t.last.x + max(t.last.w, 2))
	for x := t.last.x; x < min(t.last.x+max(t.last.w, 1), t.cols); x++ {
		l.cells[x] = Cell{Style: l.cells[x].Style}
	}
	t.x, t.y, t.wrapPending = t.last.x, t.last.y, false
	if t.insert {
		t.deleteChars(t.last.w)
	}
	t.printCluster(cl, w)
	return len(cl) - len(lb)
}

// pending wrap: perform it before printing.
func (t *Terminal) doWrap() {
	start := t.lineStart()
	t.scr.line(t.y).wrapped = !t.hasLR()
	t.lineFeed()
	t.x = start
}

// curStyle returns the pen's style id, interning it if it changed.
func (t *Terminal) curStyle() StyleID {
	if t.penStale {
		t.penID = t.internStyle(t.pen)
		t.penStale = false
	}
	return t.penID
}

// printASCII writes printable ASCII bytes straight into cells (the fast path).
func (t *Terminal) printASCII(run []byte) {
	if t.charsets[t.gl] == '0' || t.insert || !t.autowrap || t.hasLR() {
		for _, c := range run {
			r := rune(c)
			if t.charsets[t.gl] == '0' {
				r = decGraphics(r)
			}
			t.printRune(r)
		}
		return
	}
	for len(run) > 0 {
		if t.wrapPending {
			t.doWrap()
		}
		id := t.curStyle() // after the wrap: a scroll may compact the style table
		l := t.scr.line(t.y)
		n := min(len(run), t.cols-t.x)
		cells := l.cells[t.x : t.x+n]
		l.wrote(t.x + n)
		clearWideAt(l.cells, t.x)
		clearWideAt(l.cells, t.x+n-1)
		for k, c := range run[:n] {
			cells[k] = Cell{r: rune(c), Style: id}
		}
		t.x += n
		if t.x >= t.cols {
			t.x = t.cols - 1
			t.wrapPending = true
		}
		t.markDirty(t.y)
		run = run[n:]
		if len(run) == 0 {
			t.last.valid = true
			t.last.x, t.last.y, t.last.w = t.x-1, t.y, 1
			if t.wrapPending {
				t.last.x = t.cols - 1
			}
			t.last.bytes = append(t.last.bytes[:0], cells[n-1].r0())
		}
	}
}

func (c Cell) r0() byte { return byte(c.r) }

// plainASCII reports whether printable ASCII maps straight to cells (no DEC graphics charset,
// no insert mode, autowrap on), so the fused fast path applies.
func (t *Terminal) plainASCII() bool {
	return t.charsets[t.gl] != '0' && !t.insert && t.autowrap && !t.hasLR()
}

// scanPrintASCII stores the printable ASCII (0x20–0x7e) at the start of p into cells, wrapping
// as needed, and returns how many bytes it consumed (at least 1). A combining mark right after
// the run is handled by the carried last cluster, as if the write had been split there.
func (t *Terminal) scanPrintASCII(p []byte) int {
	i := 0
	for {
		if i == len(p) || p[i] < 0x20 || p[i] >= 0x7f {
			return i
		}
		if t.wrapPending {
			t.doWrap()
		}
		id := t.curStyle() // after the wrap: a scroll may compact the style table
		l := t.scr.line(t.y)
		x0 := t.x
		cells := l.cells[x0:]
		room := min(len(cells), len(p)-i)
		k := 0
		for k < room {
			c := p[i+k]
			if c < 0x20 || c >= 0x7f {
				break
			}
			cells[k] = Cell{r: rune(c), Style: id}
			k++
		}
		if k == 0 {
			return i
		}
		l.wrote(x0 + k + 1) // +1: the repaired cell after the stretch
		// Repair wide characters cut at either end of the stored stretch.
		if x0 > 0 && l.cells[x0-1].flags&cellWide != 0 {
			l.cells[x0-1] = Cell{Style: l.cells[x0-1].Style}
		}
		if e := x0 + k; e < len(l.cells) && l.cells[e].flags&cellCont != 0 {
			l.cells[e] = Cell{Style: l.cells[e].Style}
		}
		i += k
		t.x += k
		if t.x >= t.cols {
			t.x = t.cols - 1
			t.wrapPending = true
		}
		t.markDirty(t.y)
		t.last.valid = true
		t.last.x, t.last.y, t.last.w = x0+k-1, t.y, 1
		t.last.bytes = append(t.last.bytes[:0], p[i-1])
	}
}

// printRune prints one narrow rune (charset-mapped ASCII).
func (t *Terminal) printRune(r rune) {
	var buf [4]byte
	n := utf8.EncodeRune(buf[:], r)
	t.printCluster(buf[:n], 1)
}

// printCluster places one grapheme cluster of width w at the cursor; one that wcwidth terminals
// draw at another width goes in pieces (cluster_split.go), an emoji sequence or jamo in its host
// form (host_form.go).
func (t *Terminal) printCluster(cl []byte, w int) {
	r, n := utf8.DecodeRune(cl)
	if isVowelOrFinalJamo(r) {
		cl, w = []byte("\uFFFD"), 1
	}
	// Most clusters here are one code point (a Hangul syllable, an emoji): only a ZWJ, regional
	// indicator or emoji modifier on its own needs a look (placedForHost).
	if (n < len(cl) || r == zwj || isRIOrModifier(r)) && !graphemeHost.Load() && t.placedForHost(cl, w) {
		return
	}
	if w <= 0 {
		t.attachZeroWidth(cl)
		return
	}
	t.placeCluster(cl, w)
}

// placeCluster places cl, w > 0 columns wide, at the cursor as one cell.
func (t *Terminal) placeCluster(cl []byte, w int) {
	w = min(w, 2)
	if w == 2 && t.cols < 2 {
		w = 1 // a 1-column screen shows a wide character clipped to its one column
	}
	if t.wrapPending && t.autowrap {
		t.doWrap()
	}
	t.wrapPending = false
	right := t.rightEdge()
	if w == 2 && t.x == right {
		if t.autowrap {
			l := t.scr.line(t.y)
			clearWideAt(l.cells, t.x)
			l.cells[t.x] = t.blank()
			l.wrote(t.x + 2)
			t.doWrap()
		} else {
			t.x = right - 1
		}
	}
	if t.insert {
		t.insertBlanks(w)
	}
	// clusterRune may compact the tables (remapping style ids), so it runs before curStyle.
	r := t.clusterRune(cl)
	id := t.curStyle()
	l := t.scr.line(t.y)
	l.wrote(t.x + 2)
	clearWideAt(l.cells, t.x)
	if w == 2 {
		clearWideAt(l.cells, t.x+1)
		l.cells[t.x] = Cell{r: r, Style: id, flags: cellWide}
		l.cells[t.x+1] = Cell{Style: id, flags: cellCont}
	} else {
		l.cells[t.x] = Cell{r: r, Style: id}
	}
	t.last.valid = true
	t.last.x, t.last.y, t.last.w = t.x, t.y, w
	t.last.bytes = append(t.last.bytes[:0], cl[:min(len(cl), maxCarry)]...)
	t.markDirty(t.y)
	t.x += w
	if t.x > right {
		t.x = right
		t.wrapPending = t.autowrap
	}
}

// clusterRune returns the cell value for cluster cl: the rune itself or an interned handle.
func (t *Terminal) clusterRune(cl []byte) rune {
	r, n := utf8.DecodeRune(cl)
	if n == len(cl) {
		return r
	}
	if len(t.clusters.strs) >= t.clusterLimit {
		t.compact()
	}
	return t.clusterRuneNoCompact(cl)
}

// clusterRuneNoCompact is clusterRune without compaction, for decoding rows that callers hold.
func (t *Terminal) clusterRuneNoCompact(cl []byte) rune {
	r, n := utf8.DecodeRune(cl)
	if n == len(cl) {
		return r
	}
	if len(cl) > maxClusterBytes {
		k := maxClusterBytes
		for k > 0 && !utf8.RuneStart(cl[k]) {
			k--
		}
		cl = cl[:k]
	}
	return t.clusters.intern(cl)
}

// attachZeroWidth appends a zero-width cluster (combining mark, ZWJ, variation selector arriving
// after a control) to the previous cell; with no previous cell it is dropped.
func (t *Terminal) attachZeroWidth(cl []byte) {
	x := t.x - 1
	if t.wrapPending {
		x = t.x
	}
	if x < 0 {
		return
	}
	l := t.scr.line(t.y)
	if l.cells[x].flags&cellCont != 0 && x > 0 {
		x--
	}
	c := l.cells[x]
	if c.r == 0 {
		return
	}
	base := t.appendCell(t.scratch[:0], c)
	base = append(base, cl...)
	t.scratch = base[:0]
	c.r = t.clusterRune(base)
	c.Style = l.cells[x].Style // compaction may have renumbered it
	l.cells[x] = c
	l.wrote(x + 1)
	t.last.valid = false
	t.markDirty(t.y)
}

// gluesForward reports whether cluster cl would absorb a following letter (it ends in a Prepend
// mark), so a write ending with it must wait for the next one.
func gluesForward(cl []byte) bool {
	probe := append(append(make([]byte, 0, len(cl)+1), cl...), 'a')
	got, _ := ansi.FirstGraphemeCluster(probe, ansi.GraphemeWidth)
	return len(got) > len(cl)
}
