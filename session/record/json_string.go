package record

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// SWAR constants: one byte value repeated in each of the eight bytes of a word.
const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// specialMask returns the high bit of each byte of x (little-endian) that a JSON string cannot
// hold as it is: a control byte, '"', '\\', or a byte of a multi-byte UTF-8 sequence (≥ 0x80).
// The lowest set bit is always exact (a borrow only crosses into a higher byte from a byte that
// already matched), so bits.TrailingZeros64(m)/8 is the offset of the first such byte.
func specialMask(x uint64) uint64 {
	q := x ^ '"'*lowBits  // zero bytes where x has '"'
	b := x ^ '\\'*lowBits // zero bytes where x has '\\'
	ctl := (x - 0x20*lowBits) &^ x
	quote := (q - lowBits) &^ q
	bslash := (b - lowBits) &^ b
	return (ctl | quote | bslash | x) & highBits
}

// plainJSON marks the ASCII bytes a JSON string holds unescaped.
var plainJSON = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// escapes holds the JSON escape of each ASCII byte a JSON string cannot hold as it is
// ("\\u001b", "\\n", "\\\"", …); other entries are empty.
var escapes = func() (t [utf8.RuneSelf]string) {
	for c := range 0x20 {
		t[c] = `\u00` + string(hexDigits[c>>4]) + string(hexDigits[c&0xf])
	}
	t['\n'], t['\r'], t['\t'] = `\n`, `\r`, `\t`
	t['"'], t['\\'] = `\"`, `\\`
	return t
}()

// maxEscapeGrowth is how many bytes one input byte becomes at most in a JSON string (a control
// byte as \u00XX, an invalid byte as \ufffd).
const maxEscapeGrowth = 6

// appendJSONString appends s as a JSON string literal. Valid UTF-8 is copied as is except for
// the characters JSON requires escaped; each byte that is not part of a valid UTF-8 sequence
// becomes \ufffd (U+FFFD), since JSON strings, and so asciicast, carry only Unicode text.
func appendJSONString(dst []byte, s []byte) []byte {
	dst = append(dst, '"')
	dst = appendJSONBody(dst, s)
	return append(dst, '"')
}

// appendJSONBodyGeneric is appendJSONBody in portable Go. Runs of plain ASCII are skipped
// eight bytes at a time (specialMask) and copied with one append; a byte that needs attention
// right away (dense escapes, runs of non-ASCII text) skips the word test.
func appendJSONBodyGeneric(dst []byte, s []byte) []byte {
	start := 0
	for i := 0; i < len(s); {
		if plainJSON[s[i]] {
			if i+8 > len(s) {
				i++
				continue
			}
			m := specialMask(binary.LittleEndian.Uint64(s[i:]))
			if m == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(m) >> 3
		}
		c := s[i]
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			dst = append(dst, escapes[c]...)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	return append(dst, s[start:]...)
}

// appendJSONBodyJoined appends the JSON string body of head followed by s, without joining
// them: head is an incomplete UTF-8 sequence held back from a previous chunk (at most
// utf8.UTFMax-1 bytes, beginning with a rune start, see incompleteTail). The runes that start in
// head are decoded from a small copy of head and the first bytes of s, exactly as the decoder
// would see them in the joined bytes; the rest of s is encoded in place.
func appendJSONBodyJoined(dst []byte, head, s []byte) []byte {
	if len(head) == 0 {
		return appendJSONBody(dst, s)
	}
	var scratch [2 * (utf8.UTFMax - 1)]byte
	joined := append(append(scratch[:0], head...), s[:min(len(s), utf8.UTFMax-1)]...)
	if len(s) < utf8.UTFMax-1 {
		return appendJSONBody(dst, joined) // all of it fits the copy
	}
	// With UTFMax-1 bytes of s after it, every rune starting in head is whole in joined, so
	// DecodeRune sees the same bytes it would in the joined stream.
	pos := 0
	for pos < len(head) {
		_, size := utf8.DecodeRune(joined[pos:])
		pos += size
	}
	dst = appendJSONBody(dst, joined[:pos])
	return appendJSONBody(dst, s[pos-len(head):])
}
