// Command many measures podmux holding 100 shells in 10 tabs while they flood at once: the real
// binary in a 200×50 pty, against `podmux serve` (its own process) with a fixture of one
// namespace of ten pods. Each tab holds ten tiled shells (the ten pods marked, ctrl+s). Every
// shell but the focused one of the last tab waits for a trigger file, then prints N coloured
// lines (default 50,000: seq | awk, a colour change every line) and idles; the focused shell is
// typed into, one character at a time as bench/ui/echo does, for as long as the floods run (at
// most -type). Reported: keystroke-to-echo during the flood (each echo over 50 ms with how long
// podmux's, the server's and this program's threads waited on a CPU run queue meanwhile, from
// schedstat), how long the floods took, podmux's peak RSS (VmHWM) and its CPU once everything
// is idle. It then checks the scrollback of a flooded pane: the oldest line must be the
// Nth-from-last one the pane kept (ui.scrollback_lines).
//
//	go run ./bench/ui/many [-tabs 10] [-lines 50000] [-type 20s] [-idle 10s] [-pod-nice N] [-cpuprofile FILE]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/podmux/podmux/bench/ui/internal/ptyscreen"
)

func main() {
	tabs := flag.Int("tabs", 10, "tabs of ten shells")
	lines := flag.Int("lines", 50000, "coloured lines each shell prints")
	typeFor := flag.Duration("type", 20*time.Second, "type into the focused pane for at most this long while the floods run")
	idle := flag.Duration("idle", 10*time.Second, "CPU measuring window once idle")
	bin := flag.String("bin", "", "podmux binary (default: build from the module)")
	podNice := flag.Int("pod-nice", 0, "the server's --pod-nice (0: its default)")
	flag.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the podmux UI to this file (PODMUX_CPUPROFILE)")
	flag.Parse()
	if *podNice != 0 {
		serveExtra = append(serveExtra, fmt.Sprintf("--pod-nice=%d", *podNice))
	}
	if err := run(*bin, *tabs, *lines, *typeFor, *idle); err != nil {
		fmt.Fprintln(os.Stderr, "many:", err)
		os.Exit(1)
	}
}

const podsPerTab = 10

// serveExtra are more `podmux serve` flags (-pod-nice).
var serveExtra []string

// cpuProfile, when set, is where the podmux UI writes its CPU profile (-cpuprofile).
var cpuProfile string

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

func fixture(dir string) (string, error) {
	var b strings.Builder
	b.WriteString("namespaces:\n  - name: many\n    pods:\n")
	for i := 0; i < podsPerTab; i++ {
		fmt.Fprintf(&b, "      - name: pod-%02d\n        containers:\n          - name: c\n            image: busybox\n", i)
	}
	p := filepath.Join(dir, "many.yaml")
	return p, os.WriteFile(p, []byte(b.String()), 0o644)
}

