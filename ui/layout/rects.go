package layout

// Rects places every visible pane in area. Without zoom the rectangles tile
// area exactly (every cell belongs to exactly one pane); with a zoomed pane the
// result holds only that pane, filling area. Children of a split share the
// split's length by weight in whole cells (see allocate); every pane gets at
// least Min whenever area can hold the whole tree at that minimum, so a
// terminal resize scales panes proportionally without starving small ones.
// An empty tree gives an empty map.
func (t Tree) Rects(area Rect) map[PaneID]Rect {
	out := make(map[PaneID]Rect)
	if t.root == nil {
		return out
	}
	if t.zoomed {
		out[t.zoom] = area
		return out
	}
	return t.tiled(area)
}

// tiled is Rects ignoring zoom.
func (t Tree) tiled(area Rect) map[PaneID]Rect {
	out := make(map[PaneID]Rect)
	place(t.root, area, t.Min(), func(n *node, r Rect) {
		if n.leaf() {
			out[n.id] = r
		}
	})
	return out
}

// place calls visit for n and every node below it with the node's rectangle.
func place(n *node, r Rect, min Size, visit func(*node, Rect)) {
	if n == nil {
		return
	}
	visit(n, r)
	if n.leaf() {
		return
	}
	for i, cr := range childRects(n, r, min) {
		place(n.children[i], cr, min, visit)
	}
}

// childRects divides a split's rectangle among its children.
func childRects(n *node, r Rect, min Size) []Rect {
	weights := make([]float64, len(n.children))
	needs := make([]int, len(n.children))
	for i, c := range n.children {
		weights[i] = c.weight
		needs[i] = need(c, n.dir, min)
	}
	length := r.W
	if n.dir == Vertical {
		length = r.H
	}
	sizes := allocate(length, weights, needs)
	out := make([]Rect, len(sizes))
	pos := 0
	for i, s := range sizes {
		if n.dir == Horizontal {
			out[i] = Rect{X: r.X + pos, Y: r.Y, W: s, H: r.H}
		} else {
			out[i] = Rect{X: r.X, Y: r.Y + pos, W: r.W, H: s}
		}
		pos += s
	}
	return out
}

// need is the smallest length along axis that n can take with every pane at
// least min: panes side by side along the axis add up, panes across it share.
func need(n *node, axis Direction, min Size) int {
	if n.leaf() {
		if axis == Horizontal {
			return min.W
		}
		return min.H
	}
	total := 0
	for _, c := range n.children {
		m := need(c, axis, min)
		if n.dir == axis {
			total += m
		} else {
			total = max(total, m)
		}
	}
	return total
}

// MinSize is the smallest area in which every pane of t gets at least Min.
func (t Tree) MinSize() Size {
	if t.root == nil {
		return Size{}
	}
	m := t.Min()
	return Size{W: need(t.root, Horizontal, m), H: need(t.root, Vertical, m)}
}
