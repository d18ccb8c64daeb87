package term

import "unicode/utf8"

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// splitTail moves an incomplete but possibly valid UTF-8 sequence at the end of b to utf8Tail.
func (t *Terminal) splitTail(b []byte) []byte {
	for k := 1; k <= 3 && k <= len(b); k++ {
		c := b[len(b)-k]
		if c < 0x80 {
			return b
		}
		if c >= 0xC0 {
			if need := utf8SeqLen(c); need > k && utf8.FullRune(b[len(b)-k:]) == false {
				t.utf8Tail = append(t.utf8Tail[:0], b[len(b)-k:]...)
				return b[:len(b)-k]
			}
			return b
		}
	}
	return b
}

func utf8SeqLen(c byte) int {
	switch {
	case c >= 0xC2 && c <= 0xDF:
		return 2
	case c >= 0xE0 && c <= 0xEF:
		return 3
	case c >= 0xF0 && c <= 0xF4:
		return 4
	}
	return 1
}

// sanitizeUTF8 replaces invalid UTF-8 with U+FFFD using the Unicode "maximal subpart" practice
// (as xterm and tmux do): a truncated but valid prefix becomes one U+FFFD, any other invalid
// byte one U+FFFD each.
func sanitizeUTF8(b []byte) []byte {
	out := make([]byte, 0, len(b)+8)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			out = append(out, "\uFFFD"...)
			b = b[validPrefixLen(b):]
			continue
		}
		out = append(out, b[:n]...)
		b = b[n:]
	}
	return out
}

// validPrefixLen returns how many bytes at the start of b form the longest prefix of a valid
// UTF-8 sequence (at least 1).
func validPrefixLen(b []byte) int {
	need := utf8SeqLen(b[0])
	if need == 1 {
		return 1
	}
	lo, hi := byte(0x80), byte(0xBF)
	switch b[0] {
	case 0xE0:
		lo = 0xA0
	case 0xED:
		hi = 0x9F
	case 0xF0:
		lo = 0x90
	case 0xF4:
		hi = 0x8F
	}
	k := 1
	for k < need && k < len(b) && b[k] >= lo && b[k] <= hi {
		lo, hi = 0x80, 0xBF
		k++
	}
	return k
}

func appendRune(dst []byte, r rune) []byte { return utf8.AppendRune(dst, r) }
