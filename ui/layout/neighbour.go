package layout

// Neighbour finds the pane next to from on the given side, by geometry of the
// tree laid out in area (ignoring zoom). Candidates are panes whose rectangle
// touches from's edge on that side and overlaps it along that edge. Among
// several, the one earliest in mru (most recently used first) wins; panes not
// in mru come after those that are; then the larger overlap; then the one
// nearer the top (for Left/Right) or the left (for Up/Down). Movement does not
// wrap around the area's edge: ok is false when there is no pane on that side
// or from is not in the tree.
func (t Tree) Neighbour(area Rect, from PaneID, side Side, mru []PaneID) (PaneID, bool) {
	rects := t.tiled(area)
	f, ok := rects[from]
	if !ok {
		return 0, false
	}
	rank := make(map[PaneID]int, len(mru))
	for i := len(mru) - 1; i >= 0; i-- {
		rank[mru[i]] = i
	}
	rankOf := func(id PaneID) int {
		if r, ok := rank[id]; ok {
			return r
		}
		return len(mru)
	}
	var best PaneID
	found := false
	bestOverlap, bestPos := 0, 0
	for _, id := range t.Panes() {
		r := rects[id]
		if id == from || !touches(f, r, side) {
			continue
		}
		overlap, pos := 0, 0
		if side.axis() == Horizontal {
			overlap = min(f.Bottom(), r.Bottom()) - max(f.Y, r.Y)
			pos = r.Y
		} else {
			overlap = min(f.Right(), r.Right()) - max(f.X, r.X)
			pos = r.X
		}
		if overlap <= 0 {
			continue
		}
		better := !found
		if found {
			switch a, b := rankOf(id), rankOf(best); {
			case a != b:
				better = a < b
			case overlap != bestOverlap:
				better = overlap > bestOverlap
			default:
				better = pos < bestPos
			}
		}
		if better {
			best, bestOverlap, bestPos, found = id, overlap, pos, true
		}
	}
	return best, found
}

// touches reports whether r lies directly beyond f's edge on side.
func touches(f, r Rect, side Side) bool {
	if r.W <= 0 || r.H <= 0 {
		return false
	}
	switch side {
	case Left:
		return r.Right() == f.X
	case Right:
		return r.X == f.Right()
	case Up:
		return r.Bottom() == f.Y
	default:
		return r.Y == f.Bottom()
	}
}