func run(bin string, tabs, lines int, typeFor, idle time.Duration) error {
	bin, err := ptyscreen.Binary(bin)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "podmux-many-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fx, err := fixture(dir)
	if err != nil {
		return err
	}
	srv, err := ptyscreen.Serve(bin, append([]string{"--fixture", fx}, serveExtra...)...)
	if err != nil {
		return err
	}
	defer srv.Close()
	env := []string{srv.Env()}
	if cpuProfile != "" {
		env = append(env, "PODMUX_CPUPROFILE="+cpuProfile)
	}
	s, err := ptyscreen.StartEnv(bin, 200, 50, env, srv.Args()...)
	if err != nil {
		return err
	}
	defer s.Close()
	pid := s.Cmd.Process.Pid
	fmt.Printf("%d shells in %d tabs, each printing %d coloured lines at once; podmux serve; %s UTC, load average %s\n",
		tabs*podsPerTab, tabs, lines, time.Now().UTC().Format("2006-01-02 15:04"), loadavg())

	trigger, done := filepath.Join(dir, "go"), filepath.Join(dir, "done")
	if err := os.Mkdir(done, 0o755); err != nil {
		return err
	}
	flood := fmt.Sprintf(`until [ -e %s ]; do sleep 0.05; done; seq 1 %d | awk '{printf "\033[3%%dm%%06d coloured line\033[0m \033[1;4%%dmbold on colour %%d\033[0m\n", $1%%8, $1, ($1+3)%%8, $1}'; mktemp %s/XXXXXX >/dev/null`,
		trigger, lines, done)
	if _, err := s.WaitText("pod-00", ptyscreen.Timeout); err != nil {
		return err
	}
	t0 := time.Now()
	for tab := 0; tab < tabs; tab++ {
		keys := "g" + strings.Repeat(" ", podsPerTab) + ptyscreen.CtrlS
		if tab == 0 {
			keys = ptyscreen.Tab + keys
		} else {
			keys = ptyscreen.CtrlB + "d" + keys
		}
		if err := s.Send(keys); err != nil {
			return err
		}
		if err := s.WaitCount(" running", podsPerTab); err != nil {
			return fmt.Errorf("tab %d: %w", tab+1, err)
		}
		if _, err := s.WaitFor("ten prompts", ptyscreen.Timeout, func(l []string) bool { return ptyscreen.Count(l, ":~#") >= podsPerTab }); err != nil {
			return fmt.Errorf("tab %d: %w", tab+1, err)
		}
		if err := s.Send(ptyscreen.CtrlB + "S"); err != nil {
			return err
		}
		if _, err := s.WaitText("SYNC", ptyscreen.Timeout); err != nil {
			return err
		}
		cmd := flood
		if tab == tabs-1 {
			// The focused shell of the last tab (pod-00's: ctrl+s focuses the first pane) is the
			// one typed into: it skips the flood.
			cmd = `[ "$HOSTNAME" = pod-00 ] || { ` + flood + `; }`
		}
		if err := s.Send(cmd + ptyscreen.Enter); err != nil {
			return err
		}
		if err := s.Send(ptyscreen.CtrlB + "S"); err != nil {
			return err
		}
		if _, err := s.WaitFor("sync off", ptyscreen.Timeout, func(l []string) bool { return ptyscreen.Count(l, "SYNC") == 0 }); err != nil {
			return err
		}
		if tab < tabs-1 {
			// Zoom the focused pane before the flood, so its size never changes afterwards and
			// checkScrollback can read its history exactly.
			if err := s.Send(ptyscreen.CtrlB + "z"); err != nil {
				return err
			}
			if _, err := s.WaitFor("one zoomed pane", ptyscreen.Timeout, func(l []string) bool { return ptyscreen.Count(l, " running") == 1 }); err != nil {
				return err
			}
		}
	}
	opened := time.Since(t0)
	maxTyped, err := s.TypeSetup()
	if err != nil {
		return err
	}
	floods := tabs*podsPerTab - 1
	fmt.Printf("opened in %v; %d floods armed\n", opened.Round(time.Millisecond), floods)

	cpu0, _ := ptyscreen.CPUSeconds(pid)
	start := time.Now()
	if err := os.WriteFile(trigger, nil, 0o644); err != nil {
		return err
	}
	finished := func() int { e, _ := os.ReadDir(done); return len(e) }
	queues := ptyscreen.SampleQueues(25*time.Millisecond, pid, srv.Cmd.Process.Pid, os.Getpid())
	keys, err := s.TypeUntil(typeFor, maxTyped, func() bool { return finished() >= floods })
	queues.Stop()
	if err != nil {
		return err
	}
	typed := time.Since(start)
	fmt.Printf("keystroke to echo in the focused pane during the flood (%v of typing, %d of %d floods done by then): %s (target p99 ≤ 50ms); load %s\n",
		typed.Round(time.Millisecond), finished(), floods, ptyscreen.Summary(ptyscreen.Latencies(keys)), loadavg())
	if slow := ptyscreen.SlowQueued(keys, start, 50*time.Millisecond, queues, "podmux", "server", "this benchmark"); slow != "" {
		fmt.Printf("  echoes over 50 ms: %s\n", slow)
	}
	for finished() < floods {
		if time.Since(start) > 10*time.Minute {
			return fmt.Errorf("only %d of %d floods finished after 10 minutes", finished(), floods)
		}
		time.Sleep(20 * time.Millisecond)
	}
	all := time.Since(start)
	// The shells are done; podmux may still be taking in what the streams hold. Settled: a
	// 500 ms stretch with under 5 % of a core.
	for {
		p, err := ptyscreen.CPUPercent(pid, 500*time.Millisecond)
		if err != nil {
			return err
		}
		if p < 5 {
			break
		}
	}
	settled := time.Since(start)
	cpu1, _ := ptyscreen.CPUSeconds(pid)
	fmt.Printf("all %d shells done printing after %v, podmux settled after %v (%.1f MB of output); podmux CPU %.1f s\n", floods, all.Round(time.Millisecond),
		settled.Round(time.Millisecond), float64(floods)*float64(lineBytes(lines))/1e6, cpu1-cpu0)
	time.Sleep(time.Second)
	pct, err := ptyscreen.CPUPercent(pid, idle)
	if err != nil {
		return err
	}
	hwm, rss := vm(pid, "VmHWM"), vm(pid, "VmRSS")
	fmt.Printf("idle after the flood: CPU %.2f%% of one core over %v (target < 1%%); peak RSS (VmHWM) %d MiB (target ≤ 300 MiB), RSS now %d MiB; load %s\n",
		pct, idle, hwm/1024, rss/1024, loadavg())

	return checkScrollback(s, tabs, 10000)
}

