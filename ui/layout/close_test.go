package layout

import "testing"

func TestCloseCollapsesSplitWithOneChild(t *testing.T) {
	area := Rect{W: 20, H: 6}
	tr := New(1).WithMin(small)
	tr = mustSplit(t, tr, 1, Horizontal, 2, area)
	tr = mustSplit(t, tr, 2, Vertical, 3, area)
	assertPicture(t, tr, area, `
+--------++--------+
|   1    ||   2    |
|        |+--------+
|        |+--------+
|        ||   3    |
+--------++--------+
`)
	tr, empty := tr.Close(2)
	checkInvariants(t, tr)
	if empty || tr.String() != "h(1,3)" {
		t.Fatalf("after close: %s empty=%v", tr, empty)
	}
	assertPicture(t, tr, area, `
+--------++--------+
|   1    ||   3    |
|        ||        |
|        ||        |
|        ||        |
+--------++--------+
`)
}

func TestCloseGivesSpaceToPreviousSibling(t *testing.T) {
	area := Rect{W: 24, H: 3}
	tr := New(1).WithMin(small)
	tr = mustSplit(t, tr, 1, Horizontal, 2, area)
	tr = mustSplit(t, tr, 2, Horizontal, 3, area)
	tr = mustSplit(t, tr, 1, Horizontal, 4, area) // h(1,4,2,3): 6,6,6,6
	assertPicture(t, tr, area, `
+----++----++----++----+
| 1  || 4  || 2  || 3  |
+----++----++----++----+
`)
	mid, _ := tr.Close(2)
	assertPicture(t, mid, area, `
+----++----------++----+
| 1  ||    4     || 3  |
+----++----------++----+
`)
	first, _ := tr.Close(1)
	assertPicture(t, first, area, `
+----------++----++----+
|    4     || 2  || 3  |
+----------++----++----+
`)
}

func TestCloseMergesIntoSameDirectionParent(t *testing.T) {
	area := Rect{W: 24, H: 6}
	tr := New(1).WithMin(small)
	tr = mustSplit(t, tr, 1, Horizontal, 2, area)
	tr = mustSplit(t, tr, 2, Vertical, 3, area)
	tr = mustSplit(t, tr, 3, Horizontal, 4, area)
	if tr.String() != "h(1,v(2,h(3,4)))" {
		t.Fatalf("structure %s", tr)
	}
	tr, _ = tr.Close(2)
	checkInvariants(t, tr)
	// v(2,h(3,4)) collapsed into h(3,4), which joined the root: 3 and 4 keep
	// their halves of the right half.
	if tr.String() != "h(1,3,4)" {
		t.Fatalf("structure %s, want h(1,3,4)", tr)
	}
	assertPicture(t, tr, area, `
+----------++----++----+
|    1     || 3  || 4  |
|          ||    ||    |
|          ||    ||    |
|          ||    ||    |
+----------++----++----+
`)
}

func TestCloseRootCollapseAndLastPane(t *testing.T) {
	area := Rect{W: 20, H: 6}
	tr := mustSplit(t, New(1).WithMin(small), 1, Horizontal, 2, area)
	tr, empty := tr.Close(1)
	if empty || tr.String() != "2" {
		t.Fatalf("after closing 1: %s empty=%v", tr, empty)
	}
	assertPicture(t, tr, Rect{W: 6, H: 3}, `
+----+
| 2  |
+----+
`)
	same, empty := tr.Close(9)
	if empty || same.String() != "2" {
		t.Fatalf("closing an absent pane: %s empty=%v", same, empty)
	}
	tr, empty = tr.Close(2)
	if !empty || !tr.Empty() || tr.Count() != 0 || len(tr.Rects(area)) != 0 {
		t.Fatalf("after closing the last pane: %s empty=%v", tr, empty)
	}
}

func TestZoom(t *testing.T) {
	area := Rect{W: 20, H: 6}
	tr := New(1).WithMin(small)
	tr = mustSplit(t, tr, 1, Horizontal, 2, area)
	tr = mustSplit(t, tr, 2, Vertical, 3, area)
	z := tr.Zoom(3)
	if id, ok := z.Zoomed(); !ok || id != 3 {
		t.Fatalf("Zoomed() = %d,%v", id, ok)
	}
	assertPicture(t, z, area, `
+------------------+
|        3         |
|                  |
|                  |
|                  |
+------------------+
`)
	if z.Unzoom().String() != tr.String() || Draw(z.Unzoom().Rects(area), area) != Draw(tr.Rects(area), area) {
		t.Fatalf("unzoom did not restore the layout: %s", z.Unzoom())
	}
	if _, ok := tr.Zoom(9).Zoomed(); ok {
		t.Fatal("zooming an absent pane zoomed")
	}
	closed, _ := z.Close(3)
	if _, ok := closed.Zoomed(); ok {
		t.Fatal("closing the zoomed pane left the tree zoomed")
	}
	other, _ := z.Close(1)
	if id, ok := other.Zoomed(); !ok || id != 3 {
		t.Fatal("closing another pane unzoomed")
	}
	split := mustSplit(t, z, 1, Vertical, 4, area)
	if _, ok := split.Zoomed(); ok {
		t.Fatal("split left the tree zoomed")
	}
}
