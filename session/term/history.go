package term

import (
	"encoding/binary"
	"unicode/utf8"
)

// history is the main screen's scrollback: a ring of compactly encoded rows (one allocation
// each), bounded by a line count and a byte count. Row encoding:
//
//	flags byte (bit 0: soft-wrapped) | uvarint ncells | uvarint nruns |
//	nruns × (uint16 LE style id, uvarint cell count) | cell text
//
// Cell text is one byte per single-ASCII cell (an empty cell is ' '); any other cell is a marker
// (1 narrow, 2 wide; a wide cell's continuation is implied) followed by uvarint length and the
// cluster's UTF-8 bytes. Trailing empty default-style cells are not stored.
type history struct {
	rows               [][]byte
	start, n           int
	bytes              int
	maxLines, maxBytes int
}

func (h *history) init(lines, bytes int) {
	h.maxLines, h.maxBytes = lines, bytes
}

// Len is the number of stored rows.
func (h *history) Len() int { return h.n }

func (h *history) clear() {
	clear(h.rows)
	h.start, h.n, h.bytes = 0, 0, 0
}

// at returns row i (0 = oldest).
func (h *history) at(i int) []byte {
	j := h.start + i
	if j >= len(h.rows) {
		j -= len(h.rows)
	}
	return h.rows[j]
}

func (h *history) setAt(i int, b []byte) {
	j := h.start + i
	if j >= len(h.rows) {
		j -= len(h.rows)
	}
	h.rows[j] = b
}

func (h *history) popOldest() {
	h.bytes -= len(h.rows[h.start])
	h.rows[h.start] = nil
	h.start++
	if h.start == len(h.rows) {
		h.start = 0
	}
	h.n--
}

// popNewest removes and returns the newest row.
func (h *history) popNewest() []byte {
	if h.n == 0 {
		return nil
	}
	j := h.start + h.n - 1
	if j >= len(h.rows) {
		j -= len(h.rows)
	}
	b := h.rows[j]
	h.rows[j] = nil
	h.n--
	h.bytes -= len(b)
	return b
}

// appendRow stores an encoded row, evicting the oldest rows over the bounds.
func (h *history) appendRow(b []byte) {
	if h.maxLines <= 0 {
		return
	}
	if h.n == len(h.rows) {
		if h.n < h.maxLines {
			nr := make([][]byte, min(max(2*h.n, 64), h.maxLines))
			for i := range h.n {
				nr[i] = h.at(i)
			}
			h.rows, h.start = nr, 0
		} else {
			h.popOldest()
		}
	}
	j := h.start + h.n
	if j >= len(h.rows) {
		j -= len(h.rows)
	}
	h.rows[j] = b
	h.n++
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
	h.appendRow(t.encodeRow(l.cells, l.wrapped))
}

// encodeRow encodes cells as one compact allocation.
func (t *Terminal) encodeRow(cells []Cell, wrapped bool) []byte {
	n := len(cells)
	for n > 0 && cells[n-1].r == 0 && cells[n-1].Style == 0 && cells[n-1].flags == 0 {
		n--
	}
	cells = cells[:n]
	nruns, size := 0, 0
	for i := 0; i < n; {
		j := i + 1
		for j < n && cells[j].Style == cells[i].Style {
			j++
		}
		nruns++
		size += 2 + uvarintLen(uint64(j-i))
		i = j
	}
	for _, c := range cells {
		switch {
		case c.flags&cellCont != 0:
		case c.r < 0x80:
			size++
		case c.r < clusterBase:
			size += 2 + utf8.RuneLen(c.r)
		default:
			cl := t.clusters.get(c.r)
			size += 1 + uvarintLen(uint64(len(cl))) + len(cl)
		}
	}
	size += 1 + uvarintLen(uint64(n)) + uvarintLen(uint64(nruns))
	b := make([]byte, 0, size)
	var flags byte
	if wrapped {
		flags = 1
	}
	b = append(b, flags)
	b = binary.AppendUvarint(b, uint64(n))
	b = binary.AppendUvarint(b, uint64(nruns))
	for i := 0; i < n; {
		j := i + 1
		for j < n && cells[j].Style == cells[i].Style {
			j++
		}
		b = binary.LittleEndian.AppendUint16(b, uint16(cells[i].Style))
		b = binary.AppendUvarint(b, uint64(j-i))
		i = j
	}
	for _, c := range cells {
		switch {
		case c.flags&cellCont != 0:
		case c.r == 0:
			b = append(b, ' ')
		case c.r < 0x80:
			b = append(b, byte(c.r))
		default:
			m := byte(1)
			if c.flags&cellWide != 0 {
				m = 2
			}
			if c.r < clusterBase {
				b = append(b, m, byte(utf8.RuneLen(c.r)))
				b = utf8.AppendRune(b, c.r)
				continue
			}
			cl := t.clusters.get(c.r)
			b = append(b, m)
			b = binary.AppendUvarint(b, uint64(len(cl)))
			b = append(b, cl...)
		}
	}
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
		p += 2
		_, k = binary.Uvarint(b[p:])
		p += k
	}
	return wrapped, int(nc), b[runStart:p], int(nr), b[p:]
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
			style = StyleID(binary.LittleEndian.Uint16(runs[rp:]))
			v, k := binary.Uvarint(runs[rp+2:])
			rp += 2 + k
			left = int(v)
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
		id := StyleID(binary.LittleEndian.Uint16(runs[p:]))
		binary.LittleEndian.PutUint16(runs[p:], uint16(fn(id)))
		_, k := binary.Uvarint(runs[p+2:])
		p += 2 + k
	}
}
