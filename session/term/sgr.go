package term

import "github.com/charmbracelet/x/ansi"

// paramAt returns parameter i clamped to [0, 65535], or def when absent.
func paramAt(ps ansi.Params, i, def int) int {
	if i < 0 || i >= len(ps) {
		return def
	}
	v := ps[i].Param(def)
	if v < 0 || v > 65535 {
		v = 65535
	}
	return v
}

// count returns parameter i as a count: absent or 0 means 1.
func count(ps ansi.Params, i int) int {
	return max(paramAt(ps, i, 1), 1)
}

// sgr applies Select Graphic Rendition parameters to the pen, in both ';' and ':' forms.
func (t *Terminal) sgr(ps ansi.Params) {
	t.penStale = true
	if len(ps) == 0 {
		t.pen = Style{Link: t.pen.Link}
		return
	}
	p := &t.pen
	for i := 0; i < len(ps); {
		// The group is the parameter and its ':' sub-parameters.
		j := i
		for j < len(ps)-1 && ps[j].HasMore() {
			j++
		}
		group := ps[i : j+1]
		next := j + 1
		switch v := paramAt(ps, i, 0); v {
		case 0:
			*p = Style{Link: p.Link}
		case 1:
			p.Attrs |= AttrBold
		case 2:
			p.Attrs |= AttrDim
		case 3:
			p.Attrs |= AttrItalic
		case 4:
			p.Underline = UnderlineSingle
			if len(group) > 1 {
				p.Underline = UnderlineStyle(min(paramAt(group, 1, 1), int(UnderlineDashed)))
			}
		case 5:
			p.Attrs |= AttrBlink
		case 6:
			p.Attrs |= AttrRapidBlink
		case 7:
			p.Attrs |= AttrReverse
		case 8:
			p.Attrs |= AttrInvisible
		case 9:
			p.Attrs |= AttrStrike
		case 21:
			p.Underline = UnderlineDouble
		case 22:
			p.Attrs &^= AttrBold | AttrDim
		case 23:
			p.Attrs &^= AttrItalic
		case 24:
			p.Underline = UnderlineNone
		case 25:
			p.Attrs &^= AttrBlink | AttrRapidBlink
		case 27:
			p.Attrs &^= AttrReverse
		case 28:
			p.Attrs &^= AttrInvisible
		case 29:
			p.Attrs &^= AttrStrike
		case 53:
			p.Attrs |= AttrOverline
		case 55:
			p.Attrs &^= AttrOverline
		case 39:
			p.Fg = DefaultColor
		case 49:
			p.Bg = DefaultColor
		case 59:
			p.UnderlineColor = DefaultColor
		case 38, 48, 58:
			var c Color
			var ok bool
			if len(group) > 1 {
				c, ok = extColorColon(group[1:])
			} else {
				c, ok, next = extColorSemi(ps, i+1)
			}
			if ok {
				switch v {
				case 38:
					p.Fg = c
				case 48:
					p.Bg = c
				default:
					p.UnderlineColor = c
				}
			}
		default:
			switch {
			case v >= 30 && v <= 37:
				p.Fg = IndexedColor(uint8(v - 30))
			case v >= 40 && v <= 47:
				p.Bg = IndexedColor(uint8(v - 40))
			case v >= 90 && v <= 97:
				p.Fg = IndexedColor(uint8(v - 90 + 8))
			case v >= 100 && v <= 107:
				p.Bg = IndexedColor(uint8(v - 100 + 8))
			}
		}
		i = next
	}
}

func byteParam(ps ansi.Params, i int) uint8 { return uint8(min(paramAt(ps, i, 0), 255)) }

// extColorColon decodes "5:n", "2:r:g:b" or "2:cs:r:g:b" sub-parameters.
func extColorColon(sub ansi.Params) (Color, bool) {
	switch paramAt(sub, 0, 0) {
	case 5:
		if len(sub) >= 2 {
			return IndexedColor(byteParam(sub, 1)), true
		}
	case 2:
		switch {
		case len(sub) >= 5:
			return RGBColor(byteParam(sub, 2), byteParam(sub, 3), byteParam(sub, 4)), true
		case len(sub) == 4:
			return RGBColor(byteParam(sub, 1), byteParam(sub, 2), byteParam(sub, 3)), true
		}
	}
	return 0, false
}

// extColorSemi decodes "5;n" or "2;r;g;b" following a 38/48/58 and returns the next index.
func extColorSemi(ps ansi.Params, i int) (Color, bool, int) {
	switch paramAt(ps, i, 0) {
	case 5:
		if i+1 < len(ps) {
			return IndexedColor(byteParam(ps, i+1)), true, i + 2
		}
	case 2:
		if i+3 < len(ps) {
			return RGBColor(byteParam(ps, i+1), byteParam(ps, i+2), byteParam(ps, i+3)), true, i + 4
		}
	}
	return 0, false, len(ps)
}
