package record

import (
	"bytes"
	"io"
	"math/rand/v2"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// benchChunks feeds Output 32 KiB chunks, as the exec reader delivers them, and measures until
// the bytes are in the file (Flush every 4 MiB keeps the queue under its bound, so nothing is
// dropped and the number is the recorder's sustained throughput, not just its enqueue cost).
func benchChunks(b *testing.B, data []byte, dst func(b *testing.B) *Recorder) {
	benchChunksFlushing(b, data, dst, false)
}

// benchChunksFlushing is benchChunks; with eachChunk it waits for every chunk to be written
// before giving the next, as when output arrives slower than the writer (TTY sessions): one
// writer wake-up and one write per chunk, the recorder's most expensive pattern per byte.
func benchChunksFlushing(b *testing.B, data []byte, dst func(b *testing.B) *Recorder, eachChunk bool) {
	const chunk = 32 << 10
	r := dst(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := processCPU()
	for b.Loop() {
		for off := 0; off < len(data); off += chunk {
			r.Output(data[off:min(off+chunk, len(data))])
			if eachChunk {
				if err := r.Flush(); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := r.Flush(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	// CPU of the whole process (caller, writer goroutine, kernel time writing the file) per MB:
	// what recording costs a session, independent of how the two goroutines overlap.
	b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/1e3/(float64(b.N)*float64(len(data))/1e6), "cpu-ms/MB")
	if err := r.Close(); err != nil {
		b.Fatal(err)
	}
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func toFile(b *testing.B) *Recorder {
	r, err := Create(filepath.Join(b.TempDir(), "bench.cast"), testHeader)
	if err != nil {
		b.Fatal(err)
	}
	return r
}

func toDiscard(b *testing.B) *Recorder {
	r, err := New(io.Discard, testHeader)
	if err != nil {
		b.Fatal(err)
	}
	return r
}

func asciiLog() []byte {
	line := []byte("2026-11-29T01:15:00.123Z INFO  server: request handled path=/api/v1/items status=200 dur=1.2ms\r\n")
	return bytes.Repeat(line, (4<<20)/len(line))
}

// sgrLog is the line bench/record/exec prints: a log line with a coloured level, as a TTY
// delivers it (CR LF).
func sgrLog() []byte {
	line := []byte("2026-11-29T02:00:00Z \x1b[32mINFO\x1b[m request handled path=/api/v1/items status=200 dur=1.2ms\r\n")
	return bytes.Repeat(line, (4<<20)/len(line))
}

func mixedOutput() []byte {
	return sampleOutput(4<<20, rand.New(rand.NewPCG(1, 2)))
}

func BenchmarkRecorderOutput(b *testing.B) {
	b.Run("ascii-log/file", func(b *testing.B) { benchChunks(b, asciiLog(), toFile) })
	b.Run("ascii-log/discard", func(b *testing.B) { benchChunks(b, asciiLog(), toDiscard) })
	b.Run("ascii-log/file-each-chunk", func(b *testing.B) { benchChunksFlushing(b, asciiLog(), toFile, true) })
	b.Run("sgr-log/file", func(b *testing.B) { benchChunks(b, sgrLog(), toFile) })
	b.Run("sgr-log/discard", func(b *testing.B) { benchChunks(b, sgrLog(), toDiscard) })
	b.Run("utf8-escapes/file", func(b *testing.B) { benchChunks(b, mixedOutput(), toFile) })
}

// BenchmarkAppendEvent is the encoding cost alone: one 32 KiB output event per op.
func BenchmarkAppendEvent(b *testing.B) {
	for _, bc := range []struct {
		name string
		data []byte
	}{{"ascii-log", asciiLog()[:32<<10]}, {"sgr-log", sgrLog()[:32<<10]}, {"utf8-escapes", mixedOutput()[:32<<10]}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.data)))
			var buf []byte
			for b.Loop() {
				buf = appendEvent(buf[:0], 1.5, EventOutput, bc.data)
			}
		})
	}
}

// castFile records data as the recorder writes it (32 KiB output events) and returns the file.
func castFile(b *testing.B, data []byte) []byte {
	var buf bytes.Buffer
	r, err := New(&buf, testHeader)
	if err != nil {
		b.Fatal(err)
	}
	const chunk = 32 << 10
	for off := 0; off < len(data); off += chunk {
		r.Output(data[off:min(off+chunk, len(data))])
		if err := r.Flush(); err != nil { // one event per chunk, as when the writer keeps up
			b.Fatal(err)
		}
	}
	if err := r.Close(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkDecode is Decode of a 4 MiB recording of 32 KiB output events; MB/s is of file.
func BenchmarkDecode(b *testing.B) {
	for _, bc := range []struct {
		name string
		data []byte
	}{{"ascii-log", asciiLog()}, {"utf8-escapes", mixedOutput()}} {
		b.Run(bc.name, func(b *testing.B) {
			file := castFile(b, bc.data)
			b.SetBytes(int64(len(file)))
			b.ReportAllocs()
			for b.Loop() {
				c, err := Decode(bytes.NewReader(file))
				if err != nil || len(c.Events) == 0 {
					b.Fatal(err, len(c.Events))
				}
			}
		})
	}
}
