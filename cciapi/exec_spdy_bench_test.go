package cciapi_test

import (
	"context"
	"io"
	"testing"

	"github.com/podmux/podmux/cciapi"
)

// BenchmarkExecThroughputSPDY is BenchmarkExecThroughput's podmux case over SPDY/3.1 (the
// side-by-side run against client-go's SPDY executor is bench/execthroughput).
func BenchmarkExecThroughputSPDY(b *testing.B) {
	in := startLocal(b)
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(in.Token()), ExecProtocol: cciapi.ExecProtocolSPDY})
	if err != nil {
		b.Fatal(err)
	}
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
}
