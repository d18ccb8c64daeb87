//go:build amd64 && !purego

package record

import (
	"encoding/binary"
	"slices"
	"unicode/utf8"
)

// asciiWords holds, for each ASCII byte, what the kernel stores for it as one little-endian
// word: the byte itself or its JSON escape ("\\u001b", "\\n", "\\\"", …) in the low bytes,
// and the count of those bytes in the top byte. Storing the word and advancing by the count
// writes any ASCII byte with one store.
var asciiWords = func() (t [utf8.RuneSelf]uint64) {
	for c := range utf8.RuneSelf {
		var w [8]byte
		n := 1
		if e := escapes[c]; e != "" {
			n = copy(w[:], e)
		} else {
			w[0] = byte(c)
		}
		w[7] = byte(n)
		t[c] = binary.LittleEndian.Uint64(w[:])
	}
	return t
}()

// encodeASCII encodes the leading ASCII bytes of src into dst as the inside of a JSON string,
// sixteen bytes at a time (SSE2, which every amd64 CPU has), and stops at the end of src or at its first byte ≥ 0x80.
// It returns how many bytes of src it consumed and of dst it wrote. dst must have room for
// asciiRoom(len(src)) bytes: the kernel stores whole blocks and 8-byte escape words past what
// it keeps (never past six bytes per input byte plus 16).
//
//go:noescape
func encodeASCII(dst, src []byte, words *[utf8.RuneSelf]uint64) (consumed, written int)

// asciiRoom is the room encodeASCII needs in dst for n bytes of src.
func asciiRoom(n int) int { return maxEscapeGrowth*n + 16 }

// appendJSONBody appends s as the inside of a JSON string (appendJSONString without the
// quotes). Encoding two pieces one after the other gives the same bytes as encoding them
// joined when the cut is at a rune boundary of s (see appendJSONBodyJoined and
// runeStartAtOrBefore). ASCII goes through encodeASCII; from a byte ≥ 0x80 on, appendMixed
// takes over until ASCII flows again.
func appendJSONBody(dst []byte, s []byte) []byte {
	for len(s) > 0 {
		dst = slices.Grow(dst, asciiRoom(len(s)))
		n, w := encodeASCII(dst[len(dst):cap(dst)], s, &asciiWords)
		dst, s = dst[:len(dst)+w], s[n:]
		dst, s = appendMixed(dst, s)
	}
	return dst
}

// mixedASCIIRun is how many ASCII bytes in a row send appendMixed back to encodeASCII: text that
// mixes non-ASCII with short ASCII stretches (CJK with spaces, accented words) stays here rather
// than calling the kernel for a few bytes at a time.
const mixedASCIIRun = 16

// appendMixed encodes s byte by byte (valid runes as they are, invalid bytes as \ufffd, ASCII
// through the escapes table) until mixedASCIIRun ASCII bytes in a row have been encoded or s
// ends, and returns the rest of s.
func appendMixed(dst, s []byte) ([]byte, []byte) {
	start, i, ascii := 0, 0, 0
	for i < len(s) && ascii < mixedASCIIRun {
		c := s[i]
		if c < utf8.RuneSelf {
			ascii++
			if !plainJSON[c] {
				dst = append(append(dst, s[start:i]...), escapes[c]...)
				start = i + 1
			}
			i++
			continue
		}
		ascii = 0
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(append(dst, s[start:i]...), `\ufffd`...)
			start = i + 1
		}
		i += size
	}
	return append(dst, s[start:i]...), s[i:]
}
