// Command logecho measures keystroke-to-echo latency in a shell pane while the pane beside it
// follows a log at 20,000 lines a second: the real podmux binary (200×50 pty) against a
// `podmux serve --log-interval 50us` of its own, a shell on shop/cart, split right with the
// split picker's l (cart's log, followed), focus back on the shell, then typing as bench/ui/echo
// does. The same run is made first with a log of one line a second (the anchor). The log
// pane's progress is read off the screen: its lines carry their time, so the newest one shown
// says how far podmux has drawn the log (lines drawn per second = rate × log time advanced /
// wall time) and how far it lags behind the server.
//
//	go run ./bench/ui/logecho [-duration 10s]
package main

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/podmux/podmux/bench/ui/internal/ptyscreen"
)

func main() {
	duration := flag.Duration("duration", 10*time.Second, "how long to type while the log flows")
	bin := flag.String("bin", "", "podmux binary (default: build from the module)")
	flag.Parse()
	b, err := ptyscreen.Binary(*bin)
	if err == nil {
		for _, interval := range []time.Duration{time.Second, 50 * time.Microsecond} {
			if err = run(b, *duration, interval); err != nil {
				break
			}
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "logecho:", err)
		os.Exit(1)
	}
}

const cols, rows = 200, 50

var stamp = regexp.MustCompile(`20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`)

// newestLogTime is the newest line time in the right half of the screen (the log pane).
func newestLogTime(lines []string) time.Time {
	var newest time.Time
	for _, l := range lines {
		r := []rune(l)
		if len(r) <= cols/2 {
			continue
		}
		for _, s := range stamp.FindAllString(string(r[cols/2:]), -1) {
			if t, err := time.Parse("2006-01-02T15:04:05.000Z", s); err == nil && t.After(newest) {
				newest = t
			}
		}
	}
	return newest
}

func run(bin string, duration, interval time.Duration) error {
	srv, err := ptyscreen.Serve(bin, "--log-interval", interval.String())
	if err != nil {
		return err
	}
	defer srv.Close()
	s, err := ptyscreen.StartEnv(bin, cols, rows, []string{srv.Env()}, srv.Args()...)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.WaitText(ptyscreen.ShopPodsRow, ptyscreen.Timeout); err != nil {
		return err
	}
	if err := s.Send(ptyscreen.Tab + "g" + ptyscreen.Enter); err != nil { // a shell on cart
		return err
	}
	if err := s.WaitCount(" running ", 1); err != nil {
		return err
	}
	if err := s.Send(ptyscreen.CtrlB + "%"); err != nil {
		return err
	}
	if _, err := s.WaitText("pick a pod for the pane on the right", ptyscreen.Timeout); err != nil {
		return err
	}
	if err := s.Send("l"); err != nil { // cart's log in the new pane
		return err
	}
	if _, err := s.WaitFor("the log pane following", ptyscreen.Timeout, func(l []string) bool {
		return ptyscreen.Count(l, " following ") == 1 && !newestLogTime(l).IsZero()
	}); err != nil {
		return err
	}
	if err := s.Send(ptyscreen.CtrlB + "h"); err != nil {
		return err
	}
	maxTyped, err := s.TypeSetup()
	if err != nil {
		return err
	}
	pid := s.Cmd.Process.Pid
	cpu0, err := ptyscreen.CPUSeconds(pid)
	if err != nil {
		return err
	}
	srv0, err := ptyscreen.CPUSeconds(srv.Cmd.Process.Pid)
	if err != nil {
		return err
	}
	log0, t0 := newestLogTime(s.Lines()), time.Now()
	keys, err := s.TypeUntil(duration, maxTyped, nil)
	if err != nil {
		return err
	}
	lines := s.Lines()
	log1, t1 := newestLogTime(lines), time.Now()
	cpu1, err := ptyscreen.CPUSeconds(pid)
	if err != nil {
		return err
	}
	srv1, err := ptyscreen.CPUSeconds(srv.Cmd.Process.Pid)
	if err != nil {
		return err
	}
	if ptyscreen.Count(lines, " following ") != 1 {
		return fmt.Errorf("the log pane stopped following; screen:\n%s", strings.Join(lines, "\n"))
	}
	wall := t1.Sub(t0)
	rate := float64(time.Second / interval)
	drawn := rate * log1.Sub(log0).Seconds() / wall.Seconds()
	fmt.Printf("keystroke to echo, log beside at %.0f lines/s, %v: %s (target p99 ≤ 50ms)\n", rate, duration,
		ptyscreen.Summary(ptyscreen.Latencies(keys)))
	fmt.Printf("  log drawn at %.0f lines/s (%.0f%% of the server's rate), %v behind the server at the end; CPU of one core: podmux %.0f%%, the server %.0f%%\n",
		drawn, 100*drawn/rate, t1.Sub(log1).Round(time.Millisecond), 100*(cpu1-cpu0)/wall.Seconds(), 100*(srv1-srv0)/wall.Seconds())
	return nil
}
