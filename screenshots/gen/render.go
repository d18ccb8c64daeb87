package main

import (
	"image"
	"image/color"
	"image/draw"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"github.com/podmux/podmux/session/term"
)

// renderer rasterises a snapshot: every cell is cw×ch pixels, text sits on a common baseline.
type renderer struct {
	faces    *faces
	cw, ch   int
	baseline int // pixels from a cell's top to the text baseline
}

// newRenderer sizes cells from the regular face: the advance of a glyph wide, ascent plus
// descent high.
func newRenderer(f *faces) *renderer {
	m := f.regular.Metrics()
	adv, _ := f.regular.GlyphAdvance('M')
	asc, desc := m.Ascent.Ceil(), m.Descent.Ceil()
	return &renderer{faces: f, cw: adv.Round(), ch: asc + desc, baseline: asc}
}

// render draws s as a terminal would show it.
func (r *renderer) render(s *snapshot) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, s.cols*r.cw, s.rows*r.ch))
	draw.Draw(img, img.Bounds(), image.NewUniform(defaultBg), image.Point{}, draw.Src)
	for y, row := range s.cells {
		for x, c := range row {
			_, bg := cellColors(c.style)
			fill(img, r.cellRect(x, y, 1), bg)
		}
	}
	for y, row := range s.cells {
		for x, c := range row {
			if c.width == 0 {
				continue
			}
			fg, _ := cellColors(c.style)
			r.drawCell(img, x, y, c, fg)
		}
	}
	r.drawCursor(img, s)
	return img
}

// cellRect is the pixel rectangle of w cells starting at cell (x, y).
func (r *renderer) cellRect(x, y, w int) image.Rectangle {
	return image.Rect(x*r.cw, y*r.ch, (x+w)*r.cw, (y+1)*r.ch)
}

// drawCell draws c's character and decorations in fg.
func (r *renderer) drawCell(img *image.RGBA, x, y int, c snapCell, fg color.RGBA) {
	rect := r.cellRect(x, y, max(c.width, 1))
	if c.text != "" && c.text != " " && c.style.Attrs&term.AttrInvisible == 0 {
		r.drawText(img, rect, c, fg)
	}
	r.drawDecorations(img, rect, c.style, fg)
}

// drawText draws a cell's grapheme: box drawing and block elements geometrically (so lines
// join across cells), anything else from the font, a hollow box for a character it lacks.
func (r *renderer) drawText(img *image.RGBA, rect image.Rectangle, c snapCell, fg color.RGBA) {
	first, size := utf8.DecodeRuneInString(c.text)
	if size == len(c.text) && drawBoxRune(img, rect, first, fg) {
		return
	}
	face := r.faces.pick(c.style.Attrs&term.AttrBold != 0, c.style.Attrs&term.AttrItalic != 0)
	adv, ok := face.GlyphAdvance(first)
	if !ok {
		missingGlyph(img, rect, fg)
		return
	}
	// Centre the glyph horizontally in its cells (wide characters, and glyphs of another width).
	off := (fixed.I(rect.Dx()) - adv) / 2
	d := font.Drawer{Dst: img, Src: image.NewUniform(fg), Face: face,
		Dot: fixed.Point26_6{X: fixed.I(rect.Min.X) + off, Y: fixed.I(rect.Min.Y + r.baseline)}}
	d.DrawString(c.text)
}

// drawDecorations draws underline, strikethrough and overline.
func (r *renderer) drawDecorations(img *image.RGBA, rect image.Rectangle, st term.Style, fg color.RGBA) {
	line := func(y int, c color.RGBA) {
		fill(img, image.Rect(rect.Min.X, y, rect.Max.X, y+1), c)
	}
	ul := fg
	if !st.UnderlineColor.IsDefault() {
		ul = resolve(st.UnderlineColor, fg)
	}
	under := rect.Min.Y + r.baseline + 2
	switch st.Underline {
	case term.UnderlineNone:
	case term.UnderlineDouble:
		line(under, ul)
		line(under+2, ul)
	case term.UnderlineCurly:
		for x := rect.Min.X; x < rect.Max.X; x++ {
			dy := [4]int{0, 1, 0, -1}[x%4]
			fill(img, image.Rect(x, under+1+dy, x+1, under+2+dy), ul)
		}
	case term.UnderlineDotted, term.UnderlineDashed:
		period := 2
		if st.Underline == term.UnderlineDashed {
			period = 6
		}
		for x := rect.Min.X; x < rect.Max.X; x++ {
			if x/(period/2)%2 == 0 {
				fill(img, image.Rect(x, under, x+1, under+1), ul)
			}
		}
	default:
		line(under, ul)
	}
	if st.Attrs&term.AttrStrike != 0 {
		line(rect.Min.Y+r.ch/2, fg)
	}
	if st.Attrs&term.AttrOverline != 0 {
		line(rect.Min.Y, fg)
	}
}

// drawCursor draws the visible cursor: a block inverts its cell, a bar or underline is drawn in
// the cell's foreground colour.
func (r *renderer) drawCursor(img *image.RGBA, s *snapshot) {
	cur := s.cursor
	if !cur.Visible || cur.Y >= s.rows || cur.X >= s.cols {
		return
	}
	c := s.cells[cur.Y][cur.X]
	if c.width == 0 && cur.X > 0 {
		cur.X--
		c = s.cells[cur.Y][cur.X]
	}
	fg, bg := cellColors(c.style)
	rect := r.cellRect(cur.X, cur.Y, max(c.width, 1))
	switch cur.Shape {
	case term.CursorBar:
		fill(img, image.Rect(rect.Min.X, rect.Min.Y, rect.Min.X+2, rect.Max.Y), fg)
	case term.CursorUnderline:
		fill(img, image.Rect(rect.Min.X, rect.Max.Y-2, rect.Max.X, rect.Max.Y), fg)
	default:
		fill(img, rect, fg)
		c.style.Attrs &^= term.AttrInvisible
		r.drawCell(img, cur.X, cur.Y, c, bg)
	}
}

// missingGlyph draws a hollow box for a character the font lacks.
func missingGlyph(img *image.RGBA, rect image.Rectangle, fg color.RGBA) {
	b := rect.Inset(2)
	fill(img, image.Rect(b.Min.X, b.Min.Y, b.Max.X, b.Min.Y+1), fg)
	fill(img, image.Rect(b.Min.X, b.Max.Y-1, b.Max.X, b.Max.Y), fg)
	fill(img, image.Rect(b.Min.X, b.Min.Y, b.Min.X+1, b.Max.Y), fg)
	fill(img, image.Rect(b.Max.X-1, b.Min.Y, b.Max.X, b.Max.Y), fg)
}

// fill paints rect in c.
func fill(img *image.RGBA, rect image.Rectangle, c color.RGBA) {
	draw.Draw(img, rect, image.NewUniform(c), image.Point{}, draw.Src)
}
