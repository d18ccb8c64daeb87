package main

import "github.com/podmux/podmux/session/term"

// snapCell is one screen cell resolved for drawing: its text ("" for the right half of a wide
// character), its width in cells and its full style.
type snapCell struct {
	text  string
	width int
	style term.Style
}

// snapshot is a copy of the engine's screen and cursor, independent of later output.
type snapshot struct {
	cols, rows int
	cells      [][]snapCell
	cursor     term.Cursor
}

// takeSnapshot copies t's screen; the caller holds the lock that guards t.
func takeSnapshot(t *term.Terminal) *snapshot {
	cols, rows := t.Size()
	s := &snapshot{cols: cols, rows: rows, cells: make([][]snapCell, rows), cursor: t.Cursor()}
	for y := range rows {
		row := t.Row(y)
		out := make([]snapCell, cols)
		for x := 0; x < cols && x < len(row); x++ {
			c := row[x]
			out[x] = snapCell{text: t.Grapheme(c), width: c.Width(), style: t.Style(c.Style)}
		}
		s.cells[y] = out
	}
	return s
}
