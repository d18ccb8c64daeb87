package layout

import "fmt"

// Tile returns a tree holding ids in a near-square grid, filled row by row in
// the order given (tmux's "tiled" layout, with columns growing before rows
// because terminal cells are taller than wide): columns and rows start at 1
// and grow alternately, columns first, until they hold every pane. The last
// row may be short; its panes share the full width. So 1 is a single pane, 2
// side by side, 3 two above one, 4 a 2×2 grid, 5 three above two, 6 a 3×2
// grid, 7–9 three rows of three. Equal weights throughout.
//
// It fails if ids is empty or holds a duplicate.
func Tile(ids []PaneID) (Tree, error) {
	if len(ids) == 0 {
		return Tree{}, fmt.Errorf("tile: no panes")
	}
	seen := make(map[PaneID]bool, len(ids))
	for _, id := range ids {
		if seen[id] {
			return Tree{}, fmt.Errorf("tile: pane %d listed twice: %w", id, ErrDuplicate)
		}
		seen[id] = true
	}
	n := len(ids)
	rows, cols := 1, 1
	for rows*cols < n {
		cols++
		if rows*cols < n {
			rows++
		}
	}
	var rowNodes []*node
	for start := 0; start < n; start += cols {
		end := min(start+cols, n)
		var row *node
		if end-start == 1 {
			row = &node{id: ids[start], weight: 1}
		} else {
			row = &node{dir: Horizontal, weight: 1}
			for _, id := range ids[start:end] {
				row.children = append(row.children, &node{id: id, weight: 1})
			}
		}
		rowNodes = append(rowNodes, row)
	}
	if len(rowNodes) == 1 {
		return Tree{root: rowNodes[0]}, nil
	}
	return Tree{root: &node{dir: Vertical, weight: 1, children: rowNodes}}, nil
}
