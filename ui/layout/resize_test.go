package layout

import "testing"

func TestTerminalResizeScalesProportionally(t *testing.T) {
	small80 := Rect{W: 80, H: 24}
	big := Rect{W: 160, H: 48}
	tr := New(1)
	tr = mustSplit(t, tr, 1, Horizontal, 2, small80)
	tr = mustSplit(t, tr, 2, Horizontal, 3, small80)
	tr = mustSplit(t, tr, 1, Vertical, 4, small80)
	a, b := tr.Rects(small80), tr.Rects(big)
	want := map[PaneID]Rect{
		1: {X: 0, Y: 0, W: 40, H: 12}, 4: {X: 0, Y: 12, W: 40, H: 12},
		2: {X: 40, Y: 0, W: 20, H: 24}, 3: {X: 60, Y: 0, W: 20, H: 24},
	}
	for id, r := range want {
		if a[id] != r {
			t.Errorf("80x24 pane %d: %+v want %+v", id, a[id], r)
		}
		double := Rect{X: 2 * r.X, Y: 2 * r.Y, W: 2 * r.W, H: 2 * r.H}
		if b[id] != double {
			t.Errorf("160x48 pane %d: %+v want %+v", id, b[id], double)
		}
	}
}

func TestTerminalShrinkKeepsMinimum(t *testing.T) {
	area := Rect{W: 80, H: 6}
	tr := New(1)
	tr = mustSplit(t, tr, 1, Horizontal, 2, area)
	tr = mustSplit(t, tr, 2, Horizontal, 3, area) // 40, 20, 20
	narrow := Rect{W: 30, H: 3}
	for id, r := range tr.Rects(narrow) {
		if r.W != 10 {
			t.Errorf("pane %d at 30 cols is %d wide, want the 10-col minimum", id, r.W)
		}
	}
	// Too small for every minimum: proportional, still an exact tiling.
	tiny := Rect{W: 12, H: 2}
	if err := checkTiling(tiny, tr.Rects(tiny)); err != nil {
		t.Fatal(err)
	}
	if got := tr.MinSize(); got != (Size{W: 30, H: 3}) {
		t.Fatalf("MinSize %+v", got)
	}
}

func TestResizeMovesNearestBoundary(t *testing.T) {
	area := Rect{W: 20, H: 3}
	tr := mustSplit(t, New(1).WithMin(small), 1, Horizontal, 2, area)
	grown := tr.Resize(area, 1, Right, 2)
	assertPicture(t, grown, area, `
+----------++------+
|    1     ||  2   |
+----------++------+
`)
	// 2 touches the right edge: its left boundary moves right, 2 shrinks.
	shrunk := grown.Resize(area, 2, Right, 2)
	assertPicture(t, shrunk, area, `
+------------++----+
|     1      || 2  |
+------------++----+
`)
	// Never below the minimum: asked for 5, the move stops when 2 is 4 wide.
	assertPicture(t, shrunk.Resize(area, 1, Right, 5), area, `
+--------------++--+
|      1       ||2 |
+--------------++--+
`)
	// 1 touches the left edge: ctrl+left moves its right boundary left.
	left := shrunk.Resize(area, 1, Left, 100)
	assertPicture(t, left, area, `
+--++--------------+
|1 ||      2       |
+--++--------------+
`)
	// The new proportions survive a terminal resize.
	wide := Rect{W: 40, H: 3}
	if r := grown.Rects(wide); r[1].W != 24 || r[2].W != 16 {
		t.Fatalf("12:8 at 40 cols: %+v", r)
	}
	if got := tr.Resize(area, 1, Up, 1); got.String() != tr.String() || got.Rects(area)[1] != tr.Rects(area)[1] {
		t.Fatal("resize with no vertical boundary changed the layout")
	}
}

func TestResizeNested(t *testing.T) {
	area := Rect{W: 20, H: 8}
	tr := lShape(t, area)
	down := tr.Resize(area, 2, Down, 1)
	assertPicture(t, down, area, `
+--------++--------+
|   1    ||   2    |
|        ||        |
|        ||        |
|        |+--------+
|        |+--------+
|        ||   3    |
+--------++--------+
`)
	// From 3, left crosses the root's boundary, not the vertical split's.
	left := down.Resize(area, 3, Left, 3)
	assertPicture(t, left, area, `
+-----++-----------+
|  1  ||     2     |
|     ||           |
|     ||           |
|     |+-----------+
|     |+-----------+
|     ||     3     |
+-----++-----------+
`)
	checkInvariants(t, left)
	if tr.Resize(area, 9, Left, 1).String() != tr.String() || tr.Resize(area, 1, Right, 0).Rects(area)[1] != tr.Rects(area)[1] {
		t.Fatal("resize of an absent pane or by 0 cells changed the tree")
	}
}
