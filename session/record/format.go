// Package record writes and reads session recordings in asciicast v2, the format of asciinema
// (https://docs.asciinema.org/manual/asciicast/v2/): a JSON header line, then one JSON array per
// line, [seconds, code, data], for output ("o"), input ("i"), resize ("r", "COLSxROWS") and
// marker ("m") events.
//
// The Recorder never blocks its caller; the Decoder tolerates the truncated last line a crash
// leaves behind. Path names files, Prune enforces retention.
package record

import (
	"encoding/json"
	"fmt"
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
	return appendEventJoined(dst, t, typ, nil, data)
}

// appendEventJoined is appendEvent of the data head followed by data, where head is an
// incomplete UTF-8 sequence held back from the previous chunk (see appendJSONBodyJoined).
func appendEventJoined(dst []byte, t float64, typ EventType, head, data []byte) []byte {
	dst = append(dst, '[')
	dst = strconv.AppendFloat(dst, t, 'f', 6, 64)
	dst = append(dst, ", \""...)
	dst = append(dst, typ...)
	dst = append(dst, "\", \""...)
	dst = appendJSONBodyJoined(dst, head, data)
	return append(dst, "\"]\n"...)
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
