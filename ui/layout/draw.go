package layout

import (
	"fmt"
	"strings"
)

// Draw renders rects as ASCII boxes inside area, for tests and debugging:
// each rectangle's edge is drawn with '+' corners, '-' and '|', its id
// centred on its first inner row. A cell covered by no rectangle is '.', a
// cell covered by more than one is '#', so gaps and overlaps show. Rows end
// with a newline.
func Draw(rects map[PaneID]Rect, area Rect) string {
	if area.W <= 0 || area.H <= 0 {
		return ""
	}
	grid := make([][]byte, area.H)
	count := make([][]int, area.H)
	for y := range grid {
		grid[y] = []byte(strings.Repeat(".", area.W))
		count[y] = make([]int, area.W)
	}
	set := func(x, y int, c byte) {
		x, y = x-area.X, y-area.Y
		if x < 0 || y < 0 || x >= area.W || y >= area.H {
			return
		}
		grid[y][x] = c
	}
	for id, r := range rects {
		for y := r.Y; y < r.Bottom(); y++ {
			for x := r.X; x < r.Right(); x++ {
				edgeY := y == r.Y || y == r.Bottom()-1
				edgeX := x == r.X || x == r.Right()-1
				c := byte(' ')
				switch {
				case edgeX && edgeY:
					c = '+'
				case edgeY:
					c = '-'
				case edgeX:
					c = '|'
				}
				set(x, y, c)
				if ax, ay := x-area.X, y-area.Y; ax >= 0 && ay >= 0 && ax < area.W && ay < area.H {
					count[ay][ax]++
				}
			}
		}
		if r.W >= 3 && r.H >= 3 {
			label := fmt.Sprint(id)
			if len(label) > r.W-2 {
				label = label[:r.W-2]
			}
			x0 := r.X + 1 + (r.W-2-len(label))/2
			for i := range len(label) {
				set(x0+i, r.Y+1, label[i])
			}
		}
	}
	var b strings.Builder
	for y := range grid {
		for x := range grid[y] {
			if count[y][x] > 1 {
				grid[y][x] = '#'
			}
		}
		b.Write(grid[y])
		b.WriteByte('\n')
	}
	return b.String()
}
