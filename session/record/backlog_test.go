package record

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// TestBacklogKeepsEveryEvent: while the writer is stuck, many small chunks stay separate events
// with their own times, the memory held stays within about twice the pending bytes, and the
// events add up to the same bytes once the writer moves again.
func TestBacklogKeepsEveryEvent(t *testing.T) {
	w := newGateWriter()
	clock := newFakeClock()
	r, err := New(w, testHeader, WithClock(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	<-w.entered
	const chunks = 5000
	var input []byte
	for i := range chunks {
		p := []byte("line " + string(rune('a'+i%26)) + " é\r\n")
		input = append(input, p...)
		r.Output(p)
		clock.Advance(time.Millisecond)
	}
	r.Output(bytes.Repeat([]byte("\x1b[1mbulk\x1b[m\r\n"), 40000)) // one large chunk: split into events
	input = append(input, bytes.Repeat([]byte("\x1b[1mbulk\x1b[m\r\n"), 40000)...)
	r.mu.Lock()
	held := cap(r.cur)
	for _, b := range r.full {
		held += cap(b)
	}
	pending := r.pending
	r.mu.Unlock()
	if held > 2*pending+largeBlock+smallBlock {
		t.Errorf("blocks hold %d bytes of memory for %d pending bytes", held, pending)
	}
	w.open()
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	c, err := Decode(bytes.NewReader(w.bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if c.Output() != string(input) {
		t.Fatal("recorded output differs from input")
	}
	if len(c.Events) < chunks+2 {
		t.Fatalf("%d events for %d chunks and one large one", len(c.Events), chunks)
	}
	for i := range chunks {
		if want := float64(i) / 1000; math.Abs(c.Events[i].Time-want) > 1e-6 {
			t.Fatalf("event %d at %v, want %v", i, c.Events[i].Time, want)
		}
	}
	for _, e := range c.Events {
		if len(e.Data) > maxEventData {
			t.Fatalf("an event holds %d bytes, more than %d", len(e.Data), maxEventData)
		}
	}
}

// TestChunkingMatchesWholeEncoding: however broken UTF-8 is cut into chunks (tiny ones, and
// ones larger than an event holds), the recorded output is what encoding the whole input at
// once gives: valid sequences whole, each invalid byte as U+FFFD.
func TestChunkingMatchesWholeEncoding(t *testing.T) {
	for seed := range uint64(6) {
		rng := rand.New(rand.NewPCG(seed, 77))
		input := utf8Soup(3*maxEventData, rng)
		var buf bytes.Buffer
		r, err := New(&buf, testHeader)
		if err != nil {
			t.Fatal(err)
		}
		for rest := input; len(rest) > 0; {
			n := 1 + rng.IntN(6)
			if rng.IntN(8) == 0 {
				n = rng.IntN(2 * maxEventData)
			}
			n = min(n, len(rest))
			r.Output(rest[:n])
			rest = rest[n:]
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		c, err := Decode(&buf)
		if err != nil {
			t.Fatal(err)
		}
		var want string
		if err := json.Unmarshal(appendJSONStringSimple(nil, input), &want); err != nil {
			t.Fatal(err)
		}
		if got := c.Output(); got != want {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Fatalf("seed %d: output differs at byte %d of %d: %q vs %q", seed, i, len(want), got[i:min(i+12, len(got))], want[i:min(i+12, len(want))])
		}
	}
}
