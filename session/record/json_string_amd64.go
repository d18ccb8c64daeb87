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
// runeStartAtOrBefore). ASCII goes through encodeASCII; each stretch of non-ASCII bytes is
// decoded here, valid runes copied as they are and invalid bytes written as \ufffd.
func appendJSONBody(dst []byte, s []byte) []byte {
	for len(s) > 0 {
		dst = slices.Grow(dst, asciiRoom(len(s)))
		n, w := encodeASCII(dst[len(dst):cap(dst)], s, &asciiWords)
		dst, s = dst[:len(dst)+w], s[n:]
		i := 0
		for i < len(s) && s[i] >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(append(dst, s[:i]...), `\ufffd`...)
				s, i = s[i+1:], 0
				continue
			}
			i += size
		}
		dst, s = append(dst, s[:i]...), s[i:]
	}
	return dst
}
