package localcci

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// clientFrame builds one masked client frame (RFC 6455 5.2) with n payload bytes.
func clientFrame(fin bool, op byte, n int) []byte {
	b0 := op
	if fin {
		b0 |= 0x80
	}
	h := []byte{b0}
	switch {
	case n < 126:
		h = append(h, 0x80|byte(n))
	case n < 1<<16:
		h = append(h, 0x80|126, byte(n>>8), byte(n))
	default:
		h = append(h, 0x80|127)
		h = binary.BigEndian.AppendUint64(h, uint64(n))
	}
	h = append(h, 1, 2, 3, 4) // masking key
	return append(h, bytes.Repeat([]byte{0x81}, n)...)
}

// TestFrameWatchSplits feeds whole-message frames (data and control, every length form) cut at
// random points: none is taken for a fragment; then a continuation and a FIN-less frame are.
func TestFrameWatchSplits(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 200; round++ {
		var stream []byte
		for i := 0; i < 50; i++ {
			sizes := []int{0, 1, 8, 125, 126, 127, 65535, 65536, 70000}
			op := byte(2)
			if r.IntN(3) == 0 {
				op = 9 // ping
				sizes = []int{0, 8, 125}
			}
			stream = append(stream, clientFrame(true, op, sizes[r.IntN(len(sizes))])...)
		}
		var f frameWatch
		for len(stream) > 0 {
			k := 1 + r.IntN(min(len(stream), 1+r.IntN(20000)))
			if !f.feed(stream[:k]) {
				t.Fatalf("round %d: a whole frame was taken for a fragment", round)
			}
			stream = stream[k:]
		}
		if f.have != 0 || f.payload != 0 {
			t.Fatalf("round %d: stream ended mid-frame (have %d, payload %d)", round, f.have, f.payload)
		}
	}
	for name, frames := range map[string][]byte{
		"FIN clear":    clientFrame(false, 2, 10),
		"continuation": append(clientFrame(true, 2, 10), clientFrame(true, 0, 3)...),
	} {
		var f frameWatch
		if f.feed(frames) {
			t.Errorf("%s: not seen", name)
		}
	}
}
