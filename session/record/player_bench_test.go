package record

import (
	"io"
	"math/rand/v2"
	"testing"

	"github.com/podmux/podmux/session/term"
)

// benchCast is 16 MiB of mixed terminal output in 32 KiB events 10 ms apart.
func benchCast() *Cast {
	data := sampleOutput(16<<20, rand.New(rand.NewPCG(5, 8)))
	c := &Cast{Header: Header{Version: 2, Width: 120, Height: 40}}
	for off, i := 0, 0; off < len(data); off, i = off+32<<10, i+1 {
		c.Events = append(c.Events, Event{Time: float64(i) / 100, Type: EventOutput, Data: string(data[off:min(off+32<<10, len(data))])})
	}
	return c
}

func castBytes(c *Cast) (n int64) {
	for _, e := range c.Events {
		n += int64(len(e.Data))
	}
	return n
}

// BenchmarkPlayerMaxSpeed is the player's own cost: a whole recording read through it.
func BenchmarkPlayerMaxSpeed(b *testing.B) {
	c := benchCast()
	buf := make([]byte, 32<<10)
	b.SetBytes(castBytes(c))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := io.CopyBuffer(io.Discard, NewPlayer(c, PlayerOptions{MaxSpeed: true}).Stdout(), buf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlayerIntoEngine replays a recording at maximum speed into a terminal engine, as
// `podmux replay --screen` and a replay pane do.
func BenchmarkPlayerIntoEngine(b *testing.B) {
	c := benchCast()
	buf := make([]byte, 32<<10)
	b.SetBytes(castBytes(c))
	for b.Loop() {
		t := term.New(120, 40)
		p := NewPlayer(c, PlayerOptions{MaxSpeed: true, OnResize: t.Resize})
		if _, err := io.CopyBuffer(t, p.Stdout(), buf); err != nil {
			b.Fatal(err)
		}
	}
}
