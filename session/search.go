package session

import (
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
func Search(t *term.Terminal, query string) []Match {
	q := []rune(query)
	if len(q) == 0 {
		return nil
	}
	fold := !SmartCase(query)
	if fold {
		for i, r := range q {
			q[i] = unicode.ToLower(r)
		}
	}
	var (
		out   []Match
		buf   []rune
		pos   []term.Pos
		cells []term.Cell
	)
	sb := t.ScrollbackLen()
	total := t.Lines()
	flush := func() {
		for i := 0; i+len(q) <= len(buf); i++ {
			if buf[i] != q[0] {
				continue
			}
			j := 1
			for j < len(q) && buf[i+j] == q[j] {
				j++
			}
			if j == len(q) {
				end := pos[i+len(q)-1]
				out = append(out, Match{Start: pos[i], End: term.Pos{Line: end.Line, Col: end.Col + 1}})
			}
		}
		buf, pos = buf[:0], pos[:0]
	}
	for line := 0; line < total; line++ {
		var wrapped bool
		if line < sb {
			cells, wrapped = t.ScrollbackRow(line, cells[:0])
		} else {
			cells = t.Row(line - sb)
			wrapped = t.IsWrapped(line - sb)
		}
		for col, c := range cells {
			if c.IsContinuation() {
				continue
			}
			r := c.Rune()
			if r == 0 {
				r = ' '
			}
			if fold {
				if r < 0x80 {
					if 'A' <= r && r <= 'Z' {
						r += 'a' - 'A'
					}
				} else {
					r = unicode.ToLower(r)
				}
			}
			buf = append(buf, r)
			pos = append(pos, term.Pos{Line: line, Col: col})
		}
		if !wrapped {
			flush()
		}
	}
	flush()
	return out
}
