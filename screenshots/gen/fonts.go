package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
)

// fontDir is where Debian installs the DejaVu fonts.
const fontDir = "/usr/share/fonts/truetype/dejavu"

// faces are the four monospace faces a cell may be drawn with.
type faces struct {
	regular, bold, italic, boldItalic font.Face
}

// pick returns the face for a bold and/or italic cell.
func (f *faces) pick(bold, italic bool) font.Face {
	switch {
	case bold && italic:
		return f.boldItalic
	case bold:
		return f.bold
	case italic:
		return f.italic
	}
	return f.regular
}

// loadFaces opens DejaVu Sans Mono at size pixels. Regular and bold (fonts-dejavu-core) are
// required; the oblique faces (fonts-dejavu-extra) fall back to the upright ones.
func loadFaces(size float64) (*faces, error) {
	regular, err := openFace("DejaVuSansMono.ttf", "fonts-dejavu-core", size)
	if err != nil {
		return nil, err
	}
	bold, err := openFace("DejaVuSansMono-Bold.ttf", "fonts-dejavu-core", size)
	if err != nil {
		return nil, err
	}
	f := &faces{regular: regular, bold: bold, italic: regular, boldItalic: bold}
	if it, err := openFace("DejaVuSansMono-Oblique.ttf", "fonts-dejavu-extra", size); err == nil {
		f.italic = it
	}
	if bi, err := openFace("DejaVuSansMono-BoldOblique.ttf", "fonts-dejavu-extra", size); err == nil {
		f.boldItalic = bi
	}
	return f, nil
}

// openFace parses one font file of fontDir; a missing file names the Debian package to install.
func openFace(name, pkg string, size float64) (font.Face, error) {
	path := filepath.Join(fontDir, name)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("font %s is missing: install the Debian package %s (apt-get install %s)", path, pkg, pkg)
	}
	if err != nil {
		return nil, fmt.Errorf("reading font %s: %w", path, err)
	}
	ft, err := opentype.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("parsing font %s: %w", path, err)
	}
	face, err := opentype.NewFace(ft, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("loading font %s at %vpx: %w", path, size, err)
	}
	return face, nil
}
