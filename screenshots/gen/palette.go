package main

import (
	"image/color"

	"github.com/podmux/podmux/session/term"
)

// The dark theme of the pictures: default foreground and background, and the cursor colour.
var (
	defaultFg = color.RGBA{0xd0, 0xd0, 0xd0, 0xff}
	defaultBg = color.RGBA{0x1c, 0x1c, 0x1c, 0xff}
)

// ansi16 is xterm's palette for the 16 ANSI colours.
var ansi16 = [16]color.RGBA{
	{0x00, 0x00, 0x00, 0xff}, {0xcd, 0x00, 0x00, 0xff}, {0x00, 0xcd, 0x00, 0xff}, {0xcd, 0xcd, 0x00, 0xff},
	{0x00, 0x00, 0xee, 0xff}, {0xcd, 0x00, 0xcd, 0xff}, {0x00, 0xcd, 0xcd, 0xff}, {0xe5, 0xe5, 0xe5, 0xff},
	{0x7f, 0x7f, 0x7f, 0xff}, {0xff, 0x00, 0x00, 0xff}, {0x00, 0xff, 0x00, 0xff}, {0xff, 0xff, 0x00, 0xff},
	{0x5c, 0x5c, 0xff, 0xff}, {0xff, 0x00, 0xff, 0xff}, {0x00, 0xff, 0xff, 0xff}, {0xff, 0xff, 0xff, 0xff},
}

// cubeLevels are the channel values of xterm's 6×6×6 colour cube (indices 16–231).
var cubeLevels = [6]uint8{0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff}

// indexed returns xterm's colour for palette index i: the ANSI 16, the cube, then 24 greys.
func indexed(i uint8) color.RGBA {
	switch {
	case i < 16:
		return ansi16[i]
	case i < 232:
		n := i - 16
		return color.RGBA{cubeLevels[n/36], cubeLevels[n/6%6], cubeLevels[n%6], 0xff}
	default:
		g := 8 + 10*(i-232)
		return color.RGBA{g, g, g, 0xff}
	}
}

// resolve maps an engine colour to RGB, with def for the terminal default.
func resolve(c term.Color, def color.RGBA) color.RGBA {
	if i, ok := c.Indexed(); ok {
		return indexed(i)
	}
	if r, g, b, ok := c.RGB(); ok {
		return color.RGBA{r, g, b, 0xff}
	}
	return def
}

// blend mixes a toward b by t in [0, 1].
func blend(a, b color.RGBA, t float64) color.RGBA {
	mix := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t + 0.5) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

// cellColors returns the foreground and background a cell is drawn with. As in xterm (its
// boldColors default), bold text in one of the first 8 ANSI colours uses the bright variant;
// reverse video swaps the colours, dim moves the foreground toward the background, invisible
// hides it.
func cellColors(st term.Style) (fg, bg color.RGBA) {
	fgc := st.Fg
	if i, ok := fgc.Indexed(); ok && i < 8 && st.Attrs&term.AttrBold != 0 {
		fgc = term.IndexedColor(i + 8)
	}
	fg, bg = resolve(fgc, defaultFg), resolve(st.Bg, defaultBg)
	if st.Attrs&term.AttrReverse != 0 {
		fg, bg = bg, fg
	}
	if st.Attrs&term.AttrDim != 0 {
		fg = blend(fg, bg, 0.45)
	}
	if st.Attrs&term.AttrInvisible != 0 {
		fg = bg
	}
	return fg, bg
}
