package record

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// MaxLineBytes bounds one line of a recording the Decoder accepts (the recorder splits output
// into events of at most about 43 KB of data, far below it).
const MaxLineBytes = 64 << 20

// Decoder reads an asciicast v2 stream event by event.
type Decoder struct {
	r       *bufio.Reader
	line    int
	err     error
	long    []byte // holds a line longer than the read buffer, reused
	scratch []byte // unescaping buffer of the fast parser, reused
}

// NewDecoder reads and checks the header line of r.
func NewDecoder(r io.Reader) (*Decoder, Header, error) {
	d := &Decoder{r: bufio.NewReaderSize(r, 64<<10)}
	var h Header
	line, complete, err := d.readLine()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, h, errors.New("recording: empty file, no asciicast header")
		}
		return nil, h, err
	}
	if err := json.Unmarshal(line, &h); err != nil {
		if !complete {
			return nil, h, errors.New("recording: header line is truncated")
		}
		return nil, h, fmt.Errorf("recording: line 1: not an asciicast header: %v", err)
	}
	if h.Version != 2 {
		return nil, h, fmt.Errorf("recording: line 1: asciicast version %d, only version 2 is supported", h.Version)
	}
	if h.Width <= 0 || h.Height <= 0 {
		return nil, h, fmt.Errorf("recording: line 1: terminal size %dx%d is not positive", h.Width, h.Height)
	}
	return d, h, nil
}

// Next returns the next event, or io.EOF at the end. A last line that is cut short (no final
// newline and not a whole event, as a crash leaves it) also ends the stream with io.EOF. A
// malformed line anywhere else is an error naming its line number; after an error Next keeps
// returning it. Blank lines are skipped.
func (d *Decoder) Next() (Event, error) {
	for d.err == nil {
		line, complete, err := d.readLine()
		if err != nil {
			d.err = err
			break
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var ev Event
		var ok bool
		if ev, d.scratch, ok = parseEventFast(line, d.scratch); ok {
			return ev, nil
		}
		ev, perr := parseEvent(line)
		if perr == nil {
			return ev, nil
		}
		if !complete {
			d.err = io.EOF // truncated by a crash: the events before it stand
			break
		}
		d.err = fmt.Errorf("recording: line %d: %v", d.line, perr)
	}
	return Event{}, d.err
}

// readLine returns the next line without its newline; complete is false when the stream ended
// without one. The line is valid until the next call.
func (d *Decoder) readLine() (line []byte, complete bool, err error) {
	buf := d.long[:0]
	for {
		chunk, err := d.r.ReadSlice('\n')
		if len(buf)+len(chunk) > MaxLineBytes {
			return nil, false, fmt.Errorf("recording: line %d is longer than %d bytes", d.line+1, MaxLineBytes)
		}
		if err == nil && len(buf) == 0 {
			d.line++
			return chunk[:len(chunk)-1], true, nil // the whole line is in the read buffer
		}
		buf = append(buf, chunk...)
		if cap(buf) <= 4<<20 {
			d.long = buf // keep a buffer for long lines, up to 4 MiB
		}
		switch {
		case err == nil:
			d.line++
			return buf[:len(buf)-1], true, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(buf) == 0 {
				return nil, false, io.EOF
			}
			d.line++
			return buf, false, nil
		default:
			return nil, false, fmt.Errorf("recording: read line %d: %w", d.line+1, err)
		}
	}
}

func parseEvent(line []byte) (Event, error) {
	var raw []json.RawMessage
	if err := json.Unmarshal(line, &raw); err != nil {
		return Event{}, fmt.Errorf("not an event array: %v", err)
	}
	if len(raw) != 3 {
		return Event{}, fmt.Errorf("event has %d fields, want 3: [time, code, data]", len(raw))
	}
	var ev Event
	if err := json.Unmarshal(raw[0], &ev.Time); err != nil || ev.Time < 0 {
		return Event{}, fmt.Errorf("event time %s is not a non-negative number", raw[0])
	}
	var code string
	if err := json.Unmarshal(raw[1], &code); err != nil || code == "" {
		return Event{}, fmt.Errorf("event code %s is not a non-empty string", raw[1])
	}
	ev.Type = EventType(code)
	if err := json.Unmarshal(raw[2], &ev.Data); err != nil {
		return Event{}, fmt.Errorf("event data %.40s is not a string", raw[2])
	}
	return ev, nil
}

// Cast is a whole recording in memory.
type Cast struct {
	Header Header
	Events []Event
}

// Output is the concatenated data of the output events: what the session printed.
func (c *Cast) Output() string {
	var b strings.Builder
	for _, e := range c.Events {
		if e.Type == EventOutput {
			b.WriteString(e.Data)
		}
	}
	return b.String()
}

// Open reads the recording at path. Event codes other than o, i, r and m are kept (asciicast
// players ignore codes they do not know).
func Open(path string) (*Cast, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open recording: %w", err)
	}
	defer f.Close()
	c, err := Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// Decode reads a whole recording from r (see Decoder for what it tolerates).
func Decode(r io.Reader) (*Cast, error) {
	d, h, err := NewDecoder(r)
	if err != nil {
		return nil, err
	}
	c := &Cast{Header: h}
	for {
		ev, err := d.Next()
		if errors.Is(err, io.EOF) {
			return c, nil
		}
		if err != nil {
			return nil, err
		}
		c.Events = append(c.Events, ev)
	}
}
