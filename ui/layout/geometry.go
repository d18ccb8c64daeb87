package layout

import "math"

// Rect is a rectangle of terminal cells: columns X..X+W-1, rows Y..Y+H-1.
// A Rect with W or H zero covers no cell.
type Rect struct {
	X, Y, W, H int
}

// Size is a width and height in cells.
type Size struct {
	W, H int
}

// Right is the first column to the right of r.
func (r Rect) Right() int { return r.X + r.W }

// Bottom is the first row below r.
func (r Rect) Bottom() int { return r.Y + r.H }

// Size is r's width and height.
func (r Rect) Size() Size { return Size{W: r.W, H: r.H} }

// Fits reports whether s is at least min in both dimensions.
func (s Size) Fits(min Size) bool { return s.W >= min.W && s.H >= min.H }

// Direction is how a split lays out its children.
type Direction uint8

const (
	// Horizontal places children left to right (tmux "split-window -h", podmux prefix %).
	Horizontal Direction = iota
	// Vertical places children top to bottom (tmux "split-window -v", podmux prefix ").
	Vertical
)

// String is "horizontal" or "vertical".
func (d Direction) String() string {
	if d == Horizontal {
		return "horizontal"
	}
	return "vertical"
}

// Side is a direction of travel from a pane, for focus movement and resizing.
type Side uint8

// The four sides, in screen terms: Up is towards row 0.
const (
	Left Side = iota
	Right
	Up
	Down
)

// String is "left", "right", "up" or "down".
func (s Side) String() string {
	switch s {
	case Left:
		return "left"
	case Right:
		return "right"
	case Up:
		return "up"
	default:
		return "down"
	}
}

// axis is the split direction whose boundaries lie across s: Left/Right cross
// the boundaries of Horizontal splits, Up/Down those of Vertical splits.
func (s Side) axis() Direction {
	if s == Left || s == Right {
		return Horizontal
	}
	return Vertical
}

// forward reports whether s points towards larger coordinates.
func (s Side) forward() bool { return s == Right || s == Down }

// allocate divides length cells among children with the given weights and
// minimum lengths. The result always sums to exactly length (for length >= 0).
// When length covers the sum of the minimums every child gets at least its
// minimum and the rest is shared in proportion to the weights; otherwise the
// minimums are ignored and the whole length is shared by weight. Integer
// remainders go to the children with the largest fractional parts, ties to the
// earlier child, so the result is deterministic.
func allocate(length int, weights []float64, needs []int) []int {
	n := len(weights)
	out := make([]int, n)
	if n == 0 || length <= 0 {
		return out
	}
	total := 0
	for _, m := range needs {
		total += m
	}
	if total > length {
		needs = make([]int, n)
	}
	fixed := make([]bool, n)
	exact := make([]float64, n)
	for {
		rem := float64(length)
		var wsum float64
		for i := range n {
			if fixed[i] {
				rem -= float64(needs[i])
			} else {
				wsum += weight(weights[i])
			}
		}
		changed := false
		for i := range n {
			if fixed[i] {
				exact[i] = float64(needs[i])
				continue
			}
			exact[i] = rem * weight(weights[i]) / wsum
			if exact[i] < float64(needs[i]) {
				fixed[i] = true
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	sum := 0
	for i, e := range exact {
		out[i] = int(math.Floor(e))
		if out[i] < needs[i] {
			out[i] = needs[i]
		}
		sum += out[i]
	}
	// Hand out the remainder by largest fractional part (ties: earlier child).
	for sum < length {
		best, bestFrac := -1, -1.0
		for i, e := range exact {
			if f := e - float64(out[i]); f > bestFrac {
				best, bestFrac = i, f
			}
		}
		out[best]++
		sum++
	}
	// Floating-point error can overshoot by a cell: take it back from the
	// child with the most room above its minimum (ties: later child).
	for sum > length {
		best, bestRoom := -1, math.MinInt
		for i := range out {
			if room := out[i] - needs[i]; room >= bestRoom && out[i] > 0 {
				best, bestRoom = i, room
			}
		}
		out[best]--
		sum--
	}
	return out
}

// weight guards against non-positive weights, which would break the division.
func weight(w float64) float64 {
	if w > 0 && !math.IsInf(w, 1) && !math.IsNaN(w) {
		return w
	}
	return 1
}
