package term

// Color is a cell colour: the terminal default, one of the 256 indexed colours, or 24-bit RGB.
// The zero value is the default colour.
type Color uint32

const (
	colorKindShift = 24
	colorIndexed   = 1 << colorKindShift
	colorRGB       = 2 << colorKindShift
	colorKindMask  = 0xff << colorKindShift
)

// DefaultColor is the terminal's default foreground or background.
const DefaultColor Color = 0

// IndexedColor returns palette colour i (0–15 are the ANSI colours, 16–255 the xterm cube and greys).
func IndexedColor(i uint8) Color { return Color(colorIndexed | uint32(i)) }

// RGBColor returns a 24-bit colour.
func RGBColor(r, g, b uint8) Color {
	return Color(colorRGB | uint32(r)<<16 | uint32(g)<<8 | uint32(b))
}

// IsDefault reports whether c is the default colour.
func (c Color) IsDefault() bool { return c&colorKindMask == 0 }

// Indexed returns the palette index and true if c is an indexed colour.
func (c Color) Indexed() (uint8, bool) { return uint8(c), c&colorKindMask == colorIndexed }

// RGB returns the components and true if c is a 24-bit colour.
func (c Color) RGB() (r, g, b uint8, ok bool) {
	return uint8(c >> 16), uint8(c >> 8), uint8(c), c&colorKindMask == colorRGB
}

// Attrs are the boolean SGR attributes of a style.
type Attrs uint16

// SGR attributes.
const (
	AttrBold Attrs = 1 << iota
	AttrDim
	AttrItalic
	AttrBlink
	AttrRapidBlink
	AttrReverse
	AttrInvisible
	AttrStrike
	AttrOverline
)

// UnderlineStyle is the SGR 4:n underline shape; zero means no underline.
type UnderlineStyle uint8

// Underline shapes (SGR 4:0 … 4:5; SGR 21 is double).
const (
	UnderlineNone UnderlineStyle = iota
	UnderlineSingle
	UnderlineDouble
	UnderlineCurly
	UnderlineDotted
	UnderlineDashed
)

// Style is the full rendition of a cell. The zero Style is the default rendition.
// Link is the OSC 8 hyperlink target ("" for none).
type Style struct {
	Fg, Bg, UnderlineColor Color
	Attrs                  Attrs
	Underline              UnderlineStyle
	Link                   string
}

// StyleID is an index into a Terminal's style table; 0 is always the default Style.
type StyleID uint16

// styleTable interns styles. Ids are stable until compaction, which only the Terminal triggers,
// rewriting every live reference (screens, scrollback, saved cursors) at once.
type styleTable struct {
	styles []Style
	ids    map[Style]StyleID
}

const (
	// styleSoftLimit triggers compaction of the style table.
	styleSoftLimit = 8192
	// styleHardLimit is the largest table; when live styles fill it, new styles fall back to default.
	styleHardLimit = 65535
)

func newStyleTable() styleTable {
	return styleTable{styles: []Style{{}}, ids: map[Style]StyleID{{}: 0}}
}

// lookup returns the id of s, or false if s is not interned.
func (st *styleTable) lookup(s Style) (StyleID, bool) {
	id, ok := st.ids[s]
	return id, ok
}

// add appends s (which must not be present) and returns its id, or 0 when the table is full.
func (st *styleTable) add(s Style) StyleID {
	if len(st.styles) >= styleHardLimit {
		return 0
	}
	id := StyleID(len(st.styles))
	st.styles = append(st.styles, s)
	st.ids[s] = id
	return id
}

// get returns the style for id; unknown ids resolve to the default style.
func (st *styleTable) get(id StyleID) Style {
	if int(id) < len(st.styles) {
		return st.styles[id]
	}
	return Style{}
}
