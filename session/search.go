package session

import (
	"bytes"
	"unicode"

	"github.com/podmux/podmux/session/term"
)

// Match is one occurrence of a search: Start is its first cell, End the cell after its last, in
// engine positions over history and screen (term.Pos). A match may span soft-wrapped rows.
type Match struct {
	Start, End term.Pos
}

// SmartCase reports whether a search for query must match case: only when it has an upper-case
// letter, as in vim's smartcase and tmux.
func SmartCase(query string) bool {
	for _, r := range query {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// Search finds every occurrence of the literal query over t's history and screen, oldest first,
// with smart case. Soft-wrapped rows are joined, so a match can cross a wrap. The caller holds
// the session's lock (use Session.View).
//
// History lines made only of plain ASCII are scanned as stored bytes (no cell decoding); any
// other logical line goes cell by cell.
func Search(t *term.Terminal, query string) []Match {
	if query == "" {
		return nil
	}
	s := &searcher{t: t, fold: !SmartCase(query), sb: t.ScrollbackLen()}
	s.q = []rune(query)
	if s.fold {
		for i, r := range s.q {
			s.q[i] = unicode.ToLower(r)
		}
	}
	s.qb = []byte(string(s.q))
	total := t.Lines()
	for line := 0; line < total; {
		end := s.logicalEnd(line, total)
		if !s.plain(line, end) {
			s.cells(line, end)
		}
		line = end
	}
	return s.out
}

type searcher struct {
	t    *term.Terminal
	fold bool
	sb   int
	q    []rune
	qb   []byte
	out  []Match

	buf    []byte // plain path: the logical line's bytes (lower-cased when folding)
	starts []int  // plain path: offset of each row in buf
	runes  []rune // cell path
	pos    []term.Pos
	cellsB []term.Cell
}

// logicalEnd returns the line after the soft-wrapped run that starts at line.
func (s *searcher) logicalEnd(line, total int) int {
	for ; line < total; line++ {
		if !s.wrapped(line) {
			return line + 1
		}
	}
	return total
}

func (s *searcher) wrapped(line int) bool {
	if line < s.sb {
		if _, w, ok := s.t.ScrollbackPlain(line); ok {
			return w
		}
		var w bool
		s.cellsB, w = s.t.ScrollbackRow(line, s.cellsB[:0])
		return w
	}
	return s.t.IsWrapped(line - s.sb)
}

// plain scans history lines [from, to) as bytes if all of them are plain ASCII; it reports
// whether it could.
func (s *searcher) plain(from, to int) bool {
	if to > s.sb {
		return false
	}
	s.buf, s.starts = s.buf[:0], s.starts[:0]
	for line := from; line < to; line++ {
		txt, _, ok := s.t.ScrollbackPlain(line)
		if !ok {
			return false
		}
		s.starts = append(s.starts, len(s.buf))
		start := len(s.buf)
		s.buf = append(s.buf, txt...)
		if s.fold {
			lowerASCII(s.buf[start:])
		}
	}
	for off := 0; off+len(s.qb) <= len(s.buf); {
		i := bytes.Index(s.buf[off:], s.qb)
		if i < 0 {
			break
		}
		a := off + i
		s.out = append(s.out, Match{Start: s.at(from, a), End: next(s.at(from, a+len(s.qb)-1))})
		off = a + 1
	}
	return true
}

// at maps an offset of the plain buffer to its position.
func (s *searcher) at(from, off int) term.Pos {
	r := 0
	for r+1 < len(s.starts) && s.starts[r+1] <= off {
		r++
	}
	return term.Pos{Line: from + r, Col: off - s.starts[r]}
}

func next(p term.Pos) term.Pos { return term.Pos{Line: p.Line, Col: p.Col + 1} }

func lowerASCII(b []byte) {
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
}

// cells scans lines [from, to) cell by cell.
func (s *searcher) cells(from, to int) {
	s.runes, s.pos = s.runes[:0], s.pos[:0]
	for line := from; line < to; line++ {
		var cells []term.Cell
		if line < s.sb {
			s.cellsB, _ = s.t.ScrollbackRow(line, s.cellsB[:0])
			cells = s.cellsB
		} else {
			cells = s.t.Row(line - s.sb)
		}
		for col, c := range cells {
			if c.IsContinuation() {
				continue
			}
			r := c.Rune()
			if r == 0 {
				r = ' '
			}
			if s.fold {
				if r < 0x80 {
					if 'A' <= r && r <= 'Z' {
						r += 'a' - 'A'
					}
				} else {
					r = unicode.ToLower(r)
				}
			}
			s.runes = append(s.runes, r)
			s.pos = append(s.pos, term.Pos{Line: line, Col: col})
		}
	}
	q := s.q
	for i := 0; i+len(q) <= len(s.runes); i++ {
		if s.runes[i] != q[0] {
			continue
		}
		j := 1
		for j < len(q) && s.runes[i+j] == q[j] {
			j++
		}
		if j == len(q) {
			s.out = append(s.out, Match{Start: s.pos[i], End: next(s.pos[i+len(q)-1])})
		}
	}
}
