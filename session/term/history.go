package term

import (
	"encoding/binary"
	"slices"
	"unicode/utf8"
	"unsafe"
)

// history is the main screen's scrollback: a ring of compactly encoded rows, bounded by a line
// count and a byte count. Rows are packed back to back in 64 KiB chunks (no per-row allocation
// or size-class rounding); a chunk is freed when its last row is evicted. Row encoding:
//
//	flags byte (bit 0: soft-wrapped) | uvarint ncells | uvarint nruns |
//	nruns × style run (see appendRun) | cell text
//
// Cell text is one byte per single-ASCII cell (an empty cell is ' '); any other cell is a marker
// (1 narrow, 2 wide; a wide cell's continuation is implied) followed by uvarint length and the
// cluster's UTF-8 bytes. Trailing empty default-style cells are not stored.
type history struct {
	chunks    [][]byte
	spare     []byte // a freed chunk kept for reuse
	chunkBase uint32 // absolute number of chunks[0]
	refs      []rowRef
	start, n  int
	bytes     int

	pushed     uint64 // rows ever appended; row i is number pushed-n+i
	styledFrom uint64 // rows numbered below this use only the default style

	maxLines, maxBytes int
}

// rowRef locates a row: absolute chunk number, offset and length.
type rowRef struct{ chunk, off, n uint32 }

const histChunk = 64 << 10

func (h *history) init(lines, bytes int) {
	h.maxLines, h.maxBytes = lines, bytes
}

func (h *history) clear() {
	h.chunks, h.refs, h.spare = nil, nil, nil
	h.styledFrom = h.pushed
	h.chunkBase, h.start, h.n, h.bytes = 0, 0, 0, 0
}

func (h *history) ref(i int) rowRef {
	j := h.start + i
	if j >= len(h.refs) {
		j -= len(h.refs)
	}
	return h.refs[j]
}

// at returns row i (0 = oldest); the bytes stay owned by the history.
func (h *history) at(i int) []byte {
	r := h.ref(i)
	c := h.chunks[r.chunk-h.chunkBase]
	return c[r.off : r.off+r.n : r.off+r.n]
}

func (h *history) popOldest() {
	h.bytes -= int(h.refs[h.start].n)
	h.start++
	if h.start == len(h.refs) {
		h.start = 0
	}
	h.n--
	// Free chunks no live row uses.
	for len(h.chunks) > 1 && (h.n == 0 || h.refs[h.start].chunk > h.chunkBase) {
		if cap(h.chunks[0]) == histChunk {
			h.spare = h.chunks[0][:0] // reused by the next chunk: no allocation in steady state
		}
		copy(h.chunks, h.chunks[1:])
		h.chunks[len(h.chunks)-1] = nil
		h.chunks = h.chunks[:len(h.chunks)-1]
		h.chunkBase++
	}
}

// appendRow copies an encoded row in, evicting the oldest rows over the bounds.
func (h *history) appendRow(b []byte) {
	if h.maxLines <= 0 {
		return
	}
	if h.n == len(h.refs) {
		if h.n < h.maxLines {
			nr := make([]rowRef, min(max(2*h.n, 64), h.maxLines))
			for i := range h.n {
				nr[i] = h.ref(i)
			}
			h.refs, h.start = nr, 0
		} else {
			h.popOldest()
		}
	}
	last := len(h.chunks) - 1
	if last < 0 || len(h.chunks[last])+len(b) > cap(h.chunks[last]) {
		c := h.spare
		h.spare = nil
		if len(b) > histChunk || c == nil {
			c = make([]byte, 0, max(histChunk, len(b)))
		}
		h.chunks = append(h.chunks, c)
		last++
	}
	c := h.chunks[last]
	ref := rowRef{chunk: h.chunkBase + uint32(last), off: uint32(len(c)), n: uint32(len(b))}
	h.chunks[last] = append(c, b...)
	j := h.start + h.n
	if j >= len(h.refs) {
		j -= len(h.refs)
	}
	h.refs[j] = ref
	h.n++
	h.pushed++
	h.bytes += len(b)
	for h.n > 1 && h.bytes > h.maxBytes {
		h.popOldest()
	}
}

