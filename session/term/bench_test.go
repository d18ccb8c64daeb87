package term

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/podmux/podmux/session/term/workload"
)

// benchWorkload writes a workload in 32 KiB chunks into a 120×40 terminal.
func benchWorkload(b *testing.B, name string) {
	benchWrite(b, workload.Generate(name, 4<<20, 120, 40), 120, 40)
}

// benchWrite writes data in 32 KiB chunks into a cols×rows terminal, once per iteration.
func benchWrite(b *testing.B, data []byte, cols, rows int) {
	noCheck(b)
	t := New(cols, rows)
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

// BenchmarkMemory reports the heap held by an engine with a full 10,000-line scrollback of
// 120-column plain and coloured lines, and by an empty 200×50 engine (targets: 2 MiB, 256 KiB).
func BenchmarkMemory(b *testing.B) {
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	for _, kind := range []string{"plain", "coloured", "empty200x50"} {
		b.Run(kind, func(b *testing.B) {
			var lines [][]byte
			if kind != "empty200x50" {
				for i := range 10040 {
					var l []byte
					for j := range 20 {
						if kind == "coloured" {
							l = fmt.Appendf(l, "\x1b[%d;%dm", j%3, 31+(i+j)%7)
						}
						l = fmt.Appendf(l, "word%02d", (i+j)%100)
					}
					lines = append(lines, append(l, "\r\n"...))
				}
			}
			var held uint64
			for b.Loop() {
				h0 := heap()
				var t *Terminal
				if kind == "empty200x50" {
					t = New(200, 50)
				} else {
					t = New(120, 40)
					for _, l := range lines {
						t.Write(l)
					}
				}
				held = heap() - h0
				runtime.KeepAlive(t)
			}
			b.ReportMetric(float64(held)/1024, "KiB/engine")
			runtime.KeepAlive(lines)
		})
	}
}

// BenchmarkWriteSeq writes what `seq 1 N` prints on a tty (short lines, "\r\n") into a 200×50
// terminal: the pane-throughput case of bench/ui/flood, where the cost is per scrolled line.
func BenchmarkWriteSeq(b *testing.B) {
	var data []byte
	for i := 1; len(data) < 4<<20; i++ {
		data = fmt.Appendf(data, "%d\r\n", i)
	}
	benchWrite(b, data, 200, 50)
}

// noCheck turns the tests' line.used verification off for a benchmark.
func noCheck(b *testing.B) {
	checkUsed = false
	b.Cleanup(func() { checkUsed = true })
}
