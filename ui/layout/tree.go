// Package layout is podmux's pane layout: a tmux-style tree per tab (tmux
// layout.c) whose nodes are either a leaf showing one pane or a left-right /
// top-bottom split with any number of children and their size weights.
//
// Everything here is pure geometry: no IO and no UI imports. A Tree is a value;
// every operation returns a new Tree and never changes the one it was called on,
// so a Bubble Tea model can keep a Tree in its state and replace it in Update.
//
// Geometry convention: each pane draws its own full border box (border and title
// line included) inside its Rect, so the Rects of a tree tile the area exactly —
// no gaps, no overlap, no separator cells between siblings.
//
// Tree invariants (held by every operation): pane ids are unique; every split
// has at least two children; no split has a child split in its own direction;
// weights are positive.
package layout

import (
	"errors"
	"fmt"
	"strings"
)

// PaneID names a pane within a tab. The caller allocates ids (podmux uses a
// counter per workspace) and keeps them unique within a Tree; the value has no
// meaning to this package. A pane shows a session; the id is not the session's id.
type PaneID int

// DefaultMin is the smallest pane podmux allows: 10 columns by 3 rows, border
// and title line included.
var DefaultMin = Size{W: 10, H: 3}

// Errors returned by Split and Tile; match with errors.Is.
var (
	ErrTooSmall  = errors.New("pane too small to split")
	ErrNotFound  = errors.New("no such pane")
	ErrDuplicate = errors.New("pane id already in use")
)

// node is a leaf (children == nil) or a split.
type node struct {
	id       PaneID
	dir      Direction
	children []*node
	weight   float64 // this node's share within its parent; > 0
}

func (n *node) leaf() bool { return n.children == nil }

func (n *node) clone() *node {
	c := *n
	if n.children != nil {
		c.children = make([]*node, len(n.children))
		for i, ch := range n.children {
			c.children[i] = ch.clone()
		}
	}
	return &c
}

// Tree is one tab's layout. The zero Tree is empty with the default minimum
// pane size. Trees are values: methods never modify the receiver.
type Tree struct {
	root   *node
	min    Size
	zoom   PaneID
	zoomed bool
}

// New returns a tree holding the single pane id, with minimum pane size DefaultMin.
func New(id PaneID) Tree {
	return Tree{root: &node{id: id, weight: 1}}
}

// WithMin returns t with minimum pane size min (each dimension at least 1).
// Split refuses to go below it and Rects gives every pane at least min whenever
// the area is large enough for the whole tree at that minimum.
func (t Tree) WithMin(min Size) Tree {
	t.min = Size{W: max(min.W, 1), H: max(min.H, 1)}
	return t
}

// Min is the minimum pane size, border included.
func (t Tree) Min() Size {
	if t.min == (Size{}) {
		return DefaultMin
	}
	return t.min
}

// Empty reports whether the tree holds no pane.
func (t Tree) Empty() bool { return t.root == nil }

// Count is the number of panes.
func (t Tree) Count() int { return len(t.Panes()) }

// Contains reports whether pane id is in the tree.
func (t Tree) Contains(id PaneID) bool {
	_, _, ok := t.find(id)
	return ok
}

// Panes lists the pane ids in visual order: a depth-first walk where the
// children of a split come left to right or top to bottom.
func (t Tree) Panes() []PaneID {
	var out []PaneID
	var walk func(n *node)
	walk = func(n *node) {
		if n.leaf() {
			out = append(out, n.id)
			return
		}
		for _, c := range n.children {
			walk(c)
		}
	}
	if t.root != nil {
		walk(t.root)
	}
	return out
}

// Zoom returns t with pane id zoomed: Rects then gives that pane the whole area
// and the tree itself is kept for Unzoom. Zooming an absent pane is a no-op.
func (t Tree) Zoom(id PaneID) Tree {
	if t.Contains(id) {
		t.zoom, t.zoomed = id, true
	}
	return t
}

// Unzoom returns t with no zoomed pane.
func (t Tree) Unzoom() Tree {
	t.zoom, t.zoomed = 0, false
	return t
}

// Zoomed is the zoomed pane, if any.
func (t Tree) Zoomed() (PaneID, bool) { return t.zoom, t.zoomed }

// String is a compact picture of the structure for tests and logs: a leaf is
// its id, a split is h(...) or v(...) with its children, e.g. "h(1,v(2,3))".
// A zoomed tree ends in " zoom=ID". Weights are not shown.
func (t Tree) String() string {
	if t.root == nil {
		return "empty"
	}
	var b strings.Builder
	var walk func(n *node)
	walk = func(n *node) {
		if n.leaf() {
			fmt.Fprintf(&b, "%d", n.id)
			return
		}
		if n.dir == Horizontal {
			b.WriteString("h(")
		} else {
			b.WriteString("v(")
		}
		for i, c := range n.children {
			if i > 0 {
				b.WriteByte(',')
			}
			walk(c)
		}
		b.WriteByte(')')
	}
	walk(t.root)
	if t.zoomed {
		fmt.Fprintf(&b, " zoom=%d", t.zoom)
	}
	return b.String()
}

// step is one edge on the path from the root to a node: the split and the
// index of the child taken.
type step struct {
	split *node
	index int
}

// find returns the leaf for id and the path to it from the root.
func (t Tree) find(id PaneID) (*node, []step, bool) {
	return findIn(t.root, id, nil)
}

func findIn(n *node, id PaneID, path []step) (*node, []step, bool) {
	if n == nil {
		return nil, nil, false
	}
	if n.leaf() {
		return n, path, n.id == id
	}
	for i, c := range n.children {
		if leaf, p, ok := findIn(c, id, append(path[:len(path):len(path)], step{n, i})); ok {
			return leaf, p, true
		}
	}
	return nil, nil, false
}

// cloned returns t with a deep copy of its nodes, ready to be changed.
func (t Tree) cloned() Tree {
	if t.root != nil {
		t.root = t.root.clone()
	}
	return t
}