// push encodes screen row l into the history.
func (h *history) push(t *Terminal, l *line) {
	if h.maxLines <= 0 {
		return
	}
	h.appendRow(t.encodeRow(l.cells[:l.used], l.wrapped))
}

// encodeRow encodes cells into a scratch buffer valid until the next call. One pass writes runs
// and text into reusable buffers; they are then joined behind the header.
func (t *Terminal) encodeRow(cells []Cell, wrapped bool) []byte {
	n := len(cells)
	for n > 0 && *(*uint64)(unsafe.Pointer(&cells[n-1])) == 0 { // cells[n-1] == Cell{}
		n--
	}
	cells = cells[:n]
	text := t.encText[:0]
	runs := t.encRuns[:0]
	nruns := 0
	runStart := 0
	var cur StyleID
	blankRun := false // the current run holds only blanks that look like default blanks
	for i := 0; i < n; i++ {
		c := cells[i]
		if c.Style != cur && i > 0 && (c.r == 0 || c.r == ' ') && c.flags == 0 &&
			t.blankNeutral(c.Style) && t.blankNeutral(cur) {
			c.Style = cur // a plain blank looks the same in the surrounding run's style
		}
		isBlank := (c.r == 0 || c.r == ' ') && c.flags == 0
		if c.Style != cur && i > 0 && blankRun && t.blankNeutral(c.Style) {
			cur = c.Style // the run so far is plain blanks: they take this cell's style
		}
		if c.Style != cur || i == 0 {
			if i > 0 {
				runs = appendRun(runs, cur, i-runStart)
				nruns++
			}
			cur, runStart = c.Style, i
			blankRun = true
		}
		blankRun = blankRun && isBlank && t.blankNeutral(c.Style)
		if c.r < 0x80 && c.flags == 0 {
			// Fast path: a stretch of single-byte cells in this style, stored by index.
			m := len(text)
			text = slices.Grow(text, n-i)[:m+n-i]
			k := i
			// Tight loop for the common case: ASCII, same style, no flags (compared as one word;
			// Cell's padding byte is never written, so it is always zero).
			dst := text[m : m+n-i]
			key := uint64(cur) << 32
			for k < n {
				u := *(*uint64)(unsafe.Pointer(&cells[k]))
				if u&^0x7f != key || u == key {
					break
				}
				dst[k-i] = byte(u)
				blankRun = blankRun && byte(u) == ' '
				k++
			}
			for ; k < n; k++ {
				c2 := cells[k]
				if c2.r >= 0x80 || c2.flags != 0 {
					break
				}
				b := byte(c2.r)
				if c2.Style != cur && !((b == 0 || b == ' ') && t.blankNeutral(c2.Style) && t.blankNeutral(cur)) {
					break
				}
				if b == 0 {
					b = ' '
				}
				if b != ' ' {
					blankRun = false
				}
				text[m+k-i] = b
			}
			text = text[:m+k-i]
			i = k - 1
			continue
		}
		switch {
		case c.flags&cellCont != 0:
		case c.r == 0:
			text = append(text, ' ')
		case c.r < 0x80:
			text = append(text, byte(c.r))
		default:
			m := byte(1)
			if c.flags&cellWide != 0 {
				m = 2
			}
			if c.r < clusterBase {
				text = append(text, m, byte(utf8.RuneLen(c.r)))
				text = utf8.AppendRune(text, c.r)
				continue
			}
			cl := t.clusters.get(c.r)
			text = append(text, m)
			text = binary.AppendUvarint(text, uint64(len(cl)))
			text = append(text, cl...)
		}
	}
	if n > 0 {
		runs = appendRun(runs, cur, n-runStart)
		nruns++
	}
	t.encText, t.encRuns = text, runs
	var hdr [1 + 2*binary.MaxVarintLen64]byte
	if wrapped {
		hdr[0] = 1
	}
	h := 1 + binary.PutUvarint(hdr[1:], uint64(n))
	h += binary.PutUvarint(hdr[h:], uint64(nruns))
	b := append(t.encRow[:0], hdr[:h]...)
	b = append(b, runs...)
	b = append(b, text...)
	t.encRow = b
	return b
}

