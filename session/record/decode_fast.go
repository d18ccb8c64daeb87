package record

import (
	"encoding/binary"
	"math/bits"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// parseEventFast parses the line shapes recorders write, [number, "code", "string"], in one
// pass. ok is false for anything it does not handle exactly as encoding/json would: a negative
// or out-of-range time, a non-number, a string with a raw control byte, invalid UTF-8 or an
// unpaired surrogate escape, extra fields, or other bytes around them. parseEvent then decides
// with encoding/json, so errors and rare forms keep its behaviour. scratch is reused for
// unescaping and returned.
func parseEventFast(line, scratch []byte) (ev Event, _ []byte, ok bool) {
	i := skipSpace(line, 0)
	if i >= len(line) || line[i] != '[' {
		return ev, scratch, false
	}
	i = skipSpace(line, i+1)
	j := scanNumber(line, i)
	if j == i {
		return ev, scratch, false
	}
	t, err := strconv.ParseFloat(string(line[i:j]), 64)
	if err != nil {
		return ev, scratch, false
	}
	ev.Time = t
	if i, ok = expectComma(line, j); !ok {
		return ev, scratch, false
	}
	var code string
	if code, i, scratch, ok = parseString(line, i, scratch); !ok || code == "" {
		return ev, scratch, false
	}
	ev.Type = EventType(code)
	if i, ok = expectComma(line, i); !ok {
		return ev, scratch, false
	}
	if ev.Data, i, scratch, ok = parseString(line, i, scratch); !ok {
		return ev, scratch, false
	}
	i = skipSpace(line, i)
	if i >= len(line) || line[i] != ']' {
		return ev, scratch, false
	}
	return ev, scratch, skipSpace(line, i+1) == len(line)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// expectComma skips space, a comma and space after it.
func expectComma(b []byte, i int) (int, bool) {
	i = skipSpace(b, i)
	if i >= len(b) || b[i] != ',' {
		return i, false
	}
	return skipSpace(b, i+1), true
}

// scanNumber returns the end of the non-negative JSON number at b[i:] (the grammar
// 0|[1-9][0-9]*, optional fraction and exponent), or i when there is none.
func scanNumber(b []byte, i int) int {
	start := i
	digits := func() int {
		k := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i - k
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case digits() == 0:
		return start
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return start
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return start
		}
	}
	return i
}

// parseString decodes the JSON string starting at b[i] (its opening quote) and returns it and
// the index after its closing quote. Runs of plain bytes are found eight at a time; a string
// without escapes is converted straight from the line, one with escapes is unescaped into
// scratch first.
func parseString(b []byte, i int, scratch []byte) (s string, end int, _ []byte, ok bool) {
	if i >= len(b) || b[i] != '"' {
		return "", i, scratch, false
	}
	i++
	start := i
	out := scratch[:0]
	escaped := false
	for {
		if i < len(b) && plainJSON[b[i]] { // else a special byte right away: skip the word test
			for i+8 <= len(b) {
				m := specialMask(binary.LittleEndian.Uint64(b[i:]))
				if m != 0 {
					i += bits.TrailingZeros64(m) >> 3
					break
				}
				i += 8
			}
			for i < len(b) && plainJSON[b[i]] {
				i++
			}
		}
		if i >= len(b) {
			return "", i, out, false
		}
		switch c := b[i]; {
		case c == '"':
			if !escaped {
				return string(b[start:i]), i + 1, out, true
			}
			out = append(out, b[start:i]...)
			return string(out), i + 1, out, true
		case c == '\\':
			out = append(out, b[start:i]...)
			escaped = true
			n, r := unescape(b[i:])
			if n == 0 {
				return "", i, out, false
			}
			out = utf8.AppendRune(out, r)
			i += n
			start = i
		case c < 0x20:
			return "", i, out, false // a raw control byte: invalid JSON
		default: // a multi-byte UTF-8 sequence
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size == 1 {
				return "", i, out, false // encoding/json replaces it; leave that to it
			}
			i += size
		}
	}
}

// unescape decodes the escape at the start of b ("\n", "\u001b", a surrogate pair, …) and
// returns its length in bytes and the rune, or 0 for an escape it does not handle.
func unescape(b []byte) (int, rune) {
	if len(b) < 2 {
		return 0, 0
	}
	switch b[1] {
	case '"', '\\', '/':
		return 2, rune(b[1])
	case 'b':
		return 2, '\b'
	case 'f':
		return 2, '\f'
	case 'n':
		return 2, '\n'
	case 'r':
		return 2, '\r'
	case 't':
		return 2, '\t'
	case 'u':
		r := hex4(b[2:])
		switch {
		case r < 0:
			return 0, 0
		case !utf16.IsSurrogate(r):
			return 6, r
		case r < 0xdc00 && len(b) >= 12 && b[6] == '\\' && b[7] == 'u':
			if r2 := hex4(b[8:]); r2 >= 0xdc00 && r2 <= 0xdfff {
				return 12, utf16.DecodeRune(r, r2)
			}
		}
	}
	return 0, 0
}

// hex4 decodes four hex digits at the start of b, or returns -1.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}
