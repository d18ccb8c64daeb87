package layout

import (
	"errors"
	"testing"
)

func ids(n int) []PaneID {
	out := make([]PaneID, n)
	for i := range out {
		out[i] = PaneID(i + 1)
	}
	return out
}

func TestTileStructure(t *testing.T) {
	want := []string{
		1: "1",
		2: "h(1,2)",
		3: "v(h(1,2),3)",
		4: "v(h(1,2),h(3,4))",
		5: "v(h(1,2,3),h(4,5))",
		6: "v(h(1,2,3),h(4,5,6))",
		7: "v(h(1,2,3),h(4,5,6),7)",
		8: "v(h(1,2,3),h(4,5,6),h(7,8))",
		9: "v(h(1,2,3),h(4,5,6),h(7,8,9))",
	}
	area := Rect{W: 120, H: 40}
	for n := 1; n <= 9; n++ {
		tr, err := Tile(ids(n))
		if err != nil {
			t.Fatalf("Tile(%d): %v", n, err)
		}
		checkInvariants(t, tr)
		if tr.String() != want[n] {
			t.Errorf("Tile(%d) = %s, want %s", n, tr, want[n])
		}
		if err := checkTiling(area, tr.Rects(area)); err != nil {
			t.Errorf("Tile(%d): %v", n, err)
		}
		for id, r := range tr.Rects(area) {
			if !r.Size().Fits(DefaultMin) {
				t.Errorf("Tile(%d): pane %d is %dx%d", n, id, r.W, r.H)
			}
		}
	}
}

func TestTilePictures(t *testing.T) {
	area := Rect{W: 18, H: 6}
	tile := func(n int) Tree {
		tr, err := Tile(ids(n))
		if err != nil {
			t.Fatal(err)
		}
		return tr.WithMin(small)
	}
	assertPicture(t, tile(1), area, `
+----------------+
|       1        |
|                |
|                |
|                |
+----------------+
`)
	assertPicture(t, tile(2), area, `
+-------++-------+
|   1   ||   2   |
|       ||       |
|       ||       |
|       ||       |
+-------++-------+
`)
	assertPicture(t, tile(3), area, `
+-------++-------+
|   1   ||   2   |
+-------++-------+
+----------------+
|       3        |
+----------------+
`)
	assertPicture(t, tile(4), area, `
+-------++-------+
|   1   ||   2   |
+-------++-------+
+-------++-------+
|   3   ||   4   |
+-------++-------+
`)
	assertPicture(t, tile(5), area, `
+----++----++----+
| 1  || 2  || 3  |
+----++----++----+
+-------++-------+
|   4   ||   5   |
+-------++-------+
`)
	assertPicture(t, tile(9), Rect{W: 18, H: 9}, `
+----++----++----+
| 1  || 2  || 3  |
+----++----++----+
+----++----++----+
| 4  || 5  || 6  |
+----++----++----+
+----++----++----+
| 7  || 8  || 9  |
+----++----++----+
`)
}

func TestTileBadInput(t *testing.T) {
	if _, err := Tile(nil); err == nil {
		t.Fatal("Tile(nil) succeeded")
	}
	if _, err := Tile([]PaneID{1, 2, 1}); !errors.Is(err, ErrDuplicate) {
		t.Fatalf("duplicate: %v", err)
	}
}
