package layout

import (
	"math/rand/v2"
	"testing"
)

// randomTree grows a tree by random splits, closes and resizes in build.
func randomTree(rng *rand.Rand, build Rect, steps int) Tree {
	tr := New(1).WithMin(Size{W: 1 + rng.IntN(10), H: 1 + rng.IntN(4)})
	next := PaneID(2)
	for range steps {
		panes := tr.Panes()
		if len(panes) == 0 {
			tr = New(next).WithMin(tr.Min())
			next++
			continue
		}
		target := panes[rng.IntN(len(panes))]
		switch op := rng.IntN(10); {
		case op < 6:
			if nt, err := tr.Split(target, Direction(rng.IntN(2)), next, build); err == nil {
				tr = nt
				next++
			}
		case op < 8:
			tr = tr.Resize(build, target, Side(rng.IntN(4)), 1+rng.IntN(8))
		default:
			tr, _ = tr.Close(target)
		}
	}
	return tr
}

// TestPropertyExactTiling: for random trees laid out in random areas, every
// cell is covered exactly once, the tree invariants hold, and whenever the
// area can hold the tree at its minimum every pane is at least the minimum.
func TestPropertyExactTiling(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		build := Rect{W: 20 + rng.IntN(200), H: 5 + rng.IntN(60)}
		tr := randomTree(rng, build, 1+rng.IntN(30))
		if err := invariantErr(tr); err != nil {
			t.Fatalf("case %d: tree %s: %v", i, tr, err)
		}
		if tr.Empty() {
			continue
		}
		area := Rect{X: rng.IntN(5), Y: rng.IntN(5), W: 1 + rng.IntN(220), H: 1 + rng.IntN(70)}
		rects := tr.Rects(area)
		if len(rects) != tr.Count() {
			t.Fatalf("case %d: %d rects for %d panes", i, len(rects), tr.Count())
		}
		if err := checkTiling(area, rects); err != nil {
			t.Fatalf("case %d: tree %s in %+v: %v", i, tr, area, err)
		}
		if area.Size().Fits(tr.MinSize()) {
			for id, r := range rects {
				if !r.Size().Fits(tr.Min()) {
					t.Fatalf("case %d: tree %s in %+v (min size %+v): pane %d is %dx%d, min %+v",
						i, tr, area, tr.MinSize(), id, r.W, r.H, tr.Min())
				}
			}
		}
		// Splits made in build never leave a pane below the minimum there.
		for id, r := range tr.Rects(build) {
			if !r.Size().Fits(tr.Min()) {
				t.Fatalf("case %d: tree %s in build area %+v: pane %d is %dx%d", i, tr, build, id, r.W, r.H)
			}
		}
	}
}

func TestAllocateExactAndDeterministic(t *testing.T) {
	cases := []struct {
		length  int
		weights []float64
		needs   []int
		want    []int
	}{
		{10, []float64{1, 1, 1}, []int{0, 0, 0}, []int{4, 3, 3}},
		{80, []float64{0.5, 0.25, 0.25}, []int{10, 10, 10}, []int{40, 20, 20}},
		{30, []float64{0.5, 0.25, 0.25}, []int{10, 10, 10}, []int{10, 10, 10}},
		{35, []float64{0.8, 0.1, 0.1}, []int{10, 10, 10}, []int{15, 10, 10}},
		{5, []float64{1, 1}, []int{10, 10}, []int{3, 2}},
		{0, []float64{1, 1}, []int{1, 1}, []int{0, 0}},
	}
	for _, c := range cases {
		got := allocate(c.length, c.weights, c.needs)
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("allocate(%d, %v, %v) = %v, want %v", c.length, c.weights, c.needs, got, c.want)
				break
			}
		}
	}
}
