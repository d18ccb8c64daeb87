package term

import (
	"testing"

	"github.com/podmux/podmux/session/term/workload"
)

// benchWorkload writes a workload in 32 KiB chunks into a 120×40 terminal.
func benchWorkload(b *testing.B, name string) {
	data := workload.Generate(name, 4<<20, 120, 40)
	t := New(120, 40)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		for p := data; len(p) > 0; {
			k := min(len(p), 32<<10)
			t.Write(p[:k])
			p = p[k:]
		}
	}
}

func BenchmarkWritePlain(b *testing.B)  { benchWorkload(b, "plain") }
func BenchmarkWriteSGR(b *testing.B)    { benchWorkload(b, "sgr") }
func BenchmarkWriteRedraw(b *testing.B) { benchWorkload(b, "redraw") }
func BenchmarkWriteCJK(b *testing.B)    { benchWorkload(b, "cjk") }
