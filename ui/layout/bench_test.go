package layout

import "testing"

// BenchmarkRects9 lays out a 3×3 tiled tab, as View does every frame.
func BenchmarkRects9(b *testing.B) {
	tr, err := Tile(ids(9))
	if err != nil {
		b.Fatal(err)
	}
	area := Rect{W: 240, H: 70}
	b.ReportAllocs()
	for b.Loop() {
		if len(tr.Rects(area)) != 9 {
			b.Fatal("wrong pane count")
		}
	}
}
