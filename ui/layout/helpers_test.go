package layout

import (
	"fmt"
	"strings"
	"testing"
)

// small is the minimum used by the picture tests, so pictures stay small.
var small = Size{W: 4, H: 3}

// picture trims the leading newline of a raw-string picture.
func picture(s string) string { return strings.TrimPrefix(s, "\n") }

// assertPicture lays t out in area and compares the drawing with want.
func assertPicture(t *testing.T, tr Tree, area Rect, want string) {
	t.Helper()
	got := Draw(tr.Rects(area), area)
	if got != picture(want) {
		t.Fatalf("layout %s in %dx%d:\ngot:\n%s\nwant:\n%s", tr, area.W, area.H, got, picture(want))
	}
}

// mustSplit splits or fails the test.
func mustSplit(t *testing.T, tr Tree, target PaneID, dir Direction, id PaneID, area Rect) Tree {
	t.Helper()
	nt, err := tr.Split(target, dir, id, area)
	if err != nil {
		t.Fatalf("split %d %s for %d: %v", target, dir, id, err)
	}
	checkInvariants(t, nt)
	return nt
}

// checkInvariants verifies the tree invariants stated in the package doc.
func checkInvariants(t *testing.T, tr Tree) {
	t.Helper()
	if err := invariantErr(tr); err != nil {
		t.Fatalf("tree %s: %v", tr, err)
	}
}

func invariantErr(tr Tree) error {
	seen := map[PaneID]bool{}
	var walk func(n *node, parent *node) error
	walk = func(n *node, parent *node) error {
		if !(n.weight > 0) {
			return fmt.Errorf("weight %v not positive", n.weight)
		}
		if n.leaf() {
			if seen[n.id] {
				return fmt.Errorf("pane %d twice", n.id)
			}
			seen[n.id] = true
			return nil
		}
		if len(n.children) < 2 {
			return fmt.Errorf("split with %d children", len(n.children))
		}
		if parent != nil && parent.dir == n.dir {
			return fmt.Errorf("%s split inside a %s split", n.dir, parent.dir)
		}
		for _, c := range n.children {
			if err := walk(c, n); err != nil {
				return err
			}
		}
		return nil
	}
	if tr.root == nil {
		return nil
	}
	return walk(tr.root, nil)
}

// checkTiling verifies that rects cover every cell of area exactly once.
func checkTiling(area Rect, rects map[PaneID]Rect) error {
	count := make([]int, area.W*area.H)
	for id, r := range rects {
		if r.W < 0 || r.H < 0 || r.X < area.X || r.Y < area.Y || r.Right() > area.Right() || r.Bottom() > area.Bottom() {
			return fmt.Errorf("pane %d rect %+v outside area %+v", id, r, area)
		}
		for y := r.Y; y < r.Bottom(); y++ {
			for x := r.X; x < r.Right(); x++ {
				count[(y-area.Y)*area.W+(x-area.X)]++
			}
		}
	}
	for i, c := range count {
		if c != 1 {
			return fmt.Errorf("cell (%d,%d) covered %d times", area.X+i%area.W, area.Y+i/area.W, c)
		}
	}
	return nil
}
