package layout

import "fmt"

// Split divides pane target to make room for a new pane newID, placed to the
// right of target (dir Horizontal) or below it (dir Vertical). If target's
// parent already splits in dir, the new pane becomes target's next sibling and
// the two share target's former weight half and half; otherwise target becomes
// a two-pane split in dir with equal halves. Splitting unzooms the tree.
//
// Split is refused, leaving t unchanged, with ErrNotFound if target is not in
// t, ErrDuplicate if newID already is, and ErrTooSmall if, laid out in area,
// some pane would end up smaller than Min.
func (t Tree) Split(target PaneID, dir Direction, newID PaneID, area Rect) (Tree, error) {
	if !t.Contains(target) {
		return t, fmt.Errorf("split pane %d: %w", target, ErrNotFound)
	}
	if t.Contains(newID) {
		return t, fmt.Errorf("split pane %d: new pane %d: %w", target, newID, ErrDuplicate)
	}
	before := t.tiled(area)[target]
	nt := t.cloned().Unzoom()
	leaf, path, _ := nt.find(target)
	added := &node{id: newID, weight: 1}
	if len(path) > 0 && path[len(path)-1].split.dir == dir {
		last := path[len(path)-1]
		p := last.split
		half := leaf.weight / 2
		leaf.weight, added.weight = half, half
		kids := make([]*node, 0, len(p.children)+1)
		kids = append(kids, p.children[:last.index+1]...)
		kids = append(kids, added)
		p.children = append(kids, p.children[last.index+1:]...)
	} else {
		old := *leaf
		old.weight = 1
		*leaf = node{dir: dir, weight: leaf.weight, children: []*node{&old, added}}
	}
	min := nt.Min()
	rects := nt.tiled(area)
	for _, id := range nt.Panes() {
		if r := rects[id]; !r.Size().Fits(min) {
			return t, fmt.Errorf("split pane %d (%dx%d) %s: pane %d would be %dx%d, below the %dx%d minimum: %w",
				target, before.W, before.H, dir, id, r.W, r.H, min.W, min.H, ErrTooSmall)
		}
	}
	return nt, nil
}

// Close removes pane id and reports whether the tree is now empty. The
// removed pane's space goes to its previous sibling (the next one if it was
// first), as in tmux. A split left with one child is replaced by that child;
// if the child is a split in the same direction as its new parent, its
// children join the parent, their weights scaled to keep their proportions.
// Closing the zoomed pane unzooms; closing an absent pane returns t unchanged.
func (t Tree) Close(id PaneID) (Tree, bool) {
	if !t.Contains(id) {
		return t, t.Empty()
	}
	nt := t.cloned()
	if nt.zoomed && nt.zoom == id {
		nt = nt.Unzoom()
	}
	_, path, _ := nt.find(id)
	if len(path) == 0 {
		nt.root = nil
		return nt.Unzoom(), true
	}
	last := path[len(path)-1]
	p, i := last.split, last.index
	gone := p.children[i]
	heir := i - 1
	if i == 0 {
		heir = 1
	}
	p.children[heir].weight += gone.weight
	p.children = append(p.children[:i:i], p.children[i+1:]...)
	if len(p.children) > 1 {
		return nt, false
	}
	only := p.children[0]
	if len(path) == 1 {
		only.weight = 1
		nt.root = only
		return nt, false
	}
	up := path[len(path)-2]
	g := up.split
	if only.leaf() || only.dir != g.dir {
		only.weight = p.weight
		g.children[up.index] = only
		return nt, false
	}
	var sum float64
	for _, c := range only.children {
		sum += c.weight
	}
	for _, c := range only.children {
		c.weight = c.weight / sum * p.weight
	}
	kids := make([]*node, 0, len(g.children)+len(only.children)-1)
	kids = append(kids, g.children[:up.index]...)
	kids = append(kids, only.children...)
	g.children = append(kids, g.children[up.index+1:]...)
	return nt, false
}
