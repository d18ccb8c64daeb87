// Package record writes and reads session recordings in asciicast v2, the format of asciinema
// (https://docs.asciinema.org/manual/asciicast/v2/): a JSON header line, then one JSON array per
// line, [seconds, code, data], for output ("o"), input ("i"), resize ("r", "COLSxROWS") and
// marker ("m") events.
//
// The Recorder never blocks its caller; the Decoder tolerates the truncated last line a crash
// leaves behind. Path names files, Prune enforces retention.
package record

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/bits"
	"strconv"
	"unicode/utf8"
)

// EventType is the code of an asciicast event.
type EventType string

// The event codes of asciicast v2.
const (
	EventOutput EventType = "o" // bytes the session printed
	EventInput  EventType = "i" // bytes typed into the session
	EventResize EventType = "r" // the terminal size changed; Data is "COLSxROWS"
	EventMarker EventType = "m" // a named point in the recording; Data is the label
)

// Header is the first line of an asciicast v2 file.
type Header struct {
	Version   int               `json:"version"`             // always 2
	Width     int               `json:"width"`               // columns at the start, > 0
	Height    int               `json:"height"`              // rows at the start, > 0
	Timestamp int64             `json:"timestamp,omitempty"` // start, Unix seconds
	Title     string            `json:"title,omitempty"`
	Env       map[string]string `json:"env,omitempty"` // usually TERM and SHELL
}

// Event is one event line. Time is seconds since the start of the recording; events are in
// non-decreasing Time order. Data is the event's payload as UTF-8 text.
type Event struct {
	Time float64
	Type EventType
	Data string
}

// appendHeader appends h as one JSON line.
func appendHeader(dst []byte, h Header) ([]byte, error) {
	b, err := json.Marshal(h)
	if err != nil {
		return dst, fmt.Errorf("encode asciicast header: %w", err)
	}
	dst = append(dst, b...)
	return append(dst, '\n'), nil
}

// appendEvent appends one event line, [time, "code", "data"], as asciinema writes it: time with
// microsecond precision, data as a JSON string (invalid UTF-8 bytes become U+FFFD).
func appendEvent(dst []byte, t float64, typ EventType, data []byte) []byte {
	dst = append(dst, '[')
	dst = strconv.AppendFloat(dst, t, 'f', 6, 64)
	dst = append(dst, ", \""...)
	dst = append(dst, typ...)
	dst = append(dst, "\", "...)
	dst = appendJSONString(dst, data)
	return append(dst, "]\n"...)
}

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

// appendJSONString appends s as a JSON string literal. Valid UTF-8 is copied as is except for
// the characters JSON requires escaped; each byte that is not part of a valid UTF-8 sequence
// becomes \ufffd (U+FFFD), since JSON strings, and so asciicast, carry only Unicode text.
// Runs of plain ASCII are skipped eight bytes at a time and copied in one append.
func appendJSONString(dst []byte, s []byte) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		// Skip plain bytes, eight at a time, to the next byte that needs attention. A byte that
		// needs it right away (dense escapes, runs of non-ASCII text) skips the word test.
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
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
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
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// incompleteTail returns how many bytes at the end of b begin a UTF-8 sequence that b cuts
// short (0 to 3). Those bytes are held back and prefixed to the next chunk, so a character
// split across two reads is recorded whole.
func incompleteTail(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-(utf8.UTFMax-1); i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return len(b) - i
			}
			return 0
		}
	}
	return 0
}
