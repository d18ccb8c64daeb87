// Command startup measures podmux's time to first drawn frame: from process start until the
// browser's pods table is on the screen of a 200×50 pty, read back through podmux's engine. It
// also reports the time to the first byte of output.
//
//	go run ./bench/ui/startup [-runs 10]
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/podmux/podmux/bench/ui/internal/ptyscreen"
)

func main() {
	runs := flag.Int("runs", 10, "number of cold starts")
	bin := flag.String("bin", "", "podmux binary (default: build from the module)")
	show := flag.Bool("show", false, "print the first frame")
	flag.Parse()
	if err := run(*runs, *bin, *show); err != nil {
		fmt.Fprintln(os.Stderr, "startup:", err)
		os.Exit(1)
	}
}

// podsTable holds when the browser shows the pods table of the first namespace: its header and
// a pod row of the default fixture.
func podsTable(lines []string) bool {
	all := strings.Join(lines, "\n")
	return strings.Contains(all, "web-7d9f8b6c4-x2kqp") && strings.Contains(all, "Running")
}

func run(runs int, bin string, show bool) error {
	bin, err := ptyscreen.Binary(bin)
	if err != nil {
		return err
	}
	var frame, first, cpu []time.Duration
	var faults []int64
	for i := 0; i < runs; i++ {
		s, err := ptyscreen.Start(bin, 200, 50, "--demo")
		if err != nil {
			return err
		}
		at, err := s.WaitFor("the pods table", 20*time.Second, podsTable)
		if err != nil {
			s.Close()
			return err
		}
		frame = append(frame, at.Sub(s.Started))
		pid := s.Cmd.Process.Pid
		if c, err := ptyscreen.CPUSeconds(pid); err == nil {
			cpu = append(cpu, time.Duration(c*float64(time.Second)))
		}
		if f, err := ptyscreen.MinorFaults(pid); err == nil {
			faults = append(faults, f)
		}
		first = append(first, s.FirstByte().Sub(s.Started))
		if show && i == 0 {
			fmt.Println(strings.Join(s.Lines(), "\n"))
		}
		s.Close()
	}
	// The floor: the same binary started in the same pty, printing its version and exiting.
	var floor []time.Duration
	for i := 0; i < runs; i++ {
		s, err := ptyscreen.Start(bin, 200, 50, "version")
		if err != nil {
			return err
		}
		at, err := s.WaitText("podmux ", 20*time.Second)
		if err != nil {
			s.Close()
			return err
		}
		floor = append(floor, at.Sub(s.Started))
		s.Close()
	}
	fmt.Printf("floor (podmux version): %s\n", ptyscreen.Summary(floor))
	fmt.Printf("first byte:       %s\n", ptyscreen.Summary(first))
	fmt.Printf("pods table drawn: %s (target p50 and max ≤ 150ms)\n", ptyscreen.Summary(frame))
	slices.Sort(faults)
	fmt.Printf("CPU used by then (10 ms ticks): %s; minor page faults p50 %d\n", ptyscreen.Summary(cpu), faults[len(faults)/2])
	return nil
}
