// Command podmux is a keyboard-driven terminal UI for CCI v2 pods: browse namespaces and pods,
// run many exec shells in tabs and split panes. main only wires the command line to package cli.
package main

import (
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/podmux/podmux/cli"
)

func main() {
	os.Exit(run())
}

// run is main with one developer aid: PODMUX_CPUPROFILE=FILE writes a CPU profile of the whole
// run to FILE (for the benchmarks under bench/, which drive the real binary in a pty).
func run() int {
	if f := os.Getenv("PODMUX_CPUPROFILE"); f != "" {
		out, err := os.Create(f)
		if err != nil {
			fmt.Fprintf(os.Stderr, "podmux: PODMUX_CPUPROFILE: %v\n", err)
			return 2
		}
		if err := pprof.StartCPUProfile(out); err != nil {
			fmt.Fprintf(os.Stderr, "podmux: PODMUX_CPUPROFILE: %v\n", err)
			return 2
		}
		defer func() { pprof.StopCPUProfile(); _ = out.Close() }()
	}
	return cli.Main(os.Args[1:], os.Stdout, os.Stderr)
}
