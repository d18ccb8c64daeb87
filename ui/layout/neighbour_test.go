package layout

import "testing"

// lShape is h(1,v(2,3)): one pane left, two stacked right.
func lShape(t *testing.T, area Rect) Tree {
	t.Helper()
	tr := New(1).WithMin(small)
	tr = mustSplit(t, tr, 1, Horizontal, 2, area)
	return mustSplit(t, tr, 2, Vertical, 3, area)
}

func TestNeighbourByGeometryWithMRU(t *testing.T) {
	area := Rect{W: 20, H: 6}
	tr := lShape(t, area)
	assertPicture(t, tr, area, `
+--------++--------+
|   1    ||   2    |
|        |+--------+
|        |+--------+
|        ||   3    |
+--------++--------+
`)
	cases := []struct {
		name string
		from PaneID
		side Side
		mru  []PaneID
		want PaneID
		ok   bool
	}{
		{"right of 1, 3 used last", 1, Right, []PaneID{1, 3, 2}, 3, true},
		{"right of 1, 2 used last", 1, Right, []PaneID{1, 2, 3}, 2, true},
		{"right of 1, only 3 known", 1, Right, []PaneID{3}, 3, true},
		{"right of 1, no history: topmost", 1, Right, nil, 2, true},
		{"left of 3", 3, Left, nil, 1, true},
		{"left of 2", 2, Left, []PaneID{3}, 1, true},
		{"down from 2", 2, Down, nil, 3, true},
		{"up from 3", 3, Up, nil, 2, true},
		{"left of 1: edge, no wrap", 1, Left, nil, 0, false},
		{"up from 2: edge", 2, Up, nil, 0, false},
		{"down from 1: edge", 1, Down, nil, 0, false},
		{"absent pane", 9, Right, nil, 0, false},
	}
	for _, c := range cases {
		got, ok := tr.Neighbour(area, c.from, c.side, c.mru)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: got %d,%v want %d,%v", c.name, got, ok, c.want, c.ok)
		}
	}
}

func TestNeighbourPrefersLargerOverlap(t *testing.T) {
	area := Rect{W: 24, H: 6}
	tr := New(1).WithMin(small)
	tr = mustSplit(t, tr, 1, Vertical, 3, area)
	tr = mustSplit(t, tr, 1, Horizontal, 2, area)
	tr = mustSplit(t, tr, 2, Horizontal, 4, area)
	assertPicture(t, tr, area, `
+----------++----++----+
|    1     || 2  || 4  |
+----------++----++----+
+----------------------+
|          3           |
+----------------------+
`)
	if got, ok := tr.Neighbour(area, 3, Up, nil); !ok || got != 1 {
		t.Fatalf("up from 3 without history: %d,%v want 1 (widest overlap)", got, ok)
	}
	if got, ok := tr.Neighbour(area, 3, Up, []PaneID{4, 1}); !ok || got != 4 {
		t.Fatalf("up from 3 after 4: %d,%v want 4 (most recent)", got, ok)
	}
	if got, ok := tr.Neighbour(area, 2, Right, nil); !ok || got != 4 {
		t.Fatalf("right of 2: %d,%v", got, ok)
	}
}

func TestNeighbourIgnoresZoom(t *testing.T) {
	area := Rect{W: 20, H: 6}
	tr := lShape(t, area).Zoom(1)
	if got, ok := tr.Neighbour(area, 1, Right, nil); !ok || got != 2 {
		t.Fatalf("zoomed: %d,%v", got, ok)
	}
}
