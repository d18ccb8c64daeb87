// Command idle measures podmux's CPU use with many idle shells: it drives the real binary
// (--demo, 200×50 pty) to open 17 tabs of 3 tiled shells each (51 sessions), leaves them idle
// with a tab of idle shells on screen, and reads podmux's CPU time (utime+stime of
// /proc/PID/stat) over a window. With --demo the local server runs inside podmux, so its pty
// relays and demo animation are included. It first measures podmux idle in the browser with no
// session, as the baseline.
//
//	go run ./bench/ui/idle [-tabs 17] [-window 10s]
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/podmux/podmux/bench/ui/internal/ptyscreen"
)

func main() {
	tabs := flag.Int("tabs", 17, "tabs of 3 shells to open")
	window := flag.Duration("window", 10*time.Second, "measuring window")
	bin := flag.String("bin", "", "podmux binary (default: build from the module)")
	flag.Parse()
	if err := run(*bin, *tabs, *window); err != nil {
		fmt.Fprintln(os.Stderr, "idle:", err)
		os.Exit(1)
	}
}

func run(bin string, tabs int, window time.Duration) error {
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
	if _, err := s.WaitText(ptyscreen.ShopPodsRow, ptyscreen.Timeout); err != nil {
		return err
	}
	time.Sleep(2 * time.Second) // let start-up work settle
	base, err := ptyscreen.CPUPercent(pid, window)
	if err != nil {
		return err
	}
	rss, _ := ptyscreen.RSSKiB(pid)
	fmt.Printf("browser, no sessions:  CPU %.2f%% of one core over %v, RSS %d MiB\n", base, window, rss/1024)

	if err := s.OpenIdleTabs(tabs); err != nil {
		return err
	}
	time.Sleep(2 * time.Second) // let the shells print their prompts and settle
	pct, err := ptyscreen.CPUPercent(pid, window)
	if err != nil {
		return err
	}
	rss, _ = ptyscreen.RSSKiB(pid)
	fmt.Printf("%d idle sessions:      CPU %.2f%% of one core over %v, RSS %d MiB (target < 1%%)\n", 3*tabs, pct, window, rss/1024)
	return nil
}
