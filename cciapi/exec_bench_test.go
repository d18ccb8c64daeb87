package cciapi_test

import (
	"context"
	"io"
	"strconv"
	"syscall"
	"testing"
	"time"

	"k8s.io/client-go/tools/remotecommand"

	"github.com/podmux/podmux/cciapi"
)

// benchStreamBytes is the stdout volume of one exec in the throughput benchmark.
const benchStreamBytes = 64 << 20

// benchCommand writes benchStreamBytes of zeros to stdout.
var benchCommand = []string{"dd", "if=/dev/zero", "bs=1048576", "count=" + strconv.Itoa(benchStreamBytes>>20), "status=none"}

// BenchmarkExecThroughput streams 64 MiB of stdout from the local server per exec, through
// podmux's client and through client-go's WebSocket executor, against the same server in the
// same run. Compare the MB/s columns (see BENCHMARKS.md).
func BenchmarkExecThroughput(b *testing.B) {
	in := startLocal(b)
	b.Run("podmux", func(b *testing.B) {
		c := newClient(b, in, "", 0)
		b.SetBytes(benchStreamBytes)
		defer reportCPU(b)()
		for b.Loop() {
			s, err := c.Exec(context.Background(), cciapi.ExecOptions{Namespace: "test", Pod: "box", Command: benchCommand, Stdout: true})
			if err != nil {
				b.Fatal(err)
			}
			n, err := io.Copy(io.Discard, s.Stdout())
			if err != nil || n != benchStreamBytes {
				b.Fatalf("read %d bytes: %v", n, err)
			}
			if code, err := s.Wait(); code != 0 || err != nil {
				b.Fatalf("exit %d: %v", code, err)
			}
			_ = s.Close()
		}
	})
	b.Run("client-go", func(b *testing.B) {
		b.SetBytes(benchStreamBytes)
		defer reportCPU(b)()
		for b.Loop() {
			w := &countingWriter{}
			if err := clientGoExec(b, in, benchCommand, remotecommand.StreamOptions{Stdout: w}); err != nil {
				b.Fatal(err)
			}
			if w.n != benchStreamBytes {
				b.Fatalf("read %d bytes", w.n)
			}
		}
	})
}

// reportCPU reports this process's CPU time (user+sys: the client and the in-process server,
// not the generator process) per op. Unlike MB/s it hardly depends on what else the machine
// runs, so it shows the client's cost even when the shared CPUs are busy.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// countingWriter discards what it is given and counts it, so the benchmark checks that the whole
// stream arrived.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}
