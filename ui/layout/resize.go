package layout

// Resize moves one split boundary of pane id by cells in the direction of
// side, the way tmux's resize-pane does (podmux prefix ctrl+arrows). The
// boundary is the nearest one on that side of the pane, so the pane grows; if
// the pane already touches the area's edge on that side, the nearest boundary
// on the opposite side moves instead, so the pane shrinks. Only the two
// children either side of the boundary change, and neither goes below its
// minimum (Min for each pane inside it); the move is cut short at that limit.
// The split's weights are rewritten as its children's new sizes, so later
// terminal resizes keep the new proportions. Zoom is left as it is. Resize
// returns t unchanged when id is absent, cells <= 0 or no boundary can move.
func (t Tree) Resize(area Rect, id PaneID, side Side, cells int) Tree {
	if cells <= 0 || !t.Contains(id) {
		return t
	}
	nt := t.cloned()
	_, path, _ := nt.find(id)
	axis := side.axis()
	split, boundary := nearestBoundary(path, axis, side.forward())
	if split == nil {
		split, boundary = nearestBoundary(path, axis, !side.forward())
	}
	if split == nil {
		return t
	}
	var rect Rect
	place(nt.root, area, nt.Min(), func(n *node, r Rect) {
		if n == split {
			rect = r
		}
	})
	lim := nt.Min()
	parts := childRects(split, rect, lim)
	sizes := make([]int, len(parts))
	for i, r := range parts {
		sizes[i] = r.W
		if axis == Vertical {
			sizes[i] = r.H
		}
	}
	a, b := boundary, boundary+1
	delta := cells
	if !side.forward() {
		delta = -cells
	}
	if delta > 0 {
		delta = min(delta, max(sizes[b]-need(split.children[b], axis, lim), 0))
	} else {
		delta = -min(-delta, max(sizes[a]-need(split.children[a], axis, lim), 0))
	}
	if delta == 0 {
		return t
	}
	sizes[a] += delta
	sizes[b] -= delta
	for i, c := range split.children {
		c.weight = float64(max(sizes[i], 1))
	}
	return nt
}

// nearestBoundary walks path from the leaf upwards for the first split in
// axis with a sibling after (forward) or before the path's child, and returns
// that split and the index of the child before the boundary.
func nearestBoundary(path []step, axis Direction, forward bool) (*node, int) {
	for k := len(path) - 1; k >= 0; k-- {
		s := path[k]
		if s.split.dir != axis {
			continue
		}
		if forward && s.index < len(s.split.children)-1 {
			return s.split, s.index
		}
		if !forward && s.index > 0 {
			return s.split, s.index - 1
		}
	}
	return nil, 0
}
