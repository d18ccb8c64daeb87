package layout

import (
	"errors"
	"testing"
)

func TestNewSinglePane(t *testing.T) {
	area := Rect{W: 10, H: 3}
	tr := New(7).WithMin(small)
	assertPicture(t, tr, area, `
+--------+
|   7    |
+--------+
`)
	if got := tr.Panes(); len(got) != 1 || got[0] != 7 || tr.Count() != 1 || !tr.Contains(7) || tr.Contains(8) {
		t.Fatalf("Panes=%v Count=%d", got, tr.Count())
	}
}

func TestSplitRight(t *testing.T) {
	area := Rect{W: 16, H: 4}
	tr := mustSplit(t, New(1).WithMin(small), 1, Horizontal, 2, area)
	assertPicture(t, tr, area, `
+------++------+
|  1   ||  2   |
|      ||      |
+------++------+
`)
	if tr.String() != "h(1,2)" {
		t.Fatalf("structure %s", tr)
	}
}

func TestSplitBelow(t *testing.T) {
	area := Rect{W: 12, H: 6}
	tr := mustSplit(t, New(1).WithMin(small), 1, Vertical, 2, area)
	assertPicture(t, tr, area, `
+----------+
|    1     |
+----------+
+----------+
|    2     |
+----------+
`)
}

func TestSplitInParentDirectionAddsSibling(t *testing.T) {
	area := Rect{W: 24, H: 3}
	tr := mustSplit(t, New(1).WithMin(small), 1, Horizontal, 2, area)
	tr = mustSplit(t, tr, 1, Horizontal, 3, area)
	// 3 lands right after 1 and shares 1's half: 6 + 6 + 12.
	if tr.String() != "h(1,3,2)" {
		t.Fatalf("structure %s, want h(1,3,2)", tr)
	}
	assertPicture(t, tr, area, `
+----++----++----------+
| 1  || 3  ||    2     |
+----++----++----------+
`)
}

func TestNestedSplits(t *testing.T) {
	area := Rect{W: 20, H: 6}
	tr := New(1).WithMin(small)
	tr = mustSplit(t, tr, 1, Horizontal, 2, area)
	tr = mustSplit(t, tr, 2, Vertical, 3, area)
	tr = mustSplit(t, tr, 1, Vertical, 4, area)
	if tr.String() != "h(v(1,4),v(2,3))" {
		t.Fatalf("structure %s", tr)
	}
	assertPicture(t, tr, area, `
+--------++--------+
|   1    ||   2    |
+--------++--------+
+--------++--------+
|   4    ||   3    |
+--------++--------+
`)
	if got := tr.Panes(); len(got) != 4 || got[0] != 1 || got[1] != 4 || got[2] != 2 || got[3] != 3 {
		t.Fatalf("visual order %v, want [1 4 2 3]", got)
	}
}

func TestSplitRefusedBelowMinimum(t *testing.T) {
	area := Rect{W: 20, H: 6}
	tr := New(1) // DefaultMin: 10x3
	tr = mustSplit(t, tr, 1, Horizontal, 2, area)
	before := tr.String()
	got, err := tr.Split(2, Horizontal, 3, area)
	if !errors.Is(err, ErrTooSmall) {
		t.Fatalf("split of a 10-wide pane: err %v, want ErrTooSmall", err)
	}
	if got.String() != before || tr.String() != before {
		t.Fatalf("refused split changed the tree: %s", got)
	}
	tr = mustSplit(t, tr, 2, Vertical, 3, area) // 6 rows: 3 + 3 fits
	if _, err := tr.Split(3, Vertical, 4, area); !errors.Is(err, ErrTooSmall) {
		t.Fatalf("split of a 3-row pane: err %v, want ErrTooSmall", err)
	}
	// The message names the pane, its size and the minimum.
	_, err = tr.Split(3, Vertical, 4, area)
	if want := "split pane 3 (10x3) vertical: pane 3 would be 10x2, below the 10x3 minimum: pane too small to split"; err.Error() != want {
		t.Fatalf("error %q\nwant  %q", err, want)
	}
}

func TestSplitBadIDs(t *testing.T) {
	area := Rect{W: 80, H: 24}
	tr := New(1)
	if _, err := tr.Split(9, Horizontal, 2, area); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown target: %v", err)
	}
	if _, err := tr.Split(1, Horizontal, 1, area); !errors.Is(err, ErrDuplicate) {
		t.Fatalf("duplicate id: %v", err)
	}
	if _, err := (Tree{}).Split(1, Horizontal, 2, area); !errors.Is(err, ErrNotFound) {
		t.Fatalf("empty tree: %v", err)
	}
}

func TestSplitLeavesOriginalUntouched(t *testing.T) {
	area := Rect{W: 80, H: 24}
	a := New(1)
	b := mustSplit(t, a, 1, Horizontal, 2, area)
	c := mustSplit(t, b, 2, Horizontal, 3, area)
	if a.String() != "1" || b.String() != "h(1,2)" || c.String() != "h(1,2,3)" {
		t.Fatalf("trees share state: %s %s %s", a, b, c)
	}
	if b.Rects(area)[2].W != 40 {
		t.Fatalf("b changed by splitting c: %v", b.Rects(area))
	}
}
