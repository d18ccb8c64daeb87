package record

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkFastAgrees: when the fast parser accepts a line, encoding/json (parseEvent) accepts it
// too and decodes the same event.
func checkFastAgrees(t *testing.T, line []byte) (fast bool) {
	t.Helper()
	got, _, ok := parseEventFast(line, nil)
	if !ok {
		return false
	}
	want, err := parseEvent(line)
	if err != nil {
		t.Fatalf("fast parser accepted %q, encoding/json rejects it: %v", line, err)
	}
	if got.Time != want.Time || math.Signbit(got.Time) != math.Signbit(want.Time) || got.Type != want.Type || got.Data != want.Data {
		t.Fatalf("line %q:\nfast %+v\njson %+v", line, got, want)
	}
	return true
}

// TestFastParserTakesRecorderLines: every line the recorder writes is parsed by the fast path
// and decodes to what was recorded.
func TestFastParserTakesRecorderLines(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 3000 {
		data := sampleOutput(rng.IntN(400), rng)
		if !utf8.Valid(data) {
			data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
		}
		typ := []EventType{EventOutput, EventInput, EventResize, EventMarker, "x"}[i%5]
		line := appendEvent(nil, rng.Float64()*1e5, typ, data)
		line = line[:len(line)-1]
		if !checkFastAgrees(t, line) {
			t.Fatalf("fast parser rejected the recorder's line %q", line)
		}
		if ev, _, _ := parseEventFast(line, nil); ev.Data != string(data) || ev.Type != typ {
			t.Fatalf("line %q decoded to %+v", line, ev)
		}
	}
}

// TestFastParserCases: forms asciinema and other writers produce are taken, with the same
// result as encoding/json; unusual or invalid forms are left to encoding/json.
func TestFastParserCases(t *testing.T) {
	for _, c := range []struct {
		line string
		fast bool
	}{
		{`[0.248848, "o", "\u001b]0;ben@ubuntu: ~\u0007"]`, true},
		{`[1,"o","x"]`, true},
		{" \t[ 1.5e3 , \"i\" ,\"\" ] \r", true},
		{`[0, "o", "\/\b\f\n\r\t\"\\ \u00e9 \uD83D\uDE00 \u2028"]`, true},
		{`[0E+2, "m", "é語😀"]`, true},
		{`[1e-400, "o", "underflow"]`, true},
		{`[-0, "o", "negative zero"]`, false},
		{`[-1, "o", "negative"]`, false},
		{`[1e400, "o", "overflow"]`, false},
		{`[01, "o", "leading zero"]`, false},
		{`[1., "o", "x"]`, false},
		{`[.5, "o", "x"]`, false},
		{`["1", "o", "x"]`, false},
		{`[1, "", "empty code"]`, false},
		{`[1, "o", "x", 4]`, false},
		{`[1, "o"]`, false},
		{`[1, "o", "x"] trailing`, false},
		{`[1, "o", "lone \ud800 surrogate"]`, false},
		{`[1, "o", "bad \x escape"]`, false},
		{"[1, \"o\", \"raw \x01 control\"]", false},
		{"[1, \"o\", \"invalid \xff utf8\"]", false},
		{`[1, "o", "unterminated]`, false},
		{`[1, "o", "\u00"]`, false},
		{`{"not": "an array"}`, false},
	} {
		if got := checkFastAgrees(t, []byte(c.line)); got != c.fast {
			t.Errorf("fast parser took %q: %v, want %v", c.line, got, c.fast)
		}
	}
}

// FuzzFastParserMatchesJSON is the differential fuzz target: for any line the fast parser
// accepts, encoding/json accepts it and agrees on every field.
func FuzzFastParserMatchesJSON(f *testing.F) {
	for _, l := range strings.Split(sampleCast, "\n")[1:] {
		f.Add([]byte(l))
	}
	f.Add([]byte(`[1e-400, "o", "\uD83D\uDE00\u00e9\/"]`))
	f.Add([]byte("[0.5 ,\"r\",\"80x24\"]\t"))
	f.Fuzz(func(t *testing.T, line []byte) { checkFastAgrees(t, line) })
}