// lineBytes is the size of the flood's output: what awk prints, plus the tty's CR per line.
func lineBytes(n int) int {
	total := 0
	for i := 1; i <= n; i++ {
		total += len(fmt.Sprintf("\033[3%dm%06d coloured line\033[0m \033[1;4%dmbold on colour %d\033[0m\r\n", i%8, i, (i+3)%8, i))
	}
	return total
}

func vm(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, field+":"); ok {
			var kib int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kib)
			return kib
		}
	}
	return -1
}

// numRe finds a flood line's number.
var numRe = regexp.MustCompile(`(\d{6}) coloured line`)

// topNumber is the number of the first flood line on the screen, or -1.
func topNumber(l []string) int {
	for _, x := range l {
		if m := numRe.FindStringSubmatch(x); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n
		}
	}
	return -1
}

// checkScrollback checks, in each tab before the last (its focused pane flooded, zoomed since
// before the flood), the oldest line the pane kept: if the top line on screen is T, the top of
// scroll mode must be T - keep.
func checkScrollback(s *ptyscreen.Screen, tabs, keep int) error {
	ok := 0
	for tab := tabs - 1; tab >= 1; tab-- {
		if err := s.Send(ptyscreen.CtrlB + "p"); err != nil {
			return err
		}
		time.Sleep(300 * time.Millisecond)
		if _, err := s.WaitFor("a zoomed flooded pane", ptyscreen.Timeout, func(l []string) bool { return topNumber(l) > 0 }); err != nil {
			return err
		}
		top := topNumber(s.Lines())
		if err := s.Send(ptyscreen.CtrlB + "[" + "g"); err != nil {
			return err
		}
		want := top - keep
		if _, err := s.WaitFor(fmt.Sprintf("line %d at the top of the history", want), 5*time.Second, func(l []string) bool { return topNumber(l) == want }); err != nil {
			fmt.Printf("tab %d: scrollback top is line %d, want %d (screen top %d, %d kept)\n", tab, topNumber(s.Lines()), want, top, keep)
		} else {
			ok++
		}
		if err := s.Send("q"); err != nil {
			return err
		}
		time.Sleep(200 * time.Millisecond)
	}
	fmt.Printf("scrollback: %d of %d checked panes (one per tab) hold exactly their last %d lines before the screen\n", ok, tabs-1, keep)
	return nil
}
