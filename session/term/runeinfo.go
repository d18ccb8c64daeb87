package term

import (
	"sync/atomic"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Per-rune facts derived from x/ansi's grapheme and width rules, computed lazily in blocks of
// 256 runes and shared by all terminals (published with atomic pointers, so race-free).
//
// A rune is "simple" when the grapheme rules never join it with a neighbour that is itself
// simple or ASCII: not Prepend, Extend, ZWJ, SpacingMark, Regional Indicator or Hangul jamo.
// Between two simple runes there is always a cluster boundary, so the printer can place a simple
// rune without running the segmenter.
const (
	infoWidthMask uint8 = 3
	infoSimple    uint8 = 4
	infoKnown     uint8 = 8
	infoUnsafe    uint8 = 16 // dropped (C1) or shown as U+FFFD: see hostwidth.go
)

var runeBlocks [(utf8.MaxRune + 1) >> 8]atomic.Pointer[[256]uint8]

// runeInfo returns the width and simple flag of r.
func runeInfo(r rune) uint8 {
	if r < 0 || r > utf8.MaxRune {
		return infoKnown | infoSimple | 1
	}
	blk := runeBlocks[r>>8].Load()
	if blk == nil {
		blk = computeBlock(r >> 8)
		runeBlocks[r>>8].Store(blk)
	}
	return blk[r&0xff]
}

func computeBlock(hi rune) *[256]uint8 {
	var blk [256]uint8
	var buf []byte
	breaks := func(a, b string) bool {
		buf = append(append(buf[:0], a...), b...)
		cl, _ := ansi.FirstGraphemeCluster(buf, ansi.GraphemeWidth)
		return len(cl) == len(a)
	}
	for lo := range 256 {
		r := hi<<8 | rune(lo)
		s := string(r)
		if !utf8.ValidRune(r) {
			s = "\uFFFD"
		}
		_, w := ansi.FirstGraphemeCluster([]byte(s), ansi.GraphemeWidth)
		info := infoKnown | uint8(min(max(w, 0), 2))
		if r >= 0x80 && (!utf8.ValidRune(r) || inUnsafeRanges(r)) {
			info |= infoUnsafe
		}
		if r >= 0x80 && breaks(s, "a") && breaks("a", s) && breaks(s, s) &&
			breaks(s, "\u1161") && breaks(s, "\u11a8") && breaks("\u1100", s) && breaks("\uac00", s) {
			info |= infoSimple
		}
		blk[lo] = info
	}
	return &blk
}

// simpleCluster reports whether the rune at the start of b (non-ASCII, valid UTF-8) is a whole
// grapheme cluster by itself, and returns its length and width. It needs the following rune to
// be ASCII or simple; at the end of b it answers yes (the carry re-places it if the next write
// extends it).
func simpleCluster(b []byte) (n, w int, ok bool) {
	r, n := utf8.DecodeRune(b)
	info := runeInfo(r)
	if info&infoSimple == 0 {
		return 0, 0, false
	}
	if n < len(b) {
		if c := b[n]; c >= 0x80 {
			r2, _ := utf8.DecodeRune(b[n:])
			if runeInfo(r2)&infoSimple == 0 {
				return 0, 0, false
			}
		}
	}
	return n, int(info & infoWidthMask), true
}
