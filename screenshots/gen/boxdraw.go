package main

import (
	"image"
	"image/color"
	"math"
)

// Line weights of box-drawing characters, per direction (up, right, down, left).
const (
	none  = 0
	light = 1
	heavy = 2
)

// boxLines lists the straight box-drawing characters drawn geometrically.
var boxLines = map[rune][4]uint8{
	'─': {none, light, none, light}, '━': {none, heavy, none, heavy},
	'│': {light, none, light, none}, '┃': {heavy, none, heavy, none},
	'┌': {none, light, light, none}, '┏': {none, heavy, heavy, none},
	'┐': {none, none, light, light}, '┓': {none, none, heavy, heavy},
	'└': {light, light, none, none}, '┗': {heavy, heavy, none, none},
	'┘': {light, none, none, light}, '┛': {heavy, none, none, heavy},
	'├': {light, light, light, none}, '┣': {heavy, heavy, heavy, none},
	'┤': {light, none, light, light}, '┫': {heavy, none, heavy, heavy},
	'┬': {none, light, light, light}, '┳': {none, heavy, heavy, heavy},
	'┴': {light, light, none, light}, '┻': {heavy, heavy, none, heavy},
	'┼': {light, light, light, light}, '╋': {heavy, heavy, heavy, heavy},
	'╴': {none, none, none, light}, '╵': {light, none, none, none},
	'╶': {none, light, none, none}, '╷': {none, none, light, none},
	'╸': {none, none, none, heavy}, '╹': {heavy, none, none, none},
	'╺': {none, heavy, none, none}, '╻': {none, none, heavy, none},
	'╼': {none, heavy, none, light}, '╽': {light, none, heavy, none},
	'╾': {none, light, none, heavy}, '╿': {heavy, none, light, none},
}

// boxArcs are the rounded corners, as the directions they join (dx right +1 / left -1,
// dy down +1 / up -1).
var boxArcs = map[rune][2]int{'╭': {1, 1}, '╮': {-1, 1}, '╯': {-1, -1}, '╰': {1, -1}}

// drawBoxRune draws r in rect if it is a box-drawing line, rounded corner or block element, and
// reports whether it did. Drawing these from geometry, not the font, makes lines meet exactly at
// cell edges whatever the cell size.
func drawBoxRune(img *image.RGBA, rect image.Rectangle, r rune, fg color.RGBA) bool {
	t := max(1, (rect.Dy()+9)/18)
	if w, ok := boxLines[r]; ok {
		drawLines(img, rect, w, t, fg)
		return true
	}
	if a, ok := boxArcs[r]; ok {
		drawArc(img, rect, a[0], a[1], t, fg)
		return true
	}
	return drawBlock(img, rect, r, fg)
}

// lineOffsets returns where a line of thickness t starts across a cell: x for vertical lines,
// y for horizontal ones.
func lineOffsets(rect image.Rectangle, t int) (x0, y0 int) {
	return rect.Min.X + (rect.Dx()-t)/2, rect.Min.Y + (rect.Dy()-t)/2
}

// drawLines draws the half-lines from the cell's centre to each edge with a weight.
func drawLines(img *image.RGBA, rect image.Rectangle, w [4]uint8, t int, fg color.RGBA) {
	thick := func(weight uint8) int {
		if weight == heavy {
			return 2 * t
		}
		return t
	}
	// The junction square spans the widest line through the centre.
	jt := 0
	for _, wt := range w {
		if wt != none {
			jt = max(jt, thick(wt))
		}
	}
	jx, jy := lineOffsets(rect, jt)
	for dir, wt := range w {
		if wt == none {
			continue
		}
		lt := thick(wt)
		x0, y0 := lineOffsets(rect, lt)
		var seg image.Rectangle
		switch dir {
		case 0: // up
			seg = image.Rect(x0, rect.Min.Y, x0+lt, jy+jt)
		case 1: // right
			seg = image.Rect(jx, y0, rect.Max.X, y0+lt)
		case 2: // down
			seg = image.Rect(x0, jy, x0+lt, rect.Max.Y)
		case 3: // left
			seg = image.Rect(rect.Min.X, y0, jx+jt, y0+lt)
		}
		fill(img, seg, fg)
	}
}

