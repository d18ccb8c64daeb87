// Command echo measures keystroke-to-echo latency under load: the real podmux binary (--demo,
// 200×50 pty) shows one tab of five shells; four of them flood coloured output for the whole
// run while the benchmark types into the fifth, one character at a time, and times each from
// the write of the key into podmux's pty until the character is on the screen as read back
// through podmux's engine (key → podmux → exec stream → shell echo → exec stream → engine →
// frame → terminal). podmux's RSS (VmRSS) and CPU are sampled over the run. With -flood=false
// the same five shells stay idle: the baseline of the machine.
//
//	go run ./bench/ui/echo [-duration 10s] [-flood=false]
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/podmux/podmux/bench/ui/internal/ptyscreen"
)

func main() {
	duration := flag.Duration("duration", 10*time.Second, "how long to type while the floods run")
	bin := flag.String("bin", "", "podmux binary (default: build from the module)")
	floods := flag.Bool("flood", true, "flood four panes (false: the same five panes, all idle, as a baseline)")
	flag.Parse()
	if err := run(*bin, *duration, *floods); err != nil {
		fmt.Fprintln(os.Stderr, "echo:", err)
		os.Exit(1)
	}
}

func run(bin string, duration time.Duration, floods bool) error {
	bin, err := ptyscreen.Binary(bin)
	if err != nil {
		return err
	}
	s, err := ptyscreen.Start(bin, 200, 50, "--demo")
	if err != nil {
		return err
	}
	defer s.Close()
	pid := s.Cmd.Process.Pid
	maxTyped, err := s.EchoSetup(floods)
	if err != nil {
		return err
	}

	rss := make(chan []int64, 1)
	stop := make(chan struct{})
	go ptyscreen.SampleRSS(pid, 500*time.Millisecond, stop, rss)
	cpu0, err := ptyscreen.CPUSeconds(pid)
	if err != nil {
		return err
	}
	bytes0, t0 := s.BytesIn(), time.Now()
	keys, err := s.TypeLoop(duration, maxTyped, floods)
	if err != nil {
		return err
	}
	elapsed := time.Since(t0)
	cpu1, err := ptyscreen.CPUSeconds(pid)
	if err != nil {
		return err
	}
	bytes1 := s.BytesIn()
	close(stop)
	samples := <-rss

	load := "4 panes flooding"
	if !floods {
		load = "no flood (baseline)"
	}
	fmt.Printf("keystroke to echo, %s, %v: %s (target p99 ≤ 50ms)\n", load, duration, ptyscreen.Summary(ptyscreen.Latencies(keys)))
	fmt.Printf("podmux CPU %.0f%% of one core; wrote %.2f MB/s to its terminal\n",
		100*(cpu1-cpu0)/elapsed.Seconds(), float64(bytes1-bytes0)/elapsed.Seconds()/1e6)
	fmt.Printf("podmux VmRSS over the run (MiB, every 500 ms): %s\n", ptyscreen.MiB(samples))
	return nil
}