func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// rowHeader parses an encoded row's header: wrapped flag, cell count, runs bytes and text.
func rowHeader(b []byte) (wrapped bool, ncells int, runs []byte, nruns int, text []byte) {
	if len(b) == 0 {
		return
	}
	wrapped = b[0]&1 != 0
	p := 1
	nc, k := binary.Uvarint(b[p:])
	p += k
	nr, k := binary.Uvarint(b[p:])
	p += k
	runStart := p
	for range nr {
		_, _, k = readRun(b[p:])
		p += k
	}
	return wrapped, int(nc), b[runStart:p], int(nr), b[p:]
}

// A style run is 2 bytes when short (1–16 cells, style id < 2048): 1LLLLIII IIIIIIII; otherwise
// a 0 byte, the uint16 LE style id and the uvarint cell count.
func appendRun(b []byte, id StyleID, n int) []byte {
	if n >= 1 && n <= 16 && id < 2048 {
		return append(b, 0x80|byte(n-1)<<3|byte(id>>8), byte(id))
	}
	b = append(b, 0)
	b = binary.LittleEndian.AppendUint16(b, uint16(id))
	return binary.AppendUvarint(b, uint64(n))
}

// readRun decodes a style run and returns its id, cell count and encoded length.
func readRun(b []byte) (StyleID, int, int) {
	if b[0]&0x80 != 0 {
		return StyleID(b[0]&7)<<8 | StyleID(b[1]), int(b[0]>>3&15) + 1, 2
	}
	id := StyleID(binary.LittleEndian.Uint16(b[1:]))
	v, k := binary.Uvarint(b[3:])
	return id, int(v), 3 + k
}

// decodeRow decodes an encoded row into dst (reset to len 0) and returns the cells (trailing
// empty cells not included) and the wrap flag.
func (t *Terminal) decodeRow(b []byte, dst []Cell) ([]Cell, bool) {
	dst = dst[:0]
	wrapped, ncells, runs, nruns, text := rowHeader(b)
	rp := 0
	var style StyleID
	left := 0
	nextStyle := func() {
		for left == 0 && nruns > 0 {
			var k int
			style, left, k = readRun(runs[rp:])
			rp += k
			nruns--
		}
	}
	for len(dst) < ncells && len(text) > 0 {
		nextStyle()
		c := text[0]
		if c >= 0x20 {
			r := rune(c)
			if c == ' ' {
				r = 0
			}
			dst = append(dst, Cell{r: r, Style: style})
			text = text[1:]
			left--
			continue
		}
		l, k := binary.Uvarint(text[1:])
		cl := text[1+k : 1+k+int(l)]
		text = text[1+k+int(l):]
		r := t.clusterRuneNoCompact(cl)
		if c == 2 {
			dst = append(dst, Cell{r: r, Style: style, flags: cellWide})
			left--
			nextStyle()
			dst = append(dst, Cell{Style: style, flags: cellCont})
			left--
		} else {
			dst = append(dst, Cell{r: r, Style: style})
			left--
		}
	}
	return dst, wrapped
}

// forEachRunStyle calls fn on each style id slot of encoded row b so compaction can rewrite it.
func forEachRunStyle(b []byte, fn func(id StyleID) StyleID) {
	_, _, runs, nruns, _ := rowHeader(b)
	p := 0
	for range nruns {
		id, _, k := readRun(runs[p:])
		nid := fn(id)
		if runs[p]&0x80 != 0 {
			// Compaction only lowers ids, so a short run stays short.
			runs[p] = runs[p]&^7 | byte(nid>>8)&7
			runs[p+1] = byte(nid)
		} else {
			binary.LittleEndian.PutUint16(runs[p+1:], uint16(nid))
		}
		p += k
	}
}

// blankNeutral reports whether a blank cell in style id looks like a default blank: no
// background, reverse, underline, strike, overline or link. History merges such blanks into the
// neighbouring run, which saves a style run per coloured word.
func (t *Terminal) blankNeutral(id StyleID) bool {
	if id == 0 {
		return true
	}
	st := t.styles.get(id)
	return st.Bg.IsDefault() && st.Underline == UnderlineNone && st.Link == "" &&
		st.Attrs&(AttrReverse|AttrStrike|AttrOverline) == 0
}
