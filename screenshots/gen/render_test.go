package main

import (
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podmux/podmux/session/term"
)

// testRenderer loads the real fonts; without them (fonts-dejavu-core) the renderer cannot run.
func testRenderer(t *testing.T) *renderer {
	t.Helper()
	if _, err := os.Stat(filepath.Join(fontDir, "DejaVuSansMono.ttf")); err != nil {
		t.Skip("DejaVu Sans Mono is not installed (Debian package fonts-dejavu-core)")
	}
	f, err := loadFaces(15)
	if err != nil {
		t.Fatal(err)
	}
	return newRenderer(f)
}

// renderANSI feeds out to a cols×rows engine and renders its screen.
func renderANSI(t *testing.T, r *renderer, cols, rows int, out string) *image.RGBA {
	t.Helper()
	tm := term.New(cols, rows)
	if _, err := tm.Write([]byte(out)); err != nil {
		t.Fatal(err)
	}
	return r.render(takeSnapshot(tm))
}

func TestCellSizeFromFont(t *testing.T) {
	r := testRenderer(t)
	if r.cw != 9 || r.ch != 18 || r.baseline <= r.ch/2 || r.baseline >= r.ch {
		t.Fatalf("cell %dx%d baseline %d; want 9x18 with the baseline in the lower half", r.cw, r.ch, r.baseline)
	}
	img := renderANSI(t, r, 20, 3, "")
	if b := img.Bounds(); b.Dx() != 20*9 || b.Dy() != 3*18 {
		t.Fatalf("image %v for 20x3 cells", b)
	}
}

func TestBackgroundColours(t *testing.T) {
	r := testRenderer(t)
	// Cells 0..5: default, ANSI red, cube 196, grey 232, truecolor, reverse video of the defaults.
	img := renderANSI(t, r, 10, 1,
		" \x1b[41m \x1b[48;5;196m \x1b[48;5;232m \x1b[48;2;1;2;3m \x1b[0;7m \x1b[0m")
	want := []color.RGBA{defaultBg, ansi16[1], {0xff, 0, 0, 0xff}, {8, 8, 8, 0xff}, {1, 2, 3, 0xff}, defaultFg}
	for x, w := range want {
		if got := img.RGBAAt(x*r.cw+1, 1); got != w {
			t.Errorf("cell %d background %v, want %v", x, got, w)
		}
	}
}

func TestBoldUsesBrightANSI(t *testing.T) {
	fg, _ := cellColors(term.Style{Fg: term.IndexedColor(4), Attrs: term.AttrBold})
	if fg != ansi16[12] {
		t.Fatalf("bold blue drawn as %v, want bright blue %v", fg, ansi16[12])
	}
	fg, _ = cellColors(term.Style{Fg: term.IndexedColor(4)})
	if fg != ansi16[4] {
		t.Fatalf("blue drawn as %v", fg)
	}
}

func TestPalette(t *testing.T) {
	cases := map[uint8]color.RGBA{
		0: {0, 0, 0, 0xff}, 9: {0xff, 0, 0, 0xff}, 16: {0, 0, 0, 0xff}, 21: {0, 0, 0xff, 0xff},
		196: {0xff, 0, 0, 0xff}, 231: {0xff, 0xff, 0xff, 0xff}, 232: {8, 8, 8, 0xff}, 255: {238, 238, 238, 0xff},
	}
	for i, want := range cases {
		if got := indexed(i); got != want {
			t.Errorf("colour %d = %v, want %v", i, got, want)
		}
	}
}

func TestBoxLinesJoinAcrossCells(t *testing.T) {
	r := testRenderer(t)
	img := renderANSI(t, r, 6, 3, "╭────╮\r\n│    │\r\n╰────╯")
	// The horizontal lines are unbroken from the first cell's arc to the last one's, and the
	// vertical lines from the top row's arcs to the bottom row's.
	rowHasLine := func(y, x0, x1 int) bool {
		for x := x0; x < x1; x++ {
			if img.RGBAAt(x, y) != defaultFg {
				return false
			}
		}
		return true
	}
	x0, yTop := lineOffsets(image.Rect(0, 0, r.cw, r.ch), 1)
	if !rowHasLine(yTop, r.cw, 5*r.cw) || !rowHasLine(2*r.ch+yTop, r.cw, 5*r.cw) {
		t.Fatal("horizontal box lines have gaps")
	}
	for y := r.ch; y < 2*r.ch; y++ {
		if img.RGBAAt(x0, y) != defaultFg || img.RGBAAt(5*r.cw+x0, y) != defaultFg {
			t.Fatalf("vertical box line has a gap at y=%d", y)
		}
	}
}

func TestWideCharacterSpansTwoCells(t *testing.T) {
	r := testRenderer(t)
	// DejaVu Sans Mono has no CJK glyph: the wide character shows as a box over both cells.
	img := renderANSI(t, r, 4, 1, "界x\x1b[?25l")
	inked := func(x0, x1 int) bool {
		for x := x0; x < x1; x++ {
			for y := range r.ch {
				if img.RGBAAt(x, y) != defaultBg {
					return true
				}
			}
		}
		return false
	}
	if !inked(0, r.cw) || !inked(r.cw, 2*r.cw) || !inked(2*r.cw, 3*r.cw) || inked(3*r.cw, 4*r.cw) {
		t.Fatal("want ink in cells 0-2 (wide char, then x) and none in cell 3")
	}
}

func TestCursorBlockInvertsCell(t *testing.T) {
	r := testRenderer(t)
	img := renderANSI(t, r, 4, 1, "ab\x1b[1G")
	if got := img.RGBAAt(1, 1); got != defaultFg {
		t.Fatalf("block cursor cell background %v, want the foreground %v", got, defaultFg)
	}
	img = renderANSI(t, r, 4, 1, "ab\x1b[1G\x1b[?25l")
	if got := img.RGBAAt(1, 1); got != defaultBg {
		t.Fatalf("hidden cursor still drawn: %v", got)
	}
}

func TestMissingFontNamesThePackage(t *testing.T) {
	_, err := openFace("NoSuchFont.ttf", "fonts-dejavu-core", 15)
	if err == nil || !strings.Contains(err.Error(), "apt-get install fonts-dejavu-core") {
		t.Fatalf("error %v should name the package to install", err)
	}
}