// drawArc draws a rounded corner joining the horizontal line on side dx and the vertical line on
// side dy: a quarter circle of radius half a cell, anti-aliased, then the straight rest.
func drawArc(img *image.RGBA, rect image.Rectangle, dx, dy, t int, fg color.RGBA) {
	x0, y0 := lineOffsets(rect, t)
	cx, cy := float64(x0)+float64(t)/2, float64(y0)+float64(t)/2
	rad := float64(rect.Dx()) / 2
	ax, ay := cx+float64(dx)*rad, cy+float64(dy)*rad
	for py := rect.Min.Y; py < rect.Max.Y; py++ {
		for px := rect.Min.X; px < rect.Max.X; px++ {
			fx, fy := float64(px)+0.5, float64(py)+0.5
			if (fx-ax)*float64(dx) > 0.5 || (fy-ay)*float64(dy) > 0.5 {
				continue
			}
			d := math.Hypot(fx-ax, fy-ay)
			cov := float64(t)/2 + 0.5 - math.Abs(d-rad)
			if cov > 0 {
				blendPixel(img, px, py, fg, min(cov, 1))
			}
		}
	}
	// The vertical rest, from the arc's end to the top or bottom edge.
	iy := int(math.Round(ay))
	if dy > 0 {
		fill(img, image.Rect(x0, iy, x0+t, rect.Max.Y), fg)
	} else {
		fill(img, image.Rect(x0, rect.Min.Y, x0+t, iy), fg)
	}
	// The horizontal rest (empty when the radius reaches the cell edge).
	ix := int(math.Round(ax))
	if dx > 0 && ix < rect.Max.X {
		fill(img, image.Rect(ix, y0, rect.Max.X, y0+t), fg)
	} else if dx < 0 && ix > rect.Min.X {
		fill(img, image.Rect(rect.Min.X, y0, ix, y0+t), fg)
	}
}

// drawBlock draws the block elements U+2580–U+259F.
func drawBlock(img *image.RGBA, rect image.Rectangle, r rune, fg color.RGBA) bool {
	w, h := rect.Dx(), rect.Dy()
	part := func(x0, y0, x1, y1 float64) image.Rectangle { // fractions of the cell
		return image.Rect(rect.Min.X+int(math.Round(x0*float64(w))), rect.Min.Y+int(math.Round(y0*float64(h))),
			rect.Min.X+int(math.Round(x1*float64(w))), rect.Min.Y+int(math.Round(y1*float64(h))))
	}
	quads := map[rune]uint8{ // bits: 1 upper left, 2 upper right, 4 lower left, 8 lower right
		'▖': 4, '▗': 8, '▘': 1, '▙': 1 | 4 | 8, '▚': 1 | 8, '▛': 1 | 2 | 4, '▜': 1 | 2 | 8, '▝': 2, '▞': 2 | 4, '▟': 2 | 4 | 8,
	}
	switch {
	case r == '▀':
		fill(img, part(0, 0, 1, 0.5), fg)
	case r >= '▁' && r <= '█':
		fill(img, part(0, 1-float64(r-0x2580)/8, 1, 1), fg)
	case r >= '▉' && r <= '▏':
		fill(img, part(0, 0, float64(0x2590-r)/8, 1), fg)
	case r == '▐':
		fill(img, part(0.5, 0, 1, 1), fg)
	case r >= '░' && r <= '▓':
		a := float64(r-0x2590) / 4
		for py := rect.Min.Y; py < rect.Max.Y; py++ {
			for px := rect.Min.X; px < rect.Max.X; px++ {
				blendPixel(img, px, py, fg, a)
			}
		}
	case r == '▔':
		fill(img, part(0, 0, 1, 1.0/8), fg)
	case r == '▕':
		fill(img, part(7.0/8, 0, 1, 1), fg)
	case quads[r] != 0:
		q := quads[r]
		for i, p := range [4]image.Rectangle{part(0, 0, 0.5, 0.5), part(0.5, 0, 1, 0.5), part(0, 0.5, 0.5, 1), part(0.5, 0.5, 1, 1)} {
			if q&(1<<i) != 0 {
				fill(img, p, fg)
			}
		}
	default:
		return false
	}
	return true
}

// blendPixel paints c over the pixel at (x, y) with coverage a in [0, 1].
func blendPixel(img *image.RGBA, x, y int, c color.RGBA, a float64) {
	if !(image.Point{x, y}.In(img.Rect)) {
		return
	}
	img.SetRGBA(x, y, blend(img.RGBAAt(x, y), c, a))
}
