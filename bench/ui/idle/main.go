// Command idle measures podmux's CPU use with many idle shells: it drives the real binary
// (--demo, 200×50 pty) to open 17 tabs of 3 tiled shells each (51 sessions), leaves them idle
// with a tab of idle shells on screen, and reads podmux's CPU time (utime+stime of
// /proc/PID/stat) over a window. With --demo the local server runs inside podmux, so its pty
// relays and demo animation are included. It also measures podmux idle in the browser with no
// session, as the baseline.
//
//	go run ./bench/ui/idle [-tabs 17] [-window 10s]
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
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

// cpu measures pid's CPU use over window as a percentage of one core, and its RSS at the end.
func cpu(pid int, window time.Duration) (pct float64, rssKiB int64, err error) {
	c0, err := ptyscreen.CPUSeconds(pid)
	if err != nil {
		return 0, 0, err
	}
	t0 := time.Now()
	time.Sleep(window)
	c1, err := ptyscreen.CPUSeconds(pid)
	if err != nil {
		return 0, 0, err
	}
	rss, err := ptyscreen.RSSKiB(pid)
	return 100 * (c1 - c0) / time.Since(t0).Seconds(), rss, err
}

func run(bin string, tabs int, window time.Duration) error {
	if bin == "" {
		root, err := ptyscreen.ModuleRoot()
		if err != nil {
			return err
		}
		if bin, err = ptyscreen.Build(root); err != nil {
			return err
		}
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
	base, baseRSS, err := cpu(pid, window)
	if err != nil {
		return err
	}
	fmt.Printf("browser, no sessions:   CPU %.2f%% of one core over %v, RSS %d MiB\n", base, window, baseRSS/1024)

	for i := 0; i < tabs; i++ {
		if err := s.OpenShopTab(i > 0); err != nil {
			return fmt.Errorf("tab %d: %w", i, err)
		}
		if i < tabs-1 {
			if err := s.Send(ptyscreen.CtrlB + "d"); err != nil {
				return err
			}
		}
	}
	// Check the count in the browser's header, then return to the workspace.
	if err := s.Send(ptyscreen.CtrlB + "d"); err != nil {
		return err
	}
	if _, err := s.WaitText(fmt.Sprintf("%d tab(s)", tabs), ptyscreen.Timeout); err != nil {
		return err
	}
	if err := s.Send("\x1b"); err != nil {
		return err
	}
	if err := s.WaitCount(" running ", 3); err != nil {
		return err
	}
	time.Sleep(2 * time.Second) // let the shells print their prompts and settle
	pct, rss, err := cpu(pid, window)
	if err != nil {
		return err
	}
	fmt.Printf("%d idle sessions:       CPU %.2f%% of one core over %v, RSS %d MiB (target < 1%%)\n", 3*tabs, pct, window, rss/1024)
	fmt.Println(strings.Join(s.Lines()[:3], "\n"))
	return nil
}
